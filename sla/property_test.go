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
	"github.com/servq/servq/sla/slatest"
)

// The calendars of these properties are drawn by slatest.Calendars: windows
// on the quarter hour, overnight windows, weeks round the clock, closed days,
// closed hours and make-up days near a daylight-saving change, a year end or
// the Spring Festival, in zones with half-hour changes and changes at
// midnight, indexed over 2020-2030 or 2025 alone.
var calendars = slatest.Calendars(slatest.CalendarOptions{})

// TestDifferentialAgainstReference compares every operation with the
// minute-stepping reference over random calendars, zones and instants.
func TestDifferentialAgainstReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := calendars.Draw(t, "calendar")
		r := ref{spec: w.Spec, loc: w.Location}
		minute := func(label string, lo, hi int) time.Time {
			return w.Near.Add(time.Duration(rapid.IntRange(lo, hi).Draw(t, label)) * time.Minute)
		}
		const limit = 12 * 24 * 60 // reference gives up after 12 days
		for i := 0; i < 3; i++ {
			a := minute("a", -4*1440, 4*1440)
			if got, want := w.Calendar.IsWorking(a), r.working(a); got != want {
				t.Fatalf("IsWorking(%v) = %v, reference %v", a.In(w.Location), got, want)
			}
			b := a.Add(time.Duration(rapid.IntRange(-2*1440, 2*1440).Draw(t, "span")) * time.Minute)
			lo, hi := a, b
			sign := time.Duration(1)
			if hi.Before(lo) {
				lo, hi, sign = b, a, -1
			}
			if got, want := w.Calendar.Between(a, b), sign*r.between(lo, hi); got != want {
				t.Fatalf("Between(%v, %v) = %v, reference %v", a.In(w.Location), b.In(w.Location), got, want)
			}
			d := time.Duration(rapid.IntRange(-30*60, 30*60).Draw(t, "d")) * time.Minute
			if want, ok := r.add(a, d, limit); ok {
				if got := w.Calendar.Add(a, d); !got.Equal(want) {
					t.Fatalf("Add(%v, %v) = %v, reference %v", a.In(w.Location), d, got, want.In(w.Location))
				}
			}
			if want, ok := r.next(a, limit); ok {
				if got := w.Calendar.NextWorking(a); !got.Equal(want) {
					t.Fatalf("NextWorking(%v) = %v, reference %v", a.In(w.Location), got, want.In(w.Location))
				}
			}
			if want, ok := r.prev(a, limit); ok {
				if got := w.Calendar.PrevWorking(a); !got.Equal(want) {
					t.Fatalf("PrevWorking(%v) = %v, reference %v", a.In(w.Location), got, want.In(w.Location))
				}
			}
		}
	})
}

// anyInstant draws an instant to the nanosecond, mostly near the calendar's
// Near, some far outside the index.
func anyInstant(t *rapid.T, w slatest.DrawnCalendar, label string) time.Time {
	return w.Instants().Draw(t, label)
}

func anyDuration(t *rapid.T, label string) time.Duration {
	return time.Duration(rapid.Int64Range(0, 400*int64(time.Hour)).Draw(t, label))
}

// TestLaws checks the laws stated in the package documentation.
func TestLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := calendars.Draw(t, "calendar")
		c := w.Calendar
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
		w1 := calendars.Draw(t, "first calendar")
		w2 := calendars.Draw(t, "second calendar")
		if w2.Location.String() != w1.Location.String() {
			// Recompile the second calendar's spec in the first one's zone.
			w2.Spec.Zone = w1.Location.String()
			c, err := sla.CompileRange(w2.Spec, w1.Location, 2020, 2030)
			if err != nil {
				t.Fatal(err)
			}
			w2.Calendar, w2.Location = c, w1.Location
		}
		in, errI := sla.Intersect(w1.Calendar, w2.Calendar)
		un, err := sla.Union(w1.Calendar, w2.Calendar)
		if err != nil {
			t.Fatalf("Union: %v", err)
		}
		for i := 0; i < 20; i++ {
			x := anyInstant(t, w1, "t")
			if rapid.Bool().Draw(t, "near b") {
				x = anyInstant(t, w2, "t")
			}
			a, b := w1.Calendar.IsWorking(x), w2.Calendar.IsWorking(x)
			if errI == nil && in.IsWorking(x) != (a && b) {
				t.Fatalf("Intersect.IsWorking(%v) = %v, parts %v %v", x.In(w1.Location), in.IsWorking(x), a, b)
			}
			if un.IsWorking(x) != (a || b) {
				t.Fatalf("Union.IsWorking(%v) = %v, parts %v %v", x.In(w1.Location), un.IsWorking(x), a, b)
			}
			y := x.Add(time.Duration(rapid.IntRange(0, 5*1440).Draw(t, "span")) * time.Minute)
			if got, want := un.Between(x, y), w1.Calendar.Between(x, y)+w2.Calendar.Between(x, y); errI == nil && got != want-in.Between(x, y) {
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
		w := calendars.Draw(t, "calendar")
		s := w.Calendar.Spec()
		roundTrip(t, s)
		b, _ := json.Marshal(s)
		back, _ := sla.ParseSpec(b)
		c2, err := sla.CompileRange(back, w.Location, 2020, 2030)
		if err != nil {
			t.Fatal(err)
		}
		x := anyInstant(t, w, "t")
		d := anyDuration(t, "d")
		if !c2.Add(x, d).Equal(w.Calendar.Add(x, d)) || c2.Between(x, x.Add(d)) != w.Calendar.Between(x, x.Add(d)) {
			t.Fatalf("decoded calendar answers differently")
		}
	})
}
