package sla

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Timeline explains one clock of one order up to an instant: which stretches
// of time were counted and which were not, and why; and the marks where
// something happened. It is for people (a policy writer, a customer service
// agent); [Clocks.Explain] builds it and allocates freely.
type Timeline struct {
	Clock  string
	Pieces []Piece // in time order, cycle by cycle
	Marks  []Mark  // in time order
}

// Piece is a stretch of a cycle, counted or not, on the calendar of the
// cycle's current target (the calendar its elapsed time is counted on).
type Piece struct {
	Cycle    int
	From, To time.Time // [From, To)
	Counted  bool
	// Reason says why an uncounted piece does not count: "paused: waiting for
	// customer", or the calendar's reason ("outside working hours", "closed:
	// Spring Festival"). Empty for counted pieces.
	Reason string
}

// Length returns To - From.
func (p Piece) Length() time.Duration { return p.To.Sub(p.From) }

// Mark is something that happened to a clock at an instant.
type Mark struct {
	Cycle  int
	At     time.Time
	Kind   MarkKind
	Detail string // the target, the condition or the warning concerned
}

// MarkKind is the kind of a [Mark].
type MarkKind uint8

const (
	MarkInvalid          MarkKind = iota // not a mark; the zero value
	MarkStarted                          // a cycle started (Detail: the target)
	MarkPaused                           // the clock paused (Detail: the condition)
	MarkResumed                          // the clock resumed
	MarkTargetChanged                    // another target came into force (Detail: "old -> new")
	MarkWarning                          // a warning was reached (Detail: its name)
	MarkBreached                         // the current target's due instant passed (At: the due instant)
	MarkOriginalBreached                 // the original target's due instant passed
	MarkStopped                          // the cycle stopped
	MarkCancelled                        // the cycle was cancelled
	MarkReset                            // the cycle was reset (a new cycle starts at the same instant)
	MarkEarly                            // the cycle stopped before the current target's not-before instant (At: the stop; Detail: "target not before instant")
	MarkOriginalEarly                    // the cycle stopped before the original target's not-before instant
)

var markNames = [...]string{
	MarkStarted:          "started",
	MarkPaused:           "paused",
	MarkResumed:          "resumed",
	MarkTargetChanged:    "target changed",
	MarkWarning:          "warning",
	MarkBreached:         "breached",
	MarkOriginalBreached: "original target breached",
	MarkStopped:          "stopped",
	MarkCancelled:        "cancelled",
	MarkReset:            "reset",
	MarkEarly:            "stopped early",
	MarkOriginalEarly:    "original target stopped early",
}

// String returns the kind's name, such as "paused", or "invalid".
func (k MarkKind) String() string {
	if k == MarkInvalid || int(k) >= len(markNames) {
		return "invalid"
	}
	return markNames[k]
}

// Explain returns the timeline of the named clock up to now: every cycle's
// running stretches cut by the calendar into counted and uncounted pieces
// (outside working hours, closed), its paused stretches with the condition
// that paused it, and the marks: starts, pauses, resumes, target changes,
// warnings reached (against the target in force now), breaches, ends, and
// an early stop (before the not-before instant of the current target, or of
// the original one) as a [MarkEarly] at the stop, right after it.
// Instants are in the location of each cycle's current target's calendar.
func (cs *Clocks) Explain(s State, clockName string, now time.Time) (Timeline, error) {
	c, k, err := cs.lookup(clockName)
	if err != nil {
		return Timeline{}, err
	}
	if err := s.notBefore(now); err != nil {
		return Timeline{}, err
	}
	tl := Timeline{Clock: c.name}
	if len(s.clocks) == 0 {
		return tl, nil
	}
	if err := cs.check(s); err != nil {
		return Timeline{}, err
	}
	for i := range s.clocks[k].cycles {
		c.explainCycle(&tl, &s.clocks[k].cycles[i], i+1, now)
	}
	slices.SortStableFunc(tl.Marks, func(a, b Mark) int { return a.At.Compare(b.At) })
	return tl, nil
}

func (c *clock) explainCycle(tl *Timeline, cy *cycle, n int, now time.Time) {
	cal := c.targets[cy.cur.target].cal
	loc := cal.Location()
	stop := now
	if cy.end != 0 {
		stop = cy.end.t()
	}
	mark := func(at time.Time, k MarkKind, detail string) {
		tl.Marks = append(tl.Marks, Mark{Cycle: n, At: at.In(loc), Kind: k, Detail: detail})
	}
	mark(cy.start.t(), MarkStarted, cy.changes[0].target)
	for i, sp := range cy.spans {
		from, end := sp.at.t(), stop
		if i+1 < len(cy.spans) {
			end = cy.spans[i+1].at.t()
		}
		if i > 0 {
			if sp.paused {
				mark(from, MarkPaused, sp.by)
			} else {
				mark(from, MarkResumed, "")
			}
		}
		if !end.After(from) {
			continue
		}
		if sp.paused {
			tl.Pieces = append(tl.Pieces, Piece{Cycle: n, From: from.In(loc), To: end.In(loc), Reason: "paused: " + sp.by})
			continue
		}
		for _, seg := range cal.Segments(from, end) {
			tl.Pieces = append(tl.Pieces, Piece{Cycle: n, From: seg.From, To: seg.To, Counted: seg.Working, Reason: seg.Reason})
		}
	}
	for i := 1; i < len(cy.changes); i++ {
		mark(cy.changes[i].at.t(), MarkTargetChanged, cy.changes[i-1].target+" -> "+cy.changes[i].target)
	}
	st := c.status(cy, n, now)
	for i := range c.warnings {
		if !st.Reached.Has(i) {
			continue
		}
		if at, ok := reachedIn(cal, cy, c.warnings[i].threshold(cy.cur.budget), now); ok {
			mark(at, MarkWarning, c.warnings[i].name)
		}
	}
	if st.Breached {
		mark(st.BreachedAt, MarkBreached, st.Target)
	}
	if st.OriginalBreached && cy.orig != cy.cur {
		mark(st.OriginalBreachedAt, MarkOriginalBreached, st.OriginalTarget)
	}
	switch cy.phase {
	case Stopped:
		mark(cy.end.t(), MarkStopped, "")
	case Cancelled:
		mark(cy.end.t(), MarkCancelled, "")
	case Reset:
		mark(cy.end.t(), MarkReset, "")
	}
	explainEarly(&st, cy, mark)
}

// String renders the timeline as text, one line per piece and per mark,
// with instants as "2006-01-02 15:04:05" in their location.
func (t Timeline) String() string {
	var b strings.Builder
	b.WriteString("clock " + t.Clock + "\n")
	const layout = "2006-01-02 15:04:05"
	for _, p := range t.Pieces {
		what := "counted"
		if !p.Counted {
			what = "not counted: " + p.Reason
		}
		b.WriteString("  #" + strconv.Itoa(p.Cycle) + " " + p.From.Format(layout) + " .. " + p.To.Format(layout) +
			"  " + p.Length().String() + "  " + what + "\n")
	}
	for _, m := range t.Marks {
		b.WriteString("  #" + strconv.Itoa(m.Cycle) + " " + m.At.Format(layout) + "  " + m.Kind.String())
		if m.Detail != "" {
			b.WriteString(": " + m.Detail)
		}
		b.WriteString("\n")
	}
	return b.String()
}
