package quality

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
)

// Constructors of the lowered tree, which expr's checker and compiler take.

type fileLocation = file.Location

// call returns a call of fn with args. fn must have one of the function
// types expr's virtual machine calls without reflection or allocation (see
// vm.FuncTypes: func(any, any) any, func(int, int) bool and so on), or be a
// func(...any) any. The call's place is loc, so that an evaluation error in
// fn is reported there.
func call(loc fileLocation, fn any, args ...ast.Node) ast.Node {
	callee := &ast.ConstantNode{Value: fn}
	callee.SetLocation(loc)
	n := &ast.CallNode{Callee: callee, Arguments: args}
	n.SetLocation(loc)
	return n
}

func binaryNode(loc fileLocation, op string, l, r ast.Node) ast.Node {
	n := &ast.BinaryNode{Operator: op, Left: l, Right: r}
	n.SetLocation(loc)
	return n
}

func unaryNode(loc fileLocation, op string, x ast.Node) ast.Node {
	n := &ast.UnaryNode{Operator: op, Node: x}
	n.SetLocation(loc)
	return n
}

// fold computes f at compile time, for operations on constants. An
// evaluation error (such as a division by zero) becomes a compile error at
// offset at.
func (c *checker) fold(at int, f func() any) (v any, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ee, isEval := r.(*evalError)
			if !isEval {
				panic(r)
			}
			c.errorf(at, ee.sentinel, ee.hint, "%s", ee.msg)
			v, ok = nil, false
		}
	}()
	return f(), true
}

// folded returns the constant value of a fold, or bad when it failed.
func (c *checker) folded(loc fileLocation, f func() any) value {
	v, ok := c.fold(loc.From, f)
	if !ok {
		return bad
	}
	return constant(loc, v)
}
