package survey

import (
	"encoding/json"
	"fmt"
	"slices"
)

// AggregateVersion is the "version" written into an [Aggregate]'s JSON and
// the only one decoded.
const AggregateVersion = 1

// Aggregate holds the tallies of many groups on one scale. It is the state a
// host keeps while answers arrive: add each order's answer to the groups it
// belongs to (its technician-day, its county-month, ...), merge the
// aggregates of shards or days, persist it as JSON, and ask it for metrics.
//
// Merging is exact: aggregates built from disjoint sets of orders, merged in
// any order or grouping, equal the aggregate built in one pass, because a
// tally holds counts and merging adds them. An Aggregate is not safe for
// concurrent mutation; give each goroutine its own and merge them. The zero
// Aggregate has no scale and is not usable: make one with [NewAggregate] (or
// decode one from JSON).
type Aggregate struct {
	scale  *Scale
	groups map[Group]*Tally
}

// NewAggregate returns an empty aggregate on scale s.
func NewAggregate(s *Scale) *Aggregate {
	return &Aggregate{scale: s, groups: map[Group]*Tally{}}
}

// Scale returns the aggregate's scale.
func (a *Aggregate) Scale() *Scale { return a.scale }

// Add counts one order with answer ans in group g. ans must come from the
// aggregate's scale (or be the zero Answer, not rated); a point the scale does
// not have is refused with [ErrAnswer].
func (a *Aggregate) Add(g Group, ans Answer) error {
	if i, ok := ans.Point(); ok && i >= a.scale.Len() {
		return fmt.Errorf("%w: point #%d on %q, which has %d points", ErrAnswer, i, a.scale.Name(), a.scale.Len())
	}
	t := a.groups[g]
	if t == nil {
		t = new(Tally)
		a.groups[g] = t
	}
	t.Add(ans)
	return nil
}

// AddReply parses a reply on the aggregate's scale and adds it to group g.
func (a *Aggregate) AddReply(g Group, reply string) {
	_ = a.Add(g, a.scale.Parse(reply)) // a parsed answer is always on the scale
}

// AddTally adds a tally of orders disjoint from those already counted to
// group g. Negative counts, points the scale lacks and overflow are errors.
func (a *Aggregate) AddTally(g Group, t Tally) error {
	if !t.valid(a.scale.Len()) {
		return fmt.Errorf("%w: tally for %q has negative counts or points beyond the scale's %d", ErrAnswer, g, a.scale.Len())
	}
	if t.IsZero() {
		return nil
	}
	old := a.groups[g]
	if old == nil {
		a.groups[g] = &t
		return nil
	}
	m, ok := old.merge(t)
	if !ok {
		return fmt.Errorf("survey: group %q: merged counts overflow int64", g)
	}
	*old = m
	return nil
}

// Merge adds o's tallies to a. The two must count disjoint sets of orders
// (two shards, two days) and have equal scales ([ErrScaleMismatch]
// otherwise). On error a is unchanged.
func (a *Aggregate) Merge(o *Aggregate) error {
	if !a.scale.Equal(o.scale) {
		return fmt.Errorf("%w: cannot merge %q into %q", ErrScaleMismatch, o.scale.Name(), a.scale.Name())
	}
	// Check every sum first, so that a failed merge leaves a unchanged.
	for g, t := range o.groups {
		if old := a.groups[g]; old != nil {
			if !old.canAdd(t) {
				return fmt.Errorf("survey: group %q: merged counts overflow int64", g)
			}
		}
	}
	for g, t := range o.groups {
		if old := a.groups[g]; old != nil {
			old.add(t)
		} else {
			c := *t
			a.groups[g] = &c
		}
	}
	return nil
}

// Len returns the number of groups.
func (a *Aggregate) Len() int { return len(a.groups) }

// Groups returns the groups, sorted by [Group.Compare].
func (a *Aggregate) Groups() []Group {
	out := make([]Group, 0, len(a.groups))
	for g := range a.groups {
		out = append(out, g)
	}
	slices.SortFunc(out, Group.Compare)
	return out
}

// Tally returns group g's tally (zero if the group has none).
func (a *Aggregate) Tally(g Group) Tally {
	if t := a.groups[g]; t != nil {
		return *t
	}
	return Tally{}
}

// Rollup returns a new aggregate whose groups are a's groups projected on
// names ([Group.Project]), with the tallies of groups that project to the same
// group merged. Rolling technician-day groups up on "station", "period" gives
// station-months. Only roll up groups that count disjoint orders: if a holds
// both {technician, day} and {county, day} groups for the same orders,
// project a copy holding only one of the two groupings.
func (a *Aggregate) Rollup(names ...string) (*Aggregate, error) {
	out := NewAggregate(a.scale)
	for _, g := range a.Groups() {
		if err := out.AddTally(g.Project(names...), *a.groups[g]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Filter returns a new aggregate with the groups for which keep returns true.
// The groups are passed in sorted order.
func (a *Aggregate) Filter(keep func(Group) bool) *Aggregate {
	out := NewAggregate(a.scale)
	for _, g := range a.Groups() {
		if keep(g) {
			t := *a.groups[g]
			out.groups[g] = &t
		}
	}
	return out
}

// Clone returns an independent copy.
func (a *Aggregate) Clone() *Aggregate { return a.Filter(func(Group) bool { return true }) }

// Equal reports whether two aggregates have equal scales and the same groups
// with the same tallies.
func (a *Aggregate) Equal(o *Aggregate) bool {
	if !a.scale.Equal(o.scale) || len(a.groups) != len(o.groups) {
		return false
	}
	for g, t := range a.groups {
		u := o.groups[g]
		if u == nil || *u != *t {
			return false
		}
	}
	return true
}

type aggregateJSON struct {
	Version *int        `json:"version"`
	Scale   *Scale      `json:"scale"`
	Groups  []tallyJSON `json:"groups"`
}

type tallyJSON struct {
	Group        Group   `json:"group"`
	NotRated     int64   `json:"not_rated"`
	Blank        int64   `json:"blank"`
	Unrecognized int64   `json:"unrecognized"`
	Points       []int64 `json:"points"` // one count per point, in ScaleSpec.Points order
}

// MarshalJSON encodes the aggregate as
//
//	{"version":1,"scale":{...},"groups":[{"group":"technician=T017","not_rated":3,"blank":0,"unrecognized":1,"points":[0,0,...,12]}]}
//
// with groups sorted and one count per point of the scale, so that equal
// aggregates encode to equal bytes.
func (a *Aggregate) MarshalJSON() ([]byte, error) {
	v := AggregateVersion
	w := aggregateJSON{Version: &v, Scale: a.scale, Groups: make([]tallyJSON, 0, len(a.groups))}
	for _, g := range a.Groups() {
		t := a.groups[g]
		w.Groups = append(w.Groups, tallyJSON{
			Group: g, NotRated: t.NotRated, Blank: t.Blank, Unrecognized: t.Unrecognized,
			Points: slices.Clone(t.Points[:a.scale.Len()]),
		})
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes what MarshalJSON writes. It refuses a missing or
// unknown version ([ErrVersion]), unknown fields, a group listed twice,
// negative counts and a points list whose length is not the scale's
// ([ErrInvalidJSON]). Groups with no orders are dropped.
func (a *Aggregate) UnmarshalJSON(data []byte) error {
	var w aggregateJSON
	if err := decodeStrict(data, &w); err != nil {
		return fmt.Errorf("%w: aggregate: %w", ErrInvalidJSON, err)
	}
	if w.Version == nil || *w.Version != AggregateVersion {
		return fmt.Errorf("%w: aggregate version %s (want %d)", ErrVersion, versionText(w.Version), AggregateVersion)
	}
	if w.Scale == nil {
		return fmt.Errorf("%w: aggregate without a scale", ErrInvalidJSON)
	}
	out := NewAggregate(w.Scale)
	seen := map[Group]bool{}
	for _, gj := range w.Groups {
		if seen[gj.Group] {
			return fmt.Errorf("%w: group %q listed twice", ErrInvalidJSON, gj.Group)
		}
		seen[gj.Group] = true
		if len(gj.Points) != w.Scale.Len() {
			return fmt.Errorf("%w: group %q has %d point counts; scale %q has %d points", ErrInvalidJSON, gj.Group, len(gj.Points), w.Scale.Name(), w.Scale.Len())
		}
		t := Tally{NotRated: gj.NotRated, Blank: gj.Blank, Unrecognized: gj.Unrecognized}
		copy(t.Points[:], gj.Points)
		if !t.valid(w.Scale.Len()) {
			return fmt.Errorf("%w: group %q has a negative count", ErrInvalidJSON, gj.Group)
		}
		if err := out.AddTally(gj.Group, t); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidJSON, err)
		}
	}
	*a = *out
	return nil
}

func versionText(v *int) string {
	if v == nil {
		return "missing"
	}
	return fmt.Sprint(*v)
}
