package sla

import (
	"time"
)

// NextWake returns the first instant after now at which the status of one
// of the order's clocks changes by the passing of time alone: a warning is
// reached, or a target (current or original) is breached. A host sets one
// timer for it instead of polling, and asks again after each fold. ok is
// false when no clock runs (all stopped, paused or not started): nothing
// changes until the next event.
//
// A warning is reached at the instant its threshold of working time is
// used, computed with [Calendar.Add] from the remaining working time, so it
// can be the end of a working window (17:30). A breach happens just after
// the due instant: the wake-up is Due plus one nanosecond. The result is in
// the location of the calendar of the clock that wakes. now must not be
// before the state's last event ([ErrStatusBeforeState]).
func (cs *Clocks) NextWake(s State, now time.Time) (wake time.Time, ok bool, err error) {
	if err := s.notBefore(now); err != nil {
		return time.Time{}, false, err
	}
	if err := cs.check(s); err != nil {
		return time.Time{}, false, err
	}
	for k, c := range cs.clocks {
		if k >= len(s.clocks) {
			break
		}
		if w, found := c.wake(&s.clocks[k], now); found && (!ok || w.Before(wake)) {
			wake, ok = w, true
		}
	}
	return wake, ok, nil
}

// Wake is [Clocks.NextWake] for one clock.
func (cs *Clocks) Wake(s State, clockName string, now time.Time) (wake time.Time, ok bool, err error) {
	c, k, err := cs.lookup(clockName)
	if err != nil {
		return time.Time{}, false, err
	}
	if err := s.notBefore(now); err != nil {
		return time.Time{}, false, err
	}
	if len(s.clocks) == 0 {
		return time.Time{}, false, nil
	}
	if err := cs.checkClock(s, k); err != nil {
		return time.Time{}, false, err
	}
	wake, ok = c.wake(&s.clocks[k], now)
	return wake, ok, nil
}

// wake returns the clock's next change after now.
func (c *clock) wake(st *clockState, now time.Time) (time.Time, bool) {
	cy := st.open()
	if cy == nil || cy.phase != Running {
		return time.Time{}, false
	}
	var best time.Time
	consider := func(t time.Time) {
		if best.IsZero() || t.Before(best) {
			best = t
		}
	}
	tr := &cy.cur
	cal := c.targets[tr.target].cal
	at := instantOf(now)
	elapsed, due, breachedAt := c.measure(cy, tr, now, at)
	// Thresholds lie on one running stretch from tr.mark: the smallest
	// threshold not yet reached is crossed first.
	var next time.Duration = -1
	for i := range c.warnings {
		x := c.warnings[i].threshold(tr.budget)
		if x > elapsed && (next < 0 || x < next) {
			next = x
		}
	}
	if next >= 0 {
		consider(cal.Add(tr.mark.t(), next-tr.elapsed))
	}
	if breachedAt == 0 && due != 0 {
		consider((due + 1).in(cal.Location()))
	}
	if cy.orig != cy.cur {
		_, odue, obreach := c.measure(cy, &cy.orig, now, at)
		if obreach == 0 && odue != 0 {
			consider((odue + 1).in(c.targets[cy.orig.target].cal.Location()))
		}
	}
	return best, !best.IsZero()
}

// ThresholdAt returns the instant at which the named warning of a clock is
// reached in its latest cycle, for escalation timers that fire on an SLA
// threshold: the instant in the past when it was already reached, or the
// instant it will be reached if the clock runs on from now. ok is false when
// that instant is not known: the clock is paused or ended before reaching it,
// or never started.
func (cs *Clocks) ThresholdAt(s State, clockName, warning string, now time.Time) (at time.Time, ok bool, err error) {
	c, k, err := cs.lookup(clockName)
	if err != nil {
		return time.Time{}, false, err
	}
	wi := -1
	for i := range c.warnings {
		if c.warnings[i].name == warning {
			wi = i
		}
	}
	if wi < 0 {
		return time.Time{}, false, errorf("%w %q has no warning %q", ErrUnknownClock, clockName, warning)
	}
	if err := s.notBefore(now); err != nil {
		return time.Time{}, false, err
	}
	if len(s.clocks) == 0 || len(s.clocks[k].cycles) == 0 {
		return time.Time{}, false, nil
	}
	if err := cs.checkClock(s, k); err != nil {
		return time.Time{}, false, err
	}
	cys := s.clocks[k].cycles
	cy := &cys[len(cys)-1]
	tr := &cy.cur
	tg := &c.targets[tr.target]
	x := c.warnings[wi].threshold(tr.budget)
	if at, found := reachedIn(tg.cal, cy, x, now); found {
		return at.In(tg.cal.Location()), true, nil
	}
	return time.Time{}, false, nil
}

// reachedIn returns the instant at which the cycle's count of working time on
// cal reaches x: walking the running stretches up to now, and beyond now when
// the cycle runs. Counting is over the whole cycle (the current target's
// elapsed time is the whole cycle's count on its calendar).
func reachedIn(cal *Calendar, cy *cycle, x time.Duration, now time.Time) (time.Time, bool) {
	if x <= 0 {
		return cy.start.t(), true
	}
	var acc time.Duration
	stop := now
	if cy.end != 0 {
		stop = cy.end.t()
	}
	for i, sp := range cy.spans {
		if sp.paused {
			continue
		}
		end := stop
		if i+1 < len(cy.spans) {
			end = cy.spans[i+1].at.t()
		}
		w := cal.Between(sp.at.t(), end)
		if acc+w >= x {
			return cal.Add(sp.at.t(), x-acc), true
		}
		acc += w
	}
	if cy.phase == Running {
		return cal.Add(stop, x-acc), true
	}
	return time.Time{}, false
}
