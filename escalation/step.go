package escalation

import (
	"slices"
	"time"

	"github.com/servq/servq/sla"
)

// An Event is something that happened to an order, given to [Machine.Step].
type Event struct {
	// ID identifies the event (the host's event id); required. A second
	// delivery of the same event has the same ID and At and does nothing.
	ID string
	// Name is the event's name, one the machine accepts (see
	// [Machine.Events]).
	Name string
	// At is when the event happened; zero means the step's now. It may not be
	// after now.
	At time.Time
	// Facts are the order's facts for guards: a quality.Facts map or a value of
	// the struct type the schema was made from. Guards of timer transitions
	// that fire during the step read the same facts.
	Facts any
	// Clocks is the order's sla clock state, folded up to now; needed only by
	// machines with timers on clock thresholds (TimerSpec.Clock), whose
	// deadlines are recomputed from it at every step. Such machines step with
	// Step and an Event, also for ticks (an Event without Name).
	Clocks *sla.State
}

// A Result is what a step returns.
type Result struct {
	// State is the order's new state, to persist.
	State State
	// Actions are the actions that became due, in due order (ties in the order
	// they were emitted), each with its due instant and lateness.
	Actions []Emitted
	// Trace explains the step, one entry per timer fired, event, and counter
	// threshold reached, in order.
	Trace []Entry
	// Wake is the instant the host must step the order again if no event
	// arrives first: always after now, or zero when no timer is armed.
	Wake time.Time
	// Status says what became of the event (StatusTick for ticks and starts).
	Status EventStatus
}

// Start begins a new order in the machine's initial state at now: it emits the
// initial state's entry actions, arms the timers of [Definition.Start] and of
// the initial state, and fires any that are already due (zero offsets). Facts
// are read by the guards of those timers' transitions; nil will do when none
// fires at once. Timers on sla clock thresholds get their deadline at the
// order's first step, which carries the clock state.
func (m *Machine) Start(order string, now time.Time, facts any) (Result, error) {
	var res Result
	if order == "" {
		return res, errorf(ErrInput, "start: empty order id")
	}
	now = utc(now)
	if now.IsZero() {
		return res, errorf(ErrInput, "start: zero instant")
	}
	r := run{m: m, res: &res, cur: m.initial, now: now, facts: facts, ownTimers: true, ownCounters: true, startOnly: true}
	r.st = State{
		Version: StateFormat, Machine: m.def.Name, MachineVersion: m.def.Version,
		Order: order, Current: m.states[m.initial].name, Entered: now, Now: now,
	}
	r.st.Seq++
	cause := r.trace(Entry{Kind: EntryStart, At: now, Seq: r.st.Seq, Transition: -1, From: r.st.Current, To: r.st.Current})
	r.emit(m.states[m.initial].entry, now, cause)
	for _, ti := range m.start {
		if err := r.arm(ti, now); err != nil {
			return Result{}, err
		}
	}
	for _, ti := range m.states[m.initial].timers {
		if err := r.arm(ti, now); err != nil {
			return Result{}, err
		}
	}
	r.res.Trace[cause].Level = r.st.Level
	if err := r.fireDue(now); err != nil {
		return Result{}, err
	}
	r.finish(StatusTick)
	return res, nil
}

// Tick steps the order to now without an event: every timer due at or before
// now fires, in due order. Facts are read by guards of timer transitions. A
// machine whose timers wait on sla clocks ([Machine.UsesClocks]) ticks with
// Step and an Event without Name that carries the clock state.
func (m *Machine) Tick(st State, now time.Time, facts any) (Result, error) {
	var res Result
	err := m.StepInto(&res, st, Event{Facts: facts}, now)
	return res, err
}

// Step applies one event to an order at now. First every timer due at or
// before the event's instant fires (in due order), then the event, then every
// timer due by now. An event with an empty Name is a tick. A repeated delivery
// (same ID and At as an event already applied) or a stale event (At before the
// state's Now) does nothing beyond the timers; Result.Status says which.
//
// Step reads no clock: now is the caller's. It never changes st; on error the
// Result is empty and st is still the order's state.
func (m *Machine) Step(st State, ev Event, now time.Time) (Result, error) {
	var res Result
	err := m.StepInto(&res, st, ev, now)
	return res, err
}

// StepInto is [Machine.Step] writing into res, reusing the capacity of
// res.Actions and res.Trace, so a host stepping many orders in a loop
// allocates only for the new state. On error *res is reset to st with no
// actions.
func (m *Machine) StepInto(res *Result, st State, ev Event, now time.Time) error {
	res.Actions = res.Actions[:0]
	res.Trace = res.Trace[:0]
	res.State, res.Wake, res.Status = st, time.Time{}, StatusInvalid
	err := m.step(res, st, ev, now)
	if err != nil {
		res.Actions = res.Actions[:0]
		res.Trace = res.Trace[:0]
		res.State, res.Wake, res.Status = st, time.Time{}, StatusInvalid
	}
	return err
}

func (m *Machine) step(res *Result, st State, ev Event, now time.Time) error {
	cur, err := m.check(st)
	if err != nil {
		return err
	}
	now = utc(now)
	if now.Before(st.Now) {
		return errorf(ErrTime, "order %q: now %s is before the state's now %s", st.Order, now.Format(time.RFC3339Nano), st.Now.Format(time.RFC3339Nano))
	}
	r := run{m: m, res: res, st: st, cur: cur, now: now, facts: ev.Facts, clocks: ev.Clocks}
	if err := r.refresh(); err != nil {
		return err
	}
	if ev.Name == "" {
		if err := r.fireDue(now); err != nil {
			return err
		}
		r.finish(StatusTick)
		return nil
	}
	if ev.ID == "" {
		return errorf(ErrInput, "order %q: event %q has no id", st.Order, ev.Name)
	}
	if !m.events[ev.Name] {
		return errorf(ErrInput, "order %q: machine %s has no event %q", st.Order, m.def.Name, ev.Name)
	}
	at := utc(ev.At)
	if at.IsZero() {
		at = now
	}
	if at.After(now) {
		return errorf(ErrInput, "order %q: event %q at %s is after now %s", st.Order, ev.ID, at.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
	}
	status := StatusInvalid
	switch {
	case st.Applied.At.Equal(at) && st.Applied.has(ev.ID):
		status = StatusRepeated
	case at.Before(st.Now):
		status = StatusStale
	}
	if status != StatusInvalid {
		r.trace(Entry{Kind: EntryIgnored, At: at, Seq: st.Seq, Event: ev.Name, EventID: ev.ID, Transition: -1,
			From: st.Current, To: st.Current, Level: st.Level, Cycle: st.Cycle, Note: status.String()})
		if err := r.fireDue(now); err != nil {
			return err
		}
		r.finish(status)
		return nil
	}
	if err := r.fireDue(at); err != nil {
		return err
	}
	status, err = r.event(ev, at)
	if err != nil {
		return err
	}
	if err := r.fireDue(now); err != nil {
		return err
	}
	r.finish(status)
	return nil
}

// check verifies that st belongs to m and refers only to what m declares, and
// returns the index of its current state.
func (m *Machine) check(st State) (int, error) {
	if st.Machine != m.def.Name || st.MachineVersion != m.def.Version {
		return -1, &VersionError{Order: st.Order, StateMachine: st.Machine, StateVersion: st.MachineVersion, Machine: m.def.Name, Version: m.def.Version}
	}
	if st.Version != StateFormat {
		return -1, errorf(ErrFormat, "order %q: state format %d, want %d", st.Order, st.Version, StateFormat)
	}
	si, ok := m.stateIdx[st.Current]
	if !ok {
		return -1, errorf(ErrState, "order %q: %s v%d has no state %q", st.Order, m.def.Name, m.def.Version, st.Current)
	}
	cur := &m.states[si]
	if cur.terminal && len(st.Timers) > 0 {
		return -1, errorf(ErrState, "order %q: timers armed in terminal state %q", st.Order, st.Current)
	}
	for i, t := range st.Timers {
		ti, ok := m.timerIdx[t.Name]
		if !ok {
			return -1, errorf(ErrState, "order %q: %s v%d has no timer %q", st.Order, m.def.Name, m.def.Version, t.Name)
		}
		if !m.timers[ti].named && !slices.Contains(cur.timers, ti) {
			return -1, errorf(ErrState, "order %q: timer %q of another state is armed in %q", st.Order, t.Name, st.Current)
		}
		if i > 0 && dueBefore(t.Due, st.Timers[i-1].Due) {
			return -1, errorf(ErrState, "order %q: timers are not in deadline order", st.Order)
		}
		if t.Due.IsZero() && !m.timers[ti].deadline.dynamic() {
			return -1, errorf(ErrState, "order %q: timer %q has no deadline", st.Order, t.Name)
		}
		for _, o := range st.Timers[:i] {
			if o.Name == t.Name {
				return -1, errorf(ErrState, "order %q: timer %q is armed twice", st.Order, t.Name)
			}
		}
	}
	for i, c := range st.Counters {
		if _, ok := m.counterIdx[c.Name]; !ok {
			return -1, errorf(ErrState, "order %q: %s v%d has no counter %q", st.Order, m.def.Name, m.def.Version, c.Name)
		}
		if c.Value < 1 {
			return -1, errorf(ErrState, "order %q: counter %q is %d (listed counters are 1 or more)", st.Order, c.Name, c.Value)
		}
		for _, o := range st.Counters[:i] {
			if o.Name == c.Name {
				return -1, errorf(ErrState, "order %q: counter %q is listed twice", st.Order, c.Name)
			}
		}
	}
	return si, nil
}
