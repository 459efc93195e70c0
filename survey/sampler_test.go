package survey

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
)

// orderFacts are the facts a host passes for each order.
type orderFacts struct {
	OrderType         string `fact:"order_type" doc:"install, move, repair, complaint or activation"`
	Product           string `fact:"product" doc:"broadband or smart_tv"`
	Test              bool   `fact:"is_test"`
	Internal          bool   `fact:"internal"`
	Duplicate         bool   `fact:"duplicate"`
	DaysSinceCallback int    `fact:"days_since_callback" doc:"days since the customer's last callback; 9999 if never"`
	DoNotCall         bool   `fact:"do_not_call"`
}

var factsSchema = func() *quality.Schema {
	s, err := quality.SchemaOf(orderFacts{})
	if err != nil {
		panic(err)
	}
	return s
}()

// operatorSpec is the operators' callback policy (DOMAIN §3) at a given
// repair rate.
func operatorSpec(repairRate string) RulesetSpec {
	return RulesetSpec{
		Version: RulesetVersion,
		Name:    "callback policy",
		Seed:    "2025-07 callback",
		Rules: []RuleSpec{
			{ID: "test-orders", Layer: LayerExclusion, When: "is_test", Reason: ReasonTestOrder},
			{ID: "internal", Layer: LayerExclusion, When: "internal", Reason: ReasonInternal},
			{ID: "duplicates", Layer: LayerExclusion, When: "duplicate", Reason: ReasonDuplicate},
			{ID: "recent-contact", Layer: LayerExclusion, When: "days_since_callback < 30", Reason: ReasonRecentContact},
			{ID: "do-not-call", Layer: LayerExclusion, When: "do_not_call", Reason: ReasonDoNotCall},
			{ID: "installs-complaints", Layer: LayerMandatory, When: `order_type in ["install", "complaint"]`, Doc: "100% callback for new installations and complaints"},
			{ID: "smart-tv", Layer: LayerMandatory, When: `product == "smart_tv" && order_type == "activation"`, Doc: "100% callback of smart-TV activations"},
			{ID: "repairs", Layer: LayerRate, When: `order_type == "repair"`, Rate: decimal.RequireFromString(repairRate), Doc: "at least 20% of repairs"},
		},
		Quota: OperatorQuota(),
	}
}

func mustRuleset(t interface {
	Helper()
	Fatal(...any)
}, spec RulesetSpec) *Ruleset {
	t.Helper()
	rs, err := NewRuleset(spec, factsSchema)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func plain(orderType, product string) orderFacts {
	return orderFacts{OrderType: orderType, Product: product, DaysSinceCallback: 9999}
}

// The operators' cases: 100% of new installations and complaints, 100% of
// smart-TV activations, a 20% draw of repairs, and the exclusions.
func TestOperatorCases(t *testing.T) {
	rs := mustRuleset(t, operatorSpec("0.2"))
	s := rs.Period("2025-07")
	with := func(f orderFacts, mod func(*orderFacts)) orderFacts { mod(&f); return f }
	tests := []struct {
		name    string
		facts   orderFacts
		outcome Outcome
		layer   Layer
		rule    string
		reason  string
	}{
		{"new installation", plain("install", "broadband"), Selected, LayerMandatory, "installs-complaints", ""},
		{"complaint", plain("complaint", "broadband"), Selected, LayerMandatory, "installs-complaints", ""},
		{"smart-TV activation", plain("activation", "smart_tv"), Selected, LayerMandatory, "smart-tv", ""},
		{"broadband activation", plain("activation", "broadband"), NotSelected, LayerDefault, "", ""},
		{"move", plain("move", "broadband"), NotSelected, LayerDefault, "", ""},
		{"test installation", with(plain("install", "broadband"), func(f *orderFacts) { f.Test = true }), Excluded, LayerExclusion, "test-orders", ReasonTestOrder},
		{"internal complaint", with(plain("complaint", "broadband"), func(f *orderFacts) { f.Internal = true }), Excluded, LayerExclusion, "internal", ReasonInternal},
		{"duplicate repair", with(plain("repair", "broadband"), func(f *orderFacts) { f.Duplicate = true }), Excluded, LayerExclusion, "duplicates", ReasonDuplicate},
		{"installation called back 10 days ago", with(plain("install", "broadband"), func(f *orderFacts) { f.DaysSinceCallback = 10 }), Excluded, LayerExclusion, "recent-contact", ReasonRecentContact},
		{"installation called back 30 days ago", with(plain("install", "broadband"), func(f *orderFacts) { f.DaysSinceCallback = 30 }), Selected, LayerMandatory, "installs-complaints", ""},
		{"do-not-call complaint: exclusion wins", with(plain("complaint", "broadband"), func(f *orderFacts) { f.DoNotCall = true }), Excluded, LayerExclusion, "do-not-call", ReasonDoNotCall},
		{"test and do-not-call: first exclusion names it", with(plain("repair", "broadband"), func(f *orderFacts) { f.Test, f.DoNotCall = true, true }), Excluded, LayerExclusion, "test-orders", ReasonTestOrder},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := s.Decide("WO20250701-0001", tc.facts)
			if err != nil {
				t.Fatal(err)
			}
			r := d.Receipt
			if d.Outcome != tc.outcome || r.Layer != tc.layer || r.Rule != tc.rule || r.Reason != tc.reason {
				t.Errorf("got %v %v %q %q, want %v %v %q %q", d.Outcome, r.Layer, r.Rule, r.Reason, tc.outcome, tc.layer, tc.rule, tc.reason)
			}
			if r.Seed != "2025-07 callback" || r.Period != "2025-07" || r.Ruleset != rs.Hash() || len(r.Ruleset) != 64 || r.Why == "" {
				t.Errorf("receipt %+v", r)
			}
		})
	}
	// Repairs are drawn: the outcome is the ticket against 0.2 · 2^64.
	picked := 0
	for i := range 100 {
		id := fmt.Sprintf("WO20250701-%04d", i)
		d, err := s.Decide(id, plain("repair", "broadband"))
		if err != nil {
			t.Fatal(err)
		}
		want := TicketOf("2025-07 callback", "2025-07", "repairs", id)
		if d.Receipt.Layer != LayerRate || d.Receipt.Rule != "repairs" || d.Receipt.Ticket != want || !d.Receipt.Rate.Equal(decimal.New(2, -1)) {
			t.Fatalf("%s: receipt %+v", id, d.Receipt)
		}
		if (d.Outcome == Selected) != (uint64(want) < 3689348814741910323) {
			t.Fatalf("%s: outcome %v for ticket %v", id, d.Outcome, want)
		}
		if d.Outcome == Selected {
			picked++
			if !strings.Contains(d.Receipt.Why, "drawn at rate 20%") {
				t.Errorf("why: %s", d.Receipt.Why)
			}
		}
	}
	if picked == 0 || picked == 100 {
		t.Errorf("%d of 100 repairs picked", picked)
	}
}

// genFacts draws an order's facts; exclusion flags are rare so that every
// layer is reached.
func genFacts() *rapid.Generator[orderFacts] {
	return rapid.Custom(func(t *rapid.T) orderFacts {
		flag := func(name string) bool { return rapid.IntRange(0, 9).Draw(t, name) == 0 }
		return orderFacts{
			OrderType:         rapid.SampledFrom([]string{"install", "move", "repair", "complaint", "activation"}).Draw(t, "type"),
			Product:           rapid.SampledFrom([]string{"broadband", "smart_tv"}).Draw(t, "product"),
			Test:              flag("test"),
			Internal:          flag("internal"),
			Duplicate:         flag("duplicate"),
			DaysSinceCallback: rapid.SampledFrom([]int{0, 10, 29, 30, 31, 9999}).Draw(t, "days"),
			DoNotCall:         flag("dnc"),
		}
	})
}

func excluded(f orderFacts) bool {
	return f.Test || f.Internal || f.Duplicate || f.DaysSinceCallback < 30 || f.DoNotCall
}

func mandatory(f orderFacts) bool {
	return f.OrderType == "install" || f.OrderType == "complaint" || (f.Product == "smart_tv" && f.OrderType == "activation")
}

// Mandatory orders are always selected, excluded orders never; a rerun (even
// with the ruleset rebuilt from its spec) decides the same.
func TestDecideProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rate := genRate().Draw(t, "rate")
		spec := operatorSpec(rate.String())
		rs := mustRuleset(t, spec)
		s := rs.Period("2025-07")
		f := genFacts().Draw(t, "facts")
		id := rapid.StringMatching(`WO[0-9]{8}`).Draw(t, "id")
		d, err := s.Decide(id, f)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case excluded(f):
			if d.Outcome != Excluded || d.Receipt.Reason == "" {
				t.Fatalf("excluded order decided %v", d.Outcome)
			}
		case mandatory(f):
			if d.Outcome != Selected || d.Receipt.Layer != LayerMandatory {
				t.Fatalf("mandatory order decided %v", d.Outcome)
			}
		case f.OrderType == "repair":
			if d.Receipt.Layer != LayerRate {
				t.Fatalf("repair decided by %v", d.Receipt.Layer)
			}
		default:
			if d.Outcome != NotSelected || d.Receipt.Layer != LayerDefault {
				t.Fatalf("%+v decided %v by %v", f, d.Outcome, d.Receipt.Layer)
			}
		}
		again, err := mustRuleset(t, spec).Period("2025-07").Decide(id, quality.Facts{
			"order_type": f.OrderType, "product": f.Product, "is_test": f.Test, "internal": f.Internal,
			"duplicate": f.Duplicate, "days_since_callback": f.DaysSinceCallback, "do_not_call": f.DoNotCall,
		})
		if err != nil || again != d {
			t.Fatalf("rerun decided %+v, first %+v (%v)", again, d, err)
		}
	})
}

// Raising the repair rate keeps every repair picked at the lower rate.
func TestDecideMonotoneInRate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r1, r2 := genRate().Draw(t, "r1"), genRate().Draw(t, "r2")
		if r1.GreaterThan(r2) {
			r1, r2 = r2, r1
		}
		lo := mustRuleset(t, operatorSpec(r1.String())).Period("2025-07")
		hi := mustRuleset(t, operatorSpec(r2.String())).Period("2025-07")
		for i := range 200 {
			id := fmt.Sprintf("WO%08d", i)
			a, _ := lo.Decide(id, plain("repair", "broadband"))
			b, _ := hi.Decide(id, plain("repair", "broadband"))
			if a.Outcome == Selected && b.Outcome != Selected {
				t.Fatalf("%s picked at %s, not at %s", id, r1, r2)
			}
		}
	})
}

// Over a large population of repairs the observed rate stays within five
// standard deviations of the declared one.
func TestDecideRateWithinBounds(t *testing.T) {
	const n = 10000
	rapid.Check(t, func(t *rapid.T) {
		rate := genRate().Draw(t, "rate")
		spec := operatorSpec(rate.String())
		spec.Seed = rapid.String().Draw(t, "seed")
		if spec.Seed == "" {
			spec.Seed = "x"
		}
		s := mustRuleset(t, spec).Period(rapid.SampledFrom([]string{"2025-06", "2025-07"}).Draw(t, "period"))
		picked := 0
		for i := range n {
			d, err := s.Decide(fmt.Sprintf("R%d", i), plain("repair", "broadband"))
			if err != nil {
				t.Fatal(err)
			}
			if d.Outcome == Selected {
				picked++
			}
		}
		r := rate.InexactFloat64()
		sigma := math.Sqrt(n * r * (1 - r))
		if dev := math.Abs(float64(picked) - n*r); dev > 5*sigma+1 {
			t.Fatalf("rate %s: picked %d of %d (σ = %.1f)", rate, picked, n, sigma)
		}
	})
}

func TestRulesetErrors(t *testing.T) {
	mod := func(f func(*RulesetSpec)) RulesetSpec {
		s := operatorSpec("0.2")
		f(&s)
		return s
	}
	tests := []struct {
		name string
		spec RulesetSpec
		want string
	}{
		{"no seed", mod(func(s *RulesetSpec) { s.Seed = "" }), "needs a seed"},
		{"bad id", mod(func(s *RulesetSpec) { s.Rules[0].ID = "Test Orders" }), `id "Test Orders"`},
		{"repeated id", mod(func(s *RulesetSpec) { s.Rules[1].ID = "test-orders" }), "used twice"},
		{"no layer", mod(func(s *RulesetSpec) { s.Rules[0].Layer = LayerInvalid }), "layer Layer(0)"},
		{"exclusion without reason", mod(func(s *RulesetSpec) { s.Rules[0].Reason = "" }), "needs a reason code"},
		{"reason on a mandatory rule", mod(func(s *RulesetSpec) { s.Rules[5].Reason = "x" }), "only exclusions have reasons"},
		{"rate on a mandatory rule", mod(func(s *RulesetSpec) { s.Rules[5].Rate = decimal.New(1, 0) }), "only rate rules draw"},
		{"rate above 1", mod(func(s *RulesetSpec) { s.Rules[7].Rate = decimal.RequireFromString("1.2") }), "outside [0, 1]"},
		{"negative rate", mod(func(s *RulesetSpec) { s.Rules[7].Rate = decimal.RequireFromString("-0.2") }), "outside [0, 1]"},
		{"quota above 100%", mod(func(s *RulesetSpec) { s.Quota.MonthlyAbove = decimal.New(1, 0) }), "monthly participation"},
		{"negative daily minimum", mod(func(s *RulesetSpec) { s.Quota.DailyMin = -1 }), "daily minimum"},
	}
	for _, tc := range tests {
		_, err := NewRuleset(tc.spec, factsSchema)
		if !errors.Is(err, ErrInvalidRuleset) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want ErrInvalidRuleset containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := NewRuleset(mod(func(s *RulesetSpec) { s.Version = 0 }), factsSchema); !errors.Is(err, ErrVersion) {
		t.Errorf("version 0: %v", err)
	}

	// A misspelled fact: the rule engine's positioned error is reachable,
	// and every faulty rule is reported.
	spec := mod(func(s *RulesetSpec) {
		s.Rules[7].When = `order_typ == "repair"`
		s.Rules[6].When = `product = "smart_tv"`
	})
	_, err := NewRuleset(spec, factsSchema)
	var re *RuleError
	if !errors.As(err, &re) || re.Rule != "smart-tv" || re.Index != 6 {
		t.Fatalf("err = %v, want a *RuleError for rule 6", err)
	}
	var qe *quality.Error
	if !errors.As(err, &qe) || !errors.Is(err, quality.ErrUnknownName) {
		t.Fatalf("err = %v, want the rule engine's unknown-name error", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `rule 7 "repairs"`) || !strings.Contains(msg, `did you mean "order_type"?`) {
		t.Errorf("message:\n%s", msg)
	}
}

// A condition that cannot be evaluated (a missing fact) is an error, not a
// decision.
func TestDecideEvalError(t *testing.T) {
	s := mustRuleset(t, operatorSpec("0.2")).Period("2025-07")
	_, err := s.Decide("WO1", quality.Facts{"order_type": "repair"})
	if !errors.Is(err, ErrEval) || !errors.Is(err, quality.ErrMissingFact) {
		t.Errorf("err = %v", err)
	}
}

// The ruleset's hash identifies the policy: equal specs hash equally, any
// change to a rule, the seed or the quota changes it.
func TestRulesetHash(t *testing.T) {
	h := mustRuleset(t, operatorSpec("0.2")).Hash()
	if h2 := mustRuleset(t, operatorSpec("0.20")).Hash(); h2 != h {
		t.Error("0.2 and 0.20 hash differently")
	}
	// A host's setting of the decimal package's JSON global does not change
	// the hash.
	decimal.MarshalJSONWithoutQuotes = true
	h3 := mustRuleset(t, operatorSpec("0.2")).Hash()
	decimal.MarshalJSONWithoutQuotes = false
	if h3 != h {
		t.Error("decimal.MarshalJSONWithoutQuotes changes the hash")
	}
	changes := map[string]func(*RulesetSpec){
		"rate":   func(s *RulesetSpec) { s.Rules[7].Rate = decimal.New(25, -2) },
		"seed":   func(s *RulesetSpec) { s.Seed = "2025-08 callback" },
		"when":   func(s *RulesetSpec) { s.Rules[3].When = "days_since_callback < 15" },
		"quota":  func(s *RulesetSpec) { s.Quota.DailyMin = 2 },
		"order":  func(s *RulesetSpec) { s.Rules[0], s.Rules[1] = s.Rules[1], s.Rules[0] },
		"doc":    func(s *RulesetSpec) { s.Rules[7].Doc = "" },
		"reason": func(s *RulesetSpec) { s.Rules[0].Reason = "test" },
	}
	for name, f := range changes {
		spec := operatorSpec("0.2")
		f(&spec)
		if mustRuleset(t, spec).Hash() == h {
			t.Errorf("changing the %s keeps the hash", name)
		}
	}
}

// A ruleset spec round-trips through JSON and rebuilds the same ruleset.
func TestRulesetSpecJSON(t *testing.T) {
	rs := mustRuleset(t, operatorSpec("0.2"))
	b, err := json.Marshal(rs.Spec())
	if err != nil {
		t.Fatal(err)
	}
	var back RulesetSpec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if mustRuleset(t, back).Hash() != rs.Hash() {
		t.Errorf("rebuilt ruleset hashes differently:\n%s", b)
	}
	for _, bad := range []string{
		strings.Replace(string(b), `"version":1`, `"version":2`, 1),
		strings.Replace(string(b), `"version":1,`, ``, 1),
	} {
		if err := json.Unmarshal([]byte(bad), &back); !errors.Is(err, ErrVersion) {
			t.Errorf("Unmarshal(%.40s…) = %v, want ErrVersion", bad, err)
		}
	}
	if err := json.Unmarshal([]byte(strings.Replace(string(b), `"seed"`, `"sede"`, 1)), &back); !errors.Is(err, ErrInvalidJSON) {
		t.Errorf("unknown field: %v", err)
	}
}

// Decisions with their receipts round-trip through JSON, with a version.
func TestDecisionJSON(t *testing.T) {
	for _, bad := range []string{
		`{"order":"a","outcome":"selected","receipt":{"layer":"mandatory","why":"x","ticket":"0000000000000000","rate":"0","period":"p","seed":"s","ruleset":"h"}}`,
		`{"version":2,"order":"a","outcome":"selected","receipt":{"layer":"mandatory","why":"x","ticket":"0000000000000000","rate":"0","period":"p","seed":"s","ruleset":"h"}}`,
	} {
		var d Decision
		if err := json.Unmarshal([]byte(bad), &d); !errors.Is(err, ErrVersion) {
			t.Errorf("Unmarshal(%.30s…) = %v, want ErrVersion", bad, err)
		}
	}
	s := mustRuleset(t, operatorSpec("0.2")).Period("2025-07")
	rapid.Check(t, func(t *rapid.T) {
		d, err := s.Decide(rapid.StringMatching(`WO[0-9]{6}`).Draw(t, "id"), genFacts().Draw(t, "facts"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back Decision
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !strings.HasPrefix(string(b), `{"version":1,"order":`) {
			t.Fatalf("no version: %s", b)
		}
		b2, _ := json.Marshal(back)
		if string(b) != string(b2) || back.Order != d.Order || back.Outcome != d.Outcome || back.Receipt.Ticket != d.Receipt.Ticket || !back.Receipt.Rate.Equal(d.Receipt.Rate) {
			t.Fatalf("round trip:\n%s\n%s", b, b2)
		}
	})
}

var sinkDecision Decision

// BenchmarkDecide is a full decision on a repair: five exclusion conditions,
// two mandatory conditions and the rate rule's condition evaluated by the rule
// engine, then the draw.
func BenchmarkDecide(b *testing.B) {
	s := mustRuleset(b, operatorSpec("0.2")).Period("2025-07")
	f := plain("repair", "broadband")
	b.ReportAllocs()
	for b.Loop() {
		d, err := s.Decide("WO20250701-0001", &f)
		if err != nil {
			b.Fatal(err)
		}
		sinkDecision = d
	}
}

// BenchmarkDecideFacts is BenchmarkDecide with the facts passed as a
// quality.Facts map instead of a struct.
func BenchmarkDecideFacts(b *testing.B) {
	s := mustRuleset(b, operatorSpec("0.2")).Period("2025-07")
	f := quality.Facts{"order_type": "repair", "product": "broadband", "is_test": false, "internal": false,
		"duplicate": false, "days_since_callback": 9999, "do_not_call": false}
	b.ReportAllocs()
	for b.Loop() {
		d, err := s.Decide("WO20250701-0001", f)
		if err != nil {
			b.Fatal(err)
		}
		sinkDecision = d
	}
}

// With facts passed as a quality.Facts map, a whole decision (eight
// conditions, the draw and the receipt) allocates nothing: receipts reuse
// strings prepared when the ruleset was built.
func TestDecideNoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool allocate")
	}
	s := mustRuleset(t, operatorSpec("0.2")).Period("2025-07")
	for _, orderType := range []string{"repair", "install", "move"} {
		f := quality.Facts{"order_type": orderType, "product": "broadband", "is_test": false, "internal": false,
			"duplicate": false, "days_since_callback": 9999, "do_not_call": false}
		if n := testing.AllocsPerRun(200, func() { sinkDecision, _ = s.Decide("WO20250701-0001", f) }); n != 0 {
			t.Errorf("%s: Decide allocates %v times", orderType, n)
		}
	}
}
