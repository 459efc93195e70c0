package surveytest_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/survey"
	"github.com/servq/servq/survey/surveytest"
)

// TestGeneratorsDrawValidValues: over many draws, scales pass NewScale and
// round-trip through JSON; replies parse to what they mean; answers and
// tallies fit their scale; groups are valid.
func TestGeneratorsDrawValidValues(t *testing.T) {
	seen := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		spec := surveytest.Scales().Draw(t, "scale")
		s, err := survey.NewScale(spec)
		if err != nil {
			t.Fatalf("NewScale(%+v): %v", spec, err)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back survey.Scale
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(s) {
			t.Fatalf("scale JSON %s: %v", b, err)
		}
		if s.HasNPS() {
			seen["nps"]++
		}
		seen[spec.Name]++
		for range 5 {
			r := surveytest.Replies(s).Draw(t, "reply")
			got := s.Parse(r.Text)
			if got.Kind() != r.Kind {
				t.Fatalf("Parse(%q) on %s is %v, want %v", r.Text, spec.Name, got.Kind(), r.Kind)
			}
			if p, ok := got.Point(); r.Kind == survey.Point && (!ok || p != r.Point) {
				t.Fatalf("Parse(%q) is point %d, want %d (%s)", r.Text, p, r.Point, s.Label(r.Point))
			}
			if r.Text != strings.TrimSpace(r.Text) || strings.ContainsAny(r.Text, "０１２３４５６７８９ＡＢＣＤ") {
				seen["lenient"]++
			}
			seen[r.Kind.String()]++
		}
		agg := survey.NewAggregate(s)
		g := surveytest.Groups([]string{"technician", "day"}, []string{"T017", "T018"}).Draw(t, "group")
		if v, ok := g.Value("technician"); !ok || (v != "T017" && v != "T018") {
			t.Fatalf("group %v", g)
		}
		if err := agg.Add(g, surveytest.Answers(s).Draw(t, "answer")); err != nil {
			t.Fatalf("answer not on the scale: %v", err)
		}
		if err := agg.AddTally(g, surveytest.Tallies(s, 50).Draw(t, "tally")); err != nil {
			t.Fatalf("tally: %v", err)
		}
	})
	for _, k := range []string{"ten-point", "sms-abcd", "nps", "custom", "lenient", "point", "blank", "unrecognized"} {
		if seen[k] == 0 {
			t.Errorf("no draw had %s (%v)", k, seen)
		}
	}
}

var tenPoint = survey.MustScale(survey.TenPoint())

func TestAggregateOf(t *testing.T) {
	a := surveytest.AggregateOf(t, tenPoint, `
		technician=T017;day=2025-07-01: 10 10 9 - _ ?
		day=2025-07-02;technician=T017: １０
		: 10
	`)
	if got := a.Tally(survey.MustGroup("technician", "T017", "day", "2025-07-01")); got.NotRated != 1 || got.Blank != 1 || got.Unrecognized != 1 || got.Points[9] != 2 || got.Points[8] != 1 {
		t.Fatalf("tally %+v", got)
	}
	if a.Len() != 3 || a.Tally(survey.Group{}).Points[9] != 1 {
		t.Fatalf("%d groups", a.Len())
	}
	for _, c := range []struct{ text, want string }{
		{"technician=T017 10", "want \"group: replies\""},
		{"technician: 10", "want name=value"},
		{"Technician=T017: 10", "invalid group"},
	} {
		var rec qualitytest.Recorder
		if !rec.Run(func(tb testing.TB) { surveytest.AggregateOf(tb, tenPoint, c.text) }) || !strings.Contains(rec.String(), c.want) {
			t.Errorf("AggregateOf(%q): %q, want %q", c.text, rec.String(), c.want)
		}
	}
}

func TestOptions(t *testing.T) {
	a := surveytest.AggregateOf(t, tenPoint, "technician=T017: 10 10 9")
	b := surveytest.AggregateOf(t, tenPoint, "technician=T017: 10 9 10")
	c := surveytest.AggregateOf(t, tenPoint, "technician=T017: 10 9 9")
	if !cmp.Equal(a, b, surveytest.Options()) || cmp.Equal(a, c, surveytest.Options()) {
		t.Fatal("aggregates compare by order of answers, or differing tallies are equal")
	}
	if d := qualitytest.Diff(a, c, surveytest.Options()); d != `.tallies.Groups["technician=T017"]["10"]: want 2, got 1`+"\n"+`.tallies.Groups["technician=T017"]["9"]: want 1, got 2` {
		t.Fatalf("Diff:\n%s", d)
	}
	if !cmp.Equal((*survey.Aggregate)(nil), (*survey.Aggregate)(nil), surveytest.Options()) || cmp.Equal(a, nil, surveytest.Options()) {
		t.Fatal("nil aggregates")
	}
	g1, g2 := survey.MustGroup("a", "1", "b", "2"), survey.MustGroup("b", "2", "a", "1")
	if !cmp.Equal(g1, g2, surveytest.Options()) || !cmp.Equal(tenPoint.Parse("10"), tenPoint.Parse(" 10 "), surveytest.Options()) {
		t.Fatal("groups or answers")
	}
	rs := func(seed string) *survey.Ruleset {
		r, err := survey.NewRuleset(survey.RulesetSpec{Version: survey.RulesetVersion, Seed: seed,
			Rules: []survey.RuleSpec{{ID: "all", Layer: survey.LayerMandatory, When: "true"}}}, quality.MustSchema())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if !cmp.Equal(rs("x"), rs("x"), surveytest.Options()) || cmp.Equal(rs("x"), rs("y"), surveytest.Options()) ||
		cmp.Equal(rs("x").Period("2025-07"), rs("x").Period("2025-08"), surveytest.Options()) {
		t.Fatal("rulesets or samplers")
	}
}

func TestReport(t *testing.T) {
	a := surveytest.AggregateOf(t, tenPoint, "technician=T017: 10 10 10 10 10 10 10 10 10 10 10 10 10 10 9 - - -")
	got, err := surveytest.Report(a, survey.MetricsOptions{MinSample: 30, Places: 4, Rounding: quality.HalfUp})
	if err != nil {
		t.Fatal(err)
	}
	want := "technician=T017\n" +
		"  satisfaction  14/15 = 0.9333 [0.7018, 0.9882] insufficient_sample; one more: 14/16 (-0.0583)\n" +
		"  participation 15/18 = 0.8333 [0.6077, 0.9417] insufficient_sample; one more: 15/19 (-0.0439)\n"
	if got != want {
		t.Fatalf("Report:\n%s\nwant\n%s", got, want)
	}
	if _, err := surveytest.Report(a, survey.MetricsOptions{}); err == nil {
		t.Fatal("Report with invalid options")
	}
}
