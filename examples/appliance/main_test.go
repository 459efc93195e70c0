// The appliance scenario's tests: servq run, check and explain on the
// shipped data against golden files (the command is built once by package
// scenariotest and run from the module's root, as the README does), the
// embedding program's output, and the overdue ladder built in Go kept equal
// to the policy file's. After an intended change, run
// `go test ./examples/appliance -update` and review the golden files' diff
// before committing it.
package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/examples/internal/gencmd/gencmdtest"
	"github.com/servq/servq/examples/internal/scenariotest"
	"github.com/servq/servq/policy"
)

func TestMain(m *testing.M) { os.Exit(scenariotest.Main(m)) }

// TestCommands is the scenario's main job and its other commands: servq
// run over the shipped data, servq check, and servq explain of the orders
// below (their Why says what each shows), each against its golden file.
func TestCommands(t *testing.T) {
	scenariotest.CommandGoldens(t, "examples/appliance",
		scenariotest.Explained{Order: "AS-20250716-0084", Why: "a repair overdue for 75 hours (the timer became the customer's gift), answered D, then C after a revisit (two reopenings: the supervision group is told), then B: closed"},
		scenariotest.Explained{Order: "AS-20250728-0036", Why: "the longest overdue order: past 48 hours, 300 hours (replaced free) and 15 days"},
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

// TestLadderIsThePolicys keeps the two ways in equal: the overdue ladder
// the program builds in Go is, field for field, the machine the policy file
// declares.
func TestLadderIsThePolicys(t *testing.T) {
	pol, err := policy.Load("policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, ok := pol.Machines["overdue"]
	if !ok {
		t.Fatal("the policy has no machine overdue")
	}
	if diff := cmp.Diff(m.Definition(), overdueLadder()); diff != "" {
		t.Errorf("overdue ladder (-policy +program):\n%s", diff)
	}
}

// TestFactsAreThePolicys keeps the facts the program declares in Go (for
// the decoder) equal to those policy.yaml declares, as the generator's are.
func TestFactsAreThePolicys(t *testing.T) {
	gencmdtest.SchemaIsThePolicys(t, "policy.yaml", facts)
}
