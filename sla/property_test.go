package sla_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/sla"
)

// Zones for random calendars: without DST, with the usual hour at 02:00 or
// 01:00, with a half-hour change (Lord Howe), an offset of +12:45/+13:45
// (Chatham), and changes at midnight, where 00:00 does not exist (Santiago).
var zones = []string{
	"UTC", "Asia/Shanghai", "Asia/Kolkata", "America/New_York", "Europe/London",
	"Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago",
}

// Days where something happens: DST changes in the zones above, the edge of
// the index built by CompileRange(…, 2025, 2026), the Spring Festival.
var interesting = []time.Time{
	time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC),   // New York forward
	time.Date(2025, 11, 2, 0, 0, 0, 0, time.UTC),  // New York back
	time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC),  // London forward
	time.Date(2025, 10, 26, 0, 0, 0, 0, time.UTC), // London back
	time.Date(2025, 4, 6, 0, 0, 0, 0, time.UTC),   // Lord Howe, Chatham, Santiago back
	time.Date(2025, 9, 7, 0, 0, 0, 0, time.UTC),   // Santiago forward
	time.Date(2025, 10, 5, 0, 0, 0, 0, time.UTC),  // Lord Howe forward
	time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),   // index edge
	time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),   // index edge
	time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),   // a slow-path block edge
	time.Date(2025, 1, 28, 0, 0, 0, 0, time.UTC),  // Spring Festival
}

const quarter = 15 * 60

// genWindows draws up to three windows on the quarter-hour grid, sorted and
// disjoint, none overnight.
func genWindows(t *rapid.T, label string, min int) []sla.Window {
	k := rapid.IntRange(min, 3).Draw(t, label+"#")
	marks := rapid.SliceOfNDistinct(rapid.IntRange(0, 96), 2*k, 2*k, rapid.ID[int]).Draw(t, label)
	slices.Sort(marks)
	var ws []sla.Window
	for i := 0; i+1 < len(marks); i += 2 {
		ws = append(ws, sla.WindowOf(sla.TimeOfDay(marks[i]*quarter), sla.TimeOfDay(marks[i+1]*quarter)))
	}
	return ws
}

// makeOvernight turns the last window of some days into an overnight window
// that ends before the next day's first window.
func makeOvernight(t *rapid.T, week *sla.Week) {
	for d := range week {
		ws := week[d]
		if len(ws) == 0 || ws[len(ws)-1].End != sla.EndOfDay || !rapid.Bool().Draw(t, "overnight") {
			continue
		}
		limit := int(ws[len(ws)-1].Start) / quarter // the end must be before the start
		if next := week[(d+1)%7]; len(next) > 0 {
			limit = min(limit, int(next[0].Start)/quarter+1)
		}
		if limit < 2 {
			continue
		}
		ws[len(ws)-1].End = sla.TimeOfDay(rapid.IntRange(1, limit-1).Draw(t, "overnight end") * quarter)
	}
}

type world struct {
	spec sla.Spec
	loc  *time.Location
	cal  *sla.Calendar
	base time.Time
}

// genWorld draws a random valid calendar and a base instant near which
// something happens.
func genWorld(t *rapid.T) world {
	loc, err := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "zone"))
	if err != nil {
		t.Fatal(err)
	}
	var week sla.Week
	for d := range week {
		week[d] = genWindows(t, "week."+time.Weekday(d).String(), 0)
	}
	if rapid.IntRange(0, 9).Draw(t, "24x7?") == 0 {
		week = sla.EveryDay(sla.MustWindow("00:00-24:00"))
	}
	makeOvernight(t, &week)
	empty := true
	for _, ws := range week {
		empty = empty && len(ws) == 0
	}
	if empty {
		week[time.Monday] = []sla.Window{sla.MustWindow("09:00-17:00")}
	}
	spec := sla.Spec{Name: "random", Zone: loc.String(), Week: week}
	baseDay := rapid.SampledFrom(interesting).Draw(t, "base")
	baseDay = baseDay.AddDate(0, 0, rapid.IntRange(-2, 2).Draw(t, "base shift"))
	for i, n := 0, rapid.IntRange(0, 5).Draw(t, "exceptions"); i < n; i++ {
		from := baseDay.AddDate(0, 0, rapid.IntRange(-4, 4).Draw(t, "from"))
		to := from.AddDate(0, 0, rapid.IntRange(0, 2).Draw(t, "days"))
		fd, td := sla.DateOf(from.Date()), sla.DateOf(to.Date())
		if fd == td && rapid.Bool().Draw(t, "zero to") {
			td = sla.Date{}
		}
		var e sla.Exception
		switch rapid.IntRange(0, 2).Draw(t, "kind") {
		case 0:
			e = sla.ClosedDays(fd, td, "holiday")
		case 1:
			e = sla.ClosedHours(fd, td, "maintenance", genWindows(t, "closed", 1)...)
		default:
			ws := genWindows(t, "override", 1)
			if last := &ws[len(ws)-1]; last.End == sla.EndOfDay && last.Start >= 2*quarter && rapid.Bool().Draw(t, "override overnight") {
				last.End = sla.TimeOfDay(rapid.IntRange(1, int(last.Start)/quarter-1).Draw(t, "end") * quarter)
			}
			e = sla.OverrideDays(fd, td, "make-up day", ws...)
		}
		try := spec
		try.Exceptions = append(slices.Clone(spec.Exceptions), e)
		if _, err := sla.CompileRange(try, loc, 2024, 2027); err == nil {
			spec = try // keep exceptions that form a valid calendar
		}
	}
	from, to := 2020, 2030
	if rapid.Bool().Draw(t, "small index") {
		from, to = 2025, 2026
	}
	cal, err := sla.CompileRange(spec, loc, from, to)
	if err != nil {
		t.Fatalf("compile %+v: %v", spec, err)
	}
	return world{spec: spec, loc: loc, cal: cal, base: baseDay}
}

// TestDifferentialAgainstReference compares every operation with the
// minute-stepping reference over random calendars, zones and instants.
func TestDifferentialAgainstReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		r := ref{spec: w.spec, loc: w.loc}
		minute := func(label string, lo, hi int) time.Time {
			return w.base.Add(time.Duration(rapid.IntRange(lo, hi).Draw(t, label)) * time.Minute)
		}
		const limit = 12 * 24 * 60 // reference gives up after 12 days
		for i := 0; i < 3; i++ {
			a := minute("a", -4*1440, 4*1440)
			if got, want := w.cal.IsWorking(a), r.working(a); got != want {
				t.Fatalf("IsWorking(%v) = %v, reference %v", a.In(w.loc), got, want)
			}
			b := a.Add(time.Duration(rapid.IntRange(-2*1440, 2*1440).Draw(t, "span")) * time.Minute)
			lo, hi := a, b
			sign := time.Duration(1)
			if hi.Before(lo) {
				lo, hi, sign = b, a, -1
			}
			if got, want := w.cal.Between(a, b), sign*r.between(lo, hi); got != want {
				t.Fatalf("Between(%v, %v) = %v, reference %v", a.In(w.loc), b.In(w.loc), got, want)
			}
			d := time.Duration(rapid.IntRange(-30*60, 30*60).Draw(t, "d")) * time.Minute
			if want, ok := r.add(a, d, limit); ok {
				if got := w.cal.Add(a, d); !got.Equal(want) {
					t.Fatalf("Add(%v, %v) = %v, reference %v", a.In(w.loc), d, got, want.In(w.loc))
				}
			}
			if want, ok := r.next(a, limit); ok {
				if got := w.cal.NextWorking(a); !got.Equal(want) {
					t.Fatalf("NextWorking(%v) = %v, reference %v", a.In(w.loc), got, want.In(w.loc))
				}
			}
			if want, ok := r.prev(a, limit); ok {
				if got := w.cal.PrevWorking(a); !got.Equal(want) {
					t.Fatalf("PrevWorking(%v) = %v, reference %v", a.In(w.loc), got, want.In(w.loc))
				}
			}
		}
	})
}

// anyInstant draws an instant to the nanosecond, mostly near the base, some
// far outside the index.
func anyInstant(t *rapid.T, w world, label string) time.Time {
	if rapid.IntRange(0, 9).Draw(t, label+" far?") == 0 {
		return time.Unix(rapid.Int64Range(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2060, 1, 1, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, label+" far"), 0)
	}
	return w.base.Add(time.Duration(rapid.Int64Range(-30*24*int64(time.Hour), 30*24*int64(time.Hour)).Draw(t, label)))
}

func anyDuration(t *rapid.T, label string) time.Duration {
	return time.Duration(rapid.Int64Range(0, 400*int64(time.Hour)).Draw(t, label))
}

// TestLaws checks the laws stated in the package documentation.
func TestLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		c := w.cal
		ts := []time.Time{anyInstant(t, w, "a"), anyInstant(t, w, "b"), anyInstant(t, w, "c")}
		slices.SortFunc(ts, func(x, y time.Time) int { return x.Compare(y) })
		a, b, cc := ts[0], ts[1], ts[2]

		// Between is additive and antisymmetric.
		if ab, bc, ac := c.Between(a, b), c.Between(b, cc), c.Between(a, cc); ab+bc != ac {
			t.Fatalf("Between(a,b)+Between(b,c) = %v+%v, Between(a,c) = %v", ab, bc, ac)
		}
		if c.Between(b, a) != -c.Between(a, b) {
			t.Fatalf("Between is not antisymmetric")
		}
		// Add(a, Between(a, b)) == max(a, PrevWorking(b)).
		want := c.PrevWorking(b)
		if want.Before(a) {
			want = a
		}
		if got := c.Add(a, c.Between(a, b)); !got.Equal(want) {
			t.Fatalf("Add(a, Between(a, b)) = %v, want %v (a=%v b=%v)", got, want, a, b)
		}
		if c.IsWorking(b) && c.PrevWorking(b).Equal(b) {
			if got := c.Add(a, c.Between(a, b)); !got.Equal(b) {
				t.Fatalf("Add(a, Between(a, b)) = %v, want b = %v", got, b)
			}
		}
		// Backwards: Add(b, -Between(a, b)) == min(b, NextWorking(a)).
		wantBack := c.NextWorking(a)
		if wantBack.After(b) {
			wantBack = b
		}
		if got := c.Add(b, -c.Between(a, b)); !got.Equal(wantBack) {
			t.Fatalf("Add(b, -Between(a, b)) = %v, want %v", got, wantBack)
		}
		// Add is monotone in t and in d, and Between undoes it.
		d1, d2 := anyDuration(t, "d1"), anyDuration(t, "d2")
		if c.Add(a, d1).After(c.Add(b, d1)) || c.Add(a, -d1).After(c.Add(b, -d1)) {
			t.Fatalf("Add not monotone in t")
		}
		lo, hi := min(d1, d2), max(d1, d2)
		if c.Add(a, lo).After(c.Add(a, hi)) || c.Add(a, -hi).After(c.Add(a, -lo)) {
			t.Fatalf("Add not monotone in d")
		}
		if got := c.Between(a, c.Add(a, d1)); got != d1 {
			t.Fatalf("Between(a, Add(a, %v)) = %v", d1, got)
		}
		if d1 > 0 {
			if got, want := c.Add(c.Add(a, d1), -d1), c.NextWorking(a); !got.Equal(want) {
				t.Fatalf("Add(Add(a, %v), -%v) = %v, NextWorking(a) = %v", d1, d1, got, want)
			}
		}
		if got := c.Between(c.Add(a, -d1), a); got != d1 {
			t.Fatalf("Between(Add(a, -%v), a) = %v", d1, got)
		}
		// Add composes for durations of one sign.
		if x, y := c.Add(c.Add(a, d1), d2), c.Add(a, d1+d2); !x.Equal(y) {
			t.Fatalf("Add(Add(a, %v), %v) = %v, Add(a, %v) = %v", d1, d2, x, d1+d2, y)
		}
		if x, y := c.Add(c.Add(a, -d1), -d2), c.Add(a, -d1-d2); !x.Equal(y) {
			t.Fatalf("Add(Add(a, -%v), -%v) = %v, Add(a, -%v) = %v", d1, d2, x, d1+d2, y)
		}
		// The stretch functions agree with IsWorking.
		if n := c.NextWorking(a); !c.IsWorking(n) || (c.IsWorking(a) && !n.Equal(a)) || c.Between(a, n) != 0 {
			t.Fatalf("NextWorking(%v) = %v", a, n)
		}
		if p := c.PrevWorking(a); p.After(a) || c.Between(p, a) != 0 || (p.Before(a) && c.IsWorking(p)) {
			t.Fatalf("PrevWorking(%v) = %v", a, p)
		}
		// Segments tile [a, min(b, a+40 days)) and agree with Between.
		end := b
		if lim := a.Add(40 * 24 * time.Hour); end.After(lim) {
			end = lim
		}
		var sum time.Duration
		at := a
		for _, s := range c.Segments(a, end) {
			if !s.From.Equal(at) || !s.To.After(s.From) || s.Working != (s.Reason == "") {
				t.Fatalf("segment %+v after %v", s, at)
			}
			if s.Working {
				sum += s.To.Sub(s.From)
			}
			if c.IsWorking(s.From) != s.Working {
				t.Fatalf("segment %+v: IsWorking(From) = %v", s, c.IsWorking(s.From))
			}
			at = s.To
		}
		if a.Before(end) && !at.Equal(end) {
			t.Fatalf("segments end at %v, want %v", at, end)
		}
		if want := c.Between(a, end); sum != want {
			t.Fatalf("segments hold %v of working time, Between %v", sum, want)
		}
	})
}

// TestCombineLaws checks Intersect and Union against IsWorking of the parts,
// and that the combined calendars round-trip through JSON.
func TestCombineLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w1 := genWorld(t)
		w2 := genWorld(t)
		if w2.loc.String() != w1.loc.String() {
			// Recompile the second world's spec in the first one's zone.
			w2.spec.Zone = w1.loc.String()
			c, err := sla.CompileRange(w2.spec, w1.loc, 2020, 2030)
			if err != nil {
				t.Fatal(err)
			}
			w2.cal, w2.loc = c, w1.loc
		}
		in, errI := sla.Intersect(w1.cal, w2.cal)
		un, err := sla.Union(w1.cal, w2.cal)
		if err != nil {
			t.Fatalf("Union: %v", err)
		}
		for i := 0; i < 20; i++ {
			x := anyInstant(t, w1, "t")
			if rapid.Bool().Draw(t, "near b") {
				x = anyInstant(t, w2, "t")
			}
			a, b := w1.cal.IsWorking(x), w2.cal.IsWorking(x)
			if errI == nil && in.IsWorking(x) != (a && b) {
				t.Fatalf("Intersect.IsWorking(%v) = %v, parts %v %v", x.In(w1.loc), in.IsWorking(x), a, b)
			}
			if un.IsWorking(x) != (a || b) {
				t.Fatalf("Union.IsWorking(%v) = %v, parts %v %v", x.In(w1.loc), un.IsWorking(x), a, b)
			}
			y := x.Add(time.Duration(rapid.IntRange(0, 5*1440).Draw(t, "span")) * time.Minute)
			if got, want := un.Between(x, y), w1.cal.Between(x, y)+w2.cal.Between(x, y); errI == nil && got != want-in.Between(x, y) {
				t.Fatalf("inclusion-exclusion: union %v, a+b %v, intersection %v", got, want, in.Between(x, y))
			}
		}
		if errI != nil {
			if !errors.Is(errI, sla.ErrNoWorkingTime) {
				t.Fatalf("Intersect: %v", errI)
			}
			return
		}
		roundTrip(t, in.Spec())
		roundTrip(t, un.Spec())
	})
}

func roundTrip(t interface {
	Fatalf(string, ...any)
}, s sla.Spec) {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	back, err := sla.ParseSpec(b)
	if err != nil {
		t.Fatalf("parse %s: %v", b, err)
	}
	if diff := cmp.Diff(s, back); diff != "" {
		t.Fatalf("JSON round trip (-want +got):\n%s", diff)
	}
	var viaUnmarshal sla.Spec
	if err := json.Unmarshal(b, &viaUnmarshal); err != nil || !cmp.Equal(s, viaUnmarshal) {
		t.Fatalf("json.Unmarshal: %v, diff %s", err, cmp.Diff(s, viaUnmarshal))
	}
}

// TestSpecJSONRoundTrip: random calendars' specs survive JSON, and the
// decoded spec compiles to a calendar that answers the same.
func TestSpecJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		s := w.cal.Spec()
		roundTrip(t, s)
		b, _ := json.Marshal(s)
		back, _ := sla.ParseSpec(b)
		c2, err := sla.CompileRange(back, w.loc, 2020, 2030)
		if err != nil {
			t.Fatal(err)
		}
		x := anyInstant(t, w, "t")
		d := anyDuration(t, "d")
		if !c2.Add(x, d).Equal(w.cal.Add(x, d)) || c2.Between(x, x.Add(d)) != w.cal.Between(x, x.Add(d)) {
			t.Fatalf("decoded calendar answers differently")
		}
	})
}
