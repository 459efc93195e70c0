package sla

import (
	"encoding/json"
	"testing"
	"time"
)

// TestEventInstantMatchesValidate: the fold's quick check of an event's
// instant accepts exactly the instants Event.validate accepts, and gives
// the same instant as instantOf.
func TestEventInstantMatchesValidate(t *testing.T) {
	if got := time.Unix(maxEventUnix, 0).UTC(); !got.Equal(maxEventTime) {
		t.Fatalf("maxEventUnix is %v, want %v", got, maxEventTime)
	}
	sh := shanghai(t)
	for _, at := range []time.Time{
		{}, time.Unix(0, 0), time.Unix(0, 1), time.Unix(0, 2), time.Unix(-1, 999_999_999), time.Unix(1, 0),
		time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(2025, 7, 1, 9, 0, 0, 0, sh),
		maxEventTime.Add(-1), maxEventTime, maxEventTime.Add(1), time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		e := Event{ID: "x", Name: "y", At: at}
		got, ok := eventInstant(at)
		valid := e.validate() == nil
		if ok != valid || (ok && got != instantOf(at)) {
			t.Errorf("%v: eventInstant %d %v, validate %v, instantOf %d", at, got, ok, valid, instantOf(at))
		}
	}
}

// TestFoldLeavesItsInputAlone: folds from one state in different ways
// (cycles shared with the state folded from, an open cycle's spans and
// changes moved to new storage when an event adds to them) never change the
// state folded from, nor each other.
func TestFoldLeavesItsInputAlone(t *testing.T) {
	cs, events, sc := benchOrder(t)
	enc := func(s State) string {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for k := 0; k <= len(events); k++ {
		base := mustFold(t, cs, State{}, events[:k]...)
		before := enc(base)
		rest := mustFold(t, cs, base, events[k:]...)
		restJSON := enc(rest)
		// Another future of the same state: one by one, then pauses,
		// resumes and a priority change of its own.
		other := base
		for _, e := range events[k:] {
			other = mustFold(t, cs, other, e)
		}
		extra := []Event{
			sc.ev("2025-07-03 09:00", "status_changed", "status", "pending_customer"),
			sc.ev("2025-07-03 10:00", "status_changed", "status", "in_progress"),
			sc.ev("2025-07-03 11:00", "priority_changed", "priority", "normal"),
			sc.ev("2025-07-03 12:00", "reopened"),
			sc.ev("2025-07-03 13:00", "status_changed", "status", "pending_parts"),
		}
		_ = mustFold(t, cs, base, extra...)
		_ = mustFold(t, cs, rest, extra...)
		if enc(other) != restJSON {
			t.Errorf("k=%d: one by one differs from all at once", k)
		}
		if got := enc(base); got != before {
			t.Errorf("k=%d: the state folded from changed", k)
		}
		if got := enc(rest); got != restJSON {
			t.Errorf("k=%d: a fold's result changed when another fold started from it", k)
		}
	}
}

// TestFoldAllocs: the allocations of a fold (a regression guard for the
// figures in the benchmarks: the state's ids, its clocks, and the arrays
// its cycles, spans and target changes are put in).
func TestFoldAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	cs, events, _ := benchOrder(t)
	s19 := mustFold(t, cs, State{}, events[:19]...)
	last := events[19]
	for _, tt := range []struct {
		name string
		f    func()
		max  float64
	}{
		{"20 events", func() { _, _ = cs.Fold(State{}, events...) }, 5},
		// One event passed as a variadic argument: the events do not
		// escape, so the call allocates no slice for them.
		{"one more", func() { _, _ = cs.Fold(s19, last) }, 3},
	} {
		if n := testing.AllocsPerRun(50, tt.f); n > tt.max {
			t.Errorf("%s: %v allocations, want at most %v", tt.name, n, tt.max)
		}
	}
}
