package appraisal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// Result is one subject's score on a card, with the explanation of every
// point: Tree is the card's explanation, Ruleset the card's version hash.
// Points is the sum of the items' rounded points (never rounded again); Total
// is the card's declared full marks; Max is the most the subject could have
// scored (above Total only where a target's cap rewards over-achievement).
type Result struct {
	Subject string          `json:"subject"`
	Card    string          `json:"card"`
	Ruleset string          `json:"ruleset"`
	Points  decimal.Decimal `json:"points"`
	Total   decimal.Decimal `json:"total"`
	Max     decimal.Decimal `json:"max"`
	Tree    Node            `json:"tree"`
}

// resultVersion is the JSON format version of a Result.
const resultVersion = 1

type resultAlias Result

// MarshalJSON encodes the result with a "version" field (currently 1), so
// that a host can store it as the record of a score.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Version int `json:"version"`
		resultAlias
	}{resultVersion, resultAlias(r)})
}

// UnmarshalJSON decodes a result written by MarshalJSON; unknown fields and
// other versions are refused.
func (r *Result) UnmarshalJSON(data []byte) error {
	var w struct {
		Version *int `json:"version"`
		resultAlias
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("appraisal: result: %w", err)
	}
	if w.Version == nil || *w.Version != resultVersion {
		return fmt.Errorf("%w: result version %v (want %d)", ErrVersion, deref(w.Version), resultVersion)
	}
	*r = Result(w.resultAlias)
	return nil
}

// Item returns the explanation node of the item with the given ID anywhere in
// the tree, and whether there is one.
func (r Result) Item(id string) (Node, bool) { return r.Tree.find(id) }

// Score scores one subject: each item's input becomes an attainment (a
// fraction of full marks), the attainment times the item's points is rounded
// by the card's rounding, and the card's points are the sum. A nested card's
// attainment is its points over its total.
//
// Missing inputs follow the items' policies. With MissingRedistribute the
// present items of the card share its total in proportion to their points
// (the same scaling that Normalize applies to a card that declares it); a card
// all of whose items are missing is itself missing in its parent. Under
// MissingFail the error is a [*MissingError] listing every such item. An
// input that names no item, or whose shape does not fit its item's method, is
// an [*InputError].
func (s *Scorecard) Score(subject string, in Inputs) (Result, error) {
	var unknown []string
	for id := range in {
		if _, ok := s.items[id]; !ok {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return Result{}, &InputError{Subject: subject, Item: strings.Join(unknown, ", "), Message: "no such item on card " + s.def.ID + " (inputs are keyed by item id: " + strings.Join(s.ItemIDs(), ", ") + ")"}
	}
	sc := scorer{subject: subject, in: in}
	out := sc.card(s.root)
	if len(sc.errs) > 0 {
		return Result{}, collected(sc.errs)
	}
	if out.missing && len(sc.missing) == 0 {
		for _, n := range s.leaves {
			sc.missing = append(sc.missing, n.path)
		}
	}
	if len(sc.missing) > 0 {
		return Result{}, &MissingError{Subject: subject, Items: sc.missing}
	}
	tree := out.node
	tree.Points, tree.Full, tree.Max, tree.Places = out.points, s.def.Total, out.max, s.root.round.Places
	return Result{
		Subject: subject,
		Card:    s.def.ID,
		Ruleset: s.version,
		Points:  out.points,
		Total:   s.def.Total,
		Max:     out.max,
		Tree:    tree,
	}, nil
}

type scorer struct {
	subject string
	in      Inputs
	missing []string // paths of items missing under MissingFail
	errs    []error
}

// outcome is what an item or card contributes before its card scales it.
type outcome struct {
	a, ceil frac // attainment and the most it could be
	node    Node
	missing bool
	note    string // why it is missing
	// A card's own points and maximum, in its own scale.
	points, max decimal.Decimal
}

func (sc *scorer) bad(n *node, msg string, cause error) {
	sc.errs = append(sc.errs, &InputError{Subject: sc.subject, Item: n.path, Message: msg, Cause: cause})
}

// card scores a card: its items, then the scaling, rounding and sum.
func (sc *scorer) card(n *node) outcome {
	outs := make([]outcome, len(n.items))
	all := true
	for i, it := range n.items {
		var o outcome
		if it.method == MethodCard {
			o = sc.card(it)
		} else {
			o = sc.leaf(it)
		}
		if o.missing {
			o.node.Missing = it.missing
			o.node.Steps = append(o.node.Steps, Term{"missing", o.note + ": " + missingAction(it.missing)})
			switch it.missing {
			case MissingFail:
				sc.missing = append(sc.missing, it.path)
				o.a = fracZero
			case MissingZero:
				o.missing, o.a = false, fracZero
			}
		}
		if o.missing {
			all = false
		}
		outs[i] = o
	}
	present := n.sum // the present items' points
	if !all {
		present = decimal.Zero
		for i, it := range n.items {
			if !outs[i].missing {
				present = present.Add(it.full)
			}
		}
	}
	res := outcome{node: Node{ID: n.id, Name: n.name, Method: MethodCard}, points: decimal.Zero, max: decimal.Zero}
	if present.Sign() == 0 {
		res.missing, res.note = true, "every item missing"
		res.ceil = fracOne
		res.node.Items = nodes(outs)
		return res
	}
	var scale *big.Rat // nil: 1
	if !all || !n.sum.Equal(n.total) {
		scale = new(big.Rat).Quo(n.total.Rat(), present.Rat())
		why := "normalised"
		if !all {
			why = "redistributed"
		}
		res.node.Steps = append(res.node.Steps, Term{"scale", why + ": total " + n.total.String() + " ÷ present items' points " + present.String() + " = " + fmtRat(scale)})
	}
	res.node.Steps = append(res.node.Steps, Term{"rounding", n.text})
	for i, it := range n.items {
		o := &outs[i]
		o.node.Places = n.round.Places
		if o.missing {
			o.node.Points, o.node.Full, o.node.Max = decimal.Zero, decimal.Zero, decimal.Zero
			continue
		}
		p := o.a.times(it.full, scale, n.round)
		o.node.Points = p
		o.node.Full = fracOne.times(it.full, scale, n.round)
		o.node.Max = o.ceil.times(it.full, scale, n.round)
		effText := it.full.String()
		if scale != nil {
			effText = fmtRat(new(big.Rat).Mul(it.full.Rat(), scale))
		}
		o.node.Steps = append(o.node.Steps, Term{"points", o.a.String() + " × " + effText + " = " + fixed(p)})
		res.points = res.points.Add(p)
		res.max = res.max.Add(o.node.Max)
	}
	res.node.Items = nodes(outs)
	res.node.Subtotal = res.points
	res.a = frac{num: res.points, den: n.total}
	res.ceil = frac{num: res.max, den: n.total}
	res.node.Steps = append([]Term{{"card", fixed(res.points) + " of " + n.total.String()}}, res.node.Steps...)
	return res
}

func nodes(outs []outcome) []Node {
	ns := make([]Node, len(outs))
	for i := range outs {
		ns[i] = outs[i].node
	}
	return ns
}

func missingAction(m Missing) string {
	switch m {
	case MissingZero:
		return "scored 0"
	case MissingRedistribute:
		return "its points are shared among the present items"
	}
	return "scoring fails"
}

// The input fields, as bits, to check an input's shape against its method.
const (
	fValue = 1 << iota
	fRate
	fPrevValue
	fPrev
	fCount
	fChecks
	fFacts
)

var fieldNames = []string{"value", "rate", "previous_value", "previous", "count", "checks", "facts"}

func (in *Input) fields() int {
	f := 0
	if in.Value != nil {
		f |= fValue
	}
	if in.Rate != nil {
		f |= fRate
	}
	if in.PreviousValue != nil {
		f |= fPrevValue
	}
	if in.Previous != nil {
		f |= fPrev
	}
	if in.Count != nil {
		f |= fCount
	}
	if in.Checks != nil {
		f |= fChecks
	}
	if in.Facts != nil {
		f |= fFacts
	}
	return f
}

var allowedFields = map[Method]int{
	MethodLinear:     fValue | fRate,
	MethodSteps:      fValue | fRate,
	MethodDeduction:  fCount,
	MethodYearOnYear: fValue | fRate | fPrevValue | fPrev,
	MethodChecklist:  fChecks,
	MethodRule:       fFacts,
}

// leaf scores an item that takes an input.
func (sc *scorer) leaf(n *node) outcome {
	o := outcome{node: Node{ID: n.id, Name: n.name, Method: n.method}, ceil: fracOne, a: fracZero}
	in, ok := sc.in[n.id]
	if ok {
		if extra := in.fields() &^ allowedFields[n.method]; extra != 0 {
			var names []string
			for i, name := range fieldNames {
				if extra&(1<<i) != 0 {
					names = append(names, name)
				}
			}
			sc.bad(n, "a "+n.method.String()+" item does not read "+strings.Join(names, ", "), nil)
			return o
		}
		if in.fields() == 0 {
			ok = false
		}
	}
	if !ok {
		o.missing, o.note = true, "no input"
		if n.method == MethodLinear || n.method == MethodSteps {
			o.ceil = frac{num: n.target.MaxAttainment()}
		}
		return o
	}
	switch n.method {
	case MethodLinear, MethodSteps:
		sc.target(n, &in, &o)
	case MethodDeduction:
		sc.deduction(n, &in, &o)
	case MethodYearOnYear:
		sc.yearOnYear(n, &in, &o)
	case MethodChecklist:
		sc.checklist(n, &in, &o)
	case MethodRule:
		sc.rule(n, &in, &o)
	}
	return o
}

func (sc *scorer) target(n *node, in *Input, o *outcome) {
	t := n.target
	o.ceil = frac{num: t.MaxAttainment()}
	var a decimal.Decimal
	switch {
	case in.Value != nil && in.Rate != nil:
		sc.bad(n, "both value and rate given: give one", nil)
		return
	case in.Rate != nil:
		r := *in.Rate
		if r.Num < 0 || r.Den < 0 {
			sc.bad(n, "negative count in rate "+r.String(), nil)
			return
		}
		o.node.Inputs = []Term{{"rate", fmtRate(r)}}
		var defined bool
		if a, defined = t.AttainmentRate(r); !defined {
			o.missing, o.note = true, "rate undefined ("+r.String()+")"
			return
		}
	default:
		o.node.Inputs = []Term{{"value", in.Value.String()}}
		a = t.Attainment(*in.Value)
	}
	o.a = frac{num: a}
	o.node.Steps = []Term{{"target", n.text}, {"attainment", a.String()}}
}

func (sc *scorer) deduction(n *node, in *Input, o *outcome) {
	d := n.deduction
	count := *in.Count
	if count < 0 {
		sc.bad(n, "negative count "+strconv.FormatInt(count, 10), nil)
		return
	}
	o.node.Inputs = []Term{{"count", strconv.FormatInt(count, 10)}}
	v := n.full.Sub(d.Per.Mul(decimal.NewFromInt(count)))
	step := n.full.String() + " − " + strconv.FormatInt(count, 10) + " × " + d.Per.String() + " = " + v.String()
	if v.Cmp(d.Floor) < 0 {
		v = d.Floor
		step += ", floor " + d.Floor.String()
	}
	o.a = frac{num: v, den: n.full}
	o.node.Steps = []Term{{"deduction", step}, {"attainment", o.a.String()}}
}

func (sc *scorer) yearOnYear(n *node, in *Input, o *outcome) {
	y := n.yoy
	per := y.Per
	if per == 0 {
		per = 1
	}
	perRat := new(big.Rat).SetInt64(per)
	cur, curText, ok1 := sc.figure(n, in.Value, in.Rate, "this year", o)
	prev, prevText, ok2 := sc.figure(n, in.PreviousValue, in.Previous, "last year", o)
	if !ok1 || !ok2 {
		return
	}
	o.node.Inputs = []Term{{"last year", prevText}, {"this year", curText}}
	if prev.Sign() <= 0 {
		o.missing, o.note = true, "last year's value is "+fmtRat(prev)+": a relative target needs a positive base"
		return
	}
	if cur.Sign() < 0 {
		sc.bad(n, "this year's value is negative", nil)
		return
	}
	// The target is scale-free: score this year's value over last year's
	// against quality.YearOnYear(1, change), exactly.
	t, err := y.target(decOne)
	if err != nil { // checked when the card was compiled
		sc.bad(n, "year-on-year target", err)
		return
	}
	ratio := new(big.Rat).Quo(cur, prev)
	var a decimal.Decimal
	if ratio.Num().IsInt64() && ratio.Denom().IsInt64() {
		a, _ = t.AttainmentRate(quality.Rate{Num: ratio.Num().Int64(), Den: ratio.Denom().Int64()})
	} else {
		a = t.Attainment(roundRat(ratio, intermediate))
	}
	o.a = frac{num: a}
	change := new(big.Rat).Sub(ratio, big.NewRat(1, 1))
	challenge := new(big.Rat).Mul(prev, new(big.Rat).Add(big.NewRat(1, 1), y.Change.Rat()))
	o.node.Steps = []Term{
		{"change", fmtPercent(change) + " (target " + fmtPercent(y.Change.Rat()) + ")"},
		{"target", "baseline " + fmtRat(new(big.Rat).Mul(prev, perRat)) + ", challenge " + fmtRat(challenge.Mul(challenge, perRat)) + ", " + t.Direction.String() + targetExtras(t)},
		{"attainment", a.String()},
	}
}

// figure returns a year-on-year value (scaled by nothing) and its display
// text, from either a decimal or a rate.
func (sc *scorer) figure(n *node, v *decimal.Decimal, r *quality.Rate, which string, o *outcome) (*big.Rat, string, bool) {
	per := n.yoy.Per
	if per == 0 {
		per = 1
	}
	switch {
	case v != nil && r != nil:
		sc.bad(n, which+": both a value and a rate given: give one", nil)
		return nil, "", false
	case r != nil:
		if r.Num < 0 || r.Den < 0 {
			sc.bad(n, which+": negative count in rate "+r.String(), nil)
			return nil, "", false
		}
		if !r.Defined() {
			o.missing, o.note = true, which+"'s rate undefined ("+r.String()+")"
			return nil, "", false
		}
		x := new(big.Rat).SetFrac64(r.Num, r.Den)
		text := r.String()
		if per != 1 {
			text = fmtRat(new(big.Rat).Mul(x, new(big.Rat).SetInt64(per))) + " per " + strconv.FormatInt(per, 10) + " (" + text + ")"
		}
		return x, text, true
	case v != nil:
		x := v.Rat()
		text := v.String()
		if per != 1 {
			text = fmtRat(new(big.Rat).Mul(x, new(big.Rat).SetInt64(per))) + " per " + strconv.FormatInt(per, 10)
		}
		return x, text, true
	}
	o.missing, o.note = true, "no "+which+"'s value"
	return nil, "", false
}

func (sc *scorer) checklist(n *node, in *Input, o *outcome) {
	cl := n.checklist
	var unknown []string
	for name := range in.Checks {
		if !slices.Contains(cl.Checks, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		sc.bad(n, "no such checks: "+strings.Join(unknown, ", ")+" (the checks are "+strings.Join(cl.Checks, ", ")+")", nil)
		return
	}
	passed := 0
	var failed, unrecorded []string
	for _, name := range cl.Checks {
		v, ok := in.Checks[name]
		switch {
		case !ok:
			unrecorded = append(unrecorded, name)
		case v:
			passed++
		default:
			failed = append(failed, name)
		}
	}
	if len(unrecorded) > 0 {
		sc.bad(n, "checks not recorded: "+strings.Join(unrecorded, ", "), nil)
		return
	}
	total := len(cl.Checks)
	o.node.Inputs = []Term{{"passed", strconv.Itoa(passed) + " of " + strconv.Itoa(total)}}
	if len(failed) > 0 {
		o.node.Inputs = append(o.node.Inputs, Term{"failed", strings.Join(failed, ", ")})
	}
	switch cl.Mode {
	case ChecklistAll:
		if passed == total {
			o.a = fracOne
		}
		o.node.Steps = []Term{{"mode", "all or nothing"}}
	default:
		o.a = frac{num: decimal.NewFromInt(int64(passed)), den: decimal.NewFromInt(int64(total))}
		o.node.Steps = []Term{{"mode", "in proportion"}}
	}
	o.node.Steps = append(o.node.Steps, Term{"attainment", o.a.String()})
}

func (sc *scorer) rule(n *node, in *Input, o *outcome) {
	v, err := n.rule.EvalDecimal(in.Facts)
	if err != nil {
		if errors.Is(err, quality.ErrMissingFact) {
			o.missing, o.note = true, err.Error()
			return
		}
		sc.bad(n, "rule: "+err.Error(), err)
		return
	}
	step := v.String()
	clamped := v
	switch {
	case v.Sign() < 0:
		clamped = decimal.Zero
	case v.Cmp(n.full) > 0:
		clamped = n.full
	}
	if !clamped.Equal(v) {
		step += ", clamped to " + clamped.String()
	}
	o.a = frac{num: clamped, den: n.full}
	o.node.Steps = []Term{{"rule", n.rule.Source()}, {"value", step}, {"attainment", o.a.String()}}
}

// frac is an exact fraction num/den of decimals; a zero den means 1. Item
// attainments are fracs, so that the common case — an unscaled item whose
// attainment is a decimal from quality, or whose points are known outright —
// is computed in decimals, and big.Rat is used only when a card is scaled or
// the fraction does not terminate.
type frac struct {
	num, den decimal.Decimal
}

var (
	fracZero = frac{}
	fracOne  = frac{num: decOne}
)

// times returns num/den × full × scale (scale nil meaning 1), rounded by rd.
func (f frac) times(full decimal.Decimal, scale *big.Rat, rd Round) decimal.Decimal {
	if scale == nil {
		switch {
		case f.den.IsZero():
			return rd.Apply(f.num.Mul(full))
		case f.den.Equal(full):
			return rd.Apply(f.num)
		}
	}
	x := new(big.Rat).Mul(f.num.Rat(), full.Rat())
	if !f.den.IsZero() {
		x.Quo(x, f.den.Rat())
	}
	if scale != nil {
		x.Mul(x, scale)
	}
	return roundRat(x, rd)
}

// String formats the fraction as fmtRat does.
func (f frac) String() string {
	if f.den.IsZero() {
		return f.num.String()
	}
	// Most fractions here terminate (7 of 10 points, 9 of 10 checks): try
	// the decimal quotient first and keep it if it is exact.
	if q := f.num.DivRound(f.den, precision); q.Mul(f.den).Equal(f.num) {
		return q.String()
	}
	return fmtRat(new(big.Rat).Quo(f.num.Rat(), f.den.Rat()))
}

// roundRat rounds the exact rational r as rd says, in one rounding.
func roundRat(r *big.Rat, rd Round) decimal.Decimal { return rd.Mode.RoundRat(r, rd.Places) }
