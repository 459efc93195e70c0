// The complaints scenario's tests: servq run, check and explain on the
// shipped data against golden files (the command is built once by package
// scenariotest and run from the module's root, as the README does), the
// embedding program's output, and the provincial card's 94 points refused.
// After an intended change, run `go test ./examples/complaints -update` and
// review the golden files' diff before committing it.
package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/examples/internal/gencmd/gencmdtest"
	"github.com/servq/servq/examples/internal/scenariotest"
	"github.com/servq/servq/policy"
)

func TestMain(m *testing.M) { os.Exit(scenariotest.Main(m)) }

// TestCommands is the scenario's main job and its other commands: servq
// run over the shipped data, servq check, and servq explain of the orders
// below (their Why says what each shows), each against its golden file.
func TestCommands(t *testing.T) {
	scenariotest.CommandGoldens(t, "examples/complaints",
		scenariotest.Explained{Order: "C-20250919-0003", Why: "a media complaint dispatched to the wrong county office and back, classified at the 10:00 batch, found human-caused, penalised twice over (escalated) and closed at the callback"},
		scenariotest.Explained{Order: "C-20250930-0006", Why: "submitted on 30 September after the 15:00 batch: the next batch is 10:00 on 9 October, after National Day's golden week"},
	)
}

// TestEmbedded is the program that embeds the packages without the policy
// file.
func TestEmbedded(t *testing.T) {
	var out bytes.Buffer
	if err := run(nil, &out); err != nil {
		t.Fatal(err)
	}
	scenariotest.Golden(t, "testdata/embedded.golden", out.String())
}

// policyText reads policy.yaml, run section and all.
func policyText(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestNinetyFourPointCardRefused: the provincial card as the programme
// lists it adds up to 94 and declares 100; a policy that carries it without
// saying how to reconcile the two is refused when it is loaded, and the
// shipped policy, which says to normalise, loads.
func TestNinetyFourPointCardRefused(t *testing.T) {
	text := policyText(t)
	if _, err := policy.Parse("policy.yaml", text); err != nil {
		t.Fatalf("the shipped policy does not load: %v", err)
	}
	const normalize = "          normalize: true\n"
	if bytes.Count(text, []byte(normalize)) != 1 {
		t.Fatalf("policy.yaml should normalise the provincial card with exactly one %q", normalize)
	}
	listed := bytes.Replace(text, []byte(normalize), nil, 1)
	_, err := policy.Parse("policy.yaml", listed)
	if !errors.Is(err, appraisal.ErrTotalMismatch) {
		t.Fatalf("the 94-point card: got %v, want an error wrapping appraisal.ErrTotalMismatch", err)
	}
	var te *appraisal.TotalError
	if !errors.As(err, &te) || te.Sum.String() != "94" || te.Declared.String() != "100" {
		t.Fatalf("the 94-point card: got %v, want a *appraisal.TotalError of 94 against 100", err)
	}
	var pe *policy.Error
	if !errors.As(err, &pe) || !strings.Contains(pe.Path, "scorecards.half_year") {
		t.Errorf("the error should be placed on the half-year card: %v", err)
	}
	for _, want := range []string{"add up to 94", "declared total 100", "normalize: true"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
}

// TestCheckRefusesNinetyFourPoints: a policy writer who drops the
// normalisation hears it from servq check, with the place in the file and
// exit status 1.
func TestCheckRefusesNinetyFourPoints(t *testing.T) {
	data, err := os.ReadFile("policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	listed := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(listed, bytes.Replace(data, []byte("          normalize: true\n"), nil, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(scenariotest.Binary(t), "check", listed)
	outb, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("servq check of the 94-point card: %v, want exit status 1\n%s", err, outb)
	}
	out := string(outb)
	for _, want := range []string{"scorecards.half_year.items[1].card.total: the items add up to 94, not the declared total 100", "normalize: true"} {
		if !strings.Contains(out, want) {
			t.Errorf("servq check does not say %q:\n%s", want, out)
		}
	}
}

// TestEmbeddedCardIsThePolicys keeps the two ways in equal: the card the
// program builds in Go has the policy file's provincial items, points and
// methods, and the same 40/60 weights.
func TestEmbeddedCardIsThePolicys(t *testing.T) {
	pol, err := policy.Parse("policy.yaml", policyText(t))
	if err != nil {
		t.Fatal(err)
	}
	fromFile := pol.Scorecards["half_year"].Card()
	inGo := halfYearCard()
	if len(fromFile.Items) != len(inGo.Items) {
		t.Fatalf("items: policy %d, program %d", len(fromFile.Items), len(inGo.Items))
	}
	for i := range inGo.Items {
		f, g := fromFile.Items[i], inGo.Items[i]
		if f.ID != g.ID || !f.Weight.Equal(g.Weight) {
			t.Errorf("item %d: policy %s weight %s, program %s weight %s", i, f.ID, f.Weight, g.ID, g.Weight)
		}
	}
	fp, gp := fromFile.Items[1].Card, inGo.Items[1].Card
	if fp == nil || gp == nil || !fp.Normalize || !gp.Normalize {
		t.Fatal("both provincial cards must be nested and normalised")
	}
	type item struct {
		ID, Points, Method string
		Target             string
	}
	describe := func(c *appraisal.Card) []item {
		var out []item
		for _, it := range c.Items {
			x := item{ID: it.ID, Points: it.Points.String()}
			switch {
			case it.Target != nil:
				x.Method = "target"
				x.Target = it.Target.Baseline.String() + "→" + it.Target.Challenge.String() + " " + it.Target.Direction.String()
			case it.Checklist != nil:
				x.Method = "checklist " + strings.Join(it.Checklist.Checks, ",") + " " + it.Checklist.Mode.String()
			case it.Rule != nil:
				x.Method = "rule " + it.Rule.Source
			}
			out = append(out, x)
		}
		return out
	}
	if diff := cmp.Diff(describe(fp), describe(gp)); diff != "" {
		t.Errorf("provincial card (-policy +program):\n%s", diff)
	}
}

// TestFactsAreThePolicys keeps the facts the program declares in Go (for
// the decoder) equal to those policy.yaml declares, as the generator's are.
func TestFactsAreThePolicys(t *testing.T) {
	gencmdtest.SchemaIsThePolicys(t, "policy.yaml", facts)
}
