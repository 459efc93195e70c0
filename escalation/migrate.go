package escalation

import (
	"sort"
	"strconv"
	"time"
)

// A Migration says how open orders of one machine version move to another.
// Orders are never moved implicitly: a changed definition applies to new
// orders, and a host that wants open ones on the new version calls [Migrate]
// with an explicit Migration.
type Migration struct {
	// States maps old state names to new ones; a name not listed maps to
	// itself.
	States map[string]string
	// Timers maps old timer names to new ones; a name not listed maps to
	// itself, and a name mapped to "" is dropped. Armed timers whose new name
	// the new machine lacks (or, for state timers, that belong to another
	// state) are dropped.
	Timers map[string]string
	// Counters maps old counter names to new ones, as Timers does.
	Counters map[string]string
	// Rearm recomputes the deadline of every kept timer from the instant it was
	// armed, under the new definition. Without it deadlines already promised
	// stay as they are (the state stores them as absolute instants).
	Rearm bool
	// Arm names named timers of the new machine to arm if not already armed,
	// counted from the instant the order entered its current state.
	Arm []string
}

// CheckMigration returns the findings that make a migration from one machine
// to another unusable: every open (non-terminal) state of from must map to a
// state of to (CodeUnmappedState), and every name the migration mentions must
// exist (CodeMalformed).
func CheckMigration(from, to *Machine, mig Migration) []Finding {
	var out []Finding
	add := func(code Code, path, subject, msg string) {
		out = append(out, Finding{Code: code, Path: path, Subject: subject, Message: msg})
	}
	for _, old := range sortedKeys(mig.States) {
		if _, ok := from.stateIdx[old]; !ok {
			add(CodeMalformed, "states["+strconv.Quote(old)+"]", old, from.def.Name+" v"+strconv.Itoa(from.def.Version)+" has no state "+strconv.Quote(old))
		}
		if n := mig.States[old]; n != "" {
			if _, ok := to.stateIdx[n]; !ok {
				add(CodeMalformed, "states["+strconv.Quote(old)+"]", old, to.def.Name+" v"+strconv.Itoa(to.def.Version)+" has no state "+strconv.Quote(n))
			}
		}
	}
	for i, s := range from.states {
		if s.terminal {
			continue
		}
		n, ok := mig.States[s.name]
		if !ok {
			n = s.name
		}
		if _, exists := to.stateIdx[n]; !exists {
			add(CodeUnmappedState, "states["+strconv.Quote(s.name)+"]", s.name,
				"open state "+strconv.Quote(s.name)+" (states["+strconv.Itoa(i)+"]) has no state in "+to.def.Name+" v"+strconv.Itoa(to.def.Version)+": map it in Migration.States")
		}
	}
	names := func(field string, m map[string]string, old, new map[string]int) {
		for _, k := range sortedKeys(m) {
			if _, ok := old[k]; !ok {
				add(CodeMalformed, field+"["+strconv.Quote(k)+"]", k, "the old machine has no "+field[:len(field)-1]+" "+strconv.Quote(k))
			}
			if n := m[k]; n != "" {
				if _, ok := new[n]; !ok {
					add(CodeMalformed, field+"["+strconv.Quote(k)+"]", k, "the new machine has no "+field[:len(field)-1]+" "+strconv.Quote(n))
				}
			}
		}
	}
	names("timers", mig.Timers, from.timerIdx, to.timerIdx)
	names("counters", mig.Counters, from.counterIdx, to.counterIdx)
	// Two old timers (or counters) must not land on one new name.
	unique := func(field string, m map[string]string, old []string) {
		seen := map[string]string{}
		for _, o := range old {
			n, ok := m[o]
			if !ok {
				n = o
			}
			if n == "" {
				continue
			}
			if first, dup := seen[n]; dup {
				add(CodeMalformed, field+"["+strconv.Quote(o)+"]", o, strconv.Quote(first)+" and "+strconv.Quote(o)+" both map to "+strconv.Quote(n))
				continue
			}
			seen[n] = o
		}
	}
	var oldTimers, oldCounters []string
	for _, t := range from.timers {
		oldTimers = append(oldTimers, t.name)
	}
	for _, c := range from.counters {
		oldCounters = append(oldCounters, c.name)
	}
	unique("timers", mig.Timers, oldTimers)
	unique("counters", mig.Counters, oldCounters)
	for i, n := range mig.Arm {
		ti, ok := to.timerIdx[n]
		if !ok || !to.timers[ti].named {
			add(CodeMalformed, "arm["+strconv.Itoa(i)+"]", n, "the new machine has no named timer "+strconv.Quote(n))
		}
	}
	return out
}

// Migrate moves an open order from one machine (the one its state is pinned
// to) to another, usually a newer version of the same definition. It refuses
// with a *[ValidationError] wrapping [ErrMigration] when [CheckMigration] finds
// anything, and with [ErrMigration] for an order in a terminal state (closed
// orders keep the version they ran under).
//
// The new state keeps the order's id, level (capped to the new machine's
// levels), cycle, firing number, now, entry instant and applied events. Its
// state and timers are mapped as the Migration says; the new state's own
// timers that are not armed yet are armed from the instant the order entered
// its state. Deadlines may then be already due: step the order (a tick) right
// after migrating.
func Migrate(from, to *Machine, st State, mig Migration) (State, error) {
	if _, err := from.check(st); err != nil {
		return State{}, err
	}
	if f := CheckMigration(from, to, mig); len(f) > 0 {
		return State{}, &ValidationError{Machine: from.def.Name + " v" + strconv.Itoa(from.def.Version) + " → " + to.def.Name + " v" + strconv.Itoa(to.def.Version),
			Findings: f, sentinel: ErrMigration}
	}
	if from.Terminal(st) {
		return State{}, errorf(ErrMigration, "order %q is closed (state %q): closed orders keep their version", st.Order, st.Current)
	}
	mapped := func(m map[string]string, name string) string {
		if n, ok := m[name]; ok {
			return n
		}
		return name
	}
	out := st
	out.Machine, out.MachineVersion = to.def.Name, to.def.Version
	out.Current = mapped(mig.States, st.Current)
	out.Level = min(out.Level, len(to.def.Levels))
	cur := to.stateIdx[out.Current]
	if to.states[cur].terminal {
		out.Timers = nil
	} else {
		out.Timers = nil
		for _, ts := range st.Timers {
			n := mapped(mig.Timers, ts.Name)
			ti, ok := to.timerIdx[n]
			if n == "" || !ok {
				continue
			}
			if !to.timers[ti].named && to.def.Timers[ti].State != out.Current {
				continue
			}
			ts.Name = n
			switch d := to.timers[ti].deadline; {
			case d.dynamic():
				// A clock threshold is recomputed at the next step.
				ts.Due = time.Time{}
			case mig.Rearm:
				ts.Due, _ = d.first(ts.Armed, ts.Armed, nil)
				for k := 0; k < ts.Fired; k++ {
					ts.Due = d.next(ts.Due)
				}
			}
			out.Timers = append(out.Timers, ts)
		}
		arm := func(ti int) {
			for _, ts := range out.Timers {
				if ts.Name == to.timers[ti].name {
					return
				}
			}
			ts := TimerState{Name: to.timers[ti].name, Armed: st.Entered}
			if d := to.timers[ti].deadline; !d.dynamic() {
				ts.Due, _ = d.first(st.Entered, st.Entered, nil)
			}
			out.Timers = append(out.Timers, ts)
		}
		for _, ti := range to.states[cur].timers {
			arm(ti)
		}
		for _, n := range mig.Arm {
			arm(to.timerIdx[n])
		}
		sort.SliceStable(out.Timers, func(i, j int) bool {
			a, b := out.Timers[i], out.Timers[j]
			if !a.Due.Equal(b.Due) {
				return dueBefore(a.Due, b.Due)
			}
			return to.timerIdx[a.Name] < to.timerIdx[b.Name]
		})
	}
	out.Counters = nil
	for _, c := range st.Counters {
		n := mapped(mig.Counters, c.Name)
		if _, ok := to.counterIdx[n]; n == "" || !ok {
			continue
		}
		out.Counters = append(out.Counters, CounterState{Name: n, Value: c.Value})
	}
	sort.SliceStable(out.Counters, func(i, j int) bool {
		return to.counterIdx[out.Counters[i].Name] < to.counterIdx[out.Counters[j].Name]
	})
	if len(out.Timers) == 0 {
		out.Timers = nil
	}
	return out, nil
}

// sortedKeys returns a map's keys in order, so findings do not depend on map
// iteration order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
