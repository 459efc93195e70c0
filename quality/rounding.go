package quality

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// Rounding is a rule for dropping the digits of a decimal beyond a number of
// places. Every money line and every displayed rate in servq names its rounding:
// nothing is rounded by a hidden default.
//
// The zero value, [RoundingInvalid], is not a rounding: it is what an omitted
// configuration field decodes to, so that a forgotten mode is caught by the
// loader rather than silently replaced. [Rounding.Round] panics on it; check
// [Rounding.Valid] when validating configuration ([ParseRounding] and JSON
// decoding already refuse it).
//
// The modes, shown rounding to whole units (places 0):
//
//	mode       2.5   3.5  -2.5   2.4   2.6  -2.6
//	HalfUp       3     4    -3     2     3    -3   ties away from zero (四舍五入)
//	HalfEven     2     4    -2     2     3    -3   ties to the even neighbour (banker's)
//	Down         2     3    -2     2     2    -2   toward zero (truncate)
//	Up           3     4    -3     3     3    -3   away from zero
//	Floor        2     3    -3     2     2    -3   toward negative infinity
//	Ceiling      3     4    -2     3     3    -2   toward positive infinity
//
// The modes agree with the decimal package's methods: HalfUp with
// decimal.Decimal.Round, HalfEven with RoundBank, Down with RoundDown (and
// Truncate), Up with RoundUp, Floor with RoundFloor and Ceiling with RoundCeil.
//
// A Rounding encodes to JSON and text as its name: "half_up", "half_even",
// "down", "up", "floor" or "ceiling".
type Rounding uint8

// The rounding modes. See [Rounding] for a table.
const (
	RoundingInvalid Rounding = iota // not a rounding; the zero value
	HalfUp                          // to the nearest; ties away from zero
	HalfEven                        // to the nearest; ties to the even neighbour
	Down                            // toward zero
	Up                              // away from zero
	Floor                           // toward negative infinity
	Ceiling                         // toward positive infinity
)

// ErrInvalidRounding is returned (wrapped) by [ParseRounding], by JSON and text
// decoding of a [Rounding], and by functions that are given [RoundingInvalid].
var ErrInvalidRounding = errors.New("quality: invalid rounding")

var roundingNames = [...]string{
	HalfUp:   "half_up",
	HalfEven: "half_even",
	Down:     "down",
	Up:       "up",
	Floor:    "floor",
	Ceiling:  "ceiling",
}

// String returns the mode's name, such as "half_even", or "Rounding(0)" for
// [RoundingInvalid] and other values that are not modes.
func (m Rounding) String() string {
	if m.Valid() {
		return roundingNames[m]
	}
	return fmt.Sprintf("Rounding(%d)", uint8(m))
}

// Valid reports whether m is one of the six rounding modes.
func (m Rounding) Valid() bool {
	return m >= HalfUp && m <= Ceiling
}

// ParseRounding returns the mode named s ("half_up", "half_even", "down", "up",
// "floor" or "ceiling"). Names are matched exactly; anything else is an error
// wrapping [ErrInvalidRounding].
func ParseRounding(s string) (Rounding, error) {
	for m := HalfUp; m <= Ceiling; m++ {
		if roundingNames[m] == s {
			return m, nil
		}
	}
	return RoundingInvalid, fmt.Errorf("%w: %q (want one of half_up, half_even, down, up, floor, ceiling)", ErrInvalidRounding, s)
}

// MarshalText encodes m as its name. [RoundingInvalid] is an error, so that an
// unset mode is never written out as if it were a choice.
func (m Rounding) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("%w: cannot encode %v", ErrInvalidRounding, m)
	}
	return []byte(roundingNames[m]), nil
}

// UnmarshalText decodes a mode name as [ParseRounding] does.
func (m *Rounding) UnmarshalText(text []byte) error {
	r, err := ParseRounding(string(text))
	if err != nil {
		return err
	}
	*m = r
	return nil
}

// Round returns d rounded to places decimal places under mode m, exactly. The
// result has exponent -places, so that its decimal digits are fixed (Round of 5
// to 2 places is 5.00); a negative places rounds to tens, hundreds and so on.
//
// Round panics if m is not a valid mode: modes come from code or from
// [ParseRounding], and a configuration loader must refuse [RoundingInvalid]
// (see [Rounding.Valid]).
func (m Rounding) Round(d decimal.Decimal, places int32) decimal.Decimal {
	if !m.Valid() {
		panic("quality: Round with " + m.String() + ": choose a rounding mode (the zero Rounding is invalid)")
	}
	if r, ok := roundSmall(d, places, m); ok {
		return r
	}
	coef := d.Coefficient() // a copy, free to modify
	exp := int64(d.Exponent())
	drop := -int64(places) - exp // how many decimal digits to drop
	if drop <= 0 {
		coef.Mul(coef, tenToThe(-drop))
		return decimal.NewFromBigInt(coef, -places)
	}
	// |coef| < 2^BitLen <= 8^k < 10^k when 3k >= BitLen+1: dropping more digits
	// than that gives the same quotient (0) and the same rounding decision, so
	// cap the power instead of building a huge 10^drop.
	if limit := int64(coef.BitLen()/3 + 2); drop > limit {
		drop = limit
	}
	divisor := tenToThe(drop)
	roundQuo(coef, coef, divisor, m)
	return decimal.NewFromBigInt(coef, -places)
}

// roundSmall is Round's fast path for the common case, a coefficient of at most
// 18 digits with at most 18 digits to add or drop: exact int64 arithmetic, no
// big.Int work beyond building the result. ok is false when the value does not
// fit and Round must take the general path.
func roundSmall(d decimal.Decimal, places int32, m Rounding) (_ decimal.Decimal, ok bool) {
	digits := d.NumDigits()
	if digits > 18 {
		return decimal.Decimal{}, false
	}
	c := d.CoefficientInt64()
	drop := -int64(places) - int64(d.Exponent())
	switch {
	case drop <= 0:
		if int64(digits)-drop > 18 {
			return decimal.Decimal{}, false
		}
		return decimal.New(c*pow10[-drop], -places), true
	case drop > 18:
		return decimal.Decimal{}, false
	}
	p := pow10[drop]
	q, r := c/p, c%p // truncated toward zero; r has the sign of c
	if r != 0 {
		away := false
		switch m {
		case Down:
		case Up:
			away = true
		case Floor:
			away = c < 0
		case Ceiling:
			away = c > 0
		case HalfUp, HalfEven:
			if r < 0 {
				r = -r
			}
			switch twice := 2 * r; { // r < 10^18, so 2r fits in int64
			case twice > p:
				away = true
			case twice == p:
				away = m == HalfUp || q%2 != 0
			}
		}
		if away {
			if c < 0 {
				q--
			} else {
				q++
			}
		}
	}
	return decimal.New(q, -places), true
}

// pow10[k] is 10^k for k in [0, 18].
var pow10 = [19]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// roundQuo sets z to n/d rounded to an integer under mode m and returns z. n
// and d are not modified unless z aliases n; d must not be zero. Both may have
// either sign.
func roundQuo(z, n, d *big.Int, m Rounding) *big.Int {
	sign := n.Sign() * d.Sign()
	var r big.Int
	z.QuoRem(n, d, &r) // truncates toward zero; r has the sign of n
	if r.Sign() == 0 {
		return z
	}
	away := false // whether to move one unit away from zero
	switch m {
	case Down:
	case Up:
		away = true
	case Floor:
		away = sign < 0
	case Ceiling:
		away = sign > 0
	case HalfUp, HalfEven:
		r.Abs(&r)
		r.Lsh(&r, 1)
		switch c := r.CmpAbs(d); {
		case c > 0:
			away = true
		case c == 0:
			away = m == HalfUp || z.Bit(0) == 1
		}
	default:
		panic("quality: rounding with " + m.String())
	}
	if away {
		if sign < 0 {
			z.Sub(z, bigOne)
		} else {
			z.Add(z, bigOne)
		}
	}
	return z
}

var (
	bigOne = big.NewInt(1)
	bigTen = big.NewInt(10)
)

// tenToThe returns a new 10^k for k >= 0.
func tenToThe(k int64) *big.Int {
	if k < 0 {
		panic("quality: negative power of ten")
	}
	if k < int64(len(bigPow10)) {
		return new(big.Int).Set(bigPow10[k])
	}
	return new(big.Int).Exp(bigTen, big.NewInt(k), nil)
}

// bigPow10[k] is 10^k for k in [0, 40], built once; never modified.
var bigPow10 = func() (p [41]*big.Int) {
	p[0] = big.NewInt(1)
	for k := 1; k < len(p); k++ {
		p[k] = new(big.Int).Mul(p[k-1], bigTen)
	}
	return p
}()

// RoundRat returns the exact rational r rounded to places decimal places under
// mode m, in one rounding: 14/15 to 2 places half up is 0.93, 1/8 to 2 places
// half even is 0.12. Like [Rounding.Round], it panics if m is not a valid mode.
func (m Rounding) RoundRat(r *big.Rat, places int32) decimal.Decimal {
	if !m.Valid() {
		panic("quality: RoundRat with " + m.String() + ": choose a rounding mode (the zero Rounding is invalid)")
	}
	return roundRat(r.Num(), r.Denom(), places, m)
}

// roundRat returns the rational n/d rounded to places decimal places under mode
// m; d must not be zero.
func roundRat(n, d *big.Int, places int32, m Rounding) decimal.Decimal {
	num, den := n, d
	if places >= 0 {
		num = new(big.Int).Mul(n, tenToThe(int64(places)))
	} else {
		den = new(big.Int).Mul(d, tenToThe(-int64(places)))
	}
	q := roundQuo(new(big.Int), num, den, m)
	return decimal.NewFromBigInt(q, -places)
}
