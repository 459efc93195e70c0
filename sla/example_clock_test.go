package sla_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/shopspring/decimal"
)

// The facts of a work order that the clocks below read.
var orderFacts = quality.MustSchema(
	quality.Field{Name: "status", Kind: quality.KindString},
	quality.Field{Name: "priority", Kind: quality.KindString},
)

// exampleEnv returns the schema and two calendars in Shanghai: a desk that
// never closes and a Chinese office of 2025.
func exampleEnv() sla.ClockEnv {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	office, err := sla.Compile(sla.ChinaOffice2025(), loc)
	if err != nil {
		panic(err)
	}
	return sla.ClockEnv{Schema: orderFacts, Calendars: map[string]*sla.Calendar{"24x7": sla.TwentyFourSeven(loc), "office": office}}
}

// The report-and-fix clocks of a repair order: the fault reaches the
// technician within 3 minutes of the call, and the technician calls the
// customer within 20 minutes of receiving it.
func ExampleClocks_Fold() {
	env := exampleEnv()
	cs, err := sla.CompileClocks(env,
		sla.ClockSpec{
			Name:    "dispatch",
			Start:   []sla.Condition{{When: `event == "call_ended"`}},
			Stop:    []sla.Condition{{When: `event == "dispatched"`}},
			Targets: []sla.TargetSpec{{Name: "3 minutes", Calendar: "24x7", Within: 3 * time.Minute}},
		},
		sla.ClockSpec{
			Name:    "contact",
			Start:   []sla.Condition{{When: `event == "dispatched"`}},
			Stop:    []sla.Condition{{When: `event == "customer_called"`}},
			Targets: []sla.TargetSpec{{Name: "20 minutes", Calendar: "24x7", Within: 20 * time.Minute}},
			Warnings: []sla.WarningSpec{
				{Name: "75%", Percent: decimal.NewFromInt(75)},
				{Name: "5 min left", Before: 5 * time.Minute},
			},
		})
	if err != nil {
		panic(err)
	}
	loc := env.Calendars["24x7"].Location()
	at := func(hm string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02 15:04:05", "2025-07-01 "+hm, loc)
		return t
	}
	facts := quality.Facts{"status": "new", "priority": "normal"}
	s, err := cs.Fold(sla.State{},
		sla.Event{ID: "1", At: at("09:00:00"), Name: "call_ended", Facts: facts},
		sla.Event{ID: "2", At: at("09:02:30"), Name: "dispatched", Facts: facts},
	)
	if err != nil {
		panic(err)
	}
	now := at("09:10:00")
	for _, name := range cs.Names() {
		st, _ := cs.Status(s, name, now)
		used, _ := st.PercentUsed(2)
		fmt.Printf("%-8s %-7v elapsed %-6v due %s  %s%% used  breached %v\n",
			st.Clock, st.Phase, st.Elapsed, st.Due.Format("15:04:05"), used.StringFixed(2), st.Breached)
	}
	wake, _, _ := cs.NextWake(s, now)
	fmt.Println("wake up at", wake.Format("15:04:05"))
	st, _ := cs.Status(s, "contact", wake)
	fmt.Println("then reached:", st.Warnings())

	// A repeated delivery is ignored; an older event is refused.
	s2, _ := cs.Fold(s, sla.Event{ID: "2", At: at("09:02:30"), Name: "dispatched", Facts: facts})
	fmt.Println("events applied:", s2.Events())
	_, err = cs.Fold(s, sla.Event{ID: "0", At: at("08:59:00"), Name: "note", Facts: facts})
	fmt.Println("late:", errors.Is(err, sla.ErrLateEvent))
	// Output:
	// dispatch stopped elapsed 2m30s  due 09:03:00  83.33% used  breached false
	// contact  running elapsed 7m30s  due 09:22:30  37.50% used  breached false
	// wake up at 09:17:30
	// then reached: [75% 5 min left]
	// events applied: 2
	// late: true
}

// A repair on office hours pauses while the customer is awaited; its
// explanation shows what counted and why the rest did not.
func ExampleClocks_Explain() {
	env := exampleEnv()
	cs := sla.MustCompileClocks(env, sla.ClockSpec{
		Name:  "repair",
		Start: []sla.Condition{{When: `event == "dispatched"`}},
		Pause: []sla.Condition{{Name: "waiting for customer", When: `event == "status_changed" && status == "pending_customer"`}},
		Resume: []sla.Condition{{Name: "work resumed",
			When: `event == "status_changed" && status == "in_progress"`}},
		Stop: []sla.Condition{{When: `event == "resolved"`}},
		Targets: []sla.TargetSpec{
			{Name: "urgent", When: `priority == "urgent"`, Calendar: "24x7", Within: 4 * time.Hour},
			{Name: "normal", Calendar: "office", Within: 8 * time.Hour},
		},
	})
	loc := env.Calendars["office"].Location()
	at := func(v string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02 15:04", v, loc)
		return t
	}
	ev := func(id, when, name, status string) sla.Event {
		return sla.Event{ID: id, At: at(when), Name: name, Facts: quality.Facts{"status": status, "priority": "normal"}}
	}
	s, _ := cs.Fold(sla.State{},
		ev("1", "2025-07-04 16:00", "dispatched", "new"),                  // Friday
		ev("2", "2025-07-07 09:00", "status_changed", "pending_customer"), // Monday
		ev("3", "2025-07-07 14:00", "status_changed", "in_progress"),
	)
	tl, _ := cs.Explain(s, "repair", at("2025-07-07 15:00"))
	fmt.Print(tl)
	st, _ := cs.Status(s, "repair", at("2025-07-07 15:00"))
	fmt.Println("elapsed", st.Elapsed, "due", st.Due.Format("Mon 15:04"))
	// Output:
	// clock repair
	//   #1 2025-07-04 16:00:00 .. 2025-07-04 17:30:00  1h30m0s  counted
	//   #1 2025-07-04 17:30:00 .. 2025-07-07 08:30:00  63h0m0s  not counted: outside working hours
	//   #1 2025-07-07 08:30:00 .. 2025-07-07 09:00:00  30m0s  counted
	//   #1 2025-07-07 09:00:00 .. 2025-07-07 14:00:00  5h0m0s  not counted: paused: waiting for customer
	//   #1 2025-07-07 14:00:00 .. 2025-07-07 15:00:00  1h0m0s  counted
	//   #1 2025-07-04 16:00:00  started: normal
	//   #1 2025-07-07 09:00:00  paused: waiting for customer
	//   #1 2025-07-07 14:00:00  resumed
	// elapsed 3h0m0s due Tue 11:00
}

// Complaints are classified at the next batch slot: 10:00 or 15:00, Monday
// to Saturday.
func ExampleSlotSpec() {
	env := exampleEnv()
	cs := sla.MustCompileClocks(env, sla.ClockSpec{
		Name:  "classify",
		Start: []sla.Condition{{When: `event == "submitted"`}},
		Stop:  []sla.Condition{{When: `event == "forwarded"`}},
		Targets: []sla.TargetSpec{{Name: "next batch", Calendar: "24x7",
			Slots: &sla.SlotSpec{Times: []sla.TimeOfDay{sla.HM(10, 0), sla.HM(15, 0)}, Days: sla.WeekdaysMonSat}}},
	})
	loc := env.Calendars["24x7"].Location()
	facts := quality.Facts{"status": "new", "priority": "normal"}
	for i, v := range []string{"2025-07-01 09:30", "2025-07-01 10:00", "2025-07-05 15:20"} {
		t, _ := time.ParseInLocation("2006-01-02 15:04", v, loc)
		s, _ := cs.Fold(sla.State{}, sla.Event{ID: fmt.Sprint(i), At: t, Name: "submitted", Facts: facts})
		st, _ := cs.Status(s, "classify", t)
		fmt.Println(t.Format("Mon 15:04"), "->", st.Due.Format("Mon 15:04"))
	}
	// Output:
	// Tue 09:30 -> Tue 10:00
	// Tue 10:00 -> Tue 15:00
	// Sat 15:20 -> Mon 10:00
}

// The hotline's share of calls answered by a person within 15 seconds,
// counted on two shards and merged for the day (target 85%).
func ExampleWithin() {
	morning, _ := sla.NewWithin(15 * time.Second)
	afternoon, _ := sla.NewWithin(15 * time.Second)
	for _, s := range []int{3, 8, 15, 22, 9} {
		morning, _ = morning.Observe(time.Duration(s) * time.Second)
	}
	for _, s := range []int{4, 12, 31} {
		afternoon, _ = afternoon.Observe(time.Duration(s) * time.Second)
	}
	afternoon, _ = afternoon.Miss() // hung up before anyone answered
	day, _ := morning.Merge(afternoon)
	fmt.Println(day.Rate, day.Rate.Percent(2, quality.HalfUp), "meets 85%:", day.Meets(quality.Rate{Num: 85, Den: 100}))
	// Output:
	// 6/9 66.67% meets 85%: false
}
