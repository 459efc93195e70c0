package surveytest

import (
	"fmt"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/survey"
)

// Options returns the go-cmp options for the values of package survey:
// qualitytest.Options (decimals by value, rates by counts) and
//
//   - survey.Group by its text ("county=Xinjian;technician=T017");
//   - survey.Answer, survey.Draw and survey.Threshold as values (==);
//   - *survey.Scale by its spec (Scale.Equal);
//   - *survey.Aggregate by its scale's name and, per group, the count of each
//     answer by its label, so that a difference names the group and the answer:
//     .tallies.Groups["day=2025-07-01;technician=T017"]["10"]: want 14, got 13;
//   - *survey.Ruleset by its hash, and *survey.Sampler by its ruleset's hash
//     and its period.
func Options(opts ...qualitytest.Option) cmp.Option {
	return cmp.Options{
		qualitytest.Options(opts...),
		cmp.Comparer(func(a, b survey.Group) bool { return a.String() == b.String() }),
		cmp.Comparer(func(a, b survey.Answer) bool { return a == b }),
		cmp.Comparer(func(a, b survey.Draw) bool { return a == b }),
		cmp.Comparer(func(a, b survey.Threshold) bool { return a == b }),
		cmp.Comparer(func(a, b *survey.Scale) bool {
			if a == nil || b == nil {
				return a == b
			}
			return a.Equal(b)
		}),
		cmp.Transformer("tallies", tallies),
		cmp.Comparer(func(a, b *survey.Ruleset) bool {
			if a == nil || b == nil {
				return a == b
			}
			return a.Hash() == b.Hash()
		}),
		cmp.Comparer(func(a, b *survey.Sampler) bool {
			if a == nil || b == nil {
				return a == b
			}
			return a.Period() == b.Period() && a.Ruleset().Hash() == b.Ruleset().Hash()
		}),
	}
}

// aggregateView is an aggregate as Options compares it: per group, the count
// of each outcome by its label ("10", "(blank)").
type aggregateView struct {
	Nil    bool
	Scale  string
	Groups map[string]map[string]int64
}

func tallies(a *survey.Aggregate) aggregateView {
	if a == nil {
		return aggregateView{Nil: true}
	}
	v := aggregateView{Groups: map[string]map[string]int64{}}
	s := a.Scale()
	if s == nil {
		return v
	}
	v.Scale = s.Name()
	for _, g := range a.Groups() {
		t := a.Tally(g)
		counts := map[string]int64{"(not rated)": t.NotRated, "(blank)": t.Blank, "(unrecognized)": t.Unrecognized}
		for i := range s.Len() {
			counts[s.Label(i)] = t.Points[i]
		}
		v.Groups[g.String()] = counts
	}
	return v
}

// AggregateOf builds an aggregate on scale s from lines of text, one group
// per line: the group's dimensions as name=value joined by ";", a colon, and
// the group's orders, one token each: a reply as the customer sent it
// ("10", "b"), "_" for a blank reply, "-" for an order not rated:
//
//	technician=T017;day=2025-07-01: 10 10 9 - _
//	technician=T018;day=2025-07-01: 10 ? -
//
// A token that is no point of the scale is an unrecognized reply ("?").
// Blank lines are skipped; a malformed line fails the test.
func AggregateOf(tb qualitytest.TB, s *survey.Scale, text string) *survey.Aggregate {
	tb.Helper()
	a := survey.NewAggregate(s)
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		head, body, ok := strings.Cut(line, ":")
		if !ok {
			tb.Fatalf("surveytest: line %d: want \"group: replies\"", n+1)
		}
		var dims []survey.Dim
		if head = strings.TrimSpace(head); head != "" {
			for _, part := range strings.Split(head, ";") {
				name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
				if !ok {
					tb.Fatalf("surveytest: line %d: dimension %q: want name=value", n+1, part)
				}
				dims = append(dims, survey.Dim{Name: name, Value: value})
			}
		}
		g, err := survey.NewGroup(dims...)
		if err != nil {
			tb.Fatalf("surveytest: line %d: %v", n+1, err)
		}
		for _, tok := range strings.Fields(body) {
			var ans survey.Answer
			switch tok {
			case "-":
			case "_":
				ans = s.Parse("")
			default:
				ans = s.Parse(tok)
			}
			if err := a.Add(g, ans); err != nil {
				tb.Fatalf("surveytest: line %d: %v", n+1, err)
			}
		}
	}
	return a
}

// Report writes an aggregate's metrics as text, one line per group in group
// order: the group, the satisfaction rate with its counts, value, interval and
// status, the participation likewise, and the NPS when the scale has one.
// It is the text GoldenMetrics keeps.
func Report(a *survey.Aggregate, o survey.MetricsOptions) (string, error) {
	ms, err := a.Report(o)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	f := func(d decimal.Decimal) string { return d.StringFixed(o.Places) }
	rate := func(name string, r survey.RateMetric) {
		fmt.Fprintf(&b, "  %-13s %v = %s [%s, %s] %v; one more: %v (%s)\n", name, r.Rate, f(r.Value), f(r.Interval.Low), f(r.Interval.High), r.Status, r.IfOneMore, f(r.Swing))
	}
	for _, m := range ms {
		fmt.Fprintf(&b, "%s\n", m.Group)
		rate("satisfaction", m.Satisfaction)
		rate("participation", m.Participation)
		if n := m.NPS; n != nil {
			fmt.Fprintf(&b, "  %-13s %d promoters, %d passives, %d detractors = %s [%s, %s] %v; one more detractor: %s\n",
				"nps", n.Promoters, n.Passives, n.Detractors, f(n.Score), f(n.Interval.Low), f(n.Interval.High), n.Status, f(n.Swing))
		}
	}
	return b.String(), nil
}

// GoldenMetrics compares Report's text of an aggregate with the golden file
// at path; -update rewrites it (see qualitytest.Golden).
func GoldenMetrics(tb qualitytest.TB, path string, a *survey.Aggregate, o survey.MetricsOptions) {
	tb.Helper()
	text, err := Report(a, o)
	if err != nil {
		tb.Fatalf("surveytest: %v", err)
	}
	qualitytest.GoldenString(tb, path, text)
}
