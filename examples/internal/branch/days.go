package branch

import (
	"time"
	_ "time/tzdata" // the generators must run where the system has no zone database

	"github.com/servq/servq/sla"
)

// Zone is the branch's time zone, Asia/Shanghai (+08:00 all year). Every
// generated instant is in it, so the data carries "+08:00".
var Zone = mustZone()

func mustZone() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// time/tzdata is embedded: this cannot happen.
		panic(err)
	}
	return loc
}

// Date returns midnight of the civil date in Zone.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, Zone)
}

// holiday is one of the 2025 public holidays (State Council arrangement),
// taken from sla.ChinaHolidays2025 so that the generator and the policies'
// china-2025 calendars agree.
type holiday struct {
	from, to sla.Date
	reason   string
}

var holidays2025, makeup2025 = splitHolidays()

func splitHolidays() (closed, makeup []holiday) {
	for _, e := range sla.ChinaHolidays2025() {
		to := e.To
		if to.IsZero() {
			to = e.From
		}
		h := holiday{e.From, to, e.Reason}
		if e.Kind == sla.ExceptionOverride {
			makeup = append(makeup, h)
		} else {
			closed = append(closed, h)
		}
	}
	return closed, makeup
}

func dateOf(t time.Time) sla.Date {
	y, m, d := t.In(Zone).Date()
	return sla.DateOf(y, m, d)
}

func within(d sla.Date, hs []holiday) (string, bool) {
	for _, h := range hs {
		if !before(d, h.from) && !before(h.to, d) {
			return h.reason, true
		}
	}
	return "", false
}

func before(a, b sla.Date) bool {
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	if a.Month != b.Month {
		return a.Month < b.Month
	}
	return a.Day < b.Day
}

// Holiday returns the name of the public holiday the day falls in ("Dragon
// Boat Festival"), if any. Only 2025's holidays are known; other years have
// none.
func Holiday(day time.Time) (string, bool) {
	return within(dateOf(day), holidays2025)
}

// IsWorkingDay reports whether the day is an office working day: Monday to
// Friday, except public holidays, plus the make-up working days (调休) that
// fall on a weekend. Outside 2025 it is Monday to Friday.
func IsWorkingDay(day time.Time) bool {
	d := dateOf(day)
	if _, ok := within(d, makeup2025); ok {
		return true
	}
	if _, ok := within(d, holidays2025); ok {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// IsGoldenWeek reports whether the day is in a holiday of more than three
// days (the Spring Festival and National Day weeks), when half of the
// field staff rest as well.
func IsGoldenWeek(day time.Time) bool {
	d := dateOf(day)
	for _, h := range holidays2025 {
		if !before(d, h.from) && !before(h.to, d) {
			from := time.Date(h.from.Year, h.from.Month, h.from.Day, 0, 0, 0, 0, time.UTC)
			to := time.Date(h.to.Year, h.to.Month, h.to.Day, 0, 0, 0, 0, time.UTC)
			return to.Sub(from) >= 3*24*time.Hour
		}
	}
	return false
}

// Days returns the midnights of the days from the day of from up to, but
// not including, the day of to, in Zone.
func Days(from, to time.Time) []time.Time {
	var out []time.Time
	from = from.In(Zone)
	d := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, Zone)
	for d.Before(to) {
		out = append(out, d)
		d = d.AddDate(0, 0, 1)
	}
	return out
}

// DayOf returns midnight in Zone of t's civil date as t's location reads it
// (the generators' instants are all in Zone).
func DayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Zone)
}
