package sla

import (
	"strconv"
	"time"
)

// SpecVersion is the version of the calendar specification format that this
// package writes and reads. A [Spec] with Version 0 built in Go is taken to be
// this version; JSON input must state it.
const SpecVersion = 1

// Spec is the plain-data description of a business calendar: weekly hours and
// dated exceptions in one time zone. It marshals to and from JSON with a
// "version" field. A Spec is checked and turned into a fast, immutable
// [Calendar] by [Compile].
type Spec struct {
	// Version is the format version, [SpecVersion]. Zero means SpecVersion when
	// the Spec is built in Go; decoding JSON requires it.
	Version int `json:"version"`
	// Name labels the calendar in explanations ("Shanghai office").
	Name string `json:"name,omitempty"`
	// Zone is the IANA name of the calendar's time zone ("Asia/Shanghai"). It
	// must equal the String of the *time.Location given to Compile; empty
	// means "the zone given to Compile".
	Zone string `json:"zone"`
	// Week holds the working windows of each weekday.
	Week Week `json:"week"`
	// Exceptions are dated closures and overrides, in any order.
	Exceptions []Exception `json:"exceptions,omitempty"`
}

// Week holds the working windows of each day of the week, indexed by
// time.Weekday (Week[time.Monday] are Monday's windows). A window that ends at
// or before its start runs past midnight and belongs to the day it starts on.
// In JSON a Week is an object with keys "mon" … "sun"; days without windows are
// left out.
type Week [7][]Window

// MondayToFriday returns a Week with the same windows on Monday to Friday and
// none at the weekend.
func MondayToFriday(windows ...Window) Week {
	var w Week
	for d := time.Monday; d <= time.Friday; d++ {
		w[d] = append([]Window(nil), windows...)
	}
	return w
}

// EveryDay returns a Week with the same windows on all seven days.
func EveryDay(windows ...Window) Week {
	var w Week
	for d := range w {
		w[d] = append([]Window(nil), windows...)
	}
	return w
}

// TimeOfDay is a wall-clock time of day in seconds after midnight, from 0
// (00:00) to 86400 (24:00, allowed only as the end of a window). In JSON and
// text it is "HH:MM" or "HH:MM:SS".
type TimeOfDay int32

// EndOfDay is the length of a calendar day on the wall clock, 24:00.
const EndOfDay TimeOfDay = 86400

// HM returns the time of day hour:minute. Out-of-range values are kept and
// refused by [Compile].
func HM(hour, minute int) TimeOfDay { return TimeOfDay(hour*3600 + minute*60) }

// String formats t as "HH:MM", or "HH:MM:SS" when it has seconds.
func (t TimeOfDay) String() string {
	if t < 0 || t > EndOfDay {
		return "invalid(" + strconv.Itoa(int(t)) + "s)"
	}
	b := make([]byte, 0, 8)
	b = append2(b, int(t)/3600)
	b = append(b, ':')
	b = append2(b, int(t)%3600/60)
	if s := int(t) % 60; s != 0 {
		b = append(b, ':')
		b = append2(b, s)
	}
	return string(b)
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

// ParseTimeOfDay reads "HH:MM" or "HH:MM:SS" (two digits each, 00:00 to 24:00).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	bad := func(why string) (TimeOfDay, error) {
		return 0, &SpecError{Err: ErrInvalidSpec, Message: "time of day " + strconv.Quote(s) + ": " + why}
	}
	if len(s) != 5 && len(s) != 8 {
		return bad("want HH:MM or HH:MM:SS")
	}
	num := func(i int) int {
		if s[i] < '0' || s[i] > '9' || s[i+1] < '0' || s[i+1] > '9' {
			return -1
		}
		return int(s[i]-'0')*10 + int(s[i+1]-'0')
	}
	h, m, sec := num(0), num(3), 0
	if s[2] != ':' || h < 0 || m < 0 {
		return bad("want HH:MM or HH:MM:SS")
	}
	if len(s) == 8 {
		if sec = num(6); s[5] != ':' || sec < 0 {
			return bad("want HH:MM or HH:MM:SS")
		}
	}
	if m > 59 || sec > 59 {
		return bad("minutes and seconds run from 00 to 59")
	}
	t := TimeOfDay(h*3600 + m*60 + sec)
	if t > EndOfDay {
		return bad("hours run from 00 to 24 (24:00 ends a day)")
	}
	return t, nil
}

// MarshalText formats t as [TimeOfDay.String] does.
func (t TimeOfDay) MarshalText() ([]byte, error) {
	if t < 0 || t > EndOfDay {
		return nil, &SpecError{Err: ErrInvalidSpec, Message: "time of day " + t.String() + " out of range"}
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads t as [ParseTimeOfDay] does.
func (t *TimeOfDay) UnmarshalText(b []byte) error {
	v, err := ParseTimeOfDay(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Window is a stretch of working time on the wall clock, [Start, End): Start
// is working time, End is not. When End is at or before Start the window runs
// past midnight into the next day (22:00–06:00); it still belongs to the day
// it starts on. Start == End is refused. In JSON a window is "08:30-12:00".
type Window struct {
	Start TimeOfDay
	End   TimeOfDay
}

// WindowOf returns the window from start to end.
func WindowOf(start, end TimeOfDay) Window { return Window{Start: start, End: end} }

// Overnight reports whether w runs past midnight.
func (w Window) Overnight() bool { return w.End < w.Start }

// Length is the window's length on the wall clock (the real length differs on
// days with a daylight-saving change).
func (w Window) Length() time.Duration {
	e := w.End
	if w.Overnight() {
		e += EndOfDay
	}
	return time.Duration(e-w.Start) * time.Second
}

// String formats w as "08:30-12:00".
func (w Window) String() string { return w.Start.String() + "-" + w.End.String() }

// ParseWindow reads "HH:MM-HH:MM" (seconds allowed: "HH:MM:SS-HH:MM:SS").
func ParseWindow(s string) (Window, error) {
	for i := 0; i < len(s); i++ {
		if s[i] == '-' {
			a, err := ParseTimeOfDay(s[:i])
			if err != nil {
				return Window{}, err
			}
			b, err := ParseTimeOfDay(s[i+1:])
			if err != nil {
				return Window{}, err
			}
			return Window{Start: a, End: b}, nil
		}
	}
	return Window{}, &SpecError{Err: ErrInvalidSpec, Message: "window " + strconv.Quote(s) + ": want HH:MM-HH:MM"}
}

// MustWindow is ParseWindow for constants; it panics on a malformed window.
func MustWindow(s string) Window {
	w, err := ParseWindow(s)
	if err != nil {
		panic(err)
	}
	return w
}

// MarshalText formats w as [Window.String] does.
func (w Window) MarshalText() ([]byte, error) {
	a, err := w.Start.MarshalText()
	if err != nil {
		return nil, err
	}
	b, err := w.End.MarshalText()
	if err != nil {
		return nil, err
	}
	return append(append(a, '-'), b...), nil
}

// UnmarshalText reads w as [ParseWindow] does.
func (w *Window) UnmarshalText(b []byte) error {
	v, err := ParseWindow(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// Date is a civil date (no time, no zone). The zero Date means "unset". In JSON
// it is "YYYY-MM-DD".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date year-month-day. Invalid dates are kept and refused
// by [Compile].
func DateOf(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real date in years 1 to 9999.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// Weekday returns the day of the week of a valid date.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date { return dateOf(d.days() + int64(n)) }

// String formats d as "2025-01-28".
func (d Date) String() string {
	if !d.Valid() {
		return "invalid(" + strconv.Itoa(d.Year) + "-" + strconv.Itoa(int(d.Month)) + "-" + strconv.Itoa(d.Day) + ")"
	}
	b := make([]byte, 0, 10)
	b = append2(b, d.Year/100)
	b = append2(b, d.Year%100)
	b = append(b, '-')
	b = append2(b, int(d.Month))
	b = append(b, '-')
	b = append2(b, d.Day)
	return string(b)
}

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	bad := &SpecError{Err: ErrInvalidSpec, Message: "date " + strconv.Quote(s) + ": want a real date YYYY-MM-DD"}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, bad
	}
	n := func(a, b int) int {
		v := 0
		for i := a; i < b; i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	d := Date{Year: n(0, 4), Month: time.Month(n(5, 7)), Day: n(8, 10)}
	if !d.Valid() {
		return Date{}, bad
	}
	return d, nil
}

// MarshalText formats d as [Date.String] does; the zero Date is "".
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if !d.Valid() {
		return nil, &SpecError{Err: ErrInvalidSpec, Message: d.String() + " is not a date"}
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads d as [ParseDate] does.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ExceptionKind says what a dated [Exception] does. The zero value is invalid.
type ExceptionKind uint8

const (
	// ExceptionInvalid is the zero ExceptionKind; it is refused.
	ExceptionInvalid ExceptionKind = iota
	// ExceptionClosed closes whole days: the days' own windows (including the
	// part of an overnight window that runs into the next day) are removed.
	ExceptionClosed
	// ExceptionClosedHours closes the given wall-clock windows on each day,
	// whichever day's window the time belongs to.
	ExceptionClosedHours
	// ExceptionOverride replaces the days' windows with the given ones (a
	// make-up working day, a half day).
	ExceptionOverride
)

var exceptionKindNames = [...]string{"invalid", "closed", "closed-hours", "override"}

// String returns "closed", "closed-hours", "override" or "invalid".
func (k ExceptionKind) String() string {
	if int(k) < len(exceptionKindNames) {
		return exceptionKindNames[k]
	}
	return "invalid(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText writes the kind's name; the invalid kind is an error.
func (k ExceptionKind) MarshalText() ([]byte, error) {
	if k == ExceptionInvalid || int(k) >= len(exceptionKindNames) {
		return nil, &SpecError{Err: ErrInvalidSpec, Message: "exception kind " + k.String()}
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads a kind's name.
func (k *ExceptionKind) UnmarshalText(b []byte) error {
	for i := 1; i < len(exceptionKindNames); i++ {
		if string(b) == exceptionKindNames[i] {
			*k = ExceptionKind(i)
			return nil
		}
	}
	return &SpecError{Err: ErrInvalidSpec, Message: "exception kind " + strconv.Quote(string(b)) + `: want "closed", "closed-hours" or "override"`}
}

// Exception is a dated change to the weekly hours on the days From to To
// (inclusive; a zero To means From only).
type Exception struct {
	Kind ExceptionKind `json:"kind"`
	From Date          `json:"from"`
	To   Date          `json:"to,omitzero"`
	// Windows are the closed windows (ExceptionClosedHours) or the day's new
	// windows (ExceptionOverride); ExceptionClosed takes none.
	Windows []Window `json:"windows,omitempty"`
	// Reason explains the exception ("Spring Festival"); it shows in
	// [Calendar.Segments].
	Reason string `json:"reason,omitempty"`
}

// ClosedDays closes the whole days from to to (inclusive; a zero to means from
// only).
func ClosedDays(from, to Date, reason string) Exception {
	return Exception{Kind: ExceptionClosed, From: from, To: to, Reason: reason}
}

// ClosedHours closes the given wall-clock windows on each day from to to.
func ClosedHours(from, to Date, reason string, windows ...Window) Exception {
	return Exception{Kind: ExceptionClosedHours, From: from, To: to, Windows: windows, Reason: reason}
}

// OverrideDays replaces the windows of each day from to to by the given ones.
func OverrideDays(from, to Date, reason string, windows ...Window) Exception {
	return Exception{Kind: ExceptionOverride, From: from, To: to, Windows: windows, Reason: reason}
}

// last returns the last day of e.
func (e Exception) last() Date {
	if e.To.IsZero() {
		return e.From
	}
	return e.To
}

// clone returns a deep copy of s.
func (s Spec) clone() Spec {
	c := s
	for d := range c.Week {
		c.Week[d] = append([]Window(nil), s.Week[d]...)
	}
	c.Exceptions = make([]Exception, len(s.Exceptions))
	for i, e := range s.Exceptions {
		e.Windows = append([]Window(nil), e.Windows...)
		c.Exceptions[i] = e
	}
	if len(s.Exceptions) == 0 {
		c.Exceptions = nil
	}
	return c
}
