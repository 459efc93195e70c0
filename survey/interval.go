package survey

import (
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// The intervals are computed in exact rational arithmetic (math/big), not in
// float64: the only irrational step, a square root, is bounded from above by
// an integer square root with guard digits, and the bounds are then rounded
// outward to the reported places. The reported interval therefore contains the
// exact interval for z = 1.959963984540054, and the figures are the same on
// every platform (no dependence on float64 rounding or fused multiply-add).

// z95 is the two-sided 95% quantile of the standard normal distribution,
// 1.959963984540054, as an exact rational.
var z95 = new(big.Rat).SetFrac(big.NewInt(1959963984540054), new(big.Int).Exp(big.NewInt(10), big.NewInt(15), nil))

// z95sq is z95 squared, exactly.
var z95sq = new(big.Rat).Mul(z95, z95)

// guardDigits are the extra decimal digits of the square root beyond the
// reported places.
const guardDigits = 6

// wilson returns the 95% Wilson score interval of k successes in n trials
// (0 <= k <= n, n > 0), rounded outward to places decimal places and clamped
// to [0, 1]:
//
//	centre = (k + z²/2) / (n + z²)
//	radius = z/(n + z²) · √(k(n−k)/n + z²/4)
func wilson(k, n int64, places int32) Interval {
	bk, bn := big.NewRat(k, 1), big.NewRat(n, 1)
	nz := new(big.Rat).Add(bn, z95sq) // n + z²
	half := new(big.Rat).Mul(z95sq, big.NewRat(1, 2))
	centre := new(big.Rat).Add(bk, half)
	centre.Quo(centre, nz)
	// radius² = z² · (k(n−k)/n + z²/4) / (n + z²)²
	v := new(big.Rat).Mul(bk, big.NewRat(n-k, 1))
	v.Quo(v, bn)
	v.Add(v, new(big.Rat).Mul(z95sq, big.NewRat(1, 4)))
	v.Mul(v, z95sq)
	v.Quo(v, new(big.Rat).Mul(nz, nz))
	return outward(centre, v, places, big.NewRat(0, 1), big.NewRat(1, 1))
}

// npsInterval returns the 95% interval of a net promoter score in points
// (−100 to 100) from its variance: each respondent scores +1 (promoter), 0
// (passive) or −1 (detractor), so with p = P/n and d = D/n
//
//	NPS = 100 (p − d)
//	Var(NPS) = 100² (p + d − (p − d)²) / n
//
// and the interval is NPS ± z·√Var, rounded outward to places and clamped to
// [−100, 100]. When every respondent is in the same class the variance is zero
// and the interval collapses to the score: read the status, not the width,
// for small samples.
func npsInterval(prom, det, n int64, places int32) Interval {
	bn := big.NewRat(n, 1)
	diff := big.NewRat(prom-det, n) // p − d
	centre := new(big.Rat).Mul(diff, big.NewRat(100, 1))
	v := big.NewRat(prom+det, n) // p + d
	v.Sub(v, new(big.Rat).Mul(diff, diff))
	v.Quo(v, bn)
	v.Mul(v, big.NewRat(10000, 1))
	v.Mul(v, z95sq)
	return outward(centre, v, places, big.NewRat(-100, 1), big.NewRat(100, 1))
}

// outward returns [centre − √sq, centre + √sq] with the lower bound rounded
// down and the upper rounded up to places decimal places, clamped to
// [lo, hi]. sq must be non-negative.
func outward(centre, sq *big.Rat, places int32, lo, hi *big.Rat) Interval {
	r := sqrtUpper(sq, places+guardDigits)
	low := new(big.Rat).Sub(centre, r)
	high := new(big.Rat).Add(centre, r)
	if low.Cmp(lo) < 0 {
		low = lo
	}
	if high.Cmp(hi) > 0 {
		high = hi
	}
	return Interval{Low: ratRound(low, places, quality.Floor), High: ratRound(high, places, quality.Ceiling)}
}

// sqrtUpper returns the smallest multiple of 1/(b·10^digits) that is at
// least √q, where q = a/b in lowest terms: it is exact when the square root
// is, and exceeds it by less than 10^−digits otherwise.
func sqrtUpper(q *big.Rat, digits int32) *big.Rat {
	a, b := q.Num(), q.Denom()
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	x := new(big.Int).Mul(a, b)
	x.Mul(x, scale)
	x.Mul(x, scale) // a·b·10^(2·digits)
	r := new(big.Int).Sqrt(x)
	if new(big.Int).Mul(r, r).Cmp(x) != 0 {
		r.Add(r, big.NewInt(1))
	}
	return new(big.Rat).SetFrac(r, new(big.Int).Mul(b, scale))
}

// ratRound rounds the exact rational x to places decimal places under mode m.
func ratRound(x *big.Rat, places int32, m quality.Rounding) decimal.Decimal {
	return roundFrac(x.Num(), x.Denom(), places, m)
}

// roundFrac returns num/den (den > 0) rounded to places decimal places under
// mode m, exactly. The quotient is first computed to G = places + digits(den)
// + 2 places: when num/den is not exact at G places it lies at least
// 1/(den·10^places) from every multiple of 10^−places and at least half that
// from every midpoint, further than the G-place rounding error, so the final
// rounding under any mode decides exactly as it would on num/den itself.
func roundFrac(num, den *big.Int, places int32, m quality.Rounding) decimal.Decimal {
	g := places + int32(len(den.String())) + 2
	x := decimal.NewFromBigInt(num, 0).DivRound(decimal.NewFromBigInt(den, 0), g)
	return m.Round(x, places)
}
