package quality

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"
)

// This file holds the functions a compiled rule calls at evaluation time.
// They run inside expr's virtual machine, which calls them with typed
// arguments and recovers a panic into an error at the calling instruction's
// place in the rule text; so an evaluation error here is a panic with an
// *evalError, which Rule turns into a positioned *Error.
//
// A value of kind decimal is, at evaluation time, either a decimal.Decimal or
// (where an int was promoted) an int; the functions below accept both, and
// Rule converts results at its boundary.

// evalError is what a runtime function panics with. The error's place is
// the calling instruction's, unless placed is set: a fused computation (see
// fuse.go) knows the place of each of its operations.
type evalError struct {
	sentinel error
	msg      string
	hint     string
	placed   bool
	at       int // rune offset in the rule text, when placed
}

func (e *evalError) Error() string { return e.msg }
func (e *evalError) Unwrap() error { return e.sentinel }

func fail(sentinel error, hint, format string, args ...any) {
	panic(&evalError{sentinel: sentinel, msg: fmt.Sprintf(format, args...), hint: hint})
}

const divisionHint = "guard the divisor, e.g. rated > 0 && satisfied / rated >= 0.9"

func divisionByZero() {
	fail(ErrDivisionByZero, divisionHint, "division by zero")
}

// divisionByZeroAt fails with a division by zero at rune offset at.
func divisionByZeroAt(at int) {
	panic(&evalError{sentinel: ErrDivisionByZero, msg: "division by zero", hint: divisionHint, placed: true, at: at})
}

// toDec converts a number of kind int or decimal to a decimal.
func toDec(v any) decimal.Decimal {
	switch v := v.(type) {
	case decimal.Decimal:
		return v
	case int:
		return decimal.NewFromInt(int64(v))
	case *decimal.Decimal:
		return *v // a fact read in place from a SchemaOf struct
	}
	fail(ErrFactType, "", "value %v (%T) is not a number", v, v)
	return decimal.Decimal{}
}

// arith holds the per-rule settings of decimal arithmetic: the precision of
// quotients and the bound on the size of decimal values.
type arith struct {
	precision int32
	maxDigits int
}

// fits reports whether d is within the digit and exponent bound.
func (a *arith) fits(d decimal.Decimal) bool {
	e := int(d.Exponent())
	if e > a.maxDigits || e < -a.maxDigits {
		return d.IsZero()
	}
	return d.NumDigits() <= a.maxDigits
}

// checkD returns d, or fails when d exceeds the digit bound.
func (a *arith) checkD(d decimal.Decimal) decimal.Decimal {
	if !a.fits(d) {
		fail(ErrLimit, "round intermediate results with round(x, places, mode)",
			"decimal result has more than %d digits or an exponent beyond ±%d", a.maxDigits, a.maxDigits)
	}
	return d
}

func (a *arith) check(d decimal.Decimal) any { return a.checkD(d) }

// The operations on decimals, shared by single calls and fused
// computations.
func (a *arith) addD(x, y decimal.Decimal) decimal.Decimal { return a.checkD(x.Add(y)) }
func (a *arith) subD(x, y decimal.Decimal) decimal.Decimal { return a.checkD(x.Sub(y)) }
func (a *arith) mulD(x, y decimal.Decimal) decimal.Decimal { return a.checkD(x.Mul(y)) }

// quoD divides, rounding to the rule's precision (half away from zero).
func (a *arith) quoD(x, y decimal.Decimal) decimal.Decimal {
	if y.IsZero() {
		divisionByZero()
	}
	return a.checkD(x.DivRound(y, a.precision))
}

func minD(x, y decimal.Decimal) decimal.Decimal {
	if y.Cmp(x) < 0 {
		return y
	}
	return x
}

func maxD(x, y decimal.Decimal) decimal.Decimal {
	if y.Cmp(x) > 0 {
		return y
	}
	return x
}

func (a *arith) add(x, y any) any { return a.addD(toDec(x), toDec(y)) }
func (a *arith) sub(x, y any) any { return a.subD(toDec(x), toDec(y)) }
func (a *arith) mul(x, y any) any { return a.mulD(toDec(x), toDec(y)) }
func (a *arith) quo(x, y any) any { return a.quoD(toDec(x), toDec(y)) }
func (a *arith) neg(x any) any    { return toDec(x).Neg() }
func (a *arith) abs(x any) any    { return toDec(x).Abs() }

// quoDuration divides two durations into a decimal.
func (a *arith) quoDuration(x, y any) any {
	d := y.(time.Duration)
	if d == 0 {
		divisionByZero()
	}
	return a.check(decimal.NewFromInt(int64(x.(time.Duration))).DivRound(decimal.NewFromInt(int64(d)), a.precision))
}

func (a *arith) minDec(x, y any) any { return minD(toDec(x), toDec(y)) }
func (a *arith) maxDec(x, y any) any { return maxD(toDec(x), toDec(y)) }

// rounderD returns the operation round(x, places, mode).
func (a *arith) rounderD(places int32, m Rounding) func(decimal.Decimal) decimal.Decimal {
	return func(x decimal.Decimal) decimal.Decimal { return a.checkD(m.Round(x, places)) }
}

// rounder returns the function of round(x, places, mode).
func (a *arith) rounder(places int32, m Rounding) func(any) any {
	f := a.rounderD(places, m)
	return func(x any) any { return f(toDec(x)) }
}

// Decimal comparisons.
func decLT(x, y any) bool { return toDec(x).Cmp(toDec(y)) < 0 }
func decLE(x, y any) bool { return toDec(x).Cmp(toDec(y)) <= 0 }
func decGT(x, y any) bool { return toDec(x).Cmp(toDec(y)) > 0 }
func decGE(x, y any) bool { return toDec(x).Cmp(toDec(y)) >= 0 }
func decEQ(x, y any) bool { return toDec(x).Cmp(toDec(y)) == 0 }
func decNE(x, y any) bool { return toDec(x).Cmp(toDec(y)) != 0 }

// decIn reports whether the number x is equal to an element of list.
func decIn(x, list any) bool {
	d := toDec(x)
	switch l := list.(type) {
	case []any:
		for _, e := range l {
			if d.Cmp(toDec(e)) == 0 {
				return true
			}
		}
	case []int:
		for _, e := range l {
			if d.Cmp(decimal.NewFromInt(int64(e))) == 0 {
				return true
			}
		}
	default:
		fail(ErrFactType, "", "value %T is not a list of numbers", list)
	}
	return false
}

// Checked int arithmetic: an overflow is an evaluation error, never a
// wrapped-around count.

func overflow(op string) {
	fail(ErrLimit, "write one operand as a decimal, such as 200.0", "int overflow in %s", op)
}

func intAdd(x, y int) int {
	s := x + y
	if (x > 0 && y > 0 && s < 0) || (x < 0 && y < 0 && s >= 0) {
		overflow("+")
	}
	return s
}

func intSub(x, y int) int {
	s := x - y
	if (x >= 0 && y < 0 && s < 0) || (x < 0 && y > 0 && s >= 0) {
		overflow("-")
	}
	return s
}

func intMul(x, y int) int {
	if x == 0 || y == 0 {
		return 0
	}
	p := x * y
	if p/y != x || (x == -1 && y == math.MinInt) || (y == -1 && x == math.MinInt) {
		overflow("*")
	}
	return p
}

func intMod(x, y int) int {
	if y == 0 {
		divisionByZero()
	}
	if y == -1 {
		return 0
	}
	return x % y
}

func intNeg(x int) int {
	if x == math.MinInt {
		overflow("-")
	}
	return -x
}

func intAbs(x int) int {
	if x < 0 {
		return intNeg(x)
	}
	return x
}

func intMin(x, y int) int { return min(x, y) }
func intMax(x, y int) int { return max(x, y) }

// Checked duration arithmetic.

func durAdd(x, y any) any {
	a, b := x.(time.Duration), y.(time.Duration)
	return time.Duration(intAdd(int(a), int(b)))
}

func durSub(x, y any) any {
	a, b := x.(time.Duration), y.(time.Duration)
	return time.Duration(intSub(int(a), int(b)))
}

// durMul multiplies a duration by an int, in either order.
func durMul(x, y any) any {
	if d, ok := x.(time.Duration); ok {
		return time.Duration(intMul(int(d), y.(int)))
	}
	return time.Duration(intMul(x.(int), int(y.(time.Duration))))
}

func durNeg(x any) any { return time.Duration(intNeg(int(x.(time.Duration)))) }
func durAbs(x any) any { return time.Duration(intAbs(int(x.(time.Duration)))) }

func durMin(x, y any) any { return min(x.(time.Duration), y.(time.Duration)) }
func durMax(x, y any) any { return max(x.(time.Duration), y.(time.Duration)) }

// concatenator returns "+" on strings with the MaxString bound.
func concatenator(maxLen int) func(string, string) string {
	return func(a, b string) string {
		if len(a)+len(b) > maxLen {
			fail(ErrLimit, "", "string of %d bytes is longer than the limit of %d", len(a)+len(b), maxLen)
		}
		return a + b
	}
}
