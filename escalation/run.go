package escalation

import (
	"slices"
	"time"

	"github.com/servq/servq/sla"
)

// run is the working space of one step.
type run struct {
	m           *Machine
	res         *Result
	st          State
	cur         int // index of st.Current
	now         time.Time
	facts       any
	clocks      *sla.State
	startOnly   bool // Start: clock timers wait for the first step's clock state
	ownTimers   bool // st.Timers is this step's own copy
	ownCounters bool // st.Counters is this step's own copy
	firings     int
	index       int // position of the next action in the current firing
}

func (r *run) trace(e Entry) int {
	r.res.Trace = append(r.res.Trace, e)
	return len(r.res.Trace) - 1
}

// fire starts a new firing: it counts it and checks the runaway bound.
func (r *run) fire() error {
	r.firings++
	if r.firings > MaxFirings {
		return errorf(ErrRunaway, "order %q: more than %d firings in one step", r.st.Order, MaxFirings)
	}
	r.st.Seq++
	r.index = 0
	return nil
}

func (r *run) emit(as []Action, due time.Time, cause int) {
	for _, a := range as {
		if a.Kind == ActionRaiseLevel && a.Level > r.st.Level {
			r.st.Level = a.Level
		}
		r.res.Actions = append(r.res.Actions, Emitted{
			ID:       NewActionID(r.st.Order, r.st.Machine, r.st.MachineVersion, r.st.Seq, r.st.Cycle, r.index),
			Action:   a,
			Due:      due,
			Lateness: r.now.Sub(due),
			Seq:      r.st.Seq,
			Cycle:    r.st.Cycle,
			Cause:    cause,
		})
		r.index++
	}
}

// fireDue fires every timer due at or before limit, earliest first.
func (r *run) fireDue(limit time.Time) error {
	for len(r.st.Timers) > 0 && !r.st.Timers[0].Due.IsZero() && !r.st.Timers[0].Due.After(limit) {
		if err := r.fireFirst(); err != nil {
			return err
		}
	}
	return nil
}

// fireFirst fires the earliest timer.
func (r *run) fireFirst() error {
	if err := r.fire(); err != nil {
		return err
	}
	ts := r.st.Timers[0]
	ti := r.m.timerIdx[ts.Name]
	tm := &r.m.timers[ti]
	r.ownTimerSlice()
	r.st.Timers = slices.Delete(r.st.Timers, 0, 1)
	if ts.Fired < tm.times {
		r.insert(ti, TimerState{Name: ts.Name, Armed: ts.Armed, Due: tm.deadline.next(ts.Due), Fired: ts.Fired + 1})
	}
	cur := r.cur
	cause := r.trace(Entry{Kind: EntryTimer, At: ts.Due, Seq: r.st.Seq, Timer: ts.Name, Transition: -1, From: r.st.Current, To: r.st.Current})
	r.emit(tm.actions, ts.Due, cause)
	rejected := 0
	for _, tr := range r.m.states[cur].byTimer {
		t := &r.m.trans[tr]
		if t.timer != ti {
			continue
		}
		ok, err := r.holds(t)
		if err != nil {
			return err
		}
		if !ok {
			rejected++
			continue
		}
		r.res.Trace[cause].Rejected = rejected
		if err := r.take(t, ts.Due, cause); err != nil {
			return err
		}
		break
	}
	r.res.Trace[cause].To = r.st.Current
	r.res.Trace[cause].Level = r.st.Level
	r.res.Trace[cause].Cycle = r.st.Cycle
	return nil
}

func (r *run) holds(t *ctrans) (bool, error) {
	if t.guard == nil {
		return true, nil
	}
	ok, err := t.guard.EvalBool(r.facts)
	if err != nil {
		return false, &GuardError{Transition: t.index, Guard: t.guardSrc, Err: err}
	}
	return ok, nil
}

// event applies an event at its instant.
func (r *run) event(ev Event, at time.Time) (EventStatus, error) {
	if r.st.Applied.At.Equal(at) {
		r.st.Applied.IDs = append(slices.Clip(r.st.Applied.IDs), ev.ID)
	} else {
		r.st.Applied = Applied{At: at, IDs: []string{ev.ID}}
	}
	cur := r.cur
	entry := Entry{Kind: EntryUnhandled, At: at, Seq: r.st.Seq, Event: ev.Name, EventID: ev.ID, Transition: -1,
		From: r.st.Current, To: r.st.Current, Level: r.st.Level, Cycle: r.st.Cycle, Note: "no transition"}
	if r.m.states[cur].terminal {
		entry.Note = "terminal state"
	}
	rejected := 0
	for _, tr := range r.m.states[cur].byEvent {
		t := &r.m.trans[tr]
		if t.on != ev.Name {
			continue
		}
		ok, err := r.holds(t)
		if err != nil {
			return StatusInvalid, err
		}
		if !ok {
			rejected++
			continue
		}
		if err := r.fire(); err != nil {
			return StatusInvalid, err
		}
		entry.Kind, entry.Seq, entry.Rejected, entry.Note = EntryEvent, r.st.Seq, rejected, ""
		cause := r.trace(entry)
		if err := r.take(t, at, cause); err != nil {
			return StatusInvalid, err
		}
		r.res.Trace[cause].To = r.st.Current
		r.res.Trace[cause].Level = r.st.Level
		r.res.Trace[cause].Cycle = r.st.Cycle
		return StatusApplied, nil
	}
	if rejected > 0 {
		entry.Note = "no guard held"
		entry.Rejected = rejected
	}
	r.trace(entry)
	return StatusUnhandled, nil
}

// take applies transition t at instant at; cause is the trace entry of the
// firing that took it.
func (r *run) take(t *ctrans, at time.Time, cause int) error {
	e := &r.res.Trace[cause]
	e.Transition, e.Guard = t.index, t.guardSrc
	from, to := t.from, t.to
	for _, c := range t.reset {
		r.setCounter(c, 0)
	}
	// Counters that reach their threshold: remember them to emit their
	// actions after the transition's own; the first with a target redirects.
	var reachedBuf [4]int
	reached := reachedBuf[:0]
	for _, c := range t.count {
		v := r.st.Counter(r.m.counters[c].name) + 1
		r.setCounter(c, v)
		if v >= r.m.counters[c].threshold {
			reached = append(reached, c)
		}
	}
	redirected := false
	for _, c := range reached {
		if ct := r.m.counters[c].to; ct >= 0 && !redirected {
			to, redirected = ct, true
		}
	}
	if t.reopen {
		r.st.Cycle++
	}
	change := to != from
	if change {
		r.emit(r.m.states[from].exit, at, cause)
	}
	r.emit(t.actions, at, cause)
	for _, c := range reached {
		cc := r.trace(Entry{Kind: EntryCounter, At: at, Seq: r.st.Seq, Counter: r.m.counters[c].name,
			Value: r.st.Counter(r.m.counters[c].name), Transition: t.index, From: r.st.Current, To: r.m.states[to].name})
		r.emit(r.m.counters[c].actions, at, cc)
		r.res.Trace[cc].Level = r.st.Level
		r.res.Trace[cc].Cycle = r.st.Cycle
	}
	for _, ti := range t.stop {
		r.disarm(ti)
	}
	for _, ti := range t.start {
		if err := r.arm(ti, at); err != nil {
			return err
		}
	}
	if change {
		for _, ti := range r.m.states[from].timers {
			r.disarm(ti)
		}
		r.st.Current = r.m.states[to].name
		r.cur = to
		r.st.Entered = at
		if r.m.states[to].terminal {
			r.ownTimerSlice()
			r.st.Timers = r.st.Timers[:0]
		} else {
			for _, ti := range r.m.states[to].timers {
				if err := r.arm(ti, at); err != nil {
					return err
				}
			}
		}
		r.emit(r.m.states[to].entry, at, cause)
	}
	return nil
}

func (r *run) ownTimerSlice() {
	if !r.ownTimers {
		r.st.Timers = append(make([]TimerState, 0, len(r.st.Timers)+2), r.st.Timers...)
		r.ownTimers = true
	}
}

// arm (re)starts timer ti at instant at.
func (r *run) arm(ti int, at time.Time) error {
	r.disarm(ti)
	tm := &r.m.timers[ti]
	var due time.Time
	if !(r.startOnly && tm.deadline.dynamic()) {
		var err error
		if due, err = tm.deadline.first(at, r.now, r.clocks); err != nil {
			return err
		}
	}
	r.insert(ti, TimerState{Name: tm.name, Armed: at, Due: due})
	return nil
}

// refresh recomputes the deadlines of armed clock timers from the clock state
// given with the step.
func (r *run) refresh() error {
	if !r.m.dynamic {
		return nil
	}
	for i := 0; i < len(r.st.Timers); i++ {
		ts := r.st.Timers[i]
		ti := r.m.timerIdx[ts.Name]
		d := r.m.timers[ti].deadline
		if !d.dynamic() {
			continue
		}
		due, err := d.first(ts.Armed, r.now, r.clocks)
		if err != nil {
			return err
		}
		if due.Equal(ts.Due) {
			continue
		}
		r.ownTimerSlice()
		r.st.Timers = slices.Delete(r.st.Timers, i, i+1)
		ts.Due = due
		r.insert(ti, ts)
		i = -1 // the order changed: look again from the start
	}
	return nil
}

// dueBefore orders deadlines, a missing (zero) deadline last.
func dueBefore(a, b time.Time) bool {
	switch {
	case a.IsZero():
		return false
	case b.IsZero():
		return true
	}
	return a.Before(b)
}

// insert adds a timer state in deadline order (timers without a deadline
// last), ties in definition order.
func (r *run) insert(ti int, ts TimerState) {
	r.ownTimerSlice()
	i := 0
	for i < len(r.st.Timers) {
		o := r.st.Timers[i]
		if dueBefore(ts.Due, o.Due) || (ts.Due.Equal(o.Due) && ti < r.m.timerIdx[o.Name]) {
			break
		}
		i++
	}
	r.st.Timers = slices.Insert(r.st.Timers, i, ts)
}

// disarm cancels timer ti if it is armed.
func (r *run) disarm(ti int) {
	name := r.m.timers[ti].name
	for i, t := range r.st.Timers {
		if t.Name == name {
			r.ownTimerSlice()
			r.st.Timers = slices.Delete(r.st.Timers, i, i+1)
			return
		}
	}
}

// setCounter sets counter c to v, keeping the list in definition order and
// without zeros.
func (r *run) setCounter(c, v int) {
	name := r.m.counters[c].name
	if !r.ownCounters {
		r.st.Counters = slices.Clone(r.st.Counters)
		r.ownCounters = true
	}
	for i, cs := range r.st.Counters {
		if cs.Name == name {
			if v == 0 {
				r.st.Counters = slices.Delete(r.st.Counters, i, i+1)
			} else {
				r.st.Counters[i].Value = v
			}
			return
		}
	}
	if v == 0 {
		return
	}
	i := 0
	for i < len(r.st.Counters) && r.m.counterIdx[r.st.Counters[i].Name] < c {
		i++
	}
	r.st.Counters = slices.Insert(r.st.Counters, i, CounterState{Name: name, Value: v})
}

// finish records now and the status, and normalises empty lists to nil.
func (r *run) finish(status EventStatus) {
	r.st.Now = r.now
	if len(r.st.Timers) == 0 {
		r.st.Timers = nil
	}
	if len(r.st.Counters) == 0 {
		r.st.Counters = nil
	}
	r.res.State = r.st
	r.res.Wake = r.st.Wake()
	r.res.Status = status
}
