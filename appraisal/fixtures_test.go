package appraisal

import (
	"time"
	_ "time/tzdata" // Asia/Shanghai wherever the tests run

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// The operators' figures (../shared/DOMAIN.md §4) as fixtures shared by the
// tests of this package.

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decp(s string) *decimal.Decimal {
	d := dec(s)
	return &d
}

// shanghai is the operators' zone, from the embedded zone database.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func day(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, shanghai)
}

// repairSatisfaction is the repair target: baseline 90%, challenge 98%. [000]
func repairSatisfaction() *quality.Target {
	return &quality.Target{Baseline: dec("0.90"), Challenge: dec("0.98"), Direction: quality.HigherIsBetter}
}

// installSatisfaction is the installation/move target: baseline 95%,
// challenge 100%. [000]
func installSatisfaction() *quality.Target {
	return &quality.Target{Baseline: dec("0.95"), Challenge: dec("1"), Direction: quality.HigherIsBetter}
}

// provincialItems are the provincial card's items as listed [004]: 35 + 10 +
// 10 + 8 + 4 + 4 + 10 + 3 + 10 = 94. The methods are this package's choices
// for each item; the points are the operator's.
func provincialItems() []Item {
	return []Item{
		{ID: "hotline", Name: "hotline quality", Points: dec("35"),
			// 85% of calls answered by a person within 15 seconds [001]; 60% of
			// the points at 85%, full at 95%, nothing below 85%.
			Target: &quality.Target{Baseline: dec("0.85"), Challenge: dec("0.95"), Direction: quality.HigherIsBetter, BaselineScore: dec("0.6"), Gate: true}},
		{ID: "key-accounts", Name: "key-account service", Points: dec("10"),
			Rule: &Formula{Source: "10 - 2 * key_account_complaints"}},
		{ID: "halls", Name: "halls and channels", Points: dec("10"),
			// −1 point per detractor [001].
			Deduction: &Deduction{Per: dec("1")}},
		{ID: "timeliness", Name: "complaint handling timeliness", Points: dec("8"),
			Target: &quality.Target{Baseline: dec("0.90"), Challenge: dec("1"), Direction: quality.HigherIsBetter,
				Tiers: []quality.Tier{{At: dec("0.90"), Score: dec("0.5")}, {At: dec("0.95"), Score: dec("0.75")}, {At: dec("1"), Score: dec("1")}}}},
		{ID: "mobile-complaints", Name: "mobile complaint rate", Points: dec("4"),
			// Complaints per hundred orders down 20% year on year [001].
			YearOnYear: &YearOnYear{Change: dec("-0.2"), Per: 100}},
		{ID: "dial-tests", Name: "dial tests", Points: dec("4"),
			// IVR resolution rate 96% [001].
			Target: &quality.Target{Baseline: dec("0.96"), Challenge: dec("1"), Direction: quality.HigherIsBetter}},
		{ID: "meetings", Name: "quality meetings held and effective", Points: dec("10"),
			Checklist: &Checklist{Checks: []string{"held", "minutes", "actions-closed", "effective"}, Mode: ChecklistProportional}},
		{ID: "supervisors", Name: "social supervisors", Points: dec("3"),
			Target: &quality.Target{Baseline: dec("0.8"), Challenge: dec("1"), Direction: quality.HigherIsBetter}},
		{ID: "escalated", Name: "GM-line, escalated and media complaints", Points: dec("10"),
			Deduction: &Deduction{Per: dec("2.5")}},
	}
}

// provincialCard is the 100-point card as the document declares it: items
// worth 94, total 100. normalize says whether the card asks to be scaled.
func provincialCard(normalize bool) Card {
	return Card{ID: "provincial", Name: "provincial service quality", Total: dec("100"), Normalize: normalize, Missing: MissingFail, Items: provincialItems()}
}

// provincialSchema declares the facts of the key-account rule.
func provincialSchema() *quality.Schema {
	return quality.MustSchema(quality.Field{Name: "key_account_complaints", Kind: quality.KindInt, Doc: "complaints from key accounts this month"})
}

// halfYearCard is the half-year appraisal [004]: customer satisfaction 40%,
// the 100-point card 60% (normalised, as this card declares).
func halfYearCard() Card {
	prov := provincialCard(true)
	prov.ID = ""
	return Card{ID: "half-year", Name: "half-year appraisal", Total: dec("100"), Missing: MissingFail, Items: []Item{
		{ID: "satisfaction", Name: "customer satisfaction", Weight: dec("0.4"), Target: repairSatisfaction()},
		{ID: "provincial", Weight: dec("0.6"), Card: &prov},
	}}
}

// provincialInputs is a branch's month on the provincial card.
func provincialInputs() Inputs {
	return Inputs{
		"hotline":           RateInput(1800, 2000),                                  // 90%
		"key-accounts":      FactsInput(quality.Facts{"key_account_complaints": 1}), // 8 points
		"halls":             CountInput(3),                                          // 7 points
		"timeliness":        RateInput(96, 100),                                     // 0.75 tier
		"mobile-complaints": YearOnYearInput(quality.Rate{Num: 15, Den: 1000}, quality.Rate{Num: 13, Den: 1000}),
		"dial-tests":        ValueInput(dec("0.98")),
		"meetings":          ChecksInput(map[string]bool{"held": true, "minutes": true, "actions-closed": false, "effective": true}),
		"supervisors":       RateInput(9, 10),
		"escalated":         CountInput(1),
	}
}

// tenOnes is the "ten ones" on-site checklist as an item worth 10 points.
func tenOnesItem(mode ChecklistMode) Item {
	return Item{ID: "on-site", Name: "the ten ones", Points: dec("10"), Checklist: &Checklist{Checks: TenOnes(), Mode: mode}}
}

// incentives is the technicians' money rules [000]: −100 yuan per
// dissatisfied customer found by callback, −200 from 1 June, charged also to
// the linked station head (half) and county manager (a fifth, at most 30
// yuan); +10 yuan per customer who rates 10, +20 from 1 July.
func incentives() Tariff {
	return Tariff{ID: "technician-incentives-2024", Currency: "CNY", Rules: []MoneyRule{
		{ID: "callback-dissatisfied", Event: "callback_dissatisfied",
			Rates: []DatedRate{{Amount: dec("-100")}, {From: day(2024, 6, 1, 0, 0, 0), Amount: dec("-200")}},
			Liability: []Liability{
				{Role: "station-head", Share: dec("0.5")},
				{Role: "county-manager", Share: dec("0.2"), Cap: decp("30")},
			}},
		{ID: "rated-10", Event: "rated_10",
			Rates: []DatedRate{{Amount: dec("10")}, {From: day(2024, 7, 1, 0, 0, 0), Amount: dec("20")}}},
	}}
}
