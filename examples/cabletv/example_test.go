package cabletv_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
)

// The cable TV programme embedded in a CRM backend, without the policy
// file: the report-and-fix clocks on one order (TV-20250724-0033 of the
// shipped data: sent after 3m41s, postponed by the customer for three
// days), its callback decision, and the five-star rating of two
// technicians from their month's measures, with the figures servq run
// reports (examples/cabletv/testdata/report.golden).
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
	schema := quality.MustSchema(
		quality.Field{Name: "order_type", Kind: quality.KindString},
		quality.Field{Name: "customer_postponed", Kind: quality.KindBool},
		quality.Field{Name: "do_not_call", Kind: quality.KindBool},
	)

	// Report-and-fix: sent to the on-duty technician within 3 minutes, the
	// customer called within 20, fixed within 24 hours of the appointment,
	// not counting while the customer has asked to postpone.
	on := func(ev string) []sla.Condition { return []sla.Condition{{When: `event == "` + ev + `"`}} }
	desk := func(name string, d time.Duration) []sla.TargetSpec {
		return []sla.TargetSpec{{Name: name, Calendar: "desk", Within: d}}
	}
	clocks := sla.MustCompileClocks(sla.ClockEnv{Schema: schema, Calendars: map[string]*sla.Calendar{"desk": sla.TwentyFourSeven(loc)}},
		sla.ClockSpec{Name: "send", Start: on("reported"), Stop: on("sent_to_technician"), Targets: desk("three_minutes", 3*time.Minute)},
		sla.ClockSpec{Name: "contact", Start: on("sent_to_technician"), Stop: on("customer_called"), Targets: desk("twenty_minutes", 20*time.Minute)},
		sla.ClockSpec{Name: "fix", Start: on("appointment_agreed"), Stop: on("fixed"),
			Pause:   []sla.Condition{{Name: "customer postponed", When: `event == "postponed" && customer_postponed`}},
			Resume:  on("resumed"),
			Targets: desk("committed", 24*time.Hour)},
	)
	facts := quality.Facts{"order_type": "repair", "customer_postponed": false, "do_not_call": false}
	var state sla.State
	for i, ev := range []struct {
		at, name  string
		postponed bool
	}{
		{"2025-07-24 11:09:35", "reported", false},
		{"2025-07-24 11:13:16", "sent_to_technician", false},
		{"2025-07-24 11:17:41", "customer_called", false},
		{"2025-07-24 11:20:06", "appointment_agreed", false},
		{"2025-07-24 11:23:54", "postponed", true},
		{"2025-07-27 08:30:00", "resumed", false},
		{"2025-07-27 09:47:02", "fixed", false},
	} {
		f := quality.Facts{"order_type": facts["order_type"], "do_not_call": false, "customer_postponed": ev.postponed}
		state, err = clocks.Fold(state, sla.Event{ID: fmt.Sprint(i), At: at(ev.at), Name: ev.name, Facts: f})
		if err != nil {
			panic(err)
		}
	}
	for _, name := range clocks.Names() {
		st, err := clocks.Status(state, name, at("2025-07-28 12:21:18"))
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-8s elapsed %-8s of %-6s breached %v\n", name, st.Elapsed, st.Budget, st.Breached)
	}

	// The callback: every smart-TV activation, at least 20% of repairs.
	rules, err := survey.NewRuleset(survey.RulesetSpec{
		Version: survey.RulesetVersion,
		Seed:    "nanchang cabletv callback",
		Rules: []survey.RuleSpec{
			{ID: "do-not-call", Layer: survey.LayerExclusion, When: "do_not_call", Reason: survey.ReasonDoNotCall},
			{ID: "smart-tv", Layer: survey.LayerMandatory, When: `order_type == "smart_tv_activation"`},
			{ID: "repairs", Layer: survey.LayerRate, When: `order_type == "repair"`, Rate: decimal.RequireFromString("0.2")},
		},
	}, schema)
	if err != nil {
		panic(err)
	}
	d, err := rules.Period("2025-07").Decide("TV-20250724-0033", facts)
	if err != nil {
		panic(err)
	}
	fmt.Println("callback:", d.Outcome, "by rule", d.Receipt.Rule, "ticket", d.Receipt.Ticket)

	// The five-star employee, each criterion measured from the month's
	// orders.
	dec := decimal.RequireFromString
	target := func(b, c string) *quality.Target {
		return &quality.Target{Baseline: dec(b), Challenge: dec(c), Direction: quality.HigherIsBetter}
	}
	monthFacts := quality.MustSchema(
		quality.Field{Name: "attitude_complaints", Kind: quality.KindInt},
		quality.Field{Name: "volume", Kind: quality.KindInt},
		quality.Field{Name: "sales", Kind: quality.KindInt},
	)
	fiveStar, err := appraisal.NewStarScale(appraisal.StarDef{
		Card: appraisal.Card{ID: "five_star", Total: dec("100"), Missing: appraisal.MissingZero, Items: []appraisal.Item{
			{ID: "attitude", Points: dec("20"), Rule: &appraisal.Formula{Source: "attitude_complaints == 0 ? 20 : 0"}},
			{ID: "skill", Points: dec("15"), Target: target("0.80", "0.95")},
			{ID: "knowledge", Points: dec("15"), Target: target("0.85", "0.95")},
			{ID: "volume", Points: dec("15"), Rule: &appraisal.Formula{Source: "min(15, volume * 15 / 40)"}},
			{ID: "sales", Points: dec("15"), Rule: &appraisal.Formula{Source: "min(15, sales * 2)"}},
			{ID: "satisfaction", Points: dec("20"), Target: target("0.90", "0.98")},
		}},
		Bands: []appraisal.StarBand{
			{Stars: 5, Min: dec("90"), Floors: []appraisal.Floor{{Item: "attitude", Min: dec("20")}}},
			{Stars: 4, Min: dec("80")}, {Stars: 3, Min: dec("70")}, {Stars: 2, Min: dec("60")}, {Stars: 1, Min: dec("0")},
		},
	}, monthFacts)
	if err != nil {
		panic(err)
	}
	type month struct {
		tech                                           string
		firstFix, repairs, diagnosed, satisfied, rated int64
		complaints, finished, sales                    int
	}
	for _, m := range []month{
		{tech: "T004", firstFix: 31, repairs: 31, diagnosed: 29, satisfied: 11, rated: 11, finished: 38, sales: 7},
		{tech: "T008", firstFix: 26, repairs: 31, diagnosed: 27, satisfied: 16, rated: 18, finished: 41, sales: 1},
	} {
		month := appraisal.FactsInput(quality.Facts{"attitude_complaints": m.complaints, "volume": m.finished, "sales": m.sales})
		s, err := fiveStar.Rate(m.tech, appraisal.Inputs{
			"attitude": month, "volume": month, "sales": month,
			"skill":        appraisal.RateInput(m.firstFix, m.repairs),
			"knowledge":    appraisal.RateInput(m.diagnosed, m.repairs),
			"satisfaction": appraisal.RateInput(m.satisfied, m.rated),
		})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s %d stars, %s points:", m.tech, s.Stars, s.Result.Points)
		for _, id := range []string{"attitude", "skill", "knowledge", "volume", "sales", "satisfaction"} {
			n, _ := s.Result.Item(id)
			fmt.Printf(" %s %s", id, n.Points)
		}
		fmt.Println()
	}

	// Output:
	// send     elapsed 3m41s    of 3m0s   breached true
	// contact  elapsed 4m25s    of 20m0s  breached false
	// fix      elapsed 1h20m50s of 24h0m0s breached false
	// callback: selected by rule repairs ticket 14a9da784277d310
	// T004 5 stars, 96.07 points: attitude 20 skill 15 knowledge 12.82 volume 14.25 sales 14 satisfaction 20
	// T008 1 stars, 44.02 points: attitude 20 skill 3.87 knowledge 3.15 volume 15 sales 2 satisfaction 0
}
