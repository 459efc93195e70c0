package policy_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/servq/servq/policy"
	"github.com/servq/servq/quality"
)

// TestShippedExamplesLoad: every shipped example's policy.yaml, run section
// and all, loads with one policy.Load call and has a compiled Run.
func TestShippedExamplesLoad(t *testing.T) {
	files, err := filepath.Glob("../examples/*/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("found %d example policies, want at least 4: %v", len(files), files)
	}
	for _, f := range files {
		p, err := policy.Load(f)
		if err != nil {
			t.Errorf("Load(%s): %v", f, err)
			continue
		}
		if p.Run == nil {
			t.Errorf("%s: no Run", f)
			continue
		}
		if len(p.Run.Dimensions) == 0 || p.Run.EventSchema == nil || p.Run.OutcomeSchema == nil {
			t.Errorf("%s: Run %+v", f, p.Run)
		}
		if f, ok := p.Run.OutcomeSchema.Field(policy.FactCallbackSatisfied); !ok || f.Kind != quality.KindBool {
			t.Errorf("%s: the outcome schema lacks %s", f, policy.FactCallbackSatisfied)
		}
	}
}

const runBase = `version: 1
name: run test
facts:
  event_kind: string
  technician: string
  station: string
  rating: string
  order_type: string
scales:
  ten: {builtin: ten_point}
metrics: {min_sample: 1, places: 4, rounding: half_up}
targets:
  sat: {baseline: 0.9, challenge: 0.98, direction: higher_is_better}
scorecards:
  station_card:
    total: 10
    missing: zero
    items:
      - {id: satisfaction, points: 10, target: sat}
`

// TestRunCompiles: a run section's names and rules come through compiled.
func TestRunCompiles(t *testing.T) {
	src := runBase + `run:
  dimensions: [technician, station]
  done: event == "closed"
  callback: {reply: rating, by: [order_type]}
  measures:
    satisfaction: {where: callback_rated, hit: callback_satisfied}
    unhappy: {count: callback_rated && !callback_satisfied}
  scorecards:
    station_card: {subject: station}
`
	p, err := policy.Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := p.Run
	if r == nil {
		t.Fatal("no Run")
	}
	if got := strings.Join(r.Dimensions, ","); got != "technician,station" {
		t.Errorf("dimensions %s", got)
	}
	if r.Done == nil {
		t.Errorf("done %v", r.Done)
	}
	if r.Callback == nil || r.Callback.Scale != "ten" || r.Callback.Reply != "rating" {
		t.Errorf("callback %+v", r.Callback)
	}
	if len(r.Measures) != 2 || r.Measures[0].Kind != policy.MeasureRate || r.Measures[1].Kind != policy.MeasureCount {
		t.Errorf("measures %+v", r.Measures)
	}
	if len(r.Scorecards) != 1 || len(r.Scorecards[0].Inputs) != 1 || r.Scorecards[0].Inputs[0] != (policy.RunInput{Name: "satisfaction", Measure: "satisfaction"}) {
		t.Errorf("scorecards %+v", r.Scorecards)
	}
	// Without a run key there is no Run, and the hash covers the section.
	q, err := policy.Parse("p.yaml", []byte(runBase))
	if err != nil {
		t.Fatal(err)
	}
	if q.Run != nil {
		t.Errorf("Run %+v without a run key", q.Run)
	}
	if q.Hash == p.Hash {
		t.Error("the hash does not cover the run section")
	}
	p2, err := policy.Parse("p.yaml", []byte(strings.Replace(src, `"closed"`, `"done"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if p2.Hash == p.Hash {
		t.Error("a change inside the run section leaves the hash unchanged")
	}
}

// TestRunErrors: a broken run section is reported at file:line:col like any
// other key: unknown keys, rules (at the column inside the rule), names the
// policy does not define.
func TestRunErrors(t *testing.T) {
	tests := []struct {
		name, run string
		sentinel  error
		want      string // first line of the first error
	}{
		{"unknown key", "run:\n  dimensons: [technician]\n", policy.ErrUnknownKey,
			`p.yaml:21:3: run.dimensons: unknown key "dimensons" (did you mean "dimensions"?)`},
		{"rule", "run:\n  dimensions: [technician]\n  done: evnt == \"closed\"\n", policy.ErrRule,
			`p.yaml:22:9: run.done: unknown name "evnt" (did you mean "event"?)`},
		{"rule in flow mapping", "run:\n  measures:\n    m: {where: callback_rated, hit: callback_satisfied && x > 1}\n", policy.ErrRule,
			`p.yaml:22:59: run.measures.m.hit: unknown name "x"`},
		{"missing scorecard", "run:\n  dimensions: [station]\n  scorecards:\n    station_crad: {subject: station}\n", policy.ErrReference,
			`p.yaml:23:5: run.scorecards.station_crad: no scorecard "station_crad" in the policy (did you mean "station_card"?)`},
		{"missing key", "run:\n  ledger:\n    - {event: e}\n", policy.ErrMissingKey,
			`p.yaml:22:7: run.ledger[0].subject: missing key "subject"`},
		{"not a dimension", "run:\n  dimensions: [technician]\n  scorecards:\n    station_card: {subject: station}\n", policy.ErrReference,
			`p.yaml:23:29: run.scorecards.station_card.subject: "station" is not a dimension (list it in run.dimensions)`},
		{"not a string fact", "run:\n  dimensions: [technicain]\n", policy.ErrReference,
			`p.yaml:21:16: run.dimensions[0]: no fact "technicain" in the policy (did you mean "technician"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.Parse("p.yaml", []byte(runBase+tt.run))
			var l policy.ErrorList
			if !errors.As(err, &l) || len(l) == 0 {
				t.Fatalf("err %v, want an ErrorList", err)
			}
			if !errors.Is(l[0], tt.sentinel) {
				t.Errorf("error %v is not %v", l[0], tt.sentinel)
			}
			if got := strings.SplitN(l[0].Error(), "\n", 2)[0]; got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestRunFactClash: a policy that declares a fact the run section adds is
// refused at the fact, and only when it has a run section.
func TestRunFactClash(t *testing.T) {
	src := strings.Replace(runBase, "  rating: string\n", "  rating: string\n  sla_met: bool\n", 1)
	if _, err := policy.Parse("p.yaml", []byte(src)); err != nil {
		t.Fatalf("without a run section: %v", err)
	}
	_, err := policy.Parse("p.yaml", []byte(src+"run:\n  dimensions: [technician]\n"))
	if err == nil || !strings.HasPrefix(err.Error(), `p.yaml:8:3: facts.sla_met: the run section adds the fact "sla_met"`) {
		t.Errorf("err %v", err)
	}
}

func TestShippedExampleHashCoversRun(t *testing.T) {
	const f = "../examples/broadband/policy.yaml"
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.Parse(f, data)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), "\nrun:\n")
	if i < 0 {
		t.Fatal("no run section")
	}
	q, err := policy.Parse(f, data[:i+1])
	if err != nil {
		t.Fatal(err)
	}
	if q.Run != nil || p.Hash == q.Hash {
		t.Errorf("cut at the run key: Run %v, hashes %s %s", q.Run, p.Hash, q.Hash)
	}
}
