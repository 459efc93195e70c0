package sla

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"
)

// Weekdays is a set of days of the week, such as the days on which batch
// slots run. The zero value is the empty set. In JSON it is a list of
// lower-case three-letter names in week order from Sunday: ["mon","tue"].
type Weekdays uint8

// Common sets of weekdays.
const (
	WeekdaysMonFri Weekdays = 1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday
	WeekdaysMonSat Weekdays = WeekdaysMonFri | 1<<time.Saturday
	WeekdaysAll    Weekdays = WeekdaysMonSat | 1<<time.Sunday
)

// DaysOf returns the set of the given weekdays; values outside Sunday to
// Saturday are ignored.
func DaysOf(days ...time.Weekday) Weekdays {
	var w Weekdays
	for _, d := range days {
		if d >= time.Sunday && d <= time.Saturday {
			w |= 1 << d
		}
	}
	return w
}

// Has reports whether d is in the set.
func (w Weekdays) Has(d time.Weekday) bool { return d >= 0 && d <= 6 && w&(1<<d) != 0 }

var weekdayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// String lists the days, such as "mon,tue,wed,thu,fri,sat", or "none".
func (w Weekdays) String() string {
	var b []byte
	for d, k := range weekdayKeys {
		if w&(1<<d) != 0 {
			if len(b) > 0 {
				b = append(b, ',')
			}
			b = append(b, k...)
		}
	}
	if b == nil {
		return "none"
	}
	return string(b)
}

// MarshalJSON encodes the set as a list of day names.
func (w Weekdays) MarshalJSON() ([]byte, error) {
	names := make([]string, 0, 7)
	for d, k := range weekdayKeys {
		if w&(1<<d) != 0 {
			names = append(names, k)
		}
	}
	return json.Marshal(names)
}

// UnmarshalJSON decodes a list of day names ("mon" or "monday", any case);
// an unknown name or a repeated day is refused.
func (w *Weekdays) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return &ClockSpecError{Path: "days", Err: errorf("want a list of day names such as [\"mon\",\"sat\"]: %v", err)}
	}
	var set Weekdays
	for _, n := range names {
		d, ok := parseWeekday(n)
		if !ok {
			return &ClockSpecError{Path: "days", Err: errorf("unknown day %q (want mon, tue, wed, thu, fri, sat or sun)", n)}
		}
		if set.Has(d) {
			return &ClockSpecError{Path: "days", Err: errorf("day %q listed twice", n)}
		}
		set |= 1 << d
	}
	*w = set
	return nil
}

func parseWeekday(s string) (time.Weekday, bool) {
	lower := []byte(s)
	for i, c := range lower {
		if c >= 'A' && c <= 'Z' {
			lower[i] = c + 'a' - 'A'
		}
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		full := []byte(d.String())
		full[0] += 'a' - 'A'
		if string(lower) == weekdayKeys[d] || string(lower) == string(full) {
			return d, true
		}
	}
	return 0, false
}

// maxSlotSearch is how many days ahead a batch-slot target looks for its
// next slot before giving up with [ErrNoSlot].
const maxSlotSearch = 400

// slotRule is a compiled [SlotSpec] on its target's calendar.
type slotRule struct {
	times      []TimeOfDay // sorted, distinct, each before 24:00
	days       Weekdays
	skipClosed bool
	cal        *Calendar
}

func compileSlots(s *SlotSpec, cal *Calendar) (*slotRule, error) {
	if len(s.Times) == 0 {
		return nil, errorf("no slot times")
	}
	if s.Days == 0 {
		return nil, errorf("no slot days")
	}
	if s.Days&^WeekdaysAll != 0 {
		return nil, errorf("unknown days in set %08b", uint8(s.Days))
	}
	times := slices.Clone(s.Times)
	slices.Sort(times)
	for i, t := range times {
		if t < 0 || t >= EndOfDay {
			return nil, errorf("slot time %v: want 00:00 to 23:59:59", t)
		}
		if i > 0 && times[i-1] == t {
			return nil, errorf("slot time %v listed twice", t)
		}
	}
	return &slotRule{times: times, days: s.Days, skipClosed: s.SkipClosed, cal: cal}, nil
}

// next returns the first slot strictly after t, in the calendar's location.
// A slot is the wall-clock time of day on a listed weekday, as time.Date
// places it (on a day when clocks change, a wall time that does not exist
// falls where time.Date puts it). With skipClosed, slots that are not working
// instants of the calendar are skipped.
func (r *slotRule) next(t time.Time) (time.Time, error) {
	loc := r.cal.Location()
	y, m, d := t.In(loc).Date()
	for i := 0; i <= maxSlotSearch; i++ {
		// Noon exists on every day in every zone: a safe instant for the weekday.
		if !r.days.Has(time.Date(y, m, d+i, 12, 0, 0, 0, loc).Weekday()) {
			continue
		}
		for _, tod := range r.times {
			s := time.Date(y, m, d+i, 0, 0, int(tod), 0, loc)
			if !s.After(t) || (r.skipClosed && !r.cal.IsWorking(s)) {
				continue
			}
			return s, nil
		}
	}
	return time.Time{}, errorf("%w after %s within %d days", ErrNoSlot, t.In(loc).Format(time.RFC3339), maxSlotSearch)
}
