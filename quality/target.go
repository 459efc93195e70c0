package quality

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Direction says which way an indicator improves. The zero value,
// [DirectionInvalid], is not a direction, so a target whose direction was
// left out fails [Target.Validate].
//
// A Direction encodes to JSON and text as its name: "higher_is_better" or
// "lower_is_better".
type Direction uint8

// The directions.
const (
	DirectionInvalid Direction = iota // not a direction; the zero value
	HigherIsBetter                    // satisfaction, on-time rate, answer rate
	LowerIsBetter                     // complaints per hundred orders, overdue orders
)

// ErrInvalidDirection is wrapped by errors from [ParseDirection] and from
// decoding a [Direction].
var ErrInvalidDirection = errors.New("quality: invalid direction")

var directionNames = [...]string{
	HigherIsBetter: "higher_is_better",
	LowerIsBetter:  "lower_is_better",
}

// String returns the direction's name, such as "higher_is_better", or
// "Direction(0)" for [DirectionInvalid] and other values that are not
// directions.
func (d Direction) String() string {
	if d.Valid() {
		return directionNames[d]
	}
	return fmt.Sprintf("Direction(%d)", uint8(d))
}

// Valid reports whether d is [HigherIsBetter] or [LowerIsBetter].
func (d Direction) Valid() bool { return d == HigherIsBetter || d == LowerIsBetter }

// ParseDirection returns the direction named s: "higher_is_better" or
// "lower_is_better".
func ParseDirection(s string) (Direction, error) {
	for d := HigherIsBetter; d <= LowerIsBetter; d++ {
		if directionNames[d] == s {
			return d, nil
		}
	}
	return DirectionInvalid, fmt.Errorf("%w: %q (want higher_is_better or lower_is_better)", ErrInvalidDirection, s)
}

// MarshalText encodes d as its name; [DirectionInvalid] is an error.
func (d Direction) MarshalText() ([]byte, error) {
	if !d.Valid() {
		return nil, fmt.Errorf("%w: cannot encode %v", ErrInvalidDirection, d)
	}
	return []byte(directionNames[d]), nil
}

// UnmarshalText decodes a direction name as [ParseDirection] does.
func (d *Direction) UnmarshalText(text []byte) error {
	v, err := ParseDirection(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// sign is +1 when higher is better and -1 when lower is better, so that
// sign*cmp(a, b) > 0 means a is better than b.
func (d Direction) sign() int {
	if d == LowerIsBetter {
		return -1
	}
	return 1
}

// Target is an indicator's goal and how an actual value is scored against it.
// It is configuration data: a plain value, encoded as JSON with the field names
// below, checked by [Target.Validate] (decoding validates too).
//
// The model: the baseline is the value the unit must reach, the challenge the
// value that earns full marks, and the direction says which way is better
// (repair satisfaction: baseline 0.90, challenge 0.98, higher is better).
// [Target.Attainment] turns an actual value into a fraction of full marks: 1 at
// the challenge, between 0 and [Target.MaxAttainment] (the cap) everywhere.
// Appraisal multiplies it by an item's points; [Target.Score] does that with a
// single rounding, and [Target.AttainmentRate] scores a [Rate] without
// rounding it first. Values are in the unit of the actual figure: rates as
// fractions (0.9 for 90%), complaints per hundred orders as such (1.5).
//
// Scoring is linear unless Tiers is set:
//
//   - Linear: attainment rises on the straight line through BaselineScore at
//     the baseline and 1 at the challenge, clamped to [0, cap]. With the
//     default cap of 1 the line stops at the challenge; a Cap above 1 lets it
//     continue beyond (over-achievement). Below the baseline the line keeps
//     falling until 0, unless Gate is set, in which case anything worse than
//     the baseline scores 0. Baseline and Challenge must differ and be in the
//     order Direction says.
//   - Steps: Tiers lists thresholds from worst to best, each with the fraction
//     it earns; an actual value scores the fraction of the best tier it
//     reaches (at or better than the tier's threshold) and 0 below the first
//     tier, which must be at the baseline. Some tier must be at the challenge
//     and score 1; tiers before it score less than 1, tiers beyond it at most
//     the cap. A single tier {baseline, 1} with Baseline == Challenge is a
//     pass/fail threshold (see [Threshold]).
//
// The zero values of BaselineScore, Gate, Tiers and Cap are the defaults:
// 0 at the baseline, no gate, linear scoring, cap 1. Baseline, Challenge and
// Direction have no default and are required in JSON.
//
// A Target shares its Tiers slice when copied; treat it as immutable.
type Target struct {
	// Baseline is the value that must be reached (the 基础值).
	Baseline decimal.Decimal `json:"baseline"`
	// Challenge is the value that earns full marks (the 挑战值).
	Challenge decimal.Decimal `json:"challenge"`
	// Direction says whether higher or lower actual values are better.
	Direction Direction `json:"direction"`
	// BaselineScore is the fraction of full marks earned at the baseline in
	// linear scoring, in [0, 1); for example 0.6. Zero by default.
	BaselineScore decimal.Decimal `json:"baseline_score,omitzero"`
	// Gate makes any value worse than the baseline score 0 in linear scoring,
	// even when BaselineScore is above 0. Step scoring is always gated.
	Gate bool `json:"gate,omitempty"`
	// Tiers, when not empty, replaces linear scoring by steps.
	Tiers []Tier `json:"tiers,omitempty"`
	// Cap is the highest attainment, at least 1; zero means 1. A cap above 1
	// rewards over-achievement beyond the challenge.
	Cap decimal.Decimal `json:"cap,omitzero"`
}

// Tier is one step of step scoring: reaching At (at or better than it, in the
// target's direction) earns Score, a fraction of full marks.
type Tier struct {
	At    decimal.Decimal `json:"at"`
	Score decimal.Decimal `json:"score"`
}

// ErrInvalidTarget is wrapped by every error that [Target.Validate] and the
// target constructors return; the error is a [*TargetError].
var ErrInvalidTarget = errors.New("quality: invalid target")

// TargetError describes what is wrong with a target: the JSON name of the
// offending field (such as "challenge" or "tiers[2].score") and the reason.
// It wraps [ErrInvalidTarget].
type TargetError struct {
	Field   string
	Message string
}

// Error returns "quality: invalid target: <field>: <message>".
func (e *TargetError) Error() string {
	return ErrInvalidTarget.Error() + ": " + e.Field + ": " + e.Message
}

// Unwrap returns [ErrInvalidTarget].
func (e *TargetError) Unwrap() error { return ErrInvalidTarget }

func targetErr(field, format string, args ...any) error {
	return &TargetError{Field: field, Message: fmt.Sprintf(format, args...)}
}

var decimalOne = decimal.NewFromInt(1)

// MaxAttainment returns the cap: Cap, or 1 when Cap is zero.
func (t Target) MaxAttainment() decimal.Decimal {
	if t.Cap.IsZero() {
		return decimalOne
	}
	return t.Cap
}

// better reports whether a is strictly better than b in the target's
// direction.
func (t Target) better(a, b decimal.Decimal) bool {
	return t.Direction.sign()*a.Cmp(b) > 0
}

// Validate reports the first inconsistency in t as a [*TargetError] wrapping
// [ErrInvalidTarget], or nil. See [Target] for the rules.
func (t Target) Validate() error {
	if !t.Direction.Valid() {
		return targetErr("direction", "%v is not a direction: want higher_is_better or lower_is_better", t.Direction)
	}
	if !t.Cap.IsZero() && t.Cap.Cmp(decimalOne) < 0 {
		return targetErr("cap", "%s is below full marks (1): a cap limits over-achievement and is at least 1 (leave it out for 1)", t.Cap)
	}
	if len(t.Tiers) == 0 {
		return t.validateLinear()
	}
	return t.validateSteps()
}

func (t Target) validateLinear() error {
	switch {
	case t.Baseline.Equal(t.Challenge):
		return targetErr("challenge", "equals the baseline %s: linear scoring needs two different values (for a pass/fail threshold use one tier)", t.Baseline)
	case !t.better(t.Challenge, t.Baseline):
		return targetErr("challenge", "%s is worse than the baseline %s although the direction is %v", t.Challenge, t.Baseline, t.Direction)
	case t.BaselineScore.Sign() < 0 || t.BaselineScore.Cmp(decimalOne) >= 0:
		return targetErr("baseline_score", "%s is outside [0, 1): the challenge earns full marks, the baseline less", t.BaselineScore)
	}
	return nil
}

func (t Target) validateSteps() error {
	if !t.BaselineScore.IsZero() {
		return targetErr("baseline_score", "%s is set but step scoring takes its scores from the tiers: put the baseline's score on the first tier", t.BaselineScore)
	}
	if t.better(t.Baseline, t.Challenge) {
		return targetErr("challenge", "%s is worse than the baseline %s although the direction is %v", t.Challenge, t.Baseline, t.Direction)
	}
	if !t.Tiers[0].At.Equal(t.Baseline) {
		return targetErr("tiers[0].at", "%s is not the baseline %s: the first tier is where scoring starts", t.Tiers[0].At, t.Baseline)
	}
	most := t.MaxAttainment()
	atChallenge := false
	for i, tier := range t.Tiers {
		if i > 0 {
			prev := t.Tiers[i-1]
			if !t.better(tier.At, prev.At) {
				return targetErr(fmt.Sprintf("tiers[%d].at", i), "%s is not better than the previous tier's %s: list tiers from worst to best (%v)", tier.At, prev.At, t.Direction)
			}
			if tier.Score.Cmp(prev.Score) < 0 {
				return targetErr(fmt.Sprintf("tiers[%d].score", i), "%s is below the previous tier's %s: a better value must not score less", tier.Score, prev.Score)
			}
		}
		if tier.Score.Sign() < 0 || tier.Score.Cmp(most) > 0 {
			return targetErr(fmt.Sprintf("tiers[%d].score", i), "%s is outside [0, cap %s]", tier.Score, most)
		}
		switch {
		case tier.At.Equal(t.Challenge):
			if !tier.Score.Equal(decimalOne) {
				return targetErr(fmt.Sprintf("tiers[%d].score", i), "%s at the challenge %s: the challenge earns full marks (1)", tier.Score, t.Challenge)
			}
			atChallenge = true
		case t.better(t.Challenge, tier.At) && tier.Score.Cmp(decimalOne) >= 0:
			return targetErr(fmt.Sprintf("tiers[%d].score", i), "%s before the challenge %s: only the challenge and beyond earn full marks", tier.Score, t.Challenge)
		}
	}
	if !atChallenge {
		return targetErr("tiers", "no tier at the challenge %s: add {\"at\": %q, \"score\": 1}", t.Challenge, t.Challenge.String())
	}
	return nil
}

// Threshold returns a pass/fail target: reaching value (at or better than it
// in direction dir) earns full marks, anything worse earns 0. The on-time
// arrival rate 95% and the 15-second answer rate 85% are such targets.
func Threshold(value decimal.Decimal, dir Direction) (Target, error) {
	t := Target{Baseline: value, Challenge: value, Direction: dir, Tiers: []Tier{{At: value, Score: decimalOne}}}
	return t, t.Validate()
}

// YearOnYear returns a linear target relative to last year's value: the
// baseline is lastYear, the challenge lastYear × (1 + change). A negative
// change (-0.2: "down 20% year on year") makes lower better; a positive one
// makes higher better. lastYear must be positive and change not zero and not
// below -1. The result scores 0 at last year's value and 1 at the challenge;
// set BaselineScore, Gate or Cap on it to change that.
//
// Installation complaints per hundred orders down 20% year on year, with 1.5
// last year, is YearOnYear(1.5, -0.2): baseline 1.5, challenge 1.2, lower is
// better.
func YearOnYear(lastYear, change decimal.Decimal) (Target, error) {
	switch {
	case lastYear.Sign() <= 0:
		return Target{}, targetErr("baseline", "last year's value %s is not positive: a relative target needs a positive base", lastYear)
	case change.IsZero():
		return Target{}, targetErr("challenge", "a change of 0 makes the challenge equal to the baseline")
	case change.Cmp(decimalOne.Neg()) < 0:
		return Target{}, targetErr("challenge", "a change of %s takes the value below zero (a fall of more than 100%%)", change)
	}
	dir := HigherIsBetter
	if change.Sign() < 0 {
		dir = LowerIsBetter
	}
	t := Target{Baseline: lastYear, Challenge: lastYear.Mul(decimalOne.Add(change)), Direction: dir}
	return t, t.Validate()
}

// targetJSON is the wire form of a Target: pointers tell a missing field from
// a zero one.
type targetJSON struct {
	Baseline      *decimal.Decimal `json:"baseline"`
	Challenge     *decimal.Decimal `json:"challenge"`
	Direction     *Direction       `json:"direction"`
	BaselineScore decimal.Decimal  `json:"baseline_score"`
	Gate          bool             `json:"gate"`
	Tiers         []tierJSON       `json:"tiers"`
	Cap           decimal.Decimal  `json:"cap"`
}

type tierJSON struct {
	At    *decimal.Decimal `json:"at"`
	Score *decimal.Decimal `json:"score"`
}

// UnmarshalJSON decodes a target written with the field names of [Target] and
// validates it. baseline, challenge and direction are required, as are at and
// score on each tier; unknown fields are refused, so a misspelt field is an
// error rather than a silent default. JSON null leaves t unchanged.
func (t *Target) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var w targetJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidTarget, err)
	}
	for _, req := range []struct {
		name    string
		missing bool
	}{{"baseline", w.Baseline == nil}, {"challenge", w.Challenge == nil}, {"direction", w.Direction == nil}} {
		if req.missing {
			return targetErr(req.name, "missing")
		}
	}
	v := Target{
		Baseline:      *w.Baseline,
		Challenge:     *w.Challenge,
		Direction:     *w.Direction,
		BaselineScore: w.BaselineScore,
		Gate:          w.Gate,
		Cap:           w.Cap,
	}
	for i, tj := range w.Tiers {
		if tj.At == nil || tj.Score == nil {
			return targetErr(fmt.Sprintf("tiers[%d]", i), `want {"at": value, "score": fraction}`)
		}
		v.Tiers = append(v.Tiers, Tier{At: *tj.At, Score: *tj.Score})
	}
	if err := v.Validate(); err != nil {
		return err
	}
	*t = v
	return nil
}
