package sla_test

import (
	"time"

	"github.com/servq/servq/sla"
)

// ref is a naive reference for a calendar, written from the Spec and the
// package documentation alone: an instant is working when the wall clock
// shows a time inside a window of its day (or inside the overnight part of
// the previous day's window) and no part-day closure covers it. It steps
// minute by minute, so it is exact when every boundary falls on a whole minute
// (windows on a minute grid, zone changes on whole minutes, instants on
// whole minutes).
type ref struct {
	spec sla.Spec
	loc  *time.Location
}

type civil struct {
	y int
	m time.Month
	d int
}

func (c civil) add(n int) civil {
	t := time.Date(c.y, c.m, c.d+n, 12, 0, 0, 0, time.UTC)
	return civil{t.Year(), t.Month(), t.Day()}
}

func (c civil) before(o civil) bool {
	return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC).Before(time.Date(o.y, o.m, o.d, 0, 0, 0, 0, time.UTC))
}

func (c civil) weekday() time.Weekday {
	return time.Date(c.y, c.m, c.d, 12, 0, 0, 0, time.UTC).Weekday()
}

func covers(e sla.Exception, c civil) bool {
	from := civil{e.From.Year, e.From.Month, e.From.Day}
	to := from
	if !e.To.IsZero() {
		to = civil{e.To.Year, e.To.Month, e.To.Day}
	}
	return !c.before(from) && !to.before(c)
}

// windows returns the windows that belong to day c.
func (r ref) windows(c civil) []sla.Window {
	for _, e := range r.spec.Exceptions {
		if covers(e, c) && e.Kind == sla.ExceptionClosed {
			return nil
		}
	}
	for _, e := range r.spec.Exceptions {
		if covers(e, c) && e.Kind == sla.ExceptionOverride {
			return e.Windows
		}
	}
	return r.spec.Week[c.weekday()]
}

// inside reports whether second-of-day s of day c lies in w, a window of day
// c (today) or of the day before (today false).
func inside(w sla.Window, s int, today bool) bool {
	start, end := int(w.Start), int(w.End)
	if end <= start {
		end += 86400
	}
	if !today {
		s += 86400
	}
	return s >= start && s < end
}

func (r ref) working(t time.Time) bool {
	w := t.In(r.loc)
	c := civil{w.Year(), w.Month(), w.Day()}
	s := w.Hour()*3600 + w.Minute()*60 + w.Second()
	prev := c.add(-1)
	for _, e := range r.spec.Exceptions {
		if e.Kind != sla.ExceptionClosedHours {
			continue
		}
		for _, cw := range e.Windows {
			if (covers(e, c) && inside(cw, s, true)) || (covers(e, prev) && inside(cw, s, false)) {
				return false
			}
		}
	}
	for _, x := range r.windows(c) {
		if inside(x, s, true) {
			return true
		}
	}
	for _, x := range r.windows(prev) {
		if inside(x, s, false) {
			return true
		}
	}
	return false
}

// between counts the working minutes in [a, b), a <= b, on the minute grid.
func (r ref) between(a, b time.Time) time.Duration {
	var d time.Duration
	for t := a; t.Before(b); t = t.Add(time.Minute) {
		if r.working(t) {
			d += time.Minute
		}
	}
	return d
}

// add steps minute by minute; ok is false when limit minutes pass first.
func (r ref) add(t time.Time, d time.Duration, limit int) (time.Time, bool) {
	if d == 0 {
		return t, true
	}
	var acc time.Duration
	if d > 0 {
		for i := 0; i < limit; i, t = i+1, t.Add(time.Minute) {
			if r.working(t) {
				if acc += time.Minute; acc == d {
					return t.Add(time.Minute), true
				}
			}
		}
		return time.Time{}, false
	}
	for i := 0; i < limit; i++ {
		t = t.Add(-time.Minute)
		if r.working(t) {
			if acc -= time.Minute; acc == d {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func (r ref) next(t time.Time, limit int) (time.Time, bool) {
	for i := 0; i < limit; i, t = i+1, t.Add(time.Minute) {
		if r.working(t) {
			return t, true
		}
	}
	return time.Time{}, false
}

func (r ref) prev(t time.Time, limit int) (time.Time, bool) {
	for i := 0; i < limit; i, t = i+1, t.Add(-time.Minute) {
		if r.working(t.Add(-time.Minute)) {
			return t, true
		}
	}
	return time.Time{}, false
}
