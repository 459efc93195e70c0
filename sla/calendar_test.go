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

// TestNonExistentAndRepeatedWallTimes pins the DST rules of the package doc.
func TestNonExistentAndRepeatedWallTimes(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	w := sla.MustWindow
	spring := func(h, m int) time.Time { return time.Date(2025, time.March, 9, h, m, 0, 0, ny) }
	utc := func(d, h, m int) time.Time { return time.Date(2025, time.November, d, h, m, 0, 0, time.UTC) }
	dayOf := func(c *sla.Calendar, m time.Month, d int) time.Duration {
		a := time.Date(2025, m, d, 0, 0, 0, 0, ny)
		return c.Between(a, a.Add(36*time.Hour))
	}
	cases := []struct {
		window string
		month  time.Month
		day    int
		want   time.Duration
	}{
		{"02:00-03:00", time.March, 9, 0},                 // the skipped hour holds nothing
		{"01:30-03:30", time.March, 9, time.Hour},         // 01:30-02:00 EST, 03:00-03:30 EDT
		{"02:30-04:00", time.March, 9, time.Hour},         // starts when the clocks jump
		{"01:00-02:00", time.November, 2, 2 * time.Hour},  // the repeated hour counts twice
		{"00:00-01:30", time.November, 2, 2 * time.Hour},  // to the first 01:30, then second 01:00-01:30
		{"01:30-05:00", time.November, 2, 4 * time.Hour},  // 01:30-02:00 EDT, then 01:30-05:00 EST
		{"22:00-06:00", time.March, 8, 7 * time.Hour},     // overnight into spring-forward
		{"22:00-06:00", time.November, 1, 9 * time.Hour},  // overnight into fall-back
		{"00:00-24:00", time.March, 9, 23 * time.Hour},    // a whole day is 23 real hours
		{"00:00-24:00", time.November, 2, 25 * time.Hour}, // or 25
		{"09:00-17:00", time.March, 9, 8 * time.Hour},     // untouched
	}
	for _, tc := range cases {
		var week sla.Week
		week[time.Date(2025, tc.month, tc.day, 12, 0, 0, 0, ny).Weekday()] = []sla.Window{w(tc.window)}
		c := mustCompile(t, sla.Spec{Week: week}, ny)
		if got := dayOf(c, tc.month, tc.day); got != tc.want {
			t.Errorf("%s on %v %d: %v, want %v", tc.window, tc.month, tc.day, got, tc.want)
		}
	}
	// Where the pieces are: 00:00-01:30 on the fall-back night.
	var week sla.Week
	week[time.Sunday] = []sla.Window{w("00:00-01:30")}
	c := mustCompile(t, sla.Spec{Week: week}, ny)
	for _, tc := range []struct {
		t    time.Time
		want bool
	}{
		{utc(2, 4, 0), true},   // 00:00 EDT
		{utc(2, 5, 29), true},  // 01:29 EDT
		{utc(2, 5, 30), false}, // 01:30 EDT
		{utc(2, 6, 0), true},   // 01:00 EST (second time)
		{utc(2, 6, 30), false}, // 01:30 EST
	} {
		if got := c.IsWorking(tc.t); got != tc.want {
			t.Errorf("IsWorking(%v) = %v, want %v", tc.t.In(ny), got, tc.want)
		}
	}
	// A window starting in the gap starts when the clocks jump (03:00 EDT).
	week = sla.Week{}
	week[time.Sunday] = []sla.Window{w("02:30-04:00")}
	c = mustCompile(t, sla.Spec{Week: week}, ny)
	if got := c.NextWorking(spring(0, 0)); !got.Equal(spring(3, 0)) {
		t.Errorf("NextWorking = %v, want 03:00 EDT", got)
	}
}

// TestHalfHourDSTAndMidnightGap: Lord Howe moves its clocks by 30 minutes;
// Santiago skips 00:00-01:00, so midnight does not exist there that day.
func TestHalfHourDSTAndMidnightGap(t *testing.T) {
	lh := mustLoad(t, "Australia/Lord_Howe")
	c := mustCompile(t, sla.Spec{Week: sla.EveryDay(sla.MustWindow("00:00-24:00"))}, lh)
	// 5 Oct 2025: 02:00 -> 02:30.
	a := time.Date(2025, time.October, 5, 0, 0, 0, 0, lh)
	if got := c.Between(a, a.AddDate(0, 0, 1)); got != 23*time.Hour+30*time.Minute {
		t.Errorf("Lord Howe spring day: %v, want 23h30", got)
	}
	c = mustCompile(t, sla.Spec{Week: sla.EveryDay(sla.MustWindow("01:30-03:00"))}, lh)
	if got := c.Between(a, a.Add(12*time.Hour)); got != time.Hour {
		t.Errorf("Lord Howe 01:30-03:00 on spring day: %v, want 1h", got)
	}
	sc := mustLoad(t, "America/Santiago")
	c = mustCompile(t, sla.Spec{Week: sla.EveryDay(sla.MustWindow("23:00-02:00"))}, sc)
	// 6 Sep 2025 23:00 -04 -> the clocks jump from 24:00 to 01:00 on 7 Sep.
	start := time.Date(2025, time.September, 6, 12, 0, 0, 0, sc)
	if got := c.Between(start, start.Add(24*time.Hour)); got != 2*time.Hour {
		t.Errorf("Santiago overnight window across the midnight gap: %v, want 2h", got)
	}
}

func TestSegmentsReasons(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	spec := sla.ChinaOffice2025()
	spec.Exceptions = append(spec.Exceptions,
		sla.ClosedHours(sla.DateOf(2025, 2, 6), sla.Date{}, "network maintenance", sla.MustWindow("10:00-11:00")))
	c := mustCompile(t, spec, sh)
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2025, m, d, h, min, 0, 0, sh) }
	got := c.Segments(at(time.January, 27, 16, 0), at(time.February, 6, 12, 0))
	type seg struct {
		from, to time.Time
		reason   string
	}
	want := []seg{
		{at(1, 27, 16, 0), at(1, 27, 17, 30), ""},
		{at(1, 27, 17, 30), at(1, 28, 0, 0), "outside working hours"},
		{at(1, 28, 0, 0), at(2, 5, 0, 0), "closed: Spring Festival (春节)"},
		{at(2, 5, 0, 0), at(2, 5, 8, 30), "outside working hours"},
		{at(2, 5, 8, 30), at(2, 5, 12, 0), ""},
		{at(2, 5, 12, 0), at(2, 5, 13, 30), "outside working hours"},
		{at(2, 5, 13, 30), at(2, 5, 17, 30), ""},
		{at(2, 5, 17, 30), at(2, 6, 8, 30), "outside working hours"},
		{at(2, 6, 8, 30), at(2, 6, 10, 0), ""},
		{at(2, 6, 10, 0), at(2, 6, 11, 0), "closed: network maintenance"},
		{at(2, 6, 11, 0), at(2, 6, 12, 0), ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d segments, want %d: %v", len(got), len(want), got)
	}
	for i, s := range got {
		w := want[i]
		if !s.From.Equal(w.from) || !s.To.Equal(w.to) || s.Reason != w.reason || s.Working != (w.reason == "") {
			t.Errorf("segment %d = %v–%v %v %q, want %v–%v %q", i, s.From, s.To, s.Working, s.Reason, w.from, w.to, w.reason)
		}
	}
	// A make-up Saturday shows its reason outside its hours.
	sat := c.Segments(at(time.February, 8, 17, 0), at(time.February, 8, 18, 0))
	if len(sat) != 2 || sat[1].Reason != "outside working hours (make-up working day for the Spring Festival (春节调休上班))" {
		t.Errorf("make-up Saturday segments: %+v", sat)
	}
	if c.Segments(at(2, 6, 12, 0), at(2, 6, 12, 0)) != nil {
		t.Errorf("empty span gave segments")
	}
}

// TestOutsideTheIndex: instants outside the indexed years get the same
// answers, only by the slower path.
func TestOutsideTheIndex(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	spec := office(ny)
	wide := mustCompile(t, spec, ny)
	narrow, err := sla.CompileRange(spec, ny, 2025, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if f, to := narrow.IndexYears(); f != 2025 || to != 2026 {
		t.Fatalf("IndexYears = %d, %d", f, to)
	}
	for _, start := range []time.Time{
		time.Date(2024, 12, 20, 10, 0, 0, 0, ny), time.Date(2026, 1, 2, 10, 0, 0, 0, ny),
		time.Date(2031, 6, 2, 10, 0, 0, 0, ny), time.Date(1999, 12, 31, 10, 0, 0, 0, ny),
	} {
		for _, d := range []time.Duration{300 * time.Hour, -300 * time.Hour, 5000 * time.Hour} {
			if a, b := wide.Add(start, d), narrow.Add(start, d); !a.Equal(b) {
				t.Errorf("Add(%v, %v): index %v, slow path %v", start, d, a, b)
			}
		}
		end := start.AddDate(0, 3, 0)
		if a, b := wide.Between(start, end), narrow.Between(start, end); a != b {
			t.Errorf("Between(%v, +3 months): index %v, slow path %v", start, a, b)
		}
	}
	// A span of many years outside the index.
	a, b := time.Date(1980, 1, 1, 0, 0, 0, 0, ny), time.Date(2060, 1, 1, 0, 0, 0, 0, ny)
	if x, y := wide.Between(a, b), narrow.Between(a, b); x != y {
		t.Errorf("Between 1980-2060: %v vs %v", x, y)
	}
	// The ends of the domain: results stop there.
	end2500 := time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := wide.Add(time.Date(2499, 12, 31, 0, 0, 0, 0, time.UTC), 1000*time.Hour); !got.Equal(end2500) {
		t.Errorf("Add past year 2499 = %v", got)
	}
	if got := wide.Add(time.Date(1900, 1, 2, 0, 0, 0, 0, time.UTC), -1000*time.Hour); !got.Equal(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Add before 1900 = %v", got)
	}
	if got := wide.NextWorking(time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)); !got.Equal(end2500) {
		t.Errorf("NextWorking after 2499 = %v", got)
	}
	if got, want := wide.Between(time.Time{}, time.Date(1900, 1, 8, 0, 0, 0, 0, ny)), 40*time.Hour; got < want-8*time.Hour || got > want {
		t.Errorf("Between from year 1 = %v, want the working time from 1900-01-01", got)
	}
	// A calendar with one second of working time a week reaches the end of
	// its years quickly, not after walking millennia.
	sparse := mustCompile(t, sla.Spec{Week: sla.Week{time.Monday: {{Start: 0, End: 1}}}}, ny)
	if got := sparse.Add(time.Date(2025, 1, 1, 0, 0, 0, 0, ny), 300*time.Hour); !got.Equal(end2500) {
		t.Errorf("sparse Add = %v", got)
	}
}

func TestCompileRangeRefuses(t *testing.T) {
	for _, r := range [][2]int{{2025, 2025}, {1800, 1910}, {2000, 2200}, {2450, 2501}} {
		if _, err := sla.CompileRange(office(time.UTC), time.UTC, r[0], r[1]); !errors.Is(err, sla.ErrInvalidSpec) {
			t.Errorf("CompileRange(%d, %d): %v", r[0], r[1], err)
		}
	}
	if _, err := sla.Compile(office(time.UTC), nil); !errors.Is(err, sla.ErrZoneMismatch) {
		t.Errorf("nil location: %v", err)
	}
}
