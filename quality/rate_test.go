package quality_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
)

func trRate(t testing.TB, num, den int64) quality.Rate {
	t.Helper()
	r, err := quality.NewRate(num, den)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRateFigures uses the operators' figures: punctuality named in 7 of 12
// dissatisfied July cases (58.33%), satisfaction with only 10 counted, the
// 85% answer rate, the 95% on-time rate, the 20% participation floor.
func TestRateFigures(t *testing.T) {
	tests := []struct {
		name     string
		num, den int64
		places   int32
		m        quality.Rounding
		value    string // Value(places+2, m), fixed digits; "" when undefined
		percent  string // Percent(places, m)
	}{
		{"punctuality cases of July", 7, 12, 2, quality.HalfUp, "0.5833", "58.33%"},
		{"repair satisfied of rated", 14, 15, 2, quality.HalfUp, "0.9333", "93.33%"},
		{"same, truncated", 14, 15, 2, quality.Down, "0.9333", "93.33%"},
		{"same, rounded up", 14, 15, 2, quality.Up, "0.9334", "93.34%"},
		{"answered in 15 s", 17, 20, 1, quality.HalfEven, "0.850", "85.0%"},
		{"on time", 19, 20, 0, quality.HalfUp, "0.95", "95%"},
		{"participation floor", 1, 5, 2, quality.HalfUp, "0.2000", "20.00%"},
		{"one 9 among 10s", 9, 10, 2, quality.HalfUp, "0.9000", "90.00%"},
		{"all satisfied", 12, 12, 2, quality.HalfUp, "1.0000", "100.00%"},
		{"nobody satisfied", 0, 3, 2, quality.HalfUp, "0.0000", "0.00%"},
		{"two thirds, tie-free", 2, 3, 2, quality.HalfEven, "0.6667", "66.67%"},
		{"one eighth, a tie", 1, 8, 1, quality.HalfEven, "0.125", "12.5%"},
		{"one eighth, tie at 0 places", 1, 8, 0, quality.HalfEven, "0.12", "12%"},
		{"one eighth, tie half up", 1, 8, 0, quality.HalfUp, "0.13", "13%"},
		{"complaints exceed orders", 3, 2, 0, quality.HalfUp, "1.50", "150%"},
		{"nobody rated", 0, 0, 2, quality.HalfUp, "", "n/a (0/0)"},
		{"counted but no population", 3, 0, 2, quality.HalfUp, "", "n/a (3/0)"},
		{"huge counts", math.MaxInt64, math.MaxInt64 - 1, 2, quality.HalfUp, "1.0000", "100.00%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := trRate(t, tt.num, tt.den)
			v, ok := r.Value(tt.places+2, tt.m)
			if ok != (tt.value != "") {
				t.Fatalf("Value ok = %v, want %v", ok, tt.value != "")
			}
			if ok && v.StringFixed(tt.places+2) != tt.value {
				t.Errorf("Value(%d, %v) = %s, want %s", tt.places+2, tt.m, v.StringFixed(tt.places+2), tt.value)
			}
			if !ok && !v.IsZero() {
				t.Errorf("undefined Value = %s, want 0", v)
			}
			if got := r.Percent(tt.places, tt.m); got != tt.percent {
				t.Errorf("Percent(%d, %v) = %q, want %q", tt.places, tt.m, got, tt.percent)
			}
			if r.Defined() != (tt.den != 0) {
				t.Errorf("Defined() = %v", r.Defined())
			}
		})
	}
}

func TestRateNegativePlaces(t *testing.T) {
	r := trRate(t, 2, 3) // 66.67%
	if got := r.Percent(-1, quality.HalfUp); got != "70%" {
		t.Errorf("Percent(-1) = %q, want 70%%", got)
	}
	v, _ := r.Value(-1, quality.Ceiling)
	if !v.Equal(decimal.NewFromInt(10)) {
		t.Errorf("Value(-1, Ceiling) = %s, want 10", v)
	}
}

func TestNewRateRefusesNegative(t *testing.T) {
	for _, c := range [][2]int64{{-1, 5}, {1, -5}, {-1, -1}, {math.MinInt64, 0}} {
		if _, err := quality.NewRate(c[0], c[1]); !errors.Is(err, quality.ErrInvalidRate) {
			t.Errorf("NewRate(%d, %d) error = %v, want ErrInvalidRate", c[0], c[1], err)
		}
	}
}

// TestRateValueExact: Value is the exact quotient rounded once, checked
// against big.Rat: the result sits on the side of the exact value and within
// the distance each mode promises, and HalfUp equals decimal's DivRound.
func TestRateValueExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		num := rapid.Int64Range(0, math.MaxInt64).Draw(t, "num")
		den := rapid.Int64Range(1, math.MaxInt64).Draw(t, "den")
		if rapid.Bool().Draw(t, "small") {
			num, den = num%1000, den%1000+1
		}
		places := rapid.Int32Range(0, 30).Draw(t, "places")
		m := rapid.SampledFrom(trModes).Draw(t, "mode")
		r := quality.Rate{Num: num, Den: den}
		v, ok := r.Value(places, m)
		if !ok || v.Exponent() != -places {
			t.Fatalf("%v.Value(%d, %v) = %s, %v", r, places, m, v, ok)
		}
		exact := new(big.Rat).SetFrac64(num, den)
		diff := new(big.Rat).Sub(v.Rat(), exact) // the change rounding made
		unit := decimal.New(1, -places).Rat()
		half := new(big.Rat).Quo(unit, big.NewRat(2, 1))
		abs := new(big.Rat).Abs(diff)
		if abs.Cmp(unit) >= 0 {
			t.Fatalf("%v.Value(%d, %v) = %s: a whole unit away", r, places, m, v)
		}
		switch m {
		case quality.Down, quality.Floor:
			if diff.Sign() > 0 {
				t.Fatalf("%v rounded %v up to %s", m, r, v)
			}
		case quality.Up, quality.Ceiling:
			if diff.Sign() < 0 {
				t.Fatalf("%v rounded %v down to %s", m, r, v)
			}
		case quality.HalfUp, quality.HalfEven:
			switch abs.Cmp(half) {
			case 1:
				t.Fatalf("%v.Value(%d, %v) = %s: more than half a unit away", r, places, m, v)
			case 0: // a tie
				if m == quality.HalfUp && diff.Sign() < 0 {
					t.Fatalf("HalfUp rounded the tie %v down to %s", r, v)
				}
				if m == quality.HalfEven && v.Coefficient().Bit(0) != 0 {
					t.Fatalf("HalfEven rounded the tie %v to the odd %s", r, v)
				}
			}
		}
		if m == quality.HalfUp {
			if want := decimal.NewFromInt(num).DivRound(decimal.NewFromInt(den), places); !v.Equal(want) {
				t.Fatalf("%v.Value(%d, HalfUp) = %s, DivRound says %s", r, places, v, want)
			}
		}
	})
}

func TestRateMerge(t *testing.T) {
	// Repair satisfaction of two technicians, then the station.
	a, b := trRate(t, 14, 15), trRate(t, 9, 10)
	if got := a.Merge(b); got != (quality.Rate{Num: 23, Den: 25}) {
		t.Errorf("14/15 merged with 9/10 = %v, want 23/25", got)
	}
	if got := a.Merge(quality.Rate{}); got != a {
		t.Errorf("merging the undefined 0/0 changed %v to %v", a, got)
	}
	if got, err := quality.MergeRates(); err != nil || got.Defined() {
		t.Errorf("MergeRates() = %v, %v; want undefined 0/0", got, err)
	}
	if _, err := quality.MergeRates(quality.Rate{Num: math.MaxInt64, Den: math.MaxInt64}, quality.Rate{Num: 1, Den: 1}); !errors.Is(err, quality.ErrRateOverflow) {
		t.Errorf("overflowing merge error = %v, want ErrRateOverflow", err)
	}
	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(string), "overflow") {
				t.Errorf("overflowing Merge recovered %v, want an overflow panic", r)
			}
		}()
		quality.Rate{Num: 1, Den: math.MaxInt64}.Merge(quality.Rate{Num: 1, Den: 1})
	}()
}

// customer is one member of a population: counted (satisfied) or not.
type trPopulation []bool

func (p trPopulation) rate() quality.Rate {
	var r quality.Rate
	for _, counted := range p {
		r.Den++
		if counted {
			r.Num++
		}
	}
	return r
}

// TestRateMergeIsUnion: cut a population into random disjoint shards, take
// each shard's rate and merge them in a random order and grouping: the result
// is the rate of the whole population.
func TestRateMergeIsUnion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pop := trPopulation(rapid.SliceOfN(rapid.Bool(), 0, 200).Draw(t, "population"))
		cuts := rapid.SliceOfN(rapid.IntRange(0, len(pop)), 0, 10).Draw(t, "cuts")
		slices.Sort(cuts)
		var shards []quality.Rate
		prev := 0
		for _, c := range append(cuts, len(pop)) {
			shards = append(shards, pop[prev:c].rate())
			prev = c
		}
		shards = rapid.Permutation(shards).Draw(t, "order")
		want := pop.rate()
		// Left fold with Merge.
		var folded quality.Rate
		for _, s := range shards {
			folded = folded.Merge(s)
		}
		// Pairwise tree merge.
		tree := slices.Clone(shards)
		for len(tree) > 1 {
			var next []quality.Rate
			for i := 0; i < len(tree); i += 2 {
				if i+1 < len(tree) {
					next = append(next, tree[i].Merge(tree[i+1]))
				} else {
					next = append(next, tree[i])
				}
			}
			tree = next
		}
		all, err := quality.MergeRates(shards...)
		if err != nil {
			t.Fatal(err)
		}
		for name, got := range map[string]quality.Rate{"fold": folded, "tree": tree[0], "MergeRates": all} {
			if got != want {
				t.Fatalf("%s of shards %v = %v, want %v", name, shards, got, want)
			}
		}
	})
}

func TestRateCmp(t *testing.T) {
	undefined := quality.Rate{}
	tests := []struct {
		a, b quality.Rate
		want int
	}{
		{quality.Rate{Num: 14, Den: 15}, quality.Rate{Num: 9, Den: 10}, 1},
		{quality.Rate{Num: 1, Den: 2}, quality.Rate{Num: 2, Den: 4}, 0},
		{quality.Rate{Num: 0, Den: 7}, quality.Rate{Num: 0, Den: 1}, 0},
		{undefined, quality.Rate{Num: 0, Den: 1}, -1},
		{quality.Rate{Num: 0, Den: 1}, undefined, 1},
		{undefined, quality.Rate{Num: 5, Den: 0}, 0},
		{quality.Rate{Num: math.MaxInt64, Den: math.MaxInt64 - 1}, quality.Rate{Num: math.MaxInt64 - 1, Den: math.MaxInt64 - 2}, -1},
		{quality.Rate{Num: -1, Den: -2}, quality.Rate{Num: 1, Den: 2}, 0},
		{quality.Rate{Num: 1, Den: -2}, quality.Rate{Num: 0, Den: 1}, -1},
	}
	for _, tt := range tests {
		if got := tt.a.Cmp(tt.b); got != tt.want {
			t.Errorf("%v.Cmp(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	// Sorting puts the undefined first.
	rs := []quality.Rate{{Num: 9, Den: 10}, {}, {Num: 14, Den: 15}, {Num: 7, Den: 12}}
	slices.SortFunc(rs, quality.Rate.Cmp)
	want := []quality.Rate{{}, {Num: 7, Den: 12}, {Num: 9, Den: 10}, {Num: 14, Den: 15}}
	if diff := cmp.Diff(want, rs); diff != "" {
		t.Errorf("sorted rates (-want +got):\n%s", diff)
	}
}

func trAnyRate() *rapid.Generator[quality.Rate] {
	return rapid.Custom(func(t *rapid.T) quality.Rate {
		if rapid.Bool().Draw(t, "small") {
			return quality.Rate{Num: rapid.Int64Range(-50, 50).Draw(t, "num"), Den: rapid.Int64Range(-50, 50).Draw(t, "den")}
		}
		return quality.Rate{Num: rapid.Int64().Draw(t, "num"), Den: rapid.Int64().Draw(t, "den")}
	})
}

// TestRateCmpExact: Cmp agrees with big.Rat on every defined pair, whatever
// the signs and sizes, and is antisymmetric.
func TestRateCmpExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := trAnyRate().Draw(t, "a"), trAnyRate().Draw(t, "b")
		got := a.Cmp(b)
		if got != -b.Cmp(a) {
			t.Fatalf("Cmp not antisymmetric: %v.Cmp(%v) = %d, reverse %d", a, b, got, b.Cmp(a))
		}
		if !a.Defined() || !b.Defined() {
			want := 0
			switch {
			case a.Defined():
				want = 1
			case b.Defined():
				want = -1
			}
			if got != want {
				t.Fatalf("%v.Cmp(%v) = %d, want %d", a, b, got, want)
			}
			return
		}
		want := new(big.Rat).SetFrac64(a.Num, a.Den).Cmp(new(big.Rat).SetFrac64(b.Num, b.Den))
		if got != want {
			t.Fatalf("%v.Cmp(%v) = %d, big.Rat says %d", a, b, got, want)
		}
	})
}

func TestRateJSON(t *testing.T) {
	b, err := json.Marshal(quality.Rate{Num: 14, Den: 15})
	if err != nil || string(b) != `{"num":14,"den":15}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	bad := []string{
		`{"num":14}`,
		`{"den":15}`,
		`{"num":-1,"den":15}`,
		`{"num":1,"den":-15}`,
		`{"num":1.5,"den":15}`,
		`{"num":"14","den":15}`,
		`{"num":14,"den":15,"rated":15}`,
		`{"num":9223372036854775808,"den":1}`,
		`[14,15]`,
		`"14/15"`,
	}
	for _, s := range bad {
		var r quality.Rate
		if err := json.Unmarshal([]byte(s), &r); !errors.Is(err, quality.ErrInvalidRate) {
			t.Errorf("Unmarshal(%s) error = %v, want ErrInvalidRate", s, err)
		}
	}
	keep := quality.Rate{Num: 1, Den: 2}
	if err := json.Unmarshal([]byte(`null`), &keep); err != nil || keep != (quality.Rate{Num: 1, Den: 2}) {
		t.Errorf("null changed the rate to %v (%v)", keep, err)
	}
	// In a host's persisted state.
	type day struct {
		Version int          `json:"version"`
		Repair  quality.Rate `json:"repair"`
	}
	var d day
	if err := json.Unmarshal([]byte(`{"version":1,"repair":{"den":15,"num":14}}`), &d); err != nil || d.Repair != (quality.Rate{Num: 14, Den: 15}) {
		t.Errorf("embedded rate = %v, %v", d.Repair, err)
	}
}

// TestRateJSONRoundTrip: every non-negative rate survives JSON exactly.
func TestRateJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := quality.Rate{Num: rapid.Int64Range(0, math.MaxInt64).Draw(t, "num"), Den: rapid.Int64Range(0, math.MaxInt64).Draw(t, "den")}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back quality.Rate
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if back != r {
			t.Fatalf("round trip of %v gave %v", r, back)
		}
	})
}

// FuzzRateJSON: decoding outside input never panics, and whatever decodes
// encodes back to a form that decodes to the same rate.
func FuzzRateJSON(f *testing.F) {
	for _, s := range []string{`{"num":14,"den":15}`, `{"num":0,"den":0}`, `{"num":-1,"den":1}`, `null`, `{}`, `{"num":1e3,"den":1}`, `{"num":1,"den":2,"num":3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r quality.Rate
		if err := json.Unmarshal(data, &r); err != nil {
			return
		}
		if r.Num < 0 || r.Den < 0 {
			t.Fatalf("decoded a negative rate %v from %q", r, data)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back quality.Rate
		if err := json.Unmarshal(b, &back); err != nil || back != r {
			t.Fatalf("re-decoding %s gave %v, %v; want %v", b, back, err, r)
		}
		_ = r.Percent(2, quality.HalfUp)
	})
}

func BenchmarkRatePercent(b *testing.B) {
	r := quality.Rate{Num: 14, Den: 15}
	b.ReportAllocs()
	for b.Loop() {
		r.Percent(2, quality.HalfUp)
	}
}

func BenchmarkRateCmp(b *testing.B) {
	x, y := quality.Rate{Num: 14, Den: 15}, quality.Rate{Num: 9, Den: 10}
	b.ReportAllocs()
	for b.Loop() {
		x.Cmp(y)
	}
}
