// The broadband scenario's tests: the report of servq run on the shipped
// data, and the explanations the README walks through, against golden
// files. A change of rule, of data or of the command that changes what the
// operators would read shows here as a diff; if it is intended, rerun with
// -update and review the golden files' diff before committing.
//
// The command's packages are internal to cmd/servq, so the tests run the
// command itself (built once per test run by package scenariotest), from
// the module's root, with the same arguments as the README.
package broadband_test

import (
	"os"
	"testing"

	"github.com/servq/servq/examples/internal/scenariotest"
)

func TestMain(m *testing.M) { os.Exit(scenariotest.Main(m)) }

// TestCommands is the scenario's main job and its other commands: servq
// run over the shipped data, servq check, and servq explain of the orders
// below (their Why says what each shows), each against its golden file.
func TestCommands(t *testing.T) {
	scenariotest.CommandGoldens(t, "examples/broadband",
		scenariotest.Explained{Order: "BB-20250628-0034", Why: "a repair drawn by the 20% rule whose contact, arrival and repair clocks breached, escalated to the county manager, rated 9: 200 yuan each to T011, the DH2 station head and the Donghu county manager"},
		scenariotest.Explained{Order: "BB-20250711-0105", Why: "the one dissatisfied customer of T021, whose points and money the README explains"},
	)
}
