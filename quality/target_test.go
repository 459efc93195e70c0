package quality_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
)

func trTarget(t testing.TB, baseline, challenge string, dir quality.Direction) quality.Target {
	t.Helper()
	return quality.Target{Baseline: trDec(t, baseline), Challenge: trDec(t, challenge), Direction: dir}
}

func trThreshold(t testing.TB, value string, dir quality.Direction) quality.Target {
	t.Helper()
	tg, err := quality.Threshold(trDec(t, value), dir)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func trYearOnYear(t testing.TB, lastYear, change string) quality.Target {
	t.Helper()
	tg, err := quality.YearOnYear(trDec(t, lastYear), trDec(t, change))
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// TestTargetFigures scores actual values against the operators' targets
// (DOMAIN.md section 4): repair satisfaction 90%/98%, installation and move
// 95%/100%, on-time arrival 95%, 15-second answer rate 85%, installation
// complaints per hundred orders down 20% year on year.
func TestTargetFigures(t *testing.T) {
	repair := trTarget(t, "0.90", "0.98", quality.HigherIsBetter)
	repair60 := repair
	repair60.BaselineScore = trDec(t, "0.6")
	repairGated := repair60
	repairGated.Gate = true
	repairCapped := repair60
	repairCapped.Cap = trDec(t, "1.2")
	install := trTarget(t, "0.95", "1", quality.HigherIsBetter)
	install60 := install
	install60.BaselineScore = trDec(t, "0.6")
	install60.Gate = true
	onTime := trThreshold(t, "0.95", quality.HigherIsBetter)
	answer15s := trThreshold(t, "0.85", quality.HigherIsBetter)
	complaints := trYearOnYear(t, "1.5", "-0.2") // per hundred orders, last year 1.5
	onTimeSteps := quality.Target{
		Baseline: trDec(t, "0.90"), Challenge: trDec(t, "0.95"), Direction: quality.HigherIsBetter,
		Tiers: []quality.Tier{{At: trDec(t, "0.90"), Score: trDec(t, "0.5")}, {At: trDec(t, "0.95"), Score: trDec(t, "1")}, {At: trDec(t, "0.98"), Score: trDec(t, "1.1")}},
		Cap:   trDec(t, "1.1"),
	}
	complaintSteps := quality.Target{
		Baseline: trDec(t, "1.5"), Challenge: trDec(t, "1.2"), Direction: quality.LowerIsBetter,
		Tiers: []quality.Tier{{At: trDec(t, "1.5"), Score: trDec(t, "0.5")}, {At: trDec(t, "1.35"), Score: trDec(t, "0.75")}, {At: trDec(t, "1.2"), Score: trDec(t, "1")}},
	}

	tests := []struct {
		name   string
		target quality.Target
		actual string
		want   string
	}{
		{"repair at challenge", repair, "0.98", "1"},
		{"repair halfway", repair, "0.94", "0.5"},
		{"repair at baseline", repair, "0.90", "0"},
		{"repair below baseline", repair, "0.85", "0"},
		{"repair above challenge, cap 1", repair, "1", "1"},
		{"repair 14/15 rounded to 0.9333", repair, "0.9333", "0.41625"},
		{"repair 60% at baseline", repair60, "0.90", "0.6"},
		{"repair 60%, halfway", repair60, "0.94", "0.8"},
		{"repair 60%, below baseline falls on", repair60, "0.86", "0.4"},
		{"repair 60%, far below is 0", repair60, "0.70", "0"},
		{"repair 60% gated, just below", repairGated, "0.8999", "0"},
		{"repair 60% gated, at baseline", repairGated, "0.90", "0.6"},
		{"repair capped 1.2, at 100%", repairCapped, "1.00", "1.1"},
		{"repair capped 1.2, at 99%", repairCapped, "0.99", "1.05"},
		{"install at challenge", install, "1", "1"},
		{"install halfway", install, "0.975", "0.5"},
		{"install at baseline", install, "0.95", "0"},
		{"install 60% gated, halfway", install60, "0.975", "0.8"},
		{"install 60% gated, 94%", install60, "0.94", "0"},
		{"on time at 95%", onTime, "0.95", "1"},
		{"on time at 94.99%", onTime, "0.9499", "0"},
		{"on time at 100%", onTime, "1", "1"},
		{"answered in 15 s at 85%", answer15s, "0.85", "1"},
		{"answered in 15 s at 84%", answer15s, "0.84", "0"},
		{"complaints at last year's 1.5", complaints, "1.5", "0"},
		{"complaints down 12%", complaints, "1.32", "0.6"},
		{"complaints down 20%", complaints, "1.2", "1"},
		{"complaints down a third", complaints, "1.0", "1"},
		{"complaints up", complaints, "1.6", "0"},
		{"on-time steps below first", onTimeSteps, "0.89", "0"},
		{"on-time steps first tier", onTimeSteps, "0.93", "0.5"},
		{"on-time steps challenge", onTimeSteps, "0.95", "1"},
		{"on-time steps between", onTimeSteps, "0.97", "1"},
		{"on-time steps over-achieved", onTimeSteps, "0.99", "1.1"},
		{"complaint steps at baseline", complaintSteps, "1.5", "0.5"},
		{"complaint steps worse", complaintSteps, "1.51", "0"},
		{"complaint steps middle", complaintSteps, "1.3", "0.75"},
		{"complaint steps best", complaintSteps, "0.4", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.target.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			got := tt.target.Attainment(trDec(t, tt.actual))
			if !got.Equal(trDec(t, tt.want)) {
				t.Errorf("Attainment(%s) = %s, want %s", tt.actual, got, tt.want)
			}
		})
	}
}

func TestTargetYearOnYear(t *testing.T) {
	got := trYearOnYear(t, "1.5", "-0.2")
	want := quality.Target{Baseline: trDec(t, "1.5"), Challenge: trDec(t, "1.2"), Direction: quality.LowerIsBetter}
	if diff := qualitytest.Diff(want, got); diff != "" {
		t.Errorf("YearOnYear(1.5, -0.2):\n%s", diff)
	}
	up := trYearOnYear(t, "0.9", "0.05")
	if up.Direction != quality.HigherIsBetter || !up.Challenge.Equal(trDec(t, "0.945")) {
		t.Errorf("YearOnYear(0.9, 0.05) = %+v", up)
	}
	zero := trYearOnYear(t, "3", "-1") // down 100%: no complaints at all
	if !zero.Challenge.IsZero() || zero.Attainment(decimal.Zero).Cmp(decimal.NewFromInt(1)) != 0 {
		t.Errorf("YearOnYear(3, -1) = %+v", zero)
	}
	for _, c := range [][2]string{{"0", "-0.2"}, {"-1.5", "-0.2"}, {"1.5", "0"}, {"1.5", "-1.01"}} {
		_, err := quality.YearOnYear(trDec(t, c[0]), trDec(t, c[1]))
		var te *quality.TargetError
		if !errors.Is(err, quality.ErrInvalidTarget) || !errors.As(err, &te) {
			t.Errorf("YearOnYear(%s, %s) error = %v, want a *TargetError", c[0], c[1], err)
		}
	}
}

func TestTargetAttainmentRate(t *testing.T) {
	repair := trTarget(t, "0.90", "0.98", quality.HigherIsBetter)
	// 14/15 exactly: (14/15 - 9/10) / (8/100) = 5/12.
	got, ok := repair.AttainmentRate(quality.Rate{Num: 14, Den: 15})
	if !ok || got.String() != "0.4166666666666667" {
		t.Errorf("AttainmentRate(14/15) = %s, %v; want 0.4166666666666667", got, ok)
	}
	if got, ok := repair.AttainmentRate(quality.Rate{}); ok || !got.IsZero() {
		t.Errorf("AttainmentRate(0/0) = %s, %v; want 0, false", got, ok)
	}
	onTime := trThreshold(t, "0.95", quality.HigherIsBetter)
	if got, _ := onTime.AttainmentRate(quality.Rate{Num: 19, Den: 20}); !got.Equal(decimal.NewFromInt(1)) {
		t.Errorf("on time 19/20 = %s, want 1", got)
	}
	if got, _ := onTime.AttainmentRate(quality.Rate{Num: 37, Den: 39}); !got.IsZero() {
		t.Errorf("on time 37/39 (94.87%%) = %s, want 0", got)
	}
}

func TestTargetScore(t *testing.T) {
	repair := trTarget(t, "0.90", "0.98", quality.HigherIsBetter)
	// 10 points at 5/12 attainment: 4.1666… → 4.17 half up, 4.16 down.
	v, _ := quality.Rate{Num: 14, Den: 15}.Value(30, quality.HalfEven)
	for _, c := range []struct {
		m    quality.Rounding
		want string
	}{{quality.HalfUp, "4.17"}, {quality.Down, "4.16"}, {quality.Ceiling, "4.17"}} {
		got, err := repair.Score(v, decimal.NewFromInt(10), 2, c.m)
		if err != nil || got.StringFixed(2) != c.want {
			t.Errorf("Score(14/15, 10, 2, %v) = %s, %v; want %s", c.m, got, err, c.want)
		}
	}
	// Exact: 1/3 of 0.03 points is 0.01 with one rounding; rounding the
	// attainment first would give 0.0099999….
	third := trTarget(t, "0", "3", quality.HigherIsBetter)
	got, err := third.Score(decimal.NewFromInt(1), trDec(t, "0.03"), 20, quality.HalfEven)
	if err != nil || !got.Equal(trDec(t, "0.01")) {
		t.Errorf("Score(1 of 3, 0.03) = %s, %v; want 0.01", got, err)
	}
	if _, err := (quality.Target{}).Score(v, decimal.NewFromInt(10), 2, quality.HalfUp); !errors.Is(err, quality.ErrInvalidTarget) {
		t.Errorf("Score on the zero Target: error %v, want ErrInvalidTarget", err)
	}
	if _, err := repair.Score(v, decimal.NewFromInt(10), 2, quality.RoundingInvalid); !errors.Is(err, quality.ErrInvalidRounding) {
		t.Errorf("Score with RoundingInvalid: error %v, want ErrInvalidRounding", err)
	}
}

func TestTargetInvalidAttainsZero(t *testing.T) {
	bad := trTarget(t, "0.9", "0.9", quality.HigherIsBetter) // linear with no range
	if got := bad.Attainment(trDec(t, "0.95")); !got.IsZero() {
		t.Errorf("Attainment on an invalid target = %s, want 0", got)
	}
	if got, ok := bad.AttainmentRate(quality.Rate{Num: 1, Den: 1}); !got.IsZero() || !ok {
		t.Errorf("AttainmentRate on an invalid target = %s, %v; want 0, true", got, ok)
	}
}

func TestTargetValidate(t *testing.T) {
	d := func(s string) decimal.Decimal { return trDec(t, s) }
	tier := func(at, score string) quality.Tier { return quality.Tier{At: d(at), Score: d(score)} }
	steps := func(base, chal string, dir quality.Direction, tiers ...quality.Tier) quality.Target {
		return quality.Target{Baseline: d(base), Challenge: d(chal), Direction: dir, Tiers: tiers}
	}
	with := func(tg quality.Target, f func(*quality.Target)) quality.Target { f(&tg); return tg }
	repair := trTarget(t, "0.90", "0.98", quality.HigherIsBetter)
	tests := []struct {
		name   string
		target quality.Target
		field  string // "" when valid
		phrase string // part of the message
	}{
		{"repair", repair, "", ""},
		{"zero target", quality.Target{}, "direction", "Direction(0)"},
		{"unknown direction", with(repair, func(t *quality.Target) { t.Direction = 9 }), "direction", "Direction(9)"},
		{"baseline equals challenge", trTarget(t, "0.9", "0.90", quality.HigherIsBetter), "challenge", "equals the baseline"},
		{"higher is better but challenge lower", trTarget(t, "0.98", "0.90", quality.HigherIsBetter), "challenge", "worse than the baseline"},
		{"lower is better but challenge higher", trTarget(t, "1.2", "1.5", quality.LowerIsBetter), "challenge", "worse than the baseline"},
		{"baseline score 1", with(repair, func(t *quality.Target) { t.BaselineScore = d("1") }), "baseline_score", "outside [0, 1)"},
		{"baseline score negative", with(repair, func(t *quality.Target) { t.BaselineScore = d("-0.1") }), "baseline_score", "outside [0, 1)"},
		{"baseline score 0.6", with(repair, func(t *quality.Target) { t.BaselineScore = d("0.6") }), "", ""},
		{"negative cap", with(repair, func(t *quality.Target) { t.Cap = d("-1.2") }), "cap", "below full marks"},
		{"cap below 1", with(repair, func(t *quality.Target) { t.Cap = d("0.8") }), "cap", "below full marks"},
		{"cap 1.2", with(repair, func(t *quality.Target) { t.Cap = d("1.2") }), "", ""},
		{"threshold", steps("0.95", "0.95", quality.HigherIsBetter, tier("0.95", "1")), "", ""},
		{"steps with baseline score", with(steps("0.95", "0.95", quality.HigherIsBetter, tier("0.95", "1")), func(t *quality.Target) { t.BaselineScore = d("0.5") }), "baseline_score", "first tier"},
		{"steps challenge worse", steps("0.95", "0.90", quality.HigherIsBetter, tier("0.95", "1")), "challenge", "worse than the baseline"},
		{"first tier off baseline", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.92", "0.5"), tier("0.95", "1")), "tiers[0].at", "not the baseline"},
		{"thresholds repeat", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.90", "0.5"), tier("0.90", "0.6"), tier("0.95", "1")), "tiers[1].at", "not better"},
		{"thresholds backwards (lower is better)", steps("1.5", "1.2", quality.LowerIsBetter, tier("1.5", "0.5"), tier("1.6", "0.6"), tier("1.2", "1")), "tiers[1].at", "not better"},
		{"scores fall", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.90", "0.6"), tier("0.93", "0.5"), tier("0.95", "1")), "tiers[1].score", "below the previous"},
		{"score negative", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.90", "-0.1"), tier("0.95", "1")), "tiers[0].score", "outside [0, cap 1]"},
		{"score above cap", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.90", "0.5"), tier("0.95", "1"), tier("0.98", "1.2")), "tiers[2].score", "outside [0, cap 1]"},
		{"full marks before challenge", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.90", "1"), tier("0.95", "1")), "tiers[0].score", "before the challenge"},
		{"challenge tier not 1", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.90", "0.5"), tier("0.95", "0.9")), "tiers[1].score", "earns full marks"},
		{"no tier at challenge", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.90", "0.5"), tier("0.96", "1")), "tiers", "no tier at the challenge"},
		{"no tier reaches the challenge", steps("0.90", "0.95", quality.HigherIsBetter, tier("0.90", "0.5"), tier("0.93", "0.8")), "tiers", "no tier at the challenge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.target.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var te *quality.TargetError
			if !errors.Is(err, quality.ErrInvalidTarget) || !errors.As(err, &te) {
				t.Fatalf("Validate() = %v, want a *TargetError", err)
			}
			if te.Field != tt.field || !strings.Contains(te.Message, tt.phrase) {
				t.Errorf("Validate() = %v; want field %q and a message containing %q", err, tt.field, tt.phrase)
			}
			if !strings.HasPrefix(err.Error(), "quality: invalid target: "+tt.field+": ") {
				t.Errorf("error text %q lacks its prefix", err)
			}
		})
	}
}

func TestTargetJSON(t *testing.T) {
	const repairJSON = `{"baseline":"0.9","challenge":"0.98","direction":"higher_is_better","baseline_score":"0.6","gate":true,"cap":"1.2"}`
	want := quality.Target{Baseline: trDec(t, "0.9"), Challenge: trDec(t, "0.98"), Direction: quality.HigherIsBetter,
		BaselineScore: trDec(t, "0.6"), Gate: true, Cap: trDec(t, "1.2")}
	var got quality.Target
	if err := json.Unmarshal([]byte(repairJSON), &got); err != nil {
		t.Fatal(err)
	}
	if diff := qualitytest.Diff(want, got); diff != "" {
		t.Errorf("decoded:\n%s", diff)
	}
	b, err := json.Marshal(want)
	if err != nil || string(b) != repairJSON {
		t.Errorf("Marshal = %s, %v; want %s", b, err, repairJSON)
	}
	// Defaults are left out.
	b, _ = json.Marshal(trThreshold(t, "0.95", quality.HigherIsBetter))
	if want := `{"baseline":"0.95","challenge":"0.95","direction":"higher_is_better","tiers":[{"at":"0.95","score":"1"}]}`; string(b) != want {
		t.Errorf("threshold JSON = %s, want %s", b, want)
	}
	// Numbers may be written unquoted.
	if err := json.Unmarshal([]byte(`{"baseline":1.5,"challenge":1.2,"direction":"lower_is_better"}`), &got); err != nil {
		t.Errorf("unquoted numbers: %v", err)
	}

	bad := []struct{ src, field string }{
		{`{"challenge":"0.98","direction":"higher_is_better"}`, "baseline"},
		{`{"baseline":"0.9","direction":"higher_is_better"}`, "challenge"},
		{`{"baseline":"0.9","challenge":"0.98"}`, "direction"},
		{`{"baseline":"0.9","challenge":"0.98","direction":"higher_is_better","tiers":[{"at":"0.9"}]}`, "tiers[0]"},
		{`{"baseline":"0.98","challenge":"0.9","direction":"higher_is_better"}`, "challenge"},
	}
	for _, c := range bad {
		var tg quality.Target
		err := json.Unmarshal([]byte(c.src), &tg)
		var te *quality.TargetError
		if !errors.As(err, &te) || te.Field != c.field {
			t.Errorf("Unmarshal(%s) = %v, want a TargetError on %q", c.src, err, c.field)
		}
	}
	for _, src := range []string{
		`{"basline":"0.9","challenge":"0.98","direction":"higher_is_better"}`,     // misspelt
		`{"baseline":"0.9","challenge":"0.98","direction":"higher"}`,              // unknown direction
		`{"baseline":"ninety","challenge":"0.98","direction":"higher_is_better"}`, // not a number
		`[1,2]`,
	} {
		var tg quality.Target
		if err := json.Unmarshal([]byte(src), &tg); !errors.Is(err, quality.ErrInvalidTarget) {
			t.Errorf("Unmarshal(%s) error = %v, want ErrInvalidTarget", src, err)
		}
	}
	var tg quality.Target
	if err := json.Unmarshal([]byte(`{"baseline":"0.9","challenge":"0.98","direction":"higher"}`), &tg); !errors.Is(err, quality.ErrInvalidDirection) {
		t.Errorf("unknown direction error = %v, want it to wrap ErrInvalidDirection too", err)
	}
}

func TestDirectionNames(t *testing.T) {
	for _, d := range []quality.Direction{quality.HigherIsBetter, quality.LowerIsBetter} {
		got, err := quality.ParseDirection(d.String())
		if err != nil || got != d {
			t.Errorf("ParseDirection(%q) = %v, %v", d.String(), got, err)
		}
	}
	if _, err := quality.ParseDirection("higher"); !errors.Is(err, quality.ErrInvalidDirection) {
		t.Errorf("ParseDirection(higher) error = %v", err)
	}
	if s := quality.DirectionInvalid.String(); s != "Direction(0)" {
		t.Errorf("DirectionInvalid.String() = %q", s)
	}
	if _, err := json.Marshal(quality.DirectionInvalid); !errors.Is(err, quality.ErrInvalidDirection) {
		t.Errorf("marshalling DirectionInvalid: %v", err)
	}
}

func BenchmarkTargetAttainment(b *testing.B) {
	repair := quality.Target{Baseline: decimal.RequireFromString("0.90"), Challenge: decimal.RequireFromString("0.98"),
		Direction: quality.HigherIsBetter, BaselineScore: decimal.RequireFromString("0.6"), Gate: true}
	actual := decimal.RequireFromString("0.9333")
	b.ReportAllocs()
	for b.Loop() {
		repair.Attainment(actual)
	}
}
