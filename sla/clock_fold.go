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
	// A fold runs in two passes. The first decides what each event does to
	// each clock, following only what deciding needs of the clocks (their
	// phase and target: an openState each), and counts the cycles, spans and
	// target changes the new state takes; every error happens there, so a
	// failing fold leaves nothing half done. The second applies the
	// decisions, counting working time, in storage of exactly that size.
	//
	// The first pass's working values live in one local struct (f), in
	// memory, rather than in a dozen locals the compiler would shuffle
	// between registers and the stack around every call in the loop (3%
	// fewer instructions). Escape analysis treats a struct as one place, so
	// what f points into (b), the event (fe, facts) and the ids returned
	// (seen) are kept apart from it: otherwise b would move to the heap.
	n := len(cs.clocks)
	var f folder
	var b foldStorage // apart from f: a struct pointing into itself would escape
	var fe foldEvent  // apart from f too: their addresses are passed on
	var facts eventFacts
	if n <= len(b.openBuf) {
		f.opens, f.cc = b.openBuf[:n:n], b.counts[:n:n]
	} else {
		f.opens, f.cc = make([]openState, n), make([]clockCount, n)
	}
	for k := range f.opens {
		f.opens[k].init(&s, k)
	}
	f.ops, f.rooms = b.opBuf[:0], b.roomBuf[:0]
	seen := make([]string, len(s.seen), len(s.seen)+len(events)) // returned: apart from f
	copy(seen, s.seen)
	f.set = newSeenSet(s.seen, len(events), b.seenBuf[:])
	f.last = s.last
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
		if f.set.has(seen, key, e.ID) {
			continue
		}
		if at < f.last {
			return s, &EventError{Index: i, ID: e.ID, At: e.At,
				Err: errorf("%w: at %s, before the last applied event at %s", ErrLateEvent,
					e.At.UTC().Format(time.RFC3339Nano), f.last.t().Format(time.RFC3339Nano))}
		}
		fe.e, fe.at, fe.id = e, at, cs.eventID(e.Name)
		facts.next()
		// Only the clocks that a condition for this name or a target
		// choice can change need a look; for a target choice, only when
		// the clock runs a cycle.
		if fe.id+1 < len(cs.visit) {
			for _, v := range cs.visit[fe.id+1] {
				k := v.clock
				o := &f.opens[k]
				if v.targetOnly && !o.open {
					continue
				}
				if len(f.ops) == cap(f.ops) {
					f.ops = slices.Grow(f.ops, 1)
				}
				op := &f.ops[:len(f.ops)+1][len(f.ops)]
				ch, err := cs.clocks[k].decide(&op.d, o, &fe, &facts)
				if err != nil {
					err.Index, err.ID, err.At = i, e.ID, e.At
					return s, err
				}
				if ch {
					op.clock, op.at = k, at
					op.room, f.rooms = o.step(&op.d, at, &f.cc[k], f.rooms, &s.clocks, int(k))
					f.ops = f.ops[:len(f.ops)+1]
				}
			}
		}
		seen = append(seen, e.ID)
		f.set.add(seen, key)
		f.last = at
		fe.prev = e.Facts
	}
	w := State{last: f.last, seen: seen, clocks: s.clocks, by: cs}
	if len(w.clocks) == 0 {
		w.clocks = make([]clockState, n)
		for k, c := range cs.clocks {
			w.clocks[k].name = c.name
		}
	} else if len(f.ops) > 0 {
		w.clocks = slices.Clone(s.clocks)
	}
	if len(f.ops) > 0 {
		cs.applyOps(&w, f.ops, f.rooms, f.cc)
	}
	return w, nil
}

// folder is a fold's first pass: its working values.
type folder struct {
	opens []openState // per clock
	cc    []clockCount
	ops   []foldOp
	rooms []room
	set   seenSet
	last  instant
}

// foldStorage is storage for a folder of up to 8 clocks, 32 operations and
// 32 events (the seen set's table), without allocating.
type foldStorage struct {
	openBuf [8]openState
	counts  [8]clockCount
	opBuf   [32]foldOp
	roomBuf [16]room
	seenBuf [64]int32
}

// openState is what deciding needs of a clock during a fold's first pass:
// whether a cycle is open, its phase, start and current target (with the
// due instant of an instant target).
type openState struct {
	open      bool
	phase     Phase
	start     instant
	target    int
	due       instant
	notBefore instant // the current target's not-before instant
	// room is the index, in the fold's rooms, of the storage of the open
	// cycle's spans and target changes; -1 while the cycle open before
	// the fold has gained none.
	room int32
	// facts are the values of the facts the clock's targets read at the
	// event before, when noted (see [clock.keepsTarget]).
	facts [4]any
	noted bool
}

// clockCount counts what a fold adds to one clock.
type clockCount struct {
	changed bool // an event changes the clock
	cycles  int  // new cycles
}

// room is the storage a fold gives one cycle's spans and target changes:
// for a new cycle, or for the cycle open before the fold once an event
// adds to it (when its spans and changes are copied there).
type room struct {
	spans, changes int
}

// foldOp is what one event does to one clock.
type foldOp struct {
	at    instant
	d     decision
	clock int32
	room  int32 // a room the operation opens: for a new cycle, or the open cycle's first addition; else -1
}

// init sets o to clock k's open cycle in s.
func (o *openState) init(s *State, k int) {
	*o = openState{room: -1}
	if k >= len(s.clocks) {
		return
	}
	if cy := s.clocks[k].open(); cy != nil {
		o.open, o.phase, o.start, o.target, o.due, o.notBefore = true, cy.phase, cy.start, cy.cur.target, cy.cur.due, cy.cur.notBefore
	}
}

// step follows decision d at instant t, as [clock.apply] will apply it,
// counting in cc the storage it takes, and returns the room the operation
// opens (or -1) with the rooms.
func (o *openState) step(d *decision, t instant, cc *clockCount, rooms []room, prior *[]clockState, k int) (int32, []room) {
	cc.changed = true
	opened := int32(-1)
	if d.end != PhaseInvalid && o.open {
		o.open = false
	}
	if d.start {
		o.open, o.phase, o.start, o.target, o.due, o.notBefore, o.room = true, Running, t, d.target, d.due, d.notBefore, int32(len(rooms))
		opened = o.room
		rooms = append(rooms, room{spans: 1, changes: 1})
		cc.cycles++
	}
	if !o.open {
		return opened, rooms
	}
	// grow makes room for one more span or change of the open cycle.
	grow := func() *room {
		if o.room < 0 { // the cycle open before the fold: copy it
			cy := &(*prior)[k].cycles[len((*prior)[k].cycles)-1]
			o.room, opened = int32(len(rooms)), int32(len(rooms))
			rooms = append(rooms, room{spans: len(cy.spans), changes: len(cy.changes)})
		}
		return &rooms[o.room]
	}
	switch {
	case d.pause != 0 && o.phase == Running:
		o.phase = Paused
		grow().spans++
	case d.resume && o.phase == Paused:
		o.phase = Running
		grow().spans++
	}
	if !d.start && d.target >= 0 {
		// decide left d.target set only for a change: another target or
		// due instant, or only a moved not-before instant (see
		// [clock.moveNotBefore]); a change either way.
		o.target, o.due, o.notBefore = d.target, d.due, d.notBefore
		grow().changes++
	}
	return opened, rooms
}

// applyOps applies a fold's operations to w, whose clocks are a copy of the
// state folded from (sharing its cycles), in storage sized by the first pass.
func (cs *Clocks) applyOps(w *State, ops []foldOp, rooms []room, cc []clockCount) {
	var ncy, nsp, nch int
	for k := range cc {
		if cc[k].changed {
			ncy += len(w.clocks[k].cycles) + cc[k].cycles
		}
	}
	for _, r := range rooms {
		nsp += r.spans
		nch += r.changes
	}
	cys, sps, chs := make([]cycle, ncy), make([]span, nsp), make([]change, nch)
	for k := range cc {
		if !cc[k].changed {
			continue
		}
		st := &w.clocks[k]
		m := len(st.cycles)
		own := cys[: m : m+cc[k].cycles]
		copy(own, st.cycles)
		st.cycles, cys = own, cys[m+cc[k].cycles:]
	}
	// The rooms, in the order the operations open them.
	next := 0
	take := func() ([]span, []change) {
		r := rooms[next]
		next++
		sp, ch := sps[:0:r.spans], chs[:0:r.changes]
		sps, chs = sps[r.spans:], chs[r.changes:]
		return sp, ch
	}
	for i := range ops {
		op := &ops[i]
		c, st := cs.clocks[op.clock], &w.clocks[op.clock]
		var sp []span
		var ch []change
		if op.room >= 0 {
			sp, ch = take()
			if !op.d.start {
				// The open cycle's first addition: its spans and changes
				// move to their room.
				cy := &st.cycles[len(st.cycles)-1]
				cy.spans = append(sp, cy.spans...)
				cy.changes = append(ch, cy.changes...)
				sp, ch = nil, nil
			}
		}
		c.apply(st, &op.d, op.at, sp, ch)
	}
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
func (c *clock) decide(d *decision, o *openState, fe *foldEvent, f *eventFacts) (bool, *EventError) {
	acts := c.actsOf(fe.id)
	open := o.open
	switch {
	case !open && acts&(1<<actStart|1<<actReset) == 0:
		return false, nil // nothing can start
	case open && acts == 0 && !c.retargets:
		return false, nil // nothing can change
	}
	*d = decision{target: -1}
	const ends = 1<<actCancel | 1<<actStop
	if open && acts&ends != 0 {
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
			if open {
				d.end = Reset
			}
			d.start = true
		case !open:
			if i, err = c.first(actStart, acts, fe, f); err != nil {
				return false, err
			}
			d.start = i >= 0
		}
	}
	if !d.start && !open {
		return false, nil
	}
	switch {
	case (d.start || o.phase == Running) && acts&(1<<actPause) != 0:
		i, err := c.first(actPause, acts, fe, f)
		if err != nil {
			return false, err
		}
		d.pause = i + 1
	case !d.start && o.phase == Paused && acts&(1<<actResume) != 0:
		i, err := c.first(actResume, acts, fe, f)
		if err != nil {
			return false, err
		}
		d.resume = i >= 0
	}
	if !d.start && (!c.retargets || (c.sameTargets && c.keepsTarget(o, fe))) {
		// KeepFirst keeps the target; a single target (not a deadline) is
		// chosen again; and facts the targets read that did not change since
		// the previous event choose the target in force again.
		return d.any(), nil
	}
	if d.start && c.sameTargets {
		c.keepsTarget(o, fe) // notes the facts the target is chosen on
	}
	start, cur := fe.at, -1
	if !d.start {
		start, cur = o.start, o.target
	}
	if err := c.chooseTarget(d, fe, f, start, cur, o); err != nil {
		return false, err
	}
	if !d.start && d.target == cur && (!c.targets[cur].instant() || d.due == o.due) && d.notBefore == o.notBefore {
		d.target = -1 // the target in force, with the same due and not-before instants
	}
	return d.any(), nil
}

// keepsTarget reports whether the facts the clock's targets read have, in
// the event's facts, the values they had at the event before it (so that
// the target in force is chosen again), and notes them in o. An open clock
// that retargets looks at every event of a fold, so o holds the facts of
// the event before, unless it is the fold's first (then o has none and the
// target is chosen again). Clocks whose targets read more facts than o
// keeps compare with the previous event's facts.
func (c *clock) keepsTarget(o *openState, fe *foldEvent) bool {
	if len(c.targetFacts) > len(o.facts) {
		return fe.prev != nil && sameFacts(fe.prev, fe.e.Facts, c.targetFacts)
	}
	same := o.noted
	o.noted = true
	for j, n := range c.targetFacts {
		v, ok := fe.e.Facts[n]
		if !ok {
			o.noted, same = false, false
			continue
		}
		if same && sameValue(o.facts[j], v) {
			continue // equal: no need to note it again
		}
		same = false
		o.facts[j] = v
	}
	return same
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
func (c *clock) chooseTarget(d *decision, fe *foldEvent, f *eventFacts, start instant, cur int, o *openState) *EventError {
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
			d.due = o.due // a slot depends on the cycle's start only
		case t.slots != nil:
			due, err := t.slots.next(start.t())
			if err != nil {
				return &EventError{Clock: c.name, Path: t.path + ".slots", Err: err}
			}
			d.due = instantOf(due)
		case t.deadline != nil:
			due, err := c.instantRule(t.deadline, t, "deadline", "deadline", fe, f)
			if err != nil {
				return err
			}
			d.due = due
		}
		return nil
	}
	// Unreachable for compiled clocks (the last target has no condition); a
	// clock without a match keeps its target.
	return nil
}

// instantRule evaluates a time rule of target t (its deadline or not-before
// instant: field is "deadline" or "not_before", named what in errors) on the
// event, refusing an instant outside 1970 to 2200.
func (c *clock) instantRule(r *clockRule, t *target, field, what string, fe *foldEvent, f *eventFacts) (instant, *EventError) {
	v, err := r.time(fe.e, f)
	if err != nil {
		return 0, &EventError{Clock: c.name, Path: t.path + "." + field, Err: errorf("%w: %w", ErrRule, err)}
	}
	if !v.After(minEventTime) || !v.Before(maxEventTime) {
		return 0, &EventError{Clock: c.name, Path: t.path + "." + field,
			Err: errorf("%w: %s %s outside 1970 to 2200", ErrRule, what, v.Format(time.RFC3339))}
	}
	return instantOf(v), nil
}

// apply changes the clock's state as decided, at instant t. The clock's
// cycles, and the open cycle's spans and changes, have room for what the
// decision adds (see [Clocks.applyOps]); a new cycle's spans and changes go
// in sp and ch, which have room for all the fold adds to them.
func (c *clock) apply(st *clockState, d *decision, t instant, sp []span, ch []change) {
	if d.end != PhaseInvalid {
		if open := st.open(); open != nil {
			c.close(open, t, d.end)
		}
	}
	if d.start {
		c.begin(st, t, d, sp, ch)
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
		open.cur.notBefore = d.notBefore
	} else if !d.start && d.target >= 0 {
		// The same target and due instant: decide kept the target only for
		// a moved not-before instant.
		c.moveNotBefore(open, t, d.notBefore)
	}
}

// begin appends a new running cycle starting at t, with its spans and
// target changes in sp and ch.
func (c *clock) begin(st *clockState, t instant, d *decision, sp []span, ch []change) {
	st.cycles = st.cycles[:len(st.cycles)+1] // the fold made room for it
	cy := &st.cycles[len(st.cycles)-1]
	*cy = cycle{start: t, phase: Running, spans: append(sp, span{at: t})}
	cy.cur = c.newTrack(cy, d.target, d.due, t)
	cy.cur.notBefore = d.notBefore
	cy.orig = cy.cur
	cy.changes = append(ch, change{at: t, target: c.targets[d.target].name, due: cy.cur.due})
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
			tr.due = c.targets[tr.target].cal.addInstant(t, tr.budget-tr.elapsed)
		}
	})
	cy.phase = Running
	cy.spans = append(cy.spans, span{at: t})
}

// advance brings tr's elapsed time up to t and records a breach that
// happened before t in a running stretch.
func (c *clock) advance(tr *track, t instant, running bool) {
	if running {
		tr.elapsed += c.targets[tr.target].cal.betweenInstants(tr.mark, t)
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
		tr.elapsed = tg.cal.betweenInstants(cy.start, t)
		tr.due = due
		tr.budget = max(0, tg.cal.betweenInstants(cy.start, due))
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
			tr.due = tg.cal.addInstant(sp.at, tr.budget-tr.elapsed)
			if end > tr.due {
				tr.breachedAt = tr.due
			}
		}
		if end != sp.at {
			tr.elapsed += tg.cal.betweenInstants(sp.at, end)
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
