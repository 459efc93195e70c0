package surveytest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/survey"
	"github.com/servq/servq/survey/surveytest"
)

// Two days of technician T017's callbacks on the 10-point scale; the expected
// aggregate counted a 9 as a 10, and the failure names the group and the
// answers.
func ExampleAggregateOf() {
	tenPoint := survey.MustScale(survey.TenPoint())
	var t qualitytest.Recorder // stands in for the test's *testing.T
	t.Run(func(t testing.TB) {
		want := surveytest.AggregateOf(t, tenPoint, `
			technician=T017;day=2025-07-01: 10 10 10 - _
			technician=T017;day=2025-07-02: 10 ?
		`)
		got := surveytest.AggregateOf(t, tenPoint, `
			technician=T017;day=2025-07-01: 10 10 9 - _
			technician=T017;day=2025-07-02: １０ ?
		`)
		qualitytest.ExpectEqual(t, "T017's callbacks", want, got, surveytest.Options())
	})
	fmt.Print(t.String())
	// Output:
	// T017's callbacks differs from what was expected:
	//     .tallies.Groups["day=2025-07-01;technician=T017"]["10"]: want 3, got 2
	//     .tallies.Groups["day=2025-07-01;technician=T017"]["9"]: want 0, got 1
}

// A metrics report that changed: one more 9 moved T017 below the line.
func ExampleGoldenMetrics() {
	dir, err := os.MkdirTemp("", "surveytest")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "july.golden")
	tenPoint := survey.MustScale(survey.TenPoint())
	opts := survey.MetricsOptions{MinSample: 30, Places: 4, Rounding: quality.HalfUp}

	var t qualitytest.Recorder
	t.Run(func(t testing.TB) {
		before := surveytest.AggregateOf(t, tenPoint, "technician=T017: 10 10 10 10 10 10 10 10 10 10 10 10 10 10 9")
		text, err := surveytest.Report(before, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		after := surveytest.AggregateOf(t, tenPoint, "technician=T017: 10 10 10 10 10 10 10 10 10 10 10 10 10 10 9 9")
		surveytest.GoldenMetrics(t, path, after, opts)
	})
	fmt.Print(strings.ReplaceAll(t.String(), dir, "testdata"))
	// Output:
	// output differs from the golden file testdata/july.golden (-want +got); if the change is intended, run the test with -update:
	// @@ want 1, got 1 @@
	//   technician=T017
	// -   satisfaction  14/15 = 0.9333 [0.7018, 0.9882] insufficient_sample; one more: 14/16 (-0.0583)
	// -   participation 15/15 = 1.0000 [0.7961, 1.0000] insufficient_sample; one more: 15/16 (-0.0625)
	// +   satisfaction  14/16 = 0.8750 [0.6397, 0.9651] insufficient_sample; one more: 14/17 (-0.0515)
	// +   participation 16/16 = 1.0000 [0.8063, 1.0000] insufficient_sample; one more: 16/17 (-0.0588)
}

// Every reply the generator draws parses to what it means, however it is
// spelled.
func ExampleReplies() {
	tenPoint := survey.MustScale(survey.TenPoint())
	gen := surveytest.Replies(tenPoint)
	right := 0
	for seed := range 50 {
		r := gen.Example(seed)
		a := tenPoint.Parse(r.Text)
		if p, _ := a.Point(); a.Kind() == r.Kind && (r.Kind != survey.Point || p == r.Point) {
			right++
		}
	}
	fmt.Println(right, "of 50 drawn replies parse as meant")
	// Output:
	// 50 of 50 drawn replies parse as meant
}
