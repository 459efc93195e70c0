package sla

import "time"

// Early arrival: a target's lower bound ([TargetSpec.NotBefore]).
//
// An appointment is a window: the technician must arrive neither after its
// end (the target's Deadline, a breach) nor before its start. The not-before
// instant is taken from the facts by a time rule whenever the target is
// chosen, like a deadline, and kept in the cycle's track (0 for none); a
// cycle that stops strictly before it is early. Being early is decided once,
// when the cycle stops: the passing of time never changes it, so it has no
// wake-up.

// chooseNotBefore evaluates the not-before rule of the chosen target t, if
// any, into d.notBefore, refusing an instant outside 1970 to 2200 as a
// deadline is refused.
func (c *clock) chooseNotBefore(d *decision, t *target, fe *foldEvent, f *eventFacts) *EventError {
	if t.notBefore == nil {
		return nil
	}
	nb, err := c.instantRule(t.notBefore, t, "not_before", "not-before instant", fe, f)
	if err != nil {
		return err
	}
	d.notBefore = nb
	return nil
}

// moveNotBefore puts the not-before instant nb of the target in force at t:
// a target change (recorded in the cycle's changes, ignored under
// [KeepFirst]) that leaves the target, its elapsed time, due instant and
// breach as they are; the original target keeps its own instant.
func (c *clock) moveNotBefore(cy *cycle, t, nb instant) {
	cy.cur.notBefore = nb
	cy.changes = append(cy.changes, change{at: t, target: c.targets[cy.cur.target].name, due: cy.cur.due})
}

// early reports whether cycle cy stopped strictly before the not-before
// instant of track tr.
func early(cy *cycle, tr *track) bool {
	return cy.phase == Stopped && tr.notBefore != 0 && cy.end < tr.notBefore
}

// setEarly fills the not-before fields of st, the status of cycle cy: those
// of the current target in its calendar's location, and those of the
// original one in its own.
func (c *clock) setEarly(st *Status, cy *cycle) {
	if cy.cur.notBefore == 0 && cy.orig.notBefore == 0 {
		return // no not-before instant: the fields stay zero
	}
	st.NotBefore = cy.cur.notBefore.in(c.targets[cy.cur.target].cal.Location())
	st.Early = early(cy, &cy.cur)
	st.OriginalNotBefore = cy.orig.notBefore.in(c.targets[cy.orig.target].cal.Location())
	st.OriginalEarly = early(cy, &cy.orig)
}

// explainEarly adds the marks of an early stop to a cycle's explanation:
// the current target's, and the original target's when it differs.
func explainEarly(st *Status, cy *cycle, mark func(time.Time, MarkKind, string)) {
	if st.Early {
		mark(cy.end.t(), MarkEarly, earlyDetail(st.Target, st.NotBefore))
	}
	if st.OriginalEarly && cy.orig != cy.cur {
		mark(cy.end.t(), MarkOriginalEarly, earlyDetail(st.OriginalTarget, st.OriginalNotBefore))
	}
}

// earlyDetail names the target stopped early and its not-before instant:
// "window not before 2025-07-01 14:00:00".
func earlyDetail(target string, notBefore time.Time) string {
	return target + " not before " + notBefore.Format("2006-01-02 15:04:05")
}
