package calendar

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/servq/servq/sla"
)

func shanghai(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// rickarOffice is Monday to Friday 08:30-17:30, holiday cache on.
func rickarOffice() *cal.BusinessCalendar {
	c := cal.NewBusinessCalendar()
	c.SetWorkHours(8*time.Hour+30*time.Minute, 17*time.Hour+30*time.Minute)
	c.Cacheable = true
	return c
}

// servqOffice is the same calendar in servq.
func servqOffice(tb testing.TB) *sla.Calendar {
	tb.Helper()
	c, err := sla.Compile(sla.Spec{Name: "08:30-17:30", Week: sla.MondayToFriday(sla.MustWindow("08:30-17:30"))}, shanghai(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// servqChina is the 2025 Chinese office with a lunch break and holidays.
func servqChina(tb testing.TB) *sla.Calendar {
	tb.Helper()
	c, err := sla.Compile(sla.ChinaOffice2025(), shanghai(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func start(tb testing.TB) time.Time {
	return time.Date(2025, time.January, 6, 9, 0, 0, 0, shanghai(tb)) // a Monday
}

// TestSameAnswers: on the shared calendar both libraries give the same due
// dates and the same working time, so the benchmarks compare like with like.
func TestSameAnswers(t *testing.T) {
	r, s := rickarOffice(), servqOffice(t)
	t0 := start(t)
	for _, h := range []time.Duration{1, 9, 24, 300} {
		d := h * time.Hour
		for _, from := range []time.Time{t0, t0.Add(2*time.Hour + 17*time.Minute), t0.AddDate(0, 0, 5)} {
			if a, b := r.AddWorkHours(from, d), s.Add(from, d); !a.Equal(b) {
				t.Errorf("Add(%v, %v): rickar %v, servq %v", from, d, a, b)
			}
		}
	}
	for _, days := range []int{1, 7, 90} {
		t1 := t0.AddDate(0, 0, days)
		if a, b := r.WorkHoursInRange(t0, t1), s.Between(t0, t1); a != b {
			t.Errorf("Between over %d days: rickar %v, servq %v", days, a, b)
		}
	}
}

var (
	sinkTime time.Time
	sinkDur  time.Duration
)

// BenchmarkAdd300h: the due date 300 working hours after Monday 6 January
// 2025 09:00.
func BenchmarkAdd300h(b *testing.B) {
	t0 := start(b)
	b.Run("lib=rickar/cal=0830-1730", func(b *testing.B) {
		c := rickarOffice()
		b.ReportAllocs()
		for b.Loop() {
			sinkTime = c.AddWorkHours(t0, 300*time.Hour)
		}
	})
	b.Run("lib=servq/cal=0830-1730", func(b *testing.B) {
		c := servqOffice(b)
		b.ReportAllocs()
		for b.Loop() {
			sinkTime = c.Add(t0, 300*time.Hour)
		}
	})
	b.Run("lib=servq/cal=china2025-lunch", func(b *testing.B) {
		c := servqChina(b)
		b.ReportAllocs()
		for b.Loop() {
			sinkTime = c.Add(t0, 300*time.Hour)
		}
	})
}

// BenchmarkBetween90d: the working time in the 90 days after Monday 6
// January 2025 09:00.
func BenchmarkBetween90d(b *testing.B) {
	t0 := start(b)
	t1 := t0.AddDate(0, 0, 90)
	b.Run("lib=rickar/cal=0830-1730", func(b *testing.B) {
		c := rickarOffice()
		b.ReportAllocs()
		for b.Loop() {
			sinkDur = c.WorkHoursInRange(t0, t1)
		}
	})
	b.Run("lib=servq/cal=0830-1730", func(b *testing.B) {
		c := servqOffice(b)
		b.ReportAllocs()
		for b.Loop() {
			sinkDur = c.Between(t0, t1)
		}
	})
	b.Run("lib=servq/cal=china2025-lunch", func(b *testing.B) {
		c := servqChina(b)
		b.ReportAllocs()
		for b.Loop() {
			sinkDur = c.Between(t0, t1)
		}
	})
}

// BenchmarkCompileOneYear: the cost of building one year's index in servq.
func BenchmarkCompileOneYear(b *testing.B) {
	loc := shanghai(b)
	spec := sla.ChinaOffice2025()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sla.CompileRange(spec, loc, 2025, 2026); err != nil {
			b.Fatal(err)
		}
	}
}
