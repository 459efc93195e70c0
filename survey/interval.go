package survey

import (
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// The intervals are computed in exact integer arithmetic (math/big), never in
// float64. With z = Z/S, Z = 1959963984540054 and S = 10^15, each bound is
// (a ± Z·√q) / d for integers a, q and d derived from the counts; the one
// irrational step, √q, is replaced by its integer ceiling ⌈√q⌉ (q scaled so
// that this widens the interval by less than 10^−15), and the bounds are then rounded outward
// (lower bound down, upper bound up) to the reported places. The reported
// interval therefore contains the exact interval for this z, each bound lies
// within one unit of the last place of the exact one, and the figures are the
// same on every platform (no float rounding, no fused multiply-add).

var (
	zNum = big.NewInt(1959963984540054)                          // Z: z = Z / S
	zDen = new(big.Int).Exp(big.NewInt(10), big.NewInt(15), nil) // S

	npsGuard = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
)

// z95 is the z of a two-sided 95% interval, Z/S exactly.
var z95 = decimal.NewFromBigInt(zNum, -15)

// wilson returns the 95% Wilson score interval of k successes in n trials
// (0 <= k <= n, n > 0), rounded outward to places decimal places and clamped
// to [0, 1] ([quality.Rate.Wilson]).
func wilson(k, n int64, places int32) Interval {
	low, high, _ := quality.Rate{Num: k, Den: n}.Wilson(z95, places)
	return Interval{Low: low, High: high}
}

// npsInterval returns the 95% interval of a net promoter score in points
// (−100 to 100) from its variance: each respondent scores +1 (promoter), 0
// (passive) or −1 (detractor), so with p = P/n and d = D/n
//
//	NPS = 100 (p − d)
//	Var(NPS) = 100² (p + d − (p − d)²) / n
//
// and the interval is NPS ± z·√Var, that is
//
//	bound = (100·(P−D)·S·n ± 100·Z·√(n·((P+D)·n − (P−D)²))) / (S·n²),
//
// rounded outward to places and clamped to [−100, 100]. When every respondent
// is in the same class the variance is zero and the interval collapses to the
// score: read the status, not the width, for small samples.
func npsInterval(prom, det, n int64, places int32) Interval {
	bn := big.NewInt(n)
	diff := big.NewInt(prom - det)
	a := new(big.Int).Mul(diff, zDen) // 100·(P−D)·S·n
	a.Mul(a, bn)
	a.Mul(a, big.NewInt(100))
	q := new(big.Int).Mul(big.NewInt(prom+det), bn) // n·((P+D)·n − (P−D)²)
	q.Sub(q, new(big.Int).Mul(diff, diff))
	q.Mul(q, bn)
	d := new(big.Int).Mul(zDen, bn) // S·n²
	d.Mul(d, bn)
	// q is not scaled by S² as Wilson's is, so ⌈√q⌉ would be coarse: scale
	// a and d by G = 10^18 and q by G², which leaves the bounds unchanged
	// and makes ⌈√q⌉ widen them by less than 100·Z/(S·G) < 10^−15 points.
	a.Mul(a, npsGuard)
	d.Mul(d, npsGuard)
	q.Mul(q, npsGuard)
	q.Mul(q, npsGuard)
	return outward(a, q, d, places, big.NewInt(-100), big.NewInt(100), big.NewInt(100))
}

// outward returns [(a − f·Z·⌈√q⌉)/d, (a + f·Z·⌈√q⌉)/d] with the lower bound
// rounded down and the upper bound rounded up to places decimal places,
// clamped to [lo, hi]. f is an optional extra factor of the radius (100 for
// NPS points). q must be non-negative and d positive.
func outward(a, q, d *big.Int, places int32, lo, hi *big.Int, f ...*big.Int) Interval {
	r := new(big.Int).Sqrt(q)
	if new(big.Int).Mul(r, r).Cmp(q) != 0 {
		r.Add(r, big.NewInt(1)) // ⌈√q⌉
	}
	r.Mul(r, zNum)
	for _, x := range f {
		r.Mul(r, x)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	low := new(big.Int).Sub(a, r)
	low.Mul(low, scale)
	low.DivMod(low, d, new(big.Int)) // Euclidean division by a positive d: the floor
	high := new(big.Int).Add(a, r)
	high.Mul(high, scale)
	high.Neg(high)
	high.DivMod(high, d, new(big.Int))
	high.Neg(high) // the ceiling
	if minimum := new(big.Int).Mul(lo, scale); low.Cmp(minimum) < 0 {
		low = minimum
	}
	if maximum := new(big.Int).Mul(hi, scale); high.Cmp(maximum) > 0 {
		high = maximum
	}
	return Interval{Low: decimal.NewFromBigInt(low, -places), High: decimal.NewFromBigInt(high, -places)}
}

// roundFrac returns num/den (den != 0) rounded to places decimal places under
// mode m, exactly, in one rounding ([quality.Rounding.RoundRat]).
func roundFrac(num, den *big.Int, places int32, m quality.Rounding) decimal.Decimal {
	return m.RoundRat(new(big.Rat).SetFrac(num, den), places)
}
