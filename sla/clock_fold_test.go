package sla

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/servq/servq/quality"
)

// TestRepairPausesScript: an urgent repair (4 hours, 24×7) that waits for
// the customer and then for parts, over named instants t0…t6.
func TestRepairPausesScript(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	t0, t1, t2, t3 := "2025-07-01 09:00", "2025-07-01 10:00", "2025-07-01 12:00", "2025-07-01 13:00"
	t4, t5, t6 := "2025-07-02 09:00", "2025-07-02 10:00", "2025-07-02 11:00:01"
	steps := []struct {
		ev       Event
		now      string
		phase    Phase
		elapsed  time.Duration
		due      string
		breached bool
		warnings []string
	}{
		{sc.ev(t0, "dispatched", "priority", "urgent"), t0, Running, 0, "2025-07-01 13:00", false, nil},
		{sc.ev(t1, "status_changed", "status", "pending_customer"), t1, Paused, time.Hour, "", false, nil},
		{sc.ev(t2, "status_changed", "status", "in_progress"), t2, Running, time.Hour, "2025-07-01 15:00", false, nil},
		{sc.ev(t3, "status_changed", "status", "pending_parts"), t3, Paused, 2 * time.Hour, "", false, []string{"half"}},
		{sc.ev(t4, "status_changed", "status", "in_progress"), t4, Running, 2 * time.Hour, "2025-07-02 11:00", false, []string{"half"}},
		{sc.ev(t5, "note_added"), t5, Running, 3 * time.Hour, "2025-07-02 11:00", false, []string{"half", "1h before"}},
		{sc.ev(t6, "resolved", "status", "resolved"), t6, Stopped, 4*time.Hour + time.Second, "2025-07-02 11:00", true, []string{"half", "1h before"}},
	}
	s := State{}
	for i, st := range steps {
		s = mustFold(t, cs, s, st.ev)
		got := mustStatus(t, cs, s, "repair", sc.at(st.now))
		var due time.Time
		if st.due != "" {
			due = sc.at(st.due)
		}
		if got.Phase != st.phase || got.Elapsed != st.elapsed || !got.Due.Equal(due) || got.Breached != st.breached ||
			!slices.Equal(got.Warnings(), st.warnings) {
			t.Errorf("t%d: phase %v elapsed %v due %v breached %v warnings %v; want %v %v %v %v %v", i,
				got.Phase, got.Elapsed, got.Due, got.Breached, got.Warnings(), st.phase, st.elapsed, due, st.breached, st.warnings)
		}
	}
	// While paused, nothing changes with time: no wake-up, elapsed frozen.
	paused := mustFold(t, cs, State{}, steps[0].ev, steps[1].ev)
	if w, ok, _ := cs.NextWake(paused, sc.at(t1)); ok {
		t.Errorf("wake-up %v while paused", w)
	}
	if got := mustStatus(t, cs, paused, "repair", sc.at("2025-07-09 00:00")); got.Elapsed != time.Hour {
		t.Errorf("elapsed while paused a week: %v, want 1h", got.Elapsed)
	}
}

// TestReopenStartsNewCycle: a reopened order starts cycle 2 (by Reset on
// "reopened", or by Start when the clock is stopped); cycle 1 stays in the
// history.
func TestReopenStartsNewCycle(t *testing.T) {
	cs := mustCompile(t, repairClock, contactClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-07-01 09:00", "dispatched", "priority", "urgent"),
		sc.ev("2025-07-01 09:10", "customer_called"),
		sc.ev("2025-07-01 11:00", "resolved"),
		sc.ev("2025-07-02 09:00", "reopened"),
		sc.ev("2025-07-02 09:05", "dispatched"), // the contact clock restarts; the repair clock is already running
	)
	now := sc.at("2025-07-02 10:00")
	h, err := cs.History(s, "repair", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].Phase != Stopped || !h[0].Met() || h[0].Elapsed != 2*time.Hour ||
		h[1].Phase != Running || h[1].Cycle != 2 || h[1].Elapsed != time.Hour {
		t.Fatalf("repair history %+v", h)
	}
	c, _ := cs.History(s, "contact", now)
	if len(c) != 2 || c[0].Phase != Stopped || c[1].Phase != Running || !c[1].Started.Equal(sc.at("2025-07-02 09:05")) {
		t.Fatalf("contact history %+v", c)
	}
	// A reset of an open cycle ends it as Reset and starts the next at once.
	s = mustFold(t, cs, s, sc.ev("2025-07-02 10:30", "reopened"))
	h, _ = cs.History(s, "repair", sc.at("2025-07-02 11:00"))
	if len(h) != 3 || h[1].Phase != Reset || h[1].Elapsed != 90*time.Minute || h[2].Elapsed != 30*time.Minute || h[2].Cycle != 3 {
		t.Fatalf("after a reset: %+v", h)
	}
}

// TestCancelEndsWithoutVerdict: a withdrawn order cancels the clock.
func TestCancelEndsWithoutVerdict(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{}, sc.ev("2025-07-01 09:00", "dispatched", "priority", "urgent"), sc.ev("2025-07-01 10:00", "withdrawn"))
	st := mustStatus(t, cs, s, "repair", sc.at("2025-07-05 00:00"))
	if st.Phase != Cancelled || st.Met() || st.Breached || st.Elapsed != time.Hour || !st.Ended.Equal(sc.at("2025-07-01 10:00")) {
		t.Errorf("cancelled: %+v", st)
	}
	// Stop after cancel does nothing: the cycle is closed.
	s2 := mustFold(t, cs, s, sc.ev("2025-07-01 11:00", "resolved"))
	if st2 := mustStatus(t, cs, s2, "repair", sc.at("2025-07-05 00:00")); st2 != st {
		t.Errorf("resolve after cancel changed the status: %+v", st2)
	}
}

// TestStartAndPauseOnOneEvent: an order created while already waiting for
// the customer starts paused.
func TestStartAndPauseOnOneEvent(t *testing.T) {
	spec := repairClock
	spec.Name = "repair"
	spec.Pause = []Condition{{Name: "waiting for customer", When: `status == "pending_customer"`}}
	cs := mustCompile(t, spec)
	sc := newScript(t)
	s := mustFold(t, cs, State{}, sc.ev("2025-07-01 09:00", "dispatched", "status", "pending_customer", "priority", "urgent"))
	st := mustStatus(t, cs, s, "repair", sc.at("2025-07-01 12:00"))
	if st.Phase != Paused || st.Elapsed != 0 {
		t.Errorf("started paused: %+v", st)
	}
}

// TestDuplicateEventsIgnored: a repeated event id changes nothing, whatever
// its other fields.
func TestDuplicateEventsIgnored(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	e0 := sc.ev("2025-07-01 09:00", "dispatched", "priority", "urgent")
	e1 := sc.ev("2025-07-01 10:00", "status_changed", "status", "pending_customer")
	once := mustFold(t, cs, State{}, e0, e1)
	twice := mustFold(t, cs, State{}, e0, e1, e1, e0)
	again := mustFold(t, cs, once, e1)
	forged := e1
	forged.Name, forged.At = "resolved", sc.at("2025-07-03 00:00")
	withForged := mustFold(t, cs, once, forged)
	for _, s := range []State{twice, again, withForged} {
		if !sameJSON(t, s, once) {
			t.Errorf("duplicate changed the state:\n%s\n%s", jsonOf(t, s), jsonOf(t, once))
		}
	}
	if !once.Seen(e1.ID) || once.Seen("nope") || once.Events() != 2 {
		t.Errorf("Seen/Events wrong")
	}
}

// TestLateEventRefused: an event older than the last applied one is refused
// with ErrLateEvent, the state is unchanged, and Replay folds it in.
func TestLateEventRefused(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	e0 := sc.ev("2025-07-01 09:00", "dispatched", "priority", "urgent")
	e1 := sc.ev("2025-07-01 10:00", "status_changed", "status", "pending_customer")
	e2 := sc.ev("2025-07-01 12:00", "status_changed", "status", "in_progress")
	s := mustFold(t, cs, State{}, e0, e2)
	out, err := cs.Fold(s, e1)
	if !errors.Is(err, ErrLateEvent) {
		t.Fatalf("late event: %v", err)
	}
	var ee *EventError
	if !errors.As(err, &ee) || ee.ID != e1.ID || ee.Index != 0 {
		t.Errorf("error %#v", err)
	}
	if !sameJSON(t, out, s) {
		t.Errorf("state changed by a refused event")
	}
	// A batch is atomic: the events before the late one are not applied.
	e3 := sc.ev("2025-07-01 13:00", "note_added")
	if out, err := cs.Fold(s, e3, e1); !errors.Is(err, ErrLateEvent) || !sameJSON(t, out, s) {
		t.Errorf("batch with a late event: %v", err)
	}
	// Same instant as the last event is not late.
	same := e2
	same.ID = "same-instant"
	if _, err := cs.Fold(s, same); err != nil {
		t.Errorf("event at the last instant: %v", err)
	}
	// Replay sorts by instant and gives the state of the events in order.
	replayed, err := cs.Replay(e0, e2, e1)
	if err != nil {
		t.Fatal(err)
	}
	inOrder := mustFold(t, cs, State{}, e0, e1, e2)
	if !sameJSON(t, replayed, inOrder) {
		t.Errorf("replay differs from folding in order")
	}
	if st := mustStatus(t, cs, replayed, "repair", sc.at("2025-07-01 13:00")); st.Elapsed != 2*time.Hour {
		t.Errorf("replayed elapsed %v, want 2h (1h before the pause, 1h after)", st.Elapsed)
	}
}

// TestInvalidEvents: events without id, name or instant are refused.
func TestInvalidEvents(t *testing.T) {
	cs := mustCompile(t, dispatchClock)
	sc := newScript(t)
	good := sc.ev("2025-07-01 09:00", "call_ended")
	for name, mod := range map[string]func(*Event){
		"no id":      func(e *Event) { e.ID = "" },
		"no name":    func(e *Event) { e.Name = "" },
		"no instant": func(e *Event) { e.At = time.Time{} },
		"1969":       func(e *Event) { e.At = time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC) },
		"epoch":      func(e *Event) { e.At = time.Unix(0, 0) },
		"2200":       func(e *Event) { e.At = maxEventTime },
	} {
		e := good
		mod(&e)
		if _, err := cs.Fold(State{}, e); !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestRuleFailureIsAtomic: a missing fact fails the fold with ErrRule and
// the quality error, and no clock changes.
func TestRuleFailureIsAtomic(t *testing.T) {
	cs := mustCompile(t, contactClock, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{}, sc.ev("2025-07-01 09:00", "dispatched", "priority", "urgent"))
	bad := Event{ID: "x", At: sc.at("2025-07-01 09:05"), Name: "status_changed", Facts: quality.Facts{"status": "pending_customer"}}
	out, err := cs.Fold(s, bad)
	var qe *quality.Error
	var ee *EventError
	if !errors.Is(err, ErrRule) || !errors.Is(err, quality.ErrMissingFact) || !errors.As(err, &qe) || !errors.As(err, &ee) {
		t.Fatalf("error %v", err)
	}
	if ee.Clock == "" || ee.Path == "" {
		t.Errorf("error does not name the clock and rule: %v", err)
	}
	if !sameJSON(t, out, s) {
		t.Errorf("state changed")
	}
}

// TestStateMismatch: a state folded by other definitions is refused.
func TestStateMismatch(t *testing.T) {
	a := mustCompile(t, dispatchClock)
	b := mustCompile(t, contactClock)
	sc := newScript(t)
	s := mustFold(t, a, State{}, sc.ev("2025-07-01 09:00", "call_ended"))
	if _, err := b.Fold(s, sc.ev("2025-07-01 09:01", "dispatched")); !errors.Is(err, ErrStateMismatch) {
		t.Errorf("fold: %v", err)
	}
	renamed := dispatchClock
	renamed.Targets = within("three minutes", "24x7", 3*time.Minute)
	c := mustCompile(t, renamed)
	if _, err := c.Status(s, "dispatch", sc.at("2025-07-01 09:01")); !errors.Is(err, ErrStateMismatch) {
		t.Errorf("status with a renamed target: %v", err)
	}
	if _, err := a.Status(s, "nope", sc.at("2025-07-01 09:01")); !errors.Is(err, ErrUnknownClock) {
		t.Errorf("unknown clock: %v", err)
	}
	if _, err := a.Status(s, "dispatch", sc.at("2025-07-01 08:59")); !errors.Is(err, ErrStatusBeforeState) {
		t.Errorf("status before the last event: %v", err)
	}
	if st := mustStatus(t, b, State{}, "contact", sc.at("2025-07-01 08:59")); st.Phase != NotStarted || st.Cycle != 0 {
		t.Errorf("zero state: %+v", st)
	}
}

// TestBusinessHoursWakeAtWindowEnd: on the office calendar a warning can be
// reached at the end of a window (17:30), and the status changes exactly at
// the wake-up.
func TestBusinessHoursWakeAtWindowEnd(t *testing.T) {
	spec := repairClock
	spec.Warnings = []WarningSpec{{Name: "half", Percent: pct(50)}, {Name: "end of day", After: 6*time.Hour + 30*time.Minute}, {Name: "1h before", Before: time.Hour}}
	cs := mustCompile(t, spec)
	sc := newScript(t)
	// Normal priority, 8 working hours from Tue 09:30: 2h30 + 4h on Tuesday
	// (6h30, used up at 17:30, the window's end), then 1h30 on Wednesday: due
	// Wed 10:00. "half" is 4h: Tuesday 15:00. "1h before" is 7h: Wed 09:00.
	s := mustFold(t, cs, State{}, sc.ev("2025-07-01 09:30", "dispatched"))
	now := sc.at("2025-07-01 09:30")
	var wakes []time.Time
	for range 4 {
		w, ok, err := cs.NextWake(s, now)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		before := mustStatus(t, cs, s, "repair", w.Add(-time.Nanosecond))
		after := mustStatus(t, cs, s, "repair", w)
		if before.Reached == after.Reached && before.Breached == after.Breached {
			t.Errorf("nothing changes at the wake-up %v", w)
		}
		wakes = append(wakes, w)
		now = w
	}
	want := []time.Time{sc.at("2025-07-01 15:00"), sc.at("2025-07-01 17:30"), sc.at("2025-07-02 09:00"), sc.at("2025-07-02 10:00").Add(time.Nanosecond)}
	if !slices.EqualFunc(wakes, want, time.Time.Equal) {
		t.Errorf("wake-ups %v, want %v", wakes, want)
	}
	if _, ok, _ := cs.NextWake(s, now); ok {
		t.Errorf("wake-up after the breach")
	}
	at, ok, err := cs.ThresholdAt(s, "repair", "end of day", sc.at("2025-07-01 09:30"))
	if err != nil || !ok || !at.Equal(sc.at("2025-07-01 17:30")) {
		t.Errorf("ThresholdAt(end of day) = %v, %v, %v", at, ok, err)
	}
}

// TestThresholdAt: past, future, and unknown while paused.
func TestThresholdAt(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-07-01 09:00", "dispatched", "priority", "urgent"),
		sc.ev("2025-07-01 10:00", "status_changed", "status", "pending_customer"),
		sc.ev("2025-07-01 11:00", "status_changed", "status", "in_progress"),
	)
	// "half" of 4h is 2h of running time: 1h before the pause, 1h after → 12:00.
	at, ok, err := cs.ThresholdAt(s, "repair", "half", sc.at("2025-07-01 11:30"))
	if err != nil || !ok || !at.Equal(sc.at("2025-07-01 12:00")) {
		t.Errorf("future: %v %v %v", at, ok, err)
	}
	at, ok, err = cs.ThresholdAt(s, "repair", "half", sc.at("2025-07-01 12:30"))
	if err != nil || !ok || !at.Equal(sc.at("2025-07-01 12:00")) {
		t.Errorf("past: %v %v %v", at, ok, err)
	}
	paused := mustFold(t, cs, s, sc.ev("2025-07-01 11:30", "status_changed", "status", "pending_parts"))
	if at, ok, err = cs.ThresholdAt(paused, "repair", "1h before", sc.at("2025-07-01 12:00")); ok || err != nil {
		t.Errorf("paused: %v %v %v", at, ok, err)
	}
	if _, _, err = cs.ThresholdAt(s, "repair", "nope", sc.at("2025-07-01 12:00")); !errors.Is(err, ErrUnknownClock) {
		t.Errorf("unknown warning: %v", err)
	}
}

// sameJSON reports whether two states encode identically.
func sameJSON(t testing.TB, a, b State) bool {
	t.Helper()
	return jsonOf(t, a) == jsonOf(t, b)
}

func jsonOf(t testing.TB, s State) string {
	t.Helper()
	b, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFoldManyClocks: an order with more clocks than the fold keeps on its
// stack (eight) folds like one with each clock alone.
func TestFoldManyClocks(t *testing.T) {
	specs := []ClockSpec{dispatchClock, contactClock, arrivalClock, repairClock, overdueClock,
		submitClock, cityDispatchClock, superviseClock, deptDispatchClock, cityReturnClock, answerClock}
	cs := mustCompile(t, specs...)
	_, events, sc := benchOrder(t)
	s := mustFold(t, cs, State{}, events...)
	now := sc.at("2025-07-03 09:00")
	for _, spec := range specs {
		one := mustCompile(t, spec)
		alone := mustFold(t, one, State{}, events...)
		got, want := mustStatus(t, cs, s, spec.Name, now), mustStatus(t, one, alone, spec.Name, now)
		// The compiled clocks, and the zones of their calendars, are other
		// values: compare what the statuses print.
		got.clock, want.clock = nil, nil
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Errorf("%s: with %d clocks %+v, alone %+v", spec.Name, len(specs), got, want)
		}
	}
}
