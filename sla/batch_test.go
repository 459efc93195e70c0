package sla

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// TestNextSlot: complaints are classified and forwarded at 10:00 and 15:00,
// Monday to Saturday; the deadline is the first slot strictly after the
// complaint's submission.
func TestNextSlot(t *testing.T) {
	env := testEnv(t)
	sc := newScript(t)
	plain, err := compileSlots(&SlotSpec{Times: []TimeOfDay{HM(15, 0), HM(10, 0)}, Days: WeekdaysMonSat}, env.Calendars["24x7"])
	if err != nil {
		t.Fatal(err)
	}
	office, err := compileSlots(&SlotSpec{Times: []TimeOfDay{HM(10, 0), HM(15, 0)}, Days: WeekdaysMonSat, SkipClosed: true}, env.Calendars["office"])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rule     *slotRule
		from, to string
	}{
		{plain, "2025-07-07 09:59:59", "2025-07-07 10:00"}, // Monday
		{plain, "2025-07-07 10:00", "2025-07-07 15:00"},    // at a slot: the next one
		{plain, "2025-07-07 14:59", "2025-07-07 15:00"},
		{plain, "2025-07-07 15:00", "2025-07-08 10:00"},
		{plain, "2025-07-05 15:00", "2025-07-07 10:00"}, // Saturday 15:00 → Monday
		{plain, "2025-07-06 09:00", "2025-07-07 10:00"}, // Sunday
		{plain, "2025-01-28 09:00", "2025-01-28 10:00"}, // a holiday still has slots without SkipClosed
		// With the office calendar's closures: Spring Festival 28 Jan – 4 Feb.
		{office, "2025-01-27 16:00", "2025-02-05 10:00"},
		{office, "2025-07-04 16:00", "2025-07-07 10:00"}, // Friday → Monday (the office is closed on Saturday)
		{office, "2025-02-07 16:00", "2025-02-08 10:00"}, // Saturday 8 Feb 2025 is a make-up working day
		{office, "2025-01-25 16:00", "2025-01-27 10:00"}, // Sunday 26 Jan works, but Sunday has no slots
		{office, "2025-09-30 15:00", "2025-10-09 10:00"}, // National Day 1–8 Oct
		{office, "2025-09-27 09:00", "2025-09-29 10:00"}, // Saturday 27 Sep is not a working day
		{office, "2025-10-10 15:30", "2025-10-11 10:00"}, // Saturday 11 Oct is
	}
	for _, tt := range tests {
		got, err := tt.rule.next(sc.at(tt.from))
		if err != nil || !got.Equal(sc.at(tt.to)) {
			t.Errorf("next slot after %s = %v, %v; want %s", tt.from, got, err, tt.to)
		}
		if got.Location() != tt.rule.cal.Location() {
			t.Errorf("slot in %v, want the calendar's location", got.Location())
		}
	}
}

// TestNextSlotDST: slots are wall-clock times in the calendar's zone; on the
// spring-forward day in New York 10:00 is still 10:00 EDT.
func TestNextSlotDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	r, err := compileSlots(&SlotSpec{Times: []TimeOfDay{HM(10, 0)}, Days: WeekdaysAll}, TwentyFourSeven(ny))
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2025, 3, 8, 12, 0, 0, 0, ny) // Saturday before the change, EST
	got, err := r.next(from)
	want := time.Date(2025, 3, 9, 10, 0, 0, 0, ny)
	if err != nil || !got.Equal(want) || got.Sub(from) != 21*time.Hour {
		t.Errorf("next = %v (%v after), %v; want %v (21h: one hour skipped)", got, got.Sub(from), err, want)
	}
}

// TestNoSlot: a slot time that is never a working instant gives ErrNoSlot,
// at the fold, as an EventError.
func TestNoSlot(t *testing.T) {
	spec := classifyClock
	spec.Targets = []TargetSpec{{Name: "evening", Calendar: "office",
		Slots: &SlotSpec{Times: []TimeOfDay{HM(20, 0)}, Days: WeekdaysMonSat, SkipClosed: true}}}
	cs := mustCompile(t, spec)
	sc := newScript(t)
	_, err := cs.Fold(State{}, sc.ev("2025-07-01 09:00", "submitted"))
	var ee *EventError
	if !errors.Is(err, ErrNoSlot) || !errors.As(err, &ee) || ee.Path != "targets[0].slots" {
		t.Errorf("error %v", err)
	}
}

func TestWeekdays(t *testing.T) {
	if WeekdaysMonSat.String() != "mon,tue,wed,thu,fri,sat" || Weekdays(0).String() != "none" {
		t.Errorf("String: %q", WeekdaysMonSat.String())
	}
	if DaysOf(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday) != WeekdaysMonFri || DaysOf(9) != 0 {
		t.Errorf("DaysOf")
	}
	if !WeekdaysMonSat.Has(time.Saturday) || WeekdaysMonSat.Has(time.Sunday) || WeekdaysAll.Has(7) {
		t.Errorf("Has")
	}
	var w Weekdays
	if err := json.Unmarshal([]byte(`["Sun","saturday"]`), &w); err != nil || w != DaysOf(time.Sunday, time.Saturday) {
		t.Errorf("decode: %v %v", w, err)
	}
	for _, bad := range []string{`["mon","mon"]`, `["funday"]`, `"mon"`, `[1]`} {
		if err := json.Unmarshal([]byte(bad), &w); !errors.Is(err, ErrClockSpec) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
