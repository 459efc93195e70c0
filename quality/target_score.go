package quality

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// AttainmentPlaces is the number of decimal places of [Target.Attainment]'s
// result, rounded [HalfEven] from the exact value. Use [Target.Score] to
// multiply by points with a single rounding instead.
const AttainmentPlaces = 16

// Attainment returns the fraction of full marks that actual earns against the
// target: 1 at the challenge, within [0, [Target.MaxAttainment]] everywhere,
// and never smaller for a better actual value (see [Target] for the scoring).
// The result is computed exactly and rounded to [AttainmentPlaces] places,
// half to even.
//
// Attainment of a target that fails [Target.Validate] is 0: validate targets
// when they are loaded (decoding from JSON does).
//
// Repair satisfaction with baseline 0.90, challenge 0.98 and linear scoring
// gives 0.5 for an actual 0.94; with BaselineScore 0.6 it gives 0.8.
func (t Target) Attainment(actual decimal.Decimal) decimal.Decimal {
	if t.Validate() != nil {
		return decimal.Zero
	}
	return t.roundAttainment(t.attainment(actual.Rat()))
}

// AttainmentRate is [Target.Attainment] of the exact value of r, without
// rounding the rate first: 14/15 is scored as 14/15, not as 0.9333. ok is false
// (and the result 0) when r is undefined.
func (t Target) AttainmentRate(r Rate) (a decimal.Decimal, ok bool) {
	if !r.Defined() {
		return decimal.Zero, false
	}
	if t.Validate() != nil {
		return decimal.Zero, true
	}
	return t.roundAttainment(t.attainment(r.rat())), true
}

// Score returns full × the attainment of actual, computed exactly and rounded
// once to places under mode m: the points (or money) an item worth full earns.
// It returns the validation error of an invalid target, or an error wrapping
// [ErrInvalidRounding] when m is not a mode.
func (t Target) Score(actual, full decimal.Decimal, places int32, m Rounding) (decimal.Decimal, error) {
	if err := t.Validate(); err != nil {
		return decimal.Zero, err
	}
	if !m.Valid() {
		return decimal.Zero, fmt.Errorf("%w: Score with %v", ErrInvalidRounding, m)
	}
	a := t.attainment(actual.Rat())
	a.Mul(a, full.Rat())
	return roundRat(a.Num(), a.Denom(), places, m), nil
}

func (t Target) roundAttainment(a *big.Rat) decimal.Decimal {
	d := roundRat(a.Num(), a.Denom(), AttainmentPlaces, HalfEven)
	// A cap with more places than AttainmentPlaces may round up past itself.
	if most := t.MaxAttainment(); d.Cmp(most) > 0 {
		return most
	}
	return d
}

// attainment returns the exact attainment of x for a valid target.
func (t Target) attainment(x *big.Rat) *big.Rat {
	sign := t.Direction.sign()
	if len(t.Tiers) > 0 {
		score := new(big.Rat)
		for _, tier := range t.Tiers {
			if sign*x.Cmp(tier.At.Rat()) < 0 {
				break // tiers run from worst to best: no later tier is reached
			}
			score = tier.Score.Rat()
		}
		return score
	}
	base := t.Baseline.Rat()
	if t.Gate && sign*x.Cmp(base) < 0 { // worse than the baseline
		return new(big.Rat)
	}
	// s0 + (1 - s0) × (x - base) / (challenge - base), clamped to [0, cap].
	s0 := t.BaselineScore.Rat()
	v := new(big.Rat).Sub(x, base)
	v.Quo(v, new(big.Rat).Sub(t.Challenge.Rat(), base))
	v.Mul(v, new(big.Rat).Sub(big.NewRat(1, 1), s0))
	v.Add(v, s0)
	if v.Sign() < 0 {
		return v.SetInt64(0)
	}
	if most := t.MaxAttainment().Rat(); v.Cmp(most) > 0 {
		return most
	}
	return v
}
