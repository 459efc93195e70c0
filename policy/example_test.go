package policy_test

import (
	"fmt"
	"time"

	"github.com/servq/servq/policy"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
)

// A small policy: one fact, a desk that never closes, and the 20-minute
// contact clock.
func Example() {
	src := `version: 1
name: contact
facts:
  order_type: string
calendars:
  desk: {builtin: 24x7, zone: Asia/Shanghai}
clocks:
  contact:
    start: ['event == "dispatched"']
    stop: ['event == "customer_contacted"']
    targets: [{name: twenty_minutes, calendar: desk, within: 20m}]
`
	pol, err := policy.Parse("contact.yaml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	dispatched := time.Date(2025, 7, 1, 10, 0, 0, 0, shanghai)
	st, _ := pol.Clocks.Fold(sla.State{}, sla.Event{ID: "e1", Name: "dispatched", At: dispatched,
		Facts: quality.Facts{"order_type": "repair"}})
	s, _ := pol.Clocks.Status(st, "contact", dispatched.Add(25*time.Minute))
	fmt.Println(pol.Name, pol.ClockNames(), pol.CalendarNames())
	fmt.Println("due", s.Due.Format("15:04"), "breached", s.Breached)
	// Output:
	// contact [contact] [desk]
	// due 10:20 breached true
}

// Every error of a policy is reported at once, each at its place in the
// file; an error in a rule points inside the rule.
func ExampleParse_errors() {
	src := `version: 1
name: broken
facts:
  rated: int
calendars:
  desk: {builtin: 24x7, zone: Asia/Shanghai}
clocks:
  contact:
    start: ['event == "dispatched" && raed > 0']
    targets: [{name: std, calendar: desk, within: 20 minutes}]
scorecards:
  provincial:
    total: 100
    missing: zero
    items:
      - {id: hotline, points: 35, deduction: {per: 1}}
      - {id: rest, points: 59, deduction: {per: 1}}
`
	_, err := policy.Parse("broken.yaml", []byte(src))
	fmt.Println(err)
	// Output:
	// broken.yaml:9:39: clocks.contact.start[0].when: unknown name "raed" (did you mean "rated"?)
	//    |     start: ['event == "dispatched" && raed > 0']
	//    |                                       ^
	// broken.yaml:10:51: clocks.contact.targets[0].within: "20 minutes" is not a duration (write a duration such as 3m, 20m, 1h30m, 48h or 15d)
	//    |     targets: [{name: std, calendar: desk, within: 20 minutes}]
	//    |                                                   ^
	// broken.yaml:13:12: scorecards.provincial.total: the items add up to 94, not the declared total 100 (hotline 35 + rest 59) (make the items add up to the total, or set normalize: true to scale them)
	//    |     total: 100
	//    |            ^
}
