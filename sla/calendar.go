package sla

import (
	"math"
	"strconv"
	"time"
)

// The index years of [Compile]: the working intervals of these years are
// built when a calendar is compiled; instants outside them are served by a
// slower path that builds the intervals it needs at each call.
const (
	// DefaultIndexFrom is the first year [Compile] indexes.
	DefaultIndexFrom = 2000
	// DefaultIndexTo is the year after the last year [Compile] indexes.
	DefaultIndexTo = 2050
	// MaxIndexYears is the most years [CompileRange] indexes.
	MaxIndexYears = 130
)

// The years a calendar covers: instants from 1900-01-01 to 2500-01-01 UTC.
// Instants outside are moved to the nearest end, and Add, NextWorking and
// PrevWorking stop there. The bound also bounds the cost of the slow path: a
// calendar with a few seconds of working time a week still answers Add(t,
// 300h) in milliseconds (by reaching year 2500), not in seconds.
const (
	// MinYear is the first year a calendar covers.
	MinYear = 1900
	// MaxYear is the last year a calendar covers.
	MaxYear = 2499

	minSec = -2208988800 // 1900-01-01T00:00:00Z
	maxSec = 16725225600 // 2500-01-01T00:00:00Z
	// slowChunk is the length of a block built on the fly outside the index.
	slowChunk = 366 * secondsPerDay
)

// Calendar is a compiled business calendar: the working time of a [Spec] in a
// time zone, with an index of working intervals that makes [Calendar.Add] and
// [Calendar.Between] searches that do not allocate. A Calendar is immutable
// and safe for concurrent use. Build one with [Compile], [CompileRange],
// [TwentyFourSeven], [Intersect] or [Union]; the zero Calendar is not usable.
//
// Results are in the calendar's location. See the package documentation for
// what counts as working time.
type Calendar struct {
	spec     Spec
	loc      *time.Location
	m        *model
	idx      block
	from, to int // index years [from, to)
}

// Compile checks spec and compiles it for loc, indexing the years
// [DefaultIndexFrom] to [DefaultIndexTo] (exclusive). It refuses, with a
// [*SpecError]: a spec with no working time in its week (ErrNoWorkingTime),
// overlapping windows, including an overnight window running into the next
// day's (ErrOverlappingWindows), malformed times and dates (ErrInvalidSpec),
// two exceptions setting the same day (ErrConflictingExceptions), an unknown
// version (ErrSpecVersion), and a Zone other than loc.String()
// (ErrZoneMismatch; an empty Zone takes loc's name).
func Compile(spec Spec, loc *time.Location) (*Calendar, error) {
	return CompileRange(spec, loc, DefaultIndexFrom, DefaultIndexTo)
}

// CompileRange is [Compile] indexing the years fromYear to toYear (exclusive;
// at most [MaxIndexYears], within [MinYear] to [MaxYear]+1). Instants outside are still
// answered exactly, only more slowly.
func CompileRange(spec Spec, loc *time.Location, fromYear, toYear int) (*Calendar, error) {
	if loc == nil {
		return nil, specErr(ErrZoneMismatch, "zone", "no location given (pass the *time.Location of the spec's zone)")
	}
	if fromYear < MinYear || toYear > MaxYear+1 || toYear <= fromYear || toYear-fromYear > MaxIndexYears {
		return nil, specErr(ErrInvalidSpec, "", "index years "+strconv.Itoa(fromYear)+" to "+strconv.Itoa(toYear)+
			": want "+strconv.Itoa(MinYear)+" <= from < to <= "+strconv.Itoa(MaxYear+1)+" and at most "+strconv.Itoa(MaxIndexYears)+" years")
	}
	spec = spec.clone()
	switch {
	case spec.Zone == "":
		spec.Zone = loc.String()
	case spec.Zone != loc.String():
		return nil, specErr(ErrZoneMismatch, "zone", "spec is for zone "+strconv.Quote(spec.Zone)+" but the location given is "+strconv.Quote(loc.String()))
	}
	m, err := buildModel(&spec)
	if err != nil {
		return nil, err
	}
	spec.Version = SpecVersion
	lo := time.Date(fromYear, time.January, 1, 0, 0, 0, 0, loc).Unix()
	hi := time.Date(toYear, time.January, 1, 0, 0, 0, 0, loc).Unix()
	return &Calendar{spec: spec, loc: loc, m: m, idx: m.build(loc, lo, hi), from: fromYear, to: toYear}, nil
}

// TwentyFourSeven returns the calendar of a desk that never closes: every
// instant is working time, so working time is real elapsed time (24 hours
// after Saturday 12:00 EST before the spring-forward change is Sunday 13:00
// EDT). It panics if loc is nil, as time.Date does.
func TwentyFourSeven(loc *time.Location) *Calendar {
	if loc == nil {
		panic("sla: TwentyFourSeven: nil location")
	}
	c, err := Compile(Spec{Version: SpecVersion, Name: "24x7", Zone: loc.String(), Week: EveryDay(Window{0, EndOfDay})}, loc)
	if err != nil {
		panic("sla: TwentyFourSeven: " + err.Error()) // unreachable: the spec is valid
	}
	return c
}

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Spec returns a copy of the calendar's specification (Version and Zone set).
func (c *Calendar) Spec() Spec { return c.spec.clone() }

// Name returns the spec's name.
func (c *Calendar) Name() string { return c.spec.Name }

// IndexYears returns the years [from, to) whose working intervals are indexed.
func (c *Calendar) IndexYears() (from, to int) { return c.from, c.to }

// split returns t as Unix seconds and nanoseconds, moved into the calendar's
// domain.
func split(t time.Time) (int64, int64) {
	s := t.Unix()
	switch {
	case s < minSec:
		return minSec, 0
	case s >= maxSec:
		return maxSec, 0
	}
	return s, int64(t.Nanosecond())
}

// at returns the instant s s + ns ns in the calendar's location, moved into
// the years the calendar covers.
func (c *Calendar) at(s, ns int64) time.Time {
	switch {
	case s >= maxSec:
		s, ns = maxSec, 0
	case s < minSec:
		s, ns = minSec, 0
	}
	return time.Unix(s, ns).In(c.loc)
}

// blockAt returns the block holding Unix second s: the index, or a block of
// the slow path built for this call.
func (c *Calendar) blockAt(s int64) *block {
	if s >= c.idx.lo && s < c.idx.hi {
		return &c.idx
	}
	var lo int64
	if s >= c.idx.hi {
		lo = c.idx.hi + (s-c.idx.hi)/slowChunk*slowChunk
	} else {
		lo = c.idx.lo - ((c.idx.lo-1-s)/slowChunk+1)*slowChunk
	}
	b := c.m.build(c.loc, lo, lo+slowChunk)
	return &b
}

// blockBefore returns the block holding the instants just before s s + ns ns.
func (c *Calendar) blockBefore(s, ns int64) *block {
	if ns > 0 {
		return c.blockAt(s)
	}
	return c.blockAt(s - 1)
}

// IsWorking reports whether t is working time: inside a window, whose start
// is working time and whose end is not.
func (c *Calendar) IsWorking(t time.Time) bool {
	s, _ := split(t)
	b := c.blockAt(s)
	return b.working(s - b.lo)
}

// NextWorking returns t if t is working time, else the start of the next
// working stretch.
func (c *Calendar) NextWorking(t time.Time) time.Time {
	s, ns := split(t)
	for s < maxSec {
		b := c.blockAt(s)
		if rel, n, ok := b.next(s-b.lo, ns); ok {
			return c.at(b.lo+rel, n)
		}
		s, ns = b.hi, 0
	}
	return c.at(maxSec, 0)
}

// PrevWorking returns the latest instant u at or before t such that the time
// just before u is working time: t itself when t is inside a working stretch
// or at its end, else the end of the last stretch before t. Counting working
// time backwards from t starts there.
func (c *Calendar) PrevWorking(t time.Time) time.Time {
	s, ns := split(t)
	for s > minSec {
		b := c.blockBefore(s, ns)
		if rel, n, ok := b.prev(s-b.lo, ns); ok {
			return c.at(b.lo+rel, n)
		}
		s, ns = b.lo, 0
	}
	return c.at(minSec, 0)
}

// Between returns the working time in [a, b), negative when b is before a. It
// saturates at the largest Duration (about 292 years of working time).
func (c *Calendar) Between(a, b time.Time) time.Duration {
	as, an := split(a)
	bs, bn := split(b)
	return c.betweenSigned(as, an, bs, bn)
}

// betweenSigned is Between on Unix seconds and nanoseconds.
func (c *Calendar) betweenSigned(as, an, bs, bn int64) time.Duration {
	if bs < as || (bs == as && bn < an) {
		return -c.between(bs, bn, as, an)
	}
	return c.between(as, an, bs, bn)
}

func (c *Calendar) between(as, an, bs, bn int64) time.Duration {
	if as >= c.idx.lo && bs < c.idx.hi {
		return time.Duration(c.idx.work(bs-c.idx.lo, bn) - c.idx.work(as-c.idx.lo, an))
	}
	var sum int64
	for as < bs || (as == bs && an < bn) {
		b := c.blockAt(as)
		w0 := b.work(as-b.lo, an)
		if bs < b.hi {
			return satAdd(sum, b.work(bs-b.lo, bn)-w0)
		}
		sum = int64(satAdd(sum, b.totalNs()-w0))
		as, an = b.hi, 0
	}
	return time.Duration(sum)
}

func satAdd(a, b int64) time.Duration {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return time.Duration(a + b)
}

// Add returns the instant at which d of working time has elapsed after t: the
// earliest instant u >= t with Between(t, u) == d. Counting starts at the next
// window when t is outside one, and a result may be the end of a window (17:30,
// not 08:30 the next morning). A negative d counts backwards: the latest
// instant u <= t with Between(u, t) == -d, which may be the start of a window.
// Add(t, 0) is t. The result is in the calendar's location.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	s, ns := split(t)
	return c.at(c.add(s, ns, d))
}

// add is Add on Unix seconds and nanoseconds.
func (c *Calendar) add(s, ns int64, d time.Duration) (int64, int64) {
	switch {
	case d > 0:
		return c.forward(s, ns, int64(d))
	case d < 0:
		r := -int64(d)
		if d == math.MinInt64 {
			r = math.MaxInt64
		}
		return c.backward(s, ns, r)
	}
	return s, ns
}

func (c *Calendar) forward(s, ns, r int64) (int64, int64) {
	for s < maxSec {
		b := c.blockAt(s)
		w0 := b.work(s-b.lo, ns)
		if left := b.totalNs() - w0; r > left {
			r -= left
			s, ns = b.hi, 0
			continue
		}
		rel, n := b.forward(w0 + r)
		return b.lo + rel, n
	}
	return maxSec, 0
}

func (c *Calendar) backward(s, ns, r int64) (int64, int64) {
	for s > minSec {
		b := c.blockBefore(s, ns)
		w0 := b.work(s-b.lo, ns)
		if r > w0 {
			r -= w0
			s, ns = b.lo, 0
			continue
		}
		rel, n := b.backward(w0 - r)
		return b.lo + rel, n
	}
	return minSec, 0
}
