package appraisal

import (
	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// Inputs are one subject's measurements, keyed by item ID. An item without an
// entry is missing and follows its missing-input policy; an entry whose key
// names no input item of the card is an error ([InputError]).
type Inputs map[string]Input

// Input is one item's measurement. Which fields an item reads depends on its
// method:
//
//	method        reads
//	linear/steps  Value or Rate (exactly one); an undefined Rate (0/0) is missing
//	deduction     Count, the number of events (detractors)
//	year_on_year  this year's Value or Rate and last year's PreviousValue or Previous
//	checklist     Checks, with an entry for every check of the item
//	rule          Facts: quality.Facts or the struct given to quality.SchemaOf
//
// The constructors below build each shape.
type Input struct {
	Value         *decimal.Decimal `json:"value,omitempty"`
	Rate          *quality.Rate    `json:"rate,omitempty"`
	PreviousValue *decimal.Decimal `json:"previous_value,omitempty"`
	Previous      *quality.Rate    `json:"previous,omitempty"`
	Count         *int64           `json:"count,omitempty"`
	Checks        map[string]bool  `json:"checks,omitempty"`
	Facts         any              `json:"facts,omitempty"`
}

// ValueInput is a measured value: a dial-test score, a rate already computed.
func ValueInput(v decimal.Decimal) Input { return Input{Value: &v} }

// RateInput is an exact rate, num of den: 28 satisfied of 30 rated. It is scored
// exactly (see quality.Target.AttainmentRate); 0 of 0 is missing.
func RateInput(num, den int64) Input {
	r := quality.Rate{Num: num, Den: den}
	return Input{Rate: &r}
}

// CountInput is a number of events: detractors, escalated complaints.
func CountInput(n int64) Input { return Input{Count: &n} }

// YearOnYearInput is this year's rate and last year's, each as counts:
// complaints over orders.
func YearOnYearInput(lastYear, thisYear quality.Rate) Input {
	return Input{Previous: &lastYear, Rate: &thisYear}
}

// ChecksInput is a checklist's outcome: check name → passed.
func ChecksInput(checks map[string]bool) Input { return Input{Checks: checks} }

// FactsInput is the facts a rule item evaluates: quality.Facts or a struct.
func FactsInput(facts any) Input { return Input{Facts: facts} }
