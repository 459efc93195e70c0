// Package escalation moves a complaint or a work order through levels and steps as
// pure state machines.
//
// # Model
//
// A machine definition is data: states (one or more terminal), transitions on named
// events guarded by [github.com/servq/servq/quality] rules, timers whose deadlines
// are absolute instants stored in the order's state, levels, counters with
// thresholds (three unanswered dispatch orders), bounded repeats, and actions as
// data (notify a role, assign, raise the level, record a penalty). A step takes the
// state, one event and the current instant, and returns the new state, the actions
// that became due and the next instant at which the host must wake the order. The
// package reads no clock and schedules nothing: the host persists the state and
// sets one timer.
//
// The package has no exported API yet: the state machines arrive with the
// escalation issue, after the sla clocks they use for deadlines.
package escalation
