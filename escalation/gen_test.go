package escalation_test

import (
	"encoding/json"
	"reflect"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/escalation/escalationtest"
	"github.com/servq/servq/quality"
)

// tester is what the helpers need of *testing.T and *rapid.T.
type tester interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

var t0 = time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)

// The drawn definitions, facts and scripts of the properties come from the
// test kit: escalationtest.Definitions (the generator lifted from this file),
// GuardFacts, Inputs, Step and CheckResult.
var definitions = escalationtest.Definitions(escalationtest.DefinitionOptions{})

// genInputs draws a script of inputs whose facts come from facts.
func genInputs(t *rapid.T, events []string, facts *rapid.Generator[quality.Facts]) []escalationtest.Input {
	return escalationtest.Inputs(events, facts).Draw(t, "inputs")
}

// roundTrip marshals and unmarshals a state and requires it unchanged.
func roundTrip(tb tester, st escalation.State) escalation.State {
	tb.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		tb.Fatal(err)
	}
	var back escalation.State
	if err := json.Unmarshal(b, &back); err != nil {
		tb.Fatalf("%v\n%s", err, b)
	}
	if !reflect.DeepEqual(back, st) {
		tb.Fatalf("round trip changed the state:\n%s", cmp.Diff(st, back))
	}
	return back
}
