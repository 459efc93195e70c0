package sla_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/servq/servq/sla"
)

// A complaint reaches the responsible department on Monday 27 January 2025
// at 09:00; it must answer within 24 working hours. The Spring Festival
// closes the office from 28 January to 4 February.
func ExampleCompile() {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	office, err := sla.Compile(sla.ChinaOffice2025(), shanghai)
	if err != nil {
		panic(err)
	}
	received := time.Date(2025, time.January, 27, 9, 0, 0, 0, shanghai)
	due := office.Add(received, 24*time.Hour)
	fmt.Println("due:", due.Format("Mon 2 Jan 15:04"))
	fmt.Println("working time:", office.Between(received, due))
	fmt.Println("make-up Saturday 8 Feb 10:00 is working:", office.IsWorking(time.Date(2025, time.February, 8, 10, 0, 0, 0, shanghai)))
	// Output:
	// due: Fri 7 Feb 10:30
	// working time: 24h0m0s
	// make-up Saturday 8 Feb 10:00 is working: true
}

// A desk that never closes counts real time, across a daylight-saving change
// too.
func ExampleTwentyFourSeven() {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	desk := sla.TwentyFourSeven(newYork)
	call := time.Date(2025, time.March, 8, 12, 0, 0, 0, newYork) // Saturday, EST
	fmt.Println(desk.Add(call, 24*time.Hour).Format("Mon 15:04 MST"))
	fmt.Println(desk.Add(call, 3*time.Minute).Format("15:04"), desk.Add(call, 20*time.Minute).Format("15:04"))
	// Output:
	// Sun 13:00 EDT
	// 12:03 12:20
}

// Segments explains a time limit: which stretches counted and why the others
// did not.
func ExampleCalendar_Segments() {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	office, err := sla.Compile(sla.ChinaOffice2025(), shanghai)
	if err != nil {
		panic(err)
	}
	from := time.Date(2025, time.January, 27, 16, 0, 0, 0, shanghai)
	for _, s := range office.Segments(from, office.Add(from, 3*time.Hour)) {
		what := "counts"
		if !s.Working {
			what = s.Reason
		}
		fmt.Printf("%s – %s  %s\n", s.From.Format("Jan 2 15:04"), s.To.Format("Jan 2 15:04"), what)
	}
	// Output:
	// Jan 27 16:00 – Jan 27 17:30  counts
	// Jan 27 17:30 – Jan 28 00:00  outside working hours
	// Jan 28 00:00 – Feb 5 00:00  closed: Spring Festival (春节)
	// Feb 5 00:00 – Feb 5 08:30  outside working hours
	// Feb 5 08:30 – Feb 5 10:00  counts
}

// Team hours intersected with the customer's hours give the time in which an
// appointment can be kept.
func ExampleIntersect() {
	utc := time.UTC
	team, err := sla.Compile(sla.Spec{Name: "team", Week: sla.EveryDay(sla.MustWindow("08:00-20:00"))}, utc)
	if err != nil {
		panic(err)
	}
	customer, err := sla.Compile(sla.Spec{Name: "customer", Week: sla.MondayToFriday(sla.MustWindow("18:00-22:00"))}, utc)
	if err != nil {
		panic(err)
	}
	both, err := sla.Intersect(team, customer)
	if err != nil {
		panic(err)
	}
	monday := time.Date(2025, time.June, 2, 0, 0, 0, 0, utc)
	fmt.Println(both.Spec().Name, both.Spec().Week[time.Monday], both.Spec().Week[time.Saturday])
	fmt.Println(both.NextWorking(monday).Format("Mon 15:04"), both.Between(monday, monday.AddDate(0, 0, 7)))
	// Output:
	// team ∩ customer [18:00-20:00] []
	// Mon 18:00 10h0m0s
}

// Decoding refuses a spec it cannot honour and says where the fault is.
func ExampleParseSpec() {
	_, err := sla.ParseSpec([]byte(`{"version":1,"zone":"Asia/Shanghai","week":{"mon":["08:30-12:00","11:30-17:30"]}}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, sla.ErrOverlappingWindows))
	_, err = sla.ParseSpec([]byte(`{"version":3}`))
	fmt.Println(err)
	// Output:
	// sla: calendar spec: week.mon[1]: window 11:30-17:30 overlaps 08:30-12:00
	// true
	// sla: calendar spec: version: version 3 is not known (this package reads version 1)
}
