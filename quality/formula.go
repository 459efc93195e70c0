package quality

import (
	"fmt"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"
)

// Direct formulas.
//
// A money rule is often one decimal formula over facts, such as
//
//	round(reward * tens - penalty * dissatisfied + fee * 0.05, 2, "half_up")
//
// which the checker fuses into a single Go closure (fuse.go). Such a rule
// needs nothing of expr's virtual machine: the rule calls the closure on the
// checked facts itself, and returns its decimal without boxing it.

// formula is a rule that is one fused decimal computation whose operands are
// facts.
type formula struct {
	eval func([]any) decimal.Decimal
	args []int // for each operand, its index in Rule.facts
	at   int   // rune offset of the formula, for errors that have no place of their own
}

// newFormula returns the formula of a checked rule v, or nil when v is not
// one fused computation over facts.
func newFormula(v value, facts []factRef) *formula {
	if v.fz == nil || v.t != tDecimal || len(v.fz.args) == 0 {
		return nil
	}
	f := &formula{eval: v.fz.eval, at: at(v.node)}
	for _, a := range v.fz.args {
		id, ok := a.(*ast.IdentifierNode)
		if !ok {
			return nil
		}
		i := -1
		for j, ref := range facts {
			if ref.name == id.Value {
				i = j
			}
		}
		if i < 0 {
			return nil
		}
		f.args = append(f.args, i)
	}
	return f
}

// runDirect evaluates a direct formula on a pooled machine's buffers.
func (r *Rule) runDirect(facts any) (d decimal.Decimal, err error) {
	m := r.pool.Get().(*machine)
	defer func() {
		if p := recover(); p != nil {
			d, err = decimal.Decimal{}, r.panicError(p)
		}
		clear(m.facts)
		clear(m.args)
		r.pool.Put(m)
	}()
	if _, err := r.env(facts, m); err != nil {
		return decimal.Decimal{}, err
	}
	for i, fi := range r.direct.args {
		m.args[i] = m.facts[fi]
	}
	return r.direct.eval(m.args), nil
}

// panicError turns a panic of a direct formula into a positioned *Error, as
// expr's virtual machine does for the functions it calls.
func (r *Rule) panicError(p any) error {
	e := &Error{Err: ErrFactType, Source: r.source, Message: fmt.Sprint(p)}
	e.Line, e.Column = position(r.source, r.direct.at)
	if ee, ok := p.(*evalError); ok {
		e.Err, e.Message, e.Hint = ee.sentinel, ee.msg, ee.hint
		if ee.placed {
			e.Line, e.Column = position(r.source, ee.at)
		}
	}
	return e
}
