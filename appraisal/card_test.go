package appraisal

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/quality"
)

// scoreOne scores a card holding only item (worth its points) and returns the
// item's node.
func scoreOne(t *testing.T, it Item, in Input, schema *quality.Schema) Node {
	t.Helper()
	s, err := NewScorecard(Card{ID: "c", Total: it.Points, Missing: MissingFail, Items: []Item{it}}, schema)
	if err != nil {
		t.Fatalf("NewScorecard: %v", err)
	}
	r, err := s.Score("s", Inputs{it.ID: in})
	if err != nil {
		t.Fatalf("Score: %v", err)
	}
	n, ok := r.Item(it.ID)
	if !ok {
		t.Fatalf("no node for %s", it.ID)
	}
	if !r.Points.Equal(n.Points) {
		t.Fatalf("card points %s != item points %s", r.Points, n.Points)
	}
	return n
}

// TestItemMethodsOperatorsFigures scores one item at a time with the figures
// of DOMAIN.md §4.
func TestItemMethodsOperatorsFigures(t *testing.T) {
	items := provincialItems()
	byID := map[string]Item{}
	for _, it := range items {
		byID[it.ID] = it
	}
	repair := Item{ID: "repair", Points: dec("40"), Target: repairSatisfaction()}
	install := Item{ID: "install", Points: dec("100"), Target: installSatisfaction()}
	floor2 := Item{ID: "hall-floor", Points: dec("10"), Deduction: &Deduction{Per: dec("1"), Floor: dec("2")}}
	tests := []struct {
		name string
		item Item
		in   Input
		want string
	}{
		// Repair satisfaction: baseline 90%, challenge 98% [000].
		{"repair 28 of 30 (93.33%)", repair, RateInput(28, 30), "16.67"},
		{"repair 94%", repair, ValueInput(dec("0.94")), "20.00"},
		{"repair at the challenge 98%", repair, ValueInput(dec("0.98")), "40.00"},
		{"repair above the challenge is capped", repair, RateInput(30, 30), "40.00"},
		{"repair below the baseline", repair, ValueInput(dec("0.89")), "0.00"},
		{"repair 14 of 15: one unhappy customer", repair, RateInput(14, 15), "16.67"},
		// Installation/move satisfaction: baseline 95%, challenge 100% [000].
		{"install 97%", install, ValueInput(dec("0.97")), "40.00"},
		{"install 19 of 20 (the baseline)", install, RateInput(19, 20), "0.00"},
		// Hotline: 60% of 35 points at 85% answered in 15 s, gated [001].
		{"hotline just below 85% (gated)", byID["hotline"], RateInput(849, 1000), "0.00"},
		{"hotline at 85%", byID["hotline"], RateInput(85, 100), "21.00"},
		{"hotline at 90%", byID["hotline"], RateInput(90, 100), "28.00"},
		// Steps.
		{"timeliness below the first tier", byID["timeliness"], ValueInput(dec("0.89")), "0.00"},
		{"timeliness at the first tier", byID["timeliness"], ValueInput(dec("0.90")), "4.00"},
		{"timeliness 96%", byID["timeliness"], RateInput(96, 100), "6.00"},
		{"timeliness 100%", byID["timeliness"], RateInput(50, 50), "8.00"},
		// Hall KPI: −1 point per detractor [001].
		{"halls, no detractor", byID["halls"], CountInput(0), "10.00"},
		{"halls, 3 detractors", byID["halls"], CountInput(3), "7.00"},
		{"halls, 12 detractors hit the floor 0", byID["halls"], CountInput(12), "0.00"},
		{"halls with floor 2", floor2, CountInput(12), "2.00"},
		// Installation complaints per hundred orders down 20% [001].
		{"complaints 1.5 → 1.2 per hundred (−20%)", byID["mobile-complaints"], YearOnYearInput(quality.Rate{Num: 15, Den: 1000}, quality.Rate{Num: 12, Den: 1000}), "4.00"},
		{"complaints 1.5 → 1.35 per hundred (−10%)", byID["mobile-complaints"], YearOnYearInput(quality.Rate{Num: 15, Den: 1000}, quality.Rate{Num: 27, Den: 2000}), "2.00"},
		{"complaints 1.5 → 1.6 per hundred (worse)", byID["mobile-complaints"], YearOnYearInput(quality.Rate{Num: 15, Den: 1000}, quality.Rate{Num: 16, Den: 1000}), "0.00"},
		{"complaints 1.5 → 1.0 per hundred (beyond)", byID["mobile-complaints"], YearOnYearInput(quality.Rate{Num: 15, Den: 1000}, quality.Rate{Num: 10, Den: 1000}), "4.00"},
		{"complaints as values", byID["mobile-complaints"], Input{PreviousValue: decp("1.5"), Value: decp("1.35")}, "2.00"},
		// The ten ones [000].
		{"ten ones, shoe covers forgotten, in proportion", tenOnesItem(ChecklistProportional), ChecksInput(tenOnesPassed("shoe-covers")), "9.00"},
		{"ten ones, shoe covers forgotten, all or nothing", tenOnesItem(ChecklistAll), ChecksInput(tenOnesPassed("shoe-covers")), "0.00"},
		{"ten ones, all passed, all or nothing", tenOnesItem(ChecklistAll), ChecksInput(tenOnesPassed()), "10.00"},
		// A policy writer's rule.
		{"rule: one key-account complaint", byID["key-accounts"], FactsInput(quality.Facts{"key_account_complaints": 1}), "8.00"},
		{"rule: six complaints, clamped at 0", byID["key-accounts"], FactsInput(quality.Facts{"key_account_complaints": 6}), "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := scoreOne(t, tt.item, tt.in, provincialSchema())
			if fixed(n.Points) != tt.want {
				t.Errorf("points = %s, want %s\n%s", fixed(n.Points), tt.want, n.Text())
			}
		})
	}
}

func tenOnesPassed(failed ...string) map[string]bool {
	m := map[string]bool{}
	for _, c := range TenOnes() {
		m[c] = true
	}
	for _, f := range failed {
		m[f] = false
	}
	return m
}

// TestProvincialCardDeclares100ButItemsAdd94 is the figure DOMAIN.md calls
// out: the card must be refused, not silently normalised.
func TestProvincialCardDeclares100ButItemsAdd94(t *testing.T) {
	_, err := NewScorecard(provincialCard(false), provincialSchema())
	if !errors.Is(err, ErrTotalMismatch) || !errors.Is(err, ErrInvalidCard) {
		t.Fatalf("err = %v, want ErrTotalMismatch", err)
	}
	var te *TotalError
	if !errors.As(err, &te) {
		t.Fatalf("err = %T, want *TotalError", err)
	}
	if !te.Sum.Equal(dec("94")) || !te.Declared.Equal(dec("100")) || te.Card != "provincial" || len(te.Items) != 9 {
		t.Errorf("TotalError = %+v", te)
	}
	for _, want := range []string{"add up to 94", "declared total 100", "6 short", "hotline 35", "normalize"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	// Nested in the half-year card without normalisation, the path says where.
	half := halfYearCard()
	half.Items[1].Card.Normalize = false
	_, err = NewScorecard(half, provincialSchema())
	if !errors.As(err, &te) || te.Card != "half-year/provincial" {
		t.Fatalf("nested: err = %v", err)
	}
	// A card that says so is normalised: at full marks the rounded items add
	// up to 100.01 (37.23 + 4 × 10.64 + 8.51 + 2 × 4.26 + 3.19), and the
	// explanation shows the scale 100/94.
	s, err := NewScorecard(provincialCard(true), provincialSchema())
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Score("branch", fullMarks())
	if err != nil {
		t.Fatal(err)
	}
	if fixed(r.Points) != "100.01" {
		t.Errorf("normalised full marks = %s, want 100.01\n%s", fixed(r.Points), r.Tree.Text())
	}
	if !strings.Contains(r.Tree.Text(), "normalised: total 100 ÷ present items' points 94") {
		t.Errorf("explanation does not show the normalisation:\n%s", r.Tree.Text())
	}
}

func fullMarks() Inputs {
	return Inputs{
		"hotline":           RateInput(95, 100),
		"key-accounts":      FactsInput(quality.Facts{"key_account_complaints": 0}),
		"halls":             CountInput(0),
		"timeliness":        RateInput(1, 1),
		"mobile-complaints": YearOnYearInput(quality.Rate{Num: 15, Den: 1000}, quality.Rate{Num: 12, Den: 1000}),
		"dial-tests":        ValueInput(dec("1")),
		"meetings":          ChecksInput(map[string]bool{"held": true, "minutes": true, "actions-closed": true, "effective": true}),
		"supervisors":       RateInput(10, 10),
		"escalated":         CountInput(0),
	}
}

// TestHalfYearComposite: 40% customer satisfaction, 60% the provincial card.
func TestHalfYearComposite(t *testing.T) {
	s, err := NewScorecard(halfYearCard(), provincialSchema())
	if err != nil {
		t.Fatal(err)
	}
	in := provincialInputs()
	in["satisfaction"] = RateInput(28, 30)
	r, err := s.Score("branch-7", in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"half-year":         "61.47",
		"satisfaction":      "16.67", // 5/12 of 40
		"provincial":        "44.80", // 74.66 of 100, scaled to 60
		"hotline":           "29.79", // 0.8 × 35 × 100/94
		"key-accounts":      "8.51",
		"halls":             "7.45",
		"timeliness":        "6.38",
		"mobile-complaints": "2.84", // −13.33% of −20%
		"dial-tests":        "2.13",
		"meetings":          "7.98",
		"supervisors":       "1.60",
		"escalated":         "7.98",
	}
	for id, w := range want {
		n, ok := r.Item(id)
		if !ok {
			t.Errorf("no node %s", id)
			continue
		}
		if fixed(n.Points) != w {
			t.Errorf("%s = %s, want %s", id, fixed(n.Points), w)
		}
	}
	if fixed(r.Points) != "61.47" || r.Ruleset != s.Version() || r.Subject != "branch-7" || r.Card != "half-year" {
		t.Errorf("result = %+v", r)
	}
	prov, _ := r.Item("provincial")
	if !strings.Contains(prov.Text(), "card: 74.66 of 100") {
		t.Errorf("nested card's own score not explained:\n%s", prov.Text())
	}
}

func TestMissingInputPolicies(t *testing.T) {
	schema := provincialSchema()
	t.Run("fail lists every missing item", func(t *testing.T) {
		s := MustScorecard(provincialCard(true), schema)
		in := provincialInputs()
		delete(in, "halls")
		in["dial-tests"] = Input{}      // empty: missing
		in["hotline"] = RateInput(0, 0) // nobody called: undefined
		_, err := s.Score("branch-3", in)
		var me *MissingError
		if !errors.As(err, &me) || !errors.Is(err, ErrMissingInput) {
			t.Fatalf("err = %v", err)
		}
		want := []string{"provincial/hotline", "provincial/halls", "provincial/dial-tests"}
		if strings.Join(me.Items, ",") != strings.Join(want, ",") || me.Subject != "branch-3" {
			t.Errorf("missing = %v, want %v", me.Items, want)
		}
	})
	t.Run("zero scores the item 0 and keeps its share", func(t *testing.T) {
		c := provincialCard(true)
		c.Missing = MissingZero
		s := MustScorecard(c, schema)
		in := provincialInputs()
		delete(in, "halls")
		r, err := s.Score("branch-3", in)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := r.Item("halls")
		if !n.Points.IsZero() || fixed(n.Full) != "10.64" || n.Missing != MissingZero {
			t.Errorf("halls = %+v", n)
		}
		if fixed(r.Points) != "67.21" { // 74.66 − 7.45
			t.Errorf("total = %s, want 67.21", fixed(r.Points))
		}
	})
	t.Run("redistribute shares the missing item's points", func(t *testing.T) {
		c := Card{ID: "card", Total: dec("100"), Missing: MissingRedistribute, Items: []Item{
			{ID: "a", Points: dec("50"), Target: repairSatisfaction()},
			{ID: "b", Points: dec("30"), Target: repairSatisfaction()},
			{ID: "c", Points: dec("20"), Target: repairSatisfaction()},
		}}
		s := MustScorecard(c, nil)
		r, err := s.Score("t", Inputs{"a": ValueInput(dec("0.98")), "c": ValueInput(dec("0.94"))})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := r.Item("a")
		b, _ := r.Item("b")
		cc, _ := r.Item("c")
		// a: 50 × 100/70 = 71.43; c: 0.5 × 20 × 100/70 = 14.29.
		if fixed(a.Points) != "71.43" || fixed(cc.Points) != "14.29" || !b.Points.IsZero() || b.Missing != MissingRedistribute {
			t.Errorf("a %s, b %s (%v), c %s", a.Points, b.Points, b.Missing, cc.Points)
		}
		if fixed(r.Points) != "85.72" {
			t.Errorf("total %s, want 85.72", r.Points)
		}
		// Every item missing: the card cannot be scored.
		_, err = s.Score("t", Inputs{})
		var me *MissingError
		if !errors.As(err, &me) || len(me.Items) != 3 {
			t.Errorf("all missing: err = %v", err)
		}
	})
	t.Run("an item overrides its card's policy", func(t *testing.T) {
		c := Card{ID: "c", Total: dec("10"), Missing: MissingFail, Items: []Item{
			{ID: "a", Points: dec("5"), Target: repairSatisfaction()},
			{ID: "b", Points: dec("5"), Missing: MissingZero, Target: repairSatisfaction()},
		}}
		r, err := MustScorecard(c, nil).Score("t", Inputs{"a": ValueInput(dec("0.98"))})
		if err != nil || fixed(r.Points) != "5.00" {
			t.Errorf("points %v, err %v", r.Points, err)
		}
	})
	t.Run("a nested card entirely missing is redistributed in its parent", func(t *testing.T) {
		c := Card{ID: "c", Total: dec("100"), Missing: MissingRedistribute, Items: []Item{
			{ID: "sat", Weight: dec("0.4"), Target: repairSatisfaction()},
			{ID: "sub", Weight: dec("0.6"), Card: &Card{Total: dec("10"), Items: []Item{{ID: "x", Points: dec("10"), Target: repairSatisfaction()}}}},
		}}
		r, err := MustScorecard(c, nil).Score("t", Inputs{"sat": ValueInput(dec("0.94"))})
		if err != nil || fixed(r.Points) != "50.00" {
			t.Errorf("points %v, err %v", r.Points, err)
		}
	})
}

func TestInputErrors(t *testing.T) {
	s := MustScorecard(provincialCard(true), provincialSchema())
	tests := []struct {
		name string
		edit func(Inputs)
		want string
	}{
		{"unknown item", func(in Inputs) { in["hotlines"] = RateInput(1, 2) }, "hotlines: no such item"},
		{"count on a target", func(in Inputs) { in["hotline"] = CountInput(3) }, "does not read count"},
		{"value and rate", func(in Inputs) {
			v := dec("0.9")
			in["hotline"] = Input{Value: &v, Rate: &quality.Rate{Num: 1, Den: 2}}
		}, "both value and rate"},
		{"negative count", func(in Inputs) { in["halls"] = CountInput(-1) }, "negative count"},
		{"negative rate", func(in Inputs) { in["hotline"] = RateInput(-1, 2) }, "negative count"},
		{"unknown check", func(in Inputs) { in["meetings"] = ChecksInput(map[string]bool{"held": true, "pizza": true}) }, "no such checks: pizza"},
		{"unrecorded check", func(in Inputs) { in["meetings"] = ChecksInput(map[string]bool{"held": true}) }, "checks not recorded: minutes"},
		{"rule fact of the wrong type", func(in Inputs) { in["key-accounts"] = FactsInput(quality.Facts{"key_account_complaints": "one"}) }, "rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := provincialInputs()
			tt.edit(in)
			_, err := s.Score("branch", in)
			var ie *InputError
			if !errors.As(err, &ie) || !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want an InputError containing %q", err, tt.want)
			}
		})
	}
}

func TestDefinitionErrors(t *testing.T) {
	target := repairSatisfaction()
	ok := func() Item { return Item{ID: "a", Points: dec("10"), Target: target} }
	card := func(items ...Item) Card { return Card{ID: "c", Total: dec("10"), Missing: MissingFail, Items: items} }
	tests := []struct {
		name  string
		def   Card
		field string // in the message
	}{
		{"no id", Card{Total: dec("10"), Missing: MissingFail, Items: []Item{ok()}}, "id: a card needs an id"},
		{"no missing policy", Card{ID: "c", Total: dec("10"), Items: []Item{ok()}}, "missing"},
		{"no items", card(), "items"},
		{"zero total", Card{ID: "c", Missing: MissingFail, Items: []Item{ok()}}, "total"},
		{"points and weight", card(Item{ID: "a", Points: dec("10"), Weight: dec("1"), Target: target}), "both points and weight"},
		{"neither points nor weight", card(Item{ID: "a", Target: target}), "neither points nor weight"},
		{"weight above 1", card(Item{ID: "a", Weight: dec("1.5"), Target: target}), "weight"},
		{"no method", card(Item{ID: "a", Points: dec("10")}), "no scoring method"},
		{"two methods", card(Item{ID: "a", Points: dec("10"), Target: target, Deduction: &Deduction{Per: dec("1")}}), "2 scoring methods"},
		{"target backwards", card(Item{ID: "a", Points: dec("10"), Target: &quality.Target{Baseline: dec("0.98"), Challenge: dec("0.9"), Direction: quality.HigherIsBetter}}), "target"},
		{"deduction per 0", card(Item{ID: "a", Points: dec("10"), Deduction: &Deduction{}}), "deduction.per"},
		{"deduction floor at the points", card(Item{ID: "a", Points: dec("10"), Deduction: &Deduction{Per: dec("1"), Floor: dec("10")}}), "deduction.floor"},
		{"year on year without change", card(Item{ID: "a", Points: dec("10"), YearOnYear: &YearOnYear{}}), "year_on_year"},
		{"checklist duplicate", card(Item{ID: "a", Points: dec("10"), Checklist: &Checklist{Checks: []string{"cap", "cap"}, Mode: ChecklistAll}}), "checklist.checks[1]"},
		{"checklist without mode", card(Item{ID: "a", Points: dec("10"), Checklist: &Checklist{Checks: TenOnes()}}), "checklist.mode"},
		{"rule without schema", card(Item{ID: "a", Points: dec("10"), Rule: &Formula{Source: "1"}}), "no facts schema"},
		{"duplicate ids across nested cards", Card{ID: "c", Total: dec("10"), Missing: MissingFail, Items: []Item{
			{ID: "a", Points: dec("5"), Target: target},
			{ID: "n", Points: dec("5"), Card: &Card{Total: dec("5"), Items: []Item{{ID: "a", Points: dec("5"), Target: target}}}},
		}}, "already used by c/a"},
		{"slash in id", card(Item{ID: "a/b", Points: dec("10"), Target: target}), "no slashes"},
		{"item named like the card", card(Item{ID: "c", Points: dec("10"), Target: target}), "already used by c"},
		{"bad rounding", Card{ID: "c", Total: dec("10"), Missing: MissingFail, Round: &Round{Places: 2}, Items: []Item{ok()}}, "round"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewScorecard(tt.def, nil)
			if !errors.Is(err, ErrInvalidCard) || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("err = %v, want ErrInvalidCard mentioning %q", err, tt.field)
			}
		})
	}
}

func TestDefinitionErrorsAreAllReported(t *testing.T) {
	c := provincialCard(false)
	c.Items[0].Target = &quality.Target{Baseline: dec("0.9"), Challenge: dec("0.9"), Direction: quality.HigherIsBetter}
	c.Items[1].Rule = &Formula{Source: "10 - key_acount_complaints"}
	c.Items[2].Deduction = &Deduction{}
	_, err := NewScorecard(c, provincialSchema())
	var es Errors
	if !errors.As(err, &es) || len(es) != 4 { // target, rule, deduction, total
		t.Fatalf("err = %v", err)
	}
	var qe *quality.Error
	if !errors.As(err, &qe) || qe.Line != 1 {
		t.Errorf("the rule's compile error with its position is not reachable: %v", err)
	}
	var te *quality.TargetError
	if !errors.As(err, &te) {
		t.Errorf("the target's error is not reachable: %v", err)
	}
	if !errors.Is(err, ErrTotalMismatch) {
		t.Errorf("the total mismatch is not reported alongside: %v", err)
	}
}

func TestVersionHash(t *testing.T) {
	a := MustScorecard(halfYearCard(), provincialSchema())
	b := MustScorecard(halfYearCard(), provincialSchema())
	if a.Version() != b.Version() || !strings.HasPrefix(a.Version(), "sha256:") || len(a.Version()) != len("sha256:")+64 {
		t.Fatalf("versions %s, %s", a.Version(), b.Version())
	}
	changed := halfYearCard()
	changed.Items[1].Card.Items[2].Deduction = &Deduction{Per: dec("2")}
	if c := MustScorecard(changed, provincialSchema()); c.Version() == a.Version() {
		t.Error("changing a deduction did not change the version")
	}
	// Trailing zeros are not a change: 0.90 and 0.9 are the same figure.
	zeros := halfYearCard()
	zeros.Items[0].Target = &quality.Target{Baseline: dec("0.900"), Challenge: dec("0.980"), Direction: quality.HigherIsBetter}
	if c := MustScorecard(zeros, provincialSchema()); c.Version() != a.Version() {
		t.Error("0.900 and 0.9 gave different versions")
	}
	// The card survives a JSON round trip with the same version.
	data, err := json.Marshal(halfYearCard())
	if err != nil {
		t.Fatal(err)
	}
	var back Card
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if c := MustScorecard(back, provincialSchema()); c.Version() != a.Version() {
		t.Errorf("JSON round trip changed the version:\n%s", data)
	}
	// The schema is part of the ruleset.
	other := quality.MustSchema(quality.Field{Name: "key_account_complaints", Kind: quality.KindDecimal})
	if c := MustScorecard(halfYearCard(), other); c.Version() == a.Version() {
		t.Error("a different facts schema gave the same version")
	}
}

func TestRoundingDeclaredPerCard(t *testing.T) {
	c := Card{ID: "c", Total: dec("40"), Missing: MissingFail, Round: &Round{Mode: quality.Down, Places: 0}, Items: []Item{
		{ID: "repair", Points: dec("40"), Target: repairSatisfaction()},
	}}
	r, err := MustScorecard(c, nil).Score("t", Inputs{"repair": RateInput(28, 30)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Points.String() != "16" { // 16.67 truncated to whole points
		t.Errorf("points %s, want 16", r.Points)
	}
}

func TestResultJSONRoundTrip(t *testing.T) {
	in := provincialInputs()
	in["satisfaction"] = RateInput(28, 30)
	delete(in, "halls")
	c := halfYearCard()
	c.Items[1].Card.Missing = MissingRedistribute // the nested card's own policy
	r, err := MustScorecard(c, provincialSchema()).Score("branch-7", in)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), `{"version":1,"subject":"branch-7"`) {
		t.Errorf("JSON starts %.60s", data)
	}
	var back Result
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if back.Tree.Text() != r.Tree.Text() {
		t.Error("the decoded explanation renders differently")
	}
	for _, bad := range []string{strings.Replace(string(data), `"version":1`, `"version":9`, 1), strings.Replace(string(data), `"subject"`, `"who":1,"subject"`, 1)} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("accepted %.80s", bad)
		}
	}
	halls, _ := back.Item("halls")
	if halls.Missing != MissingRedistribute {
		t.Errorf("halls: %+v", halls)
	}
}
