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

func TestReport(t *testing.T) {
	out := scenariotest.Servq(t, 0, "run", "--progress", "never", "examples/cabletv")
	scenariotest.Golden(t, "testdata/report.golden", out)
}

var explained = []struct{ order, why string }{
	{"TV-20250724-0033", "sent to the technician after 3m41s (the 3-minute limit breached), postponed by the customer (the fix clock pauses), drawn by the 20% rule and rated 10"},
	{"TV-20250716-0003", "reported at night: the technician called the customer at 08:00, so the 20-minute contact clock breached"},
}

func TestExplain(t *testing.T) {
	for _, c := range explained {
		t.Run(c.order, func(t *testing.T) {
			out := scenariotest.Servq(t, 0, "explain", "examples/cabletv", c.order)
			scenariotest.Golden(t, "testdata/explain-"+c.order+".golden", out)
		})
	}
}

func TestCheck(t *testing.T) {
	out := scenariotest.Servq(t, 0, "check", "examples/cabletv")
	scenariotest.Golden(t, "testdata/check.golden", out)
}
