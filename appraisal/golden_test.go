package appraisal

import (
	"path/filepath"
	"testing"

	"github.com/servq/servq/quality/qualitytest"
)

// TestHalfYearExplanationGolden renders the half-year appraisal of a branch
// (the operators' composite: 40% satisfaction, 60% the normalised provincial
// card) and compares it with testdata/half-year.golden. Run with -update (the
// flag of the servq test kits, see qualitytest.Update) to rewrite the file
// after an intended change, and review the diff.
func TestHalfYearExplanationGolden(t *testing.T) {
	s := MustScorecard(halfYearCard(), provincialSchema())
	in := provincialInputs()
	in["satisfaction"] = RateInput(28, 30)
	r, err := s.Score("branch-7", in)
	if err != nil {
		t.Fatal(err)
	}
	qualitytest.GoldenString(t, filepath.Join("testdata", "half-year.golden"), r.Tree.Text())
}
