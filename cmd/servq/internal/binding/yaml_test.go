package binding

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const policyText = `version: 1
name: x
facts:
  technician: string
# the run section
run:
  dimensions: [technician]
  done: event == "closed"
  ledger:
    - {event: e, when: "true", subject: technician}

# comments above the next key stay with it
scales:
  ten: {builtin: ten_point}
`

// TestSplitKeepsLines: the run section's lines are blanked, so every other
// line keeps its number for the policy loader's errors.
func TestSplitKeepsLines(t *testing.T) {
	sec, rest, err := Split("p.yaml", []byte(policyText))
	if err != nil {
		t.Fatal(err)
	}
	in, out := strings.Split(policyText, "\n"), strings.Split(string(rest), "\n")
	if len(in) != len(out) {
		t.Fatalf("%d lines became %d", len(in), len(out))
	}
	for i := range in {
		inRun := i >= 5 && i <= 9
		switch {
		case inRun && out[i] != "":
			t.Errorf("line %d %q kept", i+1, out[i])
		case !inRun && out[i] != in[i]:
			t.Errorf("line %d %q became %q", i+1, in[i], out[i])
		}
	}
	want := Spec{Dimensions: []string{"technician"}, Done: `event == "closed"`,
		Ledger: []LedgerEvent{{Event: "e", When: "true", Subject: "technician"}}}
	if diff := cmp.Diff(want, sec.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
	if !sec.Present || !strings.HasPrefix(sec.Hash, "sha256:") {
		t.Errorf("section %+v", sec)
	}
	if n := sec.Node("run.ledger[0].when"); n == nil || n.Line != 10 {
		t.Errorf("node of run.ledger[0].when: %+v", n)
	}
}

func TestSplitWithoutRun(t *testing.T) {
	text := "version: 1\nname: x\n"
	sec, rest, err := Split("p.yaml", []byte(text))
	if err != nil || sec.Present || string(rest) != text {
		t.Fatalf("Split = %+v, %q, %v", sec, rest, err)
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"run:\n  dimensons: [a]\n", `p.yaml:2:3: run.dimensons: unknown key "dimensons" (did you mean "dimensions"?)`},
		{"run:\n  ledger:\n    - {event: e}\n", `p.yaml:3:7: run.ledger[0]: when is required`},
		{"run:\n  measures:\n    a: {count: x}\n    a: {count: y}\n", `p.yaml:4:5: run.measures.a: "a" defined twice`},
		{"run:\n  dimensions: technician\n", `p.yaml:2:15: run.dimensions: want a list of names (write a list: [a, b])`},
		{"{version: 1, run: {done: x}}\n", `p.yaml:1:14: run: the run section cannot be read out of a flow mapping (write the policy as a block mapping to give it a run section)`},
		{"run:\n  scorecards:\n    s: {inputs: {a: b}}\n", `p.yaml:3:8: run.scorecards.s: subject is required`},
	}
	for _, tt := range tests {
		_, _, err := Split("p.yaml", []byte(tt.text))
		var l ErrorList
		if !errors.As(err, &l) || len(l) == 0 {
			t.Errorf("%q: %v, want an ErrorList", tt.text, err)
			continue
		}
		if got := strings.SplitN(l[0].Error(), "\n", 2)[0]; got != tt.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.text, got, tt.want)
		}
	}
}
