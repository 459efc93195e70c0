package sla_test

import (
	"errors"
	"testing"
	"time"

	"github.com/servq/servq/sla"
)

func TestCombine(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	china := mustCompile(t, sla.ChinaOffice2025(), sh)
	evening := mustCompile(t, sla.Spec{Name: "evening desk", Week: sla.EveryDay(sla.MustWindow("17:00-23:00"))}, sh)
	night := mustCompile(t, sla.Spec{Name: "night", Week: sla.EveryDay(sla.MustWindow("22:00-06:00"))}, sh)

	un, err := sla.Union(china, evening)
	if err != nil {
		t.Fatal(err)
	}
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2025, m, d, h, min, 0, 0, sh) }
	// Monday 27 Jan: 08:30-12:00, 13:30-23:00 (office to 17:30 joins the desk).
	if got := un.Between(at(1, 27, 0, 0), at(1, 28, 0, 0)); got != 3*time.Hour+30*time.Minute+9*time.Hour+30*time.Minute {
		t.Errorf("union on a working Monday: %v", got)
	}
	// Spring Festival: only the evening desk.
	if got := un.Between(at(1, 29, 0, 0), at(1, 30, 0, 0)); got != 6*time.Hour {
		t.Errorf("union on a holiday: %v", got)
	}
	// The union's spec names the holiday on that date.
	found := false
	for _, e := range un.Spec().Exceptions {
		if e.From == sla.DateOf(2025, 1, 29) && e.Reason == "Spring Festival (春节)" && e.Kind == sla.ExceptionOverride {
			found = true
		}
	}
	if !found {
		t.Errorf("union spec lacks the Spring Festival override: %+v", un.Spec().Exceptions)
	}

	in, err := sla.Intersect(evening, night)
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Between(at(3, 3, 0, 0), at(3, 4, 0, 0)); got != time.Hour {
		t.Errorf("evening ∩ night: %v", got)
	}
	// Overnight windows: night ∪ evening covers 17:00 to 06:00 each night.
	un2, err := sla.Union(evening, night)
	if err != nil {
		t.Fatal(err)
	}
	if got := un2.Add(at(3, 3, 17, 0), 13*time.Hour); !got.Equal(at(3, 4, 6, 0)) {
		t.Errorf("evening ∪ night: 13h after 17:00 = %v", got)
	}

	if _, err := sla.Intersect(china, mustCompile(t, sla.Spec{Week: sla.Week{time.Saturday: {sla.MustWindow("10:00-11:00")}}}, sh)); !errors.Is(err, sla.ErrNoWorkingTime) {
		t.Errorf("disjoint intersection: %v", err)
	}
	if _, err := sla.Union(china, sla.TwentyFourSeven(time.UTC)); !errors.Is(err, sla.ErrZoneMismatch) {
		t.Errorf("zones differ: %v", err)
	}
}
