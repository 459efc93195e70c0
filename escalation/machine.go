package escalation

import (
	"slices"
	"strconv"
	"time"
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

// deadline computes a timer's deadlines. A calendar offset is the only form
// today; an sla clock threshold will be a second implementation, chosen by
// the TimerSpec field that is set.
type deadline interface {
	// first returns the deadline of a timer armed at the instant armed.
	first(armed time.Time) time.Time
	// next returns the deadline of the repeat after the one due at prev.
	next(prev time.Time) time.Time
}

// calendarOffset is a deadline a fixed amount of working time after arming,
// then every interval after the previous deadline.
type calendarOffset struct {
	cal          calendar
	after, every time.Duration
}

func (c calendarOffset) first(armed time.Time) time.Time { return utc(c.cal.Add(armed, c.after)) }
func (c calendarOffset) next(prev time.Time) time.Time   { return utc(c.cal.Add(prev, c.every)) }

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
			deadline: calendarOffset{cal: v.cals[i], after: t.Deadline.After, every: t.Repeat.Every},
			times:    t.Repeat.Times,
			actions:  levelRole(t.Actions),
		})
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
