package escalation

import (
	"slices"
	"strconv"
	"time"

	"github.com/servq/servq/sla"
)

// A Machine is a compiled, validated [Definition]: immutable and safe for
// concurrent use by any number of orders. Build one with [Compile].
type Machine struct {
	def        Definition
	initial    int
	states     []cstate
	stateIdx   map[string]int
	trans      []ctrans
	timers     []ctimer
	timerIdx   map[string]int
	counters   []ccounter
	counterIdx map[string]int
	events     map[string]bool
	eventNames []string
	start      []int
	dynamic    bool // some timer waits on an sla clock threshold
}

type cstate struct {
	name        string
	terminal    bool
	entry, exit []Action
	byEvent     []int // transitions from this state on an event, in order
	byTimer     []int // transitions from this state on a timer, in order
	timers      []int // state-scoped timers of this state
}

type ctrans struct {
	index    int
	from, to int // to == from when the transition stays
	on       string
	timer    int // -1 for event transitions
	guard    guard
	guardSrc string
	actions  []Action
	start    []int
	stop     []int
	count    []int
	reset    []int
	reopen   bool
}

type ctimer struct {
	name     string
	named    bool
	deadline deadline
	times    int
	actions  []Action
}

type ccounter struct {
	name      string
	threshold int
	to        int // -1 when reaching the threshold does not move the order
	actions   []Action
}

// deadline computes a timer's deadlines: an offset on a calendar, or an sla
// clock's threshold.
type deadline interface {
	// first returns the deadline of a timer armed at armed, during a step at
	// now with the order's clock state (nil when the host gave none); zero
	// when the timer has no deadline yet.
	first(armed, now time.Time, clocks *sla.State) (time.Time, error)
	// next returns the deadline of the repeat after the one due at prev.
	next(prev time.Time) time.Time
	// dynamic reports whether the deadline must be recomputed at every step.
	dynamic() bool
}

// calendarOffset is a deadline a fixed amount of working time after arming,
// then every interval after the previous deadline.
type calendarOffset struct {
	cal          calendar
	after, every time.Duration
}

func (c calendarOffset) first(armed, _ time.Time, _ *sla.State) (time.Time, error) {
	return utc(c.cal.Add(armed, c.after)), nil
}
func (c calendarOffset) next(prev time.Time) time.Time { return utc(c.cal.Add(prev, c.every)) }
func (c calendarOffset) dynamic() bool                 { return false }

// clockThreshold is the instant an sla clock's warning is reached in the
// clock's latest cycle, or the arming instant if that came first.
type clockThreshold struct {
	clocks         *sla.Clocks
	timer          string
	clock, warning string
}

func (c clockThreshold) first(armed, now time.Time, clocks *sla.State) (time.Time, error) {
	if clocks == nil {
		return time.Time{}, errorf(ErrInput, "timer %q waits on sla clock %q: pass the order's clock state in Event.Clocks", c.timer, c.clock)
	}
	at, ok, err := c.clocks.ThresholdAt(*clocks, c.clock, c.warning, now)
	if err != nil {
		return time.Time{}, errorf(ErrInput, "timer %q: %v", c.timer, err)
	}
	if !ok {
		return time.Time{}, nil
	}
	if at.Before(armed) {
		at = armed
	}
	return utc(at), nil
}
func (c clockThreshold) next(prev time.Time) time.Time { return prev }
func (c clockThreshold) dynamic() bool                 { return true }

// build compiles a definition with the given compilers; it returns a
// *ValidationError when validation finds anything.
func build(def Definition, c compilers) (*Machine, error) {
	def = cloneDefinition(def)
	v := validate(def, c)
	if len(v.out) > 0 {
		return nil, &ValidationError{Machine: def.Name + " v" + strconv.Itoa(def.Version), Findings: v.out, sentinel: ErrInvalidDefinition}
	}
	m := &Machine{
		def:        def,
		stateIdx:   v.states,
		timerIdx:   v.timers,
		counterIdx: v.counters,
		events:     map[string]bool{},
	}
	m.initial = v.states[def.Initial]
	levelRole := func(as []Action) []Action {
		out := slices.Clone(as)
		for i, a := range out {
			if a.Kind == ActionRaiseLevel && a.Role == "" {
				out[i].Role = def.Levels[a.Level-1].Role
			}
		}
		return out
	}
	for _, s := range def.States {
		m.states = append(m.states, cstate{name: s.Name, terminal: s.Terminal, entry: levelRole(s.Entry), exit: levelRole(s.Exit)})
	}
	for i, t := range def.Timers {
		m.timers = append(m.timers, ctimer{
			name:     t.Name,
			named:    t.Scope == ScopeNamed,
			deadline: m.deadlineOf(t, v.cals[i], c.clocks),
			times:    t.Repeat.Times,
			actions:  levelRole(t.Actions),
		})
		if t.Deadline.Clock != "" {
			m.dynamic = true
		}
		if t.Scope == ScopeState {
			s := v.states[t.State]
			m.states[s].timers = append(m.states[s].timers, i)
		}
	}
	for _, c := range def.Counters {
		to := -1
		if c.To != "" {
			to = v.states[c.To]
		}
		m.counters = append(m.counters, ccounter{name: c.Name, threshold: c.Threshold, to: to, actions: levelRole(c.Actions)})
	}
	idx := func(names []string, in map[string]int) []int {
		out := make([]int, len(names))
		for i, n := range names {
			out[i] = in[n]
		}
		return out
	}
	for i, t := range def.Transitions {
		ct := ctrans{
			index: i, from: v.states[t.From], on: t.On, timer: -1,
			guard: v.guards[i], guardSrc: t.Guard, actions: levelRole(t.Actions),
			start: idx(t.Start, v.timers), stop: idx(t.Stop, v.timers),
			count: idx(t.Count, v.counters), reset: idx(t.Reset, v.counters),
			reopen: t.Reopen,
		}
		ct.to = ct.from
		if t.To != "" {
			ct.to = v.states[t.To]
		}
		if t.Timer != "" {
			ct.timer = v.timers[t.Timer]
			m.states[ct.from].byTimer = append(m.states[ct.from].byTimer, i)
		} else {
			m.states[ct.from].byEvent = append(m.states[ct.from].byEvent, i)
			if !m.events[t.On] {
				m.events[t.On] = true
				m.eventNames = append(m.eventNames, t.On)
			}
		}
		m.trans = append(m.trans, ct)
	}
	m.start = idx(def.Start, v.timers)
	return m, nil
}

func (m *Machine) deadlineOf(t TimerDef, cal calendar, clocks *sla.Clocks) deadline {
	if t.Deadline.Clock != "" {
		return clockThreshold{clocks: clocks, timer: t.Name, clock: t.Deadline.Clock, warning: t.Deadline.Warning}
	}
	return calendarOffset{cal: cal, after: t.Deadline.After, every: t.Repeat.Every}
}

// UsesClocks reports whether some timer waits on an sla clock threshold: such
// a machine needs the order's clock state in every step ([Event.Clocks]).
func (m *Machine) UsesClocks() bool { return m.dynamic }

// Name returns the definition's name.
func (m *Machine) Name() string { return m.def.Name }

// Version returns the definition's version.
func (m *Machine) Version() int { return m.def.Version }

// Definition returns a copy of the definition the machine was compiled from.
func (m *Machine) Definition() Definition { return cloneDefinition(m.def) }

// Events returns the names of the events the machine accepts, in the order
// they first appear in the transitions.
func (m *Machine) Events() []string { return slices.Clone(m.eventNames) }

// Terminal reports whether the order is in a terminal state (false for a state
// that does not fit the machine).
func (m *Machine) Terminal(st State) bool {
	i, ok := m.stateIdx[st.Current]
	return ok && m.states[i].terminal
}

// Accepts returns the events that have a transition from the order's current
// state (whether its guard would hold depends on the facts), in definition
// order. It is empty in a terminal state.
func (m *Machine) Accepts(st State) []string {
	i, ok := m.stateIdx[st.Current]
	if !ok {
		return nil
	}
	var out []string
	for _, ti := range m.states[i].byEvent {
		if on := m.trans[ti].on; !slices.Contains(out, on) {
			out = append(out, on)
		}
	}
	return out
}

func cloneActions(as []Action) []Action { return slices.Clone(as) }

// cloneDefinition copies every slice of d so the caller's later changes do not
// reach a compiled machine.
func cloneDefinition(d Definition) Definition {
	d.States = slices.Clone(d.States)
	for i := range d.States {
		d.States[i].Entry = cloneActions(d.States[i].Entry)
		d.States[i].Exit = cloneActions(d.States[i].Exit)
	}
	d.Transitions = slices.Clone(d.Transitions)
	for i := range d.Transitions {
		t := &d.Transitions[i]
		t.Actions = cloneActions(t.Actions)
		t.Start = slices.Clone(t.Start)
		t.Stop = slices.Clone(t.Stop)
		t.Count = slices.Clone(t.Count)
		t.Reset = slices.Clone(t.Reset)
	}
	d.Timers = slices.Clone(d.Timers)
	for i := range d.Timers {
		d.Timers[i].Actions = cloneActions(d.Timers[i].Actions)
	}
	d.Counters = slices.Clone(d.Counters)
	for i := range d.Counters {
		d.Counters[i].Actions = cloneActions(d.Counters[i].Actions)
	}
	d.Levels = slices.Clone(d.Levels)
	d.Start = slices.Clone(d.Start)
	return d
}
