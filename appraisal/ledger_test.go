package appraisal

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/quality"
)

func amounts(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Subject + " " + fixed(l.Amount)
	}
	return out
}

// TestRated10RateChangesInJuly: +10 yuan per customer who rates 10 until 30
// June, +20 from 1 July [000]. The boundary is midnight in China.
func TestRated10RateChangesInJuly(t *testing.T) {
	p := MustPoster(incentives())
	tests := []struct {
		at   time.Time
		want string
	}{
		{day(2024, 6, 22, 10, 0, 0), "10.00"},
		{day(2024, 6, 30, 23, 59, 59), "10.00"},
		{day(2024, 7, 1, 0, 0, 0), "20.00"},
		{time.Date(2024, 6, 30, 16, 0, 0, 0, time.UTC), "20.00"}, // the same instant in UTC
		{time.Date(2024, 6, 30, 15, 59, 59, 0, time.UTC), "10.00"},
		{day(2024, 7, 31, 18, 0, 0), "20.00"},
	}
	for _, tt := range tests {
		lines, err := p.Post(Event{ID: "WO-1", Kind: "rated_10", Subject: "T-0412", At: tt.at})
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 1 || fixed(lines[0].Amount) != tt.want {
			t.Errorf("%s: %v, want %s", tt.at, amounts(lines), tt.want)
		}
	}
	// Three orders in one event.
	lines, _ := p.Post(Event{ID: "WO-2", Kind: "rated_10", Subject: "T-0412", At: day(2024, 7, 2, 9, 0, 0), Units: 3})
	if fixed(lines[0].Amount) != "60.00" || lines[0].Units != 3 || !lines[0].Effective.Equal(day(2024, 7, 1, 0, 0, 0)) {
		t.Errorf("three units: %+v", lines[0])
	}
}

// TestDissatisfiedPenaltyWithLinkedManagers: −100 yuan per dissatisfied
// customer, −200 from June, charged also to linked managers [000].
func TestDissatisfiedPenaltyWithLinkedManagers(t *testing.T) {
	p := MustPoster(incentives())
	links := []Link{{Role: "station-head", Subject: "M-07"}, {Role: "county-manager", Subject: "C-02"}, {Role: "branch-head", Subject: "B-01"}}
	may, err := p.Post(Event{ID: "WO-10/callback", Kind: "callback_dissatisfied", Subject: "T-0412", At: day(2024, 5, 20, 15, 0, 0), Linked: links})
	if err != nil {
		t.Fatal(err)
	}
	june, err := p.Post(Event{ID: "WO-11/callback", Kind: "callback_dissatisfied", Subject: "T-0412", At: day(2024, 6, 3, 15, 0, 0), Linked: links})
	if err != nil {
		t.Fatal(err)
	}
	// May: −100, station head half (−50), county manager a fifth (−20).
	// June: −200, −100, and −40 capped at −30. The branch head's role is not
	// charged by the rule.
	if diff := cmp.Diff([]string{"T-0412 -100.00", "M-07 -50.00", "C-02 -20.00"}, amounts(may)); diff != "" {
		t.Errorf("May (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"T-0412 -200.00", "M-07 -100.00", "C-02 -30"}, amounts(june)); diff != "" {
		t.Errorf("June (-want +got):\n%s", diff)
	}
	src := june[0]
	if src.ID != "WO-11/callback/callback-dissatisfied" || src.Kind != LineDirect || src.Rule != "callback-dissatisfied" || src.Event != "WO-11/callback" || src.Ruleset != p.Version() || src.Currency != "CNY" {
		t.Errorf("source line = %+v", src)
	}
	for _, d := range june[1:] {
		if d.Kind != LineLinked || d.Source != src.ID || d.Event != src.Event || d.Rule != src.Rule || d.Ruleset != p.Version() {
			t.Errorf("linked line does not reference its source: %+v", d)
		}
	}
	if june[2].Cap == nil || !june[2].Cap.Equal(dec("30")) || !june[2].Raw.Equal(dec("-40")) || june[1].Cap != nil {
		t.Errorf("cap not recorded: %+v / %+v", june[2], june[1])
	}
}

// TestAppealReversesAtTheOriginalRate: a June penalty appealed in August,
// after the tariff raised the penalty again, is given back at −200.
func TestAppealReversesAtTheOriginalRate(t *testing.T) {
	june := MustPoster(incentives())
	orig, err := june.Post(Event{ID: "WO-11/callback", Kind: "callback_dissatisfied", Subject: "T-0412", At: day(2024, 6, 3, 15, 0, 0),
		Linked: []Link{{Role: "station-head", Subject: "M-07"}, {Role: "county-manager", Subject: "C-02"}}})
	if err != nil {
		t.Fatal(err)
	}
	// In August the rule is −300; the tariff's version changes.
	t2 := incentives()
	t2.Rules[0].Rates = []DatedRate{{Amount: dec("-300")}}
	aug := MustPoster(t2)
	if aug.Version() == june.Version() {
		t.Fatal("tariff change kept the version")
	}
	rev, err := Reverse(orig, Reversal{ID: "APPEAL-88", Reason: ReasonAppealUpheld, At: day(2024, 8, 12, 10, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"T-0412 200.00", "M-07 100.00", "C-02 30"}, amounts(rev)); diff != "" {
		t.Errorf("reversal (-want +got):\n%s", diff)
	}
	for i, r := range rev {
		if r.Kind != LineReversal || r.Source != orig[i].ID || !r.Rate.Equal(dec("-200")) || r.Ruleset != june.Version() || r.Reason != ReasonAppealUpheld || r.Reversal != "APPEAL-88" {
			t.Errorf("reversal line %d = %+v", i, r)
		}
		if !r.Amount.Add(orig[i].Amount).IsZero() {
			t.Errorf("line %d: %s + %s != 0", i, orig[i].Amount, r.Amount)
		}
	}
	l, _ := NewLedger("CNY")
	if err := l.Add(orig...); err != nil {
		t.Fatal(err)
	}
	if err := l.Add(rev...); err != nil {
		t.Fatal(err)
	}
	if !l.Total().IsZero() || !l.Account("T-0412").Total.IsZero() || l.Lines() != 6 {
		t.Errorf("after the appeal: total %s, T-0412 %s, lines %d", l.Total(), l.Account("T-0412").Total, l.Lines())
	}
	if by, ok := l.Reversed(orig[0].ID); !ok || by != rev[0].ID {
		t.Errorf("Reversed = %q, %v", by, ok)
	}
	// A second appeal on the same lines is refused.
	again, _ := Reverse(orig, Reversal{ID: "APPEAL-89", Reason: ReasonReclassified, At: day(2024, 8, 13, 10, 0, 0)})
	if err := l.Add(again...); !errors.Is(err, ErrAlreadyReversed) {
		t.Errorf("second reversal: %v", err)
	}
	// Reversals are not reversed.
	if _, err := Reverse(rev, Reversal{ID: "X", Reason: ReasonReclassified, At: day(2024, 9, 1, 0, 0, 0)}); !errors.Is(err, ErrInvalidReversal) {
		t.Errorf("reversing a reversal: %v", err)
	}
}

func TestRoundingDeclaredPerRule(t *testing.T) {
	tariff := Tariff{ID: "t", Currency: "CNY", Rules: []MoneyRule{
		{ID: "default", Event: "e", Rates: []DatedRate{{Amount: dec("12.345")}}},
		{ID: "bank", Event: "e", Rates: []DatedRate{{Amount: dec("12.345")}}, Round: &Round{Mode: quality.HalfEven, Places: 2}},
		{ID: "yuan-down", Event: "e", Rates: []DatedRate{{Amount: dec("12.345")}}, Round: &Round{Mode: quality.Down, Places: 0}},
		{ID: "penalty-floor", Event: "e", Rates: []DatedRate{{Amount: dec("-12.345")}}, Round: &Round{Mode: quality.Floor, Places: 1}},
		{ID: "share", Event: "e", Rates: []DatedRate{{Amount: dec("-100")}}, Liability: []Liability{{Role: "m", Share: dec("0.333")}}},
	}}
	lines, err := MustPoster(tariff).Post(Event{ID: "E", Kind: "e", Subject: "S", At: day(2024, 7, 1, 0, 0, 0), Linked: []Link{{Role: "m", Subject: "M"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"S 12.35", "S 12.34", "S 12", "S -12.4", "S -100.00", "M -33.30"}
	if diff := cmp.Diff(want, amounts(lines)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, l := range lines {
		if l.Cap == nil && !l.Amount.Equal(l.Round.Apply(l.Raw)) {
			t.Errorf("%s: %s is not %v of %s", l.ID, l.Amount, l.Round, l.Raw)
		}
	}
}

func TestTariffErrors(t *testing.T) {
	good := incentives()
	tests := []struct {
		name string
		edit func(*Tariff)
		want string
	}{
		{"currency", func(t *Tariff) { t.Currency = "yuan" }, "currency"},
		{"no rules", func(t *Tariff) { t.Rules = nil }, "at least one rule"},
		{"duplicate rule", func(t *Tariff) { t.Rules[1].ID = t.Rules[0].ID }, "used by another rule"},
		{"rates out of order", func(t *Tariff) {
			t.Rules[1].Rates = []DatedRate{{From: day(2024, 7, 1, 0, 0, 0), Amount: dec("20")}, {From: day(2024, 6, 1, 0, 0, 0), Amount: dec("10")}}
		}, "rates[1].from"},
		{"no rates", func(t *Tariff) { t.Rules[1].Rates = nil }, "at least one rate"},
		{"share above 1", func(t *Tariff) { t.Rules[0].Liability[0].Share = dec("1.5") }, "liability[0].share"},
		{"zero cap", func(t *Tariff) { t.Rules[0].Liability[1].Cap = decp("0") }, "liability[1].cap"},
		{"duplicate role", func(t *Tariff) { t.Rules[0].Liability[1].Role = "station-head" }, "listed twice"},
		{"bad rounding", func(t *Tariff) { t.Rules[0].Round = &Round{Mode: quality.HalfUp, Places: 12} }, "places 12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := incentives()
			tt.edit(&def)
			_, err := NewPoster(def)
			if !errors.Is(err, ErrInvalidTariff) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrInvalidTariff mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := NewPoster(good); err != nil {
		t.Fatal(err)
	}
}

func TestTariffVersion(t *testing.T) {
	a := MustPoster(incentives())
	if b := MustPoster(incentives()); a.Version() != b.Version() {
		t.Error("equal tariffs, different versions")
	}
	utc := incentives()
	for i := range utc.Rules {
		for j := range utc.Rules[i].Rates {
			utc.Rules[i].Rates[j].From = utc.Rules[i].Rates[j].From.UTC()
		}
	}
	if b := MustPoster(utc); a.Version() != b.Version() {
		t.Error("the same instants written in UTC changed the version")
	}
	raised := incentives()
	raised.Rules[1].Rates[1].Amount = dec("25")
	if b := MustPoster(raised); a.Version() == b.Version() {
		t.Error("a new rate kept the version")
	}
}

func TestEventErrors(t *testing.T) {
	// A tariff whose first rate starts on 1 June: May has no rate.
	def := incentives()
	def.Rules[0].Rates = def.Rules[0].Rates[1:]
	p := MustPoster(def)
	at := day(2024, 6, 5, 0, 0, 0)
	tests := []struct {
		ev   Event
		want error
	}{
		{Event{Kind: "callback_dissatisfied", Subject: "T", At: at}, ErrInvalidEvent},
		{Event{ID: "E", Kind: "callback_dissatisfied", At: at}, ErrInvalidEvent},
		{Event{ID: "E", Kind: "callback_dissatisfied", Subject: "T", At: at, Units: -1}, ErrInvalidEvent},
		{Event{ID: "E", Kind: "callback_dissatisfied", Subject: "T"}, ErrInvalidEvent},
		{Event{ID: "E", Kind: "callback_dissatisfied", Subject: "T", At: day(2024, 5, 31, 23, 0, 0)}, ErrNoRate},
		{Event{ID: "E", Kind: "callback_dissatisfied", Subject: "T", At: at, Linked: []Link{{Role: "station-head"}}}, ErrInvalidEvent},
		{Event{ID: "E", Kind: "callback_dissatisfied", Subject: "T", At: at, Linked: []Link{{Role: "station-head", Subject: "M"}, {Role: "station-head", Subject: "M"}}}, ErrInvalidEvent},
	}
	for _, tt := range tests {
		buf := []Line{{ID: "kept"}}
		got, err := p.AppendPost(buf, tt.ev)
		if !errors.Is(err, tt.want) || len(got) != 1 {
			t.Errorf("%+v: err = %v, lines %d; want %v and dst unchanged", tt.ev, err, len(got), tt.want)
		}
	}
	// An event no rule prices makes no lines and is not an error.
	if lines, err := p.Post(Event{ID: "E", Kind: "installed", Subject: "T", At: at}); err != nil || len(lines) != 0 {
		t.Errorf("unpriced event: %v, %v", lines, err)
	}
}

func TestLedgerRefusals(t *testing.T) {
	l, err := NewLedger("CNY")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewLedger("rmb"); !errors.Is(err, ErrCurrency) {
		t.Errorf("NewLedger(rmb): %v", err)
	}
	lines, _ := MustPoster(incentives()).Post(Event{ID: "E", Kind: "rated_10", Subject: "T", At: day(2024, 7, 1, 0, 0, 0)})
	usd := lines[0]
	usd.Currency = "USD"
	if err := l.Add(lines[0], usd); !errors.Is(err, ErrCurrency) || l.Lines() != 0 {
		t.Errorf("mixed currencies: %v, %d lines added", err, l.Lines())
	}
	other, _ := NewLedger("USD")
	if err := l.Merge(other); !errors.Is(err, ErrCurrency) {
		t.Errorf("merging USD into CNY: %v", err)
	}
}

func TestLedgerJSON(t *testing.T) {
	p := MustPoster(incentives())
	l, _ := NewLedger("CNY")
	var all []Line
	for i, ev := range []Event{
		{ID: "A", Kind: "rated_10", Subject: "T-1", At: day(2024, 6, 30, 12, 0, 0)},
		{ID: "B", Kind: "rated_10", Subject: "T-1", At: day(2024, 7, 1, 12, 0, 0)},
		{ID: "C", Kind: "callback_dissatisfied", Subject: "T-2", At: day(2024, 7, 2, 12, 0, 0), Linked: []Link{{Role: "station-head", Subject: "M-1"}}},
	} {
		lines, err := p.Post(ev)
		if err != nil {
			t.Fatal(i, err)
		}
		all = append(all, lines...)
	}
	rev, _ := Reverse(all[len(all)-2:], Reversal{ID: "AP-1", Reason: ReasonAppealUpheld, At: day(2024, 8, 1, 0, 0, 0)})
	all = append(all, rev...)
	if err := l.Add(all...); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"version":1,"currency":"CNY","lines":6,"total":"30","accounts":[` +
		`{"subject":"M-1","total":"0","lines":2,"rules":[{"rule":"callback-dissatisfied","kind":"linked","lines":1,"amount":"-100"},{"rule":"callback-dissatisfied","kind":"reversal","lines":1,"amount":"100"}]},` +
		`{"subject":"T-1","total":"30","lines":2,"rules":[{"rule":"rated-10","kind":"direct","lines":2,"amount":"30"}]},` +
		`{"subject":"T-2","total":"0","lines":2,"rules":[{"rule":"callback-dissatisfied","kind":"direct","lines":1,"amount":"-200"},{"rule":"callback-dissatisfied","kind":"reversal","lines":1,"amount":"200"}]}],` +
		`"reversed":[{"line":"C/callback-dissatisfied","by":"C/callback-dissatisfied/reversed:AP-1"},{"line":"C/callback-dissatisfied/station-head:M-1","by":"C/callback-dissatisfied/station-head:M-1/reversed:AP-1"}]}`
	if string(data) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", data, want)
	}
	var back Ledger
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(&back)
	if string(again) != string(data) {
		t.Errorf("round trip changed the JSON:\n%s", again)
	}
	// Refusals: wrong version, totals that do not add up, unknown fields.
	for _, bad := range []string{
		strings.Replace(want, `"version":1`, `"version":2`, 1),
		strings.Replace(want, `"version":1,`, ``, 1),
		strings.Replace(want, `"lines":6,"total"`, `"lines":7,"total"`, 1),
		strings.Replace(want, `"total":"30","lines":2`, `"total":"31","lines":2`, 1),
		strings.Replace(want, `"currency"`, `"colour":1,"currency"`, 1),
	} {
		var l2 Ledger
		if err := json.Unmarshal([]byte(bad), &l2); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
	// Lines round-trip too, with their version.
	for _, ln := range all {
		b, err := json.Marshal(ln)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), `{"version":1,`) {
			t.Errorf("line JSON lacks its version: %s", b)
		}
		var back Line
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ln, back); diff != "" {
			t.Errorf("line round trip (-want +got):\n%s", diff)
		}
	}
}
