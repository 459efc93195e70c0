package sla

import (
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// clockRule is a compiled rule of a clock (a condition, a target's choice,
// a deadline) with what a look at its text tells: for which event names it
// can hold at all. Most conditions read `event == "dispatched"` or
// `event == "status_changed" && status == "pending_customer"`; the clocks
// compare the event's name directly and evaluate only the rest of the rule,
// on the event's own facts. The rule's meaning does not change, except that
// an event whose name rules it out need not carry the facts of the rest.
type clockRule struct {
	restrict  bool          // the rule can hold only for the names in events
	events    []string      // sorted
	mask      []uint64      // events as a set of the Clocks' event numbers
	eval      *quality.Rule // what remains to evaluate; nil when the name decides
	withEvent bool          // eval reads the fact "event"
	native    *native       // eval without the virtual machine; nil when eval has another shape
}

// compileClockRule compiles source (errors are those of quality.Compile on
// the whole source, with its positions) and splits off its event test.
func compileClockRule(source string, schema *quality.Schema, kind quality.Kind, opts []quality.Option) (clockRule, error) {
	r, err := splitClockRule(source, schema, kind, opts)
	if err == nil && r.eval != nil {
		r.native = compileNative(r.eval, schema)
	}
	return r, err
}

// splitClockRule is compileClockRule without the native form.
func splitClockRule(source string, schema *quality.Schema, kind quality.Kind, opts []quality.Option) (clockRule, error) {
	full, err := quality.Compile(source, schema, kind, opts...)
	if err != nil {
		return clockRule{}, err
	}
	whole := clockRule{eval: full, withEvent: slices.Contains(full.Facts(), eventFact)}
	if kind != quality.KindBool {
		return whole, nil
	}
	tree, err := parser.Parse(source)
	if err != nil {
		return whole, nil
	}
	src := []rune(source)
	parts, ok := conjuncts(tree.Node, src, 0, len(src))
	if !ok {
		return whole, nil
	}
	var names []string
	var rest []string
	restricted, restReadsEvent := false, false
	for _, p := range parts {
		if set, ok := eventSet(p.node); ok {
			if restricted {
				names = slices.DeleteFunc(names, func(n string) bool { return !slices.Contains(set, n) })
			} else {
				names, restricted = set, true
			}
			continue
		}
		restReadsEvent = restReadsEvent || mentionsEvent(p.node)
		rest = append(rest, "("+p.text+")")
	}
	if !restricted {
		return whole, nil
	}
	slices.Sort(names)
	names = slices.Compact(names)
	r := clockRule{restrict: true, events: names}
	if len(rest) == 0 {
		return r, nil
	}
	if !restReadsEvent {
		residual, err := quality.Compile(strings.Join(rest, " && "), schema, kind, opts...)
		if err == nil && !slices.Contains(residual.Facts(), eventFact) {
			r.eval = residual
			return r, nil
		}
	}
	// The event test still rules out other names; the whole rule decides.
	r.eval, r.withEvent = full, true
	return r, nil
}

// part is one conjunct of a rule and its text.
type part struct {
	node ast.Node
	text string
}

// conjuncts splits a chain of && (or "and") into its parts, cutting the
// source at the operators' positions (rune offsets) within [lo, hi). A part
// whose text does not parse on its own (an operand in parentheses that
// holds an && of its own) is kept whole.
func conjuncts(n ast.Node, src []rune, lo, hi int) ([]part, bool) {
	text := strings.TrimSpace(string(src[lo:hi]))
	if b, ok := n.(*ast.BinaryNode); ok && (b.Operator == "&&" || b.Operator == "and") {
		loc := b.Location()
		if lo <= loc.From && loc.From < loc.To && loc.To <= hi {
			l, okL := conjuncts(b.Left, src, lo, loc.From)
			r, okR := conjuncts(b.Right, src, loc.To, hi)
			if okL && okR {
				return append(l, r...), true
			}
		}
		// An && in parentheses: split inside them.
		if i, j := outerParens(src, lo, hi); i >= 0 {
			if parts, ok := conjuncts(n, src, i+1, j); ok {
				return parts, true
			}
		}
	}
	if _, err := parser.Parse(text); err != nil || text == "" {
		return nil, false
	}
	return []part{{node: n, text: text}}, true
}

// outerParens returns the positions of the first and last runes of [lo, hi)
// other than spaces when they are "(" and ")", else -1, -1.
func outerParens(src []rune, lo, hi int) (int, int) {
	for lo < hi && (src[lo] == ' ' || src[lo] == '\t' || src[lo] == '\n' || src[lo] == '\r') {
		lo++
	}
	for hi > lo && (src[hi-1] == ' ' || src[hi-1] == '\t' || src[hi-1] == '\n' || src[hi-1] == '\r') {
		hi--
	}
	if hi-lo >= 2 && src[lo] == '(' && src[hi-1] == ')' {
		return lo, hi - 1
	}
	return -1, -1
}

// eventSet returns the event names a test of the event's name admits:
// event == "x", "x" == event, event in ["x", "y"], and || of such tests.
func eventSet(n ast.Node) ([]string, bool) {
	b, ok := n.(*ast.BinaryNode)
	if !ok {
		return nil, false
	}
	isEvent := func(n ast.Node) bool {
		id, ok := n.(*ast.IdentifierNode)
		return ok && id.Value == eventFact
	}
	str := func(n ast.Node) (string, bool) {
		s, ok := n.(*ast.StringNode)
		if !ok {
			return "", false
		}
		return s.Value, true
	}
	switch b.Operator {
	case "==":
		if s, ok := str(b.Right); ok && isEvent(b.Left) {
			return []string{s}, true
		}
		if s, ok := str(b.Left); ok && isEvent(b.Right) {
			return []string{s}, true
		}
	case "in":
		arr, ok := b.Right.(*ast.ArrayNode)
		if !ok || !isEvent(b.Left) {
			return nil, false
		}
		var out []string
		for _, el := range arr.Nodes {
			s, ok := str(el)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case "||", "or":
		l, okL := eventSet(b.Left)
		r, okR := eventSet(b.Right)
		if okL && okR {
			return append(l, r...), true
		}
	}
	return nil, false
}

// mentionsEvent reports whether the identifier "event" occurs in n.
func mentionsEvent(n ast.Node) bool {
	found := ast.Find(n, func(n ast.Node) bool {
		id, ok := n.(*ast.IdentifierNode)
		return ok && id.Value == eventFact
	})
	return found != nil
}

// holds evaluates a boolean clock rule on an event whose name has number
// id among the names the clocks test (-1 for a name none tests).
func (r *clockRule) holds(e *Event, id int, f *eventFacts) (bool, error) {
	if r.restrict && (id < 0 || id>>6 >= len(r.mask) || r.mask[id>>6]&(1<<(id&63)) == 0) {
		return false, nil
	}
	if r.eval == nil {
		return true, nil
	}
	if r.native != nil {
		if v, ok := r.native.evalBool(e); ok {
			return v, nil
		}
	}
	return r.eval.EvalBool(r.facts(e, f))
}

// time evaluates a time-valued clock rule on an event.
func (r *clockRule) time(e *Event, f *eventFacts) (time.Time, error) {
	if r.native != nil {
		if v, ok := r.native.evalTime(e); ok {
			return v, nil
		}
	}
	return r.eval.EvalTime(r.facts(e, f))
}

func (r *clockRule) facts(e *Event, f *eventFacts) quality.Facts {
	if r.withEvent {
		return f.of(e)
	}
	return e.Facts
}

// sameFacts reports whether the named facts have equal values in a and b
// (and are present in both): a rule reading only them gives the same result.
func sameFacts(a, b quality.Facts, names []string) bool {
	for _, n := range names {
		x, okA := a[n]
		y, okB := b[n]
		if !okA || !okB || !sameValue(x, y) {
			return false
		}
	}
	return true
}

func sameValue(x, y any) bool {
	switch x := x.(type) {
	case string:
		y, ok := y.(string)
		return ok && x == y
	case bool:
		y, ok := y.(bool)
		return ok && x == y
	case int:
		y, ok := y.(int)
		return ok && x == y
	case time.Duration:
		y, ok := y.(time.Duration)
		return ok && x == y
	case time.Time:
		y, ok := y.(time.Time)
		return ok && x.Equal(y) && x.Location() == y.Location()
	case decimal.Decimal:
		y, ok := y.(decimal.Decimal)
		return ok && x.Equal(y) && x.Exponent() == y.Exponent()
	case []string:
		y, ok := y.([]string)
		return ok && slices.Equal(x, y)
	}
	return false
}

// numberEvents gives every event name that a rule of the clocks tests a
// number, and sets each rule's mask.
func (cs *Clocks) numberEvents() {
	cs.eventIDs = map[string]int{}
	var rules []*clockRule
	for _, c := range cs.clocks {
		for a := range c.conds {
			for i := range c.conds[a] {
				rules = append(rules, &c.conds[a][i].rule)
			}
		}
		for i := range c.targets {
			if c.targets[i].when != nil {
				rules = append(rules, c.targets[i].when)
			}
		}
	}
	for _, r := range rules {
		for _, n := range r.events {
			if _, ok := cs.eventIDs[n]; !ok {
				cs.eventIDs[n] = len(cs.eventIDs)
			}
		}
	}
	words := (len(cs.eventIDs) + 63) / 64
	for _, r := range rules {
		if !r.restrict {
			continue
		}
		r.mask = make([]uint64, words)
		for _, n := range r.events {
			id := cs.eventIDs[n]
			r.mask[id>>6] |= 1 << (id & 63)
		}
	}
	// Per clock and kind of condition: the events any of them can hold for.
	for _, c := range cs.clocks {
		for a := range c.conds {
			c.actAny[a] = false
			c.actMask[a] = make([]uint64, words)
			for i := range c.conds[a] {
				r := &c.conds[a][i].rule
				if !r.restrict {
					c.actAny[a] = true
					continue
				}
				for w := range r.mask {
					c.actMask[a][w] |= r.mask[w]
				}
			}
		}
	}
}

// mayHold reports whether a condition of kind a of the clock can hold for
// the event numbered id.
func (c *clock) mayHold(a act, id int) bool {
	m := c.actMask[a]
	return c.actAny[a] || (id >= 0 && id>>6 < len(m) && m[id>>6]&(1<<(id&63)) != 0)
}

// eventID returns the number of an event name, or -1 when no rule tests it.
func (cs *Clocks) eventID(name string) int {
	if id, ok := cs.eventIDs[name]; ok {
		return id
	}
	return -1
}
