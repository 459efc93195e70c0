package sla

import (
	"testing"
	"time"
)

// TestTargetChangeKeepElapsed: priority raised mid-way. The elapsed working
// time is recounted on the new target's calendar over the same running
// stretches, the due instant is recomputed from the new budget, and the
// original target and its due instant stay in the status.
func TestTargetChangeKeepElapsed(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	// t0 Tue 09:00 normal: 8 office hours → 09:00–12:00 (3h) + 13:30–17:30 (4h)
	// + Wed 08:30–09:30 (1h): due Wed 09:30.
	// t1 Tue 11:00 urgent: 4h on 24×7 with 2h already elapsed: due Tue 13:00.
	// t2 Tue 13:30 the current target is missed (since 13:00), the original not.
	// t3 Tue 14:00 resolved.
	s := mustFold(t, cs, State{}, sc.ev("2025-07-01 09:00", "dispatched"))
	st := mustStatus(t, cs, s, "repair", sc.at("2025-07-01 11:00"))
	if st.Target != "normal" || !st.Due.Equal(sc.at("2025-07-02 09:30")) || st.Elapsed != 2*time.Hour {
		t.Fatalf("before: %+v", st)
	}
	s = mustFold(t, cs, s, sc.ev("2025-07-01 11:00", "priority_changed", "priority", "urgent"))
	st = mustStatus(t, cs, s, "repair", sc.at("2025-07-01 11:00"))
	if st.Target != "urgent" || st.OriginalTarget != "normal" || st.Elapsed != 2*time.Hour || st.Budget != 4*time.Hour ||
		!st.Due.Equal(sc.at("2025-07-01 13:00")) || !st.OriginalDue.Equal(sc.at("2025-07-02 09:30")) {
		t.Fatalf("after the change: %+v", st)
	}
	st = mustStatus(t, cs, s, "repair", sc.at("2025-07-01 13:30"))
	if !st.Breached || !st.BreachedAt.Equal(sc.at("2025-07-01 13:00")) || st.OriginalBreached {
		t.Fatalf("at 13:30: %+v", st)
	}
	if w, ok, _ := cs.NextWake(s, sc.at("2025-07-01 13:30")); !ok || !w.Equal(sc.at("2025-07-02 09:30").Add(time.Nanosecond)) {
		t.Errorf("next wake-up %v, want the original target's breach", w)
	}
	s = mustFold(t, cs, s, sc.ev("2025-07-01 14:00", "resolved"))
	st = mustStatus(t, cs, s, "repair", sc.at("2025-07-03 00:00"))
	if st.Phase != Stopped || !st.Breached || st.OriginalBreached || st.Elapsed != 5*time.Hour ||
		!st.OriginalDue.Equal(sc.at("2025-07-02 09:30")) {
		t.Fatalf("stopped: %+v", st)
	}
	tl, err := cs.Explain(s, "repair", sc.at("2025-07-03 00:00"))
	if err != nil {
		t.Fatal(err)
	}
	if !hasMark(tl, MarkTargetChanged, "normal -> urgent", sc.at("2025-07-01 11:00")) || !hasMark(tl, MarkBreached, "urgent", sc.at("2025-07-01 13:00")) {
		t.Errorf("timeline:\n%v", tl)
	}
}

// TestTargetChangeLowered: priority lowered after the urgent target was
// missed. Under the new, larger budget the order is no longer late; the
// original (urgent) target stays missed.
func TestTargetChangeLowered(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-07-01 09:00", "dispatched", "priority", "urgent"),
		sc.ev("2025-07-01 14:00", "priority_changed", "priority", "normal"))
	st := mustStatus(t, cs, s, "repair", sc.at("2025-07-01 14:00"))
	// Office time 09:00–12:00 and 13:30–14:00: 3h30; 4h30 left → Wed 09:30.
	if st.Target != "normal" || st.Breached || st.Elapsed != 3*time.Hour+30*time.Minute || !st.Due.Equal(sc.at("2025-07-02 09:30")) ||
		!st.OriginalBreached || !st.OriginalBreachedAt.Equal(sc.at("2025-07-01 13:00")) {
		t.Fatalf("%+v", st)
	}
}

// TestTargetChangeAlreadyMissed: the new budget was used up in the past, so
// the order is breached since that instant.
func TestTargetChangeAlreadyMissed(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-07-01 09:00", "dispatched"),
		sc.ev("2025-07-01 10:00", "status_changed", "status", "pending_customer"),
		sc.ev("2025-07-01 11:00", "status_changed", "status", "in_progress"),
		sc.ev("2025-07-02 10:00", "priority_changed", "priority", "urgent"))
	st := mustStatus(t, cs, s, "repair", sc.at("2025-07-02 10:00"))
	// 24×7 running time: 09:00–10:00 and Tue 11:00 → Wed 10:00: 24h; 4h were
	// reached at Tue 14:00.
	if st.Elapsed != 24*time.Hour || !st.Breached || !st.BreachedAt.Equal(sc.at("2025-07-01 14:00")) || !st.Due.Equal(sc.at("2025-07-01 14:00")) {
		t.Fatalf("%+v", st)
	}
	// The original target (normal, office hours) has 7h30 used by Wed 10:00
	// (1h, a pause, 1h, 4h on Tuesday, 1h30 on Wednesday): due Wed 10:30.
	if w, ok, _ := cs.NextWake(s, sc.at("2025-07-02 10:00")); !ok || !w.Equal(sc.at("2025-07-02 10:30").Add(time.Nanosecond)) ||
		!st.OriginalDue.Equal(sc.at("2025-07-02 10:30")) {
		t.Errorf("next wake-up %v, original due %v", w, st.OriginalDue)
	}
}

// TestTargetChangeKeepFirst: with KeepFirst, the target chosen at the start
// stays.
func TestTargetChangeKeepFirst(t *testing.T) {
	spec := repairClock
	spec.OnTargetChange = KeepFirst
	cs := mustCompile(t, spec)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-07-01 09:00", "dispatched"),
		sc.ev("2025-07-01 11:00", "priority_changed", "priority", "urgent"))
	st := mustStatus(t, cs, s, "repair", sc.at("2025-07-01 15:00"))
	if st.Target != "normal" || st.OriginalTarget != "normal" || st.Breached || !st.Due.Equal(sc.at("2025-07-02 09:30")) {
		t.Fatalf("%+v", st)
	}
}

// TestDeadlineRescheduled: the customer moves the appointment; the new
// window end is a target change, and the original due instant is kept.
func TestDeadlineRescheduled(t *testing.T) {
	cs := mustCompile(t, arrivalClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-07-01 09:20", "appointment_agreed", "appointment_end", sc.at("2025-07-01 12:00")),
		sc.ev("2025-07-01 11:00", "appointment_changed", "appointment_end", sc.at("2025-07-01 18:00")),
		sc.ev("2025-07-01 17:00", "arrived"))
	st := mustStatus(t, cs, s, "arrival", sc.at("2025-07-02 00:00"))
	if !st.Met() || !st.Due.Equal(sc.at("2025-07-01 18:00")) || !st.OriginalDue.Equal(sc.at("2025-07-01 12:00")) ||
		!st.OriginalBreached || st.Budget != 8*time.Hour+40*time.Minute {
		t.Fatalf("%+v", st)
	}
}

func hasMark(tl Timeline, k MarkKind, detail string, at time.Time) bool {
	for _, m := range tl.Marks {
		if m.Kind == k && m.Detail == detail && m.At.Equal(at) {
			return true
		}
	}
	return false
}
