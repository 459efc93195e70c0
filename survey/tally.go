package survey

// Tally counts one group's eligible orders by outcome: how many were not
// rated, how many replies were blank or unrecognized, and how many answers
// fell on each point of the scale (Points[i] for point i, in ScaleSpec.Points
// order; entries past the scale's length stay zero).
//
// A Tally holds counts, not rates, so tallies of disjoint sets of orders add
// up exactly: merging the shards of a month gives the month, in any order.
// Every rate is derived from the counts by the scale's classification (see
// [Aggregate.Metrics]). The zero Tally is empty.
type Tally struct {
	NotRated     int64
	Blank        int64
	Unrecognized int64
	Points       [MaxPoints]int64
}

// Add counts one order with answer a.
func (t *Tally) Add(a Answer) {
	switch a.code {
	case codeNotRated:
		t.NotRated++
	case codeBlank:
		t.Blank++
	case codeUnrecognized:
		t.Unrecognized++
	default:
		t.Points[a.code-codePoint]++
	}
}

// Merge returns the tally of the union of two disjoint sets of orders: the
// sums of the counts. It panics if a sum overflows int64 (no count of orders
// comes near); [Aggregate.Merge] reports that as an error instead.
func (t Tally) Merge(o Tally) Tally {
	m, ok := t.merge(o)
	if !ok {
		panic("survey: Tally.Merge overflows int64")
	}
	return m
}

func (t Tally) merge(o Tally) (Tally, bool) {
	if !t.canAdd(&o) {
		return t, false
	}
	t.add(&o)
	return t, true
}

// canAdd reports whether t.add(o) stays within int64.
func (t *Tally) canAdd(o *Tally) bool {
	ok := fits(t.NotRated, o.NotRated) && fits(t.Blank, o.Blank) && fits(t.Unrecognized, o.Unrecognized)
	for i := range t.Points {
		ok = ok && fits(t.Points[i], o.Points[i])
	}
	return ok
}

// add adds o's counts to t in place.
func (t *Tally) add(o *Tally) {
	t.NotRated += o.NotRated
	t.Blank += o.Blank
	t.Unrecognized += o.Unrecognized
	for i := range t.Points {
		t.Points[i] += o.Points[i]
	}
}

func fits(a, b int64) bool {
	s := a + b
	return !((b > 0 && s < a) || (b < 0 && s > a))
}

// Orders returns the number of orders counted: the eligible orders.
func (t Tally) Orders() int64 {
	n := t.NotRated + t.Blank + t.Unrecognized
	for _, c := range t.Points {
		n += c
	}
	return n
}

// IsZero reports whether the tally counts no order.
func (t Tally) IsZero() bool { return t == Tally{} }

// valid reports whether the counts are non-negative and no point past n is
// used.
func (t Tally) valid(n int) bool {
	if t.NotRated < 0 || t.Blank < 0 || t.Unrecognized < 0 {
		return false
	}
	for i, c := range t.Points {
		if c < 0 || (i >= n && c != 0) {
			return false
		}
	}
	return true
}

// Counts are a tally classified by a scale: the numbers every metric is
// derived from.
type Counts struct {
	Eligible     int64 `json:"eligible"`     // orders counted: participation's denominator
	Rated        int64 `json:"rated"`        // answers that count as ratings (points, plus blank and unrecognized replies the scale counts as unsatisfied)
	Satisfied    int64 `json:"satisfied"`    // rated answers in the scale's satisfied set
	Promoters    int64 `json:"promoters"`    // NPS promoters (zero on scales without NPS classes)
	Passives     int64 `json:"passives"`     // NPS passives
	Detractors   int64 `json:"detractors"`   // NPS detractors, including blank and unrecognized replies counted as unsatisfied
	Excluded     int64 `json:"excluded"`     // blank and unrecognized replies the scale excludes
	NotRated     int64 `json:"not_rated"`    // eligible orders without a reply
	Blank        int64 `json:"blank"`        // blank replies, whatever their handling
	Unrecognized int64 `json:"unrecognized"` // unrecognized replies, whatever their handling
}

// Count classifies a tally by the scale's satisfied set, NPS classes and
// handlings.
func (s *Scale) Count(t Tally) Counts {
	c := Counts{NotRated: t.NotRated, Blank: t.Blank, Unrecognized: t.Unrecognized}
	var answered int64
	for i := 0; i < s.Len(); i++ {
		n := t.Points[i]
		answered += n
		bit := uint16(1) << i
		if s.satisfied&bit != 0 {
			c.Satisfied += n
		}
		if s.promoters&bit != 0 {
			c.Promoters += n
		}
		if s.detractors&bit != 0 {
			c.Detractors += n
		}
	}
	c.Rated = answered
	for _, r := range [...]struct {
		n int64
		h Handling
	}{{t.Blank, s.spec.Blank}, {t.Unrecognized, s.spec.Unrecognized}} {
		if r.h == CountUnsatisfied {
			c.Rated += r.n
			if s.HasNPS() {
				c.Detractors += r.n
			}
		} else {
			c.Excluded += r.n
		}
	}
	if s.HasNPS() {
		c.Passives = c.Rated - c.Promoters - c.Detractors
	}
	c.Eligible = c.Rated + c.Excluded + c.NotRated
	return c
}
