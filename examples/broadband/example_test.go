package broadband_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
)

// The same programme embedded in a CRM backend, without the policy file: the
// host compiles the clocks, the callback rules, the technician's card and the
// money rules from Go values, and feeds them one order's events and one
// technician's month. The figures are those of servq run on the shipped data
// (examples/broadband/testdata): order BB-20250711-0105, a repair by T021
// whose customer rated it 8 after a late arrival, and T021's month, 68.33
// points and +220 yuan.
func Example() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
		if err != nil {
			panic(err)
		}
		return t
	}

	// The order's facts, as the CRM holds them.
	schema := quality.MustSchema(
		quality.Field{Name: "order_type", Kind: quality.KindString},
		quality.Field{Name: "appointment_end", Kind: quality.KindTime},
		quality.Field{Name: "test_order", Kind: quality.KindBool},
		quality.Field{Name: "do_not_call", Kind: quality.KindBool},
		quality.Field{Name: "smart_tv", Kind: quality.KindBool},
		quality.Field{Name: "days_since_last_callback", Kind: quality.KindInt},
	)
	facts := quality.Facts{"order_type": "repair", "appointment_end": at("2025-07-11 21:00:00"),
		"test_order": false, "do_not_call": false, "smart_tv": false, "days_since_last_callback": 559}

	// 1. The clocks: call the customer within 20 minutes of dispatch; arrive
	// inside the agreed window.
	on := func(ev string) []sla.Condition { return []sla.Condition{{When: `event == "` + ev + `"`}} }
	clocks := sla.MustCompileClocks(sla.ClockEnv{Schema: schema, Calendars: map[string]*sla.Calendar{"desk": sla.TwentyFourSeven(loc)}},
		sla.ClockSpec{Name: "contact", Start: on("dispatched"), Stop: on("customer_contacted"),
			Targets: []sla.TargetSpec{{Name: "twenty_minutes", Calendar: "desk", Within: 20 * time.Minute}}},
		sla.ClockSpec{Name: "arrival", Start: on("appointment_agreed"), Stop: on("arrived"),
			Targets: []sla.TargetSpec{{Name: "window", Calendar: "desk", Deadline: "appointment_end"}}},
	)
	var state sla.State
	for i, ev := range []struct{ at, name string }{
		{"2025-07-11 16:27:29", "dispatched"},
		{"2025-07-11 16:29:39", "customer_contacted"},
		{"2025-07-11 16:33:20", "appointment_agreed"},
		{"2025-07-11 21:25:06", "arrived"},
	} {
		state, err = clocks.Fold(state, sla.Event{ID: fmt.Sprint(i), At: at(ev.at), Name: ev.name, Facts: facts})
		if err != nil {
			panic(err)
		}
	}
	for _, name := range clocks.Names() {
		st, err := clocks.Status(state, name, at("2025-07-12 09:22:16"))
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-8s elapsed %-9s breached %v\n", name, st.Elapsed, st.Breached)
	}

	// 2. The callback: the policy's rules, its seed and the order's month
	// decide; the reply is read on the 10-point scale.
	rules, err := survey.NewRuleset(survey.RulesetSpec{
		Version: survey.RulesetVersion,
		Seed:    "nanchang broadband callback",
		Rules: []survey.RuleSpec{
			{ID: "test-orders", Layer: survey.LayerExclusion, When: "test_order", Reason: survey.ReasonTestOrder},
			{ID: "do-not-call", Layer: survey.LayerExclusion, When: "do_not_call", Reason: survey.ReasonDoNotCall},
			{ID: "recent", Layer: survey.LayerExclusion, When: "days_since_last_callback < 30", Reason: survey.ReasonRecentContact},
			{ID: "smart-tv", Layer: survey.LayerMandatory, When: "smart_tv"},
			{ID: "installs", Layer: survey.LayerMandatory, When: `order_type == "install" || order_type == "move"`},
			{ID: "repairs", Layer: survey.LayerRate, When: `order_type == "repair"`, Rate: decimal.RequireFromString("0.2")},
		},
	}, schema)
	if err != nil {
		panic(err)
	}
	d, err := rules.Period("2025-07").Decide("BB-20250711-0105", facts)
	if err != nil {
		panic(err)
	}
	// Not drawn (ticket 0.83 against 20%): the customer was called because
	// T021 had no other rated customer that day (the daily quota's top-up).
	fmt.Println("callback:", d.Outcome, "by rule", d.Receipt.Rule, "ticket", d.Receipt.Ticket)
	scale := survey.MustScale(survey.TenPoint())
	fmt.Println("reply 8 satisfied:", scale.Satisfied(scale.Parse("8")))

	// 3. The money: 200 yuan per dissatisfied customer, to the technician
	// and to the linked managers; 10 yuan per 10, 20 from 1 July.
	july := at("2025-07-01 00:00:00")
	poster := appraisal.MustPoster(appraisal.Tariff{ID: "broadband-2025", Currency: "CNY", Rules: []appraisal.MoneyRule{
		{ID: "callback-dissatisfied", Event: "callback_dissatisfied",
			Rates: []appraisal.DatedRate{{Amount: decimal.NewFromInt(-100)}, {From: at("2025-06-01 00:00:00"), Amount: decimal.NewFromInt(-200)}},
			Liability: []appraisal.Liability{
				{Role: "station-head", Share: decimal.NewFromInt(1)},
				{Role: "county-manager", Share: decimal.NewFromInt(1)},
			}},
		{ID: "rated-ten", Event: "rated_ten",
			Rates: []appraisal.DatedRate{{Amount: decimal.NewFromInt(10)}, {From: july, Amount: decimal.NewFromInt(20)}}},
	}})
	lines, err := poster.Post(appraisal.Event{ID: "BB-20250711-0105", Kind: "callback_dissatisfied", Subject: "T021",
		At: at("2025-07-12 09:22:16"), Linked: []appraisal.Link{{Role: "station-head", Subject: "DH3"}, {Role: "county-manager", Subject: "Donghu"}}})
	if err != nil {
		panic(err)
	}
	total := decimal.Zero
	for _, l := range lines {
		fmt.Printf("%-6s %-7s %s\n", l.Kind, l.Subject, l.Amount.StringFixed(2))
		if l.Subject == "T021" {
			total = total.Add(l.Amount)
		}
	}
	// T021's other rated customers this month: eight 10s in June, seventeen
	// in July.
	for i, when := range []time.Time{july.Add(-time.Hour), july.Add(time.Hour)} {
		n := []int64{8, 17}[i]
		lines, err := poster.Post(appraisal.Event{ID: fmt.Sprint("tens-", i), Kind: "rated_ten", Subject: "T021", At: when, Units: n})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d tens at %s yuan\n", n, lines[0].Rate)
		total = total.Add(lines[0].Amount)
	}
	fmt.Println("T021 money:", total.StringFixed(2))

	// 4. The technician's card: repair and installation satisfaction against
	// 90/98 and 95/100, punctuality at 95%.
	target := func(b, c string) *quality.Target {
		return &quality.Target{Baseline: decimal.RequireFromString(b), Challenge: decimal.RequireFromString(c), Direction: quality.HigherIsBetter}
	}
	punctual := target("0.95", "0.95")
	punctual.Tiers = []quality.Tier{{At: decimal.RequireFromString("0.95"), Score: decimal.NewFromInt(1)}}
	card := appraisal.MustScorecard(appraisal.Card{ID: "technician", Total: decimal.NewFromInt(100), Missing: appraisal.MissingZero,
		Items: []appraisal.Item{
			{ID: "repair_satisfaction", Points: decimal.NewFromInt(40), Target: target("0.90", "0.98")},
			{ID: "install_satisfaction", Points: decimal.NewFromInt(40), Target: target("0.95", "1")},
			{ID: "punctuality", Points: decimal.NewFromInt(20), Target: punctual},
		}}, nil)
	res, err := card.Score("T021", appraisal.Inputs{
		"repair_satisfaction":  appraisal.RateInput(11, 12),
		"install_satisfaction": appraisal.RateInput(14, 14),
		"punctuality":          appraisal.RateInput(43, 44),
	})
	if err != nil {
		panic(err)
	}
	for _, id := range card.ItemIDs() {
		n, _ := res.Item(id)
		fmt.Printf("%-21s %s\n", id, n.Points)
	}
	fmt.Println("T021 points:", res.Points)

	// Output:
	// contact  elapsed 2m10s     breached false
	// arrival  elapsed 4h51m46s  breached true
	// callback: not_selected by rule repairs ticket d4a5b8d17a5e5f9c
	// reply 8 satisfied: false
	// direct T021    -200.00
	// linked DH3     -200.00
	// linked Donghu  -200.00
	// 8 tens at 10 yuan
	// 17 tens at 20 yuan
	// T021 money: 220.00
	// repair_satisfaction   8.33
	// install_satisfaction  40
	// punctuality           20
	// T021 points: 68.33
}
