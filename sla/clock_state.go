package sla

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"
)

// State is the clocks of one work order after the events folded so far: a
// value that a host stores with the order (it encodes to JSON exactly, with
// a "version" field) and gives back to [Clocks.Fold] with the next events.
//
// The zero State is the state of an order before its first event. A State is
// immutable: Fold returns a new State and never changes the one it is given,
// so a host may keep several states of one order (before and after a batch
// of events) and fold from either.
type State struct {
	last   instant      // the last applied event; 0 before the first
	seen   []string     // ids of the applied events, in the order applied
	clocks []clockState // one per clock, in the order of the Clocks that folded it
	// by are the Clocks whose Fold made the state, which fits them; nil
	// for the zero State and a decoded one, which are checked when used.
	by *Clocks
}

// instant is a point in time as nanoseconds since 1970-01-01 UTC, without
// a location (so that cycles hold no location pointers and copy cheaply); 0
// means none. Events lie after 1970 and before 2200 (minEventTime, maxEventTime).
type instant int64

// The instants events may have: after 1970 and before 2200. Due instants
// and thresholds computed from them stay within int64 nanoseconds (2262).
var (
	minEventTime = time.Unix(0, 1).UTC()
	maxEventTime = time.Date(2200, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// maxSpan bounds budgets and warning thresholds, so that due instants stay
// representable: 50 years.
const maxSpan = 50 * 365 * 24 * time.Hour

func instantOf(t time.Time) instant {
	switch {
	case t.IsZero():
		return 0
	case t.Unix() >= math.MaxInt64/1_000_000_000-1:
		return math.MaxInt64
	case t.Unix() < 0:
		return 0
	}
	return instant(t.UnixNano())
}

// t returns the instant as a time in UTC (the zero time for none).
func (i instant) t() time.Time {
	if i == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(i)).UTC()
}

// in returns the instant in loc (the zero time for none).
func (i instant) in(loc *time.Location) time.Time {
	if i == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(i)).In(loc)
}

// notBefore refuses an instant before the state's last event.
func (s State) notBefore(now time.Time) error {
	if s.last != 0 && instantOf(now) < s.last {
		return errorf("%w: %s is before %s", ErrStatusBeforeState, now.UTC().Format(time.RFC3339Nano), s.last.t().Format(time.RFC3339Nano))
	}
	return nil
}

// clockState is one clock's history in an order.
type clockState struct {
	name   string
	cycles []cycle
}

// cycle is one run of a clock from a start (or reset) to its end.
type cycle struct {
	start   instant
	end     instant  // 0 while open
	phase   Phase    // Running or Paused while open; Stopped, Cancelled or Reset once ended
	spans   []span   // the running and paused stretches, in order; spans[0].at == start
	changes []change // the targets in force, in order; changes[0] is the original target
	cur     track    // the current target
	orig    track    // the original target (equal to cur until a target change)
}

// span is a stretch of a cycle during which the clock ran or was paused; it
// lasts until the next span, the cycle's end, or the present.
type span struct {
	at     instant
	paused bool
	by     string // the pause condition's name when paused
}

// change records a target coming into force.
type change struct {
	at     instant
	target string
	due    instant // the due instant at that moment (0 when paused)
}

// track follows the elapsed working time of a cycle against one target on
// that target's calendar.
type track struct {
	target  int           // index into the clock's targets
	budget  time.Duration // working time allowed
	elapsed time.Duration // working time counted up to mark
	mark    instant       // the instant elapsed was brought up to date
	due     instant       // the last on-time instant; 0 while a Within target is paused
	// breachedAt is the due instant that a closed stretch passed: the clock is
	// late at every instant after it. 0 while not known to be breached.
	breachedAt instant
	// notBefore is the target's not-before instant: a cycle stopped before
	// it is early. 0 when the target has none.
	notBefore instant
}

// Phase is where a clock or one of its cycles stands.
type Phase uint8

const (
	PhaseInvalid Phase = iota // not a phase; the zero value
	NotStarted                // no cycle has started
	Running                   // the cycle counts working time
	Paused                    // the cycle is paused by a Pause condition
	Stopped                   // the cycle ended by a Stop condition: met or missed
	Cancelled                 // the cycle ended by a Cancel condition, without a verdict
	Reset                     // the cycle ended by a Reset condition; a new cycle followed
)

var phaseNames = [...]string{
	NotStarted: "not_started",
	Running:    "running",
	Paused:     "paused",
	Stopped:    "stopped",
	Cancelled:  "cancelled",
	Reset:      "reset",
}

// String returns the phase's name, such as "running", or "invalid".
func (p Phase) String() string {
	if p == PhaseInvalid || int(p) >= len(phaseNames) {
		return "invalid"
	}
	return phaseNames[p]
}

// Open reports whether the phase is that of an open cycle (running or paused).
func (p Phase) Open() bool { return p == Running || p == Paused }

func parsePhase(s string) (Phase, error) {
	for i, n := range phaseNames {
		if n != "" && n == s {
			return Phase(i), nil
		}
	}
	return PhaseInvalid, fmt.Errorf("%w: unknown phase %q", ErrInvalidState, s)
}

// LastEvent returns the instant of the last event applied (UTC), or the
// zero time before the first.
func (s State) LastEvent() time.Time { return s.last.t() }

// Events returns how many distinct events were applied.
func (s State) Events() int { return len(s.seen) }

// Seen reports whether an event with this id was applied (a repeat of it
// is ignored by [Clocks.Fold]).
func (s State) Seen(id string) bool {
	return slices.Contains(s.seen, id)
}

// IsZero reports whether s is the state of an order with no events.
func (s State) IsZero() bool {
	return s.last == 0 && len(s.seen) == 0 && len(s.clocks) == 0
}

// open returns the clock's open cycle, or nil.
func (c *clockState) open() *cycle {
	if n := len(c.cycles); n > 0 && c.cycles[n-1].phase.Open() {
		return &c.cycles[n-1]
	}
	return nil
}

// seenSet answers whether an event id was applied, for a fold of n events:
// the state's ids by a scan (no allocation, and cheaper than a map for the
// usual few dozen events), the fold's own in a small hash table by their
// fingerprints ([idKey]); a map built once when there are many of both.
// The ids themselves (the state's, then the fold's) are kept by the
// caller, which passes them to each method.
type seenSet struct {
	prior int     // how many of the ids are the state's
	table []int32 // the fold's ids by fingerprint: 1 + index in the ids, 0 for none; a power of two in length
	shift uint    // a fingerprint's slot in table is key >> shift
	m     map[string]struct{}
}

// newSeenSet returns the set of ids, for a fold of n more; buf is storage
// for the table (a fold of up to len(buf)/2 events needs no allocation).
func newSeenSet(ids []string, n int, buf []int32) seenSet {
	set := seenSet{prior: len(ids)}
	if len(ids)*n > 4096 {
		set.m = make(map[string]struct{}, len(ids)+n)
		for _, id := range ids {
			set.m[id] = struct{}{}
		}
		return set
	}
	size, shift := 2, uint(63)
	for size < 2*n {
		size, shift = size*2, shift-1
	}
	if size <= len(buf) {
		set.table = buf[:size]
		clear(set.table)
	} else {
		set.table = make([]int32, size)
	}
	set.shift = shift
	return set
}

// has reports whether id (with fingerprint key) is among ids.
func (s *seenSet) has(ids []string, key uint64, id string) bool {
	if s.m != nil {
		_, ok := s.m[id]
		return ok
	}
	if n := len(id); n > 0 {
		// Ids of one order tend to differ at their end (a sequence
		// number, a random id): compare the last byte before the rest.
		for _, p := range ids[:s.prior] {
			if len(p) == n && p[n-1] == id[n-1] && p == id {
				return true
			}
		}
	}
	mask := uint64(len(s.table) - 1)
	for j := key >> s.shift; ; j = (j + 1) & mask {
		k := s.table[j]
		if k == 0 {
			return false
		}
		if ids[k-1] == id {
			return true
		}
	}
}

// add records that the last of ids, with fingerprint key, was applied.
func (s *seenSet) add(ids []string, key uint64) {
	if s.m != nil {
		s.m[ids[len(ids)-1]] = struct{}{}
		return
	}
	mask := uint64(len(s.table) - 1)
	j := key >> s.shift
	for s.table[j] != 0 {
		j = (j + 1) & mask
	}
	s.table[j] = int32(len(ids))
}

// idKey is a fingerprint of an event id, cheap whatever the id's length:
// its length and its first and last eight bytes, mixed. Ids that differ in
// length, at the start or at the end (a sequence number, a random id) get
// different keys; equal keys are confirmed by comparing the ids.
func idKey(id string) uint64 {
	n := len(id)
	var a, b uint64
	if n >= 8 {
		a, b = load64(id[:8]), load64(id[n-8:])
	} else {
		for i := 0; i < n; i++ {
			a |= uint64(id[i]) << (8 * i)
		}
	}
	return (a ^ bits.RotateLeft64(b, 31) ^ uint64(n)<<56) * 0x9e3779b97f4a7c15
}

// load64 reads the first eight bytes of s, little-endian.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
