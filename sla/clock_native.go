package sla

import (
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/servq/servq/quality"
)

// native is a clock rule simple enough to evaluate without expr's virtual
// machine, which costs a hundred nanoseconds or more per evaluation (a
// pooled machine, the facts checked and copied into its slots, the
// bytecode run). quality has its own path without the machine for such
// bool rules; the clocks keep theirs because it reads the fact "event"
// from the event's name (quality would need a copy of the facts map with
// "event" added), evaluates a deadline that is one time fact, and compares
// one string fact with one literal in about half the time. Conditions are
// nearly always of this shape:
//
//	status == "pending_customer"
//	event == "a" || status in ["x", "y"]
//	not human_caused && priority != "urgent"
//
// that is: string facts (and the event's name) compared with == or != to
// string literals or to each other, tested with in against a list of
// string literals; bool facts and literals; and !, not, &&, and, ||, or of
// those. A time rule that is one time fact (a deadline such as
// "appointment_end") is native too.
//
// The result is the rule's: quality compiled the same text, and these
// operators mean the same in its language (Go's string equality; no
// evaluation error is possible once the facts are there). Before
// evaluating, every fact the rule reads is looked up and its Go type checked,
// as quality does; when one is missing or of another type, the caller runs
// the quality rule instead, which reports the error exactly as it always
// did.
type native struct {
	facts []nativeFact // the facts the rule reads, each loaded once into a slot
	root  nativeNode
	// eq: the rule is one string fact compared with one literal (==, or !=
	// when ne), the commonest shape, evaluated without slots.
	eq, ne bool
}

// maxNativeFacts bounds the facts of a native rule (the slots live on the
// stack).
const maxNativeFacts = 4

// nativeFact is a fact a native rule reads and the slot its value goes to.
type nativeFact struct {
	name  string
	kind  quality.Kind // KindString, KindBool or KindTime
	event bool         // the fact "event": the event's name
}

// nativeOp is the operation of a node of a native rule.
type nativeOp uint8

const (
	nInvalid  nativeOp = iota
	nConst             // the bool b
	nBoolFact          // the bool fact in slot
	nEq                // string operands l and r are equal
	nNe                // they differ
	nIn                // string operand l is one of lits
	nBoolEq            // bool kids[0] == kids[1]
	nBoolNe            // bool kids[0] != kids[1]
	nNot               // !kids[0]
	nAnd               // kids[0] && kids[1] && ...
	nOr                // kids[0] || kids[1] || ...
)

// nativeNode is a node of a native boolean rule.
type nativeNode struct {
	op   nativeOp
	b    bool
	slot int
	l, r nativeStr
	lits []string
	kids []nativeNode
}

// nativeStr is a string operand: a literal or the string fact in a slot.
type nativeStr struct {
	slot int // -1 for the literal
	lit  string
}

// nativeSlots hold the values of a native rule's facts for one evaluation.
type nativeSlots struct {
	strs  [maxNativeFacts]string
	bools [maxNativeFacts]bool
	times [maxNativeFacts]time.Time
}

func (s nativeStr) value(v *nativeSlots) string {
	if s.slot < 0 {
		return s.lit
	}
	return v.strs[s.slot]
}

// compileNative returns the native form of a rule that quality compiled
// (rule), or nil when the rule has another shape.
func compileNative(rule *quality.Rule, schema *quality.Schema) *native {
	tree, err := parser.Parse(rule.Source())
	if err != nil {
		return nil
	}
	n := &native{}
	kindOf := func(name string) (quality.Kind, bool) {
		if name == eventFact {
			return quality.KindString, true
		}
		f, ok := schema.Field(name)
		return f.Kind, ok
	}
	slot := func(name string, want quality.Kind) (int, bool) {
		if k, ok := kindOf(name); !ok || k != want {
			return 0, false
		}
		for i, f := range n.facts {
			if f.name == name {
				return i, true
			}
		}
		if len(n.facts) == maxNativeFacts {
			return 0, false
		}
		n.facts = append(n.facts, nativeFact{name: name, kind: want, event: name == eventFact})
		return len(n.facts) - 1, true
	}
	switch rule.Result() {
	case quality.KindBool:
		root, ok := nativeBool(tree.Node, slot)
		if !ok {
			return nil
		}
		n.root = root
	case quality.KindTime:
		id, ok := tree.Node.(*ast.IdentifierNode)
		if !ok {
			return nil
		}
		if _, ok := slot(id.Value, quality.KindTime); !ok {
			return nil
		}
	default:
		return nil
	}
	if r := &n.root; (r.op == nEq || r.op == nNe) && len(n.facts) == 1 && !n.facts[0].event &&
		((r.l.slot == 0 && r.r.slot < 0) || (r.l.slot < 0 && r.r.slot == 0)) {
		n.eq, n.ne = true, r.op == nNe
		if r.l.slot < 0 {
			r.l, r.r = r.r, r.l // the fact on the left, the literal on the right
		}
	}
	// The facts read are those quality checks: no more, no fewer.
	want := rule.Facts()
	if len(want) != len(n.facts) {
		return nil
	}
	for _, name := range want {
		found := false
		for _, f := range n.facts {
			found = found || f.name == name
		}
		if !found {
			return nil
		}
	}
	return n
}

// nativeBool translates a boolean expression.
func nativeBool(node ast.Node, slot func(string, quality.Kind) (int, bool)) (nativeNode, bool) {
	switch x := node.(type) {
	case *ast.BoolNode:
		return nativeNode{op: nConst, b: x.Value}, true
	case *ast.IdentifierNode:
		s, ok := slot(x.Value, quality.KindBool)
		return nativeNode{op: nBoolFact, slot: s}, ok
	case *ast.UnaryNode:
		if x.Operator != "!" && x.Operator != "not" {
			return nativeNode{}, false
		}
		k, ok := nativeBool(x.Node, slot)
		return nativeNode{op: nNot, kids: []nativeNode{k}}, ok
	case *ast.BinaryNode:
		switch x.Operator {
		case "&&", "and", "||", "or":
			op := nAnd
			if x.Operator == "||" || x.Operator == "or" {
				op = nOr
			}
			l, okL := nativeBool(x.Left, slot)
			r, okR := nativeBool(x.Right, slot)
			if !okL || !okR {
				return nativeNode{}, false
			}
			// Flatten chains of one operator: a && b && c is one node.
			var kids []nativeNode
			for _, k := range []nativeNode{l, r} {
				if k.op == op {
					kids = append(kids, k.kids...)
				} else {
					kids = append(kids, k)
				}
			}
			return nativeNode{op: op, kids: kids}, true
		case "==", "!=":
			if l, okL := nativeString(x.Left, slot); okL {
				r, okR := nativeString(x.Right, slot)
				if !okR {
					return nativeNode{}, false
				}
				op := nEq
				if x.Operator == "!=" {
					op = nNe
				}
				return nativeNode{op: op, l: l, r: r}, true
			}
			l, okL := nativeBool(x.Left, slot)
			r, okR := nativeBool(x.Right, slot)
			op := nBoolEq
			if x.Operator == "!=" {
				op = nBoolNe
			}
			return nativeNode{op: op, kids: []nativeNode{l, r}}, okL && okR
		case "in":
			l, ok := nativeString(x.Left, slot)
			arr, isArr := x.Right.(*ast.ArrayNode)
			if !ok || !isArr {
				return nativeNode{}, false
			}
			lits := make([]string, 0, len(arr.Nodes))
			for _, el := range arr.Nodes {
				s, ok := el.(*ast.StringNode)
				if !ok {
					return nativeNode{}, false
				}
				lits = append(lits, s.Value)
			}
			return nativeNode{op: nIn, l: l, lits: lits}, true
		}
	}
	return nativeNode{}, false
}

// nativeString translates a string operand: a literal or a string fact.
func nativeString(node ast.Node, slot func(string, quality.Kind) (int, bool)) (nativeStr, bool) {
	switch x := node.(type) {
	case *ast.StringNode:
		return nativeStr{slot: -1, lit: x.Value}, true
	case *ast.IdentifierNode:
		s, ok := slot(x.Value, quality.KindString)
		return nativeStr{slot: s}, ok
	}
	return nativeStr{}, false
}

// load puts the values of the rule's facts for event e into v. It reports
// false when a fact is missing or has another Go type than its kind's:
// quality's evaluation then reports the error.
func (n *native) load(e *Event, v *nativeSlots) bool {
	for i := range n.facts {
		f := &n.facts[i]
		if f.event {
			v.strs[i] = e.Name
			continue
		}
		x, ok := e.Facts[f.name]
		if !ok {
			return false
		}
		switch f.kind {
		case quality.KindString:
			v.strs[i], ok = x.(string)
		case quality.KindBool:
			v.bools[i], ok = x.(bool)
		case quality.KindTime:
			v.times[i], ok = x.(time.Time)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return true
}

// evalBool evaluates a boolean native rule on e; ok is false when quality
// must evaluate it instead (a fact missing or of the wrong type).
func (n *native) evalBool(e *Event) (v, ok bool) {
	if n.eq {
		x, ok := e.Facts[n.facts[0].name]
		if !ok {
			return false, false
		}
		s, ok := x.(string)
		return (s == n.root.r.lit) != n.ne, ok
	}
	var s nativeSlots
	if !n.load(e, &s) {
		return false, false
	}
	return n.root.eval(&s), true
}

// evalTime evaluates a time native rule (one time fact) on e.
func (n *native) evalTime(e *Event) (time.Time, bool) {
	var s nativeSlots
	if !n.load(e, &s) {
		return time.Time{}, false
	}
	return s.times[0], true
}

func (x *nativeNode) eval(v *nativeSlots) bool {
	switch x.op {
	case nConst:
		return x.b
	case nBoolFact:
		return v.bools[x.slot]
	case nEq:
		return x.l.value(v) == x.r.value(v)
	case nNe:
		return x.l.value(v) != x.r.value(v)
	case nIn:
		s := x.l.value(v)
		for _, lit := range x.lits {
			if s == lit {
				return true
			}
		}
		return false
	case nBoolEq:
		return x.kids[0].eval(v) == x.kids[1].eval(v)
	case nBoolNe:
		return x.kids[0].eval(v) != x.kids[1].eval(v)
	case nNot:
		return !x.kids[0].eval(v)
	case nAnd:
		for i := range x.kids {
			if !x.kids[i].eval(v) {
				return false
			}
		}
		return true
	case nOr:
		for i := range x.kids {
			if x.kids[i].eval(v) {
				return true
			}
		}
		return false
	}
	return false
}
