package sla

import (
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestInstantArithmetic: the calendar's arithmetic on instants gives what
// Between and Add give on the instants' times, over the whole range events
// may have and beyond the calendar's index, with nanoseconds.
func TestInstantArithmetic(t *testing.T) {
	env := testEnv(t)
	cals := []*Calendar{env.Calendars["office"], env.Calendars["24x7"]}
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom(cals).Draw(t, "calendar")
		near := rapid.SampledFrom([]int64{
			time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano(), // in the index
			time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC).UnixNano(),
			time.Date(2199, 12, 1, 0, 0, 0, 0, time.UTC).UnixNano(),
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
	// The ends: none, and budgets that run past the years of instants.
	c := cals[0]
	if got, want := c.betweenInstants(0, 1e18), c.Between(instant(0).t(), instant(1e18).t()); got != want {
		t.Errorf("betweenInstants from none = %v, Between %v", got, want)
	}
	for _, d := range []time.Duration{math.MaxInt64, math.MinInt64, maxSpan} {
		if got, want := c.addInstant(1e18, d), instantOf(c.Add(instant(1e18).t(), d)); got != want {
			t.Errorf("addInstant(%v) = %v, Add %v", d, got, want)
		}
	}
}
