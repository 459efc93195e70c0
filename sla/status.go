package sla

import (
	"math/big"
	"math/bits"
	"time"

	"github.com/shopspring/decimal"
)

// Status is one clock of one order at one instant: what a dashboard shows and
// what an escalation checks. Durations are working time on the target's
// calendar; instants are in that calendar's location.
//
// The zero Status is not meaningful; statuses come from [Clocks.Status] and
// [Clocks.History]. Two statuses of the same clocks compare equal with ==
// when they describe the same thing, also after the state made a JSON round
// trip.
type Status struct {
	Clock string // the clock's name
	Cycle int    // the cycle's number, from 1; 0 when the clock never started
	Phase Phase  // NotStarted, Running, Paused, or how the cycle ended

	Started time.Time // the cycle's start
	Ended   time.Time // the cycle's end; zero while it is open

	Target    string        // the target in force
	Elapsed   time.Duration // working time counted in the cycle
	Budget    time.Duration // working time the target allows (from the start to the due instant for a slot or deadline)
	Remaining time.Duration // Budget - Elapsed; negative once the budget is overrun

	// Due is the last on-time instant under the current target: the clock is
	// breached at every later instant while it runs (and a cycle stopped
	// after it missed its target). A Within target's due instant moves while
	// the clock is paused, so Due is zero then, unless already breached.
	Due        time.Time
	Breached   bool      // the current target was missed (by now, or when the cycle ended)
	BreachedAt time.Time // the Due instant that was passed; zero when not breached

	// NotBefore is the current target's not-before instant
	// ([TargetSpec.NotBefore]), such as the start of the appointment window;
	// zero when the target has none.
	NotBefore time.Time
	// Early reports that the cycle stopped strictly before NotBefore: the
	// technician arrived before the window opened. It is known only once the
	// cycle has stopped (a running, cancelled or reset cycle is never early),
	// and an early cycle did not meet its target. It can be true together
	// with Breached only when NotBefore is after Due.
	Early bool

	// The original target is the one chosen when the cycle started; it
	// differs from Target after a target change under [KeepElapsed]. Its due
	// instant follows the same pauses, counted on its own calendar.
	OriginalTarget     string
	OriginalDue        time.Time
	OriginalBreached   bool
	OriginalBreachedAt time.Time
	OriginalNotBefore  time.Time // the original target's not-before instant; zero when none
	OriginalEarly      bool      // the cycle stopped before OriginalNotBefore

	// Reached holds the warnings reached, against the current target's
	// budget: bit i is the clock's warning i (see [Clocks.Warnings] and
	// [Status.Warnings]).
	Reached WarningSet

	clock *clock
}

// WarningSet is a set of a clock's warnings, by their index in the clock's
// definition.
type WarningSet uint64

// Has reports whether warning i is in the set.
func (w WarningSet) Has(i int) bool { return i >= 0 && i < 64 && w&(1<<uint(i)) != 0 }

// Warnings returns the names of the warnings reached, in definition order.
func (s Status) Warnings() []string {
	if s.clock == nil {
		return nil
	}
	var out []string
	for i, w := range s.clock.warnings {
		if s.Reached.Has(i) {
			out = append(out, w.name)
		}
	}
	return out
}

// Met reports whether the cycle stopped on time: neither after the due
// instant (Breached) nor before the not-before instant (Early).
func (s Status) Met() bool { return s.Phase == Stopped && !s.Breached && !s.Early }

// PercentUsed returns Elapsed as a percentage of Budget, rounded down
// (toward zero) to places decimal places, so that it reads 75.00 only once
// three quarters of the budget are used, as a warning at 75% is reached. ok is
// false when the budget is zero.
func (s Status) PercentUsed(places int32) (p decimal.Decimal, ok bool) {
	if s.Budget <= 0 {
		return decimal.Zero, false
	}
	places = max(0, min(places, 12))
	scale := uint64(100)
	for range places {
		scale *= 10
	}
	e := s.Elapsed
	if e < 0 {
		e = 0
	}
	hi, lo := bits.Mul64(uint64(e), scale)
	if hi < uint64(s.Budget) {
		q, _ := bits.Div64(hi, lo, uint64(s.Budget))
		if q <= 1<<63-1 {
			return decimal.New(int64(q), -places), true
		}
	}
	n := new(big.Int).Mul(big.NewInt(int64(e)), new(big.Int).SetUint64(scale))
	n.Quo(n, big.NewInt(int64(s.Budget)))
	return decimal.NewFromBigInt(n, -places), true
}

// Status returns the named clock's status at now, for its latest cycle.
// now must not be before the state's last event ([ErrStatusBeforeState]).
func (cs *Clocks) Status(s State, clockName string, now time.Time) (Status, error) {
	c, k, err := cs.lookup(clockName)
	if err != nil {
		return Status{}, err
	}
	if err := s.notBefore(now); err != nil {
		return Status{}, err
	}
	if len(s.clocks) == 0 {
		return Status{Clock: c.name, Phase: NotStarted, clock: c}, nil
	}
	if err := cs.checkClock(s, k); err != nil {
		return Status{}, err
	}
	cys := s.clocks[k].cycles
	if len(cys) == 0 {
		return Status{Clock: c.name, Phase: NotStarted, clock: c}, nil
	}
	return c.status(&cys[len(cys)-1], len(cys), now), nil
}

// History returns the status of every cycle of the named clock at now, the
// latest last; earlier cycles are ended (stopped, cancelled or reset).
func (cs *Clocks) History(s State, clockName string, now time.Time) ([]Status, error) {
	c, k, err := cs.lookup(clockName)
	if err != nil {
		return nil, err
	}
	if err := s.notBefore(now); err != nil {
		return nil, err
	}
	if len(s.clocks) == 0 {
		return nil, nil
	}
	if err := cs.checkClock(s, k); err != nil {
		return nil, err
	}
	out := make([]Status, len(s.clocks[k].cycles))
	for i := range s.clocks[k].cycles {
		out[i] = c.status(&s.clocks[k].cycles[i], i+1, now)
	}
	return out, nil
}

// checkClock is check for one clock.
func (cs *Clocks) checkClock(s State, k int) error {
	if s.by == cs {
		return nil // folded by cs
	}
	if len(s.clocks) != len(cs.clocks) || s.clocks[k].name != cs.clocks[k].name {
		return cs.check(s)
	}
	cys := s.clocks[k].cycles
	if n := len(cys); n > 0 {
		c := cs.clocks[k]
		cy := &cys[n-1]
		if len(cy.changes) == 0 || !c.hasTarget(cy.orig.target, cy.changes[0].target) ||
			!c.hasTarget(cy.cur.target, cy.changes[len(cy.changes)-1].target) {
			return cs.check(s)
		}
	}
	return nil
}

// status computes a cycle's status at now.
func (c *clock) status(cy *cycle, n int, now time.Time) Status {
	st := Status{Clock: c.name, Cycle: n, Phase: cy.phase, clock: c}
	tg := &c.targets[cy.cur.target]
	loc := tg.cal.Location()
	st.Started = cy.start.in(loc)
	st.Ended = cy.end.in(loc)
	st.Target = tg.name
	at := instantOf(now)
	var due, breachedAt instant
	st.Elapsed, due, breachedAt = c.measure(cy, &cy.cur, now, at)
	st.Budget = cy.cur.budget
	st.Remaining = st.Budget - st.Elapsed
	st.Due = due.in(loc)
	st.Breached = breachedAt != 0
	st.BreachedAt = breachedAt.in(loc)
	og := &c.targets[cy.orig.target]
	st.OriginalTarget = og.name
	if cy.orig == cy.cur {
		st.OriginalDue, st.OriginalBreached, st.OriginalBreachedAt = st.Due, st.Breached, st.BreachedAt
	} else {
		oloc := og.cal.Location()
		_, odue, obreach := c.measure(cy, &cy.orig, now, at)
		st.OriginalDue = odue.in(oloc)
		st.OriginalBreached = obreach != 0
		st.OriginalBreachedAt = obreach.in(oloc)
	}
	c.setEarly(&st, cy)
	for i := range c.warnings {
		if st.Elapsed >= c.warnings[i].threshold(st.Budget) {
			st.Reached |= 1 << uint(i)
		}
	}
	return st
}

// measure returns a track's elapsed time, due instant and breach instant
// (0 when not breached) at now (at as an instant).
func (c *clock) measure(cy *cycle, tr *track, now time.Time, at instant) (elapsed time.Duration, due, breachedAt instant) {
	elapsed, due, breachedAt = tr.elapsed, tr.due, tr.breachedAt
	if cy.phase == Running && at > tr.mark {
		elapsed += c.targets[tr.target].cal.Between(tr.mark.t(), now)
	}
	if breachedAt == 0 && cy.phase.Open() && due != 0 && at > due {
		// A running budget, or an instant target (whose clock never pauses).
		breachedAt = due
	}
	return elapsed, due, breachedAt
}
