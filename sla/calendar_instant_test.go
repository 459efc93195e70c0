package sla

import (
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestInstantArithmetic: the calendar's arithmetic on instants gives what
// Between and Add give on the instants' times, over the whole range events
// may have and beyond the calendar's index, with nanoseconds, on a business
// calendar and on a 24×7 one (whose working time is elapsed time).
func TestInstantArithmetic(t *testing.T) {
	env := testEnv(t)
	cals := []*Calendar{env.Calendars["office"], env.Calendars["24x7"]}
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom(cals).Draw(t, "calendar")
		near := rapid.SampledFrom([]int64{
			time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano(), // in the index
			time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC).UnixNano(),
			time.Date(2199, 12, 1, 0, 0, 0, 0, time.UTC).UnixNano(),
			time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano(), // the last instants
		}).Draw(t, "near")
		at := func(label string) instant {
			return instant(max(1, near+rapid.Int64Range(-40*24*3600e9, 40*24*3600e9).Draw(t, label)))
		}
		a, b := at("a"), at("b")
		if got, want := c.betweenInstants(a, b), c.Between(a.t(), b.t()); got != want {
			t.Fatalf("betweenInstants(%v, %v) = %v, Between %v", a.t(), b.t(), got, want)
		}
		d := time.Duration(rapid.Int64Range(-60*24*3600e9, 60*24*3600e9).Draw(t, "d"))
		if got, want := c.addInstant(a, d), instantOf(c.Add(a.t(), d)); got != want {
			t.Fatalf("addInstant(%v, %v) = %v, Add %v", a.t(), d, got.t(), want.t())
		}
	})
	// The ends: none, the last instants, and budgets that run past them.
	for _, c := range cals {
		if got, want := c.betweenInstants(0, 1e18), c.Between(instant(0).t(), instant(1e18).t()); got != want {
			t.Errorf("%s: betweenInstants from none = %v, Between %v", c.Name(), got, want)
		}
		for _, at := range []instant{1, 1e18, (math.MaxInt64/1e9-1)*1e9 - 1, (math.MaxInt64/1e9-1)*1e9 + 5e8, math.MaxInt64 - 1} {
			for _, d := range []time.Duration{0, 1, -1, time.Second, math.MaxInt64, math.MinInt64, maxSpan, -maxSpan} {
				if got, want := c.addInstant(at, d), instantOf(c.Add(at.t(), d)); got != want {
					t.Errorf("%s: addInstant(%d, %v) = %d, Add %d", c.Name(), at, d, got, want)
				}
			}
		}
	}
}
