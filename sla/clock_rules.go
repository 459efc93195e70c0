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
}

// compileClockRule compiles source (errors are those of quality.Compile on
// the whole source, with its positions) and splits off its event test.
func compileClockRule(source string, schema *quality.Schema, kind quality.Kind, opts []quality.Option) (clockRule, error) {
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
	if !r.mayHold(id) {
		return false, nil
	}
	if r.eval == nil {
		return true, nil
	}
	return r.eval.EvalBool(r.facts(e, f))
}

// time evaluates a time-valued clock rule on an event.
func (r *clockRule) time(e *Event, f *eventFacts) (time.Time, error) {
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
		c.acts = make([]uint8, len(cs.eventIDs)+1)
		for a := range c.conds {
			for i := range c.conds[a] {
				r := &c.conds[a][i].rule
				for id := -1; id < len(cs.eventIDs); id++ {
					if r.mayHold(id) {
						c.acts[id+1] |= 1 << a
					}
				}
			}
		}
	}
	// Per event number: the clocks an event of that name can change.
	cs.visit = make([][]visit, len(cs.eventIDs)+1)
	for id := -1; id < len(cs.eventIDs); id++ {
		for k, c := range cs.clocks {
			if c.acts[id+1] != 0 || c.retargets {
				cs.visit[id+1] = append(cs.visit[id+1], visit{clock: int32(k), targetOnly: c.acts[id+1] == 0})
			}
		}
	}
	cs.names = newNameTable(cs.eventIDs)
}

// mayHold reports whether the rule can hold for the event numbered id (-1
// for a name no rule tests).
func (r *clockRule) mayHold(id int) bool {
	return !r.restrict || (id >= 0 && id>>6 < len(r.mask) && r.mask[id>>6]&(1<<(id&63)) != 0)
}

// actsOf returns the kinds of condition of the clock that can hold for the
// event numbered id, as bits 1<<act.
func (c *clock) actsOf(id int) uint8 {
	if id+1 < len(c.acts) {
		return c.acts[id+1]
	}
	return 1<<numActs - 1 // not numbered by these clocks: try every kind
}

// eventID returns the number of an event name, or -1 when no rule tests it.
func (cs *Clocks) eventID(name string) int {
	return cs.names.lookup(name)
}

// nameTable numbers the event names the rules test: an open-addressing
// table keyed by the names' fingerprints ([idKey]), cheaper than a map for
// the short lookups of a fold.
type nameTable struct {
	slots []nameSlot // a power of two in length, at most half full
	shift uint       // a key's slot is key >> shift
}

type nameSlot struct {
	key  uint64
	name string
	id   int // the name's number + 1; 0 for an empty slot
}

func newNameTable(ids map[string]int) nameTable {
	size, shift := 2, uint(63)
	for size < 2*len(ids) {
		size, shift = size*2, shift-1
	}
	t := nameTable{slots: make([]nameSlot, size), shift: shift}
	for name, id := range ids {
		key := idKey(name)
		i := key >> shift
		for t.slots[i].id != 0 {
			i = (i + 1) & uint64(size-1)
		}
		t.slots[i] = nameSlot{key: key, name: name, id: id + 1}
	}
	return t
}

// lookup returns the number of name, or -1.
func (t *nameTable) lookup(name string) int {
	if len(t.slots) == 0 {
		return -1
	}
	key := idKey(name)
	mask := uint64(len(t.slots) - 1)
	for i := key >> t.shift; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.id == 0 {
			return -1
		}
		if sl.key == key && sl.name == name {
			return sl.id - 1
		}
	}
}
