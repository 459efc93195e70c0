package sla_test

import (
	"testing"
	"time"

	"github.com/servq/servq/sla"
)

// TestNoAllocs: the hot paths inside the indexed years do not allocate.
func TestNoAllocs(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	ny := mustLoad(t, "America/New_York")
	for _, c := range []*sla.Calendar{mustCompile(t, sla.ChinaOffice2025(), sh), sla.TwentyFourSeven(ny), mustCompile(t, office(ny), ny)} {
		t0 := time.Date(2025, time.January, 27, 9, 0, 0, 0, c.Location())
		t1 := t0.AddDate(0, 0, 90)
		ops := map[string]func(){
			"Add":         func() { c.Add(t0, 300*time.Hour) },
			"Add back":    func() { c.Add(t1, -300*time.Hour) },
			"Between":     func() { c.Between(t0, t1) },
			"IsWorking":   func() { c.IsWorking(t1) },
			"NextWorking": func() { c.NextWorking(t1) },
			"PrevWorking": func() { c.PrevWorking(t1) },
		}
		for name, op := range ops {
			if n := testing.AllocsPerRun(100, op); n != 0 {
				t.Errorf("%s on %s: %v allocations", name, c.Name(), n)
			}
		}
	}
}

func benchCal(b *testing.B, lunch bool) *sla.Calendar {
	sh := mustLoad(b, "Asia/Shanghai")
	spec := sla.ChinaOffice2025()
	if !lunch {
		spec.Week = sla.MondayToFriday(sla.MustWindow("08:30-17:30"))
		spec.Exceptions = nil
	}
	return mustCompile(b, spec, sh)
}

var sinkTime time.Time
var sinkDur time.Duration

// BenchmarkAdd300h: a due date 300 working hours away (the "free
// replacement" stage of DOMAIN.md).
func BenchmarkAdd300h(b *testing.B) {
	for _, lunch := range []bool{false, true} {
		name := map[bool]string{false: "0830-1730", true: "China2025-lunch"}[lunch]
		b.Run(name, func(b *testing.B) {
			c := benchCal(b, lunch)
			t0 := time.Date(2025, time.January, 6, 9, 0, 0, 0, c.Location())
			b.ReportAllocs()
			for b.Loop() {
				sinkTime = c.Add(t0, 300*time.Hour)
			}
		})
	}
}

// BenchmarkBetween90d: working time over 90 days.
func BenchmarkBetween90d(b *testing.B) {
	for _, lunch := range []bool{false, true} {
		name := map[bool]string{false: "0830-1730", true: "China2025-lunch"}[lunch]
		b.Run(name, func(b *testing.B) {
			c := benchCal(b, lunch)
			t0 := time.Date(2025, time.January, 6, 9, 0, 0, 0, c.Location())
			t1 := t0.AddDate(0, 0, 90)
			b.ReportAllocs()
			for b.Loop() {
				sinkDur = c.Between(t0, t1)
			}
		})
	}
}

// BenchmarkCompileOneYear: building the index of one year.
func BenchmarkCompileOneYear(b *testing.B) {
	for _, zone := range []string{"Asia/Shanghai", "America/New_York"} {
		b.Run(zone, func(b *testing.B) {
			loc := mustLoad(b, zone)
			spec := sla.ChinaOffice2025()
			spec.Zone = zone
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sla.CompileRange(spec, loc, 2025, 2026); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompileDefault: Compile with the default 50 indexed years.
func BenchmarkCompileDefault(b *testing.B) {
	loc := mustLoad(b, "Asia/Shanghai")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sla.Compile(sla.ChinaOffice2025(), loc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddOutsideIndex: the slower path, one year past the index.
func BenchmarkAddOutsideIndex(b *testing.B) {
	c := benchCal(b, true)
	t0 := time.Date(2051, time.January, 6, 9, 0, 0, 0, c.Location())
	b.ReportAllocs()
	for b.Loop() {
		sinkTime = c.Add(t0, 300*time.Hour)
	}
}
