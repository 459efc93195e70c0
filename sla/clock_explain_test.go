package sla

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var updateClocks = flag.Bool("update-clocks", false, "rewrite the clocks' golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update-clocks.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateClocks {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-clocks to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update-clocks to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestExplainRepairAcrossNationalDay: a normal repair on the office
// calendar, paused for the customer, across the National Day holiday.
//
//	t0 Mon 29 Sep 16:00  dispatched (normal: 8 office hours)
//	t1 Tue 30 Sep 10:00  waiting for the customer (3h used)
//	t2 Wed  1 Oct 10:00  work resumed, in the holiday (closed 1–8 Oct)
//	t3 Thu  9 Oct 16:00  resolved: due at 15:00, missed
func TestExplainRepairAcrossNationalDay(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-09-29 16:00", "dispatched"),
		sc.ev("2025-09-30 10:00", "status_changed", "status", "pending_customer"),
		sc.ev("2025-10-01 10:00", "status_changed", "status", "in_progress"),
		sc.ev("2025-10-09 16:00", "resolved"),
	)
	now := sc.at("2025-10-10 00:00")
	tl, err := cs.Explain(s, "repair", now)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "clock_explain_national_day.golden", tl.String())

	var counted, paused time.Duration
	for _, p := range tl.Pieces {
		switch {
		case p.Counted:
			counted += p.Length()
		case p.Reason == "paused: waiting for customer":
			paused += p.Length()
		}
	}
	st := mustStatus(t, cs, s, "repair", now)
	if counted != st.Elapsed || counted != 8*time.Hour+time.Hour || paused != 24*time.Hour {
		t.Errorf("counted %v (status %v), paused %v", counted, st.Elapsed, paused)
	}
	if !st.Breached || !st.Due.Equal(sc.at("2025-10-09 15:00")) {
		t.Errorf("status %+v", st)
	}
	for _, m := range []struct {
		k      MarkKind
		detail string
		at     string
	}{
		{MarkStarted, "normal", "2025-09-29 16:00"},
		{MarkPaused, "waiting for customer", "2025-09-30 10:00"},
		{MarkResumed, "", "2025-10-01 10:00"},
		{MarkWarning, "half", "2025-10-09 09:30"},
		{MarkWarning, "1h before", "2025-10-09 14:00"},
		{MarkBreached, "normal", "2025-10-09 15:00"},
		{MarkStopped, "", "2025-10-09 16:00"},
	} {
		if !hasMark(tl, m.k, m.detail, sc.at(m.at)) {
			t.Errorf("no mark %v %q at %s", m.k, m.detail, m.at)
		}
	}
	for i := 1; i < len(tl.Pieces); i++ {
		if !tl.Pieces[i].From.Equal(tl.Pieces[i-1].To) {
			t.Errorf("gap between pieces %d and %d", i-1, i)
		}
	}
	for i := 1; i < len(tl.Marks); i++ {
		if tl.Marks[i].At.Before(tl.Marks[i-1].At) {
			t.Errorf("marks out of order")
		}
	}
}

func TestExplainNotStarted(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	tl, err := cs.Explain(State{}, "repair", sc.at("2025-10-10 00:00"))
	if err != nil || len(tl.Pieces) != 0 || len(tl.Marks) != 0 || tl.Clock != "repair" {
		t.Errorf("%+v %v", tl, err)
	}
	if _, err := cs.Explain(State{}, "x", sc.at("2025-10-10 00:00")); err == nil {
		t.Errorf("unknown clock explained")
	}
	for k := MarkInvalid; k <= MarkReset+1; k++ {
		if k.String() == "" {
			t.Errorf("empty name for mark kind %d", k)
		}
	}
}

// TestDocWorkedExample checks the figures of the worked example in the
// package documentation (# Clocks).
func TestDocWorkedExample(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	t0 := sc.ev("2025-09-29 16:00", "dispatched")
	t1 := sc.ev("2025-09-30 10:00", "status_changed", "status", "pending_customer")
	paused := mustFold(t, cs, State{}, t0, t1)
	if w, ok, _ := cs.NextWake(paused, sc.at("2025-09-30 12:00")); ok {
		t.Errorf("wake-up %v while paused", w)
	}
	t2 := sc.ev("2025-10-01 10:00", "status_changed", "status", "in_progress")
	s := mustFold(t, cs, paused, t2)
	now := sc.at("2025-10-01 10:00")
	var wakes []time.Time
	for {
		w, ok, err := cs.NextWake(s, now)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		wakes = append(wakes, w)
		now = w
	}
	want := []time.Time{sc.at("2025-10-09 09:30"), sc.at("2025-10-09 14:00"), sc.at("2025-10-09 15:00").Add(time.Nanosecond)}
	if len(wakes) != len(want) {
		t.Fatalf("wake-ups %v, want %v", wakes, want)
	}
	for i := range want {
		if !wakes[i].Equal(want[i]) {
			t.Errorf("wake-up %d at %v, want %v", i, wakes[i], want[i])
		}
	}
	st := mustStatus(t, cs, mustFold(t, cs, s, sc.ev("2025-10-09 16:00", "resolved")), "repair", sc.at("2025-10-10 00:00"))
	if st.Elapsed != 9*time.Hour || !st.Breached || !st.BreachedAt.Equal(sc.at("2025-10-09 15:00")) {
		t.Errorf("at t3: %+v", st)
	}
	// The priority raised at t2 instead.
	urgent := t2
	urgent.Facts = map[string]any{"status": "in_progress", "priority": "urgent", "level": "city", "human_caused": false, "appointment_end": time.Time{}}
	u := mustFold(t, cs, paused, urgent)
	st = mustStatus(t, cs, u, "repair", sc.at("2025-10-01 10:00"))
	if st.Target != "urgent" || st.Elapsed != 18*time.Hour || !st.Breached || !st.BreachedAt.Equal(sc.at("2025-09-29 20:00")) ||
		st.OriginalTarget != "normal" || !st.OriginalDue.Equal(sc.at("2025-10-09 15:00")) || st.OriginalBreached {
		t.Errorf("urgent at t2: %+v", st)
	}
}
