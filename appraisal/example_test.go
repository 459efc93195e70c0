package appraisal_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// cst is China Standard Time, the zone the operators' rules are announced in.
var cst = time.FixedZone("CST", 8*3600)

// technicianCard is a month's card for an installation and repair technician:
// repair satisfaction against baseline 90% and challenge 98%, installation
// satisfaction against 95% and 100%, the "ten ones" on-site checklist, and 5
// points off per human-caused complaint.
func technicianCard() appraisal.Card {
	return appraisal.Card{ID: "technician", Total: d("100"), Missing: appraisal.MissingRedistribute, Items: []appraisal.Item{
		{ID: "repair", Points: d("40"), Target: &quality.Target{Baseline: d("0.90"), Challenge: d("0.98"), Direction: quality.HigherIsBetter}},
		{ID: "install", Points: d("30"), Target: &quality.Target{Baseline: d("0.95"), Challenge: d("1"), Direction: quality.HigherIsBetter}},
		{ID: "on-site", Points: d("20"), Checklist: &appraisal.Checklist{Checks: appraisal.TenOnes(), Mode: appraisal.ChecklistProportional}},
		{ID: "complaints", Points: d("10"), Deduction: &appraisal.Deduction{Per: d("5")}},
	}}
}

// A technician's month: points with the explanation of each, then money.
func Example() {
	card := appraisal.MustScorecard(technicianCard(), nil)
	onSite := map[string]bool{}
	for _, c := range appraisal.TenOnes() {
		onSite[c] = c != "shoe-covers" // forgot the shoe covers at one inspection
	}
	res, err := card.Score("T-0412", appraisal.Inputs{
		"repair":     appraisal.RateInput(28, 30), // 28 of 30 rated 10
		"install":    appraisal.RateInput(39, 40),
		"on-site":    appraisal.ChecksInput(onSite),
		"complaints": appraisal.CountInput(1),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(res.Tree.Text())

	// Money: +10 yuan per customer who rates 10 until 30 June, +20 from 1
	// July; −200 per dissatisfied customer found by callback, half of it also
	// charged to the station head.
	poster := appraisal.MustPoster(appraisal.Tariff{ID: "incentives", Currency: "CNY", Rules: []appraisal.MoneyRule{
		{ID: "rated-10", Event: "rated_10", Rates: []appraisal.DatedRate{{Amount: d("10")}, {From: time.Date(2024, 7, 1, 0, 0, 0, 0, cst), Amount: d("20")}}},
		{ID: "dissatisfied", Event: "callback_dissatisfied", Rates: []appraisal.DatedRate{{Amount: d("-200")}},
			Liability: []appraisal.Liability{{Role: "station-head", Share: d("0.5")}}},
	}})
	ledger, _ := appraisal.NewLedger("CNY")
	for _, ev := range []appraisal.Event{
		{ID: "WO-1", Kind: "rated_10", Subject: "T-0412", At: time.Date(2024, 6, 30, 17, 0, 0, 0, cst)},
		{ID: "WO-2", Kind: "rated_10", Subject: "T-0412", At: time.Date(2024, 7, 1, 9, 0, 0, 0, cst)},
		{ID: "WO-3", Kind: "callback_dissatisfied", Subject: "T-0412", At: time.Date(2024, 7, 8, 11, 0, 0, 0, cst),
			Linked: []appraisal.Link{{Role: "station-head", Subject: "M-07"}}},
	} {
		lines, err := poster.Post(ev)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, l := range lines {
			fmt.Printf("%-8s %-7s %8s  %s\n", l.Subject, l.Kind, l.Amount.StringFixed(2), l.ID)
		}
		if err := ledger.Add(lines...); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("T-0412:", ledger.Account("T-0412").Total.StringFixed(2), "M-07:", ledger.Account("M-07").Total.StringFixed(2))
	// Output:
	// technician  card  54.67 / 100.00
	//     card: 54.67 of 100
	//     rounding: half_up to 2 places
	//   repair  linear  16.67 / 40.00
	//       rate: 28/30 = 93.33%
	//       target: baseline 0.9, challenge 0.98, higher_is_better
	//       attainment: 0.4166666666666667
	//       points: 0.4166666666666667 × 40 = 16.67
	//   install  linear  15.00 / 30.00
	//       rate: 39/40 = 97.50%
	//       target: baseline 0.95, challenge 1, higher_is_better
	//       attainment: 0.5
	//       points: 0.5 × 30 = 15.00
	//   on-site  checklist  18.00 / 20.00
	//       passed: 9 of 10
	//       failed: shoe-covers
	//       mode: in proportion
	//       attainment: 0.9
	//       points: 0.9 × 20 = 18.00
	//   complaints  deduction  5.00 / 10.00
	//       count: 1
	//       deduction: 10 − 1 × 5 = 5
	//       attainment: 0.5
	//       points: 0.5 × 10 = 5.00
	// T-0412   direct     10.00  WO-1/rated-10
	// T-0412   direct     20.00  WO-2/rated-10
	// T-0412   direct   -200.00  WO-3/dissatisfied
	// M-07     linked   -100.00  WO-3/dissatisfied/station-head:M-07
	// T-0412: -170.00 M-07: -100.00
}

// The provincial card lists items worth 94 points and declares 100: the card
// is refused when it is built, not silently scaled.
func ExampleNewScorecard_totalMismatch() {
	items := []appraisal.Item{}
	for _, it := range []struct {
		id     string
		points string
	}{
		{"hotline", "35"}, {"key-accounts", "10"}, {"halls", "10"}, {"timeliness", "8"}, {"mobile-complaints", "4"},
		{"dial-tests", "4"}, {"meetings", "10"}, {"supervisors", "3"}, {"escalated", "10"},
	} {
		items = append(items, appraisal.Item{ID: it.id, Points: d(it.points), Deduction: &appraisal.Deduction{Per: d("1")}})
	}
	_, err := appraisal.NewScorecard(appraisal.Card{ID: "provincial", Total: d("100"), Missing: appraisal.MissingFail, Items: items}, nil)
	fmt.Println(errors.Is(err, appraisal.ErrTotalMismatch))
	fmt.Println(err)
	// Output:
	// true
	// appraisal: card provincial: items add up to 94, not the declared total 100 (hotline 35 + key-accounts 10 + halls 10 + timeliness 8 + mobile-complaints 4 + dial-tests 4 + meetings 10 + supervisors 3 + escalated 10 = 94, 6 short): correct the items or the total, or set normalize to scale the items to the total
}

// The half-year appraisal: customer satisfaction weighs 40%, a nested card
// 60%. The nested card's score out of its own total is scaled to its share.
func ExampleScorecard_Score_nested() {
	card := appraisal.MustScorecard(appraisal.Card{ID: "half-year", Total: d("100"), Missing: appraisal.MissingFail, Items: []appraisal.Item{
		{ID: "satisfaction", Weight: d("0.4"), Target: &quality.Target{Baseline: d("0.90"), Challenge: d("0.98"), Direction: quality.HigherIsBetter}},
		{ID: "quality", Weight: d("0.6"), Card: &appraisal.Card{Total: d("20"), Items: []appraisal.Item{
			{ID: "halls", Points: d("10"), Deduction: &appraisal.Deduction{Per: d("1")}},
			{ID: "escalated", Points: d("10"), Deduction: &appraisal.Deduction{Per: d("2.5")}},
		}}},
	}}, nil)
	res, _ := card.Score("branch-7", appraisal.Inputs{
		"satisfaction": appraisal.RateInput(47, 50),
		"halls":        appraisal.CountInput(3),
		"escalated":    appraisal.CountInput(1),
	})
	q, _ := res.Item("quality")
	fmt.Println("quality card:", q.Subtotal.StringFixed(2), "of 20 →", q.Points.StringFixed(2), "of", q.Full.StringFixed(2))
	fmt.Println("half-year:", res.Points.StringFixed(2), "of", res.Total)
	// Output:
	// quality card: 14.50 of 20 → 43.50 of 60.00
	// half-year: 63.50 of 100
}

// An appeal upheld in August gives back a June penalty at the June rate.
func ExampleReverse() {
	june := appraisal.MustPoster(appraisal.Tariff{ID: "penalties", Currency: "CNY", Rules: []appraisal.MoneyRule{
		{ID: "dissatisfied", Event: "callback_dissatisfied",
			Rates:     []appraisal.DatedRate{{Amount: d("-100")}, {From: time.Date(2024, 6, 1, 0, 0, 0, 0, cst), Amount: d("-200")}},
			Liability: []appraisal.Liability{{Role: "county-manager", Share: d("0.2"), Cap: &[]decimal.Decimal{d("30")}[0]}}},
	}})
	orig, _ := june.Post(appraisal.Event{ID: "WO-9", Kind: "callback_dissatisfied", Subject: "T-0412", At: time.Date(2024, 6, 3, 15, 0, 0, 0, cst),
		Linked: []appraisal.Link{{Role: "county-manager", Subject: "C-02"}}})
	rev, _ := appraisal.Reverse(orig, appraisal.Reversal{ID: "APPEAL-88", Reason: appraisal.ReasonAppealUpheld, At: time.Date(2024, 8, 12, 10, 0, 0, 0, cst)})
	for _, l := range append(orig, rev...) {
		fmt.Printf("%-6s %-8s %8s  rate %s\n", l.Subject, l.Kind, l.Amount.StringFixed(2), l.Rate)
	}
	// Output:
	// T-0412 direct    -200.00  rate -200
	// C-02   linked     -30.00  rate -200
	// T-0412 reversal   200.00  rate -200
	// C-02   reversal    30.00  rate -200
}

// Ranking technicians by satisfaction with few callbacks a month: the Wilson
// lower bound puts 3 of 3 below 14 of 15 and 95 of 100, and a single answer is
// not ranked at all.
func ExampleRank() {
	ranked, _ := appraisal.Rank([]appraisal.Entry{
		{Subject: "T-A", Rate: quality.Rate{Num: 3, Den: 3}},
		{Subject: "T-B", Rate: quality.Rate{Num: 95, Den: 100}},
		{Subject: "T-C", Rate: quality.Rate{Num: 14, Den: 15}},
		{Subject: "T-D", Rate: quality.Rate{Num: 1, Den: 1}},
	}, appraisal.RankSpec{By: appraisal.RankWilson, MinN: 3})
	for _, r := range ranked {
		if r.Position == 0 {
			fmt.Printf("-  %s %-7v %s\n", r.Subject, r.Rate, r.Reason)
			continue
		}
		fmt.Printf("%d  %s %-7v lower bound %s\n", r.Position, r.Subject, r.Rate, r.Stat.StringFixed(4))
	}
	// Output:
	// 1  T-B 95/100  lower bound 0.8882
	// 2  T-C 14/15   lower bound 0.7018
	// 3  T-A 3/3     lower bound 0.4385
	// -  T-D 1/1     insufficient sample: 1 < 3
}

// The five-star employee: six criteria, and five stars only with attitude
// at full marks.
func ExampleStarScale_Rate() {
	scale, err := appraisal.NewStarScale(appraisal.StarDef{
		Card: appraisal.Card{ID: "five-star", Total: d("100"), Missing: appraisal.MissingZero, Items: []appraisal.Item{
			{ID: "attitude", Points: d("20"), Deduction: &appraisal.Deduction{Per: d("5")}},
			{ID: "skill", Points: d("20"), Target: &quality.Target{Baseline: d("0.8"), Challenge: d("0.95"), Direction: quality.HigherIsBetter}},
			{ID: "knowledge", Points: d("15"), Target: &quality.Target{Baseline: d("60"), Challenge: d("100"), Direction: quality.HigherIsBetter}},
			{ID: "volume", Points: d("15"), Target: &quality.Target{Baseline: d("80"), Challenge: d("120"), Direction: quality.HigherIsBetter}},
			{ID: "sales", Points: d("10"), Target: &quality.Target{Baseline: d("0"), Challenge: d("5"), Direction: quality.HigherIsBetter}},
			{ID: "satisfaction", Points: d("20"), Target: &quality.Target{Baseline: d("0.90"), Challenge: d("0.98"), Direction: quality.HigherIsBetter}},
		}},
		Bands: []appraisal.StarBand{
			{Stars: 5, Min: d("90"), Floors: []appraisal.Floor{{Item: "attitude", Min: d("20")}}},
			{Stars: 4, Min: d("80")}, {Stars: 3, Min: d("70")}, {Stars: 2, Min: d("60")}, {Stars: 1, Min: d("0")},
		},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := appraisal.Inputs{
		"attitude": appraisal.CountInput(1), "skill": appraisal.RateInput(19, 20), "knowledge": appraisal.ValueInput(d("92")),
		"volume": appraisal.ValueInput(d("130")), "sales": appraisal.ValueInput(d("4")), "satisfaction": appraisal.RateInput(49, 50),
	}
	r, _ := scale.Rate("T-0412", in)
	fmt.Println(r.Stars, "stars:", r.Why)
	// Output:
	// 4 stars: 4 stars: 90.00 points ≥ 80; missed 5 stars: attitude scored 15.00, below its floor 20
}
