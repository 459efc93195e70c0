package quality_test

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// Repair satisfaction: baseline 90%, challenge 98%. This policy gives 60% of
// full marks at the baseline, nothing below it (the gate), and lets
// over-achievement earn up to 110%.
func ExampleTarget_Attainment() {
	repair := quality.Target{
		Baseline:      decimal.RequireFromString("0.90"),
		Challenge:     decimal.RequireFromString("0.98"),
		Direction:     quality.HigherIsBetter,
		BaselineScore: decimal.RequireFromString("0.6"),
		Gate:          true,
		Cap:           decimal.RequireFromString("1.1"),
	}
	if err := repair.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	for _, actual := range []string{"0.88", "0.90", "0.94", "0.98", "1.00"} {
		a := repair.Attainment(decimal.RequireFromString(actual))
		fmt.Printf("satisfaction %s → %s of full marks\n", actual, a)
	}
	// Output:
	// satisfaction 0.88 → 0 of full marks
	// satisfaction 0.90 → 0.6 of full marks
	// satisfaction 0.94 → 0.8 of full marks
	// satisfaction 0.98 → 1 of full marks
	// satisfaction 1.00 → 1.1 of full marks
}

// Installation complaints per hundred orders down 20% year on year: last year
// there were 1.5, so the challenge is 1.2 and lower is better.
func ExampleYearOnYear() {
	complaints, err := quality.YearOnYear(decimal.RequireFromString("1.5"), decimal.RequireFromString("-0.2"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(complaints.Baseline, complaints.Challenge, complaints.Direction)
	fmt.Println(complaints.Attainment(decimal.RequireFromString("1.32")))
	// Output:
	// 1.5 1.2 lower_is_better
	// 0.6
}

// Step scoring for on-time arrival: 95% is full marks, 90% earns half.
// Decoding validates: a tier list that is not monotone is refused.
func ExampleTarget_steps() {
	const policy = `{
		"baseline": "0.90", "challenge": "0.95", "direction": "higher_is_better",
		"tiers": [{"at": "0.90", "score": "0.5"}, {"at": "0.95", "score": "1"}]
	}`
	var onTime quality.Target
	if err := json.Unmarshal([]byte(policy), &onTime); err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range []quality.Rate{{Num: 17, Den: 20}, {Num: 37, Den: 40}, {Num: 19, Den: 20}} {
		a, _ := onTime.AttainmentRate(r)
		fmt.Println(r.Percent(1, quality.HalfUp), a)
	}

	const bad = `{"baseline": "0.90", "challenge": "0.95", "direction": "higher_is_better",
		"tiers": [{"at": "0.90", "score": "0.5"}, {"at": "0.90", "score": "0.7"}, {"at": "0.95", "score": "1"}]}`
	fmt.Println(json.Unmarshal([]byte(bad), &onTime))
	// Output:
	// 85.0% 0
	// 92.5% 0.5
	// 95.0% 1
	// quality: invalid target: tiers[1].at: 0.9 is not better than the previous tier's 0.9: list tiers from worst to best (higher_is_better)
}
