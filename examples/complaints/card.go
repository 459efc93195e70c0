package main

import (
	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// provincialItems are the provincial 100-point card's items exactly as the
// programme lists them [004]: they add up to 94.
func provincialItems() []appraisal.Item {
	d := decimal.RequireFromString
	target := func(baseline, challenge string, dir quality.Direction) *quality.Target {
		return &quality.Target{Baseline: d(baseline), Challenge: d(challenge), Direction: dir}
	}
	up, down := quality.HigherIsBetter, quality.LowerIsBetter
	return []appraisal.Item{
		{ID: "hotline", Name: "hotline quality", Points: d("35"), Target: target("0.80", "0.85", up)},
		{ID: "key_accounts", Name: "key-account service", Points: d("10"), Target: target("0.90", "0.95", up)},
		{ID: "halls", Name: "halls and channels", Points: d("10"), Target: target("0.90", "0.95", up)},
		{ID: "complaint_timeliness", Name: "complaint handling timeliness", Points: d("8"), Target: target("0.95", "1", up)},
		{ID: "mobile_complaint_rate", Name: "mobile complaint rate", Points: d("4"), Target: target("0.05", "0.03", down)},
		{ID: "dial_tests", Name: "dial tests", Points: d("4"), Target: target("80", "95", up)},
		{ID: "quality_meetings", Name: "quality meetings held and effective", Points: d("10"),
			Checklist: &appraisal.Checklist{Checks: []string{"held", "effective"}, Mode: appraisal.ChecklistProportional}},
		{ID: "social_supervisors", Name: "social supervisors", Points: d("3"),
			Checklist: &appraisal.Checklist{Checks: []string{"appointed"}, Mode: appraisal.ChecklistAll}},
		// Escalated complaints weigh more the further they go: 1 point off
		// per complaint to the GM line, 2 per complaint to the regulator, 3
		// per media complaint (this program's weights: the programme says
		// only that they weigh more).
		{ID: "escalated_complaints", Name: "GM-line, escalated and media complaints", Points: d("10"),
			Rule: &appraisal.Formula{Source: "10 - gm_line - 2 * regulator - 3 * media"}},
	}
}

// escalatedFacts are the facts the escalated-complaints rule reads.
var escalatedFacts = quality.MustSchema(
	quality.Field{Name: "gm_line", Kind: quality.KindInt, Doc: "complaints to the general manager's line"},
	quality.Field{Name: "regulator", Kind: quality.KindInt, Doc: "complaints to the regulator"},
	quality.Field{Name: "media", Kind: quality.KindInt, Doc: "complaints to the media"},
)

// provincialCard is the provincial card declared at 100 points; normalize
// says whether its items are scaled to add up to 100.
func provincialCard(normalize bool) appraisal.Card {
	return appraisal.Card{ID: "provincial", Name: "provincial 100-point card", Total: decimal.NewFromInt(100),
		Normalize: normalize, Missing: appraisal.MissingFail, Items: provincialItems()}
}

// halfYearCard is the half-year appraisal: customer satisfaction 40%, the
// provincial card (normalised to 100) 60%. Satisfaction is scored against
// the repair target of 90% (baseline) and 98% (challenge).
func halfYearCard() appraisal.Card {
	d := decimal.RequireFromString
	inner := provincialCard(true)
	return appraisal.Card{ID: "half_year", Name: "half-year appraisal", Total: d("100"), Missing: appraisal.MissingFail,
		Items: []appraisal.Item{
			{ID: "satisfaction", Name: "customer satisfaction", Weight: d("0.4"),
				Target: &quality.Target{Baseline: d("0.90"), Challenge: d("0.98"), Direction: quality.HigherIsBetter}},
			{ID: "provincial", Name: "provincial card", Weight: d("0.6"), Card: &inner},
		}}
}
