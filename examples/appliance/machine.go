package main

import (
	"time"

	"github.com/servq/servq/escalation"
)

// overdueLadder is the after-sales overdue ladder [002] as an escalation
// machine, built in Go: an order that could not be solved at the first
// visit is overdue; a timer is left with the customer (一级预警, the station
// head); past 48 hours the timer becomes the customer's gift (二级预警);
// still unsolved within 300 hours the product is replaced free (三级预警);
// past the long-standing 15 days the satisfaction supervision group takes
// it (四级预警). The hours run round the clock.
func overdueLadder() escalation.Definition {
	named := func(name string, after time.Duration, actions ...escalation.Action) escalation.TimerDef {
		return escalation.TimerDef{Name: name, Scope: escalation.ScopeNamed,
			Deadline: escalation.TimerSpec{After: after}, Actions: actions}
	}
	raise := func(level int) escalation.Action {
		return escalation.Action{Kind: escalation.ActionRaiseLevel, Level: level}
	}
	return escalation.Definition{
		Name:    "overdue",
		Version: 1,
		Doc:     "the four-level warning system (一级/二级/三级预警) run by the satisfaction supervision group; the hours run round the clock",
		Initial: "open",
		Levels: []escalation.LevelDef{
			{Name: "level1", Role: "station_head", Doc: "一级预警"},
			{Name: "level2", Role: "county_manager", Doc: "二级预警"},
			{Name: "level3", Role: "branch_manager", Doc: "三级预警"},
			{Name: "level4", Role: "supervision_group", Doc: "四级预警: the satisfaction supervision group"},
		},
		States: []escalation.StateDef{
			{Name: "open", Doc: "overdue and unsolved", Entry: []escalation.Action{
				raise(1),
				{Kind: escalation.ActionCustom, Code: "leave_timer", Note: "leave a timer with the customer"},
			}},
			{Name: "solved", Terminal: true},
		},
		Start: []string{"gift", "replace", "final"},
		Timers: []escalation.TimerDef{
			named("gift", 48*time.Hour, raise(2),
				escalation.Action{Kind: escalation.ActionCompensate, Code: "timer_gift", Note: "the timer becomes the customer's gift"}),
			named("replace", 300*time.Hour, raise(3),
				escalation.Action{Kind: escalation.ActionCompensate, Code: "free_replacement", Note: "replace the product free"}),
			named("final", 15*24*time.Hour, raise(4),
				escalation.Action{Kind: escalation.ActionNotify, Role: "supervision_group", Note: "past the long-standing 15-day limit"}),
		},
		Transitions: []escalation.Transition{{From: "open", On: "completed", To: "solved"}},
	}
}
