package escalation_test

// The operators' machines of ../shared/DOMAIN.md, built in Go, shared by the
// tests and the examples.

import (
	"time"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
)

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// complaintFacts are the facts the complaint line's guards read.
var complaintFacts = quality.MustSchema(
	quality.Field{Name: "invalid", Kind: quality.KindBool, Doc: "the complaint is judged invalid"},
	quality.Field{Name: "provincial", Kind: quality.KindBool, Doc: "the responsible department is a provincial one"},
	quality.Field{Name: "cause", Kind: quality.KindString, Doc: "responsibility: human, equipment, customer, other"},
	quality.Field{Name: "major", Kind: quality.KindBool, Doc: "a major problem"},
	quality.Field{Name: "common", Kind: quality.KindBool, Doc: "a common (repeated) problem"},
	quality.Field{Name: "satisfied", Kind: quality.KindBool, Doc: "the customer said satisfied at the callback"},
)

// complaintLine is the complaint hotline flow of DOMAIN.md §1 and §2 [004]:
// submitted → dispatched → handled → customer answered → returned →
// responsibility decided → callback → closed, with its time limits: submit
// within 5 minutes, dispatch within 30 minutes, supervision at 3 hours, city
// dispatch within 30 minutes, return within 24 hours, answer within 20 hours
// (24 hours for provincial departments), penalty report within one week.
func complaintLine() escalation.Definition {
	notify := func(role, note string) escalation.Action {
		return escalation.Action{Kind: escalation.ActionNotify, Role: role, Note: note}
	}
	raise := func(level int) escalation.Action {
		return escalation.Action{Kind: escalation.ActionRaiseLevel, Level: level}
	}
	return escalation.Definition{
		Name:    "complaint",
		Version: 1,
		Doc:     "complaint hotline flow [004]",
		Initial: "received",
		Levels: []escalation.LevelDef{
			{Name: "supervised", Role: "back_office_supervisor", Doc: "督办: the back office supervises the order"},
			{Name: "overdue", Role: "city_quality_lead", Doc: "the city or department missed its limit"},
			{Name: "penalty_overdue", Role: "quality_director", Doc: "penalty report overdue"},
		},
		States: []escalation.StateDef{
			{Name: "received", Doc: "the caller hung up; the front desk submits the complaint"},
			{Name: "submitted", Doc: "the back office dispatches it to the responsible city"},
			{Name: "dispatched", Doc: "the city's quality office dispatches it to the responsible department"},
			{Name: "handling", Doc: "the responsible department handles it and answers the customer",
				Entry: []escalation.Action{{Kind: escalation.ActionAssign, Role: "department"}}},
			{Name: "answered", Doc: "the customer was answered; the department returns the order"},
			{Name: "returned", Doc: "back at the back office, which decides responsibility"},
			{Name: "penalty", Doc: "human-caused, major or common problem: penalty decision"},
			{Name: "callback", Doc: "the callback asks the customer"},
			{Name: "closed", Terminal: true},
		},
		Timers: []escalation.TimerDef{
			{Name: "submit", Scope: escalation.ScopeState, State: "received",
				Deadline: escalation.TimerSpec{After: 5 * time.Minute},
				Actions:  []escalation.Action{notify("front_desk_lead", "not submitted within 5 minutes")}},
			{Name: "dispatch", Scope: escalation.ScopeState, State: "submitted",
				Deadline: escalation.TimerSpec{After: 30 * time.Minute},
				Actions:  []escalation.Action{notify("back_office_lead", "not dispatched within 30 minutes")}},
			{Name: "supervision", Scope: escalation.ScopeNamed,
				Deadline: escalation.TimerSpec{After: 3 * time.Hour},
				Actions:  []escalation.Action{raise(1), notify("back_office_supervisor", "supervise (督办): 3 hours since submission")}},
			{Name: "city_dispatch", Scope: escalation.ScopeState, State: "dispatched",
				Deadline: escalation.TimerSpec{After: 30 * time.Minute},
				Actions:  []escalation.Action{notify("city_quality_lead", "not dispatched to a department within 30 minutes")}},
			{Name: "city_return", Scope: escalation.ScopeNamed,
				Deadline: escalation.TimerSpec{After: 24 * time.Hour},
				Actions:  []escalation.Action{raise(2), notify("city_quality_lead", "not returned within 24 hours")}},
			{Name: "department", Scope: escalation.ScopeNamed,
				Deadline: escalation.TimerSpec{After: 20 * time.Hour},
				Actions:  []escalation.Action{raise(2), notify("department_head", "not answered and returned within 20 hours")}},
			{Name: "department_provincial", Scope: escalation.ScopeNamed,
				Deadline: escalation.TimerSpec{After: 24 * time.Hour},
				Actions:  []escalation.Action{raise(2), notify("department_head", "not answered and returned within 24 hours (provincial)")}},
			{Name: "penalty_report", Scope: escalation.ScopeState, State: "penalty",
				Deadline: escalation.TimerSpec{After: week},
				Actions:  []escalation.Action{raise(3), notify("quality_director", "penalty not reported within one week")}},
		},
		Counters: []escalation.CounterDef{
			{Name: "reopenings", Threshold: 2, Doc: "dissatisfied callbacks",
				Actions: []escalation.Action{notify("general_manager", "customer still dissatisfied")}},
		},
		Transitions: []escalation.Transition{
			{From: "received", On: "submit", To: "submitted", Start: []string{"supervision"}},
			{From: "submitted", On: "dispatch", Guard: "invalid", To: "closed",
				Actions: []escalation.Action{notify("customer", "answered at once: invalid complaint")},
				Doc:     "an invalid complaint is answered and closed at once"},
			{From: "submitted", On: "dispatch", To: "dispatched", Start: []string{"city_return"}},
			{From: "dispatched", On: "assign", Guard: "provincial", To: "handling", Start: []string{"department_provincial"}},
			{From: "dispatched", On: "assign", To: "handling", Start: []string{"department"}},
			{From: "dispatched", On: "wrong_dispatch", To: "submitted", Stop: []string{"city_return"},
				Doc: "dispatched to the wrong city: back to the back office for re-dispatch"},
			{From: "handling", On: "wrong_dispatch", To: "dispatched", Stop: []string{"department", "department_provincial"},
				Doc: "not this department's: the city dispatches it again"},
			{From: "handling", On: "answer", To: "answered"},
			{From: "answered", On: "return", To: "returned",
				Stop: []string{"department", "department_provincial", "city_return", "supervision"}},
			{From: "returned", On: "decide", Guard: `cause == "human" || major || common`, To: "penalty"},
			{From: "returned", On: "decide", To: "callback"},
			{From: "penalty", On: "penalty_reported", To: "callback",
				Actions: []escalation.Action{{Kind: escalation.ActionRecordPenalty, Code: "complaint_penalty"}}},
			{From: "callback", On: "callback", Guard: "satisfied", To: "closed"},
			{From: "callback", On: "callback", Guard: "provincial", To: "handling", Reopen: true,
				Count: []string{"reopenings"}, Start: []string{"department_provincial"}},
			{From: "callback", On: "callback", To: "handling", Reopen: true,
				Count: []string{"reopenings"}, Start: []string{"department"}},
		},
	}
}

// afterSalesFacts is empty: the overdue ladder needs no guard.
var noFacts = quality.MustSchema()

// afterSalesOverdue is the four-level overdue warning of an after-sales order
// (DOMAIN.md §1 [002], §2): the order is tracked by the hour from the moment it
// is overdue; a timer is left with the customer (level 1); past 48 hours the
// timer becomes the customer's gift (level 2); still unsolved within 300 hours
// the product is replaced free (level 3); at 15 days, the long-standing
// replacement limit, the satisfaction supervision group takes it (level 4).
func afterSalesOverdue() escalation.Definition {
	return escalation.Definition{
		Name:    "after_sales_overdue",
		Version: 2,
		Initial: "open",
		Levels: []escalation.LevelDef{
			{Name: "level1", Role: "station_head", Doc: "一级预警"},
			{Name: "level2", Role: "county_manager", Doc: "二级预警"},
			{Name: "level3", Role: "branch_manager", Doc: "三级预警"},
			{Name: "level4", Role: "supervision_group", Doc: "四级预警: satisfaction supervision group"},
		},
		States: []escalation.StateDef{
			{Name: "open", Doc: "overdue and unsolved", Entry: []escalation.Action{
				{Kind: escalation.ActionRaiseLevel, Level: 1},
				{Kind: escalation.ActionCustom, Code: "leave_timer", Note: "leave a timer with the customer"},
			}},
			{Name: "solved", Terminal: true},
		},
		Start: []string{"gift", "replace", "supervise"},
		Timers: []escalation.TimerDef{
			{Name: "gift", Scope: escalation.ScopeNamed, Deadline: escalation.TimerSpec{After: 48 * time.Hour},
				Actions: []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 2},
					{Kind: escalation.ActionCompensate, Code: "timer_gift", Note: "the timer becomes the customer's gift"}}},
			{Name: "replace", Scope: escalation.ScopeNamed, Deadline: escalation.TimerSpec{After: 300 * time.Hour},
				Actions: []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 3},
					{Kind: escalation.ActionCompensate, Code: "free_replacement", Note: "replace the product free"}}},
			{Name: "supervise", Scope: escalation.ScopeNamed, Deadline: escalation.TimerSpec{After: 15 * day},
				Actions: []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 4}}},
		},
		Transitions: []escalation.Transition{
			{From: "open", On: "solved", To: "solved"},
		},
	}
}

// afterSalesOverdueV1 is the long-standing policy before the 300-hour rule:
// gift at 48 hours, free replacement only after 15 days, three levels.
func afterSalesOverdueV1() escalation.Definition {
	d := afterSalesOverdue()
	d.Version = 1
	d.Levels = d.Levels[:3]
	d.Start = []string{"gift", "replace"}
	d.Timers = d.Timers[:2]
	d.Timers[1].Deadline.After = 15 * day
	return d
}

// dispatchOrder is a general manager's dispatch order to one department head
// (DOMAIN.md §1 [004]): each order must be answered within 24 hours; a head who
// fails to answer three times is removed ("one-vote veto").
func dispatchOrder() escalation.Definition {
	return escalation.Definition{
		Name:    "gm_dispatch",
		Version: 1,
		Initial: "idle",
		States: []escalation.StateDef{
			{Name: "idle", Doc: "no dispatch order open"},
			{Name: "awaiting", Doc: "a dispatch order awaits the head's reply"},
			{Name: "removed", Terminal: true, Doc: "removed from the post (一票否决)"},
		},
		Timers: []escalation.TimerDef{
			{Name: "reply", Scope: escalation.ScopeState, State: "awaiting", Deadline: escalation.TimerSpec{After: 24 * time.Hour}},
		},
		Counters: []escalation.CounterDef{
			{Name: "misses", Threshold: 3, To: "removed",
				Actions: []escalation.Action{{Kind: escalation.ActionRecordPenalty, Code: "one_vote_veto", Note: "three dispatch orders unanswered"}}},
		},
		Transitions: []escalation.Transition{
			{From: "idle", On: "order", To: "awaiting"},
			{From: "awaiting", On: "reply", To: "idle"},
			{From: "awaiting", Timer: "reply", To: "idle", Count: []string{"misses"},
				Actions: []escalation.Action{{Kind: escalation.ActionNotify, Role: "general_manager", Note: "dispatch order not answered within 24 hours"}}},
		},
	}
}

// repairFacts are the facts the repair loop reads.
var repairFacts = quality.MustSchema(
	quality.Field{Name: "satisfied", Kind: quality.KindBool, Doc: "the customer said satisfied"},
)

// repairLoop is the repair order's satisfied-then-close loop (DOMAIN.md §2
// [002]): an order is closed only when the customer is satisfied; otherwise it
// is reopened, its clocks restart and service goes on; from the second
// reopening on, every further one escalates to the station head.
func repairLoop() escalation.Definition {
	return escalation.Definition{
		Name:    "repair",
		Version: 1,
		Initial: "dispatched",
		Levels:  []escalation.LevelDef{{Name: "station", Role: "station_head"}},
		States: []escalation.StateDef{
			{Name: "dispatched", Doc: "the technician has the fault and calls the customer"},
			{Name: "appointed", Doc: "an appointment is agreed"},
			{Name: "repaired", Doc: "the technician reports the fault fixed"},
			{Name: "closed", Terminal: true},
		},
		Timers: []escalation.TimerDef{
			{Name: "contact", Scope: escalation.ScopeState, State: "dispatched", Deadline: escalation.TimerSpec{After: 20 * time.Minute},
				Actions: []escalation.Action{{Kind: escalation.ActionNotify, Role: "station_head", Note: "customer not called within 20 minutes"}}},
		},
		Counters: []escalation.CounterDef{
			{Name: "reopenings", Threshold: 2, Actions: []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 1, Note: "reopened again"}}},
		},
		Transitions: []escalation.Transition{
			{From: "dispatched", On: "contacted", To: "appointed"},
			{From: "appointed", On: "repaired", To: "repaired"},
			{From: "repaired", On: "callback", Guard: "satisfied", To: "closed"},
			{From: "repaired", On: "callback", To: "dispatched", Reopen: true, Count: []string{"reopenings"},
				Actions: []escalation.Action{
					{Kind: escalation.ActionResetClock, Code: "contact"},
					{Kind: escalation.ActionResetClock, Code: "repair"},
					{Kind: escalation.ActionNotify, Role: "technician", Note: "customer not satisfied: service continues"},
				}},
		},
	}
}

func mustCompile(def escalation.Definition, schema *quality.Schema) *escalation.Machine {
	return escalation.MustCompile(def, escalation.Env{Schema: schema})
}
