package quality

import (
	"regexp"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"
)

func (c *checker) unary(n *ast.UnaryNode) value {
	x := c.visit(n.Node)
	if x.t == tBad {
		return bad
	}
	loc := n.Location()
	switch n.Operator {
	case "!", "not":
		if x.t != tBool {
			return c.errorf(at(n), ErrType, "", "%s needs a bool, not %v", n.Operator, x.t)
		}
		if b, ok := x.c.(bool); ok {
			return constant(loc, !b)
		}
		return value{node: unaryNode(loc, "!", x.node), t: tBool}
	case "+":
		if x.t.isNumber() || x.t == tDuration {
			x.quo = nil
			return x
		}
	case "-":
		switch x.t {
		case tInt:
			if x.c != nil {
				return c.folded(loc, func() any { return intNeg(x.c.(int)) })
			}
			return value{node: call(loc, intNeg, x.node), t: tInt}
		case tDecimal:
			if x.c != nil {
				return constant(loc, toDec(x.c).Neg())
			}
			return fuse1(loc, x, decimal.Decimal.Neg, c.ar.neg)
		case tDuration:
			if x.c != nil {
				return c.folded(loc, func() any { return durNeg(x.c) })
			}
			return value{node: call(loc, durNeg, x.node), t: tDuration}
		}
	}
	return c.errorf(at(n), ErrType, "", "%s cannot apply to %v", n.Operator, x.t)
}

func (c *checker) binary(n *ast.BinaryNode) value {
	switch n.Operator {
	case "**", "^":
		return c.errorf(at(n), ErrUnsafe, "multiply instead", "the power operator %s is not allowed in rules", n.Operator)
	case "??":
		return c.errorf(at(n), ErrUnsafe, "facts always have a value", "?? is not allowed in rules")
	}
	l := c.visit(n.Left)
	r := c.visit(n.Right)
	if l.t == tBad || r.t == tBad {
		return bad
	}
	loc := n.Location()
	switch n.Operator {
	case "&&", "and", "||", "or":
		return c.logical(n, l, r)
	case "==", "!=", "<", "<=", ">", ">=":
		return c.compare(n, parseCmpOp(n.Operator), l, r)
	case "+", "-", "*", "/", "%":
		return c.arithmetic(n, l, r)
	case "..":
		return c.rangeOf(n, l, r)
	case "in":
		return c.in(n, l, r)
	case "contains", "startsWith", "endsWith":
		if l.t != tString || r.t != tString {
			return c.errorf(at(n), ErrType, "", "%s needs two strings, not %v and %v", n.Operator, l.t, r.t)
		}
		return value{node: binaryNode(loc, n.Operator, l.node, r.node), t: tBool}
	case "matches":
		return c.matches(n, l, r)
	}
	return c.errorf(at(n), ErrSyntax, "", "operator %s is not part of the rule language", n.Operator)
}

func (c *checker) logical(n *ast.BinaryNode, l, r value) value {
	if l.t != tBool || r.t != tBool {
		return c.errorf(at(n), ErrType, "", "%s needs two bools, not %v and %v", n.Operator, l.t, r.t)
	}
	and := n.Operator == "&&" || n.Operator == "and"
	lb, lc := l.c.(bool)
	rb, rc := r.c.(bool)
	if lc && rc {
		if and {
			return constant(n.Location(), lb && rb)
		}
		return constant(n.Location(), lb || rb)
	}
	op := "||"
	if and {
		op = "&&"
	}
	return value{node: binaryNode(n.Location(), op, l.node, r.node), t: tBool}
}

// compare handles == != < <= > >=.
func (c *checker) compare(n *ast.BinaryNode, op cmpOp, l, r value) value {
	loc := n.Location()
	if l.t.isNumber() && r.t.isNumber() {
		return c.compareNumbers(n, op, l, r)
	}
	if l.t != r.t {
		return c.errorf(at(n), ErrType, "", "cannot compare %v with %v", l.t, r.t)
	}
	switch l.t {
	case tString, tDuration, tTime:
	case tBool:
		if op != opEQ && op != opNE {
			return c.errorf(at(n), ErrType, "", "bools are not ordered: use == or !=")
		}
	default:
		return c.errorf(at(n), ErrType, "", "cannot compare %v values", l.t)
	}
	if l.c != nil && r.c != nil {
		return constant(loc, op.holds(cmpConstants(l.c, r.c)))
	}
	return value{node: binaryNode(loc, n.Operator, l.node, r.node), t: tBool}
}

// cmpConstants compares two constants of the same kind (not numbers).
func cmpConstants(a, b any) int {
	switch a := a.(type) {
	case string:
		b := b.(string)
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
	case time.Duration:
		b := b.(time.Duration)
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
	case bool:
		if a != b.(bool) {
			return 1
		}
	}
	return 0
}

var decCmpFuncs = map[cmpOp]func(any, any) bool{
	opLT: decLT, opLE: decLE, opGT: decGT, opGE: decGE, opEQ: decEQ, opNE: decNE,
}

func (c *checker) compareNumbers(n *ast.BinaryNode, op cmpOp, l, r value) value {
	loc := n.Location()
	if l.quo == nil && r.quo != nil {
		l, r, op = r, l, op.flip()
	}
	if l.quo != nil {
		return c.compareQuotient(n, op, l, r)
	}
	if l.c != nil && r.c != nil {
		return constant(loc, op.holds(toDec(l.c).Cmp(toDec(r.c))))
	}
	if l.t == tInt && r.t == tInt {
		return value{node: binaryNode(loc, n.Operator, l.node, r.node), t: tBool}
	}
	if l.fz != nil || r.fz != nil {
		return value{node: fusedCompare(loc, op, l, r), t: tBool}
	}
	return value{node: call(loc, decCmpFuncs[op], l.node, r.node), t: tBool}
}

// compareQuotient lowers x/y op r, where r may itself be a quotient z/w. The
// comparison is exact; see ratio.go.
func (c *checker) compareQuotient(n *ast.BinaryNode, op cmpOp, l, r value) value {
	x, y := l.quo.x, l.quo.y
	divAt := c.sourceLocation(l.quo.at)
	consts := []any{x.c, y.c}
	if r.quo != nil {
		consts = append(consts, r.quo.x.c, r.quo.y.c)
		if r.quo.y.c != nil && toDec(r.quo.y.c).IsZero() {
			return c.errorf(r.quo.at, ErrDivisionByZero, "", "division by zero")
		}
	} else {
		consts = append(consts, r.c)
	}
	if y.c != nil && toDec(y.c).IsZero() {
		return c.errorf(l.quo.at, ErrDivisionByZero, "", "division by zero")
	}
	allConst := true
	for _, k := range consts {
		allConst = allConst && k != nil
	}
	f := quotientComparer(op)
	if allConst {
		return c.folded(n.Location(), func() any { return f(consts...) })
	}
	if x.t == tInt && y.t == tInt && r.quo == nil && r.c != nil {
		if ir := newIntRatio(op, toDec(r.c)); ir != nil {
			// The only evaluation error is a zero divisor: place it at the '/'.
			return value{node: call(divAt, ir.eval, x.node, y.node), t: tBool}
		}
	}
	var w *value
	wAt := 0
	if r.quo != nil {
		w, wAt, r = &r.quo.y, r.quo.at, r.quo.x
	}
	return value{node: fusedQuotientCompare(n.Location(), op, x, y, r, w, l.quo.at, wAt), t: tBool}
}

// sourceLocation makes a location from a rune offset.
func (c *checker) sourceLocation(offset int) fileLocation {
	return fileLocation{From: offset, To: offset + 1}
}

func (c *checker) arithmetic(n *ast.BinaryNode, l, r value) value {
	loc := n.Location()
	op := n.Operator
	bothConst := l.c != nil && r.c != nil
	switch {
	case l.t == tInt && r.t == tInt && op != "/":
		f := map[string]func(int, int) int{"+": intAdd, "-": intSub, "*": intMul, "%": intMod}[op]
		if bothConst {
			return c.folded(loc, func() any { return f(l.c.(int), r.c.(int)) })
		}
		if op == "%" && r.c == 0 {
			return c.errorf(at(n), ErrDivisionByZero, "", "division by zero")
		}
		return value{node: call(loc, f, l.node, r.node), t: tInt}

	case l.t.isNumber() && r.t.isNumber():
		if op == "%" {
			return c.errorf(at(n), ErrType, "", "%% needs two ints, not %v and %v", l.t, r.t)
		}
		var f func(any, any) any
		var fd func(x, y decimal.Decimal) decimal.Decimal
		switch op {
		case "+":
			f, fd = c.ar.add, c.ar.addD
		case "-":
			f, fd = c.ar.sub, c.ar.subD
		case "*":
			f, fd = c.ar.mul, c.ar.mulD
		case "/":
			f, fd = c.ar.quo, c.ar.quoAt(at(n))
			if r.c != nil && toDec(r.c).IsZero() {
				return c.errorf(at(n), ErrDivisionByZero, "", "division by zero")
			}
		}
		var v value
		if bothConst {
			v = c.folded(loc, func() any { return f(l.c, r.c) })
		} else if op == "*" {
			v = c.ar.fuseMul(loc, l, r)
		} else {
			v = fuse2(loc, l, r, fd, f)
		}
		if op == "/" && v.t != tBad {
			v.quo = &quotient{x: l, y: r, at: at(n)}
		}
		return v

	case l.t == tString && r.t == tString && op == "+":
		if c.inPred {
			return c.errorf(at(n), ErrUnsafe, "build strings outside the condition",
				"joining strings inside the condition of all, any, filter, ... is not allowed")
		}
		if bothConst {
			return c.folded(loc, func() any { return c.concat(l.c.(string), r.c.(string)) })
		}
		if l.copies+r.copies > maxStringCopies {
			return c.errorf(at(n), ErrLimit, "rules build only short strings",
				"this string joins more than %d fact strings", maxStringCopies)
		}
		return value{node: call(loc, c.concat, l.node, r.node), t: tString, copies: l.copies + r.copies}

	case l.t == tDuration && r.t == tDuration && (op == "+" || op == "-"):
		f := durAdd
		if op == "-" {
			f = durSub
		}
		if bothConst {
			return c.folded(loc, func() any { return f(l.c, r.c) })
		}
		return value{node: call(loc, f, l.node, r.node), t: tDuration}

	case op == "*" && ((l.t == tDuration && r.t == tInt) || (l.t == tInt && r.t == tDuration)):
		if bothConst {
			return c.folded(loc, func() any { return durMul(l.c, r.c) })
		}
		return value{node: call(loc, durMul, l.node, r.node), t: tDuration}

	case op == "/" && l.t == tDuration && r.t == tDuration:
		if r.c != nil && r.c.(time.Duration) == 0 {
			return c.errorf(at(n), ErrDivisionByZero, "", "division by zero")
		}
		if bothConst {
			return c.folded(loc, func() any { return c.ar.quoDuration(l.c, r.c) })
		}
		return value{node: call(loc, c.ar.quoDuration, l.node, r.node), t: tDecimal}

	case l.t == tTime && r.t == tDuration && (op == "+" || op == "-"):
		return value{node: binaryNode(loc, op, l.node, r.node), t: tTime}
	case l.t == tDuration && r.t == tTime && op == "+":
		return value{node: binaryNode(loc, op, l.node, r.node), t: tTime}
	case l.t == tTime && r.t == tTime && op == "-":
		return value{node: binaryNode(loc, op, l.node, r.node), t: tDuration}
	}
	hint := ""
	if (l.t == tDuration && r.t == tDecimal) || (l.t == tDecimal && r.t == tDuration) {
		hint = "multiply a duration by an int"
	}
	return c.errorf(at(n), ErrType, hint, "%s cannot apply to %v and %v", op, l.t, r.t)
}

func (c *checker) rangeOf(n *ast.BinaryNode, l, r value) value {
	if l.t != tInt || r.t != tInt {
		return c.errorf(at(n), ErrType, "", "a range needs two ints, not %v and %v", l.t, r.t)
	}
	if l.c == nil || r.c == nil {
		return c.errorf(at(n), ErrUnsafe, "write the bounds as numbers, such as 1..10", "range bounds must be constants")
	}
	lo, hi := l.c.(int), r.c.(int)
	if hi >= lo && (hi-lo >= c.cfg.limits.MaxRange || hi-lo < 0) {
		return c.errorf(at(n), ErrLimit, "", "range %d..%d is longer than the limit of %d", lo, hi, c.cfg.limits.MaxRange)
	}
	return value{node: binaryNode(n.Location(), "..", l.node, r.node), t: tInts, constList: true}
}

func (c *checker) in(n *ast.BinaryNode, l, r value) value {
	loc := n.Location()
	if !r.t.isList() {
		return c.errorf(at(n), ErrType, "", "in needs a list on its right, not %v", r.t)
	}
	if c.inPred && !r.constList {
		return c.errorf(at(n), ErrUnsafe, "count or filter first, then test membership outside the condition",
			"membership in a fact list inside the condition of all, any, filter, ... is a loop inside a loop")
	}
	switch {
	case l.t == tString && r.t == tStrings, l.t == tInt && r.t == tInts:
		return value{node: binaryNode(loc, "in", l.node, r.node), t: tBool}
	case l.t.isNumber() && (r.t == tInts || r.t == tDecimals):
		if isRange(r.node) {
			return c.errorf(at(n), ErrType, "write lo <= x && x <= hi", "a range holds ints; %v is not an int", l.t)
		}
		return value{node: call(loc, decIn, l.node, r.node), t: tBool}
	}
	return c.errorf(at(n), ErrType, "", "cannot look for %v in %v", l.t, r.t)
}

func isRange(n ast.Node) bool {
	b, ok := n.(*ast.BinaryNode)
	return ok && b.Operator == ".."
}

func (c *checker) matches(n *ast.BinaryNode, l, r value) value {
	if l.t != tString || r.t != tString {
		return c.errorf(at(n), ErrType, "", "matches needs two strings, not %v and %v", l.t, r.t)
	}
	pattern, ok := r.c.(string)
	if !ok {
		return c.errorf(at(n.Right), ErrUnsafe, "write the pattern in the rule, such as name matches \"^A\"",
			"the pattern of matches must be a constant string")
	}
	if _, err := regexp.Compile(pattern); err != nil {
		return c.errorf(at(n.Right), ErrSyntax, "", "invalid regular expression: %v", err)
	}
	return value{node: binaryNode(n.Location(), "matches", l.node, r.node), t: tBool}
}
