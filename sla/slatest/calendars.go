package slatest

import (
	"slices"
	"sync"
	"time"

	"pgregory.net/rapid"

	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
)

// Zones are the zones Calendars draws from unless told otherwise (read, do
// not change): without
// daylight-saving time (UTC, Asia/Shanghai, Asia/Kolkata), with the usual hour
// at 02:00 or 01:00 (America/New_York, Europe/London), with a half-hour change
// (Australia/Lord_Howe), with an offset of +12:45/+13:45 (Pacific/Chatham) and
// with changes at midnight, where 00:00 does not exist (America/Santiago).
var Zones = []string{
	"UTC", "Asia/Shanghai", "Asia/Kolkata", "America/New_York", "Europe/London",
	"Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago",
}

// Days are the days near which Calendars puts its exceptions and its Near
// instant unless told otherwise (read, do not change): the 2025 daylight-saving changes of Zones,
// year ends (the edges of small indexes) and the 2025 Spring Festival.
var Days = []time.Time{
	time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC),   // New York forward
	time.Date(2025, 11, 2, 0, 0, 0, 0, time.UTC),  // New York back
	time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC),  // London forward
	time.Date(2025, 10, 26, 0, 0, 0, 0, time.UTC), // London back
	time.Date(2025, 4, 6, 0, 0, 0, 0, time.UTC),   // Lord Howe, Chatham, Santiago back
	time.Date(2025, 9, 7, 0, 0, 0, 0, time.UTC),   // Santiago forward
	time.Date(2025, 10, 5, 0, 0, 0, 0, time.UTC),  // Lord Howe forward
	time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),   // index edge
	time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),   // index edge
	time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),   // a slow-path block edge
	time.Date(2025, 1, 28, 0, 0, 0, 0, time.UTC),  // Spring Festival
}

// CalendarOptions tunes Calendars. The zero value draws from Zones and Days.
type CalendarOptions struct {
	// Locations are the zones to draw from, loaded by the caller. Empty means
	// Zones, loaded here with time.LoadLocation (a test that cannot read the
	// zone database fails).
	Locations []*time.Location
	// Days are the days near which exceptions and Near are drawn. Empty means
	// Days.
	Days []time.Time
	// IndexFrom and IndexTo are the years the calendar indexes (see
	// sla.CompileRange). Zero means drawn: 2020 to 2030, or 2025 alone so
	// that instants outside the index take the slow path.
	IndexFrom, IndexTo int
	// MaxExceptions is the most exceptions drawn; zero means 5, negative
	// none. Exceptions that would make the spec invalid are dropped, so a
	// calendar may have fewer.
	MaxExceptions int
}

// DrawnCalendar is a calendar drawn by Calendars: its spec, its zone,
// the compiled calendar and an instant near which its exceptions lie.
type DrawnCalendar struct {
	Spec     sla.Spec
	Location *time.Location
	Calendar *sla.Calendar
	// Near is midnight UTC of a day within two days of one of the options'
	// Days; the exceptions are within a week of it.
	Near time.Time
}

const quarter = 15 * 60 // seconds

// Calendars draws valid business calendars in the zones of the options:
// up to three windows a day on the quarter-hour grid, overnight windows
// ("22:00-06:00") that stop before the next day's first window, one week in
// ten open round the clock, and up to MaxExceptions dated exceptions near Near:
// closed days (a holiday), closed hours (maintenance) and overrides (make-up
// working days, possibly with an overnight window). Every spec it draws
// compiles (sla.Compile) in its zone and round-trips through JSON.
func Calendars(o CalendarOptions) *rapid.Generator[DrawnCalendar] {
	days := o.Days
	if len(days) == 0 {
		days = Days
	}
	maxExc := o.MaxExceptions
	if maxExc == 0 {
		maxExc = 5
	}
	return rapid.Custom(func(t *rapid.T) DrawnCalendar {
		var loc *time.Location
		if len(o.Locations) > 0 {
			loc = rapid.SampledFrom(o.Locations).Draw(t, "zone")
		} else {
			loc = load(t, rapid.SampledFrom(Zones).Draw(t, "zone"))
		}
		week := Weeks().Draw(t, "week")
		spec := sla.Spec{Name: "drawn", Zone: loc.String(), Week: week}
		near := rapid.SampledFrom(days).Draw(t, "near")
		near = time.Date(near.Year(), near.Month(), near.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, rapid.IntRange(-2, 2).Draw(t, "near shift"))
		for n := rapid.IntRange(0, max(0, maxExc)).Draw(t, "exceptions"); n > 0; n-- {
			e := exception(t, near)
			try := spec
			try.Exceptions = append(slices.Clone(spec.Exceptions), e)
			if _, err := sla.CompileRange(try, loc, near.Year()-1, near.Year()+2); err == nil {
				spec = try // keep the exceptions that form a valid calendar
			}
		}
		from, to := o.IndexFrom, o.IndexTo
		if from == 0 && to == 0 {
			from, to = 2020, 2030
			if rapid.Bool().Draw(t, "small index") {
				from, to = 2025, 2026
			}
		}
		cal, err := sla.CompileRange(spec, loc, from, to)
		if err != nil {
			t.Fatalf("slatest: drawn calendar does not compile: %v\n%+v", err, spec)
		}
		return DrawnCalendar{Spec: spec, Location: loc, Calendar: cal, Near: near}
	})
}

// Weeks draws the weekly hours of a calendar with some working time: up to
// three windows a day on the quarter-hour grid, sorted and disjoint; some days'
// last window runs past midnight, stopping before the next day's first window;
// one week in ten is open round the clock.
func Weeks() *rapid.Generator[sla.Week] {
	return rapid.Custom(func(t *rapid.T) sla.Week {
		var week sla.Week
		for d := range week {
			week[d] = windows(t, "week."+time.Weekday(d).String(), 0)
		}
		if rapid.IntRange(0, 9).Draw(t, "24x7?") == 0 {
			week = sla.EveryDay(sla.MustWindow("00:00-24:00"))
		}
		overnight(t, &week)
		empty := true
		for _, ws := range week {
			empty = empty && len(ws) == 0
		}
		if empty {
			week[time.Monday] = []sla.Window{sla.MustWindow("09:00-17:00")}
		}
		return week
	})
}

// windows draws from min to three windows on the quarter-hour grid, sorted
// and disjoint, none overnight.
func windows(t *rapid.T, label string, min int) []sla.Window {
	k := rapid.IntRange(min, 3).Draw(t, label+"#")
	marks := rapid.SliceOfNDistinct(rapid.IntRange(0, 96), 2*k, 2*k, rapid.ID[int]).Draw(t, label)
	slices.Sort(marks)
	var ws []sla.Window
	for i := 0; i+1 < len(marks); i += 2 {
		ws = append(ws, sla.WindowOf(sla.TimeOfDay(marks[i]*quarter), sla.TimeOfDay(marks[i+1]*quarter)))
	}
	return ws
}

// overnight turns the last window of some days, when it ends at midnight,
// into an overnight window that ends before the next day's first window.
func overnight(t *rapid.T, week *sla.Week) {
	for d := range week {
		ws := week[d]
		if len(ws) == 0 || ws[len(ws)-1].End != sla.EndOfDay || !rapid.Bool().Draw(t, "overnight") {
			continue
		}
		limit := int(ws[len(ws)-1].Start) / quarter // the end must be before the start
		if next := week[(d+1)%7]; len(next) > 0 {
			limit = min(limit, int(next[0].Start)/quarter+1)
		}
		if limit < 2 {
			continue
		}
		ws[len(ws)-1].End = sla.TimeOfDay(rapid.IntRange(1, limit-1).Draw(t, "overnight end") * quarter)
	}
}

// exception draws a closure, a part-day closure or an override of one to
// three days within four days of near.
func exception(t *rapid.T, near time.Time) sla.Exception {
	from := near.AddDate(0, 0, rapid.IntRange(-4, 4).Draw(t, "from"))
	to := from.AddDate(0, 0, rapid.IntRange(0, 2).Draw(t, "days"))
	fd, td := sla.DateOf(from.Date()), sla.DateOf(to.Date())
	if fd == td && rapid.Bool().Draw(t, "zero to") {
		td = sla.Date{}
	}
	switch rapid.IntRange(0, 2).Draw(t, "kind") {
	case 0:
		return sla.ClosedDays(fd, td, "holiday")
	case 1:
		return sla.ClosedHours(fd, td, "maintenance", windows(t, "closed", 1)...)
	}
	ws := windows(t, "override", 1)
	if last := &ws[len(ws)-1]; last.End == sla.EndOfDay && last.Start >= 2*quarter && rapid.Bool().Draw(t, "override overnight") {
		last.End = sla.TimeOfDay(rapid.IntRange(1, int(last.Start)/quarter-1).Draw(t, "end") * quarter)
	}
	return sla.OverrideDays(fd, td, "make-up working day", ws...)
}

// Instants draws instants to the nanosecond for questions to the calendar:
// mostly within 30 days of Near, one in ten anywhere from 1990 to 2060 (far
// outside a small index).
func (d DrawnCalendar) Instants() *rapid.Generator[time.Time] {
	lo, hi := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2060, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return rapid.Custom(func(t *rapid.T) time.Time {
		if rapid.IntRange(0, 9).Draw(t, "far?") == 0 {
			return time.Unix(rapid.Int64Range(lo, hi).Draw(t, "far"), 0).In(d.Location)
		}
		return d.Near.Add(time.Duration(rapid.Int64Range(-30*24*int64(time.Hour), 30*24*int64(time.Hour)).Draw(t, "offset"))).In(d.Location)
	})
}

var zones sync.Map // name → *time.Location

// load returns the location of an IANA zone name, loading it once.
func load(t *rapid.T, name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("slatest: loading zone %q: %v", name, err)
	}
	zones.Store(name, loc)
	return loc
}

// Location loads an IANA time zone for a test, failing it when the zone
// database has no such zone: Location(t, "Asia/Shanghai").
func Location(tb qualitytest.TB, name string) *time.Location {
	tb.Helper()
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("slatest: loading zone %q: %v", name, err)
		return nil
	}
	zones.Store(name, loc)
	return loc
}
