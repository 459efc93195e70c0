package sla_test

import (
	"testing"
	"time"

	"github.com/servq/servq/sla"
)

// TestChina2025 checks the shipped data against the State Council notice,
// day by day, and the weekdays it names.
func TestChina2025(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	c := mustCompile(t, sla.ChinaOffice2025(), sh)
	holidays := map[string]bool{}
	for _, r := range [][2]string{
		{"2025-01-01", "2025-01-01"}, {"2025-01-28", "2025-02-04"}, {"2025-04-04", "2025-04-06"},
		{"2025-05-01", "2025-05-05"}, {"2025-05-31", "2025-06-02"}, {"2025-10-01", "2025-10-08"},
	} {
		from, _ := sla.ParseDate(r[0])
		to, _ := sla.ParseDate(r[1])
		for d := from; d != to.AddDays(1); d = d.AddDays(1) {
			holidays[d.String()] = true
		}
	}
	makeUp := map[string]time.Weekday{"2025-01-26": time.Sunday, "2025-02-08": time.Saturday, "2025-04-27": time.Sunday, "2025-09-28": time.Sunday, "2025-10-11": time.Saturday}
	if len(holidays) != 1+8+3+5+3+8 {
		t.Fatalf("%d holiday days", len(holidays))
	}
	var closed, worked int
	for d := sla.DateOf(2025, 1, 1); d.Year == 2025; d = d.AddDays(1) {
		noon := time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, sh)
		wd, isMakeUp := makeUp[d.String()]
		want := !holidays[d.String()] && (isMakeUp || (d.Weekday() != time.Saturday && d.Weekday() != time.Sunday))
		if isMakeUp && d.Weekday() != wd {
			t.Errorf("%v is a %v, the notice says %v", d, d.Weekday(), wd)
		}
		if got := c.IsWorking(noon); got != want {
			t.Errorf("%v 10:00: working %v, want %v", d, got, want)
		}
		if want {
			worked++
		} else {
			closed++
		}
		// Every working day holds 7h30 (08:30-12:00, 13:30-17:30).
		if got := c.Between(noon.Add(-10*time.Hour), noon.Add(14*time.Hour)); want && got != 7*time.Hour+30*time.Minute {
			t.Errorf("%v holds %v", d, got)
		}
	}
	// 2025 has 261 weekdays; the notice closes 18 of them (1 + 6 + 1 + 3 +
	// 1 + 6) and opens 5
	// weekend days: 248 working days.
	if worked != 248 {
		t.Errorf("%d working days in 2025, want 248", worked)
	}
	y0 := time.Date(2025, 1, 1, 0, 0, 0, 0, sh)
	if got := c.Between(y0, y0.AddDate(1, 0, 0)); got != 248*(7*time.Hour+30*time.Minute) {
		t.Errorf("working time in 2025 = %v", got)
	}
	if ex := sla.ChinaHolidays2025(); len(ex) != 11 {
		t.Errorf("%d exceptions", len(ex))
	}
}
