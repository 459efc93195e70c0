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
	var seenBuf [64]int32
	seen := newSeenSet(w.seen, len(events), seenBuf[:])
	var mem foldMem
	var idBuf [32]int32
	var ids []int32 // the events' name numbers, when the plan took them
	if len(events) > 1 {
		if len(events) <= len(idBuf) {
			ids = idBuf[:len(events)]
		}
		if len(cs.clocks) <= len(mem.pr) {
			mem.npr = len(cs.clocks)
		}
		cs.plan(&w, events, ids, &mem)
	}
	var fe foldEvent
	var facts eventFacts
	var dsBuf [8]decision
	var ownBuf [8]bool
	var chBuf [8]int32
	ds, owned, changed := dsBuf[:], ownBuf[:], chBuf[:0] // owned: which clocks' cycles w has copied
	if n := len(cs.clocks); n > len(dsBuf) {
		ds, owned, changed = make([]decision, n), make([]bool, n), make([]int32, 0, n)
	}
	for i := range events {
		e := &events[i]
		at, ok := eventInstant(e.At)
		if !ok || e.ID == "" || e.Name == "" {
			if err := e.validate(); err != nil {
				return s, &EventError{Index: i, ID: e.ID, At: e.At, Err: err}
			}
			at = instantOf(e.At) // not reached: eventInstant accepts what validate does
		}
		key := idKey(e.ID)
		if seen.has(w.seen, key, e.ID) {
			continue
		}
		if at < w.last {
			return s, &EventError{Index: i, ID: e.ID, At: e.At,
				Err: errorf("%w: at %s, before the last applied event at %s", ErrLateEvent,
					e.At.UTC().Format(time.RFC3339Nano), w.last.t().Format(time.RFC3339Nano))}
		}
		fe.e, fe.at = e, at
		facts.next()
		if ids != nil {
			fe.id = int(ids[i])
		} else {
			fe.id = cs.eventID(e.Name)
		}
		// Only the clocks that a condition for this name or a target
		// choice can change need a look; for a target choice, only when
		// the clock runs a cycle.
		changed = changed[:0]
		if fe.id+1 < len(cs.visit) {
			for _, v := range cs.visit[fe.id+1] {
				k := v.clock
				st := &w.clocks[k]
				if v.targetOnly && st.open() == nil {
					continue
				}
				c := cs.clocks[k]
				ch, err := c.decide(&ds[k], st, &fe, &facts)
				if err != nil {
					err.Index, err.ID, err.At = i, e.ID, e.At
					return s, err
				}
				if ch {
					changed = append(changed, k)
				}
			}
		}
		if len(changed) > 0 {
			mem.last = i == len(events)-1
			cs.reserve(&mem, &w, ds, owned, changed)
		}
		for _, k := range changed {
			if !owned[k] {
				w.own(int(k), &mem)
				owned[k] = true
			}
			cs.clocks[k].apply(&w.clocks[k], &ds[k], at, &mem)
		}
		w.seen = append(w.seen, e.ID)
		seen.add(w.seen, key)
		w.last = at
		fe.prev = e.Facts
	}
	w.by = cs
	return w, nil
}

// plan looks at the names of a fold's events before the fold, to size the
// storage mem hands out (see [foldMem]): for each clock that a condition for
// one of the names concerns, or that has an open cycle whose target can
// change, room for its cycles and one more, for the spans of a cycle it may
// start and of its open cycle (one per event that may pause or resume it:
// mem.pr counts them for up to 8 clocks), and for their target changes. It puts
// the events' name numbers in ids (the first len(ids) events).
func (cs *Clocks) plan(w *State, events []Event, ids []int32, mem *foldMem) {
	var touched uint64
	for i := range events {
		id := cs.eventID(events[i].Name)
		if i < len(ids) {
			ids[i] = int32(id)
		}
		if id+1 < len(cs.touch) {
			touched |= cs.touch[id+1]
		}
		if mem.npr > 0 && id+1 < len(cs.pauses) {
			for _, k := range cs.pauses[id+1] {
				mem.pr[k]++
			}
		}
	}
	var cys, sps, chs int
	for k, c := range cs.clocks {
		st := &w.clocks[k]
		open := st.open()
		if k < 64 && touched&(1<<k) == 0 && !(c.retargets && open != nil) {
			continue
		}
		cys += len(st.cycles) + 1
		sps += mem.spanRoom(c, false)
		chs += c.changeRoom
		if open != nil {
			sps += mem.spanGrowth(c, len(open.spans))
			chs += mem.grow(len(open.changes), 2)
		}
	}
	mem.cycleHint, mem.spanHint, mem.changeHint = cys, sps, chs
}

// reserve makes room in mem for what applying the decisions ds of the
// changed clocks takes (see [foldMem]).
func (cs *Clocks) reserve(mem *foldMem, w *State, ds []decision, owned []bool, changed []int32) {
	var cys, sps, chs int
	for _, k := range changed {
		c, st, d := cs.clocks[k], &w.clocks[k], &ds[k]
		n := len(st.cycles)
		var last *cycle
		if n > 0 {
			last = &st.cycles[n-1]
		}
		switch {
		case !owned[k]:
			cys += n + 1 // own copies the cycles with room for one more
		case d.start && n == cap(st.cycles):
			cys += mem.grow(n, 1)
		}
		if d.start {
			sps += mem.spanRoom(c, d.pause != 0)
			chs += mem.changeRoom(c)
			continue
		}
		if last == nil {
			continue
		}
		// own cuts the last cycle's spans and changes to their length.
		if (d.pause != 0 || d.resume) && (!owned[k] || len(last.spans) == cap(last.spans)) {
			sps += mem.spanGrowth(c, len(last.spans))
		}
		if d.target >= 0 && (!owned[k] || len(last.changes) == cap(last.changes)) {
			chs += mem.grow(len(last.changes), 2)
		}
	}
	mem.reserve(cys, sps, chs)
}

// eventInstant returns t as an instant and whether it lies within the
// instants events may have (after 1970-01-01 00:00:00.000000001 and before
// 2200), as [Event.validate] checks, without building times.
func eventInstant(t time.Time) (instant, bool) {
	sec := t.Unix()
	if sec < 0 || sec >= maxEventUnix {
		return 0, false
	}
	ns := sec*1e9 + int64(t.Nanosecond())
	return instant(ns), ns > 1
}

// maxEventUnix is maxEventTime (2200-01-01 UTC) in Unix seconds.
const maxEventUnix = 7258118400

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
	if len(s.clocks) == 0 || s.by == cs {
		return nil // no clocks yet, or folded by cs
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

// foldEvent is the event a fold applies, with what the clocks decide on.
// Its facts with "event", built when a rule needs them, are passed beside
// it (an eventFacts keeps what rules see; were it a field, the events of
// every fold would escape to the heap).
type foldEvent struct {
	e    *Event
	id   int           // the number of its name; -1 when no rule tests it
	at   instant       // its instant
	prev quality.Facts // the facts of the event applied before it in this fold; nil for the first
}

// decision is what one event does to one clock, decided before anything is
// applied so that a failing rule leaves the state untouched.
type decision struct {
	due    instant // for a Slots or Deadline target: its due instant
	target int     // the first matching target when it differs from the one in force (or the cycle starts); else -1
	pause  int     // 1 + the index of the pause condition that holds; 0 for none
	end    Phase   // Stopped, Cancelled or Reset: the open cycle ends
	start  bool    // a new cycle starts
	resume bool

	notBefore instant // the chosen target's not-before instant; 0 for none
}

func (d *decision) any() bool {
	return d.end != PhaseInvalid || d.start || d.pause != 0 || d.resume || d.target >= 0
}

// decide evaluates the clock's conditions on an event, lazily: only those
// that can change the clock in its present phase, and only the kinds of
// condition that can hold for the event's name. fe.prev are the facts of
// the event applied just before in this fold (nil for the first). It reports
// whether the event changes the clock; a target found equal to the one in
// force is no change (d.target stays -1).
func (c *clock) decide(d *decision, st *clockState, fe *foldEvent, f *eventFacts) (bool, *EventError) {
	acts := c.actsOf(fe.id)
	open := st.open()
	switch {
	case open == nil && acts&(1<<actStart|1<<actReset) == 0:
		return false, nil // nothing can start
	case open != nil && acts == 0 && !c.retargets:
		return false, nil // nothing can change
	}
	*d = decision{target: -1}
	const ends = 1<<actCancel | 1<<actStop
	if open != nil && acts&ends != 0 {
		i, err := c.first(actCancel, acts, fe, f)
		if err != nil {
			return false, err
		}
		if i >= 0 {
			d.end = Cancelled
			return true, nil
		}
		if i, err = c.first(actStop, acts, fe, f); err != nil {
			return false, err
		}
		if i >= 0 {
			d.end = Stopped
			return true, nil
		}
	}
	if acts&(1<<actReset|1<<actStart) != 0 {
		i, err := c.first(actReset, acts, fe, f)
		if err != nil {
			return false, err
		}
		switch {
		case i >= 0:
			if open != nil {
				d.end = Reset
			}
			d.start = true
		case open == nil:
			if i, err = c.first(actStart, acts, fe, f); err != nil {
				return false, err
			}
			d.start = i >= 0
		}
	}
	if !d.start && open == nil {
		return false, nil
	}
	switch {
	case (d.start || open.phase == Running) && acts&(1<<actPause) != 0:
		i, err := c.first(actPause, acts, fe, f)
		if err != nil {
			return false, err
		}
		d.pause = i + 1
	case !d.start && open.phase == Paused && acts&(1<<actResume) != 0:
		i, err := c.first(actResume, acts, fe, f)
		if err != nil {
			return false, err
		}
		d.resume = i >= 0
	}
	if !d.start && (!c.retargets || (c.sameTargets && fe.prev != nil && sameFacts(fe.prev, fe.e.Facts, c.targetFacts))) {
		// KeepFirst keeps the target; a single target (not a deadline) is
		// chosen again; and facts the targets read that did not change since
		// the previous event choose the target in force again (targets
		// evaluated without the virtual machine are cheaper to choose again
		// than their facts are to compare).
		return d.any(), nil
	}
	start, cur := fe.at, -1
	if !d.start {
		start, cur = open.start, open.cur.target
	}
	if err := c.chooseTarget(d, fe, f, start, cur, open); err != nil {
		return false, err
	}
	if !d.start && d.target == cur && (!c.targets[cur].instant() || d.due == open.cur.due) && d.notBefore == open.cur.notBefore {
		d.target = -1 // the target in force, with the same due and not-before instants
	}
	return d.any(), nil
}

// first returns the index of the first condition of kind a that holds, or
// -1. acts are the kinds of condition that can hold for the event's name.
func (c *clock) first(a act, acts uint8, fe *foldEvent, f *eventFacts) (int, *EventError) {
	if acts&(1<<a) == 0 {
		return -1, nil
	}
	for i := range c.conds[a] {
		cd := &c.conds[a][i]
		ok, err := cd.rule.holds(fe.e, fe.id, f)
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
func (c *clock) chooseTarget(d *decision, fe *foldEvent, f *eventFacts, start instant, cur int, open *cycle) *EventError {
	for i := range c.targets {
		t := &c.targets[i]
		if t.when != nil {
			ok, err := t.when.holds(fe.e, fe.id, f)
			if err != nil {
				return &EventError{Clock: c.name, Path: t.path + ".when", Err: errorf("%w: %w", ErrRule, err)}
			}
			if !ok {
				continue
			}
		}
		d.target = i
		if err := c.chooseNotBefore(d, t, fe, f); err != nil {
			return err
		}
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
			due, err := t.deadline.time(fe.e, f)
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

// apply changes the clock's state as decided, at instant t; new spans,
// target changes and cycles take their storage from mem.
func (c *clock) apply(st *clockState, d *decision, t instant, mem *foldMem) {
	if d.end != PhaseInvalid {
		if open := st.open(); open != nil {
			c.close(open, t, d.end)
		}
	}
	if d.start {
		c.begin(st, t, d, mem)
	}
	open := st.open()
	if open == nil {
		return
	}
	switch {
	case d.pause != 0 && open.phase == Running:
		c.pause(open, t, c.conds[actPause][d.pause-1].name, mem)
	case d.resume && open.phase == Paused:
		c.resume(open, t, mem)
	}
	if !d.start && d.target >= 0 && (d.target != open.cur.target || (c.targets[d.target].instant() && d.due != open.cur.due)) {
		c.retarget(open, t, d.target, d.due, mem)
		open.cur.notBefore = d.notBefore
	} else if !d.start && d.target >= 0 && d.notBefore != open.cur.notBefore {
		c.moveNotBefore(open, t, d.notBefore, mem)
	}
}

// begin appends a new running cycle starting at t. Its spans and target
// changes get room for what the clock can add (a clock that never pauses
// keeps one span; one that never changes target, one change).
func (c *clock) begin(st *clockState, t instant, d *decision, mem *foldMem) {
	cy := cycle{start: t, phase: Running,
		spans:   append(mem.spans(mem.spanRoom(c, d.pause != 0)), span{at: t}),
		changes: mem.changes(mem.changeRoom(c))}
	cy.cur = c.newTrack(&cy, d.target, d.due, t)
	cy.cur.notBefore = d.notBefore
	cy.orig = cy.cur
	cy.changes = append(cy.changes, change{at: t, target: c.targets[d.target].name, due: cy.cur.due})
	st.cycles = mem.addCycle(st.cycles, cy)
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
func (c *clock) pause(cy *cycle, t instant, by string, mem *foldMem) {
	c.both(cy, func(tr *track) {
		c.advance(tr, t, true)
		if tr.breachedAt == 0 {
			tr.due = 0 // a budget's due instant moves while paused
		}
	})
	cy.phase = Paused
	cy.spans = mem.addSpan(c, cy.spans, span{at: t, paused: true, by: by})
}

// resume restarts the count at t.
func (c *clock) resume(cy *cycle, t instant, mem *foldMem) {
	c.both(cy, func(tr *track) {
		tr.mark = t
		if tr.breachedAt == 0 {
			tr.due = instantOf(c.targets[tr.target].cal.Add(t.t(), tr.budget-tr.elapsed))
		}
	})
	cy.phase = Running
	cy.spans = mem.addSpan(c, cy.spans, span{at: t})
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
func (c *clock) retarget(cy *cycle, t instant, k int, due instant, mem *foldMem) {
	c.advance(&cy.orig, t, cy.phase == Running) // keeps the original's breach up to date
	cy.cur = c.newTrack(cy, k, due, t)
	cy.changes = mem.addChange(cy.changes, change{at: t, target: c.targets[k].name, due: cy.cur.due})
}

// newTrack returns the track of target k in cycle cy at instant t, with the
// elapsed working time of the cycle's running stretches up to t counted on
// the target's calendar. For a Within target, the due instant and the
// breach are those the clock would have now had the target been in force
// since the start: the due instant is where the count reaches the budget
// (in the past if the target is already missed: breached when the clock ran
// past it, not when it paused exactly there); for an instant target it is
// the given instant.
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
	// Count the running stretches as the clock would have, had the target
	// been in force from the start (see pause, resume and advance): each
	// stretch is due where it would use up what is left of the budget, and
	// the target is breached at that instant when the stretch runs past it.
	for i, sp := range cy.spans {
		if sp.paused {
			continue
		}
		end := t
		if i+1 < len(cy.spans) {
			end = cy.spans[i+1].at
		}
		if tr.breachedAt == 0 {
			tr.due = instantOf(tg.cal.Add(sp.at.t(), tr.budget-tr.elapsed))
			if end > tr.due {
				tr.breachedAt = tr.due
			}
		}
		if end != sp.at {
			tr.elapsed += tg.cal.Between(sp.at.t(), end.t())
		}
	}
	if tr.breachedAt == 0 && cy.phase != Running {
		tr.due = 0 // a budget's due instant moves while paused
	}
	return tr
}

// instant reports whether the target is a fixed instant (a slot or a
// deadline) rather than a budget.
func (t *target) instant() bool { return t.slots != nil || t.deadline != nil }
