package sla

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestStateJSONRoundTrip: a state with every feature (cycles, pauses,
// target changes, breaches) encodes, decodes and re-encodes to the same
// bytes, and every status, wake-up and explanation is identical afterwards.
func TestStateJSONRoundTrip(t *testing.T) {
	cs := mustCompile(t, repairClock, contactClock, classifyClock, arrivalClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-07-01 09:00:00.123456789", "dispatched", "appointment_end", sc.at("2025-07-01 12:00")),
		sc.ev("2025-07-01 09:05", "appointment_agreed"),
		sc.ev("2025-07-01 09:30", "submitted"),
		sc.ev("2025-07-01 10:00", "status_changed", "status", "pending_customer"),
		sc.ev("2025-07-01 11:00", "status_changed", "status", "in_progress"),
		sc.ev("2025-07-01 11:30", "priority_changed", "priority", "urgent"),
		sc.ev("2025-07-01 12:00", "customer_called"),
		sc.ev("2025-07-01 18:00", "resolved"),
		sc.ev("2025-07-02 09:00", "reopened"),
	)
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Fatalf("re-encoding differs:\n%s\n%s", b, b2)
	}
	if !strings.HasPrefix(string(b), `{"version":1,`) {
		t.Errorf("no version first: %s", b[:20])
	}
	for _, now := range []string{"2025-07-02 09:00", "2025-07-02 12:00", "2025-07-09 00:00"} {
		at := sc.at(now)
		for _, name := range cs.Names() {
			h1, err1 := cs.History(s, name, at)
			h2, err2 := cs.History(back, name, at)
			if err1 != nil || err2 != nil || len(h1) != len(h2) {
				t.Fatal(err1, err2)
			}
			for i := range h1 {
				if h1[i] != h2[i] {
					t.Errorf("%s cycle %d at %s:\n%+v\n%+v", name, i+1, now, h1[i], h2[i])
				}
			}
			tl1, _ := cs.Explain(s, name, at)
			tl2, _ := cs.Explain(back, name, at)
			if tl1.String() != tl2.String() {
				t.Errorf("explanations differ")
			}
		}
		w1, ok1, _ := cs.NextWake(s, at)
		w2, ok2, _ := cs.NextWake(back, at)
		if w1 != w2 || ok1 != ok2 {
			t.Errorf("wake-ups differ: %v %v", w1, w2)
		}
	}
	// Folding on from the decoded state gives the same as from the original.
	next := sc.ev("2025-07-02 10:00", "resolved")
	if !sameJSON(t, mustFold(t, cs, s, next), mustFold(t, cs, back, next)) {
		t.Errorf("fold after a round trip differs")
	}
	var zero State
	zb, _ := json.Marshal(State{})
	if err := json.Unmarshal(zb, &zero); err != nil || !zero.IsZero() {
		t.Errorf("zero state: %s %v", zb, err)
	}
}

// TestStateJSONRefuses: decoding refuses other versions, unknown fields and
// inconsistent states.
func TestStateJSONRefuses(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{}, sc.ev("2025-07-01 09:00", "dispatched"), sc.ev("2025-07-01 10:00", "resolved"))
	good, _ := json.Marshal(s)
	tests := map[string]func(string) string{
		"version":      func(j string) string { return strings.Replace(j, `"version":1`, `"version":2`, 1) },
		"unknown":      func(j string) string { return strings.Replace(j, `"version":1`, `"version":1,"x":1`, 1) },
		"phase":        func(j string) string { return strings.Replace(j, `"phase":"stopped"`, `"phase":"sleeping"`, 1) },
		"open ended":   func(j string) string { return strings.Replace(j, `"phase":"stopped"`, `"phase":"running"`, 1) },
		"time":         func(j string) string { return strings.Replace(j, `"start":"2025`, `"start":"x2025`, 1) },
		"repeated ids": func(j string) string { return strings.Replace(j, `"seen":["e1","e2"]`, `"seen":["e2","e2"]`, 1) },
		"no spans": func(j string) string {
			return strings.Replace(j, `"spans":[{"at":"2025-07-01T01:00:00Z"}]`, `"spans":[]`, 1)
		},
		"target index": func(j string) string { return strings.Replace(j, `"target":1,`, `"target":-1,`, 1) },
		"not json":     func(j string) string { return j[:len(j)/2] },
	}
	for name, mod := range tests {
		bad := mod(string(good))
		if bad == string(good) {
			t.Fatalf("%s: no change to %s", name, good)
		}
		var st State
		if err := st.UnmarshalJSON([]byte(bad)); !errors.Is(err, ErrInvalidState) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A decodable state with a target index beyond the definitions is a mismatch.
	var st State
	if err := json.Unmarshal([]byte(strings.Replace(string(good), `"target":1,`, `"target":5,`, 1)), &st); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Status(st, "repair", sc.at("2025-07-02 00:00")); !errors.Is(err, ErrStateMismatch) {
		t.Errorf("target index beyond the definitions: %v", err)
	}
}

// FuzzStateJSON: the decoder never panics, and whatever it accepts
// re-encodes to a fixed point and can be used by the clocks without a panic.
func FuzzStateJSON(f *testing.F) {
	cs := mustCompile(f, repairClock, contactClock)
	sc := newScript(f)
	s := mustFold(f, cs, State{},
		sc.ev("2025-07-01 09:00", "dispatched"),
		sc.ev("2025-07-01 10:00", "status_changed", "status", "pending_customer"),
		sc.ev("2025-07-01 11:00", "status_changed", "status", "in_progress"),
		sc.ev("2025-07-01 12:00", "priority_changed", "priority", "urgent"))
	b, _ := json.Marshal(s)
	f.Add(b)
	zb, _ := json.Marshal(State{})
	f.Add(zb)
	f.Add([]byte(`{"version":1,"last":"","seen":[],"clocks":[]}`))
	now, lo := sc.at("2025-07-03 00:00"), sc.at("2020-01-01 00:00")
	f.Fuzz(func(t *testing.T, data []byte) {
		var st State
		if err := st.UnmarshalJSON(data); err != nil {
			if !errors.Is(err, ErrInvalidState) {
				t.Fatalf("error without ErrInvalidState: %v", err)
			}
			return
		}
		b1, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		var again State
		if err := json.Unmarshal(b1, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", b1, err)
		}
		if b2, _ := json.Marshal(again); string(b1) != string(b2) {
			t.Fatalf("not a fixed point:\n%s\n%s", b1, b2)
		}
		// The clocks must refuse or answer, never panic. Explanations allocate
		// one piece per working stretch, so keep to states within a few years
		// (a state spanning centuries is valid but slow to explain).
		if now.Before(st.LastEvent()) || !instantsWithin(st, lo, now) {
			return
		}
		for _, name := range cs.Names() {
			_, _ = cs.Status(st, name, now)
			_, _ = cs.History(st, name, now)
			_, _ = cs.Explain(st, name, now)
		}
		_, _, _ = cs.NextWake(st, now)
		_, _ = cs.Fold(st, Event{ID: "fuzz", At: now, Name: "resolved", Facts: sc.facts})
	})
}

// instantsWithin reports whether every instant of the state lies in [lo, hi].
func instantsWithin(s State, lo, hi time.Time) bool {
	ok := func(i instant) bool { return i == 0 || (i >= instantOf(lo) && i <= instantOf(hi)) }
	good := ok(s.last)
	for _, c := range s.clocks {
		for _, cy := range c.cycles {
			good = good && ok(cy.start) && ok(cy.end)
			for _, sp := range cy.spans {
				good = good && ok(sp.at)
			}
			for _, ch := range cy.changes {
				good = good && ok(ch.at) && ok(ch.due)
			}
			for _, tr := range []track{cy.cur, cy.orig} {
				good = good && ok(tr.mark) && ok(tr.due) && ok(tr.breachedAt)
			}
		}
	}
	return good
}
