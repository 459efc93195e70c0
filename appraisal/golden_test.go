package appraisal

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestHalfYearExplanationGolden renders the half-year appraisal of a branch
// (the operators' composite: 40% satisfaction, 60% the normalised provincial
// card) and compares it with testdata/half-year.golden. Run with -update to
// rewrite the file after an intended change, and review the diff.
func TestHalfYearExplanationGolden(t *testing.T) {
	s := MustScorecard(halfYearCard(), provincialSchema())
	in := provincialInputs()
	in["satisfaction"] = RateInput(28, 30)
	r, err := s.Score("branch-7", in)
	if err != nil {
		t.Fatal(err)
	}
	got := r.Tree.Text()
	path := filepath.Join("testdata", "half-year.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("explanation changed (-golden +got):\n%s", diff)
	}
}
