package appraisal_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/appraisal/appraisaltest"
	"github.com/servq/servq/quality/qualitytest"
)

// Properties over the test kit's generators (appraisaltest): drawn cards with
// weights, nesting and every method; drawn inputs, tariffs and events; and the
// kit's scoring-change comparison.

// checkTree: every node's points lie in [0, its max], and every card's
// subtotal is the sum of its items' points.
func checkTree(t *rapid.T, n appraisal.Node) {
	if n.Points.Sign() < 0 || n.Points.GreaterThan(n.Max) {
		t.Fatalf("%s: points %s outside [0, %s]", n.ID, n.Points, n.Max)
	}
	if n.Method != appraisal.MethodCard || len(n.Items) == 0 {
		return
	}
	sum := n.Items[0].Points.Sub(n.Items[0].Points)
	for _, c := range n.Items {
		sum = sum.Add(c.Points)
		checkTree(t, c)
	}
	if !sum.Equal(n.Subtotal) && !(n.Subtotal.IsZero() && n.Missing != appraisal.MissingInherit) {
		t.Fatalf("%s: items add up to %s, subtotal %s", n.ID, sum, n.Subtotal)
	}
}

// TestKitCardsScoreWithinBoundsAndRoundTrip: on every drawn card every drawn
// subject's points are within bounds at every node, and the result survives
// JSON (by value).
func TestKitCardsScoreWithinBoundsAndRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := appraisal.MustScorecard(appraisaltest.Cards(appraisaltest.CardOptions{}).Draw(t, "card"), appraisaltest.CardSchema())
		r, err := sc.Score("T-1", appraisaltest.Inputs(sc, appraisaltest.InputOptions{Missing: rapid.Bool().Draw(t, "missing?")}).Draw(t, "inputs"))
		if err != nil {
			return // an input missing under MissingFail, or every item missing
		}
		checkTree(t, r.Tree)
		if !r.Points.Equal(r.Tree.Points) {
			t.Fatalf("result points %s, tree %s", r.Points, r.Tree.Points)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back appraisal.Result
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		// By value: JSON writes 0.00 as "0" (Node.Places keeps the display).
		qualitytest.ExpectEqual(t, "result after JSON", r, back, appraisaltest.Options())
	})
}

// TestKitHarsherDeductionMovesOnlyItsItem: doubling the points a drawn card's
// deduction item takes off per event moves that item only, and nobody gains
// a point; the kit's scoring-change comparison says so.
func TestKitHarsherDeductionMovesOnlyItsItem(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		def := appraisaltest.Cards(appraisaltest.CardOptions{}).Draw(t, "card")
		def.Missing = appraisal.MissingZero
		harsh, path, ok := harsher(def)
		if !ok {
			return // no deduction item drawn
		}
		scOld := appraisal.MustScorecard(def, appraisaltest.CardSchema())
		scNew := appraisal.MustScorecard(harsh, appraisaltest.CardSchema())
		inputs := map[string]appraisal.Inputs{}
		for _, s := range []string{"T-1", "T-2", "T-3"} {
			inputs[s] = appraisaltest.Inputs(scOld, appraisaltest.InputOptions{}).Draw(t, s)
		}
		change, err := appraisaltest.Compare(
			appraisaltest.Outcome{Results: appraisaltest.ScoreAll(t, scOld, inputs)},
			appraisaltest.Outcome{Results: appraisaltest.ScoreAll(t, scNew, inputs)})
		if err != nil {
			t.Fatal(err)
		}
		change.Expect(t,
			appraisaltest.SameSubjects(),
			appraisaltest.MaxPointsRise(decimal.Zero),
			appraisaltest.Expect("only "+path+" moves", func(m appraisaltest.Move) string {
				for _, im := range m.Items {
					if im.Path != path {
						return im.Path + " moved"
					}
				}
				return ""
			}))
	})
}

// harsher returns a copy of def whose first deduction item (nested cards
// included) takes off twice as many points per event, and the item's path.
func harsher(def appraisal.Card) (appraisal.Card, string, bool) {
	def.Items = slices.Clone(def.Items)
	for i := range def.Items {
		it := &def.Items[i]
		switch {
		case it.Deduction != nil:
			d := *it.Deduction
			d.Per = d.Per.Add(d.Per)
			it.Deduction = &d
			return def, it.ID, true
		case it.Card != nil:
			if sub, p, ok := harsher(*it.Card); ok {
				it.Card = &sub
				return def, it.ID + "/" + p, true
			}
		}
	}
	return def, "", false
}

// TestKitDearerRuleMovesOnlyItsSubjects: doubling every rate of one drawn
// rule moves only the subjects (and linked managers) of that rule's events,
// and only on that rule.
func TestKitDearerRuleMovesOnlyItsSubjects(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tf := appraisaltest.Tariffs(appraisaltest.TariffOptions{}).Draw(t, "tariff")
		k := rapid.IntRange(0, len(tf.Rules)-1).Draw(t, "rule")
		dearer := tf
		dearer.Rules = slices.Clone(tf.Rules)
		r := dearer.Rules[k]
		r.Rates = slices.Clone(r.Rates)
		for i := range r.Rates {
			r.Rates[i].Amount = r.Rates[i].Amount.Add(r.Rates[i].Amount)
		}
		dearer.Rules[k] = r
		events := appraisaltest.Events(appraisaltest.EventOptions{}).Draw(t, "events")
		touched := map[string]bool{}
		for _, ev := range events {
			if ev.Kind == r.Event {
				touched[ev.Subject] = true
				for _, l := range ev.Linked {
					touched[l.Subject] = true
				}
			}
		}
		change, err := appraisaltest.Compare(
			appraisaltest.Outcome{Ledger: appraisaltest.PostAll(t, appraisal.MustPoster(tf), events)},
			appraisaltest.Outcome{Ledger: appraisaltest.PostAll(t, appraisal.MustPoster(dearer), events)})
		if err != nil {
			t.Fatal(err)
		}
		change.Expect(t,
			appraisaltest.Only("the subjects of "+r.Event+" events", func(s string) bool { return touched[s] }),
			appraisaltest.Expect("only "+r.ID+" moves", func(m appraisaltest.Move) string {
				for _, rm := range m.Rules {
					if rm.Rule != r.ID {
						return rm.Rule + " moved"
					}
				}
				return ""
			}))
	})
}
