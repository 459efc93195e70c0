package sla

import (
	"slices"
	"strconv"
	"strings"
)

// Intersect returns the calendar whose working time is working time in both a
// and b (team hours ∩ customer hours). Both must be in the same zone (equal
// Location().String()), else ErrZoneMismatch; a result with no working time in
// its week is refused with ErrNoWorkingTime.
//
// The result has a plain [Spec] of its own, which round-trips through JSON:
// each weekday's windows are the combined wall-clock hours of that day, cut at
// midnight (so none runs overnight), and every date on which a or b departs
// from its week (and the day after, for overnight windows) becomes an
// override or a closure whose reason joins a's and b's. It indexes the years
// both calendars index.
func Intersect(a, b *Calendar) (*Calendar, error) { return combine(a, b, false) }

// Union returns the calendar whose working time is working time in a or in b
// (a desk staffed by either of two teams), on the terms of [Intersect].
func Union(a, b *Calendar) (*Calendar, error) { return combine(a, b, true) }

func combine(a, b *Calendar, union bool) (*Calendar, error) {
	if a == nil || b == nil {
		return nil, specErr(ErrInvalidSpec, "", "combine: nil calendar")
	}
	if a.loc.String() != b.loc.String() {
		return nil, specErr(ErrZoneMismatch, "zone", "cannot combine a calendar in "+strconv.Quote(a.loc.String())+" with one in "+strconv.Quote(b.loc.String()))
	}
	op, sym := intersectSpans, " ∩ "
	if union {
		op, sym = unionSpans, " ∪ "
	}
	spec := Spec{Version: SpecVersion, Name: a.spec.Name + sym + b.spec.Name, Zone: a.spec.Zone}
	var week [7][]wspan
	for d := range week {
		week[d] = op(weekDaySet(a.m, d), weekDaySet(b.m, d))
		spec.Week[d] = spansToWindows(week[d])
	}
	for _, n := range exceptionDays(a.m, b.m) {
		set := op(daySet(a.m, n), daySet(b.m, n))
		if slices.Equal(set, week[weekdayOf(n)]) {
			continue
		}
		reason := joinReasons(dayReasons(a.m, n), dayReasons(b.m, n))
		if len(set) == 0 {
			spec.Exceptions = append(spec.Exceptions, ClosedDays(dateOf(n), Date{}, reason))
		} else {
			spec.Exceptions = append(spec.Exceptions, OverrideDays(dateOf(n), Date{}, reason, spansToWindows(set)...))
		}
	}
	from, to := min(a.from, b.from), max(a.to, b.to)
	if to-from > MaxIndexYears {
		from, to = a.from, a.to
	}
	return CompileRange(spec, a.loc, from, to)
}

// weekDaySet returns the wall spans of weekday d in [0, 24:00): its own
// windows and the overnight part of the previous day's.
func weekDaySet(m *model, d int) []wspan {
	var out []wspan
	for _, w := range m.week[(d+6)%7] {
		if w.e > secondsPerDay {
			out = append(out, wspan{0, w.e - secondsPerDay})
		}
	}
	for _, w := range m.week[d] {
		out = append(out, wspan{w.s, min(w.e, secondsPerDay)})
	}
	return normalize(out)
}

// daySet returns the working wall spans of day n in [0, 24:00), relative to
// its start, with closures applied.
func daySet(m *model, n int64) []wspan {
	base := n * secondsPerDay
	var out []wspan
	for _, w := range m.wallSpans(n-1, n) {
		s, e := max(w.s, base), min(w.e, base+secondsPerDay)
		if s < e {
			out = append(out, wspan{s - base, e - base})
		}
	}
	return normalize(out)
}

// normalize sorts spans and merges those that overlap or touch.
func normalize(in []wspan) []wspan {
	slices.SortFunc(in, func(x, y wspan) int { return int(x.s - y.s) })
	var out []wspan
	for _, w := range in {
		if w.s >= w.e {
			continue
		}
		if k := len(out); k > 0 && out[k-1].e >= w.s {
			out[k-1].e = max(out[k-1].e, w.e)
			continue
		}
		out = append(out, w)
	}
	return out
}

func unionSpans(a, b []wspan) []wspan {
	return normalize(append(append([]wspan(nil), a...), b...))
}

func intersectSpans(a, b []wspan) []wspan {
	var out []wspan
	for i, j := 0, 0; i < len(a) && j < len(b); {
		s, e := max(a[i].s, b[j].s), min(a[i].e, b[j].e)
		if s < e {
			out = append(out, wspan{s, e})
		}
		if a[i].e < b[j].e {
			i++
		} else {
			j++
		}
	}
	return out
}

func spansToWindows(sp []wspan) []Window {
	var out []Window
	for _, w := range sp {
		out = append(out, Window{Start: TimeOfDay(w.s), End: TimeOfDay(w.e)})
	}
	return out
}

// exceptionDays returns, sorted, the days on which a or b may depart from
// its week: exception days, the days after them, and days touched by part-day
// closures.
func exceptionDays(ms ...*model) []int64 {
	var out []int64
	for _, m := range ms {
		for n := range m.days {
			out = append(out, n, n+1)
		}
		for _, c := range m.notes {
			for n := floorDiv(c.s, secondsPerDay); n <= floorDiv(c.e-1, secondsPerDay); n++ {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dayReasons returns the reasons of the exceptions that touch day n.
func dayReasons(m *model, n int64) []string {
	var out []string
	for _, k := range []int64{n - 1, n} {
		if r, ok := m.days[k]; ok && r.reason != "" && (k == n || hasSpill(r.windows) || (r.closed && hasSpill(m.week[weekdayOf(k)]))) {
			out = append(out, strings.Split(r.reason, "; ")...)
		}
	}
	base := n * secondsPerDay
	for _, c := range m.notes {
		if c.s < base+secondsPerDay && c.e > base && c.reason != "" {
			out = append(out, c.reason)
		}
	}
	return out
}

func hasSpill(ws []wspan) bool {
	for _, w := range ws {
		if w.e > secondsPerDay {
			return true
		}
	}
	return false
}

func joinReasons(a, b []string) string {
	var out []string
	for _, r := range append(a, b...) {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return strings.Join(out, "; ")
}
