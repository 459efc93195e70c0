package escalation

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
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

// targets returns the states transition i can lead to: its own target and the
// target of every counter it counts that has one.
func (v *validator) targets(i int) []int {
	t := v.def.Transitions[i]
	from := v.states[t.From]
	to := from
	if t.To != "" {
		to = v.states[t.To]
	}
	out := []int{to}
	for _, c := range t.Count {
		if ct := v.def.Counters[v.counters[c]].To; ct != "" {
			out = append(out, v.states[ct])
		}
	}
	return out
}

// graph runs the checks that need every reference resolved.
func (v *validator) graph() {
	d := v.def
	n := len(d.States)
	succ := make([][]int, n)
	pred := make([][]int, n)
	for i, t := range d.Transitions {
		from := v.states[t.From]
		for _, to := range v.targets(i) {
			succ[from] = append(succ[from], to)
			pred[to] = append(pred[to], from)
		}
	}
	reach := walk(n, []int{v.states[d.Initial]}, succ)
	for i, s := range d.States {
		if !reach[i] {
			v.add(CodeUnreachableState, "states["+strconv.Itoa(i)+"]", s.Name, "state %q cannot be reached from %q", s.Name, d.Initial)
		}
	}
	v.deadEnds()
	var terminals []int
	for i, s := range d.States {
		if s.Terminal {
			terminals = append(terminals, i)
		}
	}
	if len(terminals) > 0 {
		coreach := walk(n, terminals, pred)
		for i, s := range d.States {
			if reach[i] && !coreach[i] {
				v.add(CodeNoTerminal, "states["+strconv.Itoa(i)+"]", s.Name, "no terminal state can be reached from %q", s.Name)
			}
		}
	}
	v.overlaps()
	v.timerOrder()
	v.cycles()
}

// walk returns the nodes reachable from roots along next.
func walk(n int, roots []int, next [][]int) []bool {
	seen := make([]bool, n)
	stack := append([]int(nil), roots...)
	for _, r := range roots {
		seen[r] = true
	}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, y := range next[x] {
			if !seen[y] {
				seen[y] = true
				stack = append(stack, y)
			}
		}
	}
	return seen
}

// deadEnds reports non-terminal states an order could stay in forever with no
// deadline to wait for and no event to accept.
func (v *validator) deadEnds() {
	d := v.def
	for si, s := range d.States {
		if s.Terminal {
			continue
		}
		leaves, events := false, false
		for i, t := range d.Transitions {
			if v.states[t.From] != si {
				continue
			}
			for _, to := range v.targets(i) {
				leaves = leaves || to != si
			}
			events = events || t.On != ""
		}
		timerExit := false
		for _, tm := range d.Timers {
			// A clock timer waits while its clock is paused: not a sure way out.
			if tm.Scope == ScopeState && tm.State == s.Name && tm.Deadline.Clock == "" && v.surelyLeaves(s.Name, tm.Name) {
				timerExit = true
			}
		}
		path := "states[" + strconv.Itoa(si) + "]"
		switch {
		case !leaves:
			v.add(CodeDeadEnd, path, s.Name, "no transition leads out of non-terminal state %q", s.Name)
		case !events && !timerExit:
			v.add(CodeDeadEnd, path, s.Name, "state %q accepts no event and no unguarded timer of its own leads out: an order could wait there forever", s.Name)
		}
	}
}

// surelyLeaves reports whether the firing of the timer in the state always
// takes a transition out of it: the first unguarded transition on the timer
// leaves, and so does every guarded one before it.
func (v *validator) surelyLeaves(state, timer string) bool {
	for _, t := range v.def.Transitions {
		if t.From != state || t.Timer != timer {
			continue
		}
		if t.To == "" || t.To == t.From {
			return false
		}
		for _, c := range t.Count {
			if v.def.Counters[v.counters[c]].To == state {
				return false
			}
		}
		if t.Guard == "" {
			return true
		}
	}
	return false
}

// overlaps reports transitions shadowed by an earlier unguarded one on the same
// state and trigger.
func (v *validator) overlaps() {
	type key struct{ from, on, timer string }
	open := map[key]int{} // trigger → index of its first unguarded transition
	for i, t := range v.def.Transitions {
		k := key{t.From, t.On, t.Timer}
		if j, ok := open[k]; ok {
			v.add(CodeOverlap, "transitions["+strconv.Itoa(i)+"]", transitionLabel(t),
				"never taken: transitions[%d] (%s) on the same state and trigger has no guard", j, transitionLabel(v.def.Transitions[j]))
			continue
		}
		if t.Guard == "" {
			open[k] = i
		}
	}
}

// timerLevel is the highest level a timer raises to when it fires (its own
// actions and those of the transitions it triggers), 0 if none.
func (v *validator) timerLevel(ti int) int {
	name := v.def.Timers[ti].Name
	level := maxLevel(v.def.Timers[ti].Actions)
	for _, t := range v.def.Transitions {
		if t.Timer == name {
			level = max(level, maxLevel(t.Actions))
		}
	}
	return level
}

func maxLevel(as []Action) int {
	m := 0
	for _, a := range as {
		if a.Kind == ActionRaiseLevel {
			m = max(m, a.Level)
		}
	}
	return m
}

// timerOrder reports timers armed at the same instant (the timers of one state,
// or named timers started together) on the same calendar where a higher level
// has a shorter offset than a lower one.
func (v *validator) timerOrder() {
	d := v.def
	var groups [][]int
	for si := range d.States {
		var g []int
		for ti, t := range d.Timers {
			if t.Scope == ScopeState && v.states[t.State] == si {
				g = append(g, ti)
			}
		}
		groups = append(groups, g)
	}
	named := func(names []string) []int {
		var g []int
		for _, name := range names {
			g = append(g, v.timers[name])
		}
		return g
	}
	groups = append(groups, named(d.Start))
	for _, t := range d.Transitions {
		groups = append(groups, named(t.Start))
	}
	reported := map[[2]int]bool{}
	for _, g := range groups {
		sort.Ints(g)
		for a := 0; a < len(g); a++ {
			for b := 0; b < len(g); b++ {
				lo, hi := d.Timers[g[a]], d.Timers[g[b]]
				la, lb := v.timerLevel(g[a]), v.timerLevel(g[b])
				if la == 0 || lb == 0 || la >= lb || lo.Deadline.Calendar != hi.Deadline.Calendar || lo.Deadline.Clock != "" || hi.Deadline.Clock != "" {
					continue
				}
				if lo.Deadline.After <= hi.Deadline.After || reported[[2]int{g[a], g[b]}] {
					continue
				}
				reported[[2]int{g[a], g[b]}] = true
				v.add(CodeTimerOrder, "timers["+strconv.Itoa(g[b])+"].deadline", hi.Name,
					"timer %q raises level %d after %v, before timer %q raises level %d after %v",
					hi.Name, lb, hi.Deadline.After, lo.Name, la, lo.Deadline.After)
			}
		}
	}
}

// cycles reports loops that timers alone can drive: without time passing
// (zero offsets) or forever (no counter threshold leads out).
func (v *validator) cycles() {
	d := v.def
	n := len(d.States)
	instant := make([][]int, n)
	timed := make([][]int, n)
	type edge struct{ from, to, tr int }
	var timedEdges []edge
	for i, t := range d.Transitions {
		if t.Timer == "" {
			continue
		}
		tm := d.Timers[v.timers[t.Timer]]
		from := v.states[t.From]
		restarts := false
		for _, s := range t.Start {
			restarts = restarts || s == t.Timer
		}
		for _, to := range v.targets(i) {
			// A timer transition that stays put loops only if it re-arms its
			// own (named) timer; one that moves re-arms the target's timers.
			if to == from && !restarts {
				continue
			}
			timed[from] = append(timed[from], to)
			timedEdges = append(timedEdges, edge{from, to, i})
			// A clock threshold may already be reached when the timer is
			// armed: it can fire at once.
			if tm.Deadline.After == 0 || tm.Deadline.Clock != "" {
				instant[from] = append(instant[from], to)
			}
		}
	}
	for _, scc := range loops(n, instant) {
		v.add(CodeInstantCycle, "states["+strconv.Itoa(scc[0])+"]", d.States[scc[0]].Name,
			"states %s can follow each other without time passing (zero-offset timers)", v.stateList(scc))
	}
	for _, scc := range loops(n, timed) {
		in := make(map[int]bool, len(scc))
		for _, s := range scc {
			in[s] = true
		}
		bounded := false
		for _, e := range timedEdges {
			if !in[e.from] || !in[e.to] {
				continue
			}
			for _, c := range d.Transitions[e.tr].Count {
				ct := d.Counters[v.counters[c]]
				if ct.To == "" || in[v.states[ct.To]] || v.resetIn(c, in) {
					continue
				}
				bounded = true
			}
		}
		if !bounded {
			v.add(CodeUnboundedRepeat, "states["+strconv.Itoa(scc[0])+"]", d.States[scc[0]].Name,
				"timers alone can drive an order round %s forever: count the rounds with a counter whose threshold leads out", v.stateList(scc))
		}
	}
}

// resetIn reports whether a transition between states of the loop resets the
// counter.
func (v *validator) resetIn(counter string, in map[int]bool) bool {
	for i, t := range v.def.Transitions {
		if !in[v.states[t.From]] {
			continue
		}
		inside := false
		for _, to := range v.targets(i) {
			inside = inside || in[to]
		}
		if !inside {
			continue
		}
		for _, r := range t.Reset {
			if r == counter {
				return true
			}
		}
	}
	return false
}

func (v *validator) stateList(scc []int) string {
	names := make([]string, len(scc))
	for i, s := range scc {
		names[i] = strconv.Quote(v.def.States[s].Name)
	}
	return strings.Join(names, ", ")
}

// loops returns the strongly connected components of the graph that contain a
// cycle (more than one node, or a node with an edge to itself), each sorted,
// in order of their smallest node.
func loops(n int, next [][]int) [][]int {
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var out [][]int
	counter := 0
	var strong func(x int)
	strong = func(x int) {
		index[x], low[x] = counter, counter
		counter++
		stack = append(stack, x)
		onStack[x] = true
		for _, y := range next[x] {
			if index[y] < 0 {
				strong(y)
				low[x] = min(low[x], low[y])
			} else if onStack[y] {
				low[x] = min(low[x], index[y])
			}
		}
		if low[x] != index[x] {
			return
		}
		var scc []int
		for {
			y := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[y] = false
			scc = append(scc, y)
			if y == x {
				break
			}
		}
		self := false
		for _, y := range next[x] {
			self = self || y == x
		}
		if len(scc) > 1 || self {
			sort.Ints(scc)
			out = append(out, scc)
		}
	}
	for x := 0; x < n; x++ {
		if index[x] < 0 {
			strong(x)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}
