package escalation_test

import (
	"fmt"
	"time"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
)

// A general manager's dispatch order must be answered within 24 hours; a
// department head who fails three times is removed. The host steps the order
// with each event and wakes it at Result.Wake; here it wakes late, once, and
// gets every action that became due, each with its lateness.
func Example() {
	def := escalation.Definition{
		Name: "gm_dispatch", Version: 1, Initial: "idle",
		States: []escalation.StateDef{
			{Name: "idle"}, {Name: "awaiting"}, {Name: "removed", Terminal: true},
		},
		Timers: []escalation.TimerDef{{
			Name: "reply", Scope: escalation.ScopeState, State: "awaiting",
			Deadline: escalation.TimerSpec{After: 24 * time.Hour}, // round the clock
		}},
		Counters: []escalation.CounterDef{{
			Name: "misses", Threshold: 3, To: "removed",
			Actions: []escalation.Action{{Kind: escalation.ActionRecordPenalty, Code: "one_vote_veto"}},
		}},
		Transitions: []escalation.Transition{
			{From: "idle", On: "order", To: "awaiting"},
			{From: "awaiting", On: "reply", To: "idle"},
			{From: "awaiting", Timer: "reply", To: "idle", Count: []string{"misses"},
				Actions: []escalation.Action{{Kind: escalation.ActionNotify, Role: "general_manager"}}},
		},
	}
	m, err := escalation.Compile(def, escalation.Env{})
	if err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
	res, _ := m.Start("head-17", t0, nil)
	st := res.State
	for day := 0; day < 3; day++ {
		at := t0.Add(time.Duration(day) * 48 * time.Hour)
		res, _ = m.Step(st, escalation.Event{ID: fmt.Sprint("order-", day), Name: "order", At: at}, at)
		st = res.State
		if day < 2 {
			// Woken on time: the miss is counted at the deadline.
			res, _ = m.Tick(st, res.Wake, nil)
			st = res.State
		}
	}
	// The host is down for a day and wakes 26 hours after the third order.
	res, _ = m.Tick(st, t0.Add(96*time.Hour+26*time.Hour), nil)
	for _, a := range res.Actions {
		fmt.Println(a.Due.Format(time.DateTime), a.Action, "late", a.Lateness)
	}
	fmt.Println(res.State.Current, res.State.Counter("misses"), res.Wake.IsZero())
	// Output:
	// 2025-07-06 09:00:00 notify general_manager late 2h0m0s
	// 2025-07-06 09:00:00 record_penalty one_vote_veto late 2h0m0s
	// removed 3 true
}

// Validation names every problem with a stable code and a path into the
// definition.
func ExampleValidate() {
	schema := quality.MustSchema(quality.Field{Name: "satisfied", Kind: quality.KindBool})
	def := escalation.Definition{
		Name: "repair", Version: 1, Initial: "repaired",
		States: []escalation.StateDef{{Name: "repaired"}, {Name: "reopened"}, {Name: "closed", Terminal: true}},
		Transitions: []escalation.Transition{
			{From: "repaired", On: "callback", To: "reopened"},
			{From: "repaired", On: "callback", Guard: "satisfied", To: "closed"},
		},
	}
	for _, f := range escalation.Validate(def, escalation.Env{Schema: schema}) {
		fmt.Println(f)
	}
	// Output:
	// states[1]: dead-end: no transition leads out of non-terminal state "reopened"
	// states[1]: no-reachable-terminal: no terminal state can be reached from "reopened"
	// transitions[1]: overlapping-transitions: never taken: transitions[0] (repaired --callback--> reopened) on the same state and trigger has no guard
}

// A late tick emits every action that became due, in due order: the
// four-level overdue warning of an after-sales order woken once after 16 days.
func ExampleMachine_Tick() {
	m := mustCompile(afterSalesOverdue(), noFacts)
	t0 := time.Date(2025, 7, 1, 10, 0, 0, 0, time.UTC)
	res, _ := m.Start("AS-1", t0, nil)
	res, _ = m.Tick(res.State, t0.Add(16*24*time.Hour), nil)
	for _, a := range res.Actions {
		fmt.Printf("%-40s due +%v, late %v\n", a.Action.String(), a.Due.Sub(t0), a.Lateness)
	}
	fmt.Println("level", res.State.Level)
	// Output:
	// raise_level 2 (county_manager)           due +48h0m0s, late 336h0m0s
	// compensate timer_gift: the timer becomes the customer's gift due +48h0m0s, late 336h0m0s
	// raise_level 3 (branch_manager)           due +300h0m0s, late 84h0m0s
	// compensate free_replacement: replace the product free due +300h0m0s, late 84h0m0s
	// raise_level 4 (supervision_group)        due +360h0m0s, late 24h0m0s
	// level 4
}

// A repeated delivery of the same event does nothing; the trace says why.
func ExampleMachine_Step() {
	m := mustCompile(repairLoop(), repairFacts)
	t0 := time.Date(2025, 7, 1, 14, 0, 0, 0, time.UTC)
	res, _ := m.Start("R-1", t0, nil)
	ev := escalation.Event{ID: "evt-881", Name: "contacted", At: t0.Add(12 * time.Minute)}
	first, _ := m.Step(res.State, ev, t0.Add(13*time.Minute))
	again, _ := m.Step(first.State, ev, t0.Add(14*time.Minute))
	fmt.Println(first.Status, first.State.Current, first.Trace[0].From, "→", first.Trace[0].To)
	fmt.Println(again.Status, again.State.Current, again.Trace[0].Kind, again.Trace[0].Note)
	// Output:
	// applied appointed dispatched → appointed
	// repeated appointed ignored repeated
}

// Simulation shows policy writers what a definition does to one order.
func ExampleMachine_Simulate() {
	m := mustCompile(dispatchOrder(), noFacts)
	t0 := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
	events := []escalation.Event{
		{ID: "1", Name: "order", At: t0},
		{ID: "2", Name: "reply", At: t0.Add(3 * time.Hour)},
		{ID: "3", Name: "order", At: t0.Add(24 * time.Hour)},
	}
	tl, _ := m.Simulate("head-17", t0, nil, events, t0.Add(72*time.Hour))
	fmt.Print(tl)
	// Output:
	// gm_dispatch v1, order head-17, times in UTC
	// 2025-07-01 09:00:00  start                         idle
	// 2025-07-01 09:00:00  event order                   idle → awaiting
	// 2025-07-01 12:00:00  event reply                   awaiting → idle
	// 2025-07-02 09:00:00  event order                   idle → awaiting
	// 2025-07-03 09:00:00  timer reply                   awaiting → idle
	//                        notify general_manager: dispatch order not answered within 24 hours
}

// The definition renders as a Mermaid state diagram (and as DOT).
func ExampleDefinition_Mermaid() {
	fmt.Print(dispatchOrder().Mermaid())
	// Output:
	// stateDiagram-v2
	//     %% gm_dispatch v1
	//     state "idle" as st_idle
	//     state "awaiting" as st_awaiting
	//     state "removed" as st_removed
	//     [*] --> st_idle
	//     st_idle --> st_awaiting: order
	//     st_awaiting --> st_idle: reply
	//     st_awaiting --> st_idle: timer reply (24h) / notify general_manager, count misses
	//     st_awaiting --> st_removed: timer reply (24h) / misses ≥ 3, record_penalty one_vote_veto
	//     st_removed --> [*]
}

// A changed definition applies to new orders; Migrate moves an open one
// explicitly, here recomputing its deadlines under the 300-hour rule.
func ExampleMigrate() {
	v1 := mustCompile(afterSalesOverdueV1(), noFacts)
	v2 := mustCompile(afterSalesOverdue(), noFacts)
	t0 := time.Date(2025, 7, 1, 10, 0, 0, 0, time.UTC)
	res, _ := v1.Start("AS-2", t0, nil)
	st, err := escalation.Migrate(v1, v2, res.State, escalation.Migration{Rearm: true, Arm: []string{"supervise"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Machine, "v", st.MachineVersion)
	for _, tm := range st.Timers {
		fmt.Println(tm.Name, tm.Due.Sub(t0))
	}
	// Output:
	// after_sales_overdue v 2
	// gift 48h0m0s
	// replace 300h0m0s
	// supervise 360h0m0s
}
