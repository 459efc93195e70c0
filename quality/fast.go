package quality

import (
	"cmp"
	"reflect"

	"github.com/expr-lang/expr/ast"
)

// Simple conditions without the virtual machine.
//
// The conditions policy writers give SLA clocks, sampling rules and
// escalation guards are nearly always of one simple shape:
//
//	event == "status_changed" && status == "pending_customer"
//	order_type in ["install", "move"]
//	!do_not_call && !test_order
//	days_since_callback < 30
//
// that is: string facts compared with == or != to string literals or to each
// other, or tested with in against a list of string literals; int facts
// compared (== != < <= > >=) with int literals or each other; bool facts and
// literals, compared with == or !=; and !, not, &&, and, ||, or of those.
// Running such a rule on expr's virtual machine costs a hundred nanoseconds
// or more (a pooled machine, the facts boxed into its slots, the bytecode
// run), and boxing a string fact of a struct allocates. A bool rule of this
// shape also gets a fastRule, a small tree evaluated directly; one that
// tests a single fact (the commonest of all) is read from a map of facts
// with one lookup and no slots.
//
// The value is the virtual machine's: these operators mean the same there
// (Go's string and int comparison, no evaluation error possible once the
// facts are there). Errors too: the virtual machine path checks every fact
// the rule names before running (a missing fact fails even on a branch that
// && or || would not reach), and the fast path loads exactly those facts
// first. When one is missing or of another Go type, or the facts are not a
// map or the schema's struct, the fast path gives up and the rule runs on the
// virtual machine, which reports the error as it always has.

// maxFastFacts bounds the facts of a fast rule: their values live in a
// fastSlots on the stack.
const maxFastFacts = 8

// fastRule is a bool rule of the simple shape.
type fastRule struct {
	facts []fastFact // the facts the rule names, each loaded once into its slot
	root  fastNode
	// one is set for the commonest shape of all, a test of one fact
	// (`status == "pending_customer"`, `priority in ["P1", "P2"]`,
	// `!do_not_call`), which on a map of facts needs no slots.
	one *fastOne
}

// fastOne is a fast rule that tests one fact: a string fact against
// literals (its value is held when the fact is one of lits), or a bool fact
// (held when the fact is true); the rule's value is held == want.
type fastOne struct {
	name string
	kind Kind // KindString or KindBool
	lits []string
	want bool
}

// newFastOne returns the one-fact form of a fast rule, or nil.
func newFastOne(fr *fastRule) *fastOne {
	if len(fr.facts) != 1 {
		return nil
	}
	f := fr.facts[0]
	n, want := &fr.root, true
	for n.op == fNot {
		n, want = &n.kids[0], !want
	}
	one := &fastOne{name: f.name, kind: f.kind, want: want}
	switch {
	case n.op == fBoolFact && f.kind == KindBool:
		return one
	case (n.op == fStrEq || n.op == fStrNe) && f.kind == KindString:
		switch {
		case n.l.slot == 0 && n.r.slot < 0:
			one.lits = []string{n.r.lit}
		case n.r.slot == 0 && n.l.slot < 0:
			one.lits = []string{n.l.lit}
		default:
			return nil // the fact against itself
		}
		if n.op == fStrNe {
			one.want = !one.want
		}
		return one
	case n.op == fStrIn && f.kind == KindString && n.l.slot == 0:
		one.lits = n.lits
		return one
	}
	return nil
}

// eval evaluates the one-fact rule on a map of facts; ok is false when the
// fact is missing or of another Go type.
func (o *fastOne) eval(m map[string]any) (v, ok bool) {
	x, ok := m[o.name]
	if !ok {
		return false, false
	}
	var held bool
	if o.kind == KindBool {
		held, ok = x.(bool)
	} else {
		var s string
		if s, ok = x.(string); ok {
			for _, l := range o.lits {
				if s == l {
					held = true
					break
				}
			}
		}
	}
	return held == o.want, ok
}

// fastFact is a fact a fast rule reads: its slot is its index in
// fastRule.facts.
type fastFact struct {
	name  string
	kind  Kind // KindString, KindBool or KindInt
	field int  // index in a SchemaOf struct, or -1
}

// fastSlots hold the values of a fast rule's facts for one evaluation.
type fastSlots struct {
	strs  [maxFastFacts]string
	ints  [maxFastFacts]int
	bools [maxFastFacts]bool
}

// fastOp is the operation of a node of a fast rule.
type fastOp uint8

const (
	fInvalid  fastOp = iota
	fConst           // the bool b
	fBoolFact        // the bool fact in slot
	fStrEq           // string operands l and r are equal
	fStrNe           // they differ
	fStrIn           // string operand l is one of lits
	fIntCmp          // int operands il cmp ir
	fBoolEq          // kids[0] == kids[1]
	fBoolNe          // kids[0] != kids[1]
	fNot             // !kids[0]
	fAnd             // kids[0] && kids[1] && ...
	fOr              // kids[0] || kids[1] || ...
)

// fastNode is a node of a fast rule.
type fastNode struct {
	op     fastOp
	b      bool
	slot   int
	cmp    cmpOp
	l, r   fastStr
	il, ir fastInt
	lits   []string
	kids   []fastNode
}

// fastStr is a string operand: a literal or the string fact in a slot.
type fastStr struct {
	slot int // -1 for the literal
	lit  string
}

// fastInt is an int operand: a literal or the int fact in a slot.
type fastInt struct {
	slot int // -1 for the literal
	lit  int
}

func (s fastStr) value(v *fastSlots) string {
	if s.slot < 0 {
		return s.lit
	}
	return v.strs[s.slot]
}

func (s fastInt) value(v *fastSlots) int {
	if s.slot < 0 {
		return s.lit
	}
	return v.ints[s.slot]
}

// newFastRule returns the fast form of rule, compiled from the parsed tree
// node, or nil when the rule is not a bool rule of the simple shape.
func newFastRule(node ast.Node, rule *Rule) *fastRule {
	if rule.result != KindBool || len(rule.facts) > maxFastFacts {
		return nil
	}
	fr := &fastRule{}
	c := fastCompiler{rule: rule, fr: fr}
	root, ok := c.boolean(node)
	if !ok || len(fr.facts) != len(rule.facts) {
		// The facts read must be those the virtual machine path checks; a
		// rule names each of its facts, so this holds for every rule of
		// the shape, but a mismatch would change the errors.
		return nil
	}
	fr.root = root
	fr.one = newFastOne(fr)
	return fr
}

type fastCompiler struct {
	rule *Rule
	fr   *fastRule
}

// slot returns the slot of the fact name, which must have kind want.
func (c *fastCompiler) slot(name string, want Kind) (int, bool) {
	for i, f := range c.fr.facts {
		if f.name == name {
			return i, f.kind == want
		}
	}
	for _, f := range c.rule.facts {
		if f.name == name && f.kind == want && len(c.fr.facts) < maxFastFacts {
			c.fr.facts = append(c.fr.facts, fastFact{name: name, kind: want, field: f.field})
			return len(c.fr.facts) - 1, true
		}
	}
	return 0, false
}

// boolean translates a bool expression.
func (c *fastCompiler) boolean(node ast.Node) (fastNode, bool) {
	switch x := node.(type) {
	case *ast.BoolNode:
		return fastNode{op: fConst, b: x.Value}, true
	case *ast.IdentifierNode:
		s, ok := c.slot(x.Value, KindBool)
		return fastNode{op: fBoolFact, slot: s}, ok
	case *ast.UnaryNode:
		if x.Operator != "!" && x.Operator != "not" {
			return fastNode{}, false
		}
		k, ok := c.boolean(x.Node)
		return fastNode{op: fNot, kids: []fastNode{k}}, ok
	case *ast.BinaryNode:
		switch x.Operator {
		case "&&", "and", "||", "or":
			return c.logical(x)
		case "==", "!=", "<", "<=", ">", ">=":
			return c.compare(x)
		case "in":
			return c.in(x)
		}
	}
	return fastNode{}, false
}

func (c *fastCompiler) logical(x *ast.BinaryNode) (fastNode, bool) {
	op := fAnd
	if x.Operator == "||" || x.Operator == "or" {
		op = fOr
	}
	l, okL := c.boolean(x.Left)
	r, okR := c.boolean(x.Right)
	if !okL || !okR {
		return fastNode{}, false
	}
	// A chain of one operator is one node: a && b && c.
	var kids []fastNode
	for _, k := range []fastNode{l, r} {
		if k.op == op {
			kids = append(kids, k.kids...)
		} else {
			kids = append(kids, k)
		}
	}
	return fastNode{op: op, kids: kids}, true
}

func (c *fastCompiler) compare(x *ast.BinaryNode) (fastNode, bool) {
	op := parseCmpOp(x.Operator)
	if l, ok := c.str(x.Left); ok {
		r, ok := c.str(x.Right)
		switch {
		case !ok:
			return fastNode{}, false
		case op == opEQ:
			return fastNode{op: fStrEq, l: l, r: r}, true
		case op == opNE:
			return fastNode{op: fStrNe, l: l, r: r}, true
		}
		return fastNode{}, false // strings ordered: left to the machine
	}
	if l, ok := c.integer(x.Left); ok {
		r, ok := c.integer(x.Right)
		return fastNode{op: fIntCmp, cmp: op, il: l, ir: r}, ok
	}
	if op != opEQ && op != opNE {
		return fastNode{}, false
	}
	l, okL := c.boolean(x.Left)
	r, okR := c.boolean(x.Right)
	n := fastNode{op: fBoolEq, kids: []fastNode{l, r}}
	if op == opNE {
		n.op = fBoolNe
	}
	return n, okL && okR
}

func (c *fastCompiler) in(x *ast.BinaryNode) (fastNode, bool) {
	l, ok := c.str(x.Left)
	arr, isArr := x.Right.(*ast.ArrayNode)
	if !ok || !isArr {
		return fastNode{}, false
	}
	lits := make([]string, 0, len(arr.Nodes))
	for _, el := range arr.Nodes {
		s, ok := el.(*ast.StringNode)
		if !ok {
			return fastNode{}, false
		}
		lits = append(lits, s.Value)
	}
	return fastNode{op: fStrIn, l: l, lits: lits}, true
}

// str translates a string operand: a literal or a string fact.
func (c *fastCompiler) str(node ast.Node) (fastStr, bool) {
	switch x := node.(type) {
	case *ast.StringNode:
		return fastStr{slot: -1, lit: x.Value}, true
	case *ast.IdentifierNode:
		if f, ok := c.rule.schema.Field(x.Value); ok && f.Kind == KindString {
			s, ok := c.slot(x.Value, KindString)
			return fastStr{slot: s}, ok
		}
	}
	return fastStr{}, false
}

// integer translates an int operand: a literal, possibly negated, or an int
// fact.
func (c *fastCompiler) integer(node ast.Node) (fastInt, bool) {
	switch x := node.(type) {
	case *ast.IntegerNode:
		return fastInt{slot: -1, lit: x.Value}, true
	case *ast.UnaryNode:
		if n, ok := x.Node.(*ast.IntegerNode); ok && x.Operator == "-" {
			return fastInt{slot: -1, lit: -n.Value}, true
		}
	case *ast.IdentifierNode:
		if f, ok := c.rule.schema.Field(x.Value); ok && f.Kind == KindInt {
			s, ok := c.slot(x.Value, KindInt)
			return fastInt{slot: s}, ok
		}
	}
	return fastInt{}, false
}

// eval evaluates the rule on facts; ok is false when the virtual machine
// must evaluate it instead: a fact is missing or of the wrong Go type, or
// facts are neither a map nor the schema's struct.
func (fr *fastRule) eval(r *Rule, facts any) (v, ok bool) {
	if fr.one != nil {
		switch m := facts.(type) {
		case Facts:
			return fr.one.eval(m)
		case map[string]any:
			return fr.one.eval(m)
		}
	}
	var s fastSlots
	switch m := facts.(type) {
	case Facts:
		ok = fr.loadMap(m, &s)
	case map[string]any:
		ok = fr.loadMap(m, &s)
	default:
		ok = fr.loadStruct(r.schema.structType, facts, &s)
	}
	if !ok {
		return false, false
	}
	return fr.root.eval(&s), true
}

func (fr *fastRule) loadMap(m map[string]any, s *fastSlots) bool {
	for i := range fr.facts {
		f := &fr.facts[i]
		x, ok := m[f.name]
		if !ok {
			return false
		}
		switch f.kind {
		case KindString:
			s.strs[i], ok = x.(string)
		case KindBool:
			s.bools[i], ok = x.(bool)
		case KindInt:
			s.ints[i], ok = x.(int)
		}
		if !ok {
			return false
		}
	}
	return true
}

// loadStruct reads the facts from a value, or pointer to a value, of the
// SchemaOf struct type t, as Rule.fromStruct does.
func (fr *fastRule) loadStruct(t reflect.Type, facts any, s *fastSlots) bool {
	if t == nil {
		return false
	}
	v := reflect.ValueOf(facts)
	if v.Kind() == reflect.Pointer && v.Type().Elem() == t {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if !v.IsValid() || v.Type() != t {
		return false
	}
	for i := range fr.facts {
		f := &fr.facts[i]
		fv := v.Field(f.field)
		switch f.kind {
		case KindString:
			s.strs[i] = fv.String()
		case KindBool:
			s.bools[i] = fv.Bool()
		case KindInt:
			s.ints[i] = int(fv.Int())
		}
	}
	return true
}

func (x *fastNode) eval(v *fastSlots) bool {
	switch x.op {
	case fConst:
		return x.b
	case fBoolFact:
		return v.bools[x.slot]
	case fStrEq:
		return x.l.value(v) == x.r.value(v)
	case fStrNe:
		return x.l.value(v) != x.r.value(v)
	case fStrIn:
		s := x.l.value(v)
		for _, lit := range x.lits {
			if s == lit {
				return true
			}
		}
		return false
	case fIntCmp:
		return x.cmp.holds(cmp.Compare(x.il.value(v), x.ir.value(v)))
	case fBoolEq:
		return x.kids[0].eval(v) == x.kids[1].eval(v)
	case fBoolNe:
		return x.kids[0].eval(v) != x.kids[1].eval(v)
	case fNot:
		return !x.kids[0].eval(v)
	case fAnd:
		for i := range x.kids {
			if !x.kids[i].eval(v) {
				return false
			}
		}
		return true
	case fOr:
		for i := range x.kids {
			if x.kids[i].eval(v) {
				return true
			}
		}
		return false
	}
	return false
}
