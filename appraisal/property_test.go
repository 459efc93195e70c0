package appraisal

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// checkTree checks every node: points within [0, max], and each card's
// subtotal the sum of its items' points (the top card's points too).
func checkTree(t *rapid.T, n Node, top bool) {
	if n.Points.Sign() < 0 || n.Points.Cmp(n.Max) > 0 {
		t.Fatalf("%s: points %s outside [0, max %s]", n.ID, n.Points, n.Max)
	}
	if n.Method != MethodCard {
		return
	}
	sum := decimal.Zero
	for _, c := range n.Items {
		sum = sum.Add(c.Points)
		checkTree(t, c, false)
	}
	if len(n.Items) > 0 && !sum.Equal(n.Subtotal) && !(n.Subtotal.IsZero() && n.Missing != MissingInherit) {
		t.Fatalf("%s: items add up to %s, subtotal %s", n.ID, sum, n.Subtotal)
	}
	if top && !n.Points.Equal(n.Subtotal) {
		t.Fatalf("top card: points %s, subtotal %s", n.Points, n.Subtotal)
	}
}

// drawRate draws num/den with den in [1, 200] (qualitytest.Rates).
func drawRate(t *rapid.T, label string) quality.Rate {
	return qualitytest.Rates(200).Draw(t, label)
}

// drawInputs draws inputs for the half-year card; some items are left out or
// undefined when missing is true.
func drawInputs(t *rapid.T, missing bool) Inputs {
	in := Inputs{}
	put := func(id string, v Input) {
		if missing && rapid.IntRange(0, 4).Draw(t, id+".absent") == 0 {
			return
		}
		in[id] = v
	}
	sat := drawRate(t, "satisfaction")
	put("satisfaction", RateInput(sat.Num, sat.Den))
	put("hotline", RateInput(drawRate(t, "hotline").Num, 200))
	put("key-accounts", FactsInput(quality.Facts{"key_account_complaints": rapid.IntRange(0, 8).Draw(t, "key")}))
	put("halls", CountInput(rapid.Int64Range(0, 15).Draw(t, "halls")))
	put("timeliness", RateInput(drawRate(t, "timeliness").Num, 200))
	last := drawRate(t, "last")
	last.Num = max(last.Num, 1) // a relative target needs last year's value above zero
	put("mobile-complaints", YearOnYearInput(last, drawRate(t, "this")))
	put("dial-tests", ValueInput(decimal.New(rapid.Int64Range(0, 1000).Draw(t, "dial"), -3)))
	checks := map[string]bool{}
	for _, c := range []string{"held", "minutes", "actions-closed", "effective"} {
		checks[c] = rapid.Bool().Draw(t, c)
	}
	put("meetings", ChecksInput(checks))
	put("supervisors", RateInput(drawRate(t, "supervisors").Num, 200))
	put("escalated", CountInput(rapid.Int64Range(0, 6).Draw(t, "escalated")))
	return in
}

// TestPropertyPointsWithinBoundsAndTotalsAddUp: every item's points are in
// [0, its max], and every card's total is the sum of its items, whatever the
// inputs and missing-input policy.
func TestPropertyPointsWithinBoundsAndTotalsAddUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		def := halfYearCard()
		policy := rapid.SampledFrom([]Missing{MissingFail, MissingZero, MissingRedistribute}).Draw(t, "policy")
		def.Missing = policy
		def.Items[1].Card.Missing = rapid.SampledFrom([]Missing{MissingInherit, MissingZero, MissingRedistribute}).Draw(t, "nested policy")
		def.Round = &Round{Mode: qualitytest.Roundings().Draw(t, "mode"), Places: int32(rapid.IntRange(0, 4).Draw(t, "places"))}
		s := MustScorecard(def, provincialSchema())
		r, err := s.Score("subject", drawInputs(t, policy != MissingFail))
		if err != nil {
			t.Skip(err) // every item missing under redistribution
		}
		checkTree(t, r.Tree, true)
		if !r.Points.Equal(r.Tree.Points) || r.Points.Cmp(r.Max) > 0 {
			t.Fatalf("result points %s, tree %s, max %s", r.Points, r.Tree.Points, r.Max)
		}
	})
}

// drawTarget draws a valid quality target: linear or steps, either
// direction, with or without baseline score, gate and cap.
func drawTarget(t *rapid.T) quality.Target {
	dir := rapid.SampledFrom([]quality.Direction{quality.HigherIsBetter, quality.LowerIsBetter}).Draw(t, "direction")
	b := rapid.Int64Range(0, 100).Draw(t, "baseline")
	c := b + rapid.Int64Range(1, 50).Draw(t, "span")
	if dir == quality.LowerIsBetter {
		b, c = c, b
	}
	tg := quality.Target{Baseline: decimal.New(b, -2), Challenge: decimal.New(c, -2), Direction: dir}
	switch rapid.IntRange(0, 2).Draw(t, "shape") {
	case 1:
		tg.BaselineScore = decimal.New(rapid.Int64Range(0, 99).Draw(t, "baseline score"), -2)
		tg.Gate = rapid.Bool().Draw(t, "gate")
		if rapid.Bool().Draw(t, "capped") {
			tg.Cap = decimal.New(rapid.Int64Range(100, 150).Draw(t, "cap"), -2)
		}
	case 2:
		mid := (b + c) / 2
		tg.Tiers = []quality.Tier{{At: tg.Baseline, Score: dec("0.3")}}
		if mid != b && mid != c {
			tg.Tiers = append(tg.Tiers, quality.Tier{At: decimal.New(mid, -2), Score: dec("0.6")})
		}
		tg.Tiers = append(tg.Tiers, quality.Tier{At: tg.Challenge, Score: dec("1")})
	}
	if err := tg.Validate(); err != nil {
		t.Fatalf("drew an invalid target %+v: %v", tg, err)
	}
	return tg
}

// TestPropertyBetterAttainmentNeverFewerPoints: for every method, a better
// input never scores fewer points, and the points stay within [0, max].
func TestPropertyBetterAttainmentNeverFewerPoints(t *testing.T) {
	schema := provincialSchema()
	var round Round // drawn once per case: both inputs are scored alike
	score := func(t *rapid.T, it Item, in Input) Node {
		s := MustScorecard(Card{ID: "card", Total: it.Points, Missing: MissingFail, Round: &round, Items: []Item{it}}, schema)
		r, err := s.Score("s", Inputs{it.ID: in})
		if err != nil {
			t.Fatal(err)
		}
		checkTree(t, r.Tree, true)
		return r.Tree.Items[0]
	}
	rapid.Check(t, func(t *rapid.T) {
		points := decimal.New(rapid.Int64Range(1, 1000).Draw(t, "points"), -1)
		round = Round{Mode: qualitytest.Roundings().Draw(t, "mode"), Places: int32(rapid.IntRange(0, 3).Draw(t, "places"))}
		var worse, better Node
		switch method := rapid.SampledFrom([]Method{MethodLinear, MethodDeduction, MethodYearOnYear, MethodChecklist, MethodRule}).Draw(t, "method"); method {
		case MethodLinear: // and steps
			it := Item{ID: "x", Points: points, Target: ptr(drawTarget(t))}
			a := decimal.New(rapid.Int64Range(-50, 200).Draw(t, "a"), -2)
			b := decimal.New(rapid.Int64Range(-50, 200).Draw(t, "b"), -2)
			if (a.Cmp(b) > 0) == (it.Target.Direction == quality.HigherIsBetter) {
				a, b = b, a
			}
			worse, better = score(t, it, ValueInput(a)), score(t, it, ValueInput(b))
			// Rates too, scored exactly.
			den := rapid.Int64Range(1, 300).Draw(t, "den")
			ra, rb := rapid.Int64Range(0, den).Draw(t, "ra"), rapid.Int64Range(0, den).Draw(t, "rb")
			if (ra > rb) == (it.Target.Direction == quality.HigherIsBetter) {
				ra, rb = rb, ra
			}
			w2, b2 := score(t, it, RateInput(ra, den)), score(t, it, RateInput(rb, den))
			if w2.Points.Cmp(b2.Points) > 0 {
				t.Fatalf("rate %d/%d scored %s, better %d/%d scored %s", ra, den, w2.Points, rb, den, b2.Points)
			}
		case MethodDeduction:
			it := Item{ID: "x", Points: points, Deduction: &Deduction{Per: decimal.New(rapid.Int64Range(1, 50).Draw(t, "per"), -1)}}
			n1, n2 := rapid.Int64Range(0, 40).Draw(t, "n1"), rapid.Int64Range(0, 40).Draw(t, "n2")
			worse, better = score(t, it, CountInput(max(n1, n2))), score(t, it, CountInput(min(n1, n2)))
		case MethodYearOnYear:
			it := Item{ID: "x", Points: points, YearOnYear: &YearOnYear{Change: decimal.New(-rapid.Int64Range(1, 90).Draw(t, "change"), -2), Per: 100}}
			last := drawRate(t, "last")
			last.Num = max(last.Num, 1)
			c1, c2 := rapid.Int64Range(0, 300).Draw(t, "c1"), rapid.Int64Range(0, 300).Draw(t, "c2")
			worse = score(t, it, YearOnYearInput(last, quality.Rate{Num: max(c1, c2), Den: 1000}))
			better = score(t, it, YearOnYearInput(last, quality.Rate{Num: min(c1, c2), Den: 1000}))
		case MethodChecklist:
			mode := rapid.SampledFrom([]ChecklistMode{ChecklistProportional, ChecklistAll}).Draw(t, "mode")
			it := Item{ID: "x", Points: points, Checklist: &Checklist{Checks: TenOnes(), Mode: mode}}
			w, b := map[string]bool{}, map[string]bool{}
			for _, c := range TenOnes() {
				w[c] = rapid.Bool().Draw(t, c)
				b[c] = w[c] || rapid.Bool().Draw(t, c+" improved")
			}
			worse, better = score(t, it, ChecksInput(w)), score(t, it, ChecksInput(b))
		case MethodRule:
			it := Item{ID: "x", Points: dec("10"), Rule: &Formula{Source: "10 - 2 * key_account_complaints"}}
			k1, k2 := rapid.IntRange(0, 10).Draw(t, "k1"), rapid.IntRange(0, 10).Draw(t, "k2")
			worse = score(t, it, FactsInput(quality.Facts{"key_account_complaints": max(k1, k2)}))
			better = score(t, it, FactsInput(quality.Facts{"key_account_complaints": min(k1, k2)}))
		}
		if worse.Points.Cmp(better.Points) > 0 {
			t.Fatalf("worse input scored %s, better %s\nworse:\n%s\nbetter:\n%s", worse.Points, better.Points, worse.Text(), better.Text())
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestPropertyBetterItemNeverLowersTheComposite: improving one item of the
// half-year card never lowers the total.
func TestPropertyBetterItemNeverLowersTheComposite(t *testing.T) {
	s := MustScorecard(halfYearCard(), provincialSchema())
	rapid.Check(t, func(t *rapid.T) {
		in := drawInputs(t, false)
		before, err := s.Score("s", in)
		if err != nil {
			t.Fatal(err)
		}
		// Improve one item to its best.
		best := fullMarks()
		best["satisfaction"] = RateInput(1, 1)
		id := rapid.SampledFrom(s.ItemIDs()).Draw(t, "item")
		in[id] = best[id]
		after, err := s.Score("s", in)
		if err != nil {
			t.Fatal(err)
		}
		if after.Points.Cmp(before.Points) < 0 {
			t.Fatalf("improving %s lowered the total from %s to %s", id, before.Points, after.Points)
		}
	})
}

// drawTariff draws a tariff with random rates, roundings, shares and caps.
func drawTariff(t *rapid.T) Tariff {
	modes := []quality.Rounding{quality.HalfUp, quality.HalfEven, quality.Down, quality.Up, quality.Floor, quality.Ceiling}
	tf := Tariff{ID: "t", Currency: "CNY"}
	for i, kind := range []string{"a", "b", "c"} {
		r := MoneyRule{ID: "rule-" + kind, Event: kind}
		r.Rates = []DatedRate{{Amount: decimal.New(rapid.Int64Range(-50000, 50000).Draw(t, "rate0"), -int32(rapid.IntRange(0, 4).Draw(t, "exp0")))}}
		if rapid.Bool().Draw(t, "dated") {
			r.Rates = append(r.Rates, DatedRate{From: day(2024, 7, 1, 0, 0, 0), Amount: decimal.New(rapid.Int64Range(-50000, 50000).Draw(t, "rate1"), -2)})
		}
		if rapid.Bool().Draw(t, "rounded") {
			r.Round = &Round{Mode: rapid.SampledFrom(modes).Draw(t, "mode"), Places: int32(rapid.IntRange(0, 3).Draw(t, "places"))}
		}
		if i < 2 {
			l := Liability{Role: "manager", Share: decimal.New(rapid.Int64Range(1, 1000).Draw(t, "share"), -3)}
			if rapid.Bool().Draw(t, "capped") {
				l.Cap = ptr(decimal.New(rapid.Int64Range(1, 5000).Draw(t, "cap"), -1))
			}
			r.Liability = []Liability{l}
		}
		tf.Rules = append(tf.Rules, r)
	}
	return tf
}

func drawEvents(t *rapid.T) []Event {
	n := rapid.IntRange(0, 60).Draw(t, "events")
	evs := make([]Event, n)
	for i := range evs {
		ev := Event{
			ID:      fmt.Sprintf("E%d", i),
			Kind:    rapid.SampledFrom([]string{"a", "b", "c", "unpriced"}).Draw(t, "kind"),
			Subject: rapid.SampledFrom([]string{"T-1", "T-2", "T-3"}).Draw(t, "subject"),
			At:      day(2024, 6, 1, 0, 0, 0).Add(time.Duration(rapid.Int64Range(0, 61*24).Draw(t, "hour")) * time.Hour),
			Units:   rapid.Int64Range(0, 5).Draw(t, "units"),
		}
		if rapid.Bool().Draw(t, "linked") {
			ev.Linked = []Link{{Role: "manager", Subject: rapid.SampledFrom([]string{"M-1", "M-2"}).Draw(t, "manager")}}
		}
		evs[i] = ev
	}
	return evs
}

// TestPropertyLedger: the ledger's total is the sum of its lines; every line
// is rounded as its rule declares (or limited by its cap); a reversal plus its
// original is zero; shards merged equal one pass in any order; the ledger and
// its lines round-trip through JSON.
func TestPropertyLedger(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := MustPoster(drawTariff(t))
		var lines []Line
		for _, ev := range drawEvents(t) {
			var err error
			if lines, err = p.AppendPost(lines, ev); err != nil {
				t.Fatal(err)
			}
		}
		sum := decimal.Zero
		perSubject := map[string]decimal.Decimal{}
		for _, l := range lines {
			sum = sum.Add(l.Amount)
			perSubject[l.Subject] = perSubject[l.Subject].Add(l.Amount)
			if l.Cap == nil {
				if !l.Amount.Equal(l.Round.Apply(l.Raw)) || l.Amount.Exponent() != -l.Round.Places {
					t.Fatalf("%s: amount %s is not %v of %s", l.ID, l.Amount, l.Round, l.Raw)
				}
			} else if !l.Amount.Abs().Equal(*l.Cap) || l.Round.Apply(l.Raw).Abs().Cmp(*l.Cap) <= 0 {
				t.Fatalf("%s: capped amount %s, cap %s, rounded %s", l.ID, l.Amount, l.Cap, l.Round.Apply(l.Raw))
			}
			if l.Ruleset != p.Version() || l.Event == "" || l.Rule == "" {
				t.Fatalf("line %+v does not reference its event, rule and ruleset", l)
			}
		}
		one, _ := NewLedger("CNY")
		if err := one.Add(lines...); err != nil {
			t.Fatal(err)
		}
		if !one.Total().Equal(sum) || one.Lines() != int64(len(lines)) {
			t.Fatalf("ledger total %s (%d lines), lines add up to %s (%d)", one.Total(), one.Lines(), sum, len(lines))
		}
		for s, want := range perSubject {
			if got := one.Account(s).Total; !got.Equal(want) {
				t.Fatalf("%s: account %s, lines %s", s, got, want)
			}
		}
		// Reverse some events' lines.
		var all []Line
		all = append(all, lines...)
		byEvent := map[string][]Line{}
		var events []string
		for _, l := range lines {
			if _, ok := byEvent[l.Event]; !ok {
				events = append(events, l.Event)
			}
			byEvent[l.Event] = append(byEvent[l.Event], l)
		}
		for _, e := range events {
			if !rapid.Bool().Draw(t, "reverse "+e) {
				continue
			}
			rev, err := Reverse(byEvent[e], Reversal{ID: "AP-" + e, Reason: ReasonAppealUpheld, At: day(2024, 9, 1, 0, 0, 0)})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rev {
				if !r.Amount.Add(byEvent[e][i].Amount).IsZero() || !r.Raw.Add(byEvent[e][i].Raw).IsZero() || !r.Rate.Equal(byEvent[e][i].Rate) {
					t.Fatalf("reversal %+v of %+v does not cancel it", r, byEvent[e][i])
				}
			}
			all = append(all, rev...)
		}
		// One pass over everything, shuffled; and shards merged.
		shuffled := slices.Clone(all)
		for i := len(shuffled) - 1; i > 0; i-- {
			j := rapid.IntRange(0, i).Draw(t, "swap")
			shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
		}
		ref, _ := NewLedger("CNY")
		if err := ref.Add(all...); err != nil {
			t.Fatal(err)
		}
		pass, _ := NewLedger("CNY")
		for _, l := range shuffled {
			if err := pass.Add(l); err != nil {
				t.Fatal(err)
			}
		}
		k := rapid.IntRange(1, 5).Draw(t, "shards")
		shards := make([]*Ledger, k)
		for i := range shards {
			shards[i], _ = NewLedger("CNY")
		}
		for _, l := range all {
			if err := shards[rapid.IntRange(0, k-1).Draw(t, "shard")].Add(l); err != nil {
				t.Fatal(err)
			}
		}
		merged, _ := NewLedger("CNY")
		for _, i := range rapid.Permutation([]int{0, 1, 2, 3, 4}[:k]).Draw(t, "merge order") {
			if err := merged.Merge(shards[i]); err != nil {
				t.Fatal(err)
			}
		}
		want := mustJSON(t, ref)
		if got := mustJSON(t, pass); got != want {
			t.Fatalf("shuffled pass:\n%s\nwant\n%s", got, want)
		}
		if got := mustJSON(t, merged); got != want {
			t.Fatalf("merged shards:\n%s\nwant\n%s", got, want)
		}
		var back Ledger
		if err := json.Unmarshal([]byte(want), &back); err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, &back); got != want {
			t.Fatalf("JSON round trip:\n%s\nwant\n%s", got, want)
		}
		if !back.Total().Equal(ref.Total()) {
			t.Fatalf("decoded total %s, want %s", back.Total(), ref.Total())
		}
		for _, l := range all {
			var lb Line
			if err := json.Unmarshal([]byte(mustJSON(t, l)), &lb); err != nil {
				t.Fatal(err)
			}
			if !cmp.Equal(l, lb) {
				t.Fatalf("line round trip: %s", cmp.Diff(l, lb))
			}
		}
	})
}

func mustJSON(t *rapid.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPropertyTallyMergeAndRanking: tallies of shards merged equal one tally;
// the tally round-trips through JSON; a ranking does not depend on the order
// of its entries.
func TestPropertyTallyMergeAndRanking(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		type answer struct {
			subject string
			ok      bool
		}
		answers := rapid.SliceOf(rapid.Custom(func(t *rapid.T) answer {
			return answer{rapid.SampledFrom([]string{"A", "B", "C", "D", "E"}).Draw(t, "subject"), rapid.Bool().Draw(t, "satisfied")}
		})).Draw(t, "answers")
		var one Tally
		shards := make([]Tally, 3)
		for _, a := range answers {
			if err := one.Add(a.subject, a.ok); err != nil {
				t.Fatal(err)
			}
			if err := shards[rapid.IntRange(0, 2).Draw(t, "shard")].Add(a.subject, a.ok); err != nil {
				t.Fatal(err)
			}
		}
		var merged Tally
		for i := range shards {
			if err := merged.Merge(&shards[i]); err != nil {
				t.Fatal(err)
			}
		}
		if !cmp.Equal(one.Entries(), merged.Entries()) {
			t.Fatalf("merged %v, one pass %v", merged.Entries(), one.Entries())
		}
		var back Tally
		if err := json.Unmarshal([]byte(mustJSON(t, &one)), &back); err != nil || !cmp.Equal(back.Entries(), one.Entries()) {
			t.Fatalf("JSON round trip: %v, %v", back.Entries(), err)
		}
		spec := rapid.SampledFrom([]RankSpec{
			{By: RankWilson, MinN: 2},
			{By: RankWilson, Direction: quality.LowerIsBetter},
			{By: RankBeta, Alpha: dec("9"), Beta: dec("1"), MinN: 1},
		}).Draw(t, "spec")
		entries := one.Entries()
		want, err := Rank(entries, spec)
		if err != nil {
			t.Fatal(err)
		}
		shuffled := rapid.Permutation(entries).Draw(t, "order")
		got, err := Rank(shuffled, spec)
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(want, got) {
			t.Fatalf("ranking depends on input order:\n%s", cmp.Diff(want, got))
		}
		for i := 1; i < len(want); i++ {
			if want[i].Position != 0 && want[i-1].Stat.Cmp(want[i].Stat)*map[bool]int{true: -1, false: 1}[spec.Direction == quality.LowerIsBetter] < 0 {
				t.Fatalf("%s (%s) ranked above %s (%s)", want[i-1].Subject, want[i-1].Stat, want[i].Subject, want[i].Stat)
			}
		}
	})
}
