package quality

import (
	"math/big"

	"github.com/shopspring/decimal"
)

// Wilson returns the Wilson score interval of r, read as Num successes in Den
// trials, at z standard deviations (1.959963984540054 for 95%), rounded
// outward to places decimal places — the lower bound down, the upper bound up —
// and clamped to [0, 1]. ok is false when r is undefined, Num > Den, z is not
// positive or places is negative.
//
// The interval is computed in exact integer arithmetic, never in float64, so
// the figures are the same on every platform. With z = Z/S,
//
//	bound = (n·(2kS² + Z²) ± Z·√(n·(4k(n−k)S² + nZ²))) / (2n·(nS² + Z²)),
//
// the textbook (k + z²/2 ± z·√(k(n−k)/n + z²/4)) / (n + z²) multiplied through.
// The one irrational step, the square root, is the integer ceiling of the root
// of a quantity scaled by 10^36, which widens the interval by less than 10^−15
// before the outward rounding: the reported interval contains the exact one.
func (r Rate) Wilson(z decimal.Decimal, places int32) (low, high decimal.Decimal, ok bool) {
	if !r.Defined() || r.Num > r.Den || r.Num < 0 || z.Sign() <= 0 || places < 0 {
		return decimal.Zero, decimal.Zero, false
	}
	zn, zs := z.Coefficient(), big.NewInt(1) // z = zn / zs
	if e := z.Exponent(); e > 0 {
		zn.Mul(zn, tenToThe(int64(e)))
	} else {
		zs = tenToThe(int64(-e))
	}
	k, n := big.NewInt(r.Num), big.NewInt(r.Den)
	z2 := new(big.Int).Mul(zn, zn)
	s2 := new(big.Int).Mul(zs, zs)
	a := new(big.Int).Lsh(k, 1) // n·(2kS² + Z²)
	a.Mul(a, s2)
	a.Add(a, z2)
	a.Mul(a, n)
	q := new(big.Int).Mul(k, big.NewInt(r.Den-r.Num)) // n·(4k(n−k)S² + nZ²)
	q.Lsh(q, 2)
	q.Mul(q, s2)
	q.Add(q, new(big.Int).Mul(n, z2))
	q.Mul(q, n)
	d := new(big.Int).Mul(n, s2) // 2n·(nS² + Z²)
	d.Add(d, z2)
	d.Mul(d, n)
	d.Lsh(d, 1)
	// Scale a and d by G = 10^18 and q by G²: the bounds are unchanged, and
	// the ceiling of √q then moves them by less than Z/(S·G) < 10^−15.
	g := tenToThe(18)
	a.Mul(a, g)
	d.Mul(d, g)
	q.Mul(q, g)
	q.Mul(q, g)
	root := new(big.Int).Sqrt(q)
	if new(big.Int).Mul(root, root).Cmp(q) != 0 {
		root.Add(root, big.NewInt(1)) // ⌈√q⌉
	}
	root.Mul(root, zn)
	lo := new(big.Int).Sub(a, root)
	hi := new(big.Int).Add(a, root)
	low = roundRat(lo, d, places, Floor)
	high = roundRat(hi, d, places, Ceiling)
	if low.Sign() < 0 {
		low = decimal.New(0, -places)
	}
	if one := decimal.NewFromBigInt(tenToThe(int64(places)), -places); high.GreaterThan(one) {
		high = one
	}
	return low, high, true
}
