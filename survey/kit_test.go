package survey_test

import (
	"encoding/json"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/survey"
	"github.com/servq/servq/survey/surveytest"
)

// Properties over the test kit's generators (surveytest): drawn scales,
// replies as customers send them, answers and tallies.

// TestKitRepliesParseAsMeant: on every drawn scale, every drawn reply —
// padded, full-width, lower case, with leading zeros, blank or off the scale
// — parses to what it means, and a point's label parses back to the point.
func TestKitRepliesParseAsMeant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := survey.MustScale(surveytest.Scales().Draw(t, "scale"))
		for range 10 {
			r := surveytest.Replies(s).Draw(t, "reply")
			a := s.Parse(r.Text)
			if a.Kind() != r.Kind {
				t.Fatalf("%s: Parse(%q) is %v, want %v", s.Name(), r.Text, a.Kind(), r.Kind)
			}
			if p, ok := a.Point(); r.Kind == survey.Point && (!ok || p != r.Point) {
				t.Fatalf("%s: Parse(%q) is point %d, want %d", s.Name(), r.Text, p, r.Point)
			}
			if r.Kind == survey.Point && s.Parse(s.Format(a)) != a {
				t.Fatalf("%s: the label %q of %v does not parse back", s.Name(), s.Format(a), a)
			}
		}
	})
}

// TestKitAggregatesMergeAndRoundTrip: answers added to shards, merged in any
// order, give the aggregate of one pass, which survives JSON.
func TestKitAggregatesMergeAndRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := survey.MustScale(surveytest.Scales().Draw(t, "scale"))
		groups := surveytest.Groups([]string{"technician", "day"}, []string{"T017", "T018"}, []string{"2025-07-01", "2025-07-02"})
		one := survey.NewAggregate(s)
		k := rapid.IntRange(1, 4).Draw(t, "shards")
		shards := make([]*survey.Aggregate, k)
		for i := range shards {
			shards[i] = survey.NewAggregate(s)
		}
		for n := rapid.IntRange(0, 40).Draw(t, "orders"); n > 0; n-- {
			g, a := groups.Draw(t, "group"), surveytest.Answers(s).Draw(t, "answer")
			if err := one.Add(g, a); err != nil {
				t.Fatal(err)
			}
			if err := shards[rapid.IntRange(0, k-1).Draw(t, "shard")].Add(g, a); err != nil {
				t.Fatal(err)
			}
		}
		merged := survey.NewAggregate(s)
		for _, i := range rapid.Permutation([]int{0, 1, 2, 3}[:k]).Draw(t, "merge order") {
			if err := merged.Merge(shards[i]); err != nil {
				t.Fatal(err)
			}
		}
		qualitytest.ExpectEqual(t, "merged shards", one, merged, surveytest.Options())
		b, err := json.Marshal(one)
		if err != nil {
			t.Fatal(err)
		}
		var back survey.Aggregate
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		qualitytest.ExpectEqual(t, "aggregate after JSON", one, &back, surveytest.Options())
	})
}

// TestKitMetricsCountAsTheScaleSays: a drawn tally's metrics count what the
// drawn scale's spec says, worked out here from the spec alone: satisfied is
// the answers in the satisfied set, rated adds the blank and unrecognized
// replies the scale counts as unsatisfied, the rates are those counts, and a
// defined rate lies inside its interval with a swing that is never positive.
func TestKitMetricsCountAsTheScaleSays(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		spec := surveytest.Scales().Draw(t, "scale")
		s := survey.MustScale(spec)
		tl := surveytest.Tallies(s, 40).Draw(t, "tally")
		o := survey.MetricsOptions{MinSample: rapid.Int64Range(1, 60).Draw(t, "min sample"), Places: 4, Rounding: qualitytest.Roundings().Draw(t, "rounding")}
		m, err := s.Metrics(survey.Group{}, tl, o)
		if err != nil {
			t.Fatal(err)
		}
		var satisfied, points, promoters, detractors int64
		for i, label := range spec.Points {
			points += tl.Points[i]
			if slices.Contains(spec.Satisfied, label) {
				satisfied += tl.Points[i]
			}
			if slices.Contains(spec.Promoters, label) {
				promoters += tl.Points[i]
			}
			if slices.Contains(spec.Detractors, label) {
				detractors += tl.Points[i]
			}
		}
		rated := points
		for _, c := range []struct {
			n int64
			h survey.Handling
		}{{tl.Blank, spec.Blank}, {tl.Unrecognized, spec.Unrecognized}} {
			if c.h == survey.CountUnsatisfied {
				rated += c.n
				detractors += c.n
			}
		}
		if m.Counts.Eligible != tl.Orders() || m.Counts.Satisfied != satisfied || m.Counts.Rated != rated {
			t.Fatalf("counts %+v; want eligible %d, satisfied %d, rated %d", m.Counts, tl.Orders(), satisfied, rated)
		}
		if s.HasNPS() && (m.Counts.Promoters != promoters || m.Counts.Detractors != detractors) {
			t.Fatalf("counts %+v; want promoters %d, detractors %d", m.Counts, promoters, detractors)
		}
		want := map[string]quality.Rate{"satisfaction": {Num: satisfied, Den: rated}, "participation": {Num: rated, Den: tl.Orders()}}
		for name, r := range map[string]survey.RateMetric{"satisfaction": m.Satisfaction, "participation": m.Participation} {
			qualitytest.ExpectEqual(t, name, want[name], r.Rate)
			switch {
			case !r.Rate.Defined():
				if r.Status != survey.StatusNoData {
					t.Fatalf("%s %v: status %v", name, r.Rate, r.Status)
				}
			case r.Rate.Den < o.MinSample && r.Status != survey.StatusInsufficient, r.Rate.Den >= o.MinSample && r.Status != survey.StatusOK:
				t.Fatalf("%s %v with minimum %d: status %v", name, r.Rate, o.MinSample, r.Status)
			case r.Interval.Low.Cmp(r.Value) > 0 || r.Value.Cmp(r.Interval.High) > 0 || r.Swing.Sign() > 0:
				t.Fatalf("%s %v: value %s outside [%s, %s] or swing %s", name, r.Rate, r.Value, r.Interval.Low, r.Interval.High, r.Swing)
			}
		}
	})
}
