package sla

import (
	"encoding/json"
	"maps"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Properties of not-before targets over random orders: the operators' clocks
// of the other properties plus clocks with not_before rules, on orders whose
// appointment window (appointment_start, appointment_end) is agreed and
// moved at random.

// earlyPropClocks are propClocks and the window and visit clocks with their
// not_before rules, and a window clock on the office calendar that keeps its
// first target.
func earlyPropClocks(t testing.TB) *Clocks { return earlyPropClocksIn(t, earlyEnv(t)) }

func earlyPropClocksIn(t testing.TB, env ClockEnv) *Clocks {
	office := windowClock
	office.Name = "window office"
	office.Start = []Condition{{When: `event in ["appointment_agreed", "appointment_changed"]`}}
	office.OnTargetChange = KeepFirst
	office.Targets = []TargetSpec{
		{Name: "urgent", When: `priority == "urgent"`, Calendar: "24x7", Within: 2 * time.Hour, NotBefore: "appointment_start"},
		{Name: "window", Calendar: "office", Deadline: "appointment_end", NotBefore: "appointment_start"},
	}
	cs, err := CompileClocks(env, repairClock, contactClock, overdueClock, arrivalClock, classifyClock, windowClock, visitClock, office)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// withoutNotBefore returns the clocks cs with no not_before rule, in the
// same environment (so that statuses compare equal with ==).
func withoutNotBefore(t testing.TB, cs *Clocks, env ClockEnv) *Clocks {
	specs := cs.Specs()
	for i := range specs {
		for j := range specs[i].Targets {
			specs[i].Targets[j].NotBefore = ""
		}
	}
	out, err := CompileClocks(env, specs...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// genEarlyOrder draws an order as genOrder does, with an appointment start
// 0 to 3 hours before the appointment's end, drawn again whenever the
// appointment is agreed or changed, and sometimes alone (the start moves,
// the end stays). A repeated delivery repeats its original.
func genEarlyOrder(t *rapid.T, loc *time.Location, maxEvents int) order {
	o := genOrder(t, loc, maxEvents)
	var start time.Time
	byID := map[string]Event{}
	var end any
	for i, e := range o.events {
		if prev, ok := byID[e.ID]; ok {
			o.events[i] = prev
			continue
		}
		facts := maps.Clone(e.Facts)
		moved := e.Facts["appointment_end"] != end
		end = e.Facts["appointment_end"]
		if start.IsZero() || moved || rapid.IntRange(0, 5).Draw(t, "start moves alone?") == 0 {
			start = end.(time.Time).Add(-time.Duration(rapid.IntRange(0, 3).Draw(t, "window hours")) * time.Hour)
		}
		facts["appointment_start"] = start
		e.Facts = facts
		o.events[i] = e
		byID[e.ID] = e
	}
	return o
}

// TestPropertyEarlyJSONRoundTrip: with not-before instants in the state,
// the JSON encoding is a fixed point, every status, history, explanation
// and wake-up is identical after a round trip, and folding on from a
// decoded prefix state gives the same state as folding everything.
func TestPropertyEarlyJSONRoundTrip(t *testing.T) {
	cs := earlyPropClocks(t)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genEarlyOrder(t, loc, 20)
		s := foldAll(t, cs, o.events)
		b, _ := json.Marshal(s)
		back := roundTrip(t, s)
		if b2, _ := json.Marshal(back); string(b) != string(b2) {
			t.Fatalf("re-encoding differs:\n%s\n%s", b, b2)
		}
		sameAnswers(t, cs, s, back, drawAfter(t, o.last, "now"))
		_, rest, k := foldInTwo(t, cs, o.events, true)
		if r, _ := json.Marshal(rest); string(r) != string(b) {
			t.Fatalf("prefix %d then the rest:\n%s\n%s", k, r, b)
		}
	})
}

// TestPropertyEarlyVerdict: a cycle is early exactly when it stopped
// strictly before its not-before instant, met exactly when stopped neither
// breached nor early; the not-before instant is that of the facts of the
// last event that chose the target (for the original target, of the first);
// and being early does not change as time passes.
func TestPropertyEarlyVerdict(t *testing.T) {
	cs := earlyPropClocks(t)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genEarlyOrder(t, loc, 20)
		s := foldAll(t, cs, o.events)
		n1 := drawAfter(t, o.last, "now1")
		n2 := drawAfter(t, n1, "now2")
		for _, name := range []string{"window", "visit", "window office", "repair"} {
			h1, _ := cs.History(s, name, n1)
			h2, _ := cs.History(s, name, n2)
			for i, st := range h1 {
				for _, v := range []struct {
					early bool
					nb    time.Time
				}{{st.Early, st.NotBefore}, {st.OriginalEarly, st.OriginalNotBefore}} {
					want := st.Phase == Stopped && !v.nb.IsZero() && st.Ended.Before(v.nb)
					if v.early != want {
						t.Fatalf("%s cycle %d: early %v, want %v: %+v", name, i+1, v.early, want, st)
					}
				}
				if st.Met() != (st.Phase == Stopped && !st.Breached && !st.Early) {
					t.Fatalf("%s cycle %d: met %v: %+v", name, i+1, st.Met(), st)
				}
				if (name == "repair") != st.NotBefore.IsZero() || (name == "repair") != st.OriginalNotBefore.IsZero() {
					t.Fatalf("%s cycle %d: not before %v, original %v", name, i+1, st.NotBefore, st.OriginalNotBefore)
				}
				if h2[i].Early != st.Early || h2[i].OriginalEarly != st.OriginalEarly || !h2[i].NotBefore.Equal(st.NotBefore) {
					t.Fatalf("%s cycle %d changed with time:\n%+v\n%+v", name, i+1, st, h2[i])
				}
			}
		}
		// The current not-before instant of an open window cycle is the
		// appointment start of the last event applied (KeepElapsed: every event
		// chooses the target again), that of the office window the start when
		// its cycle began (KeepFirst).
		var last time.Time // of the last event applied: a repeated delivery is ignored
		seen := map[string]bool{}
		for _, e := range o.events {
			if !seen[e.ID] {
				last = e.Facts["appointment_start"].(time.Time)
			}
			seen[e.ID] = true
		}
		if st, _ := cs.Status(s, "window", n1); st.Phase.Open() && !st.NotBefore.Equal(last) {
			t.Fatalf("window: not before %v, last start %v", st.NotBefore, last)
		}
		if st, _ := cs.Status(s, "window office", n1); st.Phase.Open() && !st.NotBefore.Equal(st.OriginalNotBefore) {
			t.Fatalf("window office keeps its first target: not before %v, original %v", st.NotBefore, st.OriginalNotBefore)
		}
	})
}

// TestPropertyNotBeforeChangesNothingElse: the same clocks without their
// not_before rules give the same statuses but for the not-before fields,
// Early and Met: a lower bound never moves a due instant, a breach, the
// elapsed time or a warning, even when a moved window start re-chooses the
// target.
func TestPropertyNotBeforeChangesNothingElse(t *testing.T) {
	env := earlyEnv(t)
	with := earlyPropClocksIn(t, env)
	without := withoutNotBefore(t, with, env)
	loc := shanghai(t)
	rapid.Check(t, func(t *rapid.T) {
		o := genEarlyOrder(t, loc, 20)
		s1, err := with.Fold(State{}, o.events...)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := without.Fold(State{}, o.events...)
		if err != nil {
			t.Fatal(err)
		}
		now := drawAfter(t, o.last, "now")
		for _, name := range with.Names() {
			h1, _ := with.History(s1, name, now)
			h2, _ := without.History(s2, name, now)
			if len(h1) != len(h2) {
				t.Fatalf("%s: %d cycles, %d without not_before", name, len(h1), len(h2))
			}
			for i := range h1 {
				a, b := h1[i], h2[i]
				a.NotBefore, a.Early, a.OriginalNotBefore, a.OriginalEarly = time.Time{}, false, time.Time{}, false
				a.clock, b.clock = nil, nil
				if a != b {
					t.Fatalf("%s cycle %d:\n%+v\n%+v", name, i+1, a, b)
				}
			}
		}
		w1, ok1, _ := with.NextWake(s1, now)
		w2, ok2, _ := without.NextWake(s2, now)
		if !w1.Equal(w2) || ok1 != ok2 {
			t.Fatalf("wake-ups %v %v", w1, w2)
		}
	})
}
