package appraisal

import (
	"fmt"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// Round is a declared rounding: a quality.Rounding mode and a number of decimal
// places. Scorecards round every item's points with it, and ledger rules every
// money line; totals are sums of rounded values, never rounded again.
//
// Definitions hold a *Round: nil means the default, half up (四舍五入) to two
// places, 0.01 yuan or 0.01 point (a nested card without one uses its
// enclosing card's). A Round that is given
// must name a valid mode; Places runs from 0 to [MaxPlaces].
type Round struct {
	Mode   quality.Rounding `json:"mode"`
	Places int32            `json:"places"`
}

// MaxPlaces is the most decimal places a [Round] may declare.
const MaxPlaces = 8

// defaultRound is the rounding used where a definition declares none.
var defaultRound = Round{Mode: quality.HalfUp, Places: 2}

// Apply returns d rounded to r.Places places under r.Mode. A value that
// already has exactly r.Places places is returned as it is (no digit is
// dropped, so every mode leaves it unchanged).
func (r Round) Apply(d decimal.Decimal) decimal.Decimal {
	if d.Exponent() == -r.Places {
		return d
	}
	return r.Mode.Round(d, r.Places)
}

// String returns "half_up to 2 places".
func (r Round) String() string { return fmt.Sprintf("%v to %d places", r.Mode, r.Places) }

// check returns a description of what is wrong with r, or "".
func (r Round) check() string {
	switch {
	case !r.Mode.Valid():
		return fmt.Sprintf("mode %v is not a rounding mode (half_up, half_even, down, up, floor, ceiling)", r.Mode)
	case r.Places < 0 || r.Places > MaxPlaces:
		return fmt.Sprintf("places %d is outside [0, %d]", r.Places, MaxPlaces)
	}
	return ""
}

// resolve returns *r, or def when r is nil.
func (r *Round) resolve(def Round) Round {
	if r == nil {
		return def
	}
	return *r
}

// precision is the number of decimal places carried by intermediate fractions
// (normalisation and redistribution factors, a nested card's attainment, a
// year-on-year change, ranking statistics) before a declared rounding applies.
// It matches quality.AttainmentPlaces.
const precision = quality.AttainmentPlaces

// intermediate is the rounding of intermediate fractions: half to even at
// [precision] places.
var intermediate = Round{Mode: quality.HalfEven, Places: precision}
