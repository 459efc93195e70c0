// The cable TV scenario's tests: the report of servq run on the shipped
// data and two orders' explanations, against golden files (rerun with
// -update after an intended change and review the diff). The tests run the
// servq command itself, built once by package scenariotest, from the
// module's root, because its packages are internal to cmd/servq.
package cabletv_test

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
	scenariotest.CommandGoldens(t, "examples/cabletv",
		scenariotest.Explained{Order: "TV-20250724-0033", Why: "sent to the technician after 3m41s (the 3-minute limit breached), postponed by the customer (the fix clock pauses), drawn by the 20% rule and rated 10"},
		scenariotest.Explained{Order: "TV-20250716-0003", Why: "reported at night: the technician called the customer at 08:00, so the 20-minute contact clock breached"},
	)
}
