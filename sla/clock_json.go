package sla

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"time"
)

// StateVersion is the version of the JSON form of a [State].
//
// A track's "not_before" (a target's not-before instant) came later within
// version 1: it is written only when the target has one, and an absent field
// means none, which is exactly how states written before it behave. Such
// states therefore decode unchanged, and the states of clocks without
// not-before rules encode to the same bytes as before. A decoder that
// predates the field refuses a state that has one (unknown field) instead of
// silently dropping an early arrival.
const StateVersion = 1

// The JSON form of a State. Instants are RFC 3339 strings in UTC with
// nanoseconds ("" for none); durations are integers of nanoseconds, so that
// the round trip is exact.
type stateJSON struct {
	Version int         `json:"version"`
	Last    string      `json:"last"`
	Seen    []string    `json:"seen"`
	Clocks  []clockJSON `json:"clocks"`
}

type clockJSON struct {
	Name   string      `json:"name"`
	Cycles []cycleJSON `json:"cycles"`
}

type cycleJSON struct {
	Start    string       `json:"start"`
	End      string       `json:"end"`
	Phase    string       `json:"phase"`
	Spans    []spanJSON   `json:"spans"`
	Targets  []changeJSON `json:"targets"`
	Current  trackJSON    `json:"current"`
	Original trackJSON    `json:"original"`
}

type spanJSON struct {
	At     string `json:"at"`
	Paused bool   `json:"paused,omitempty"`
	By     string `json:"by,omitempty"`
}

type changeJSON struct {
	At     string `json:"at"`
	Target string `json:"target"`
	Due    string `json:"due"`
}

type trackJSON struct {
	Target     int    `json:"target"` // index of the target in the clock's definition
	BudgetNs   int64  `json:"budget_ns"`
	ElapsedNs  int64  `json:"elapsed_ns"`
	Mark       string `json:"mark"`
	Due        string `json:"due"`
	BreachedAt string `json:"breached_at"`
	// NotBefore is absent when the target has no not-before instant, so a
	// state written before not_before existed decodes unchanged, and a state
	// without one encodes as it did then (see [StateVersion]).
	NotBefore string `json:"not_before,omitempty"`
}

func fmtTime(i instant) string {
	if i == 0 {
		return ""
	}
	return i.t().Format(time.RFC3339Nano)
}

// MarshalJSON encodes the state with its version. The encoding is
// deterministic: the same state always gives the same bytes.
func (s State) MarshalJSON() ([]byte, error) {
	w := stateJSON{Version: StateVersion, Last: fmtTime(s.last), Seen: s.seen, Clocks: make([]clockJSON, len(s.clocks))}
	if w.Seen == nil {
		w.Seen = []string{}
	}
	for i, c := range s.clocks {
		cj := clockJSON{Name: c.name, Cycles: make([]cycleJSON, len(c.cycles))}
		for j, cy := range c.cycles {
			yj := cycleJSON{
				Start: fmtTime(cy.start), End: fmtTime(cy.end), Phase: cy.phase.String(),
				Spans:    make([]spanJSON, len(cy.spans)),
				Targets:  make([]changeJSON, len(cy.changes)),
				Current:  trackToJSON(cy.cur),
				Original: trackToJSON(cy.orig),
			}
			for k, sp := range cy.spans {
				yj.Spans[k] = spanJSON{At: fmtTime(sp.at), Paused: sp.paused, By: sp.by}
			}
			for k, ch := range cy.changes {
				yj.Targets[k] = changeJSON{At: fmtTime(ch.at), Target: ch.target, Due: fmtTime(ch.due)}
			}
			cj.Cycles[j] = yj
		}
		w.Clocks[i] = cj
	}
	return json.Marshal(w)
}

func trackToJSON(t track) trackJSON {
	return trackJSON{Target: t.target, BudgetNs: int64(t.budget), ElapsedNs: int64(t.elapsed),
		Mark: fmtTime(t.mark), Due: fmtTime(t.due), BreachedAt: fmtTime(t.breachedAt), NotBefore: fmtTime(t.notBefore)}
}

// UnmarshalJSON decodes a state encoded by [State.MarshalJSON]. It refuses
// unknown fields, another version, and a state that is not self-consistent
// (unsorted or repeated event ids, cycles out of order, an open cycle that is
// not the last); errors wrap [ErrInvalidState]. Whether the state fits the
// clock definitions is checked when it is used ([ErrStateMismatch]).
func (s *State) UnmarshalJSON(b []byte) error {
	var w stateJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return errorf("%w: %v", ErrInvalidState, err)
	}
	if w.Version != StateVersion {
		return errorf("%w: version %d, want %d", ErrInvalidState, w.Version, StateVersion)
	}
	d := stateDecoder{}
	out := State{last: d.time("last", w.Last)}
	if len(w.Seen) > 0 {
		out.seen = slices.Clone(w.Seen)
	}
	ids := make(map[string]bool, len(out.seen))
	for _, id := range out.seen {
		if ids[id] || id == "" {
			return errorf("%w: event id %q empty or repeated", ErrInvalidState, id)
		}
		ids[id] = true
	}
	if len(w.Clocks) > 0 {
		out.clocks = make([]clockState, len(w.Clocks))
	}
	for i, cj := range w.Clocks {
		c := &out.clocks[i]
		c.name = cj.Name
		if cj.Name == "" {
			d.fail("clock %d has no name", i)
		}
		if len(cj.Cycles) > 0 {
			c.cycles = make([]cycle, len(cj.Cycles))
		}
		for j, yj := range cj.Cycles {
			c.cycles[j] = d.cycle(yj, j == len(cj.Cycles)-1)
			if j > 0 && c.cycles[j].start < c.cycles[j-1].end {
				d.fail("clock %q: cycle %d starts before cycle %d ends", cj.Name, j+1, j)
			}
		}
	}
	if d.err != nil {
		return d.err
	}
	*s = out
	return nil
}

// stateDecoder collects the first error of a decode.
type stateDecoder struct{ err error }

func (d *stateDecoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = errorf("%w: "+format, append([]any{ErrInvalidState}, args...)...)
	}
}

// maxStateTime is the last instant a state can hold (int64 nanoseconds).
var maxStateTime = time.Unix(0, math.MaxInt64).UTC()

func (d *stateDecoder) time(field, s string) instant {
	if s == "" {
		return 0
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		d.fail("%s: %v", field, err)
		return 0
	}
	if !t.After(minEventTime.Add(-1)) || t.After(maxStateTime) {
		d.fail("%s: %s outside 1970 to 2262", field, s)
		return 0
	}
	return instantOf(t)
}

func (d *stateDecoder) cycle(yj cycleJSON, last bool) cycle {
	cy := cycle{start: d.time("start", yj.Start), end: d.time("end", yj.End)}
	p, err := parsePhase(yj.Phase)
	if err != nil && d.err == nil {
		d.err = err
	}
	cy.phase = p
	switch {
	case cy.start == 0:
		d.fail("cycle without a start")
	case p == NotStarted:
		d.fail("a cycle cannot be %q", yj.Phase)
	case p.Open() && !last:
		d.fail("an open cycle that is not the last")
	case p.Open() != (cy.end == 0):
		d.fail("cycle phase %q with end %q", yj.Phase, yj.End)
	case len(yj.Spans) == 0 || len(yj.Targets) == 0:
		d.fail("cycle without spans or targets")
	}
	cy.spans = make([]span, len(yj.Spans))
	for k, sj := range yj.Spans {
		cy.spans[k] = span{at: d.time("span", sj.At), paused: sj.Paused, by: sj.By}
		if k == 0 && cy.spans[0].at != cy.start {
			d.fail("first span does not begin at the cycle's start")
		}
		if k > 0 && cy.spans[k].at < cy.spans[k-1].at {
			d.fail("spans out of order")
		}
	}
	if n := len(cy.spans); n > 0 && p.Open() && cy.spans[n-1].paused != (p == Paused) {
		d.fail("phase %q does not match the last span", yj.Phase)
	}
	cy.changes = make([]change, len(yj.Targets))
	for k, cj := range yj.Targets {
		cy.changes[k] = change{at: d.time("target", cj.At), target: cj.Target, due: d.time("due", cj.Due)}
	}
	cy.cur = d.track(yj.Current)
	cy.orig = d.track(yj.Original)
	return cy
}

func (d *stateDecoder) track(tj trackJSON) track {
	if tj.Target < 0 {
		d.fail("negative target index %d", tj.Target)
	}
	return track{target: tj.Target, budget: time.Duration(tj.BudgetNs), elapsed: time.Duration(tj.ElapsedNs),
		mark: d.time("mark", tj.Mark), due: d.time("due", tj.Due), breachedAt: d.time("breached_at", tj.BreachedAt),
		notBefore: d.time("not_before", tj.NotBefore)}
}
