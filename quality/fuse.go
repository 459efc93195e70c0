package quality

import (
	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"
)

// Fused decimal computations.
//
// expr's virtual machine keeps every value as an interface, so a decimal
// computed by one call and passed to the next is boxed on the heap each time.
// The checker therefore fuses a tree of decimal operations (+ - * /, unary
// minus, abs, min, max, round, and a comparison on top) into one Go closure
// over decimal.Decimal values: the virtual machine pushes the leaves (facts,
// let variables, int computations) and makes one call. A single operation
// stays a single typed call, which costs no argument buffer.

// fusion is a decimal computation over the values of args.
type fusion struct {
	args []ast.Node
	ops  int // operations fused
	eval func(a []any) decimal.Decimal
}

// leaf returns v as a fusion: v's own when it has one, a constant, or a
// single argument.
func leaf(v value) *fusion {
	if v.fz != nil {
		return v.fz
	}
	if v.c != nil {
		d := toDec(v.c)
		return &fusion{eval: func([]any) decimal.Decimal { return d }}
	}
	return &fusion{args: []ast.Node{v.node}, eval: func(a []any) decimal.Decimal { return toDec(a[0]) }}
}

// join returns the arguments of fusions one after the other, with the
// offset of each fusion's first argument.
func join(fs ...*fusion) ([]ast.Node, []int) {
	var args []ast.Node
	offs := make([]int, len(fs)+1)
	for i, f := range fs {
		offs[i] = len(args)
		args = append(args, f.args...)
	}
	offs[len(fs)] = len(args)
	return args, offs
}

// fuse2 returns the decimal operation op on l and r. single is the same
// operation as one typed call, used when nothing else is fused with it.
func fuse2(loc fileLocation, l, r value, op func(x, y decimal.Decimal) decimal.Decimal, single func(any, any) any) value {
	fl, fr := leaf(l), leaf(r)
	args, offs := join(fl, fr)
	el, er, n := fl.eval, fr.eval, offs[1]
	fz := &fusion{args: args, ops: fl.ops + fr.ops + 1,
		eval: func(a []any) decimal.Decimal { return op(el(a[:n]), er(a[n:])) }}
	v := value{t: tDecimal, fz: fz}
	if fz.ops == 1 {
		v.node = call(loc, single, l.node, r.node)
	} else {
		v.node = materialize(loc, fz)
	}
	return v
}

// fuseMul is fuse2 for "*". When one operand is an int (not itself fused),
// the product converts it to a decimal in the same function that multiplies,
// where the conversion's big.Int stays on the stack.
func (a *arith) fuseMul(loc fileLocation, l, r value) value {
	if l.t == tInt && l.c == nil && r.t == tDecimal {
		l, r = r, l
	}
	if !(r.t == tInt && r.c == nil && l.t == tDecimal) {
		return fuse2(loc, l, r, a.mulD, a.mul)
	}
	fl := leaf(l)
	el, n := fl.eval, len(fl.args)
	args := append(append([]ast.Node(nil), fl.args...), r.node)
	fz := &fusion{args: args, ops: fl.ops + 1, eval: func(x []any) decimal.Decimal {
		return a.checkD(el(x[:n]).Mul(decimal.NewFromInt(int64(x[n].(int)))))
	}}
	v := value{t: tDecimal, fz: fz}
	if fz.ops == 1 {
		v.node = call(loc, a.mul, l.node, r.node)
	} else {
		v.node = materialize(loc, fz)
	}
	return v
}

// fuse1 is fuse2 for an operation of one operand.
func fuse1(loc fileLocation, x value, op func(decimal.Decimal) decimal.Decimal, single func(any) any) value {
	fx := leaf(x)
	ex := fx.eval
	fz := &fusion{args: fx.args, ops: fx.ops + 1, eval: func(a []any) decimal.Decimal { return op(ex(a)) }}
	v := value{t: tDecimal, fz: fz}
	if fz.ops == 1 {
		v.node = call(loc, single, x.node)
	} else {
		v.node = materialize(loc, fz)
	}
	return v
}

// materialize returns the call of a fused computation.
func materialize(loc fileLocation, fz *fusion) ast.Node {
	eval := fz.eval
	return call(loc, func(a ...any) any { return eval(a) }, fz.args...)
}

// fusedCompare returns l op r for numbers, as one call when either side is
// a fused computation.
func fusedCompare(loc fileLocation, op cmpOp, l, r value) ast.Node {
	fl, fr := leaf(l), leaf(r)
	args, offs := join(fl, fr)
	el, er, n := fl.eval, fr.eval, offs[1]
	return call(loc, func(a ...any) any { return op.holds(el(a[:n]).Cmp(er(a[n:]))) }, args...)
}

// fusedQuotientCompare returns x/y op z, or x/y op z/w when w is not nil,
// exactly (see ratio.go), as one call. A zero divisor fails at the place of
// its '/': yAt or wAt.
func fusedQuotientCompare(loc fileLocation, op cmpOp, x, y, z value, w *value, yAt, wAt int) ast.Node {
	fs := []*fusion{leaf(x), leaf(y), leaf(z)}
	if w != nil {
		fs = append(fs, leaf(*w))
	}
	args, o := join(fs...)
	ex, ey, ez := fs[0].eval, fs[1].eval, fs[2].eval
	var ew func([]any) decimal.Decimal
	if w != nil {
		ew = fs[3].eval
	}
	one := decimal.NewFromInt(1)
	return call(loc, func(a ...any) any {
		dy := ey(a[o[1]:o[2]])
		if dy.IsZero() {
			divisionByZeroAt(yAt)
		}
		dw := one
		if ew != nil {
			dw = ew(a[o[3]:o[4]])
			if dw.IsZero() {
				divisionByZeroAt(wAt)
			}
		}
		return op.holds(cmpQuotients(ex(a[o[0]:o[1]]), dy, ez(a[o[2]:o[3]]), dw))
	}, args...)
}

// quoAt returns the division of decimals that fails at rune offset at.
func (a *arith) quoAt(at int) func(x, y decimal.Decimal) decimal.Decimal {
	return func(x, y decimal.Decimal) decimal.Decimal {
		if y.IsZero() {
			divisionByZeroAt(at)
		}
		return a.checkD(x.DivRound(y, a.precision))
	}
}
