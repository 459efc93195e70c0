package sla

import (
	"math"
	"time"
)

// Calendar arithmetic on instants (nanoseconds since 1970 UTC), for the
// clocks' folds and statuses: the same results as [Calendar.Between] and
// [Calendar.Add] on the instants' times, without building a time.Time for
// each call (the calendar's index is kept in Unix seconds).

// splitInstant returns i as Unix seconds and nanoseconds, as [split] does for
// i.t(): instants lie between 1970 and 2262, inside the calendar's years, and
// none (0), the zero time, is clamped to the first year.
func splitInstant(i instant) (int64, int64) {
	if i <= 0 {
		return minSec, 0
	}
	return int64(i) / 1e9, int64(i) % 1e9
}

// betweenInstants is Between(a.t(), b.t()).
func (c *Calendar) betweenInstants(a, b instant) time.Duration {
	if c.m.always && a > 0 && b > 0 {
		return time.Duration(b - a)
	}
	as, an := splitInstant(a)
	bs, bn := splitInstant(b)
	return c.betweenSigned(as, an, bs, bn)
}

// addInstant is instantOf(Add(t.t(), d)).
func (c *Calendar) addInstant(t instant, d time.Duration) instant {
	if c.m.always && t > 0 {
		// Working time is elapsed time, up to the end of the instants.
		const last = (math.MaxInt64/1_000_000_000 - 1) * 1_000_000_000
		if d > 0 && int64(d) > math.MaxInt64-int64(t) {
			return math.MaxInt64
		}
		switch u := int64(t) + int64(d); {
		case u >= last:
			return math.MaxInt64
		case u < 0:
			return 0
		default:
			return instant(u)
		}
	}
	s, ns := splitInstant(t)
	s, ns = c.add(s, ns, d)
	switch {
	case s >= math.MaxInt64/1_000_000_000-1:
		return math.MaxInt64
	case s < 0:
		return 0
	}
	return instant(s*1e9 + ns)
}
