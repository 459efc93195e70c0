package quality

import (
	"math"
	"math/big"

	"github.com/shopspring/decimal"
)

// A comparison with a quotient on either side, such as
//
//	satisfied / rated >= 0.9
//
// is decided exactly, as a comparison of fractions, without computing the
// quotient: a/b >= n/d with d > 0 holds exactly when a·d >= n·b for b > 0 and
// a·d <= n·b for b < 0. This is both exact (no rounding at the precision) and
// much faster than decimal division. A zero divisor is a division by zero.

// cmpOp is a comparison operator.
type cmpOp uint8

const (
	opInvalid cmpOp = iota
	opLT
	opLE
	opGT
	opGE
	opEQ
	opNE
)

func parseCmpOp(s string) cmpOp {
	switch s {
	case "<":
		return opLT
	case "<=":
		return opLE
	case ">":
		return opGT
	case ">=":
		return opGE
	case "==":
		return opEQ
	case "!=":
		return opNE
	}
	return opInvalid
}

func (o cmpOp) String() string {
	return [...]string{"?", "<", "<=", ">", ">=", "==", "!="}[o]
}

// flip returns the operator with its operands swapped: a < b is b > a.
func (o cmpOp) flip() cmpOp {
	switch o {
	case opLT:
		return opGT
	case opLE:
		return opGE
	case opGT:
		return opLT
	case opGE:
		return opLE
	}
	return o
}

// holds applies the operator to the sign of a comparison (-1, 0, +1).
func (o cmpOp) holds(c int) bool {
	switch o {
	case opLT:
		return c < 0
	case opLE:
		return c <= 0
	case opGT:
		return c > 0
	case opGE:
		return c >= 0
	case opEQ:
		return c == 0
	case opNE:
		return c != 0
	}
	return false
}

// intRatio compares a/b, for ints a and b, with the constant n/d (d > 0).
type intRatio struct {
	op         cmpOp
	n, d       int64
	limA, limB int64 // |a| <= limA and |b| <= limB keep a·d and n·b in int64
	bn, bd     *big.Int
}

// newIntRatio returns the comparison of an int quotient with the constant c,
// or nil when c's numerator or denominator does not fit in an int64.
func newIntRatio(op cmpOp, c decimal.Decimal) *intRatio {
	num, den := decimalFraction(c)
	if !num.IsInt64() || !den.IsInt64() {
		return nil
	}
	r := &intRatio{op: op, n: num.Int64(), d: den.Int64(), bn: num, bd: den}
	r.limA = math.MaxInt64 / r.d
	r.limB = math.MaxInt64
	if r.n != 0 {
		an := r.n
		if an < 0 {
			an = -an // n > MinInt64: it came from a decimal coefficient that fits
		}
		r.limB = math.MaxInt64 / an
	}
	return r
}

// decimalFraction returns c as num/den with den a positive power of ten.
func decimalFraction(c decimal.Decimal) (num, den *big.Int) {
	num = c.Coefficient()
	den = big.NewInt(1)
	if e := c.Exponent(); e > 0 {
		num.Mul(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
	} else if e < 0 {
		den.Exp(big.NewInt(10), big.NewInt(int64(-e)), nil)
	}
	return num, den
}

// eval is the function a rule calls: the comparison a/b op n/d.
func (r *intRatio) eval(a, b int) bool {
	if b == 0 {
		divisionByZero()
	}
	a64, b64 := int64(a), int64(b)
	var c int
	if a64 <= r.limA && a64 >= -r.limA && b64 <= r.limB && b64 >= -r.limB {
		l, rr := a64*r.d, r.n*b64
		switch {
		case l < rr:
			c = -1
		case l > rr:
			c = 1
		}
	} else {
		l := new(big.Int).Mul(big.NewInt(a64), r.bd)
		rr := new(big.Int).Mul(r.bn, big.NewInt(b64))
		c = l.Cmp(rr)
	}
	if b < 0 {
		c = -c
	}
	return r.op.holds(c)
}

// cmpQuotients returns the sign of x/y - z/w, exactly; y and w must not be
// zero.
func cmpQuotients(x, y, z, w decimal.Decimal) int {
	c := x.Mul(w).Cmp(z.Mul(y))
	if y.Sign()*w.Sign() < 0 {
		c = -c
	}
	return c
}

// quotientComparer returns the function of a comparison x/y op z (three
// arguments) or x/y op z/w (four arguments), for numbers of kind int or
// decimal.
func quotientComparer(op cmpOp) func(...any) any {
	return func(args ...any) any {
		x, y, z := toDec(args[0]), toDec(args[1]), toDec(args[2])
		w := decimal.NewFromInt(1)
		if len(args) == 4 {
			w = toDec(args[3])
		}
		if y.IsZero() || w.IsZero() {
			divisionByZero()
		}
		return op.holds(cmpQuotients(x, y, z, w))
	}
}
