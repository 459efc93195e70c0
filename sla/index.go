package sla

import (
	"sort"
	"time"
)

// The index.
//
// A calendar's working time is laid out in two steps. First on the wall-clock
// line (seconds since 1970-01-01 00:00 as the clock on the wall shows them):
// each day's windows, one day after another, with part-day closures cut out;
// these wall spans are sorted and disjoint because Compile refused overlaps.
// Then on the real time line: the zone's history is a sequence of periods of
// constant UTC offset (between daylight-saving changes); within a period the
// instant t is working exactly when t+offset lies in a wall span. Mapping each
// wall span through each period gives sorted, disjoint real intervals.
//
// A block stores the real intervals of a range [lo, hi) of Unix seconds as
// starts and cumulative working seconds (both relative to lo, in uint32, so a
// block covers less than 136 years): interval i is [start[i], start[i] +
// cum[i+1] - cum[i]). All boundaries are whole seconds because window times
// and zone offsets are. Working time up to an instant and the instant at which
// a given working time is reached are then searches: the interval at an
// instant is found through a table of the first interval of each day (one
// lookup and a search among that day's few intervals), and the interval where
// a working time is reached is guessed from the average working time per
// interval and found by galloping from the guess. A block costs 8 bytes per
// interval and 4 per day: the default 50 years of an office with a lunch
// break take about 280 KB.

// block is a compiled stretch of the real time line.
type block struct {
	lo, hi int64    // Unix seconds covered: [lo, hi)
	start  []uint32 // interval starts, seconds after lo, increasing
	cum    []uint32 // len(start)+1 entries; cum[i] is the working seconds in [lo, lo+start[i])
	// day[k] is the number of intervals that start before lo + k days, so
	// finding the interval at an instant looks at one day's intervals only.
	day []uint32
}

// last returns the index of the last interval starting at or before rel, or -1.
func (b *block) last(rel int64) int {
	k := rel / secondsPerDay
	// The intervals starting at or before rel are the day[k] that start
	// before day k and those of day k (indexes day[k] to day[k+1]) up to rel.
	lo, n := int(b.day[k]), int(b.day[k+1]-b.day[k])
	for n > 0 { // branch-free lower bound of rel+1 in start[lo:lo+n]
		half := n >> 1
		if int64(b.start[lo+half]) <= rel {
			lo += half + 1
			n -= half + 1
		} else {
			n = half
		}
	}
	return lo - 1
}

// index fills b.day from b.start.
func (b *block) index() {
	days := int((b.hi-b.lo)/secondsPerDay) + 2
	b.day = make([]uint32, days+1)
	j := 0
	for k := range b.day {
		for j < len(b.start) && int64(b.start[j]) < int64(k)*secondsPerDay {
			j++
		}
		b.day[k] = uint32(j)
	}
}

func (b *block) end(i int) int64 { return int64(b.start[i]) + int64(b.cum[i+1]-b.cum[i]) }

// totalNs is the block's working time in nanoseconds.
func (b *block) totalNs() int64 { return int64(b.cum[len(b.start)]) * 1e9 }

// work returns the working nanoseconds in [lo, lo+rel s+ns ns), for 0 <= rel <=
// hi-lo.
func (b *block) work(rel, ns int64) int64 {
	i := b.last(rel)
	if i < 0 {
		return 0
	}
	s := int64(b.start[i])
	if rel < b.end(i) {
		return (int64(b.cum[i])+rel-s)*1e9 + ns
	}
	return int64(b.cum[i+1]) * 1e9
}

// forward returns the earliest instant (seconds after lo, nanoseconds) at which
// w nanoseconds of working time have elapsed since lo, for 0 < w <= totalNs.
func (b *block) forward(w int64) (int64, int64) {
	i := b.firstCum(uint64((w+1e9-1)/1e9)) - 1 // the interval whose end reaches w
	pos := int64(b.start[i])*1e9 + w - int64(b.cum[i])*1e9
	return pos / 1e9, pos % 1e9
}

// backward returns the latest instant at which w nanoseconds of working time
// have elapsed since lo, for 0 <= w < totalNs.
func (b *block) backward(w int64) (int64, int64) {
	i := b.firstCum(uint64(w/1e9)+1) - 1 // the last interval starting at or before w
	pos := int64(b.start[i])*1e9 + w - int64(b.cum[i])*1e9
	return pos / 1e9, pos % 1e9
}

// firstCum returns the smallest j with cum[j] >= v, for 0 < v <= cum[n]. It
// guesses j from the block's average working time per interval (working
// weeks are alike, so the guess is close) and gallops from there.
func (b *block) firstCum(v uint64) int {
	n := len(b.cum) - 1
	g := int(v * uint64(n) / uint64(b.cum[n]))
	lo, hi := 0, n // the answer is in [lo, hi]
	if uint64(b.cum[g]) >= v {
		hi = g
		for step := 1; g-step > 0; step <<= 1 {
			if uint64(b.cum[g-step]) < v {
				lo = g - step + 1
				break
			}
			hi = g - step
		}
	} else {
		lo = g + 1
		for step := 1; g+step < n; step <<= 1 {
			if uint64(b.cum[g+step]) >= v {
				hi = g + step
				break
			}
			lo = g + step + 1
		}
	}
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if uint64(b.cum[h]) >= v {
			hi = h
		} else {
			lo = h + 1
		}
	}
	return lo
}

// working reports whether the instant rel s + ns is inside an interval.
func (b *block) working(rel int64) bool {
	i := b.last(rel)
	return i >= 0 && rel < b.end(i)
}

// next returns the first working instant at or after rel s + ns ns.
func (b *block) next(rel, ns int64) (int64, int64, bool) {
	i := b.last(rel)
	if i >= 0 && rel < b.end(i) {
		return rel, ns, true
	}
	if i+1 < len(b.start) {
		return int64(b.start[i+1]), 0, true
	}
	return 0, 0, false
}

// prev returns the latest instant u at or before rel s + ns ns such that the
// time just before u is working.
func (b *block) prev(rel, ns int64) (int64, int64, bool) {
	i := b.last(rel)
	if i >= 0 && int64(b.start[i]) == rel && ns == 0 {
		i--
	}
	if i < 0 {
		return 0, 0, false
	}
	if e := b.end(i); rel >= e && (rel != e || ns != 0) {
		return e, 0, true
	}
	return rel, ns, true
}

// wallSpans lays out the working wall spans of days n0 to n1 (inclusive) on
// the wall-clock line, part-day closures cut out.
func (m *model) wallSpans(n0, n1 int64) []wspan {
	out := make([]wspan, 0, int64(m.perWeek)*((n1-n0)/7+1)+int64(2*len(m.days))+8)
	for n := n0; n <= n1; n++ {
		base := n * secondsPerDay
		for _, w := range m.windowsOf(n) {
			s, e := base+w.s, base+w.e
			if k := len(out); k > 0 && out[k-1].e >= s {
				out[k-1].e = max(out[k-1].e, e)
				continue
			}
			out = append(out, wspan{s, e})
		}
	}
	if len(m.cuts) == 0 || len(out) == 0 {
		return out
	}
	// Subtract the closures (sorted, disjoint) from the spans (sorted, disjoint).
	res := out[:0:0]
	j := sort.Search(len(m.cuts), func(j int) bool { return m.cuts[j].e > out[0].s })
	for _, sp := range out {
		for j < len(m.cuts) && m.cuts[j].e <= sp.s {
			j++
		}
		s := sp.s
		for k := j; k < len(m.cuts) && m.cuts[k].s < sp.e; k++ {
			if m.cuts[k].s > s {
				res = append(res, wspan{s, m.cuts[k].s})
			}
			s = max(s, m.cuts[k].e)
		}
		if s < sp.e {
			res = append(res, wspan{s, sp.e})
		}
	}
	return res
}

// zonePeriod returns the UTC offset in effect at Unix second t and the end of
// its period (math.MaxInt64 when the offset never changes again). An end may
// come early (the offset after it being the same); it is never late.
func zonePeriod(loc *time.Location, t int64) (off, end int64) {
	tm := time.Unix(t, 0).In(loc)
	_, o := tm.Zone()
	_, e := tm.ZoneBounds()
	end = maxInt64
	if !e.IsZero() {
		end = e.Unix()
	}
	if end > t {
		return int64(o), end
	}
	// Go's ZoneBounds can report a period ending at or before t: seen on the
	// last day of leap years after 2037, where zones run on their TZ rule.
	// Find the next change of offset day by day, then to the second.
	const day = secondsPerDay
	hi := t + day
	for ; offsetAt(loc, hi) == o; hi += day {
		if hi-t >= 7*day {
			return int64(o), hi // no change for a week: end the period here
		}
	}
	lo := hi - day // offset o at lo, another at hi
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if offsetAt(loc, mid) == o {
			lo = mid
		} else {
			hi = mid
		}
	}
	return int64(o), hi
}

func offsetAt(loc *time.Location, t int64) int {
	_, o := time.Unix(t, 0).In(loc).Zone()
	return o
}

const maxInt64 = 1<<63 - 1

// build lays out the real working intervals of [lo, hi) (hi-lo < 2^32).
func (m *model) build(loc *time.Location, lo, hi int64) block {
	// Offsets stay within ±26 h and a window ends within 48 h of its day's
	// start, so the days from three before to three after cover [lo, hi).
	ws := m.wallSpans(floorDiv(lo, secondsPerDay)-3, floorDiv(hi, secondsPerDay)+3)
	b := block{lo: lo, hi: hi, start: make([]uint32, 0, len(ws)+2), cum: make([]uint32, 1, len(ws)+3)}
	var total int64
	lastEnd := int64(-1)
	for t := lo; t < hi; {
		off, end := zonePeriod(loc, t)
		end = min(end, hi)
		i := sort.Search(len(ws), func(i int) bool { return ws[i].e-off > t })
		for ; i < len(ws) && ws[i].s-off < end; i++ {
			s, e := max(ws[i].s-off, t)-lo, min(ws[i].e-off, end)-lo
			if s >= e {
				continue
			}
			if s == lastEnd { // continues the previous interval across a zone change
				total += e - s
				b.cum[len(b.cum)-1] = uint32(total)
			} else {
				b.start = append(b.start, uint32(s))
				total += e - s
				b.cum = append(b.cum, uint32(total))
			}
			lastEnd = e
		}
		t = end
	}
	b.start = b.start[:len(b.start):len(b.start)]
	b.cum = b.cum[:len(b.cum):len(b.cum)]
	b.index()
	return b
}
