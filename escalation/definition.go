package escalation

import "time"

// A Definition is an escalation machine written as plain data: the states an
// order moves through, the transitions between them on named events (guarded by
// quality rules), the timers whose deadlines are stored in each order's state,
// the counters that escalate at a threshold, the warning levels and the actions
// emitted on the way. Every reference is by name, so a Definition can come from
// Go code today and from a policy file later; [Compile] checks it and turns it
// into a [Machine].
//
// The zero Definition is not valid: it has no name, no version and no states.
type Definition struct {
	// Name identifies the machine (an identifier such as "complaint"). It is
	// pinned, with Version, in every order's [State].
	Name string
	// Version is the definition's version, 1 or more. Raise it whenever the
	// definition changes: orders keep the version they started with until a
	// [Migrate] moves them.
	Version int
	// Doc is free text for policy writers and diagrams.
	Doc string
	// Initial names the state a new order starts in.
	Initial string
	// States lists every state; at least one must be terminal.
	States []StateDef
	// Transitions are tried in declaration order: for one state and one trigger
	// the first transition whose guard holds is taken.
	Transitions []Transition
	// Timers lists the timers, state-scoped or named.
	Timers []TimerDef
	// Counters lists the counters transitions may increment or reset.
	Counters []CounterDef
	// Levels names the warning levels 1, 2, … in order (Levels[0] is level 1).
	// A [ActionRaiseLevel] action refers to a level by its number.
	Levels []LevelDef
	// Start names the named timers armed when an order starts (for example the
	// overdue ladder of an after-sales order, counted from the order's creation).
	Start []string
}

// A StateDef declares one state of a machine.
type StateDef struct {
	// Name is the state's identifier.
	Name string
	// Terminal marks a state where an order ends: entering it cancels every
	// timer, and it has no outgoing transitions.
	Terminal bool
	// Doc is free text.
	Doc string
	// Entry actions are emitted whenever an order enters the state (also when
	// the order starts in it).
	Entry []Action
	// Exit actions are emitted whenever an order leaves the state for another.
	Exit []Action
}

// A Transition moves an order from one state to another when an event arrives
// or a timer fires, if its guard holds.
//
// Exactly one of On and Timer is set. A transition with an empty To, or a To
// equal to From, does not change the state: no exit or entry actions run and
// the state's timers keep running.
type Transition struct {
	// From is the state the transition leaves.
	From string
	// On is the name of the event that triggers the transition.
	On string
	// Timer is the name of the timer whose firing triggers the transition. A
	// state-scoped timer may only trigger transitions from its own state.
	Timer string
	// Guard is a quality rule of kind bool over the order's facts (the facts
	// passed with the step); empty means always.
	Guard string
	// To is the target state; empty stays in From.
	To string
	// Actions are emitted when the transition is taken, after the exit actions
	// of From and before the entry actions of To.
	Actions []Action
	// Start names named timers (re)armed at the transition's instant; a timer
	// already running restarts from this instant.
	Start []string
	// Stop names named timers cancelled by the transition.
	Stop []string
	// Count names counters incremented by one (after Reset is applied).
	Count []string
	// Reset names counters set back to zero.
	Reset []string
	// Reopen starts a new cycle of the order (the satisfaction loop): the
	// order's cycle number, which is part of every action id, goes up by one
	// before the transition's actions are emitted.
	Reopen bool
	// Doc is free text.
	Doc string
}

// Scope says how long a timer lives.
type Scope uint8

const (
	// ScopeInvalid is the zero Scope; a timer must choose a scope.
	ScopeInvalid Scope = iota
	// ScopeState timers belong to one state: armed on entering it, cancelled
	// on leaving it (gen_statem's state timeout).
	ScopeState
	// ScopeNamed timers are armed by [Definition.Start] or a transition's Start
	// list and survive state changes until stopped, restarted, fired for the
	// last time, or until the order reaches a terminal state (gen_statem's
	// named generic timeout).
	ScopeNamed
)

var scopeNames = [...]string{"invalid", "state", "named"}

// String returns "state", "named" or "invalid".
func (s Scope) String() string {
	if int(s) < len(scopeNames) {
		return scopeNames[s]
	}
	return "invalid"
}

// MarshalText encodes the scope by name.
func (s Scope) MarshalText() ([]byte, error) {
	return marshalEnum("scope", s.String(), s != ScopeInvalid && int(s) < len(scopeNames))
}

// UnmarshalText decodes "state" or "named".
func (s *Scope) UnmarshalText(b []byte) error {
	v, err := unmarshalEnum("scope", scopeNames[:], b)
	*s = Scope(v)
	return err
}

// A TimerDef declares a timer. When a timer fires its own actions are emitted,
// then the first transition from the current state triggered by the timer whose
// guard holds (if any) is taken.
type TimerDef struct {
	// Name is the timer's identifier.
	Name string
	// Scope is ScopeState or ScopeNamed.
	Scope Scope
	// State is the state a ScopeState timer belongs to; empty for ScopeNamed.
	State string
	// Deadline computes the deadline when the timer is armed.
	Deadline TimerSpec
	// Repeat optionally fires the timer again after its first firing.
	Repeat Repeat
	// Actions are emitted each time the timer fires.
	Actions []Action
	// Doc is free text.
	Doc string
}

// A TimerSpec says how a timer's deadline is computed. It has two forms; set
// exactly one:
//
//   - an offset of working time on a calendar: the deadline is
//     Calendar.Add(armed, After), computed once when the timer is armed and
//     stored in the order's state as an absolute instant, so a restart of the
//     host or a later change of the calendar does not move a deadline already
//     promised. The calendar named "" counts round the clock.
//   - a threshold of an sla clock: the deadline is the instant the clock's
//     warning is reached in its latest cycle ([sla.Clocks.ThresholdAt]), or the
//     arming instant if it was reached before. A pause of the clock moves it,
//     so it is recomputed from the order's clock state at every step (passed in
//     [Event.Clocks]) and stored in between; while the clock is paused, ended
//     or not started the timer waits without a deadline.
type TimerSpec struct {
	// Calendar names a calendar given to [Compile] in [Env.Calendars]; empty
	// means round the clock (every instant counts).
	Calendar string
	// After is the working time from arming to the deadline; zero or more.
	After time.Duration
	// Clock names a clock of [Env.Clocks] and Warning one of that clock's
	// warnings (sla.WarningSpec.Name); a clock timer cannot repeat.
	Clock   string
	Warning string
}

// Repeat fires a timer again every Every of working time (on the timer's
// calendar, counted from the previous deadline) up to Times more times. Both
// zero means the timer fires once.
type Repeat struct {
	// Every is the interval between firings; positive when Times > 0.
	Every time.Duration
	// Times is how many more firings follow the first; a repeat without a bound
	// is refused by validation.
	Times int
}

// A CounterDef declares a counter. When an increment makes the counter reach
// its threshold (value ≥ Threshold) the counter's actions are emitted and, if To
// is set, the order goes to To instead of the transition's own target. Every
// further increment while the value stays at or above the threshold does the
// same again.
type CounterDef struct {
	// Name is the counter's identifier.
	Name string
	// Threshold is 1 or more.
	Threshold int
	// To is the state an order moves to when the threshold is reached; empty
	// keeps the transition's target.
	To string
	// Actions are emitted when the threshold is reached.
	Actions []Action
	// Doc is free text.
	Doc string
}

// A LevelDef names one warning level.
type LevelDef struct {
	// Name is the level's identifier (for example "level1").
	Name string
	// Role is the role alerted at this level; an [ActionRaiseLevel] action
	// without a Role takes this one.
	Role string
	// Doc is free text (for example 一级预警).
	Doc string
}
