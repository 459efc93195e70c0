package sla

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzCompileClocks: clock definitions from a policy file (JSON here) never
// make CompileClocks panic; what it refuses wraps ErrClockSpec; what it
// accepts folds events and answers statuses, wake-ups and explanations
// without a panic.
func FuzzCompileClocks(f *testing.F) {
	for _, specs := range [][]ClockSpec{
		{repairClock, contactClock},
		{classifyClock, arrivalClock},
		{overdueClock, penaltyClock, answerClock},
		// More clocks than a fold keeps on its stack.
		{dispatchClock, contactClock, arrivalClock, repairClock, overdueClock, submitClock, classifyClock, superviseClock, answerClock},
	} {
		b, err := json.Marshal(specs)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"name":"x","start":[{"when":"event == \"a\" && (status == \"b\""}],"targets":[{"name":"t","calendar":"24x7","within":60000000000}]}]`))
	env := testEnv(f)
	sc := newScript(f)
	events := []Event{
		sc.ev("2025-07-01 09:00", "dispatched"),
		sc.ev("2025-07-01 09:10", "status_changed", "status", "pending_customer"),
		sc.ev("2025-07-01 10:00", "status_changed", "status", "in_progress"),
		sc.ev("2025-07-01 11:00", "submitted", "priority", "urgent"),
		sc.ev("2025-07-01 12:00", "resolved"),
	}
	now := sc.at("2025-07-02 00:00")
	f.Fuzz(func(t *testing.T, data []byte) {
		var specs []ClockSpec
		if json.Unmarshal(data, &specs) != nil {
			return
		}
		cs, err := CompileClocks(env, specs...)
		if err != nil {
			if !errors.Is(err, ErrClockSpec) {
				t.Fatalf("error without ErrClockSpec: %v", err)
			}
			return
		}
		s, err := cs.Fold(State{}, events...)
		if err != nil {
			var ee *EventError
			if !errors.As(err, &ee) {
				t.Fatalf("fold error is not an EventError: %v", err)
			}
			return
		}
		for _, name := range cs.Names() {
			if _, err := cs.Status(s, name, now); err != nil {
				t.Fatal(err)
			}
			if _, err := cs.Explain(s, name, now); err != nil {
				t.Fatal(err)
			}
		}
		if w, ok, err := cs.NextWake(s, now); err != nil || (ok && !w.After(now)) {
			t.Fatalf("NextWake = %v, %v, %v", w, ok, err)
		}
	})
}

// FuzzWithinJSON: the aggregate's decoder refuses with ErrWithin or gives a
// value that re-encodes to the same aggregate.
func FuzzWithinJSON(f *testing.F) {
	f.Add([]byte(`{"version":1,"limit_ns":15000000000,"rate":{"num":17,"den":20}}`))
	f.Add([]byte(`{"version":1,"limit_ns":1,"rate":{"num":0,"den":0}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var w Within
		if err := w.UnmarshalJSON(data); err != nil {
			if !errors.Is(err, ErrWithin) {
				t.Fatalf("error without ErrWithin: %v", err)
			}
			return
		}
		b, err := json.Marshal(w)
		if err != nil {
			t.Fatal(err)
		}
		var back Within
		if err := json.Unmarshal(b, &back); err != nil || back != w {
			t.Fatalf("round trip of %s: %v %v", b, back, err)
		}
	})
}
