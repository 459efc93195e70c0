package quality

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// roundBig is Round's general path alone, the reference for its int64 fast path.
func roundBig(d decimal.Decimal, places int32, m Rounding) decimal.Decimal {
	coef := d.Coefficient()
	drop := -int64(places) - int64(d.Exponent())
	if drop <= 0 {
		coef.Mul(coef, tenToThe(-drop))
		return decimal.NewFromBigInt(coef, -places)
	}
	roundQuo(coef, coef, tenToThe(drop), m)
	return decimal.NewFromBigInt(coef, -places)
}

// TestRoundFastPathMatchesBig checks the int64 fast path against big.Int
// arithmetic at the edges that matter: 18-digit coefficients, exact ties, and
// shifts of up to 18 digits either way.
func TestRoundFastPathMatchesBig(t *testing.T) {
	modes := []Rounding{HalfUp, HalfEven, Down, Up, Floor, Ceiling}
	rapid.Check(t, func(t *rapid.T) {
		var c int64
		switch rapid.IntRange(0, 2).Draw(t, "shape") {
		case 0:
			c = rapid.Int64().Draw(t, "c")
		case 1: // an exact tie at some digit
			k := rapid.IntRange(1, 17).Draw(t, "k")
			c = rapid.Int64Range(-9e16, 9e16).Draw(t, "c") / pow10[k] * pow10[k]
			c += 5 * pow10[k-1]
		default:
			c = rapid.Int64Range(-1000, 1000).Draw(t, "c")
		}
		d := decimal.New(c, int32(rapid.IntRange(-20, 20).Draw(t, "exp")))
		places := int32(rapid.IntRange(-20, 20).Draw(t, "places"))
		m := rapid.SampledFrom(modes).Draw(t, "mode")
		got, want := m.Round(d, places), roundBig(d, places, m)
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("%v.Round(%v, %d) = %v (exp %d), big path %v (exp %d)", m, d, places, got, got.Exponent(), want, want.Exponent())
		}
	})
}
