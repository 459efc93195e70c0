package sla

import (
	"testing"
	"time"
)

// benchOrder is a 20-event repair order through the five clocks of a
// report-and-fix order: dispatch (3 min), contact (20 min), arrival in the
// appointment window, the repair (pauses for customer and parts, priority
// raised mid-way) and the overdue stages.
func benchOrder(b testing.TB) (*Clocks, []Event, *script) {
	cs := mustCompile(b, dispatchClock, contactClock, arrivalClock, repairClock, overdueClock)
	sc := newScript(b)
	events := []Event{
		sc.ev("2025-07-01 09:00", "call_ended"),
		sc.ev("2025-07-01 09:01", "accepted"),
		sc.ev("2025-07-01 09:02", "dispatched"),
		sc.ev("2025-07-01 09:10", "customer_called"),
		sc.ev("2025-07-01 09:12", "appointment_agreed", "appointment_end", sc.at("2025-07-01 14:00")),
		sc.ev("2025-07-01 09:15", "note_added"),
		sc.ev("2025-07-01 10:00", "status_changed", "status", "in_progress"),
		sc.ev("2025-07-01 10:30", "note_added"),
		sc.ev("2025-07-01 11:00", "status_changed", "status", "pending_customer"),
		sc.ev("2025-07-01 13:00", "status_changed", "status", "in_progress"),
		sc.ev("2025-07-01 13:40", "arrived"),
		sc.ev("2025-07-01 14:00", "note_added"),
		sc.ev("2025-07-01 14:30", "status_changed", "status", "pending_parts"),
		sc.ev("2025-07-02 09:00", "priority_changed", "priority", "urgent"),
		sc.ev("2025-07-02 10:00", "status_changed", "status", "in_progress"),
		sc.ev("2025-07-02 10:30", "note_added"),
		sc.ev("2025-07-02 11:00", "note_added"),
		sc.ev("2025-07-02 11:30", "status_changed", "status", "testing"),
		sc.ev("2025-07-02 12:00", "note_added"),
		sc.ev("2025-07-02 12:30", "resolved", "status", "resolved"),
	}
	return cs, events, sc
}

// BenchmarkFold20 folds a 20-event order from the zero state.
func BenchmarkFold20(b *testing.B) {
	cs, events, _ := benchOrder(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cs.Fold(State{}, events...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFold20Complaint folds a 20-event complaint through the seven
// clocks of the complaint line (DOMAIN.md §1): submitted within 5 minutes,
// classified at the next 10:00 or 15:00 batch, sent to the city within 30
// minutes, supervised for 3 hours, sent on to the department within 30
// minutes, returned within 24 hours, answered within 20 working hours (24
// for a provincial department, chosen by a fact that changes mid-way).
func BenchmarkFold20Complaint(b *testing.B) {
	cs := mustCompile(b, submitClock, classifyClock, cityDispatchClock, superviseClock, deptDispatchClock, cityReturnClock, answerClock)
	sc := newScript(b)
	events := []Event{
		sc.ev("2025-07-01 09:00", "call_ended"),
		sc.ev("2025-07-01 09:03", "submitted"),
		sc.ev("2025-07-01 09:05", "note_added"),
		sc.ev("2025-07-01 09:20", "sent_to_city"),
		sc.ev("2025-07-01 09:40", "city_received"),
		sc.ev("2025-07-01 09:50", "note_added"),
		sc.ev("2025-07-01 10:00", "forwarded"),
		sc.ev("2025-07-01 10:05", "sent_to_department"),
		sc.ev("2025-07-01 10:30", "department_received"),
		sc.ev("2025-07-01 11:00", "note_added"),
		sc.ev("2025-07-01 11:30", "customer_called"),
		sc.ev("2025-07-01 13:00", "note_added"),
		sc.ev("2025-07-01 14:00", "escalated", "level", "province"),
		sc.ev("2025-07-01 15:00", "note_added"),
		sc.ev("2025-07-01 16:00", "note_added"),
		sc.ev("2025-07-02 09:00", "note_added"),
		sc.ev("2025-07-02 10:00", "customer_called"),
		sc.ev("2025-07-02 11:00", "returned"),
		sc.ev("2025-07-02 11:30", "note_added"),
		sc.ev("2025-07-02 12:00", "answered"),
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cs.Fold(State{}, events...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFold20OneClock folds the same 20 events through the repair
// clock alone (pauses, a target change, two calendars).
func BenchmarkFold20OneClock(b *testing.B) {
	_, events, _ := benchOrder(b)
	cs := mustCompile(b, repairClock)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cs.Fold(State{}, events...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFoldOne folds one more event into a state of 19.
func BenchmarkFoldOne(b *testing.B) {
	cs, events, _ := benchOrder(b)
	s := mustFold(b, cs, State{}, events[:19]...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cs.Fold(s, events[19]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatus asks the repair clock's status (running, on the office
// calendar, after a target change) at an instant.
func BenchmarkStatus(b *testing.B) {
	cs, events, sc := benchOrder(b)
	s := mustFold(b, cs, State{}, events[:15]...)
	now := sc.at("2025-07-02 10:20")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cs.Status(s, "repair", now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatusSimple asks a 24×7 clock without target change.
func BenchmarkStatusSimple(b *testing.B) {
	cs, events, sc := benchOrder(b)
	s := mustFold(b, cs, State{}, events[:2]...)
	now := sc.at("2025-07-01 09:01:30")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cs.Status(s, "dispatch", now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNextWake asks the order's next wake-up.
func BenchmarkNextWake(b *testing.B) {
	cs, events, sc := benchOrder(b)
	s := mustFold(b, cs, State{}, events[:15]...)
	now := sc.at("2025-07-02 10:20")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := cs.NextWake(s, now); err != nil {
			b.Fatal(err)
		}
	}
}

// TestStatusAllocs: a status query does not allocate.
func TestStatusAllocs(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{}, sc.ev("2025-07-01 09:00", "dispatched"), sc.ev("2025-07-01 11:00", "priority_changed", "priority", "urgent"))
	now := sc.at("2025-07-01 12:00")
	if n := testing.AllocsPerRun(100, func() { _, _ = cs.Status(s, "repair", now) }); n != 0 {
		t.Errorf("Status allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _, _ = cs.NextWake(s, now) }); n != 0 {
		t.Errorf("NextWake allocates %v times", n)
	}
	_ = time.Second
}
