package appraisal

import (
	"math/big"
	"strings"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// Node explains one item's points, or a card's: what went in (Inputs), how
// the method worked it out (Steps: the target, the attainment, a scaling, the
// product that was rounded), and the points. A card's node lists its items'
// nodes in Items; its own points are their sum.
//
// Full is the item's points at full marks after any normalisation or
// redistribution, Max the most it could earn (Full × the target's cap), both
// rounded like Points to Places decimal places. Missing is the policy applied when the item's input was
// missing, or MissingInherit (omitted in JSON) when it was present.
//
// A card's node also has Subtotal, its items' points added up: the card's own
// score out of its total. A nested card's Points is that score scaled to the
// card's share of its parent; the top card's Points is its Subtotal.
type Node struct {
	ID       string          `json:"id"`
	Name     string          `json:"name,omitempty"`
	Method   Method          `json:"method"`
	Inputs   []Term          `json:"inputs,omitempty"`
	Steps    []Term          `json:"steps,omitempty"`
	Missing  Missing         `json:"missing,omitempty"`
	Points   decimal.Decimal `json:"points"`
	Full     decimal.Decimal `json:"full"`
	Max      decimal.Decimal `json:"max"`
	Places   int32           `json:"places"`
	Subtotal decimal.Decimal `json:"subtotal,omitzero"`
	Items    []Node          `json:"items,omitempty"`
}

// Term is one named value in an explanation, already formatted for people:
// {"rate", "28/30 = 93.33%"}, {"attainment", "0.4166666666666667"}.
type Term struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func (n Node) find(id string) (Node, bool) {
	if n.ID == id {
		return n, true
	}
	for _, c := range n.Items {
		if f, ok := c.find(id); ok {
			return f, true
		}
	}
	return Node{}, false
}

// Text renders the tree as indented lines: each node's ID, method, points
// and full marks (and maximum, when a cap or rounding makes it differ),
// followed by its inputs and steps, then its items one level deeper:
//
//	half-year (half-year appraisal)  card  61.47 / 100.00 (max 100.01)
//	    card: 61.47 of 100
//	    rounding: half_up to 2 places
//	  satisfaction (customer satisfaction)  linear  16.67 / 40.00
//	      rate: 28/30 = 93.33%
//	      target: baseline 0.9, challenge 0.98, higher_is_better
//	      attainment: 0.4166666666666667
//	      points: 0.4166666666666667 × 40 = 16.67
//	  provincial (provincial service quality)  card  44.80 / 60.00 (max 60.01)
//	      card: 74.66 of 100
//	      scale: normalised: total 100 ÷ present items' points 94 = 1.063830 (50/47)
//	      ...
func (n Node) Text() string {
	var b strings.Builder
	n.text(&b, 0)
	return b.String()
}

func (n Node) text(b *strings.Builder, depth int) {
	indent := strings.Repeat("  ", depth)
	b.WriteString(indent)
	b.WriteString(n.ID)
	if n.Name != "" {
		b.WriteString(" (")
		b.WriteString(n.Name)
		b.WriteString(")")
	}
	b.WriteString("  ")
	b.WriteString(n.Method.String())
	b.WriteString("  ")
	b.WriteString(n.Points.StringFixed(n.Places))
	b.WriteString(" / ")
	b.WriteString(n.Full.StringFixed(n.Places))
	if !n.Max.Equal(n.Full) {
		b.WriteString(" (max ")
		b.WriteString(n.Max.StringFixed(n.Places))
		b.WriteString(")")
	}
	b.WriteString("\n")
	for _, ts := range [][]Term{n.Inputs, n.Steps} {
		for _, t := range ts {
			b.WriteString(indent)
			b.WriteString("    ")
			b.WriteString(t.Name)
			b.WriteString(": ")
			b.WriteString(t.Value)
			b.WriteString("\n")
		}
	}
	for _, c := range n.Items {
		c.text(b, depth+1)
	}
}

// fixed formats a rounded value with all its places: 44.80, not 44.8.
func fixed(d decimal.Decimal) string {
	return d.StringFixed(max(0, -d.Exponent()))
}

// fmtRat formats an exact rational: as a decimal when it has at most
// [precision] places, else as the decimal rounded to six places followed by
// the fraction ("0.416667 (5/12)").
func fmtRat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	if places, ok := terminating(r.Denom()); ok && places <= precision {
		return trimZeros(r.FloatString(places))
	}
	return r.FloatString(6) + " (" + r.String() + ")"
}

// terminating reports whether 1/den has a finite decimal expansion, and its
// length.
func terminating(den *big.Int) (int, bool) {
	if den.IsUint64() {
		d := den.Uint64()
		twos, fives := 0, 0
		for d%2 == 0 {
			d, twos = d/2, twos+1
		}
		for d%5 == 0 {
			d, fives = d/5, fives+1
		}
		return max(twos, fives), d == 1
	}
	twos := int(den.TrailingZeroBits())
	d := new(big.Int).Rsh(den, uint(twos))
	five := big.NewInt(5)
	var q, r big.Int
	fives := 0
	for {
		q.QuoRem(d, five, &r)
		if r.Sign() != 0 {
			break
		}
		d.Set(&q)
		fives++
	}
	return max(twos, fives), d.IsInt64() && d.Int64() == 1
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// fmtRate formats a rate as its counts and percentage: "28/30 = 93.33%".
func fmtRate(r quality.Rate) string {
	return r.String() + " = " + r.Percent(2, quality.HalfUp)
}

// fmtPercent formats a fraction as a percentage with up to two places:
// "-24%", "-20%".
func fmtPercent(r *big.Rat) string {
	p := new(big.Rat).Mul(r, big.NewRat(100, 1))
	return roundRat(p, Round{Mode: quality.HalfUp, Places: 2}).String() + "%"
}

// describeTarget formats a target's parameters: "baseline 0.9, challenge
// 0.98, higher_is_better".
func describeTarget(t quality.Target) string {
	s := "baseline " + t.Baseline.String() + ", challenge " + t.Challenge.String() + ", " + t.Direction.String()
	if len(t.Tiers) > 0 {
		parts := make([]string, len(t.Tiers))
		for i, tier := range t.Tiers {
			parts[i] = tier.At.String() + "→" + tier.Score.String()
		}
		s += ", tiers " + strings.Join(parts, " ")
	}
	return s + targetExtras(t)
}

func targetExtras(t quality.Target) string {
	s := ""
	if !t.BaselineScore.IsZero() {
		s += ", baseline score " + t.BaselineScore.String()
	}
	if t.Gate {
		s += ", gated"
	}
	if !t.Cap.IsZero() {
		s += ", cap " + t.Cap.String()
	}
	return s
}
