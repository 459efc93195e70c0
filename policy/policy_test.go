package policy_test

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/policy"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
	"github.com/shopspring/decimal"
)

func load(t *testing.T, name string) *policy.Policy {
	t.Helper()
	p, err := policy.Load("testdata/" + name + ".yaml")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return p
}

// TestScenarioPolicies: the four operators' programmes load as policy files.
func TestScenarioPolicies(t *testing.T) {
	for _, name := range []string{"broadband", "complaints", "appliance", "cabletv"} {
		t.Run(name, func(t *testing.T) {
			p := load(t, name)
			if p.Version != "1" || p.Name == "" || !strings.HasPrefix(p.Hash, "sha256:") || len(p.Hash) != 71 {
				t.Errorf("version %q name %q hash %q", p.Version, p.Name, p.Hash)
			}
			if p.Schema == nil || p.ScorecardSchema == nil {
				t.Error("nil schema")
			}
		})
	}
}

// TestBroadband checks the compiled values of the broadband policy against
// the operators' figures.
func TestBroadband(t *testing.T) {
	p := load(t, "broadband")
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}

	if got, want := p.Clocks.Names(), []string{"contact", "arrival", "repair"}; !slices.Equal(got, want) {
		t.Errorf("clocks in file order %v, want %v", got, want)
	}
	if got, want := p.ClockNames(), []string{"arrival", "contact", "repair"}; !slices.Equal(got, want) {
		t.Errorf("sorted clock names %v, want %v", got, want)
	}
	if got, want := p.CalendarNames(), []string{"desk", "office"}; !slices.Equal(got, want) {
		t.Errorf("calendars %v", got)
	}
	if f, ok := p.Schema.Field("appointment_end"); !ok || f.Kind != quality.KindTime || f.Doc == "" {
		t.Errorf("fact appointment_end: %+v", f)
	}

	// The office calendar has China's 2025 holidays: 8 working hours from
	// Tuesday 30 September 16:00 run to Thursday 9 October 16:30 (1h30 on
	// the 30th, National Day closes 1–8 October, then 3h30 + 3h).
	office := p.Calendars["office"]
	if got, want := office.Add(at("2025-09-30 16:00"), 8*time.Hour), at("2025-10-09 16:30"); !got.Equal(want) {
		t.Errorf("office.Add over National Day = %v, want %v", got, want)
	}

	// The contact clock: dispatched at 10:00, contacted at 10:25: breached
	// (20 minutes).
	facts := quality.Facts{"order_type": "repair", "status": "dispatched", "priority": 1,
		"appointment_end": at("2025-07-02 12:00"), "customer_postponed": false}
	ev := func(id, name, when string) sla.Event {
		return sla.Event{ID: id, Name: name, At: at(when), Facts: facts}
	}
	st, err := p.Clocks.Fold(sla.State{}, ev("1", "dispatched", "2025-07-01 10:00"), ev("2", "customer_contacted", "2025-07-01 10:25"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Clocks.Status(st, "contact", at("2025-07-01 11:00"))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Breached || s.Budget != 20*time.Minute || !s.Due.Equal(at("2025-07-01 10:20")) {
		t.Errorf("contact status: %+v", s)
	}

	// Targets: repair satisfaction 90/98, halfway at 94%.
	repair := p.Targets["repair_satisfaction"]
	if a := repair.Attainment(decimal.RequireFromString("0.94")); !a.Equal(decimal.RequireFromString("0.5")) {
		t.Errorf("attainment at 94%% = %s", a)
	}

	// Scale: only 10 is satisfied.
	ten := p.Scales["ten_point"]
	if !ten.Satisfied(ten.Parse("10")) || ten.Satisfied(ten.Parse("9")) {
		t.Error("ten-point scale: only 10 is satisfied")
	}

	// Sampling: an installation is mandatory, a do-not-call customer is
	// excluded first.
	smp := p.Sampling.Period("2025-07")
	base := quality.Facts{"order_type": "install", "test_order": false, "do_not_call": false, "smart_tv": false, "days_since_last_callback": 90}
	d, err := smp.Decide("WO-1", base)
	if err != nil || d.Outcome != survey.Selected || d.Receipt.Rule != "installs" {
		t.Errorf("install: %+v %v", d, err)
	}
	dnc := quality.Facts{"order_type": "install", "test_order": false, "do_not_call": true, "smart_tv": false, "days_since_last_callback": 90}
	if d, err := smp.Decide("WO-2", dnc); err != nil || d.Outcome != survey.Excluded || d.Receipt.Reason != survey.ReasonDoNotCall {
		t.Errorf("do not call: %+v %v", d, err)
	}
	if q := p.Sampling.Spec().Quota; q.DailyMin != 1 || !q.MonthlyAbove.Equal(decimal.RequireFromString("0.2")) {
		t.Errorf("quota %+v", q)
	}

	// Ledger: 200 yuan per dissatisfied customer, charged to the linked
	// station head and county manager too; 10 yuan per 10 in June, 20 in July.
	lines, err := p.Ledger.Post(appraisal.Event{ID: "WO-7", Kind: "callback_dissatisfied", Subject: "T017", At: at("2025-07-03 09:00"),
		Linked: []appraisal.Link{{Role: "station-head", Subject: "S1"}, {Role: "county-manager", Subject: "C1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 || !lines[0].Amount.Equal(decimal.NewFromInt(-200)) || !lines[2].Amount.Equal(decimal.NewFromInt(-200)) || lines[2].Subject != "C1" {
		t.Errorf("penalty lines: %+v", lines)
	}
	for _, c := range []struct {
		when string
		want int64
	}{{"2025-06-30 23:59", 10}, {"2025-07-01 00:00", 20}} {
		ls, err := p.Ledger.Post(appraisal.Event{ID: "WO-9", Kind: "rated_ten", Subject: "T017", At: at(c.when)})
		if err != nil || len(ls) != 1 || !ls[0].Amount.Equal(decimal.NewFromInt(c.want)) {
			t.Errorf("reward at %s: %+v %v", c.when, ls, err)
		}
	}
	if p.Ledger.Currency() != "CNY" || p.Ledger.Tariff().ID != "broadband-2025-07" {
		t.Errorf("tariff %q %q", p.Ledger.Currency(), p.Ledger.Tariff().ID)
	}

	// Scorecard: items name the policy's targets.
	res, err := p.Scorecards["station"].Score("S1", appraisal.Inputs{
		"repair_satisfaction":  appraisal.RateInput(94, 100),
		"install_satisfaction": appraisal.RateInput(100, 100),
		"punctuality":          appraisal.RateInput(96, 100),
	})
	if err != nil || !res.Points.Equal(decimal.NewFromInt(80)) {
		t.Errorf("station score %s, want 80 (20 + 40 + 20): %v", res.Points, err)
	}
	if got := p.Metrics; got == nil || got.MinSample != 30 || got.Rounding != quality.HalfUp {
		t.Errorf("metrics %+v", got)
	}
	if r := p.Rankings["stations"]; r.By != appraisal.RankWilson || r.MinN != 10 {
		t.Errorf("ranking %+v", r)
	}
}

// TestComplaints: the complaint machine and batch slots compile from the file
// as the escalation package's own definition would.
func TestComplaints(t *testing.T) {
	p := load(t, "complaints")
	m := p.Machines["complaint"]
	if m == nil || m.Version() != 1 {
		t.Fatal("no complaint machine")
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	start := time.Date(2025, 7, 1, 9, 0, 0, 0, shanghai)
	res, err := m.Start("C-1", start, quality.Facts{})
	if err != nil {
		t.Fatal(err)
	}
	res, err = m.Step(res.State, escalation.Event{ID: "e1", Name: "submit", At: start.Add(3 * time.Minute)}, start.Add(4*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res.State.Level != 1 {
		t.Errorf("supervision at 3 hours: level %d, want 1", res.State.Level)
	}
	// A complaint received Saturday 5 July 16:00 is forwarded at the next
	// batch slot: Monday 7 July 10:00 (no slot on Sunday).
	sat := time.Date(2025, 7, 5, 16, 0, 0, 0, shanghai)
	st, err := p.Clocks.Fold(sla.State{}, sla.Event{ID: "1", Name: "received_for_classification", At: sat, Facts: quality.Facts{"provincial": false}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Clocks.Status(st, "classify", sat)
	if err != nil || !s.Due.Equal(time.Date(2025, 7, 7, 10, 0, 0, 0, shanghai)) {
		t.Errorf("batch slot due %v, want Monday 10:00: %v", s.Due, err)
	}
	card := p.Scorecards["half_year"]
	if card == nil || !card.Total().Equal(decimal.NewFromInt(100)) || card.Method("hotline") != appraisal.MethodLinear {
		t.Fatal("half-year card")
	}
}

// TestRoundTrip: the compiled values give back plain-data specs that
// survive a JSON round trip and compile to the same values.
func TestRoundTrip(t *testing.T) {
	for _, name := range []string{"broadband", "complaints", "appliance", "cabletv"} {
		t.Run(name, func(t *testing.T) {
			p := load(t, name)
			for _, cn := range p.CalendarNames() {
				spec := p.Calendars[cn].Spec()
				b, err := json.Marshal(spec)
				if err != nil {
					t.Fatal(err)
				}
				back, err := sla.ParseSpec(b)
				if err != nil {
					t.Fatalf("calendar %s: %v", cn, err)
				}
				if diff := cmp.Diff(spec, back); diff != "" {
					t.Errorf("calendar %s round trip (-want +got):\n%s", cn, diff)
				}
			}
			if p.Clocks != nil {
				specs := p.Clocks.Specs()
				b, err := json.Marshal(specs)
				if err != nil {
					t.Fatal(err)
				}
				var back []sla.ClockSpec
				if err := json.Unmarshal(b, &back); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(specs, back, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
					t.Errorf("clocks round trip (-want +got):\n%s", diff)
				}
				if _, err := sla.CompileClocks(sla.ClockEnv{Schema: p.Schema, Calendars: p.Calendars}, back...); err != nil {
					t.Errorf("clocks recompile: %v", err)
				}
			}
			if p.Sampling != nil {
				b, err := json.Marshal(p.Sampling.Spec())
				if err != nil {
					t.Fatal(err)
				}
				var spec survey.RulesetSpec
				if err := json.Unmarshal(b, &spec); err != nil {
					t.Fatal(err)
				}
				rs, err := survey.NewRuleset(spec, p.Schema)
				if err != nil || rs.Hash() != p.Sampling.Hash() {
					t.Errorf("ruleset round trip: %v", err)
				}
			}
			for _, id := range p.ScorecardNames() {
				sc := p.Scorecards[id]
				b, err := json.Marshal(sc.Card())
				if err != nil {
					t.Fatal(err)
				}
				var card appraisal.Card
				if err := json.Unmarshal(b, &card); err != nil {
					t.Fatal(err)
				}
				back, err := appraisal.NewScorecard(card, p.ScorecardSchema)
				if err != nil || back.Version() != sc.Version() {
					t.Errorf("scorecard %s round trip: %v", id, err)
				}
			}
			if p.Ledger != nil {
				b, err := json.Marshal(p.Ledger.Tariff())
				if err != nil {
					t.Fatal(err)
				}
				var tariff appraisal.Tariff
				if err := json.Unmarshal(b, &tariff); err != nil {
					t.Fatal(err)
				}
				back, err := appraisal.NewPoster(tariff)
				if err != nil || back.Version() != p.Ledger.Version() {
					t.Errorf("tariff round trip: %v", err)
				}
			}
		})
	}
}

// TestHash: the hash ignores comments, layout and key order, and changes with
// any value.
func TestHash(t *testing.T) {
	a := "version: 1\nname: h\n# a comment\nfacts:\n  rated: int\n  satisfied: {kind: int, doc: tens}\n"
	b := "name: h   # renamed? no\nversion: 1\nfacts: {satisfied: {doc: tens, kind: int}, rated: int}\n"
	c := "version: 1\nname: h\nfacts:\n  rated: int\n  satisfied: {kind: int, doc: tens!}\n"
	hash := func(src string) string {
		p, err := policy.Parse("h.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return p.Hash
	}
	if hash(a) != hash(b) {
		t.Error("layout, comments or key order changed the hash")
	}
	if hash(a) == hash(c) {
		t.Error("a changed value kept the hash")
	}
	data, err := os.ReadFile("testdata/broadband.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if hash(string(data)) != load(t, "broadband").Hash {
		t.Error("Parse and Load disagree")
	}
}

// TestLoadMissingFile: Load reports an unreadable file as an ErrorList too.
func TestLoadMissingFile(t *testing.T) {
	_, err := policy.Load("testdata/no-such-policy.yaml")
	var list policy.ErrorList
	if !errors.As(err, &list) || len(list) != 1 || !errors.Is(err, policy.ErrReference) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load of a missing file: %v", err)
	}
}

// TestAliases: anchors and aliases are expanded; an alias bomb is refused
// rather than expanded.
func TestAliases(t *testing.T) {
	src := `version: 1
name: a
calendars:
  office:
    zone: Asia/Shanghai
    week:
      weekdays: &hours ["08:30-12:00", "13:30-17:30"]
      sat: *hours
`
	p, err := policy.Parse("a.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Calendars["office"].Spec().Week[time.Saturday]; len(got) != 2 {
		t.Errorf("saturday from the alias: %v", got)
	}
	var b strings.Builder
	b.WriteString("version: 1\nname: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	if _, err := policy.Parse("bomb.yaml", []byte(b.String())); err == nil {
		t.Fatal("alias bomb accepted")
	}
}

// TestDocExample: the example in the package documentation is
// testdata/doc_example.yaml, and it loads.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var example []string
	in := false
	for _, l := range strings.Split(string(doc), "\n") {
		switch {
		case l == "//\tversion: 1":
			in = true
		case in && !strings.HasPrefix(l, "//\t"):
			in = false
		}
		if in {
			example = append(example, strings.TrimPrefix(l, "//\t"))
		}
	}
	data, err := os.ReadFile("testdata/doc_example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(data), "\n")
	if got, want := strings.Join(example, "\n")+"\n", body; got != want {
		t.Errorf("doc.go's example and testdata/doc_example.yaml differ:\n%s", cmp.Diff(want, got))
	}
	p := load(t, "doc_example")
	if p.Ledger == nil || p.Sampling == nil || p.Clocks == nil || len(p.Scorecards) != 1 {
		t.Error("the example lost a section")
	}
}

// TestAliasBombInWeekdays: a list decoded through JSON (batch-slot weekdays)
// is bounded like the rest of the document: nine levels of ten aliases are
// refused, not expanded to a billion names.
func TestAliasBombInWeekdays(t *testing.T) {
	var src strings.Builder
	src.WriteString(head + "clocks:\n  c:\n    start: ['true']\n    targets:\n      - name: s\n        calendar: office\n        slots:\n          times: [\"10:00\"]\n          days:\n")
	src.WriteString("            - &a0 [mon, mon, mon, mon, mon, mon, mon, mon, mon, mon]\n")
	for i := 1; i < 9; i++ {
		src.WriteString("            - &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				src.WriteString(", ")
			}
			src.WriteString("*a" + string(rune('0'+i-1)))
		}
		src.WriteString("]\n")
	}
	done := make(chan error, 1)
	go func() {
		_, err := policy.Parse("bomb.yaml", []byte(src.String()))
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("alias bomb in weekdays accepted")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("alias bomb in weekdays was expanded")
	}
}
