package quality_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
)

// trActual draws an actual value near the target's interesting points.
func trActual(t *rapid.T, tg quality.Target, label string) decimal.Decimal {
	points := []decimal.Decimal{tg.Baseline, tg.Challenge}
	for _, tier := range tg.Tiers {
		points = append(points, tier.At)
	}
	near := rapid.SampledFrom(points).Draw(t, label+" near")
	return near.Add(decimal.New(rapid.Int64Range(-30000, 30000).Draw(t, label+" offset"), -5))
}

// TestTargetAttainmentProperties: for random valid targets and actual values,
// attainment stays within [0, cap], is 1 at the challenge, never falls when the
// actual value gets better, and the gate holds.
func TestTargetAttainmentProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tg := qualitytest.Targets().Draw(t, "target")
		if err := tg.Validate(); err != nil {
			t.Fatalf("generator made an invalid target: %v", err)
		}
		most := tg.MaxAttainment()
		x, y := trActual(t, tg, "x"), trActual(t, tg, "y")
		// Order them so that y is at least as good as x.
		if (tg.Direction == quality.HigherIsBetter) == (x.Cmp(y) > 0) {
			x, y = y, x
		}
		ax, ay := tg.Attainment(x), tg.Attainment(y)
		for _, a := range []decimal.Decimal{ax, ay} {
			if a.Sign() < 0 || a.Cmp(most) > 0 {
				t.Fatalf("attainment %s outside [0, %s]", a, most)
			}
		}
		if ax.Cmp(ay) > 0 {
			t.Fatalf("not monotone: %s scores %s but the better %s scores %s", x, ax, y, ay)
		}
		if a := tg.Attainment(tg.Challenge); !a.Equal(decimal.NewFromInt(1)) {
			t.Fatalf("attainment at the challenge %s = %s, want 1", tg.Challenge, a)
		}
		c := x.Cmp(tg.Baseline)
		worse := (tg.Direction == quality.HigherIsBetter && c < 0) || (tg.Direction == quality.LowerIsBetter && c > 0)
		if worse && (tg.Gate || len(tg.Tiers) > 0) && !ax.IsZero() {
			t.Fatalf("gated: %s is worse than the baseline %s but scores %s", x, tg.Baseline, ax)
		}
		if len(tg.Tiers) == 0 {
			if a := tg.Attainment(tg.Baseline); !a.Equal(tg.BaselineScore) {
				t.Fatalf("attainment at the baseline = %s, want the baseline score %s", a, tg.BaselineScore)
			}
		}
	})
}

// TestTargetJSONRoundTrip: every valid target survives JSON with equal values
// and scores the same afterwards.
func TestTargetJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tg := qualitytest.Targets().Draw(t, "target")
		b, err := json.Marshal(tg)
		if err != nil {
			t.Fatal(err)
		}
		var back quality.Target
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if diff := qualitytest.Diff(tg, back); diff != "" {
			t.Fatalf("round trip of %s changed the target (want: before, got: after):\n%s", b, diff)
		}
		x := trActual(t, tg, "x")
		if a, b := tg.Attainment(x), back.Attainment(x); !a.Equal(b) {
			t.Fatalf("attainment of %s changed from %s to %s", x, a, b)
		}
	})
}

// FuzzTargetJSON: decoding policy text never panics; whatever decodes is
// valid, scores within its bounds, and encodes back to the same target.
func FuzzTargetJSON(f *testing.F) {
	for _, s := range []string{
		`{"baseline":"0.9","challenge":"0.98","direction":"higher_is_better","baseline_score":"0.6","gate":true,"cap":"1.2"}`,
		`{"baseline":"0.95","challenge":"0.95","direction":"higher_is_better","tiers":[{"at":"0.95","score":"1"}]}`,
		`{"baseline":1.5,"challenge":1.2,"direction":"lower_is_better"}`,
		`{"baseline":"1e-300","challenge":"1e300","direction":"higher_is_better"}`,
		`{"baseline":"0","challenge":"0","direction":"lower_is_better","tiers":[]}`,
		`null`,
	} {
		f.Add([]byte(s), "0.93")
	}
	f.Fuzz(func(t *testing.T, data []byte, actual string) {
		var tg quality.Target
		if err := json.Unmarshal(data, &tg); err != nil {
			return
		}
		if string(data) == "null" {
			return
		}
		if err := tg.Validate(); err != nil {
			t.Fatalf("decoded an invalid target from %s: %v", data, err)
		}
		if x, err := decimal.NewFromString(actual); err == nil && x.Exponent() > -400 && x.Exponent() < 400 {
			if a := tg.Attainment(x); a.Sign() < 0 || a.Cmp(tg.MaxAttainment()) > 0 {
				t.Fatalf("attainment %s outside [0, %s]", a, tg.MaxAttainment())
			}
		}
		b, err := json.Marshal(tg)
		if err != nil {
			t.Fatal(err)
		}
		var back quality.Target
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if diff := qualitytest.Diff(tg, back); diff != "" {
			t.Fatalf("round trip of %s changed the target (want: before, got: after):\n%s", b, diff)
		}
	})
}
