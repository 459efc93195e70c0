package qualitytest_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestOptions(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	ny2, _ := time.LoadLocation("America/New_York")
	at := time.Date(2025, 3, 9, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name      string
		a, b      any
		opts      []qualitytest.Option
		wantEqual bool
	}{
		{"2.0 = 2.00", dec("2.0"), dec("2.00"), nil, true},
		{"2 != 2.01", dec("2"), dec("2.01"), nil, false},
		{"exact: 2.0 != 2.00", dec("2.0"), dec("2.00"), []qualitytest.Option{qualitytest.ExactDecimals()}, false},
		{"exact: 2.00 = 2.00", dec("2.00"), dec("2.00"), []qualitytest.Option{qualitytest.ExactDecimals()}, true},
		{"to 2 places: 16.666 = 16.67", dec("16.666"), dec("16.67"), []qualitytest.Option{qualitytest.DecimalsTo(2)}, true},
		{"to 2 places: 16.664 != 16.67", dec("16.664"), dec("16.67"), []qualitytest.Option{qualitytest.DecimalsTo(2)}, false},
		{"the last option wins", dec("2.0"), dec("2.00"), []qualitytest.Option{qualitytest.ExactDecimals(), qualitytest.DecimalsTo(2)}, true},
		{"rates by counts", quality.Rate{Num: 1, Den: 2}, quality.Rate{Num: 2, Den: 4}, nil, false},
		{"rates by value", quality.Rate{Num: 1, Den: 2}, quality.Rate{Num: 2, Den: 4}, []qualitytest.Option{qualitytest.RatesByValue()}, true},
		{"undefined rates by value", quality.Rate{}, quality.Rate{Num: 3}, []qualitytest.Option{qualitytest.RatesByValue()}, true},
		{"instants by instant", at, at.In(ny), nil, true},
		{"different instants", at, at.Add(time.Nanosecond), nil, false},
		{"locations by name", ny, ny2, nil, true},
		{"locations differ", ny, time.UTC, nil, false},
		{"pointers to decimals", ptr(dec("1.50")), ptr(dec("1.5")), nil, true},
		{"decimals in maps", map[string]decimal.Decimal{"T-1": dec("-200")}, map[string]decimal.Decimal{"T-1": dec("-200.00")}, nil, true},
	} {
		if got := cmp.Equal(c.a, c.b, qualitytest.Options(c.opts...)); got != c.wantEqual {
			t.Errorf("%s: Equal = %v, want %v", c.name, got, c.wantEqual)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestDiffIsStableAndComplete(t *testing.T) {
	type node struct {
		ID    string
		At    time.Time
		Rate  quality.Rate
		Items []node
		Tags  map[string]int
	}
	at := time.Date(2025, 7, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	want := node{ID: "card", At: at, Rate: quality.Rate{Num: 28, Den: 30}, Items: []node{{ID: "a"}, {ID: "b"}}, Tags: map[string]int{"x": 1, "y": 2}}
	got := node{ID: "card", At: at.Add(time.Hour), Rate: quality.Rate{Num: 29, Den: 30}, Items: []node{{ID: "z"}}, Tags: map[string]int{"x": 1, "z": 3}}
	wantText := strings.Join([]string{
		`.At: want 2025-07-01T09:00:00+08:00, got 2025-07-01T10:00:00+08:00`,
		`.Rate: want 28/30, got 29/30`,
		`.Items[0].ID: want "a", got "z"`,
		`.Items[1]: want {ID:b At:0001-01-01 00:00:00 +0000 UTC Rate:0/0 Items:[] Tags:map[]}, got (missing)`,
		`.Tags["y"]: want 2, got (missing)`,
		`.Tags["z"]: want (missing), got 3`,
	}, "\n")
	for range 20 { // go-cmp randomises its own output per process; ours must not vary
		if d := qualitytest.Diff(want, got); d != wantText {
			t.Fatalf("Diff:\n%s\nwant\n%s", d, wantText)
		}
	}
	if d := qualitytest.Diff(want, want); d != "" {
		t.Fatalf("Diff of equal values: %q", d)
	}
	// nil and empty slices differ, as cmp.Equal says.
	if d := qualitytest.Diff([]int(nil), []int{}); d == "" {
		t.Fatal("Diff(nil, empty) is empty, cmp.Equal says they differ")
	}
}

// TestDiffAgreesWithEqual: Diff is empty exactly when cmp.Equal holds, over
// random values.
func TestDiffAgreesWithEqual(t *testing.T) {
	type v struct {
		A []int
		M map[string]decimal.Decimal
		P *quality.Rate
	}
	gen := rapid.Custom(func(t *rapid.T) v {
		var x v
		if rapid.Bool().Draw(t, "a?") {
			x.A = rapid.SliceOfN(rapid.IntRange(0, 2), 0, 3).Draw(t, "a")
		}
		if rapid.Bool().Draw(t, "m?") {
			x.M = map[string]decimal.Decimal{}
			for _, k := range rapid.SliceOfN(rapid.SampledFrom([]string{"x", "y"}), 0, 2).Draw(t, "keys") {
				x.M[k] = qualitytest.Decimals(0, 3, rapid.Int32Range(0, 2).Draw(t, "places")).Draw(t, "value")
			}
		}
		if rapid.Bool().Draw(t, "p?") {
			r := qualitytest.Rates(2).Draw(t, "rate")
			x.P = &r
		}
		return x
	})
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		eq := cmp.Equal(a, b, qualitytest.Options())
		if d := qualitytest.Diff(a, b); (d == "") != eq {
			t.Fatalf("Equal %v, Diff %q", eq, d)
		}
	})
}

func TestExpectEqual(t *testing.T) {
	var rec qualitytest.Recorder
	if !rec.Run(func(tb testing.TB) {
		if qualitytest.ExpectEqual(tb, "penalty", dec("200"), dec("200.00")) != true {
			tb.Error("200 and 200.00 differ")
		}
		if qualitytest.ExpectEqual(tb, "penalty", dec("200"), dec("200.00"), qualitytest.Options(qualitytest.ExactDecimals())) {
			tb.Error("exact: 200 and 200.00 are equal")
		}
	}) {
		t.Fatal("no failure recorded")
	}
	if got, want := rec.String(), "penalty differs from what was expected:\n    (value): want 200, got 200.00\n"; got != want {
		t.Fatalf("messages %q, want %q", got, want)
	}
}

func TestGolden(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "x.golden")
	run := func(got string) (bool, string) {
		var rec qualitytest.Recorder
		failed := rec.Run(func(tb testing.TB) { qualitytest.GoldenString(tb, path, got) })
		return failed, rec.String()
	}
	if failed, msg := run("a\n"); !failed || !strings.Contains(msg, "run the test with -update to create it") {
		t.Fatalf("missing file: failed %v, %q", failed, msg)
	}
	setUpdate(t, true)
	if failed, msg := run("a\nb\n"); failed || !strings.Contains(msg, "updated") {
		t.Fatalf("update: failed %v, %q", failed, msg)
	}
	setUpdate(t, false)
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\nb\n" {
		t.Fatalf("file after update: %q, %v", b, err)
	}
	if failed, msg := run("a\nb\n"); failed || msg != "" {
		t.Fatalf("same output: failed %v, %q", failed, msg)
	}
	failed, msg := run("a\nc")
	if !failed || !strings.HasSuffix(msg, "@@ want 1, got 1 @@\n  a\n- b\n+ c (no newline at end)\n") {
		t.Fatalf("changed output: failed %v, %q", failed, msg)
	}

	var rec qualitytest.Recorder
	rec.Run(func(tb testing.TB) { qualitytest.GoldenJSON(tb, path, map[string]any{"total": dec("54.67")}) })
	if !strings.Contains(rec.String(), "+ {\n+   \"total\": \"54.67\"\n+ }") {
		t.Fatalf("GoldenJSON: %q", rec.String())
	}
}

// setUpdate sets the -update flag for the rest of the test.
func setUpdate(t *testing.T, on bool) {
	old := flag.Lookup("update").Value.String()
	if err := flag.Set("update", map[bool]string{true: "true", false: "false"}[on]); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flag.Set("update", old) })
	if qualitytest.Update() != on {
		t.Fatalf("Update() = %v after setting the flag to %v", qualitytest.Update(), on)
	}
}

func TestLineDiff(t *testing.T) {
	for _, c := range []struct{ want, got, diff string }{
		{"a\n", "a\n", ""},
		{"", "a\n", "@@ want 1, got 1 @@\n+ a"},
		{"a\n", "", "@@ want 1, got 1 @@\n- a"},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n", "@@ want 3, got 3 @@\n  3\n  4\n- 5\n+ X\n  6\n  7"},
		// Two changes more than four lines apart make two hunks.
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n", "X\n2\n3\n4\n5\n6\n7\n8\nY\n", "@@ want 1, got 1 @@\n- 1\n+ X\n  2\n  3\n@@ want 7, got 7 @@\n  7\n  8\n- 9\n+ Y"},
		// Within four lines they share one.
		{"1\n2\n3\n4\n5\n", "X\n2\n3\n4\nY\n", "@@ want 1, got 1 @@\n- 1\n+ X\n  2\n  3\n  4\n- 5\n+ Y"},
		{"a\nb\nc\n", "a\nc\nd\n", "@@ want 1, got 1 @@\n  a\n- b\n  c\n+ d"},
	} {
		if got := qualitytest.LineDiff(c.want, c.got); got != c.diff {
			t.Errorf("LineDiff(%q, %q) =\n%s\nwant\n%s", c.want, c.got, got, c.diff)
		}
	}
}

// TestLineDiffShowsEveryChange: with any two texts, the removed lines of the
// diff are lines of the old text and the added ones lines of the new, and the
// diff is empty only for equal texts.
func TestLineDiffShowsEveryChange(t *testing.T) {
	lines := rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b", "c", "d"}), 0, 30)
	rapid.Check(t, func(t *rapid.T) {
		a, b := lines.Draw(t, "want"), lines.Draw(t, "got")
		ta, tb := strings.Join(a, "\n")+"\n", strings.Join(b, "\n")+"\n"
		if len(a) == 0 {
			ta = ""
		}
		if len(b) == 0 {
			tb = ""
		}
		d := qualitytest.LineDiff(ta, tb)
		if (d == "") != (ta == tb) {
			t.Fatalf("diff %q of %q and %q", d, ta, tb)
		}
		removed, added := 0, 0
		for _, l := range strings.Split(d, "\n") {
			switch {
			case strings.HasPrefix(l, "- "):
				removed++
			case strings.HasPrefix(l, "+ "):
				added++
			}
		}
		// The diff is minimal: lines removed and added are what the longest
		// common subsequence leaves.
		l := lcs(a, b)
		if removed != len(a)-l || added != len(b)-l {
			t.Fatalf("removed %d added %d, want %d and %d:\n%s", removed, added, len(a)-l, len(b)-l, d)
		}
	})
}

func lcs(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if a[0] == b[0] {
		return 1 + lcs(a[1:], b[1:])
	}
	memo := make([][]int, len(a)+1)
	for i := range memo {
		memo[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				memo[i][j] = memo[i+1][j+1] + 1
			} else {
				memo[i][j] = max(memo[i+1][j], memo[i][j+1])
			}
		}
	}
	return memo[0][0]
}

func TestRecorder(t *testing.T) {
	var rec qualitytest.Recorder
	cleaned := false
	failed := rec.Run(func(tb testing.TB) {
		tb.Cleanup(func() { cleaned = true })
		tb.Log("a", 1)
		tb.Skip("skipped here")
		tb.Error("not reached")
	})
	if failed || !rec.Skipped() || !cleaned || rec.String() != "a 1\nskipped here\n" {
		t.Fatalf("failed %v skipped %v cleaned %v messages %q", failed, rec.Skipped(), cleaned, rec.String())
	}
	rec.Reset()
	if rec.Failed() || len(rec.Messages()) != 0 || rec.Name() != "Recorder" {
		t.Fatal("Reset did not reset")
	}
	// A panic that is not Fatal's goes through.
	defer func() {
		if v := recover(); v == nil || v.(error).Error() != "boom" {
			t.Fatalf("recovered %v", v)
		}
	}()
	rec.Run(func(testing.TB) { panic(errors.New("boom")) })
}

// TestGeneratorsDrawValidValues: over many draws, targets validate, rates
// are valid counts, and facts satisfy a rule that reads every fact.
func TestGeneratorsDrawValidValues(t *testing.T) {
	schema := quality.MustSchema(
		quality.Field{Name: "s", Kind: quality.KindString},
		quality.Field{Name: "b", Kind: quality.KindBool},
		quality.Field{Name: "i", Kind: quality.KindInt},
		quality.Field{Name: "d", Kind: quality.KindDecimal},
		quality.Field{Name: "w", Kind: quality.KindDuration},
		quality.Field{Name: "at", Kind: quality.KindTime},
		quality.Field{Name: "tags", Kind: quality.KindStrings},
	)
	rule := quality.MustCompile(`s == s && (b || !b) && i * 0 == 0 && d * 0 == 0 && w >= duration("0s") && at == at && len(tags) >= 0`, schema, quality.KindBool)
	facts := qualitytest.Facts(schema, qualitytest.FactsOptions{Values: map[string][]any{"s": {"repair", "install"}}})
	rapid.Check(t, func(t *rapid.T) {
		tg := qualitytest.Targets().Draw(t, "target")
		if err := tg.Validate(); err != nil {
			t.Fatalf("Targets drew an invalid target %+v: %v", tg, err)
		}
		r := qualitytest.RatesOrUndefined(50).Draw(t, "rate")
		if _, err := quality.NewRate(r.Num, r.Den); err != nil || r.Num > r.Den {
			t.Fatalf("rate %v: %v", r, err)
		}
		if r := qualitytest.Rates(50).Draw(t, "defined"); !r.Defined() {
			t.Fatalf("Rates drew %v", r)
		}
		d := qualitytest.Decimals(-5, 5, 2).Draw(t, "decimal")
		if d.Exponent() != -2 || d.Abs().Cmp(dec("0.05")) > 0 {
			t.Fatalf("Decimals(-5, 5, 2) drew %s", d)
		}
		if m := qualitytest.Roundings().Draw(t, "rounding"); !m.Valid() {
			t.Fatalf("rounding %v", m)
		}
		f := facts.Draw(t, "facts")
		if ok, err := rule.EvalBool(f); err != nil || !ok {
			t.Fatalf("facts %v: %v, %v", f, ok, err)
		}
		if s := f["s"]; s != "repair" && s != "install" {
			t.Fatalf("s = %v, not one of the values given", s)
		}
	})
}
