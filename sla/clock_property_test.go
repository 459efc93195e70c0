package sla

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/servq/servq/quality"
	"pgregory.net/rapid"
)

// Properties of the clocks over random orders: random event sequences for
// the operators' clocks (pauses, target changes, reopenings, cancellations,
// deadlines, batch slots) on the 24×7 and office calendars of 2025.

// propClocks are the clocks the properties run.
func propClocks(t testing.TB) *Clocks {
	return mustCompile(t, repairClock, contactClock, overdueClock, arrivalClock, classifyClock)
}

// order is a generated order: its events in time order.
type order struct {
	events []Event
	last   time.Time
}

var propNames = []string{
	"dispatched", "status_changed", "status_changed", "status_changed", "priority_changed", "resolved",
	"reopened", "withdrawn", "customer_called", "accepted", "submitted", "forwarded",
	"appointment_agreed", "appointment_changed", "arrived", "note_added",
}

// genOrder draws an order of up to maxEvents events, sometimes repeating an
// earlier event (a duplicate delivery).
func genOrder(t *rapid.T, loc *time.Location, maxEvents int) order {
	day := rapid.IntRange(0, 364).Draw(t, "day")
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, loc).AddDate(0, 0, day).Add(time.Duration(rapid.IntRange(0, 24*60-1).Draw(t, "minute")) * time.Minute)
	facts := quality.Facts{"status": "new", "priority": "normal", "level": "city", "human_caused": false, "appointment_end": at.Add(4 * time.Hour)}
	n := rapid.IntRange(1, maxEvents).Draw(t, "events")
	var o order
	for i := range n {
		if i > 0 && rapid.IntRange(0, 9).Draw(t, "dup") == 0 {
			o.events = append(o.events, o.events[rapid.IntRange(0, len(o.events)-1).Draw(t, "which")])
			continue
		}
		// Gaps from nothing (same instant) to two days, in seconds.
		at = at.Add(time.Duration(rapid.SampledFrom([]int64{0, 1, 59, 600, 3600, 4 * 3600, 17 * 3600, 48 * 3600}).Draw(t, "gap")) * time.Second)
		name := rapid.SampledFrom(propNames).Draw(t, "name")
		next := make(quality.Facts, len(facts))
		for k, v := range facts {
			next[k] = v
		}
		switch name {
		case "status_changed":
			next["status"] = rapid.SampledFrom([]string{"pending_customer", "pending_parts", "in_progress"}).Draw(t, "status")
		case "priority_changed":
			next["priority"] = rapid.SampledFrom([]string{"urgent", "normal"}).Draw(t, "priority")
		case "appointment_agreed", "appointment_changed":
			next["appointment_end"] = at.Add(time.Duration(rapid.IntRange(-2, 72).Draw(t, "window")) * time.Hour)
		}
		facts = next
		o.events = append(o.events, Event{ID: "e" + itoa(i), At: at, Name: name, Facts: next})
	}
	o.last = at
	return o
}

// flags is what changes in a status by the passing of time: the warnings
// reached and the breaches.
type flags struct {
	reached        WarningSet
	breached, orig bool
}

func flagsOf(t *rapid.T, cs *Clocks, s State, now time.Time) []flags {
	var out []flags
	for _, name := range cs.Names() {
		st, err := cs.Status(s, name, now)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, flags{st.Reached, st.Breached, st.OriginalBreached})
	}
	return out
}

func drawAfter(t *rapid.T, from time.Time, label string) time.Time {
	return from.Add(time.Duration(rapid.Int64Range(0, 30*24*3600).Draw(t, label)) * time.Second)
}

// TestPropertyElapsedMonotone: as time passes, elapsed working time never
// decreases, and warnings and breaches once reached stay reached.
func TestPropertyElapsedMonotone(t *testing.T) {
	cs := propClocks(t)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, loc, 20)
		s := foldAll(t, cs, o.events)
		n1 := drawAfter(t, o.last, "now1")
		n2 := drawAfter(t, n1, "now2")
		for _, name := range cs.Names() {
			a, _ := cs.Status(s, name, n1)
			b, _ := cs.Status(s, name, n2)
			if b.Elapsed < a.Elapsed || a.Reached&^b.Reached != 0 || (a.Breached && !b.Breached) || (a.OriginalBreached && !b.OriginalBreached) {
				t.Fatalf("%s: at %v %+v\nlater at %v %+v", name, n1, a, n2, b)
			}
			if b.Remaining != b.Budget-b.Elapsed {
				t.Fatalf("%s: remaining %v != %v - %v", name, b.Remaining, b.Budget, b.Elapsed)
			}
		}
	})
}

// TestPropertyPauseNeverAddsTime: inserting a pause (the customer is
// awaited) anywhere in an order never increases the repair clock's elapsed
// time in any cycle.
func TestPropertyPauseNeverAddsTime(t *testing.T) {
	cs := propClocks(t)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, loc, 20)
		base, err := cs.Replay(o.events...)
		if err != nil {
			t.Fatal(err)
		}
		k := rapid.IntRange(0, len(o.events)-1).Draw(t, "after")
		at := o.events[k].At.Add(time.Duration(rapid.Int64Range(0, 3*3600).Draw(t, "offset")) * time.Second)
		// The pause carries the order's facts as they stand at its instant: those
		// of the last event applied before it (a repeated delivery is ignored).
		var prev Event
		seen := map[string]bool{}
		for _, e := range o.events {
			if !seen[e.ID] && !e.At.After(at) {
				prev = e
			}
			seen[e.ID] = true
		}
		facts := make(quality.Facts, len(prev.Facts))
		for name, v := range prev.Facts {
			facts[name] = v
		}
		facts["status"] = "pending_customer"
		pause := Event{ID: "pause", At: at, Name: "status_changed", Facts: facts}
		paused, err := cs.Replay(append(slices.Clone(o.events), pause)...)
		if err != nil {
			t.Fatal(err)
		}
		now := drawAfter(t, maxTime(o.last, at), "now")
		h1, _ := cs.History(base, "repair", now)
		h2, _ := cs.History(paused, "repair", now)
		if len(h1) != len(h2) {
			t.Fatalf("a pause changed the number of cycles: %d, %d", len(h1), len(h2))
		}
		for i := range h1 {
			if h2[i].Elapsed > h1[i].Elapsed {
				t.Fatalf("cycle %d: elapsed %v with the pause at %v, %v without", i+1, h2[i].Elapsed, at, h1[i].Elapsed)
			}
		}
	})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// TestPropertyFoldPrefix: folding all events equals folding a prefix and
// then the rest (also when the prefix state made a JSON round trip).
func TestPropertyFoldPrefix(t *testing.T) {
	cs := propClocks(t)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, loc, 25)
		a, _ := json.Marshal(foldAll(t, cs, o.events))
		pre, rest, k := foldInTwo(t, cs, o.events, rapid.Bool().Draw(t, "roundtrip"))
		if b, _ := json.Marshal(rest); string(a) != string(b) {
			t.Fatalf("prefix %d:\n%s\n%s", k, a, b)
		}
		// One event at a time is the same too, and the prefix state is unchanged
		// by folding on from it (states are values).
		one := pre
		for _, e := range o.events[k:] {
			var err error
			if one, err = cs.Fold(one, e); err != nil {
				t.Fatal(err)
			}
		}
		if c, _ := json.Marshal(one); string(a) != string(c) {
			t.Fatalf("one at a time from %d:\n%s\n%s", k, a, c)
		}
		before, _ := json.Marshal(pre)
		_, _ = cs.Fold(pre, o.events[k:]...)
		after, _ := json.Marshal(pre)
		if string(before) != string(after) {
			t.Fatalf("Fold changed the state it was given")
		}
	})
}

func roundTrip(t *rapid.T, s State) State {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

// foldAll folds events from the zero state, failing t on an error.
func foldAll(t *rapid.T, cs *Clocks, events []Event) State {
	s, err := cs.Fold(State{}, events...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// foldInTwo folds events from the zero state in two folds split at a drawn
// point, the first fold's state passed through JSON when viaJSON is set,
// and returns the state and where the events were split.
func foldInTwo(t *rapid.T, cs *Clocks, events []Event, viaJSON bool) (pre, s State, k int) {
	k = rapid.IntRange(0, len(events)).Draw(t, "prefix")
	pre = foldAll(t, cs, events[:k])
	from := pre
	if viaJSON {
		from = roundTrip(t, pre)
	}
	s, err := cs.Fold(from, events[k:]...)
	if err != nil {
		t.Fatal(err)
	}
	return pre, s, k
}

// sameAnswers fails t unless states a and b give the same histories,
// explanations and next wake-up at now.
func sameAnswers(t *rapid.T, cs *Clocks, a, b State, now time.Time) {
	for _, name := range cs.Names() {
		h1, _ := cs.History(a, name, now)
		h2, _ := cs.History(b, name, now)
		if !slices.Equal(h1, h2) {
			t.Fatalf("%s:\n%+v\n%+v", name, h1, h2)
		}
		e1, _ := cs.Explain(a, name, now)
		e2, _ := cs.Explain(b, name, now)
		if e1.String() != e2.String() {
			t.Fatalf("%s: explanations differ:\n%s\n%s", name, e1, e2)
		}
	}
	w1, ok1, _ := cs.NextWake(a, now)
	w2, ok2, _ := cs.NextWake(b, now)
	if w1 != w2 || ok1 != ok2 {
		t.Fatalf("wake-ups %v %v", w1, w2)
	}
}

// TestPropertyJSONRoundTrip: after a JSON round trip every status, history,
// wake-up and explanation is identical.
func TestPropertyJSONRoundTrip(t *testing.T) {
	cs := propClocks(t)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, loc, 20)
		s := foldAll(t, cs, o.events)
		sameAnswers(t, cs, s, roundTrip(t, s), drawAfter(t, o.last, "now"))
	})
}

// TestPropertyNextWake: the next wake-up lies after now, some status
// really changes there, and nothing changes before it.
func TestPropertyNextWake(t *testing.T) {
	cs := propClocks(t)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, loc, 20)
		s := foldAll(t, cs, o.events)
		now := drawAfter(t, o.last, "now")
		for range 3 {
			w, ok, err := cs.NextWake(s, now)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				return
			}
			if !w.After(now) {
				t.Fatalf("wake-up %v not after now %v", w, now)
			}
			atNow, before, at := flagsOf(t, cs, s, now), flagsOf(t, cs, s, w.Add(-time.Nanosecond)), flagsOf(t, cs, s, w)
			if !slices.Equal(atNow, before) {
				t.Fatalf("a status changed between now %v and the wake-up %v:\n%v\n%v", now, w, atNow, before)
			}
			if slices.Equal(before, at) {
				t.Fatalf("no status changes at the wake-up %v: %v", w, at)
			}
			now = w
		}
	})
}

// TestPropertyReplayOrder: Replay of an order's events in any order equals
// folding them in time order, when no two distinct events share an instant
// (events at one instant are applied in the order given).
func TestPropertyReplayOrder(t *testing.T) {
	cs := propClocks(t)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, loc, 15)
		for i := range o.events {
			for j := range i {
				if o.events[i].ID != o.events[j].ID && o.events[i].At.Equal(o.events[j].At) {
					return
				}
			}
		}
		inOrder := foldAll(t, cs, o.events)
		replayed, err := cs.Replay(rapid.Permutation(o.events).Draw(t, "shuffled")...)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(inOrder)
		b, _ := json.Marshal(replayed)
		if string(a) != string(b) {
			t.Fatalf("replay differs:\n%s\n%s", a, b)
		}
	})
}
