package sla_test

import (
	"errors"
	"testing"
	"time"

	"github.com/servq/servq/sla"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func mustCompile(t testing.TB, s sla.Spec, loc *time.Location) *sla.Calendar {
	t.Helper()
	c, err := sla.Compile(s, loc)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return c
}

// office is Monday to Friday 08:30-12:00 and 13:30-17:30 without holidays.
func office(loc *time.Location) sla.Spec {
	return sla.Spec{Name: "office", Zone: loc.String(), Week: sla.MondayToFriday(sla.ChinaOfficeHours()...)}
}

// TestOperatorCases runs the time limits of DOMAIN.md on their calendars.
func TestOperatorCases(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	desk := sla.TwentyFourSeven(sh)
	china := mustCompile(t, sla.ChinaOffice2025(), sh)
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2025, m, d, h, min, 0, 0, sh) }
	cases := []struct {
		name  string
		cal   *sla.Calendar
		start time.Time
		limit time.Duration
		want  time.Time
	}{
		// [003] the call centre dispatches the fault within 3 minutes, the
		// technician calls within 20 minutes, on a desk that never closes.
		{"dispatch 3 min, 24x7, over midnight", desk, at(time.January, 28, 23, 58), 3 * time.Minute, at(time.January, 29, 0, 1)},
		{"contact 20 min, 24x7, Spring Festival eve", desk, at(time.January, 28, 23, 50), 20 * time.Minute, at(time.January, 29, 0, 10)},
		// [004] the responsible department answers within 20 working hours,
		// provincial departments within 24; across the Spring Festival.
		{"answer 24 working h across Spring Festival", china, at(time.January, 27, 9, 0), 24 * time.Hour, at(time.February, 7, 10, 30)},
		{"answer 20 working h across Spring Festival", china, at(time.January, 27, 9, 0), 20 * time.Hour, at(time.February, 6, 15, 30)},
		// Make-up Saturday 8 Feb counts: from Fri 7 Feb 16:00, 20 working
		// hours run Fri 1h30, Sat 7h30, Mon 7h30, Tue 3h30 (08:30-12:00).
		{"answer 20 working h over make-up Saturday", china, at(time.February, 7, 16, 0), 20 * time.Hour, at(time.February, 11, 12, 0)},
		// From a closed day: Thu 9 Oct 7h30, Fri 10 Oct 7h30, make-up Sat 11 Oct
		// 7h30, Mon 13 Oct 1h30.
		{"answer 24 working h from a closed day", china, at(time.October, 3, 10, 0), 24 * time.Hour, at(time.October, 13, 10, 0)},
		// [002] free replacement after 15 days: real days, 24x7.
		{"free replacement 15 days", desk, at(time.January, 20, 14, 0), 15 * 24 * time.Hour, at(time.February, 4, 14, 0)},
		// [004] the general manager's order is answered within 24 hours.
		{"GM order 24 h, 24x7", desk, at(time.September, 30, 18, 0), 24 * time.Hour, at(time.October, 1, 18, 0)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.cal.Add(tc.start, tc.limit)
			if !got.Equal(tc.want) {
				t.Fatalf("Add(%v, %v) = %v, want %v", tc.start, tc.limit, got, tc.want)
			}
			if b := tc.cal.Between(tc.start, got); b != tc.limit {
				t.Fatalf("Between = %v, want %v", b, tc.limit)
			}
			if back, next := tc.cal.Add(got, -tc.limit), tc.cal.NextWorking(tc.start); !back.Equal(next) {
				t.Fatalf("Add(Add(t, d), -d) = %v, want NextWorking(t) = %v", back, next)
			}
		})
	}
}

func TestTwentyFourSevenCountsRealTimeAcrossDST(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	c := sla.TwentyFourSeven(ny)
	start := time.Date(2025, time.March, 8, 12, 0, 0, 0, ny) // Saturday, EST
	got := c.Add(start, 24*time.Hour)
	want := time.Date(2025, time.March, 9, 13, 0, 0, 0, ny) // Sunday, EDT
	if !got.Equal(want) {
		t.Fatalf("Add = %v, want %v", got, want)
	}
	fall := time.Date(2025, time.November, 1, 12, 0, 0, 0, ny)
	if got, want := c.Add(fall, 24*time.Hour), time.Date(2025, time.November, 2, 11, 0, 0, 0, ny); !got.Equal(want) {
		t.Fatalf("Add over fall-back = %v, want %v", got, want)
	}
}

func TestWindowSpanningDSTCountsRealHours(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	c := mustCompile(t, sla.Spec{Week: sla.EveryDay(sla.MustWindow("00:00-06:00"))}, ny)
	day := func(m time.Month, d int) time.Duration {
		return c.Between(time.Date(2025, m, d, 0, 0, 0, 0, ny), time.Date(2025, m, d, 12, 0, 0, 0, ny))
	}
	if got := day(time.March, 9); got != 5*time.Hour {
		t.Errorf("spring forward: %v, want 5h", got)
	}
	if got := day(time.November, 2); got != 7*time.Hour {
		t.Errorf("fall back: %v, want 7h", got)
	}
	if got := day(time.June, 2); got != 6*time.Hour {
		t.Errorf("ordinary day: %v, want 6h", got)
	}
}

func TestWindowEdges(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	c := mustCompile(t, office(sh), sh)
	at := func(h, m int) time.Time { return time.Date(2025, time.March, 3, h, m, 0, 0, sh) } // Monday
	tests := []struct {
		t                time.Time
		working          bool
		next, prev       time.Time
		addHour, subHour time.Time
	}{
		{at(8, 30), true, at(8, 30), time.Date(2025, 2, 28, 17, 30, 0, 0, sh), at(9, 30), time.Date(2025, 2, 28, 16, 30, 0, 0, sh)},
		{at(12, 0), false, at(13, 30), at(12, 0), at(14, 30), at(11, 0)},
		{at(11, 59), true, at(11, 59), at(11, 59), at(14, 29), at(10, 59)},
		{at(13, 0), false, at(13, 30), at(12, 0), at(14, 30), at(11, 0)},
		{at(17, 30), false, time.Date(2025, 3, 4, 8, 30, 0, 0, sh), at(17, 30), time.Date(2025, 3, 4, 9, 30, 0, 0, sh), at(16, 30)},
	}
	for _, tc := range tests {
		if got := c.IsWorking(tc.t); got != tc.working {
			t.Errorf("IsWorking(%v) = %v", tc.t, got)
		}
		if got := c.NextWorking(tc.t); !got.Equal(tc.next) {
			t.Errorf("NextWorking(%v) = %v, want %v", tc.t, got, tc.next)
		}
		if got := c.PrevWorking(tc.t); !got.Equal(tc.prev) {
			t.Errorf("PrevWorking(%v) = %v, want %v", tc.t, got, tc.prev)
		}
		if got := c.Add(tc.t, time.Hour); !got.Equal(tc.addHour) {
			t.Errorf("Add(%v, 1h) = %v, want %v", tc.t, got, tc.addHour)
		}
		if got := c.Add(tc.t, -time.Hour); !got.Equal(tc.subHour) {
			t.Errorf("Add(%v, -1h) = %v, want %v", tc.t, got, tc.subHour)
		}
	}
	// A result lands on a window's end, not on the next start.
	if got, want := c.Add(at(8, 30), 3*time.Hour+30*time.Minute), at(12, 0); !got.Equal(want) {
		t.Errorf("Add to the end of a window = %v, want %v", got, want)
	}
	if got, want := c.Add(at(13, 30), -(3*time.Hour+30*time.Minute)), at(8, 30); !got.Equal(want) {
		t.Errorf("Add back to the start of a window = %v, want %v", got, want)
	}
}

func TestCompileRefuses(t *testing.T) {
	utc := time.UTC
	w := sla.MustWindow
	d := sla.DateOf
	cases := []struct {
		name string
		spec sla.Spec
		want error
		path string
	}{
		{"no working time", sla.Spec{}, sla.ErrNoWorkingTime, "week"},
		{"overlap", sla.Spec{Week: sla.MondayToFriday(w("08:30-12:00"), w("11:00-13:00"))}, sla.ErrOverlappingWindows, "week.mon[1]"},
		{"overnight into next day", sla.Spec{Week: sla.Week{time.Monday: {w("22:00-09:00")}, time.Tuesday: {w("08:30-12:00")}}}, sla.ErrOverlappingWindows, "week.mon"},
		{"overnight into own day", sla.Spec{Week: sla.Week{time.Monday: {w("22:00-06:00"), w("23:00-23:30")}}}, sla.ErrOverlappingWindows, "week.mon[1]"},
		{"empty window", sla.Spec{Week: sla.Week{time.Monday: {w("08:00-08:00")}}}, sla.ErrInvalidSpec, "week.mon[0]"},
		{"bad start", sla.Spec{Week: sla.Week{time.Monday: {{Start: sla.HM(25, 0), End: sla.HM(8, 0)}}}}, sla.ErrInvalidSpec, "week.mon[0]"},
		{"version", sla.Spec{Version: 2, Week: sla.EveryDay(w("00:00-24:00"))}, sla.ErrSpecVersion, "version"},
		{"zone", sla.Spec{Zone: "Asia/Shanghai", Week: sla.EveryDay(w("00:00-24:00"))}, sla.ErrZoneMismatch, "zone"},
		{"bad date", sla.Spec{Week: sla.EveryDay(w("09:00-17:00")), Exceptions: []sla.Exception{sla.ClosedDays(d(2025, 2, 30), sla.Date{}, "x")}}, sla.ErrInvalidSpec, "exceptions[0].from"},
		{"to before from", sla.Spec{Week: sla.EveryDay(w("09:00-17:00")), Exceptions: []sla.Exception{sla.ClosedDays(d(2025, 2, 3), d(2025, 2, 1), "x")}}, sla.ErrInvalidSpec, "exceptions[0].to"},
		{"closed with windows", sla.Spec{Week: sla.EveryDay(w("09:00-17:00")), Exceptions: []sla.Exception{{Kind: sla.ExceptionClosed, From: d(2025, 2, 3), Windows: []sla.Window{w("09:00-10:00")}}}}, sla.ErrInvalidSpec, "exceptions[0].windows"},
		{"override without windows", sla.Spec{Week: sla.EveryDay(w("09:00-17:00")), Exceptions: []sla.Exception{sla.OverrideDays(d(2025, 2, 3), sla.Date{}, "x")}}, sla.ErrInvalidSpec, "exceptions[0].windows"},
		{"kind", sla.Spec{Week: sla.EveryDay(w("09:00-17:00")), Exceptions: []sla.Exception{{From: d(2025, 2, 3)}}}, sla.ErrInvalidSpec, "exceptions[0].kind"},
		{"closed and override same day", sla.Spec{Week: sla.EveryDay(w("09:00-17:00")), Exceptions: []sla.Exception{
			sla.ClosedDays(d(2025, 2, 1), d(2025, 2, 5), "x"), sla.OverrideDays(d(2025, 2, 3), sla.Date{}, "y", w("09:00-12:00"))}}, sla.ErrConflictingExceptions, "exceptions[1]"},
		{"override runs into next day", sla.Spec{Week: sla.EveryDay(w("09:00-17:00")), Exceptions: []sla.Exception{
			sla.OverrideDays(d(2025, 2, 3), sla.Date{}, "night", w("20:00-10:00"))}}, sla.ErrOverlappingWindows, "exceptions[0]"},
		{"override hit by previous night", sla.Spec{Week: sla.EveryDay(w("22:00-06:00")), Exceptions: []sla.Exception{
			sla.OverrideDays(d(2025, 2, 3), sla.Date{}, "early", w("05:00-12:00"))}}, sla.ErrOverlappingWindows, "exceptions[0]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sla.Compile(tc.spec, utc)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var se *sla.SpecError
			if !errors.As(err, &se) || se.Path != tc.path {
				t.Fatalf("err = %#v, want path %q", err, tc.path)
			}
			t.Log(err)
		})
	}
}
