package quality

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var z95 = decimal.RequireFromString("1.959963984540054")

func TestWilson(t *testing.T) {
	for _, c := range []struct {
		num, den  int64
		low, high string
	}{
		{14, 15, "0.7018", "0.9882"}, // a technician with 14 tens of 15 (bounds checked with Python's decimal at 60 digits)
		{0, 10, "0.0000", "0.2776"},
		{10, 10, "0.7224", "1.0000"},
		{158, 168, "0.8939", "0.9674"}, // the quickstart station's repairs
	} {
		low, high, ok := Rate{c.num, c.den}.Wilson(z95, 4)
		if !ok || low.StringFixed(4) != c.low || high.StringFixed(4) != c.high {
			t.Errorf("%d/%d: [%v, %v] ok=%v, want [%s, %s]", c.num, c.den, low, high, ok, c.low, c.high)
		}
	}
	for _, r := range []Rate{{0, 0}, {3, 2}} {
		if _, _, ok := r.Wilson(z95, 4); ok {
			t.Errorf("%v: ok", r)
		}
	}
	if _, _, ok := (Rate{1, 2}).Wilson(decimal.Zero, 4); ok {
		t.Error("z = 0: ok")
	}
}

// TestWilsonContainsFloat checks the exact, outward-rounded interval against
// the float64 textbook formula: it contains the float bounds up to float
// error, and lies within one unit of the last place of them.
func TestWilsonContainsFloat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.Int64Range(1, 1_000_000).Draw(t, "n")
		k := rapid.Int64Range(0, n).Draw(t, "k")
		zc := rapid.Int64Range(1, 400).Draw(t, "z×100")
		z := decimal.New(zc, -2)
		low, high, ok := Rate{k, n}.Wilson(z, 6)
		if !ok {
			t.Fatal("not ok")
		}
		zf, kf, nf := float64(zc)/100, float64(k), float64(n)
		centre := (kf + zf*zf/2) / (nf + zf*zf)
		radius := zf / (nf + zf*zf) * math.Sqrt(kf*(nf-kf)/nf+zf*zf/4)
		lf, hf := math.Max(0, centre-radius), math.Min(1, centre+radius)
		l, h := low.InexactFloat64(), high.InexactFloat64()
		const eps, unit = 1e-9, 1e-6
		if l > lf+eps || h < hf-eps || l < lf-unit-eps || h > hf+unit+eps {
			t.Fatalf("%d/%d at z=%v: [%v, %v], float [%v, %v]", k, n, z, low, high, lf, hf)
		}
	})
}
