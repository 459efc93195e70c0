package survey_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/survey"
)

// A technician's month on the 10-point scale: 14 customers gave a 10 and one
// gave a 9, which is not satisfied. With 15 answers the Wilson interval is
// wide, the status says the sample is below the declared minimum of 30, and
// one more 9 would cost almost six points.
func Example() {
	ten := survey.MustScale(survey.TenPoint())
	agg := survey.NewAggregate(ten)
	g := survey.MustGroup("technician", "T017", "period", "2025-07")
	for range 14 {
		agg.AddReply(g, "10")
	}
	agg.AddReply(g, " 9 ")
	for range 45 {
		_ = agg.Add(g, survey.Answer{}) // eligible orders without a rating
	}

	m, err := agg.Metrics(g, survey.MetricsOptions{MinSample: 30, Places: 4, Rounding: quality.HalfUp})
	if err != nil {
		panic(err)
	}
	s := m.Satisfaction
	fmt.Println("satisfaction:", s.Rate, s.Rate.Percent(2, quality.HalfUp), s.Status)
	fmt.Println("95% interval:", s.Interval.Low, "to", s.Interval.High)
	fmt.Println("one more 9:", s.IfOneMore.Percent(2, quality.HalfUp), "swing", s.Swing)
	fmt.Println("participation:", m.Participation.Rate, m.Participation.Rate.Percent(2, quality.HalfUp), m.Participation.Status)
	// Output:
	// satisfaction: 14/15 93.33% insufficient_sample
	// 95% interval: 0.7018 to 0.9882
	// one more 9: 87.50% swing -0.0583
	// participation: 15/60 25.00% ok
}

// Replies come from SMS and phone keypads in many spellings.
func ExampleScale_Parse() {
	sms := survey.MustScale(survey.SMS("A", "B"))
	for _, reply := range []string{"A", "b", " Ｃ ", "", "E"} {
		a := sms.Parse(reply)
		fmt.Printf("%q: %s %s satisfied=%v\n", reply, a.Kind(), sms.Format(a), sms.Satisfied(a))
	}
	ten := survey.MustScale(survey.TenPoint())
	fmt.Println(ten.Format(ten.Parse(" 10 ")), ten.Format(ten.Parse("１０")), ten.Format(ten.Parse("010")))
	// Output:
	// "A": point A satisfied=true
	// "b": point B satisfied=true
	// " Ｃ ": point C satisfied=false
	// "": blank (blank) satisfied=false
	// "E": unrecognized (unrecognized) satisfied=false
	// 10 10 10
}

// A business hall's NPS: the KPI deducts one point per detractor.
func ExampleNPS() {
	nps := survey.MustScale(survey.NPS(9, 6))
	agg := survey.NewAggregate(nps)
	hall := survey.MustGroup("hall", "Xinjian-1", "period", "2025-07")
	for _, r := range []string{"10", "10", "10", "10", "10", "10", "10", "10", "9", "9", "9", "9", "8", "8", "8", "7", "7", "6", "6", "0"} {
		agg.AddReply(hall, r)
	}
	m, _ := agg.Metrics(hall, survey.MetricsOptions{MinSample: 30, Places: 2, Rounding: quality.HalfUp})
	n := m.NPS
	fmt.Printf("promoters %d, passives %d, detractors %d of %d\n", n.Promoters, n.Passives, n.Detractors, n.Respondents)
	fmt.Printf("NPS %s, 95%% interval %s to %s, %s\n", n.Score.StringFixed(2), n.Interval.Low.StringFixed(2), n.Interval.High.StringFixed(2), n.Status)
	fmt.Printf("one more detractor: %s; KPI deduction: %d points\n", n.Swing.StringFixed(2), n.Detractors)
	// Output:
	// promoters 12, passives 5, detractors 3 of 20
	// NPS 45.00, 95% interval 12.57 to 77.43, insufficient_sample
	// one more detractor: -6.90; KPI deduction: 3 points
}

// Shards (two counties, or two days) merge into exactly what one pass gives.
func ExampleAggregate_Merge() {
	ten := survey.MustScale(survey.TenPoint())
	north, south, all := survey.NewAggregate(ten), survey.NewAggregate(ten), survey.NewAggregate(ten)
	station := survey.MustGroup("station", "Xinjian-1")
	for i, r := range []string{"10", "9", "10", "10", "8", "10"} {
		shard := north
		if i%2 == 1 {
			shard = south
		}
		shard.AddReply(station, r)
		all.AddReply(station, r)
	}
	if err := north.Merge(south); err != nil {
		panic(err)
	}
	fmt.Println(north.Equal(all))
	b, _ := json.Marshal(north)
	fmt.Println(string(b))
	// Output:
	// true
	// {"version":1,"scale":{"name":"ten-point","points":["1","2","3","4","5","6","7","8","9","10"],"satisfied":["10"],"blank":"exclude","unrecognized":"exclude"},"groups":[{"group":"station=Xinjian-1","not_rated":0,"blank":0,"unrecognized":0,"points":[0,0,0,0,0,0,0,1,1,4]}]}
}

// Facts the host passes for each order.
type order struct {
	Type      string `fact:"order_type"`
	Product   string `fact:"product"`
	Test      bool   `fact:"is_test"`
	DaysSince int    `fact:"days_since_callback"`
	DoNotCall bool   `fact:"do_not_call"`
}

func operatorRuleset() *survey.Ruleset {
	schema, err := quality.SchemaOf(order{})
	if err != nil {
		panic(err)
	}
	rs, err := survey.NewRuleset(survey.RulesetSpec{
		Version: survey.RulesetVersion,
		Seed:    "2025-07 callback",
		Rules: []survey.RuleSpec{
			{ID: "test-orders", Layer: survey.LayerExclusion, When: "is_test", Reason: survey.ReasonTestOrder},
			{ID: "recent-contact", Layer: survey.LayerExclusion, When: "days_since_callback < 30", Reason: survey.ReasonRecentContact},
			{ID: "do-not-call", Layer: survey.LayerExclusion, When: "do_not_call", Reason: survey.ReasonDoNotCall},
			{ID: "installs-complaints", Layer: survey.LayerMandatory, When: `order_type in ["install", "complaint"]`},
			{ID: "smart-tv", Layer: survey.LayerMandatory, When: `product == "smart_tv" && order_type == "activation"`},
			{ID: "repairs", Layer: survey.LayerRate, When: `order_type == "repair"`, Rate: decimal.RequireFromString("0.2")},
		},
		Quota: survey.OperatorQuota(),
	}, schema)
	if err != nil {
		panic(err)
	}
	return rs
}

// The operators' callback policy: 100% of new installations, complaints and
// smart-TV activations, a deterministic 20% of repairs, and exclusions.
func ExampleSampler_Decide() {
	s := operatorRuleset().Period("2025-07")
	orders := []struct {
		id    string
		facts order
	}{
		{"WO0701-001", order{Type: "install", Product: "broadband", DaysSince: 9999}},
		{"WO0701-002", order{Type: "complaint", Product: "broadband", DaysSince: 9999, DoNotCall: true}},
		{"WO0701-003", order{Type: "activation", Product: "smart_tv", DaysSince: 9999}},
		{"WO0701-004", order{Type: "repair", Product: "broadband", DaysSince: 9999}},
		{"WO0701-006", order{Type: "repair", Product: "broadband", DaysSince: 9999}},
		{"WO0701-007", order{Type: "install", Product: "broadband", DaysSince: 12}},
		{"WO0701-008", order{Type: "move", Product: "broadband", DaysSince: 9999}},
	}
	var drawn survey.Decision
	for _, o := range orders {
		d, err := s.Decide(o.id, o.facts)
		if err != nil {
			panic(err)
		}
		r := d.Receipt
		line := fmt.Sprintf("%s %-12s %-9s %-19s %s", d.Order, d.Outcome, r.Layer, r.Rule, r.Reason)
		if r.Layer == survey.LayerRate {
			line += "ticket " + r.Ticket.Fraction(4).String()
			if d.Outcome == survey.Selected {
				drawn = d
			}
		}
		fmt.Println(strings.TrimSpace(line))
	}
	fmt.Println(drawn.Receipt.Why)
	fmt.Println("seed", drawn.Receipt.Seed, "period", drawn.Receipt.Period, "ruleset", drawn.Receipt.Ruleset[:12]+"…")
	// Output:
	// WO0701-001 selected     mandatory installs-complaints
	// WO0701-002 excluded     exclusion do-not-call         do_not_call
	// WO0701-003 selected     mandatory smart-tv
	// WO0701-004 not_selected rate      repairs             ticket 0.9471
	// WO0701-006 selected     rate      repairs             ticket 0.0514
	// WO0701-007 excluded     exclusion recent-contact      recent_contact
	// WO0701-008 not_selected default
	// drawn at rate 20%: rule "repairs" matched (order_type == "repair"); ticket below the rate
	// seed 2025-07 callback period 2025-07 ruleset 7334a4011e70…
}

// A technician's day would end below one rated customer: the sampler names
// the order to add.
func ExampleSampler_TopUp() {
	s := operatorRuleset().Period("2025-07")
	res, err := s.TopUp("T017", "2025-07-15", []survey.DayOrder{
		{ID: "WO0715-011", Status: survey.CallFailed},
		{ID: "WO0715-012", Status: survey.CallOpen},
		{ID: "WO0715-013", Status: survey.CallOpen},
		{ID: "WO0715-014", Status: survey.CallExcluded},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("needed:", res.Needed)
	for _, p := range res.Picks {
		fmt.Println(p.Order, p.Receipt.Ticket)
		fmt.Println(p.Receipt.Why)
	}
	// Output:
	// needed: 1
	// WO0715-013 479f39e708d40fdb
	// quota top-up: technician "T017" on 2025-07-15 has 0 rated and 0 pending of the 1 required; added 1st of 1 from 2 open orders, lowest quota ticket first
}

// Counties report the quota daily per technician: the days below one rated
// customer and the months not above 20% participation.
func ExampleQuotaSpec_Check() {
	ten := survey.MustScale(survey.TenPoint())
	agg := survey.NewAggregate(ten)
	add := func(tech, day string, rated, unrated int) {
		g := survey.MustGroup("technician", tech, "day", day)
		for range rated {
			agg.AddReply(g, "10")
		}
		for range unrated {
			_ = agg.Add(g, survey.Answer{})
		}
	}
	add("T017", "2025-07-01", 1, 3)
	add("T017", "2025-07-02", 1, 2)
	add("T017", "2025-07-03", 0, 3)
	add("T018", "2025-07-01", 2, 3)
	rep, err := survey.OperatorQuota().Check(agg)
	if err != nil {
		panic(err)
	}
	for _, d := range rep.Daily {
		fmt.Printf("%s %s: %d rated of %d orders, %d missing\n", d.Technician, d.Day, d.Rated, d.Orders, d.Missing)
	}
	for _, m := range rep.Monthly {
		fmt.Printf("%s: participation %s = %s, not above %s%%; %d more rated needed\n",
			m.Technician, m.Participation, m.Participation.Percent(2, quality.HalfUp), m.Above.Shift(2), m.Needed)
	}
	// Output:
	// T017 2025-07-03: 0 rated of 3 orders, 1 missing
	// T017: participation 2/10 = 20.00%, not above 20%; 1 more rated needed
}
