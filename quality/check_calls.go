package quality

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"
)

// allowedFunctions are the functions of the rule language: the bounded
// predicates over lists, a few string helpers, and decimal-aware
// replacements of expr's number builtins.
var allowedFunctions = []string{
	"all", "any", "none", "one", "filter", "count",
	"len", "lower", "upper", "trim",
	"min", "max", "abs", "round", "duration",
}

// refusedHints explain why some of expr's builtins are refused.
var refusedHints = map[string]string{
	"now":      "the evaluation time is not built in: declare a time fact such as \"now\" in the schema and pass it",
	"date":     "times come from facts, which carry their own location",
	"timezone": "times come from facts, which carry their own location",
	"repeat":   "rules build only short strings",
	"map":      "use filter, count, any or all",
	"reduce":   "use count, any or all",
	"sum":      "add the values in the host and pass the sum as a fact",
	"float":    "number literals are exact decimals already",
	"int":      "use round(x, 0, \"down\")",
	"ceil":     "use round(x, 0, \"ceiling\")",
	"floor":    "use round(x, 0, \"floor\")",
}

func (c *checker) call(n *ast.CallNode) value {
	switch callee := n.Callee.(type) {
	case *ast.MemberNode:
		name := "?"
		if p, ok := callee.Property.(*ast.StringNode); ok {
			name = p.Value
		}
		return c.errorf(at(callee.Property), ErrUnsafe, "use the functions of the rule language, such as len(x) or lower(x)",
			"method call .%s() is not allowed in rules", name)
	case *ast.IdentifierNode:
		name := callee.Value
		for _, a := range n.Arguments {
			if _, isPred := a.(*ast.PredicateNode); !isPred {
				c.visit(a) // report unknown names inside, too
			}
		}
		if _, ok := c.schema.Field(name); ok {
			return c.errorf(at(n), ErrType, "", "%s is a fact, not a function", name)
		}
		return c.errorf(at(n), ErrUnknownName, suggest(name, allowedFunctions), "unknown function %q", name)
	}
	return c.errorf(at(n), ErrUnsafe, "", "this call is not allowed in rules")
}

func (c *checker) builtin(n *ast.BuiltinNode) value {
	switch n.Name {
	case "all", "any", "none", "one", "filter", "count":
		return c.predicate(n)
	case "len":
		return c.length(n)
	case "lower", "upper", "trim":
		return c.stringFunc(n)
	case "min", "max":
		return c.minMax(n)
	case "abs":
		return c.abs(n)
	case "round":
		return c.round(n)
	case "duration":
		return c.duration(n)
	}
	hint, ok := refusedHints[n.Name]
	if !ok {
		hint = suggest(n.Name, allowedFunctions)
	}
	if hint == "" {
		sorted := append([]string(nil), allowedFunctions...)
		sort.Strings(sorted)
		hint = "allowed functions: " + strings.Join(sorted, ", ")
	}
	return c.errorf(at(n), ErrUnsafe, hint, "function %s is not allowed in rules", n.Name)
}

// args visits the arguments of a call; it reports false if one is bad or if
// their number is outside [lo, hi].
func (c *checker) args(n *ast.BuiltinNode, lo, hi int) ([]value, bool) {
	if len(n.Arguments) < lo || len(n.Arguments) > hi {
		want := "at least one argument"
		switch {
		case lo == hi && lo == 1:
			want = "one argument"
		case lo == hi:
			want = strconv.Itoa(lo) + " arguments"
		case hi < 10:
			want = strconv.Itoa(lo) + " or " + strconv.Itoa(hi) + " arguments"
		}
		c.errorf(at(n), ErrType, "", "%s takes %s, not %d", n.Name, want, len(n.Arguments))
		return nil, false
	}
	vs := make([]value, len(n.Arguments))
	ok := true
	for i, a := range n.Arguments {
		vs[i] = c.visit(a)
		ok = ok && vs[i].t != tBad
	}
	return vs, ok
}

func builtinNode(loc fileLocation, name string, args ...ast.Node) ast.Node {
	b := &ast.BuiltinNode{Name: name, Arguments: args}
	b.SetLocation(loc)
	return b
}

// predicate handles all, any, none, one, filter and count: one loop over a
// list, whose condition may not loop again.
func (c *checker) predicate(n *ast.BuiltinNode) value {
	if c.inPred {
		return c.errorf(at(n), ErrUnsafe, "compute the inner list first with let, outside the condition",
			"%s inside the condition of another all, any, filter, ... is a loop inside a loop", n.Name)
	}
	if len(n.Arguments) != 2 {
		return c.errorf(at(n), ErrType, "write "+n.Name+"(list, condition), such as count(tags, # == \"repair\")",
			"%s needs a list and a condition", n.Name)
	}
	pred, ok := n.Arguments[1].(*ast.PredicateNode)
	if !ok {
		return c.errorf(at(n), ErrSyntax, "", "%s needs a condition as its second argument", n.Name)
	}
	coll := c.visit(n.Arguments[0])
	if coll.t == tBad {
		return bad
	}
	if !coll.t.isList() {
		return c.errorf(at(n.Arguments[0]), ErrType, "", "%s needs a list, not %v", n.Name, coll.t)
	}
	c.inPred, c.predElem = true, coll.t.elem()
	body := c.visit(pred.Node)
	c.inPred, c.predElem = false, tBad
	if body.t == tBad {
		return bad
	}
	if body.t != tBool {
		return c.errorf(at(pred.Node), ErrType, "", "the condition of %s is %v, not bool", n.Name, body.t)
	}
	p := &ast.PredicateNode{Node: body.node}
	p.SetLocation(pred.Location())
	out := value{node: builtinNode(n.Location(), n.Name, coll.node, p)}
	switch n.Name {
	case "filter":
		out.t = coll.t
	case "count":
		out.t = tInt
	default:
		out.t = tBool
	}
	return out
}

func (c *checker) length(n *ast.BuiltinNode) value {
	vs, ok := c.args(n, 1, 1)
	if !ok {
		return bad
	}
	x := vs[0]
	if x.t != tString && !x.t.isList() {
		return c.errorf(at(n), ErrType, "", "len needs a string or a list, not %v", x.t)
	}
	if s, isConst := x.c.(string); isConst {
		return constant(n.Location(), len([]rune(s)))
	}
	return value{node: builtinNode(n.Location(), "len", x.node), t: tInt}
}

func (c *checker) stringFunc(n *ast.BuiltinNode) value {
	hi := 1
	if n.Name == "trim" {
		hi = 2
	}
	vs, ok := c.args(n, 1, hi)
	if !ok {
		return bad
	}
	nodes := make([]ast.Node, len(vs))
	for i, v := range vs {
		if v.t != tString {
			return c.errorf(at(n.Arguments[i]), ErrType, "", "%s needs strings, not %v", n.Name, v.t)
		}
		nodes[i] = v.node
	}
	return value{node: builtinNode(n.Location(), n.Name, nodes...), t: tString, copies: vs[0].copies}
}

func (c *checker) minMax(n *ast.BuiltinNode) value {
	vs, ok := c.args(n, 1, 1<<30)
	if !ok {
		return bad
	}
	t := vs[0].t
	for i, v := range vs {
		switch {
		case v.t.isNumber() && t.isNumber():
			if v.t == tDecimal {
				t = tDecimal
			}
		case v.t == tDuration && t == tDuration:
		default:
			return c.errorf(at(n.Arguments[i]), ErrType, "", "%s needs numbers or durations, not %v", n.Name, v.t)
		}
	}
	isMin := n.Name == "min"
	acc := vs[0]
	acc.quo = nil
	for _, v := range vs[1:] {
		var f any
		switch {
		case t == tInt && isMin:
			f = intMin
		case t == tInt:
			f = intMax
		case t == tDuration && isMin:
			f = durMin
		case t == tDuration:
			f = durMax
		case isMin:
			f = c.ar.minDec
		default:
			f = c.ar.maxDec
		}
		if acc.c != nil && v.c != nil {
			a, b := acc.c, v.c
			acc = c.folded(n.Location(), func() any {
				switch f := f.(type) {
				case func(int, int) int:
					return f(a.(int), b.(int))
				case func(any, any) any:
					return f(a, b)
				}
				return nil
			})
			continue
		}
		switch {
		case t == tDecimal && isMin:
			acc = fuse2(n.Location(), acc, v, minD, c.ar.minDec)
		case t == tDecimal:
			acc = fuse2(n.Location(), acc, v, maxD, c.ar.maxDec)
		default:
			acc = value{node: call(n.Location(), f, acc.node, v.node), t: t}
		}
	}
	if acc.t == tInt && t == tDecimal {
		acc.t = tDecimal
	}
	return acc
}

func (c *checker) abs(n *ast.BuiltinNode) value {
	vs, ok := c.args(n, 1, 1)
	if !ok {
		return bad
	}
	x := vs[0]
	loc := n.Location()
	switch x.t {
	case tInt:
		if x.c != nil {
			return c.folded(loc, func() any { return intAbs(x.c.(int)) })
		}
		return value{node: call(loc, intAbs, x.node), t: tInt}
	case tDecimal:
		if x.c != nil {
			return constant(loc, toDec(x.c).Abs())
		}
		return fuse1(loc, x, decimal.Decimal.Abs, c.ar.abs)
	case tDuration:
		if x.c != nil {
			return c.folded(loc, func() any { return durAbs(x.c) })
		}
		return value{node: call(loc, durAbs, x.node), t: tDuration}
	}
	return c.errorf(at(n), ErrType, "", "abs needs a number or a duration, not %v", x.t)
}

const roundHint = `write round(x, places, mode) with mode "half_up", "half_even", "down", "up", "floor" or "ceiling"`

func (c *checker) round(n *ast.BuiltinNode) value {
	if len(n.Arguments) != 3 {
		c.args(n, 0, 1<<30) // report unknown names in the arguments
		return c.errorf(at(n), ErrType, roundHint, "round needs a value, a number of places and a rounding mode")
	}
	vs, ok := c.args(n, 3, 3)
	if !ok {
		return bad
	}
	x, places, mode := vs[0], vs[1], vs[2]
	if !x.t.isNumber() {
		return c.errorf(at(n.Arguments[0]), ErrType, "", "round needs a number, not %v", x.t)
	}
	p, ok := places.c.(int)
	if !ok {
		return c.errorf(at(n.Arguments[1]), ErrType, roundHint, "the places of round must be a constant int")
	}
	if limit := c.cfg.limits.MaxDigits; p > limit || p < -limit {
		return c.errorf(at(n.Arguments[1]), ErrLimit, "", "round to %d places: places must be within ±%d", p, limit)
	}
	name, ok := mode.c.(string)
	if !ok {
		return c.errorf(at(n.Arguments[2]), ErrType, roundHint, "the mode of round must be a constant string")
	}
	m, err := ParseRounding(name)
	if err != nil {
		return c.errorf(at(n.Arguments[2]), ErrType, roundHint, "unknown rounding mode %q", name)
	}
	f := c.ar.rounder(int32(p), m)
	if x.c != nil {
		return c.folded(n.Location(), func() any { return f(x.c) })
	}
	return fuse1(n.Location(), x, c.ar.rounderD(int32(p), m), f)
}

func (c *checker) duration(n *ast.BuiltinNode) value {
	vs, ok := c.args(n, 1, 1)
	if !ok {
		return bad
	}
	s, isConst := vs[0].c.(string)
	if !isConst {
		return c.errorf(at(n.Arguments[0]), ErrUnsafe, `write the duration in the rule, such as duration("20m")`,
			"duration() takes a constant string")
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return c.errorf(at(n.Arguments[0]), ErrType, `such as "20m", "3h" or "1h30m"`, "invalid duration %q", s)
	}
	return constant(n.Location(), d)
}
