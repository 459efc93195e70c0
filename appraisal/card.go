package appraisal

import (
	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// Card is a scorecard definition: plain data that a policy file declares and
// [NewScorecard] checks and compiles. A card has a declared Total and items;
// each item is worth Points, or a Weight (a fraction of the card's Total), and
// is scored by exactly one method. The items' points must add up to Total
// unless Normalize is set; see [TotalError].
//
// The zero values of Normalize, Missing and Round are the defaults: no
// normalisation, the enclosing card's missing-input policy (a top-level card
// must declare one), the enclosing card's rounding (half up to 0.01 at the
// top).
type Card struct {
	// ID identifies the card in paths and explanations ("provincial").
	ID string `json:"id"`
	// Name is a human-readable title.
	Name string `json:"name,omitempty"`
	// Total is the declared full marks of the card (100).
	Total decimal.Decimal `json:"total"`
	// Normalize scales the items' points so that they add up to Total. Only
	// a card that says so is normalised; otherwise a mismatch is an error.
	Normalize bool `json:"normalize,omitempty"`
	// Missing is the policy for items whose input is absent or undefined,
	// inherited by items and nested cards that do not declare their own.
	Missing Missing `json:"missing,omitempty"`
	// Round is how each item's points are rounded; the card's points are the
	// sum of its items' rounded points.
	Round *Round `json:"round,omitempty"`
	// Items are the card's items, in the order they are explained.
	Items []Item `json:"items"`
}

// Item is one line of a scorecard. Exactly one of Points and Weight is set,
// and exactly one method field: Target (linear or step scoring against a
// quality.Target), Deduction, YearOnYear, Checklist, Rule or Card (a nested
// scorecard, whose score is scaled to this item's points).
//
// An item's ID keys its input in [Inputs]; IDs are unique across a card and
// every card nested in it.
type Item struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Points is the item's full marks (hotline quality: 35).
	Points decimal.Decimal `json:"points,omitzero"`
	// Weight is the item's share of the card's Total, in (0, 1] (customer
	// satisfaction: 0.4 of the half-year appraisal).
	Weight decimal.Decimal `json:"weight,omitzero"`
	// Missing overrides the card's missing-input policy for this item.
	Missing Missing `json:"missing,omitempty"`

	Target     *quality.Target `json:"target,omitempty"`
	Deduction  *Deduction      `json:"deduction,omitempty"`
	YearOnYear *YearOnYear     `json:"year_on_year,omitempty"`
	Checklist  *Checklist      `json:"checklist,omitempty"`
	Rule       *Formula        `json:"rule,omitempty"`
	Card       *Card           `json:"card,omitempty"`
}

// Deduction scores full points less Per points for each event counted, never
// below Floor: the hall KPI loses 1 point per detractor. Its input is a Count.
type Deduction struct {
	// Per is the points deducted per event; positive.
	Per decimal.Decimal `json:"per"`
	// Floor is the least the item can score, in [0, points); zero by default.
	Floor decimal.Decimal `json:"floor,omitzero"`
}

// YearOnYear scores a value against the subject's own value a year earlier:
// installation complaints per hundred orders down 20% is Change -0.2. The
// target is quality.YearOnYear(last year, Change): 0 at last year's value, full
// marks at the challenge, with BaselineScore, Gate and Cap as in
// quality.Target. The input is this year's value (Value or Rate) and last
// year's (PreviousValue or Previous); last year's must be positive.
type YearOnYear struct {
	// Change is the relative change aimed at: -0.2 for "down 20%".
	Change decimal.Decimal `json:"change"`
	// Per scales rates for display: 100 shows complaints per hundred orders.
	// Zero means 1. Scaling does not change the score.
	Per int64 `json:"per,omitempty"`
	// BaselineScore, Gate and Cap are copied onto the target (see quality.Target).
	BaselineScore decimal.Decimal `json:"baseline_score,omitzero"`
	Gate          bool            `json:"gate,omitempty"`
	Cap           decimal.Decimal `json:"cap,omitzero"`
}

// Checklist is a pass/fail checklist, such as the "ten ones" of an on-site
// inspection. Its input is a Checks map with an entry for every check.
type Checklist struct {
	// Checks are the checks' names, unique.
	Checks []string `json:"checks"`
	// Mode says how passes become points: in proportion, or all or nothing.
	Mode ChecklistMode `json:"mode"`
}

// Formula is a policy writer's rule: a quality rule over the scorecard's facts
// schema that gives the item's points as a decimal ("35 - 5 * late_reports").
// The result is clamped to [0, the item's points], and the explanation shows
// the value before clamping. Its input is Facts.
type Formula struct {
	Source string `json:"source"`
}

// TenOnes is the "ten ones" on-site checklist (一个微笑, 一双慧眼, ...): the
// checks an inspector ticks at each site visited.
func TenOnes() []string {
	return []string{"smile", "attentive-eye", "cap", "shoe-covers", "cleaning-cloth", "floor-mat", "service-card", "confirmation-slip", "test-pen", "closing-words"}
}

// method returns the method an item's fields select, and how many are set.
func (it *Item) method() (Method, int) {
	m, n := MethodInvalid, 0
	if it.Target != nil {
		n++
		m = MethodLinear
		if len(it.Target.Tiers) > 0 {
			m = MethodSteps
		}
	}
	if it.Deduction != nil {
		n++
		m = MethodDeduction
	}
	if it.YearOnYear != nil {
		n++
		m = MethodYearOnYear
	}
	if it.Checklist != nil {
		n++
		m = MethodChecklist
	}
	if it.Rule != nil {
		n++
		m = MethodRule
	}
	if it.Card != nil {
		n++
		m = MethodCard
	}
	return m, n
}
