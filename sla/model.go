package sla

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxExceptionDays bounds the days one exception may cover (ten years), so a
// typo in a year cannot make a calendar expand without limit.
const maxExceptionDays = 3653

// wspan is a stretch [s, e) of wall-clock seconds: relative to the start of its
// day for weekly and override windows (e may exceed 86400 for an overnight
// window), or absolute (seconds since 1970-01-01 00:00 on the wall clock) once
// laid out on the wall-clock line.
type wspan struct{ s, e int64 }

// dayRule replaces the weekly windows of one date.
type dayRule struct {
	closed  bool
	windows []wspan // sorted, relative to the day's start
	reason  string
	from    int // index of the exception in the spec, for error paths
}

// cut is a part-day closure on the wall-clock line (absolute wall seconds).
type cut struct {
	s, e   int64
	reason string
}

// model is the checked form of a Spec: what the index builder and the slow
// path lay out on the wall-clock line.
type model struct {
	week  [7][]wspan
	days  map[int64]*dayRule // day number → closure or override
	cuts  []wspan            // part-day closures, sorted and merged
	notes []cut              // the same closures with their reasons, sorted by start
	// perWeek is the number of separate working stretches in an ordinary
	// week, a capacity hint for laying out spans.
	perWeek int
	// always: every instant is working time (a 24×7 week, no exceptions),
	// so working time is elapsed time.
	always bool
}

var dayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// windowsOf returns the windows that belong to day n, relative to its start.
func (m *model) windowsOf(n int64) []wspan {
	if r, ok := m.days[n]; ok {
		if r.closed {
			return nil
		}
		return r.windows
	}
	return m.week[weekdayOf(n)]
}

// checkWindows validates the windows of one day and returns them sorted as
// wall spans relative to the day's start.
func checkWindows(ws []Window, path string) ([]wspan, error) {
	type item struct {
		sp wspan
		i  int
	}
	items := make([]item, 0, len(ws))
	for i, w := range ws {
		p := path + "[" + strconv.Itoa(i) + "]"
		switch {
		case w.Start < 0 || w.Start >= EndOfDay:
			return nil, specErr(ErrInvalidSpec, p, "window starts at "+w.Start.String()+": a window starts from 00:00 to before 24:00")
		case w.End <= 0 || w.End > EndOfDay:
			return nil, specErr(ErrInvalidSpec, p, "window ends at "+w.End.String()+": a window ends after 00:00 and at or before 24:00")
		case w.Start == w.End:
			return nil, specErr(ErrInvalidSpec, p, "window "+w.String()+" is empty (start equals end); a whole day is 00:00-24:00")
		}
		sp := wspan{int64(w.Start), int64(w.End)}
		if w.Overnight() {
			sp.e += secondsPerDay
		}
		items = append(items, item{sp, i})
	}
	slices.SortStableFunc(items, func(a, b item) int { return int(a.sp.s - b.sp.s) })
	out := make([]wspan, len(items))
	for k, it := range items {
		if k > 0 && items[k-1].sp.e > it.sp.s {
			prev := ws[items[k-1].i]
			return nil, specErr(ErrOverlappingWindows, path+"["+strconv.Itoa(it.i)+"]",
				"window "+ws[it.i].String()+" overlaps "+prev.String())
		}
		out[k] = it.sp
	}
	return out, nil
}

// spillClash reports whether the overnight part of windows a (of one day) runs
// into the windows b of the next day, and which windows clash.
func spillClash(a, b []wspan) (ia, ib int, clash bool) {
	for i, x := range a {
		if x.e <= secondsPerDay {
			continue
		}
		for j, y := range b {
			if y.s < x.e-secondsPerDay {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

func spanWindow(sp wspan) Window {
	e := sp.e
	if e > secondsPerDay {
		e -= secondsPerDay
	}
	return Window{Start: TimeOfDay(sp.s), End: TimeOfDay(e)}
}

// buildModel checks s (whose Zone has been checked by the caller) and returns
// its model.
func buildModel(s *Spec) (*model, error) {
	if s.Version != 0 && s.Version != SpecVersion {
		return nil, specErr(ErrSpecVersion, "version", "version "+strconv.Itoa(s.Version)+" is not known (this package reads version "+strconv.Itoa(SpecVersion)+")")
	}
	m := &model{days: map[int64]*dayRule{}}
	hasWork := false
	for d := range s.Week {
		ws, err := checkWindows(s.Week[d], "week."+dayKeys[d])
		if err != nil {
			return nil, err
		}
		m.week[d] = ws
		hasWork = hasWork || len(ws) > 0
	}
	if !hasWork {
		return nil, specErr(ErrNoWorkingTime, "week", "no day of the week has a working window, so no time limit could ever end")
	}
	for d := range m.week {
		next := (d + 1) % 7
		if i, j, bad := spillClash(m.week[d], m.week[next]); bad {
			return nil, specErr(ErrOverlappingWindows, "week."+dayKeys[d],
				"overnight window "+spanWindow(m.week[d][i]).String()+" runs into "+time.Weekday(next).String()+"'s window "+spanWindow(m.week[next][j]).String())
		}
	}
	var week []wspan
	for d := range m.week {
		for _, w := range m.week[d] {
			s, e := int64(d)*secondsPerDay+w.s, int64(d)*secondsPerDay+w.e
			if k := len(week); k > 0 && week[k-1].e >= s {
				week[k-1].e = e
				continue
			}
			week = append(week, wspan{s, e})
		}
	}
	m.perWeek = len(week)
	fullWeek := len(week) == 1 && week[0].s == 0 && week[0].e >= 7*secondsPerDay
	if k := len(week); k > 1 && week[k-1].e >= 7*secondsPerDay+week[0].s {
		m.perWeek-- // the last stretch runs on into the first
	}
	var overrides []int64
	years := strconv.Itoa(MinYear) + " to " + strconv.Itoa(MaxYear)
	for i, e := range s.Exceptions {
		p := "exceptions[" + strconv.Itoa(i) + "]"
		if e.Kind == ExceptionInvalid || int(e.Kind) >= len(exceptionKindNames) {
			return nil, specErr(ErrInvalidSpec, p+".kind", `kind must be "closed", "closed-hours" or "override"`)
		}
		if !e.From.Valid() || e.From.Year < MinYear || e.From.Year > MaxYear {
			return nil, specErr(ErrInvalidSpec, p+".from", e.From.String()+" is not a date in years "+years)
		}
		if !e.To.IsZero() && (!e.To.Valid() || e.To.Year < MinYear || e.To.Year > MaxYear) {
			return nil, specErr(ErrInvalidSpec, p+".to", e.To.String()+" is not a date in years "+years)
		}
		first, last := e.From.days(), e.last().days()
		if last < first {
			return nil, specErr(ErrInvalidSpec, p+".to", e.To.String()+" is before "+e.From.String())
		}
		if last-first >= maxExceptionDays {
			return nil, specErr(ErrInvalidSpec, p+".to", "an exception covers at most "+strconv.Itoa(maxExceptionDays)+" days")
		}
		var ws []wspan
		switch e.Kind {
		case ExceptionClosed:
			if len(e.Windows) > 0 {
				return nil, specErr(ErrInvalidSpec, p+".windows", `a "closed" exception closes whole days and takes no windows (use "closed-hours")`)
			}
		default:
			if len(e.Windows) == 0 {
				return nil, specErr(ErrInvalidSpec, p+".windows", `a "`+e.Kind.String()+`" exception needs windows (use "closed" to close whole days)`)
			}
			var err error
			if ws, err = checkWindows(e.Windows, p+".windows"); err != nil {
				return nil, err
			}
		}
		for n := first; n <= last; n++ {
			switch e.Kind {
			case ExceptionClosedHours:
				for _, w := range ws {
					m.notes = append(m.notes, cut{n*secondsPerDay + w.s, n*secondsPerDay + w.e, e.Reason})
				}
				continue
			case ExceptionClosed:
				if r, ok := m.days[n]; ok && r.closed {
					if e.Reason != "" && !slices.Contains(strings.Split(r.reason, "; "), e.Reason) {
						r.reason = strings.TrimPrefix(r.reason+"; "+e.Reason, "; ")
					}
					continue
				}
			}
			if r, ok := m.days[n]; ok {
				return nil, specErr(ErrConflictingExceptions, p,
					"exceptions["+strconv.Itoa(r.from)+"] and "+p+" both set the hours of "+dateOf(n).String())
			}
			m.days[n] = &dayRule{closed: e.Kind == ExceptionClosed, windows: ws, reason: e.Reason, from: i}
			if e.Kind == ExceptionOverride {
				overrides = append(overrides, n)
			}
		}
	}
	slices.Sort(overrides)
	for _, n := range overrides {
		r := m.days[n]
		p := "exceptions[" + strconv.Itoa(r.from) + "]"
		if i, j, bad := spillClash(m.windowsOf(n-1), r.windows); bad {
			return nil, specErr(ErrOverlappingWindows, p,
				"on "+dateOf(n).String()+" window "+spanWindow(r.windows[j]).String()+" overlaps the overnight window "+spanWindow(m.windowsOf(n - 1)[i]).String()+" of the day before")
		}
		if i, j, bad := spillClash(r.windows, m.windowsOf(n+1)); bad {
			return nil, specErr(ErrOverlappingWindows, p,
				"on "+dateOf(n).String()+" overnight window "+spanWindow(r.windows[i]).String()+" runs into the next day's window "+spanWindow(m.windowsOf(n + 1)[j]).String())
		}
	}
	slices.SortStableFunc(m.notes, func(a, b cut) int {
		switch {
		case a.s < b.s:
			return -1
		case a.s > b.s:
			return 1
		}
		return 0
	})
	for _, c := range m.notes {
		if k := len(m.cuts); k > 0 && c.s <= m.cuts[k-1].e {
			m.cuts[k-1].e = max(m.cuts[k-1].e, c.e)
			continue
		}
		m.cuts = append(m.cuts, wspan{c.s, c.e})
	}
	m.always = fullWeek && len(m.days) == 0 && len(m.cuts) == 0
	return m, nil
}
