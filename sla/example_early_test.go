package sla_test

import (
	"fmt"
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
)

// Arrival inside the appointment window: a repair appointment agreed for
// 14:00–16:00. The window's end is the target's deadline, its start the
// not-before instant; the technician who rings the bell at 13:40 is early
// and does not count as on time, whoever arrives at 14:30 does.
func ExampleTargetSpec_notBefore() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	schema := quality.MustSchema(
		quality.Field{Name: "appointment_start", Kind: quality.KindTime},
		quality.Field{Name: "appointment_end", Kind: quality.KindTime},
	)
	cs, err := sla.CompileClocks(sla.ClockEnv{Schema: schema, Calendars: map[string]*sla.Calendar{"24x7": sla.TwentyFourSeven(loc)}},
		sla.ClockSpec{
			Name:  "arrival",
			Start: []sla.Condition{{When: `event == "appointment_agreed"`}},
			Stop:  []sla.Condition{{When: `event == "arrived"`}},
			Targets: []sla.TargetSpec{{Name: "window", Calendar: "24x7",
				NotBefore: "appointment_start", Deadline: "appointment_end"}},
		})
	if err != nil {
		panic(err)
	}
	at := func(hm string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02 15:04", "2025-07-01 "+hm, loc)
		return t
	}
	window := quality.Facts{"appointment_start": at("14:00"), "appointment_end": at("16:00")}
	for _, arrive := range []string{"13:40", "14:30", "16:10"} {
		s, err := cs.Fold(sla.State{},
			sla.Event{ID: "1", At: at("10:05"), Name: "appointment_agreed", Facts: window},
			sla.Event{ID: "2", At: at(arrive), Name: "arrived", Facts: window})
		if err != nil {
			panic(err)
		}
		st, _ := cs.Status(s, "arrival", at("18:00"))
		fmt.Printf("arrived %s: window %s-%s early %-5v breached %-5v met %v\n", arrive,
			st.NotBefore.Format("15:04"), st.Due.Format("15:04"), st.Early, st.Breached, st.Met())
		if arrive == "13:40" {
			tl, _ := cs.Explain(s, "arrival", at("18:00"))
			fmt.Print(tl)
		}
	}
	// Output:
	// arrived 13:40: window 14:00-16:00 early true  breached false met false
	// clock arrival
	//   #1 2025-07-01 10:05:00 .. 2025-07-01 13:40:00  3h35m0s  counted
	//   #1 2025-07-01 10:05:00  started: window
	//   #1 2025-07-01 13:40:00  stopped
	//   #1 2025-07-01 13:40:00  stopped early: window not before 2025-07-01 14:00:00
	// arrived 14:30: window 14:00-16:00 early false breached false met true
	// arrived 16:10: window 14:00-16:00 early false breached true  met false
}
