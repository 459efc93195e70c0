package sla

import (
	"slices"
	"time"

	"github.com/servq/servq/quality"
)

// Fold applies events to s in the order given and returns the new state.
// It never changes s.
//
//   - An event whose ID was already applied is ignored (at-least-once
//     delivery is safe), whatever its other fields.
//   - An event older than the last applied event is refused with an error
//     wrapping [ErrLateEvent]: the clocks do not rewrite their past. Events
//     at the same instant as the last one are applied in the order given. A
//     host that learns of a late event replays the order's events with
//     [Clocks.Replay].
//   - Fold is atomic: on any error it returns s unchanged, with an
//     [*EventError] naming the event (and the clock and rule when a rule
//     failed).
func (cs *Clocks) Fold(s State, events ...Event) (State, error) {
	if err := cs.check(s); err != nil {
		return s, err
	}
	w := s.clone(len(events))
	if len(w.clocks) == 0 {
		w.clocks = make([]clockState, len(cs.clocks))
		for i, c := range cs.clocks {
			w.clocks[i].name = c.name
		}
	}
	seen := newSeenSet(w.seen, len(events))
	var facts eventFacts
	var prev quality.Facts // the facts of the last event applied in this fold
	var buf [8]decision
	var ownBuf [8]bool
	var ds []decision
	var owned []bool // which clocks' cycles w has copied
	if n := len(cs.clocks); n <= len(buf) {
		ds, owned = buf[:0], ownBuf[:n]
	} else {
		ds, owned = make([]decision, 0, n), make([]bool, n)
	}
	for i := range events {
		e := &events[i]
		if err := e.validate(); err != nil {
			return s, &EventError{Index: i, ID: e.ID, At: e.At, Err: err}
		}
		if seen.has(e.ID) {
			continue
		}
		at := instantOf(e.At)
		if at < w.last {
			return s, &EventError{Index: i, ID: e.ID, At: e.At,
				Err: errorf("%w: at %s, before the last applied event at %s", ErrLateEvent,
					e.At.UTC().Format(time.RFC3339Nano), w.last.t().Format(time.RFC3339Nano))}
		}
		ds = ds[:len(cs.clocks)]
		id := cs.eventID(e.Name)
		for k, c := range cs.clocks {
			if err := c.decide(&ds[k], &w.clocks[k], e, id, &facts, prev, at); err != nil {
				err.Index, err.ID, err.At = i, e.ID, e.At
				return s, err
			}
		}
		for k, c := range cs.clocks {
			if ds[k].any() {
				if !owned[k] {
					w.own(k)
					owned[k] = true
				}
				c.apply(&w.clocks[k], &ds[k], at)
			}
		}
		seen.add(e.ID)
		w.last = at
		prev = e.Facts
	}
	w.seen = seen.ids
	return w, nil
}

// Replay folds an order's events from the zero state in time order: the
// events are sorted by instant, stably, so events at the same instant keep
// the order given. This is how a host takes in a late event: append it to the
// order's events and replay.
func (cs *Clocks) Replay(events ...Event) (State, error) {
	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, func(a, b Event) int { return a.At.Compare(b.At) })
	return cs.Fold(State{}, sorted...)
}

// check verifies that s was folded by these clocks: the same clock names in
// the same order (or no clocks yet), and target names that exist.
func (cs *Clocks) check(s State) error {
	if len(s.clocks) == 0 {
		return nil
	}
	if len(s.clocks) != len(cs.clocks) {
		return errorf("%w: the state has %d clocks, the definitions %d", ErrStateMismatch, len(s.clocks), len(cs.clocks))
	}
	for i, c := range cs.clocks {
		st := &s.clocks[i]
		if st.name != c.name {
			return errorf("%w: clock %d is %q in the state, %q in the definitions", ErrStateMismatch, i, st.name, c.name)
		}
		for j := range st.cycles {
			cy := &st.cycles[j]
			if len(cy.changes) == 0 || !c.hasTarget(cy.orig.target, cy.changes[0].target) ||
				!c.hasTarget(cy.cur.target, cy.changes[len(cy.changes)-1].target) {
				return errorf("%w: clock %q: cycle %d: its targets are not those of the definitions", ErrStateMismatch, c.name, j+1)
			}
		}
	}
	return nil
}

// hasTarget reports whether the clock's target i is named name.
func (c *clock) hasTarget(i int, name string) bool {
	return i >= 0 && i < len(c.targets) && c.targets[i].name == name
}

// act is a kind of condition.
type act uint8

const (
	actStart act = iota
	actPause
	actResume
	actStop
	actReset
	actCancel
	numActs
)

var actFields = [numActs]string{"start", "pause", "resume", "stop", "reset", "cancel"}

// decision is what one event does to one clock, decided before anything is
// applied so that a failing rule leaves the state untouched.
type decision struct {
	end    Phase // Stopped, Cancelled or Reset: the open cycle ends
	start  bool  // a new cycle starts
	pause  int   // 1 + the index of the pause condition that holds; 0 for none
	resume bool
	target int     // the first matching target, or -1 when not evaluated
	due    instant // for a Slots or Deadline target: its due instant
}

func (d *decision) any() bool {
	return d.end != PhaseInvalid || d.start || d.pause != 0 || d.resume || d.target >= 0
}

// decide evaluates the clock's conditions on an event, lazily: only those
// that can change the clock in its present phase. prev are the facts of the
// event applied just before in this fold (nil for the first).
func (c *clock) decide(d *decision, st *clockState, e *Event, id int, f *eventFacts, prev quality.Facts, at instant) *EventError {
	*d = decision{target: -1}
	open := st.open()
	if open != nil {
		i, err := c.first(actCancel, e, id, f)
		if err != nil {
			return err
		}
		if i >= 0 {
			d.end = Cancelled
			return nil
		}
		if i, err = c.first(actStop, e, id, f); err != nil {
			return err
		}
		if i >= 0 {
			d.end = Stopped
			return nil
		}
	}
	i, err := c.first(actReset, e, id, f)
	if err != nil {
		return err
	}
	switch {
	case i >= 0:
		if open != nil {
			d.end = Reset
		}
		d.start = true
	case open == nil:
		if i, err = c.first(actStart, e, id, f); err != nil {
			return err
		}
		d.start = i >= 0
	}
	if !d.start && open == nil {
		return nil
	}
	if d.start || open.phase == Running {
		if i, err = c.first(actPause, e, id, f); err != nil {
			return err
		}
		d.pause = i + 1
	} else {
		if i, err = c.first(actResume, e, id, f); err != nil {
			return err
		}
		d.resume = i >= 0
	}
	if !d.start && (c.policy == KeepFirst || c.fixedTarget || (c.sameTargets && prev != nil && sameFacts(prev, e.Facts, c.targetFacts))) {
		// KeepFirst keeps the target; a single target (not a deadline) is
		// chosen again; and facts the targets read that did not change since
		// the previous event choose the target in force again.
		return nil
	}
	start, cur := at, -1
	if !d.start {
		start, cur = open.start, open.cur.target
	}
	return c.chooseTarget(d, e, id, f, start, cur, open)
}

// first returns the index of the first condition of kind a that holds, or -1.
func (c *clock) first(a act, e *Event, id int, f *eventFacts) (int, *EventError) {
	if !c.mayHold(a, id) {
		return -1, nil
	}
	for i := range c.conds[a] {
		cd := &c.conds[a][i]
		ok, err := cd.rule.holds(e, id, f)
		if err != nil {
			return -1, &EventError{Clock: c.name, Path: cd.path, Err: errorf("%w: %w", ErrRule, err)}
		}
		if ok {
			return i, nil
		}
	}
	return -1, nil
}

// chooseTarget finds the first matching target and, for an instant target,
// its due instant.
func (c *clock) chooseTarget(d *decision, e *Event, id int, f *eventFacts, start instant, cur int, open *cycle) *EventError {
	for i := range c.targets {
		t := &c.targets[i]
		if t.when != nil {
			ok, err := t.when.holds(e, id, f)
			if err != nil {
				return &EventError{Clock: c.name, Path: t.path + ".when", Err: errorf("%w: %w", ErrRule, err)}
			}
			if !ok {
				continue
			}
		}
		d.target = i
		switch {
		case t.slots != nil && i == cur:
			d.due = open.cur.due // a slot depends on the cycle's start only
		case t.slots != nil:
			due, err := t.slots.next(start.t())
			if err != nil {
				return &EventError{Clock: c.name, Path: t.path + ".slots", Err: err}
			}
			d.due = instantOf(due)
		case t.deadline != nil:
			due, err := t.deadline.time(e, f)
			if err != nil {
				return &EventError{Clock: c.name, Path: t.path + ".deadline", Err: errorf("%w: %w", ErrRule, err)}
			}
			if !due.After(minEventTime) || !due.Before(maxEventTime) {
				return &EventError{Clock: c.name, Path: t.path + ".deadline",
					Err: errorf("%w: deadline %s outside 1970 to 2200", ErrRule, due.Format(time.RFC3339))}
			}
			d.due = instantOf(due)
		}
		return nil
	}
	// Unreachable for compiled clocks (the last target has no condition); a
	// clock without a match keeps its target.
	return nil
}

// apply changes the clock's state as decided, at instant t.
func (c *clock) apply(st *clockState, d *decision, t instant) {
	if d.end != PhaseInvalid {
		if open := st.open(); open != nil {
			c.close(open, t, d.end)
		}
	}
	if d.start {
		c.begin(st, t, d)
	}
	open := st.open()
	if open == nil {
		return
	}
	switch {
	case d.pause != 0 && open.phase == Running:
		c.pause(open, t, c.conds[actPause][d.pause-1].name)
	case d.resume && open.phase == Paused:
		c.resume(open, t)
	}
	if !d.start && d.target >= 0 && (d.target != open.cur.target || (c.targets[d.target].instant() && d.due != open.cur.due)) {
		c.retarget(open, t, d.target, d.due)
	}
}

// begin appends a new running cycle starting at t.
func (c *clock) begin(st *clockState, t instant, d *decision) {
	// One allocation holds the first spans and the first target change; own
	// caps them before a later fold appends, so states never share writes.
	buf := new(cycleBuf)
	buf.spans[0] = span{at: t}
	cy := cycle{start: t, phase: Running, spans: buf.spans[:1], changes: buf.changes[:0]}
	cy.cur = c.newTrack(&cy, d.target, d.due, t)
	cy.orig = cy.cur
	cy.changes = append(cy.changes, change{at: t, target: c.targets[d.target].name, due: cy.cur.due})
	if st.cycles == nil {
		st.cycles = make([]cycle, 0, 2)
	}
	st.cycles = append(st.cycles, cy)
}

// cycleBuf is the first storage of a cycle's spans and target changes.
type cycleBuf struct {
	spans   [3]span
	changes [1]change
}

// close ends the open cycle at t with phase p.
func (c *clock) close(cy *cycle, t instant, p Phase) {
	running := cy.phase == Running
	c.both(cy, func(tr *track) { c.advance(tr, t, running) })
	cy.phase, cy.end = p, t
}

// both applies f to the current track and to the original one; until a
// target change they are equal, and f runs once.
func (c *clock) both(cy *cycle, f func(*track)) {
	same := cy.orig == cy.cur
	f(&cy.cur)
	if same {
		cy.orig = cy.cur
	} else {
		f(&cy.orig)
	}
}

// pause stops the count at t; by names the pause condition.
func (c *clock) pause(cy *cycle, t instant, by string) {
	c.both(cy, func(tr *track) {
		c.advance(tr, t, true)
		if tr.breachedAt == 0 {
			tr.due = 0 // a budget's due instant moves while paused
		}
	})
	cy.phase = Paused
	cy.spans = append(cy.spans, span{at: t, paused: true, by: by})
}

// resume restarts the count at t.
func (c *clock) resume(cy *cycle, t instant) {
	c.both(cy, func(tr *track) {
		tr.mark = t
		if tr.breachedAt == 0 {
			tr.due = instantOf(c.targets[tr.target].cal.Add(t.t(), tr.budget-tr.elapsed))
		}
	})
	cy.phase = Running
	cy.spans = append(cy.spans, span{at: t})
}

// advance brings tr's elapsed time up to t and records a breach that
// happened before t in a running stretch.
func (c *clock) advance(tr *track, t instant, running bool) {
	if running {
		tr.elapsed += c.targets[tr.target].cal.Between(tr.mark.t(), t.t())
		if tr.breachedAt == 0 && tr.due != 0 && t > tr.due {
			tr.breachedAt = tr.due
		}
	}
	tr.mark = t
}

// retarget puts target k (with due instant due, for an instant target) in
// force at t, keeping the elapsed working time: see [KeepElapsed].
func (c *clock) retarget(cy *cycle, t instant, k int, due instant) {
	c.advance(&cy.orig, t, cy.phase == Running) // keeps the original's breach up to date
	cy.cur = c.newTrack(cy, k, due, t)
	cy.changes = append(cy.changes, change{at: t, target: c.targets[k].name, due: cy.cur.due})
}

// newTrack returns the track of target k in cycle cy at instant t, with the
// elapsed working time of the cycle's running stretches up to t counted on
// the target's calendar. For a Within target, the due instant is where that
// count reaches the budget (in the past if the target is already missed);
// for an instant target it is the given instant.
func (c *clock) newTrack(cy *cycle, k int, due, t instant) track {
	tg := &c.targets[k]
	tr := track{target: k, mark: t}
	if tg.instant() {
		// Clocks with instant targets never pause: elapsed is the calendar's
		// working time since the start.
		tr.elapsed = tg.cal.Between(cy.start.t(), t.t())
		tr.due = due
		tr.budget = max(0, tg.cal.Between(cy.start.t(), due.t()))
		if t > due {
			tr.breachedAt = due
		}
		return tr
	}
	tr.budget = tg.within
	var reached instant // where the running count reached the budget
	for i, sp := range cy.spans {
		if sp.paused {
			continue
		}
		end := t
		if i+1 < len(cy.spans) {
			end = cy.spans[i+1].at
		}
		w := tg.cal.Between(sp.at.t(), end.t())
		if reached == 0 && tr.elapsed+w >= tr.budget {
			reached = instantOf(tg.cal.Add(sp.at.t(), tr.budget-tr.elapsed))
		}
		tr.elapsed += w
	}
	running := cy.phase == Running
	switch {
	case reached != 0 && reached < t:
		tr.due, tr.breachedAt = reached, reached
	case reached != 0 && running:
		tr.due = reached
	case running:
		tr.due = instantOf(tg.cal.Add(t.t(), tr.budget-tr.elapsed))
	}
	return tr
}

// instant reports whether the target is a fixed instant (a slot or a
// deadline) rather than a budget.
func (t *target) instant() bool { return t.slots != nil || t.deadline != nil }
