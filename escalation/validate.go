package escalation

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/servq/servq/sla"
)

// guard is a compiled bool rule; *quality.Rule satisfies it.
type guard interface {
	EvalBool(facts any) (bool, error)
}

// calendar counts working time; *sla.Calendar satisfies it.
type calendar interface {
	Add(t time.Time, d time.Duration) time.Time
}

// compilers turn a definition's rule sources and calendar names into values.
// Compile wires them to quality and sla.
type compilers struct {
	guard    func(src string) (guard, error)
	calendar func(name string) (calendar, bool)
	clocks   *sla.Clocks
}

// validator checks a definition and keeps what it compiled on the way.
type validator struct {
	def       Definition
	c         compilers
	out       []Finding
	malformed bool

	states   map[string]int
	timers   map[string]int
	counters map[string]int
	guards   []guard    // per transition; nil when unguarded or not compiled
	cals     []calendar // per timer
}

func (v *validator) add(code Code, path, subject, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	if code == CodeMalformed {
		v.malformed = true
	}
	v.out = append(v.out, Finding{Code: code, Path: path, Subject: subject, Message: msg})
}

// validate checks def and returns its findings in the definition's order.
func validate(def Definition, c compilers) *validator {
	v := &validator{def: def, c: c}
	v.structure()
	if !v.malformed {
		v.graph()
	}
	return v
}

func isIdent(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z':
		case ch >= '0' && ch <= '9', ch == '_':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

const identRule = "a name is a letter followed by letters, digits or underscores (at most 64)"

// names indexes one kind of names, reporting bad and duplicate ones.
func (v *validator) names(kind string, n int, name func(int) string) map[string]int {
	idx := make(map[string]int, n)
	for i := 0; i < n; i++ {
		s := name(i)
		path := kind + "[" + strconv.Itoa(i) + "]"
		switch {
		case !isIdent(s):
			v.add(CodeMalformed, path+".name", s, "bad name %q: %s", s, identRule)
		default:
			if j, dup := idx[s]; dup {
				v.add(CodeMalformed, path+".name", s, "%q is declared twice (also %s[%d])", s, kind, j)
				continue
			}
			idx[s] = i
		}
	}
	return idx
}

func (v *validator) structure() {
	d := v.def
	if !isIdent(d.Name) {
		v.add(CodeMalformed, "name", d.Name, "bad machine name %q: %s", d.Name, identRule)
	}
	if d.Version < 1 {
		v.add(CodeMalformed, "version", d.Name, "version is %d; versions start at 1", d.Version)
	}
	v.states = v.names("states", len(d.States), func(i int) string { return d.States[i].Name })
	v.timers = v.names("timers", len(d.Timers), func(i int) string { return d.Timers[i].Name })
	v.counters = v.names("counters", len(d.Counters), func(i int) string { return d.Counters[i].Name })
	v.names("levels", len(d.Levels), func(i int) string { return d.Levels[i].Name })

	if len(d.States) == 0 {
		v.add(CodeMalformed, "states", d.Name, "no states")
	}
	terminals := 0
	for i, s := range d.States {
		if s.Terminal {
			terminals++
		}
		v.actions("states["+strconv.Itoa(i)+"].entry", s.Name, s.Entry)
		v.actions("states["+strconv.Itoa(i)+"].exit", s.Name, s.Exit)
	}
	if len(d.States) > 0 && terminals == 0 {
		v.add(CodeNoTerminal, "states", d.Name, "no terminal state: an order could never end")
	}
	if i, ok := v.states[d.Initial]; !ok {
		v.add(CodeMalformed, "initial", d.Initial, "initial state %q is not declared", d.Initial)
	} else if d.States[i].Terminal {
		v.add(CodeMalformed, "initial", d.Initial, "initial state %q is terminal", d.Initial)
	}
	for i, l := range d.Levels {
		if l.Role != "" && !isIdent(l.Role) {
			v.add(CodeMalformed, "levels["+strconv.Itoa(i)+"].role", l.Name, "bad role %q: %s", l.Role, identRule)
		}
	}
	for i, c := range d.Counters {
		path := "counters[" + strconv.Itoa(i) + "]"
		if c.Threshold < 1 {
			v.add(CodeMalformed, path+".threshold", c.Name, "threshold is %d; it must be 1 or more", c.Threshold)
		}
		if c.To != "" {
			v.stateRef(path+".to", c.Name, c.To)
		}
		v.actions(path+".actions", c.Name, c.Actions)
	}
	v.timerDefs()
	for i, name := range d.Start {
		v.namedTimerRef("start["+strconv.Itoa(i)+"]", name, name)
	}
	v.transitions()
}

func (v *validator) stateRef(path, subject, name string) (int, bool) {
	i, ok := v.states[name]
	if !ok {
		v.add(CodeMalformed, path, subject, "state %q is not declared", name)
	}
	return i, ok
}

func (v *validator) namedTimerRef(path, subject, name string) {
	i, ok := v.timers[name]
	switch {
	case !ok:
		v.add(CodeMalformed, path, subject, "timer %q is not declared", name)
	case v.def.Timers[i].Scope != ScopeNamed:
		v.add(CodeMalformed, path, subject, "timer %q is %s-scoped: only named timers are started and stopped by name", name, v.def.Timers[i].Scope)
	}
}

func (v *validator) timerDefs() {
	v.cals = make([]calendar, len(v.def.Timers))
	for i, t := range v.def.Timers {
		path := "timers[" + strconv.Itoa(i) + "]"
		switch t.Scope {
		case ScopeState:
			if j, ok := v.stateRef(path+".state", t.Name, t.State); ok && v.def.States[j].Terminal {
				v.add(CodeMalformed, path+".state", t.Name, "state timer %q belongs to terminal state %q, where every timer is cancelled", t.Name, t.State)
			}
		case ScopeNamed:
			if t.State != "" {
				v.add(CodeMalformed, path+".state", t.Name, "named timer %q names a state (%q): only state timers belong to a state", t.Name, t.State)
			}
		default:
			v.add(CodeMalformed, path+".scope", t.Name, "timer %q has no scope: choose state or named", t.Name)
		}
		if t.Deadline.Clock != "" || t.Deadline.Warning != "" {
			v.clockTimer(path, t)
		} else {
			if t.Deadline.After < 0 {
				v.add(CodeMalformed, path+".deadline.after", t.Name, "negative offset %v", t.Deadline.After)
			}
			cal, ok := v.c.calendar(t.Deadline.Calendar)
			if !ok {
				v.add(CodeMalformed, path+".deadline.calendar", t.Name, "calendar %q is not given to Compile", t.Deadline.Calendar)
			}
			v.cals[i] = cal
		}
		r := t.Repeat
		switch {
		case r.Every < 0 || r.Times < 0:
			v.add(CodeMalformed, path+".repeat", t.Name, "negative repeat (every %v, times %d)", r.Every, r.Times)
		case r.Times > 0 && r.Every == 0:
			v.add(CodeInstantCycle, path+".repeat", t.Name, "timer %q repeats %d times with a zero interval: it would fire again without time passing", t.Name, r.Times)
		case r.Every > 0 && r.Times == 0:
			v.add(CodeUnboundedRepeat, path+".repeat", t.Name, "timer %q repeats every %v without a bound: set Times", t.Name, r.Every)
		}
		v.actions(path+".actions", t.Name, t.Actions)
	}
}

// clockTimer checks a timer whose deadline is an sla clock's threshold.
func (v *validator) clockTimer(path string, t TimerDef) {
	d := t.Deadline
	switch {
	case d.Calendar != "" || d.After != 0:
		v.add(CodeMalformed, path+".deadline", t.Name, "timer %q sets both a calendar offset and a clock threshold: choose one", t.Name)
	case t.Repeat != Repeat{}:
		v.add(CodeMalformed, path+".repeat", t.Name, "clock timer %q cannot repeat", t.Name)
	}
	if v.c.clocks == nil {
		v.add(CodeMalformed, path+".deadline.clock", t.Name, "timer %q names clock %q but no clocks are given to Compile", t.Name, d.Clock)
		return
	}
	if !slices.Contains(v.c.clocks.Names(), d.Clock) {
		v.add(CodeMalformed, path+".deadline.clock", t.Name, "clock %q is not among the clocks given to Compile", d.Clock)
		return
	}
	if ws, err := v.c.clocks.Warnings(d.Clock); err != nil || !slices.Contains(ws, d.Warning) {
		v.add(CodeMalformed, path+".deadline.warning", t.Name, "clock %q has no warning %q", d.Clock, d.Warning)
	}
}

func (v *validator) transitions() {
	d := v.def
	v.guards = make([]guard, len(d.Transitions))
	for i, t := range d.Transitions {
		path := "transitions[" + strconv.Itoa(i) + "]"
		subject := transitionLabel(t)
		if j, ok := v.stateRef(path+".from", subject, t.From); ok && d.States[j].Terminal {
			v.add(CodeMalformed, path+".from", subject, "transition leaves terminal state %q", t.From)
		}
		switch {
		case (t.On == "") == (t.Timer == ""):
			v.add(CodeMalformed, path, subject, "set exactly one of On (an event) and Timer")
		case t.On != "" && !isIdent(t.On):
			v.add(CodeMalformed, path+".on", subject, "bad event name %q: %s", t.On, identRule)
		case t.Timer != "":
			if j, ok := v.timers[t.Timer]; !ok {
				v.add(CodeMalformed, path+".timer", subject, "timer %q is not declared", t.Timer)
			} else if tm := d.Timers[j]; tm.Scope == ScopeState && tm.State != t.From {
				v.add(CodeMalformed, path+".timer", subject, "timer %q belongs to state %q, so it never fires in %q", t.Timer, tm.State, t.From)
			}
		}
		if t.To != "" {
			v.stateRef(path+".to", subject, t.To)
		}
		for k, name := range t.Start {
			v.namedTimerRef(path+".start["+strconv.Itoa(k)+"]", subject, name)
		}
		for k, name := range t.Stop {
			v.namedTimerRef(path+".stop["+strconv.Itoa(k)+"]", subject, name)
		}
		for k, name := range t.Count {
			if _, ok := v.counters[name]; !ok {
				v.add(CodeMalformed, path+".count["+strconv.Itoa(k)+"]", subject, "counter %q is not declared", name)
			}
		}
		for k, name := range t.Reset {
			if _, ok := v.counters[name]; !ok {
				v.add(CodeMalformed, path+".reset["+strconv.Itoa(k)+"]", subject, "counter %q is not declared", name)
			}
		}
		v.actions(path+".actions", subject, t.Actions)
		if t.Guard != "" {
			g, err := v.c.guard(t.Guard)
			if err != nil {
				v.out = append(v.out, Finding{Code: CodeRuleType, Path: path + ".guard", Subject: subject,
					Message: "guard " + strconv.Quote(t.Guard) + ": " + err.Error(), Err: err})
				continue
			}
			v.guards[i] = g
		}
	}
}

func (v *validator) actions(path, subject string, as []Action) {
	for k, a := range as {
		p := path + "[" + strconv.Itoa(k) + "]"
		switch a.Kind {
		case ActionNotify, ActionAssign:
			if !isIdent(a.Role) {
				v.add(CodeMalformed, p+".role", subject, "%s needs a role (%q): %s", a.Kind, a.Role, identRule)
			}
		case ActionRaiseLevel:
			if a.Level < 1 || a.Level > len(v.def.Levels) {
				v.add(CodeMalformed, p+".level", subject, "level %d is not declared (levels 1 to %d)", a.Level, len(v.def.Levels))
			}
			if a.Role != "" && !isIdent(a.Role) {
				v.add(CodeMalformed, p+".role", subject, "bad role %q: %s", a.Role, identRule)
			}
		case ActionRecordPenalty, ActionCompensate, ActionResetClock, ActionCustom:
			if !isIdent(a.Code) {
				v.add(CodeMalformed, p+".code", subject, "%s needs a code (%q): %s", a.Kind, a.Code, identRule)
			}
		default:
			v.add(CodeMalformed, p+".kind", subject, "action has no valid kind")
		}
	}
}

// transitionLabel names a transition for messages: "from --event--> to".
func transitionLabel(t Transition) string {
	trigger := t.On
	if t.Timer != "" {
		trigger = "timer " + t.Timer
	}
	to := t.To
	if to == "" {
		to = t.From
	}
	return t.From + " --" + trigger + "--> " + to
}
