package appraisaltest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/appraisal/appraisaltest"
	"github.com/servq/servq/quality/qualitytest"
)

// TestCardsAreValid: over many draws every card compiles with CardSchema,
// round-trips through its version, and every drawn subject scores, within
// the card's bounds; the draws cover weights, nesting, normalisation, every
// method and every missing-input policy.
func TestCardsAreValid(t *testing.T) {
	seen := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		c := appraisaltest.Cards(appraisaltest.CardOptions{}).Draw(t, "card")
		sc, err := appraisal.NewScorecard(c, appraisaltest.CardSchema())
		if err != nil {
			t.Fatalf("NewScorecard: %v", err)
		}
		seen["missing "+c.Missing.String()]++
		if c.Normalize {
			seen["normalize"]++
		}
		var walk func(c appraisal.Card)
		walk = func(c appraisal.Card) {
			for _, it := range c.Items {
				if !it.Weight.IsZero() {
					seen["weight"]++
				}
				if it.Card != nil {
					seen["card"]++
					walk(*it.Card)
				}
			}
		}
		walk(c)
		for _, id := range sc.ItemIDs() {
			seen[sc.Method(id).String()]++
		}
		r, err := sc.Score("T-1", appraisaltest.Inputs(sc, appraisaltest.InputOptions{}).Draw(t, "inputs"))
		if err != nil {
			t.Fatalf("Score: %v", err)
		}
		if r.Points.Sign() < 0 || r.Points.GreaterThan(r.Max) {
			t.Fatalf("points %s outside [0, %s]", r.Points, r.Max)
		}
		// With missing inputs, scoring fails only under MissingFail.
		if _, err := sc.Score("T-2", appraisaltest.Inputs(sc, appraisaltest.InputOptions{Missing: true}).Draw(t, "some missing")); err != nil {
			var me *appraisal.MissingError
			if !asMissing(err, &me) {
				t.Fatalf("Score with missing inputs: %v", err)
			}
			seen["missing error"]++
		}
	})
	for _, k := range []string{"weight", "card", "normalize", "linear", "steps", "deduction", "year_on_year", "checklist", "rule",
		"missing fail", "missing zero", "missing redistribute", "missing error"} {
		if seen[k] == 0 {
			t.Errorf("no draw had %s (%v)", k, seen)
		}
	}
}

func asMissing(err error, me **appraisal.MissingError) bool {
	for err != nil {
		if m, ok := err.(*appraisal.MissingError); ok {
			*me = m
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// TestTariffsAndEventsPost: every drawn tariff compiles and posts every drawn
// event; the ledger's total is the sum of the lines.
func TestTariffsAndEventsPost(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, err := appraisal.NewPoster(appraisaltest.Tariffs(appraisaltest.TariffOptions{}).Draw(t, "tariff"))
		if err != nil {
			t.Fatalf("NewPoster: %v", err)
		}
		events := appraisaltest.Events(appraisaltest.EventOptions{}).Draw(t, "events")
		l := appraisaltest.PostAll(t, p, events)
		sum := 0
		for _, ev := range events {
			lines, err := p.Post(ev)
			if err != nil {
				t.Fatal(err)
			}
			sum += len(lines)
		}
		if l.Lines() != int64(sum) {
			t.Fatalf("ledger has %d lines, posting gave %d", l.Lines(), sum)
		}
	})
}

func TestCompareAndExpect(t *testing.T) {
	events := appraisaltest.ParseEvents(t, cst, `
		2024-07-08 11:00  WO-3  callback_dissatisfied  T-0412  station-head=M-07
		2024-07-09 15:00  WO-5  rated_10               T-0412  units=2
		2024-06-20 15:00  WO-2  rated_10               T-0999
	`)
	before := appraisaltest.PostAll(t, incentives(false), events)
	after := appraisaltest.PostAll(t, incentives(true), events)
	change, err := appraisaltest.Compare(appraisaltest.Outcome{Ledger: before}, appraisaltest.Outcome{Ledger: after})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := change.Move("T-0412")
	if !ok || !m.Money().Equal(d("-100")) || !m.MoneyBefore.Equal(d("-80")) || len(m.Rules) != 1 || m.Rules[0].Rule != "callback-dissatisfied" {
		t.Fatalf("T-0412's move: %+v", m)
	}
	if moved := change.Moved(); len(moved) != 2 || moved[0].Subject != "M-07" || moved[1].Subject != "T-0412" {
		t.Fatalf("moved: %v", moved)
	}
	if _, ok := change.Move("T-0999"); !ok {
		t.Fatal("an unchanged subject is not listed")
	}
	for _, c := range []struct {
		exp  appraisaltest.Expectation
		fail string // "" when met
	}{
		{appraisaltest.MaxPenaltyRise(d("100")), ""},
		{appraisaltest.MaxPenaltyRise(d("99.99")), "T-0412  yuan -80.00 → -180.00 (-100.00): pays 100.00 yuan more"},
		{appraisaltest.Only("T-0412", func(s string) bool { return s == "T-0412" }), "M-07  yuan -50.00 → -100.00 (-50.00): moved"},
		{appraisaltest.Unchanged("T-0999"), ""},
		{appraisaltest.Unchanged("M-07", "T-0999"), "M-07  yuan -50.00 → -100.00 (-50.00): moved"},
		{appraisaltest.Moves("T-0999"), "T-0999: did not move"},
		{appraisaltest.MoneyChange("M-07", d("-50")), ""},
		{appraisaltest.MoneyChange("M-07", d("-100")), "M-07  yuan -50.00 → -100.00 (-50.00): balance changes by -50.00"},
		{appraisaltest.PointsChange("T-0412", d("0")), ""},
		{appraisaltest.SameSubjects(), ""},
		{appraisaltest.Expect("nobody earns less", func(m appraisaltest.Move) string {
			if m.Money().IsNegative() {
				return "earns less"
			}
			return ""
		}), "T-0412  yuan -80.00 → -180.00 (-100.00): earns less"},
	} {
		var rec qualitytest.Recorder
		met := rec.Run(func(tb testing.TB) { change.Expect(tb, c.exp) }) == false
		if met != (c.fail == "") || (c.fail != "" && !strings.Contains(rec.String(), c.fail)) {
			t.Errorf("%s: met %v, messages:\n%s\nwant %q", c.exp.Desc, met, rec.String(), c.fail)
		}
		if met && !strings.Contains(rec.String(), "every expectation met; the differences:\n  M-07") {
			t.Errorf("%s: a met expectation does not log the differences: %q", c.exp.Desc, rec.String())
		}
	}
}

func TestCompareScores(t *testing.T) {
	inputs := map[string]appraisal.Inputs{
		"T-0412": {"repair": appraisal.RateInput(28, 30), "install": appraisal.RateInput(39, 40)},
		"T-0533": {"repair": appraisal.RateInput(30, 30), "install": appraisal.RateInput(20, 20)},
	}
	before := appraisaltest.ScoreAll(t, technicianCard("0.90"), inputs)
	delete(inputs, "T-0533")
	inputs["T-0601"] = appraisal.Inputs{"repair": appraisal.RateInput(27, 30)}
	after := appraisaltest.ScoreAll(t, technicianCard("0.92"), inputs)
	change, err := appraisaltest.Compare(appraisaltest.Outcome{Results: before}, appraisaltest.Outcome{Results: after})
	if err != nil {
		t.Fatal(err)
	}
	// Only repair and install have inputs: their 70 points are scaled to 100.
	want := "T-0412  points 45.24 → 34.13 (-11.11)\n" +
		"    repair  23.81 → 12.70 (-11.11)  rate: 28/30 = 93.33%\n" +
		"T-0533  points 100.00 → (not scored)\n" +
		"T-0601  points (not scored) → 0.00\n"
	if got := change.String(); got != want {
		t.Fatalf("report:\n%s\nwant\n%s", got, want)
	}
	var rec qualitytest.Recorder
	rec.Run(func(tb testing.TB) {
		change.Expect(tb, appraisaltest.SameSubjects(), appraisaltest.MaxPointsDrop(d("5")), appraisaltest.MaxPointsRise(d("0")))
	})
	if got := rec.String(); !strings.HasPrefix(got, "scoring change: 2 expectations not met\n  the same subjects are scored:\n    T-0533  points 100.00 → (not scored): no longer scored\n    T-0601  points (not scored) → 0.00: newly scored\n  nobody loses more than 5 points:\n    T-0412  points 45.24 → 34.13 (-11.11): loses 11.11 points\n") {
		t.Fatalf("messages:\n%s", got)
	}
	if _, err := appraisaltest.Compare(appraisaltest.Outcome{Results: append(before, before[0])}, appraisaltest.Outcome{}); err == nil {
		t.Fatal("a subject scored twice is not refused")
	}
}

func TestParseEventsErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"2024-07-08 11:00 WO-3 callback_dissatisfied", "want an instant, an id, a kind and a subject"},
		{"2024-07-08 25:00 WO-3 rated_10 T-1", "line 1: instant"},
		{"\n2024-07-08 11:00 WO-3 rated_10 T-1 units=x", "line 2: units"},
		{"2024-07-08 11:00 WO-3 rated_10 T-1 M-07", `"M-07": want units=N or role=subject`},
	} {
		var rec qualitytest.Recorder
		if !rec.Run(func(tb testing.TB) { appraisaltest.ParseEvents(tb, cst, c.text) }) || !strings.Contains(rec.String(), c.want) {
			t.Errorf("ParseEvents(%q): %q, want %q", c.text, rec.String(), c.want)
		}
	}
	evs := appraisaltest.ParseEvents(t, cst, "2024-07-08T11:00:00+08:00 WO-3 rated_10 T-1 units=2 station-head=M-07 // note")
	if len(evs) != 1 || evs[0].Units != 2 || len(evs[0].Linked) != 1 || !evs[0].At.Equal(time.Date(2024, 7, 8, 3, 0, 0, 0, time.UTC)) {
		t.Fatalf("%+v", evs)
	}
}

func TestOptions(t *testing.T) {
	in := appraisal.Inputs{"repair": appraisal.RateInput(28, 30)}
	a, err := technicianCard("0.90").Score("T-0412", in)
	if err != nil {
		t.Fatal(err)
	}
	b := a
	b.Ruleset = "sha256:another" // the ruleset of an edited card
	b.Tree.Items = append([]appraisal.Node(nil), a.Tree.Items...)
	b.Tree.Items[0].Points = a.Tree.Items[0].Points.Round(4) // 41.67 as 41.6700: the same points
	if cmp.Equal(a, b, appraisaltest.Options()) || !cmp.Equal(a, b, appraisaltest.Options(), appraisaltest.IgnoreVolatile()) {
		t.Fatal("IgnoreVolatile does not leave out the ruleset, or points compare by digits")
	}
	if d := qualitytest.Diff(a, b, appraisaltest.Options()); d != `.Ruleset: want "`+a.Ruleset+`", got "sha256:another"` {
		t.Fatalf("Diff:\n%s", d)
	}
	if !cmp.Equal(technicianCard("0.90"), technicianCard("0.90"), appraisaltest.Options()) || cmp.Equal(technicianCard("0.90"), technicianCard("0.91"), appraisaltest.Options()) {
		t.Fatal("scorecards compare by version")
	}
	var x, y appraisal.Tally
	_ = x.Add("T-1", true)
	_ = y.Add("T-1", false)
	if d := qualitytest.Diff(&x, &y, appraisaltest.Options()); d != ".entries[0].Rate: want 1/1, got 0/1" {
		t.Fatalf("tally diff: %q", d)
	}
}
