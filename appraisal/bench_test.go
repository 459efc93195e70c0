package appraisal

import (
	"strconv"
	"testing"
	"time"

	"github.com/servq/servq/quality"
)

// benchCard is a technician's monthly card of ten items using every input
// method: five targets on exact rates (one with steps), two deductions, a
// year-on-year target, the ten-ones checklist and a policy writer's rule.
func benchCard() Card {
	return Card{ID: "technician", Total: dec("100"), Missing: MissingRedistribute, Items: []Item{
		{ID: "repair", Points: dec("15"), Target: repairSatisfaction()},
		{ID: "install", Points: dec("15"), Target: installSatisfaction()},
		{ID: "on-time", Points: dec("10"), Target: &quality.Target{Baseline: dec("0.90"), Challenge: dec("0.95"), Direction: quality.HigherIsBetter, BaselineScore: dec("0.5"), Gate: true}},
		{ID: "first-fix", Points: dec("10"), Target: &quality.Target{Baseline: dec("0.8"), Challenge: dec("0.95"), Direction: quality.HigherIsBetter}},
		{ID: "callback", Points: dec("5"), Target: &quality.Target{Baseline: dec("0.2"), Challenge: dec("0.4"), Direction: quality.HigherIsBetter,
			Tiers: []quality.Tier{{At: dec("0.2"), Score: dec("0.5")}, {At: dec("0.3"), Score: dec("0.8")}, {At: dec("0.4"), Score: dec("1")}}}},
		{ID: "detractors", Points: dec("10"), Deduction: &Deduction{Per: dec("1")}},
		{ID: "complaints", Points: dec("10"), Deduction: &Deduction{Per: dec("5")}},
		{ID: "complaint-rate", Points: dec("5"), YearOnYear: &YearOnYear{Change: dec("-0.2"), Per: 100}},
		{ID: "on-site", Points: dec("10"), Checklist: &Checklist{Checks: TenOnes(), Mode: ChecklistProportional}},
		{ID: "sales", Points: dec("10"), Rule: &Formula{Source: "min(10, 2 * leads)"}},
	}}
}

func benchInputs(n int) []Inputs {
	out := make([]Inputs, n)
	for i := range out {
		checks := map[string]bool{}
		for j, c := range TenOnes() {
			checks[c] = (i+j)%7 != 0
		}
		den := int64(20 + i%40)
		out[i] = Inputs{
			"repair":         RateInput(den-int64(i%4), den),
			"install":        RateInput(den-int64(i%3), den),
			"on-time":        RateInput(den-int64(i%5), den),
			"first-fix":      RateInput(den-int64(i%9), den),
			"callback":       RateInput(int64(i%15), den),
			"detractors":     CountInput(int64(i % 6)),
			"complaints":     CountInput(int64(i % 3)),
			"complaint-rate": YearOnYearInput(quality.Rate{Num: 15, Den: 1000}, quality.Rate{Num: int64(8 + i%10), Den: 1000}),
			"on-site":        ChecksInput(checks),
			"sales":          FactsInput(quality.Facts{"leads": i % 7}),
		}
	}
	return out
}

// BenchmarkScore10kTechnicians10Items scores 10,000 technicians on a
// ten-item card, each result with its full explanation tree. One op is the
// whole population.
func BenchmarkScore10kTechnicians10Items(b *testing.B) {
	schema := quality.MustSchema(quality.Field{Name: "leads", Kind: quality.KindInt})
	s := MustScorecard(benchCard(), schema)
	const n = 10_000
	inputs := benchInputs(n)
	subjects := make([]string, n)
	for i := range subjects {
		subjects[i] = "T-" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i, in := range inputs {
			if _, err := s.Score(subjects[i], in); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/technician")
}

// BenchmarkPost1MEvents posts one million events — 70% ratings of 10 across
// the July rate change, 20% dissatisfied callbacks with two linked managers
// (one capped), 10% events no rule prices — and adds every line to a ledger.
// One op is the million events.
func BenchmarkPost1MEvents(b *testing.B) {
	p := MustPoster(incentives())
	const distinct = 10_000
	events := make([]Event, distinct)
	for i := range events {
		ev := Event{ID: "WO-" + strconv.Itoa(i), Subject: "T-" + strconv.Itoa(i%3000), At: day(2024, 6, 1, 8, 0, 0).Add(time.Duration(i%(61*24)) * time.Hour)}
		switch {
		case i%10 < 7:
			ev.Kind = "rated_10"
		case i%10 < 9:
			ev.Kind = "callback_dissatisfied"
			ev.Linked = []Link{{Role: "station-head", Subject: "M-" + strconv.Itoa(i%200)}, {Role: "county-manager", Subject: "C-" + strconv.Itoa(i%20)}}
		default:
			ev.Kind = "installed"
		}
		events[i] = ev
	}
	const total = 1_000_000
	b.ReportAllocs()
	b.ResetTimer()
	var lines []Line
	for b.Loop() {
		l, _ := NewLedger("CNY")
		for i := range total {
			var err error
			if lines, err = p.AppendPost(lines[:0], events[i%distinct]); err != nil {
				b.Fatal(err)
			}
			if err := l.Add(lines...); err != nil {
				b.Fatal(err)
			}
		}
		if l.Lines() != total*0.7+total*0.2*3 {
			b.Fatalf("%d lines", l.Lines())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/total, "ns/event")
}
