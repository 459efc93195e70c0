package appraisaltest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/appraisal/appraisaltest"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// cst is China Standard Time, the zone the operators announce their rules in.
var cst = time.FixedZone("CST", 8*3600)

// technicianCard is a technician's month: repair satisfaction (40 points,
// baseline as given, challenge 98%), installation satisfaction (30 points, 95%
// to 100%), the "ten ones" on-site checklist (20) and 5 points off per
// human-caused complaint (10).
func technicianCard(repairBaseline string) *appraisal.Scorecard {
	return appraisal.MustScorecard(appraisal.Card{ID: "technician", Total: d("100"), Missing: appraisal.MissingRedistribute, Items: []appraisal.Item{
		{ID: "repair", Points: d("40"), Target: &quality.Target{Baseline: d(repairBaseline), Challenge: d("0.98"), Direction: quality.HigherIsBetter}},
		{ID: "install", Points: d("30"), Target: &quality.Target{Baseline: d("0.95"), Challenge: d("1"), Direction: quality.HigherIsBetter}},
		{ID: "on-site", Points: d("20"), Checklist: &appraisal.Checklist{Checks: appraisal.TenOnes(), Mode: appraisal.ChecklistProportional}},
		{ID: "complaints", Points: d("10"), Deduction: &appraisal.Deduction{Per: d("5")}},
	}}, nil)
}

// incentives is the money: −100 yuan per dissatisfied customer found by
// callback, half of it charged to the station head; +10 per customer who
// rates 10. raised says whether the penalty is −200 from 1 July.
func incentives(raised bool) *appraisal.Poster {
	penalty := []appraisal.DatedRate{{Amount: d("-100")}}
	if raised {
		penalty = append(penalty, appraisal.DatedRate{From: time.Date(2024, 7, 1, 0, 0, 0, 0, cst), Amount: d("-200")})
	}
	return appraisal.MustPoster(appraisal.Tariff{ID: "incentives", Currency: "CNY", Rules: []appraisal.MoneyRule{
		{ID: "callback-dissatisfied", Event: "callback_dissatisfied", Rates: penalty,
			Liability: []appraisal.Liability{{Role: "station-head", Share: d("0.5")}}},
		{ID: "rated-10", Event: "rated_10", Rates: []appraisal.DatedRate{{Amount: d("10")}}},
	}})
}

// The July policy raises the repair baseline from 90% to 92% and the penalty
// per dissatisfied customer from 100 to 200 yuan. Its test expects the change
// to touch Xinjian only, nobody to pay more than 200 yuan more, and nobody to
// lose more than 10 points; one technician pays 300 more.
func Example() {
	county := map[string]string{"T-0412": "Xinjian", "T-0533": "Xinjian", "M-07": "Xinjian", "T-0601": "Fengcheng", "M-11": "Fengcheng"}
	checks := map[string]bool{}
	for _, c := range appraisal.TenOnes() {
		checks[c] = true
	}
	month := map[string]appraisal.Inputs{
		"T-0412": {"repair": appraisal.RateInput(28, 30), "install": appraisal.RateInput(39, 40), "on-site": appraisal.ChecksInput(checks), "complaints": appraisal.CountInput(1)},
		"T-0533": {"repair": appraisal.RateInput(30, 30), "install": appraisal.RateInput(20, 20), "on-site": appraisal.ChecksInput(checks), "complaints": appraisal.CountInput(0)},
		"T-0601": {"repair": appraisal.RateInput(27, 30), "install": appraisal.RateInput(40, 40), "on-site": appraisal.ChecksInput(checks), "complaints": appraisal.CountInput(0)},
	}

	var t qualitytest.Recorder // stands in for the test's *testing.T
	t.Run(func(t testing.TB) {
		events := appraisaltest.ParseEvents(t, cst, `
			2024-06-28 10:00  WO-1  callback_dissatisfied  T-0601  station-head=M-11  // before the raise
			2024-07-08 11:00  WO-3  callback_dissatisfied  T-0412  station-head=M-07
			2024-07-09 15:00  WO-5  rated_10               T-0412
			2024-07-15 09:30  WO-9  callback_dissatisfied  T-0533  station-head=M-07  units=3
		`)
		before := appraisaltest.Outcome{Results: appraisaltest.ScoreAll(t, technicianCard("0.90"), month), Ledger: appraisaltest.PostAll(t, incentives(false), events)}
		after := appraisaltest.Outcome{Results: appraisaltest.ScoreAll(t, technicianCard("0.92"), month), Ledger: appraisaltest.PostAll(t, incentives(true), events)}
		change, err := appraisaltest.Compare(before, after)
		if err != nil {
			t.Fatal(err)
		}
		change.Expect(t,
			appraisaltest.Only("technicians and station heads of Xinjian", func(s string) bool { return county[s] == "Xinjian" }),
			appraisaltest.MaxPenaltyRise(d("200")),
			appraisaltest.MaxPointsDrop(d("10")),
		)
	})
	fmt.Print(t.String())
	// Output:
	// scoring change: 1 expectation not met
	//   nobody's penalty rises by more than 200 yuan:
	//     T-0533  yuan -300.00 → -600.00 (-300.00): pays 300.00 yuan more
	// all differences:
	//   M-07  yuan -200.00 → -400.00 (-200.00)
	//       callback-dissatisfied linked  -200.00 → -400.00 (-200.00)
	//   T-0412  points 56.67 → 48.89 (-7.78)  yuan -90.00 → -190.00 (-100.00)
	//       repair  16.67 → 8.89 (-7.78)  rate: 28/30 = 93.33%
	//       callback-dissatisfied direct  -100.00 → -200.00 (-100.00)
	//   T-0533  yuan -300.00 → -600.00 (-300.00)
	//       callback-dissatisfied direct  -300.00 → -600.00 (-300.00)
	//   2 subjects unchanged
}

// Change.String is the readable difference of two outcomes.
func ExampleChange_String() {
	var t qualitytest.Recorder
	t.Run(func(t testing.TB) {
		events := appraisaltest.ParseEvents(t, cst, `
			2024-07-08 11:00  WO-3  callback_dissatisfied  T-0412  station-head=M-07
			2024-07-09 15:00  WO-5  rated_10               T-0412
		`)
		change, err := appraisaltest.Compare(
			appraisaltest.Outcome{Ledger: appraisaltest.PostAll(t, incentives(false), events)},
			appraisaltest.Outcome{Ledger: appraisaltest.PostAll(t, incentives(true), events)})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Print(change)
	})
	fmt.Print(t.String())
	// Output:
	// M-07  yuan -50.00 → -100.00 (-50.00)
	//     callback-dissatisfied linked  -50.00 → -100.00 (-50.00)
	// T-0412  yuan -90.00 → -190.00 (-100.00)
	//     callback-dissatisfied direct  -100.00 → -200.00 (-100.00)
}

// Two ledgers compared with the kit's options: the difference names the
// subject's account and rule.
func ExampleOptions() {
	var t qualitytest.Recorder
	t.Run(func(t testing.TB) {
		events := appraisaltest.ParseEvents(t, cst, "2024-07-08 11:00  WO-3  callback_dissatisfied  T-0412  station-head=M-07")
		want := appraisaltest.PostAll(t, incentives(false), events)
		got := appraisaltest.PostAll(t, incentives(true), events)
		qualitytest.ExpectEqual(t, "July ledger", want, got, appraisaltest.Options())
	})
	fmt.Print(t.String())
	// Output:
	// July ledger differs from what was expected:
	//     .accounts.Total: want -150.00, got -300.00
	//     .accounts.Accounts["M-07"].Total: want -50.00, got -100.00
	//     .accounts.Accounts["M-07"].Rules["callback-dissatisfied linked"].Amount: want -50.00, got -100.00
	//     .accounts.Accounts["T-0412"].Total: want -100.00, got -200.00
	//     .accounts.Accounts["T-0412"].Rules["callback-dissatisfied direct"].Amount: want -100.00, got -200.00
}

// An explanation that changed with the baseline.
func ExampleGoldenTree() {
	dir, err := os.MkdirTemp("", "appraisaltest")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "T-0412.golden")
	in := appraisal.Inputs{"repair": appraisal.RateInput(28, 30)}
	var t qualitytest.Recorder
	t.Run(func(t testing.TB) {
		old, err := technicianCard("0.90").Score("T-0412", in)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(old.Tree.Text()), 0o644); err != nil {
			t.Fatal(err)
		}
		now, err := technicianCard("0.92").Score("T-0412", in)
		if err != nil {
			t.Fatal(err)
		}
		appraisaltest.GoldenTree(t, path, now)
	})
	fmt.Print(strings.ReplaceAll(t.String(), dir, "testdata"))
	// Output:
	// output differs from the golden file testdata/T-0412.golden (-want +got); if the change is intended, run the test with -update:
	// @@ want 1, got 1 @@
	// - technician  card  41.67 / 100.00
	// -     card: 41.67 of 100
	// + technician  card  22.22 / 100.00
	// +     card: 22.22 of 100
	//       scale: redistributed: total 100 ÷ present items' points 40 = 2.5
	//       rounding: half_up to 2 places
	// -   repair  linear  41.67 / 100.00
	// +   repair  linear  22.22 / 100.00
	//         rate: 28/30 = 93.33%
	// -       target: baseline 0.9, challenge 0.98, higher_is_better
	// -       attainment: 0.4166666666666667
	// -       points: 0.4166666666666667 × 100 = 41.67
	// +       target: baseline 0.92, challenge 0.98, higher_is_better
	// +       attainment: 0.2222222222222222
	// +       points: 0.2222222222222222 × 100 = 22.22
	//     install  linear  0.00 / 0.00
	//         missing: no input: its points are shared among the present items
}

// Every card the generator draws compiles, and every drawn subject scores.
func ExampleCards() {
	cards := appraisaltest.Cards(appraisaltest.CardOptions{})
	scored := 0
	for seed := range 20 {
		sc, err := appraisal.NewScorecard(cards.Example(seed), appraisaltest.CardSchema())
		if err != nil {
			fmt.Println(err)
			continue
		}
		if _, err := sc.Score("T-1", appraisaltest.Inputs(sc, appraisaltest.InputOptions{}).Example(seed)); err == nil {
			scored++
		}
	}
	fmt.Println(scored, "of 20 drawn cards compile and score")
	// Output:
	// 20 of 20 drawn cards compile and score
}
