// Package escalation moves complaints and work orders through steps and warning
// levels as pure state machines: the host passes in the order's state, an event
// and the current instant, and gets back the new state, the actions that became
// due and the instant it must wake the order next. The package reads no clock,
// starts no goroutine and schedules nothing; a restart of the host loses no
// timer, because every deadline is stored in the order's state.
//
// # Definitions
//
// A [Definition] is plain data, built in Go today and read from a policy file
// later; every reference in it is a name. It declares:
//
//   - states, one of them initial and at least one terminal (an order that
//     reaches a terminal state is finished: its timers are cancelled);
//   - transitions from a state to another on a named event or when a timer
//     fires, each with an optional guard: a [quality] rule of kind bool over the
//     order's facts (`cause == "human" || major || common`). For one state and
//     one trigger the transitions are tried in declaration order and the first
//     whose guard holds is taken;
//   - timers (see below), counters with a threshold, and warning levels;
//   - actions as data, emitted on entering or leaving a state, on a
//     transition, when a timer fires or when a counter reaches its threshold:
//     notify a role, assign, raise the level, record a penalty, compensate the
//     customer, reset an sla clock, or a host-defined action.
//
// [Compile] validates a definition, compiles its guards against a facts schema
// and its timers against named [sla.Calendar] values, and returns an immutable
// [Machine], safe for concurrent use by any number of orders.
//
// # Steps
//
// [Machine.Start] creates an order's [State]. [Machine.Step] applies one
// [Event] at now; [Machine.Tick] is a step without an event, for the host's
// wake-ups; [Machine.StepInto] reuses a [Result]'s buffers. A step:
//
//  1. fires, in deadline order, every timer due at or before the event's
//     instant (Event.At, which may be earlier than now);
//  2. applies the event: the first transition from the current state on that
//     event whose guard holds is taken (none: the event is "unhandled" and
//     only recorded as seen);
//  3. fires every timer due at or before now.
//
// It returns the new state, the actions (each with its due instant and its
// lateness, now − due), a trace (which timer fired, which event came, which
// transition was taken and which guard held, which counter reached its
// threshold) and Result.Wake, the earliest armed deadline: always after now,
// or zero when nothing is armed. A step never changes the state it is given;
// on error (a guard that cannot be evaluated, a state that does not fit the
// machine) it returns no state at all, so a failed step leaves no half-done
// change behind.
//
// Events carry the host's id and instant. A second delivery of an event (same
// id, same instant) is "repeated" and does nothing; an event whose instant is
// before an instant the order has already been stepped to is "stale" and does
// nothing either ([StatusRepeated], [StatusStale]): the host learns it from
// Result.Status and the trace. The state remembers only the ids applied at the
// latest event instant, so it stays small however long the order lives.
//
// # Timers
//
// A timer's deadline is stored in the order's state as an absolute instant
// (UTC). Its [TimerSpec] has two forms:
//
//   - an offset of working time on a calendar, Calendar.Add(armed, After),
//     computed once when the timer is armed (the calendar named "" counts
//     round the clock), so a restart of the host or a later change of the
//     calendar does not move a deadline already promised; such a timer may
//     repeat a bounded number of times, every Repeat.Every after its previous
//     deadline;
//   - a threshold of an sla clock: the instant one of the clock's warnings is
//     reached ([sla.Clocks.ThresholdAt]), never before the arming instant. A
//     pause of the clock moves it, so it is recomputed at every step from the
//     order's clock state, which the host folds first and passes in
//     [Event.Clocks]; while the clock is paused, stopped or not started the
//     timer waits without a deadline (and the host steps the order again when
//     its clocks change).
//
// Timers have one of two scopes, as Erlang's gen_statem distinguishes:
//
//   - [ScopeState]: the timer belongs to one state; it is armed on entering
//     that state and cancelled on leaving it ("dispatch within 30 minutes of
//     submission"). A transition that stays in the same state is not a state
//     change: the state's timers keep running.
//   - [ScopeNamed]: the timer is armed by [Definition.Start] or by a
//     transition's Start list, and survives state changes until a transition
//     stops it, restarts it, it fires for the last time, or the order ends
//     ("the back office supervises at 3 hours from submission, whatever step
//     the complaint is at").
//
// # Catch-up
//
// A host may wake an order late (it was down, its queue was long). The step
// then fires every timer that became due, in due order, each at its own
// deadline: deadlines armed by a late firing are counted from that firing's
// deadline, never from now. So one late tick gives exactly the state and the
// actions (same ids, same due instants) that ticking at every intermediate
// wake-up would have given; only the lateness differs. The package's property
// tests check this equivalence on drawn definitions and scripts.
//
// # Counters, levels and the satisfaction loop
//
// A transition may increment counters; when a counter reaches its threshold the
// counter's actions are emitted and, if it names a state, the order goes there
// instead (three unanswered dispatch orders remove a department head). The
// order's level only rises, through raise-level actions. A transition marked
// Reopen starts a new cycle of the order: "closed only when the customer is
// satisfied" is a callback transition to the terminal state guarded by
// `satisfied`, and an unguarded one back into service that reopens, restarts
// the chosen named timers, asks the host to reset its sla clocks
// ([ActionResetClock]) and counts the reopenings, whose threshold escalates.
//
// # Action ids
//
// Every emitted action has an [ActionID] derived from the order, the machine's
// name and version, the firing number, the cycle and the action's position
// ([NewActionID]: SHA-256 of a fixed encoding). Replaying the same inputs gives
// the same ids, so a host that crashed after sending actions but before
// storing the state can send the replayed ones again and let the receiver
// deduplicate.
//
// # Validation
//
// [Validate] (and [Compile], which refuses a definition with any finding)
// returns [Finding] values, each with a stable [Code], a path into the
// definition ("transitions[3].guard") and a message:
//
//	malformed                  a bad or duplicate name, a reference to nothing, a field out of range
//	unreachable-state          no path from the initial state leads there
//	dead-end                   a non-terminal state nothing leads out of, or whose only ways out
//	                           are timers that may not fire (named, clock, or guarded) with no
//	                           event accepted
//	no-reachable-terminal      no terminal state at all, or none reachable from some state
//	overlapping-transitions    a transition shadowed by an earlier unguarded one on the same trigger
//	decreasing-timer-offsets   timers armed together raise a higher level before a lower one
//	cycle-without-time         states that can follow each other without time passing
//	                           (zero-offset timers), or a repeat with a zero interval
//	unbounded-repeat           a repeat without a bound, or a loop driven by timers alone that no
//	                           counter threshold leads out of
//	rule-type-error            a guard that does not compile as a bool rule over the schema
//	unmapped-state             (migrations) an open state without a state in the new version
//
// A definition that passes validation never leaves an order stalled: outside a
// terminal state it always has a deadline to wait for or an event it accepts.
//
// # Versions and migration
//
// Each state is pinned to its machine's name and version; a machine refuses to
// step an order pinned to another ([VersionError]). Raising a definition's
// version therefore changes nothing for open orders: the new version applies to
// new ones. [Migrate] moves an open order explicitly with a [Migration] that
// maps old state, timer and counter names to new ones; [CheckMigration] refuses
// a migration that leaves an open state unmapped or names something that does
// not exist. Deadlines already promised stay as stored unless the migration
// asks to recompute them (Rearm).
//
// # Persisting
//
// A [State] marshals to JSON with a "version" field ([StateFormat]) and its
// instants in UTC; decoding refuses unknown fields and unknown versions, and a
// decoded state steps exactly as the original would.
//
// # Explanations
//
// [Machine.Simulate] runs a definition over a list of events as a punctual host
// would and returns a [Timeline] whose String is a table for policy writers.
// [Definition.Mermaid] and [Definition.DOT] draw a definition.
//
// # Worked example
//
// The complaint line of the operators' rules: the front desk submits within 5
// minutes of the caller hanging up; the back office dispatches to the city
// within 30 minutes and supervises (督办, level 1) at 3 hours from submission;
// the city dispatches to the responsible department within 30 minutes and
// returns the order within 24 hours; the department answers the customer and
// returns the order within 20 hours (24 for provincial departments); a
// human-caused, major or common problem goes to a penalty decision reported
// within one week; the callback closes the order only if the customer is
// satisfied. One complaint, received Tuesday 1 July 2025 at 09:00 in Shanghai
// (the simulation's timeline, abridged):
//
//	09:00  start                        received
//	09:04  event submit                 received → submitted      (supervision armed: due 12:04)
//	09:34  timer dispatch               submitted                 notify back_office_lead
//	09:50  event dispatch               submitted → dispatched    (city return due 2 July 09:50)
//	10:10  event assign                 dispatched → handling     assign department (due 2 July 06:10)
//	12:04  timer supervision            handling, level 1         raise_level 1, notify back_office_supervisor
//	05:00  event answer (2 July)        handling → answered
//	06:10  timer department             answered, level 2         raise_level 2, notify department_head
//	07:00  event return                 answered → returned       (all named timers stopped)
//	08:00  event decide                 returned → callback       (cause: equipment, so no penalty)
//	11:00  event callback               callback → handling       dissatisfied: reopened, cycle 1
//	11:00  event callback (ignored: repeated)
//	  …    answer, return, decide
//	05:00  event callback [satisfied]   callback → closed         (3 July)
//
// Had the host missed its 09:34 wake-up, the step for the 09:50 dispatch event
// would first have fired the 09:34 timer (its action late by 16 minutes, with
// the same id and due instant) and then moved the order on; had it also missed
// 12:04, a tick at 13:00 would have emitted the supervision late by 56 minutes.
package escalation
