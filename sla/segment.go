package sla

import (
	"slices"
	"time"
)

// Segment is a piece of a stretch of time cut by [Calendar.Segments]: working
// or not, with the reason for a non-working piece.
type Segment struct {
	From, To time.Time // [From, To), in the calendar's location
	Working  bool
	// Reason says why a non-working piece does not count: "outside working
	// hours", "closed: Spring Festival" (a closure, by wall-clock date), or
	// "outside working hours (make-up working day)" on a day whose hours an
	// override set. Empty for working pieces.
	Reason string
}

// Reasons given by Segments.
const (
	ReasonOutsideHours = "outside working hours"
	ReasonClosed       = "closed"
)

// Segments cuts [a, b) into alternating working and non-working pieces, for
// explaining a time limit to a person. Non-working time is split where its
// reason changes; the reason of an instant is that of its wall-clock date
// (a closed day is "closed: <reason>" from midnight to midnight) or of a
// part-day closure covering it. It returns nil when b is not after a.
// Segments allocates; it is not meant for hot paths.
func (c *Calendar) Segments(a, b time.Time) []Segment {
	if !a.Before(b) {
		return nil
	}
	a, b = a.In(c.loc), b.In(c.loc)
	var out []Segment
	add := func(s Segment) {
		if k := len(out); k > 0 && out[k-1].Working == s.Working && out[k-1].Reason == s.Reason && out[k-1].To.Equal(s.From) {
			out[k-1].To = s.To
			return
		}
		out = append(out, s)
	}
	edges := c.noteEdges()
	for t := a; t.Before(b); {
		n := c.NextWorking(t)
		if !n.Before(b) {
			c.gap(t, b, edges, add)
			break
		}
		if n.After(t) {
			c.gap(t, n, edges, add)
		}
		e := c.stretchEnd(n)
		if e.After(b) {
			e = b
		}
		add(Segment{From: n, To: e, Working: true})
		t = e
	}
	return out
}

// stretchEnd returns the end of the working interval holding the working
// instant t (or the end of its block, where the next block goes on).
func (c *Calendar) stretchEnd(t time.Time) time.Time {
	s, _ := split(t)
	bl := c.blockAt(s)
	i := bl.last(s - bl.lo)
	return c.at(bl.lo+bl.end(i), 0)
}

// noteEdges returns the sorted wall-clock edges of the part-day closures.
func (c *Calendar) noteEdges() []int64 {
	var e []int64
	for _, n := range c.m.notes {
		e = append(e, n.s, n.e)
	}
	slices.Sort(e)
	return slices.Compact(e)
}

// gap adds the non-working stretch [g0, g1), cut where its reason changes.
func (c *Calendar) gap(g0, g1 time.Time, edges []int64, add func(Segment)) {
	end := g1.Unix()
	if g1.Nanosecond() > 0 {
		end++
	}
	for t := g0; t.Before(g1); {
		sec := t.Unix()
		off, pend := zonePeriod(c.loc, sec)
		w := sec + off
		// The next place, on the wall clock, where the reason may change.
		cutWall := (floorDiv(w, secondsPerDay) + 1) * secondsPerDay
		if i, _ := slices.BinarySearch(edges, w+1); i < len(edges) {
			cutWall = min(cutWall, edges[i])
		}
		next := min(cutWall-off, pend, end)
		to := c.at(next, 0)
		if to.After(g1) {
			to = g1
		}
		add(Segment{From: t, To: to, Reason: c.reasonAt(w)})
		t = to
	}
}

// reasonAt says why the wall-clock second w is not working time.
func (c *Calendar) reasonAt(w int64) string {
	n := floorDiv(w, secondsPerDay)
	r := c.m.days[n]
	if r != nil && r.closed {
		return closedReason(r.reason)
	}
	for _, x := range c.m.notes {
		if x.s > w {
			break
		}
		if w < x.e {
			return closedReason(x.reason)
		}
	}
	if r != nil && r.reason != "" {
		return ReasonOutsideHours + " (" + r.reason + ")"
	}
	return ReasonOutsideHours
}

func closedReason(r string) string {
	if r == "" {
		return ReasonClosed
	}
	return ReasonClosed + ": " + r
}
