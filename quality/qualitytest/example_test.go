package qualitytest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
)

// A comparison that fails, as a test's log shows it: one line per value that
// differs. The yuan amounts 200 and 200.00 are equal; the rate 13/15 is not
// 14/15.
func ExampleExpectEqual() {
	type month struct {
		Technician string
		Penalty    decimal.Decimal
		Satisfied  quality.Rate
	}
	want := month{"T-0412", decimal.RequireFromString("200"), quality.Rate{Num: 14, Den: 15}}
	got := month{"T-0412", decimal.RequireFromString("200.00"), quality.Rate{Num: 13, Den: 15}}

	var rec qualitytest.Recorder // stands in for the test's *testing.T
	rec.Run(func(t testing.TB) {
		qualitytest.ExpectEqual(t, "T-0412's month", want, got)
	})
	fmt.Print(rec.String())
	// Output:
	// T-0412's month differs from what was expected:
	//     .Satisfied: want 14/15, got 13/15
}

// Options compare decimals by value, instants by instant and rates by their
// counts; the options change that.
func ExampleOptions() {
	shanghai := time.FixedZone("CST", 8*3600)
	fmt.Println(cmp.Equal(decimal.RequireFromString("2.0"), decimal.RequireFromString("2.00"), qualitytest.Options()))
	fmt.Println(cmp.Equal(decimal.RequireFromString("2.0"), decimal.RequireFromString("2.00"), qualitytest.Options(qualitytest.ExactDecimals())))
	fmt.Println(cmp.Equal(decimal.RequireFromString("16.666"), decimal.RequireFromString("16.67"), qualitytest.Options(qualitytest.DecimalsTo(2))))
	fmt.Println(cmp.Equal(time.Date(2025, 7, 1, 9, 0, 0, 0, shanghai), time.Date(2025, 7, 1, 1, 0, 0, 0, time.UTC), qualitytest.Options()))
	fmt.Println(cmp.Equal(quality.Rate{Num: 14, Den: 15}, quality.Rate{Num: 28, Den: 30}, qualitytest.Options()))
	fmt.Println(cmp.Equal(quality.Rate{Num: 14, Den: 15}, quality.Rate{Num: 28, Den: 30}, qualitytest.Options(qualitytest.RatesByValue())))
	// Output:
	// true
	// false
	// true
	// true
	// false
	// true
}

// Diff lists the differences by path, in a text that does not change from run
// to run.
func ExampleDiff() {
	type item struct {
		ID     string
		Points decimal.Decimal
	}
	want := []item{{"repair", decimal.RequireFromString("16.67")}, {"install", decimal.RequireFromString("15")}}
	got := []item{{"repair", decimal.RequireFromString("20.00")}, {"install", decimal.RequireFromString("15.00")}, {"on-site", decimal.RequireFromString("18")}}
	fmt.Println(qualitytest.Diff(want, got))
	// Output:
	// [0].Points: want 16.67, got 20.00
	// [2]: want (missing), got {ID:on-site Points:18}
}

// A golden file that no longer matches: the message shows the changed lines
// and how to accept the change.
func ExampleGolden() {
	dir, err := os.MkdirTemp("", "golden")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "report.golden")
	if err := os.WriteFile(path, []byte("T-0412  54.67\nT-0413  61.00\nT-0414  70.25\n"), 0o644); err != nil {
		panic(err)
	}

	var rec qualitytest.Recorder
	rec.Run(func(t testing.TB) {
		qualitytest.GoldenString(t, path, "T-0412  58.00\nT-0413  61.00\nT-0414  70.25\n")
	})
	fmt.Print(strings.ReplaceAll(rec.String(), dir, "testdata"))
	// Output:
	// output differs from the golden file testdata/report.golden (-want +got); if the change is intended, run the test with -update:
	// @@ want 1, got 1 @@
	// - T-0412  54.67
	// + T-0412  58.00
	//   T-0413  61.00
	//   T-0414  70.25
}

// A Recorder stands in for a *testing.T: Fatal stops the function, and the
// messages can be printed or checked.
func ExampleRecorder() {
	var rec qualitytest.Recorder
	failed := rec.Run(func(t testing.TB) {
		t.Log("scoring T-0412")
		t.Fatalf("penalty %s yuan, want at most %s", "400.00", "200")
		t.Log("not reached")
	})
	fmt.Println(failed)
	fmt.Print(rec.String())
	// Output:
	// true
	// scoring T-0412
	// penalty 400.00 yuan, want at most 200
}

// Every target the generator draws passes validation; here forty draws, as a
// property test would make them with rapid.Check.
func ExampleTargets() {
	gen := qualitytest.Targets()
	valid := 0
	for seed := range 40 {
		if err := gen.Example(seed).Validate(); err == nil {
			valid++
		}
	}
	fmt.Println(valid, "of 40 drawn targets are valid")
	// Output:
	// 40 of 40 drawn targets are valid
}
