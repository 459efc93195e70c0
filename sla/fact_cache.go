package sla

import "github.com/servq/servq/quality"

// maxCachedFacts bounds the facts a fold compares between consecutive events
// through a factCache; clocks whose targets read more compare by map lookups.
const maxCachedFacts = 16

// factCache keeps, during a fold, the values the targets' rules read of the
// event being applied and of the one before, so that deciding whether a
// clock's target can have changed looks each fact up once per event rather
// than once per clock and event, twice (see [clock.sameTargets]). Facts are
// numbered by [Clocks.numberTargetFacts]; a value is looked up the first time
// a clock asks for it.
type factCache struct {
	names []string // the numbered facts
	// The values of the present event are vals[cur], of the previous one
	// vals[1-cur]; has and loaded likewise.
	vals   [2][maxCachedFacts]any
	has    [2]uint32 // bit i: fact i is present in the event's facts
	loaded [2]uint32 // bit i: vals[…][i] and has's bit i were looked up
	cur    int
}

// next moves the cache on to the next event: the present one becomes the
// previous.
func (fc *factCache) next() {
	fc.cur ^= 1
	fc.loaded[fc.cur] = 0
}

// load returns fact i of the event at side k (cur or 1-cur) of the cache,
// whose facts are m, and whether it is present.
func (fc *factCache) load(k, i int, m quality.Facts) (any, bool) {
	bit := uint32(1) << i
	if fc.loaded[k]&bit == 0 {
		v, ok := m[fc.names[i]]
		fc.vals[k][i] = v
		fc.loaded[k] |= bit
		if ok {
			fc.has[k] |= bit
		} else {
			fc.has[k] &^= bit
		}
	}
	return fc.vals[k][i], fc.has[k]&bit != 0
}

// same reports whether the facts numbered slots have equal values in prev
// (the previous event's facts) and cur (the present event's), and are present
// in both, like [sameFacts].
func (fc *factCache) same(slots []uint8, prev, cur quality.Facts) bool {
	for _, i := range slots {
		x, okX := fc.load(1-fc.cur, int(i), prev)
		y, okY := fc.load(fc.cur, int(i), cur)
		if !okX || !okY || !sameValue(x, y) {
			return false
		}
	}
	return true
}

// numberTargetFacts numbers the facts read by the targets of the clocks
// that compare them between events, and gives each such clock the numbers
// of its own; with more than maxCachedFacts in all, the clocks compare by
// map lookups.
func (cs *Clocks) numberTargetFacts() {
	index := map[string]int{}
	for _, c := range cs.clocks {
		if !c.sameTargets {
			continue
		}
		for _, n := range c.targetFacts {
			if _, ok := index[n]; !ok {
				index[n] = len(cs.targetFacts)
				cs.targetFacts = append(cs.targetFacts, n)
			}
		}
	}
	if len(cs.targetFacts) > maxCachedFacts {
		cs.targetFacts = nil
		return
	}
	for _, c := range cs.clocks {
		if !c.sameTargets {
			continue
		}
		c.targetSlots = make([]uint8, len(c.targetFacts))
		for j, n := range c.targetFacts {
			c.targetSlots[j] = uint8(index[n])
		}
	}
}
