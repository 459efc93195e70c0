package qualitytest

import (
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// Option changes how Options compares decimals and rates.
type Option func(*config)

type config struct {
	exact       bool  // decimals: same value and same number of places
	places      int32 // decimals: equal after rounding half to even to places
	rounded     bool
	ratesValued bool // rates: equal as fractions
}

// ExactDecimals makes decimals equal only when they have the same value and
// the same number of places: 2.0 and 2.00 differ. Use it to check that an
// amount was rounded as declared (0.01 yuan).
func ExactDecimals() Option { return func(c *config) { c.exact, c.rounded = true, false } }

// DecimalsTo makes decimals equal when they are equal after rounding half to
// even to places decimal places: at 2 places, 16.666… equals 16.67.
func DecimalsTo(places int32) Option {
	return func(c *config) { c.rounded, c.places, c.exact = true, places, false }
}

// RatesByValue makes rates equal when they are equal as fractions (1/2 and
// 2/4; two undefined rates are equal), as quality.Rate.Cmp says. By default
// rates are equal only with equal counts, because 14 of 15 and 28 of 30 are not
// the same population.
func RatesByValue() Option { return func(c *config) { c.ratesValued = true } }

// Options returns the go-cmp options that compare servq's building blocks as
// people mean them:
//
//   - decimal.Decimal by value: 2.0 equals 2.00 (see ExactDecimals and
//     DecimalsTo);
//   - quality.Rate by its counts: 14/15 equals 14/15 only (see RatesByValue);
//   - time.Time by instant (time.Time.Equal), whatever its location;
//   - *time.Location by name ("Asia/Shanghai").
//
// The options are comparers, so a difference is reported on the decimal,
// the rate or the instant as a whole (".Points: want 16.67, got 20.00"), not
// on its internals.
func Options(opts ...Option) cmp.Option {
	var c config
	for _, o := range opts {
		o(&c)
	}
	dec := func(a, b decimal.Decimal) bool { return a.Equal(b) }
	switch {
	case c.exact:
		dec = func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }
	case c.rounded:
		places := c.places
		dec = func(a, b decimal.Decimal) bool { return a.RoundBank(places).Equal(b.RoundBank(places)) }
	}
	rate := func(a, b quality.Rate) bool { return a == b }
	if c.ratesValued {
		rate = func(a, b quality.Rate) bool { return a.Cmp(b) == 0 }
	}
	return cmp.Options{
		cmp.Comparer(dec),
		cmp.Comparer(rate),
		cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b *time.Location) bool {
			if a == nil || b == nil {
				return a == b
			}
			return a.String() == b.String()
		}),
	}
}
