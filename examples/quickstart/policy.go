package main

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// moneyRule is the policy writer's monthly money formula in yuan: +20 for
// every customer who gives a 10 (raised from 10 yuan in July) and -200 for
// every dissatisfied customer (raised from 100).
const moneyRule = `tens * 20 - unsatisfied * 200`

// moneyFacts are the facts the money rule may use.
var moneyFacts = []quality.Field{
	{Name: "tens", Kind: quality.KindInt, Doc: "customers who gave a 10 (repair and installation)"},
	{Name: "unsatisfied", Kind: quality.KindInt, Doc: "customers who gave less than 10"},
}

// policy is the station's scoring policy for the month.
type policy struct {
	Repair  quality.Target // repair satisfaction
	Install quality.Target // installation/move satisfaction
	OnTime  quality.Target // appointment punctuality
	Money   *quality.Rule  // yuan for the month
}

// newPolicy builds the policy from the operators' figures: repair satisfaction
// baseline 90%, challenge 98%; installation/move 95%, 100%; on-time arrival
// 95%. The satisfaction targets give 60% of full marks at the baseline and
// nothing below it; that choice is this example's, not the operators'.
func newPolicy() (policy, error) {
	d := decimal.RequireFromString
	satisfaction := func(baseline, challenge string) quality.Target {
		return quality.Target{
			Baseline:      d(baseline),
			Challenge:     d(challenge),
			Direction:     quality.HigherIsBetter,
			BaselineScore: d("0.6"),
			Gate:          true,
		}
	}
	p := policy{
		Repair:  satisfaction("0.90", "0.98"),
		Install: satisfaction("0.95", "1"),
	}
	var err error
	if p.OnTime, err = quality.Threshold(d("0.95"), quality.HigherIsBetter); err != nil {
		return policy{}, err
	}
	for _, t := range []quality.Target{p.Repair, p.Install} {
		if err := t.Validate(); err != nil {
			return policy{}, err
		}
	}
	schema, err := quality.NewSchema(moneyFacts...)
	if err != nil {
		return policy{}, err
	}
	if p.Money, err = quality.Compile(moneyRule, schema, quality.KindDecimal); err != nil {
		return policy{}, fmt.Errorf("money rule: %w", err)
	}
	return p, nil
}
