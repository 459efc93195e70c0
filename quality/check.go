package quality

import (
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"
)

// The checker walks the tree expr's parser produced, checks it against the
// schema, the kinds of the rule language and the safety profile, and at the
// same time lowers it into the tree that expr compiles: decimal literals
// become decimal constants, decimal and checked int arithmetic become calls of
// the functions in ops.go, and comparisons with a quotient become exact
// fraction comparisons (ratio.go). It records every error it can find rather
// than stopping at the first.

// typ is the static type of a value in a rule: a Kind, or a list.
type typ uint8

const (
	tBad      typ = iota // an error was reported for this value
	tString              // string
	tBool                // bool
	tInt                 // int
	tDecimal             // decimal.Decimal (or an int promoted to decimal)
	tDuration            // time.Duration
	tTime                // time.Time
	tStrings             // list of strings
	tInts                // list of ints: a range or a literal list
	tDecimals            // list of numbers: a literal list
)

var typNames = [...]string{
	tBad:      "invalid",
	tString:   "string",
	tBool:     "bool",
	tInt:      "int",
	tDecimal:  "decimal",
	tDuration: "duration",
	tTime:     "time",
	tStrings:  "list of strings",
	tInts:     "list of ints",
	tDecimals: "list of numbers",
}

func (t typ) String() string { return typNames[t] }

func (t typ) isNumber() bool { return t == tInt || t == tDecimal }
func (t typ) isList() bool   { return t == tStrings || t == tInts || t == tDecimals }

func (t typ) elem() typ {
	switch t {
	case tStrings:
		return tString
	case tInts:
		return tInt
	case tDecimals:
		return tDecimal
	}
	return tBad
}

func typOfKind(k Kind) typ {
	switch k {
	case KindString:
		return tString
	case KindBool:
		return tBool
	case KindInt:
		return tInt
	case KindDecimal:
		return tDecimal
	case KindDuration:
		return tDuration
	case KindTime:
		return tTime
	case KindStrings:
		return tStrings
	}
	return tBad
}

// kind returns the Kind of t, or KindInvalid for the internal list types.
func (t typ) kind() Kind {
	switch t {
	case tString:
		return KindString
	case tBool:
		return KindBool
	case tInt:
		return KindInt
	case tDecimal:
		return KindDecimal
	case tDuration:
		return KindDuration
	case tTime:
		return KindTime
	case tStrings:
		return KindStrings
	}
	return KindInvalid
}

// value is a checked and lowered expression.
type value struct {
	node ast.Node // the lowered tree
	t    typ
	// c is the value when it is a constant known at compile time: an int,
	// decimal.Decimal, string, bool or time.Duration; nil otherwise.
	c any
	// quo is set when the value is a quotient x / y of numbers, so that a
	// comparison with it can be decided exactly.
	quo *quotient
	// fz is set for a decimal computed by operations that a parent operation
	// may fuse with its own (see fuse.go).
	fz *fusion
	// constList is set for a list whose elements are all constants.
	constList bool
	// copies bounds, for a string, how many fact strings it may be built
	// from: 1 for a fact, the sum of both sides for a + b. Together with the
	// length of the rule's own text it bounds the length of any string the
	// rule can build, at compile time.
	copies int
}

// maxStringCopies bounds value.copies: a rule may join at most this many
// fact strings into one, so that doubling a string with let is refused.
const maxStringCopies = 16

type quotient struct {
	x, y value
	at   int // rune offset of the '/'
}

var bad = value{t: tBad}

type localVar struct {
	name string
	v    value // its type, and its constant value when known
}

type checker struct {
	src      string
	schema   *Schema
	cfg      *config
	ar       *arith
	concat   func(string, string) string
	literals map[int]string
	ec       *errorCollector

	vars     []localVar
	inPred   bool // inside the condition of all, any, filter, ...
	predElem typ  // the type of # there
	uses     map[string]int
}

func (c *checker) errorf(at int, sentinel error, hint, format string, args ...any) value {
	c.ec.add(at, sentinel, hint, format, args...)
	return bad
}

// at returns the rune offset of a node in the source.
func at(n ast.Node) int { return n.Location().From }

func (c *checker) visit(n ast.Node) value {
	switch n := n.(type) {
	case *ast.NilNode:
		return c.errorf(at(n), ErrType, "facts always have a value", "nil is not a value in rules")
	case *ast.IdentifierNode:
		return c.identifier(n)
	case *ast.IntegerNode:
		return constant(n.Location(), n.Value)
	case *ast.FloatNode:
		return c.decimalLiteral(n)
	case *ast.BoolNode:
		return constant(n.Location(), n.Value)
	case *ast.StringNode:
		return constant(n.Location(), n.Value)
	case *ast.BytesNode:
		return c.errorf(at(n), ErrType, "", "bytes literals are not part of the rule language")
	case *ast.UnaryNode:
		return c.unary(n)
	case *ast.BinaryNode:
		return c.binary(n)
	case *ast.ChainNode:
		return c.visit(n.Node)
	case *ast.MemberNode:
		return c.member(n)
	case *ast.SliceNode:
		return c.errorf(at(n), ErrUnsafe, "use any, all, count or in on lists", "slicing is not allowed in rules")
	case *ast.CallNode:
		return c.call(n)
	case *ast.BuiltinNode:
		return c.builtin(n)
	case *ast.PointerNode:
		return c.pointer(n)
	case *ast.VariableDeclaratorNode:
		return c.let(n)
	case *ast.SequenceNode:
		return c.sequence(n)
	case *ast.ConditionalNode:
		return c.conditional(n)
	case *ast.ArrayNode:
		return c.array(n)
	case *ast.MapNode, *ast.PairNode:
		return c.errorf(at(n), ErrUnsafe, "", "map literals are not allowed in rules")
	case *ast.PredicateNode:
		return c.errorf(at(n), ErrSyntax, "", "a condition is allowed only as the last argument of all, any, none, one, filter or count")
	}
	return c.errorf(at(n), ErrSyntax, "", "unsupported expression %T", n)
}

func (c *checker) identifier(n *ast.IdentifierNode) value {
	name := n.Value
	for i := len(c.vars) - 1; i >= 0; i-- {
		if c.vars[i].name == name {
			v := c.vars[i].v
			if v.c != nil {
				cv := constant(n.Location(), v.c)
				cv.quo = v.quo // a constant quotient still compares exactly
				return cv
			}
			return value{node: ident(n.Location(), name), t: v.t, constList: v.constList, quo: v.quo, copies: v.copies}
		}
	}
	if f, ok := c.schema.Field(name); ok {
		if _, seen := c.uses[name]; !seen {
			c.uses[name] = at(n)
		}
		return value{node: ident(n.Location(), name), t: typOfKind(f.Kind), copies: 1}
	}
	switch name {
	case "now", "today":
		return c.errorf(at(n), ErrUnknownName,
			"the evaluation time is not built in: declare a time fact such as \"now\" in the schema and pass it",
			"unknown name %q", name)
	case "$env":
		return c.errorf(at(n), ErrUnsafe, "", "$env is not allowed in rules")
	}
	return c.errorf(at(n), ErrUnknownName, suggest(name, c.nameCandidates()), "unknown name %q", name)
}

// nameCandidates lists the names a rule may use here, for "did you mean".
func (c *checker) nameCandidates() []string {
	out := c.schema.names()
	for i := len(c.vars) - 1; i >= 0; i-- {
		out = append(out, c.vars[i].name)
	}
	return out
}

func (c *checker) decimalLiteral(n *ast.FloatNode) value {
	text, ok := c.literals[at(n)]
	if !ok {
		return c.errorf(at(n), ErrSyntax, "", "number literal not found in the source")
	}
	d, err := decimal.NewFromString(strings.ReplaceAll(text, "_", ""))
	if err != nil {
		return c.errorf(at(n), ErrSyntax, "", "invalid number %q", text)
	}
	if !c.ar.fits(d) {
		return c.errorf(at(n), ErrLimit, "", "number %s has more than %d digits or an exponent beyond ±%d",
			text, c.cfg.limits.MaxDigits, c.cfg.limits.MaxDigits)
	}
	return constant(n.Location(), d)
}

func (c *checker) member(n *ast.MemberNode) value {
	if _, ok := n.Property.(*ast.StringNode); ok && !n.Method {
		return c.errorf(at(n), ErrUnsafe, "facts are plain values: name the fact itself",
			"field access (.%s) is not allowed in rules", n.Property.(*ast.StringNode).Value)
	}
	return c.errorf(at(n), ErrUnsafe, "use any, all, count or in on lists", "indexing is not allowed in rules")
}

func (c *checker) pointer(n *ast.PointerNode) value {
	if !c.inPred {
		return c.errorf(at(n), ErrSyntax, "", "# is allowed only inside the condition of all, any, none, one, filter or count")
	}
	switch n.Name {
	case "":
		p := &ast.PointerNode{}
		p.SetLocation(n.Location())
		return value{node: p, t: c.predElem, copies: 1}
	}
	return c.errorf(at(n), ErrUnsafe, "", "#%s is not allowed in rules", n.Name)
}

func (c *checker) let(n *ast.VariableDeclaratorNode) value {
	if _, ok := c.schema.Field(n.Name); ok {
		return c.errorf(at(n), ErrType, "choose another name", "let %s: %s is the name of a fact", n.Name, n.Name)
	}
	if reservedWords[n.Name] {
		return c.errorf(at(n), ErrType, "choose another name", "let %s: %s is a reserved word", n.Name, n.Name)
	}
	for _, v := range c.vars {
		if v.name == n.Name {
			return c.errorf(at(n), ErrType, "choose another name", "let %s: %s is already declared", n.Name, n.Name)
		}
	}
	v := c.visit(n.Value)
	c.vars = append(c.vars, localVar{name: n.Name, v: v})
	body := c.visit(n.Expr)
	c.vars = c.vars[:len(c.vars)-1]
	if v.t == tBad || body.t == tBad {
		return bad
	}
	if body.c != nil || v.c != nil {
		// A constant is inlined where it is used; the declaration is gone.
		return body
	}
	d := &ast.VariableDeclaratorNode{Name: n.Name, Value: v.node, Expr: body.node}
	d.SetLocation(n.Location())
	body.node = d
	// The quotient's and the fusion's operands may name the variable, which
	// exists only inside the declaration: a parent must use the node.
	body.quo, body.fz = nil, nil
	return body
}

func (c *checker) sequence(n *ast.SequenceNode) value {
	var last value
	nodes := make([]ast.Node, 0, len(n.Nodes))
	ok := true
	for _, e := range n.Nodes {
		last = c.visit(e)
		ok = ok && last.t != tBad
		nodes = append(nodes, last.node)
	}
	if !ok {
		return bad
	}
	s := &ast.SequenceNode{Nodes: nodes}
	s.SetLocation(n.Location())
	return value{node: s, t: last.t}
}

// conditionalAt finds a place for a conditional: the parser leaves none on
// the if/else form, and places the ternary form after its end.
func conditionalAt(n *ast.ConditionalNode) int { return at(n.Cond) }

func (c *checker) conditional(n *ast.ConditionalNode) value {
	if n.Exp1 == n.Cond {
		return c.errorf(conditionalAt(n), ErrType, "write cond ? a : b", "the ?: shorthand is not allowed in rules")
	}
	cond := c.visit(n.Cond)
	a := c.visit(n.Exp1)
	b := c.visit(n.Exp2)
	if cond.t == tBad || a.t == tBad || b.t == tBad {
		return bad
	}
	if cond.t != tBool {
		return c.errorf(at(n.Cond), ErrType, "", "condition is %v, not bool", cond.t)
	}
	t, ok := unify(a.t, b.t)
	if !ok {
		return c.errorf(at(n.Exp2), ErrType, "", "the two branches have different kinds: %v and %v", a.t, b.t)
	}
	if cv, isConst := cond.c.(bool); isConst {
		chosen := b
		if cv {
			chosen = a
		}
		chosen.t = t
		return chosen
	}
	out := &ast.ConditionalNode{Ternary: true, Cond: cond.node, Exp1: a.node, Exp2: b.node}
	out.SetLocation(n.Location())
	return value{node: out, t: t, constList: a.constList && b.constList, copies: max(a.copies, b.copies)}
}

// unify returns the type of a value that is either an a or a b.
func unify(a, b typ) (typ, bool) {
	switch {
	case a == b:
		return a, true
	case a.isNumber() && b.isNumber():
		return tDecimal, true
	case (a == tInts || a == tDecimals) && (b == tInts || b == tDecimals):
		return tDecimals, true
	}
	return tBad, false
}

func (c *checker) array(n *ast.ArrayNode) value {
	if len(n.Nodes) == 0 {
		return c.errorf(at(n), ErrType, "", "an empty list has no kind")
	}
	t := tBad
	nodes := make([]ast.Node, 0, len(n.Nodes))
	allConst, ok := true, true
	for _, e := range n.Nodes {
		v := c.visit(e)
		if v.t == tBad {
			ok = false
			continue
		}
		switch v.t {
		case tString, tInt, tDecimal:
		default:
			c.errorf(at(e), ErrType, "", "a list holds strings or numbers, not %v", v.t)
			ok = false
			continue
		}
		if t == tBad {
			t = v.t
		} else if u, same := unify(t, v.t); same {
			t = u
		} else {
			c.errorf(at(e), ErrType, "", "list mixes %v and %v", t, v.t)
			ok = false
			continue
		}
		allConst = allConst && v.c != nil
		nodes = append(nodes, v.node)
	}
	if !ok {
		return bad
	}
	a := &ast.ArrayNode{Nodes: nodes}
	a.SetLocation(n.Location())
	lt := map[typ]typ{tString: tStrings, tInt: tInts, tDecimal: tDecimals}[t]
	return value{node: a, t: lt, constList: allConst}
}

// constant returns a constant value with its lowered node.
func constant(loc fileLocation, v any) value {
	var n ast.Node
	var t typ
	switch v := v.(type) {
	case int:
		n, t = &ast.IntegerNode{Value: v}, tInt
	case decimal.Decimal:
		n, t = &ast.ConstantNode{Value: v}, tDecimal
	case string:
		n, t = &ast.StringNode{Value: v}, tString
	case bool:
		n, t = &ast.BoolNode{Value: v}, tBool
	case time.Duration:
		n, t = &ast.ConstantNode{Value: v}, tDuration
	default:
		return bad
	}
	n.SetLocation(loc)
	return value{node: n, t: t, c: v}
}

func ident(loc fileLocation, name string) ast.Node {
	n := &ast.IdentifierNode{Value: name}
	n.SetLocation(loc)
	return n
}
