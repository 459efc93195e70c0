package escalation

import (
	"sort"
	"strconv"
	"strings"
)

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
