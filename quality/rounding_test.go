package quality_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
)

// trDec parses a decimal literal in a test; a typo fails the test.
func trDec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("bad decimal literal %q: %v", s, err)
	}
	return d
}

var trModes = []quality.Rounding{quality.HalfUp, quality.HalfEven, quality.Down, quality.Up, quality.Floor, quality.Ceiling}

// TestRoundingTable checks the table in the Rounding doc comment, row by row.
func TestRoundingTable(t *testing.T) {
	inputs := []string{"2.5", "3.5", "-2.5", "2.4", "2.6", "-2.6"}
	want := map[quality.Rounding][]string{
		quality.HalfUp:   {"3", "4", "-3", "2", "3", "-3"},
		quality.HalfEven: {"2", "4", "-2", "2", "3", "-3"},
		quality.Down:     {"2", "3", "-2", "2", "2", "-2"},
		quality.Up:       {"3", "4", "-3", "3", "3", "-3"},
		quality.Floor:    {"2", "3", "-3", "2", "2", "-3"},
		quality.Ceiling:  {"3", "4", "-2", "3", "3", "-2"},
	}
	for _, m := range trModes {
		for i, in := range inputs {
			got := m.Round(trDec(t, in), 0)
			if got.String() != want[m][i] {
				t.Errorf("%v.Round(%s, 0) = %s, want %s", m, in, got, want[m][i])
			}
		}
	}
}

// TestRoundingFigures rounds the operators' figures the way reports and money
// lines do.
func TestRoundingFigures(t *testing.T) {
	tests := []struct {
		in     string
		places int32
		m      quality.Rounding
		want   string
	}{
		{"58.3333333", 2, quality.HalfUp, "58.33"},             // 7 of 12 July cases named punctuality
		{"93.3333333", 2, quality.HalfUp, "93.33"},             // 14 of 15 rated satisfied
		{"0.125", 2, quality.HalfUp, "0.13"},                   // a tie goes away from zero
		{"0.125", 2, quality.HalfEven, "0.12"},                 // and to the even neighbour
		{"-0.125", 2, quality.HalfUp, "-0.13"},                 // symmetric
		{"-0.125", 2, quality.HalfEven, "-0.12"},               //
		{"-200.005", 2, quality.Floor, "-200.01"},              // a penalty floored
		{"-200.005", 2, quality.Ceiling, "-200.00"},            //
		{"20", 2, quality.HalfUp, "20.00"},                     // digits are fixed, not trimmed
		{"1234.5", -2, quality.HalfUp, "1200"},                 // negative places: hundreds
		{"1250", -2, quality.HalfEven, "1200"},                 //
		{"1350", -2, quality.HalfEven, "1400"},                 //
		{"0.0000000001", 2, quality.Up, "0.01"},                // any dropped digit moves Up
		{"0.0000000001", 2, quality.Down, "0.00"},              //
		{"-0.0000000001", 2, quality.Ceiling, "0.00"},          //
		{"-0.0000000001", 2, quality.Floor, "-0.01"},           //
		{"1e-40", 0, quality.Up, "1"},                          // many dropped digits
		{"-1e-4000", 3, quality.Floor, "-0.001"},               // more than the coefficient has
		{"0.5000000000000000000001", 0, quality.HalfEven, "1"}, // just above a tie
	}
	for _, tt := range tests {
		got := tt.m.Round(trDec(t, tt.in), tt.places)
		if s := got.StringFixed(max(tt.places, 0)); s != tt.want {
			t.Errorf("%v.Round(%s, %d) = %s, want %s", tt.m, tt.in, tt.places, s, tt.want)
		}
		if got.Exponent() != -tt.places {
			t.Errorf("%v.Round(%s, %d) has exponent %d, want %d", tt.m, tt.in, tt.places, got.Exponent(), -tt.places)
		}
	}
}

// decimalMethod is the decimal package's own method for each mode.
func decimalMethod(m quality.Rounding) func(decimal.Decimal, int32) decimal.Decimal {
	switch m {
	case quality.HalfUp:
		return decimal.Decimal.Round
	case quality.HalfEven:
		return decimal.Decimal.RoundBank
	case quality.Down:
		return decimal.Decimal.RoundDown
	case quality.Up:
		return decimal.Decimal.RoundUp
	case quality.Floor:
		return decimal.Decimal.RoundFloor
	case quality.Ceiling:
		return decimal.Decimal.RoundCeil
	}
	panic("no method for " + m.String())
}

// trDecimalGen draws decimals of all sizes: small and huge coefficients, and
// exponents on both sides of the rounding position.
func trDecimalGen() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		exp := rapid.Int32Range(-30, 6).Draw(t, "exp")
		if rapid.Bool().Draw(t, "big") {
			digits := rapid.StringMatching(`-?[1-9][0-9]{0,45}`).Draw(t, "digits")
			d, err := decimal.NewFromString(digits)
			if err != nil {
				t.Fatalf("generator: %v", err)
			}
			return d.Shift(exp)
		}
		return decimal.New(rapid.Int64().Draw(t, "coef"), exp)
	})
}

// TestRoundingAgreesWithDecimal: for random decimals and places, every mode
// gives exactly the decimal package's result, digits and exponent included.
func TestRoundingAgreesWithDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := trDecimalGen().Draw(t, "d")
		places := rapid.Int32Range(-8, 24).Draw(t, "places")
		m := rapid.SampledFrom(trModes).Draw(t, "mode")
		if rapid.Bool().Draw(t, "tie") {
			// An exact tie at the rounding position, possibly with trailing
			// zeros: (10n ± 5) × 10^z at exponent -(places+1+z).
			n := rapid.Int64Range(-1e12, 1e12).Draw(t, "n")
			five := int64(5)
			if n < 0 {
				five = -5
			}
			z := rapid.Int32Range(0, 5).Draw(t, "zeros")
			coef := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(z)), nil)
			coef.Mul(coef, big.NewInt(n*10+five))
			d = decimal.NewFromBigInt(coef, -(places + 1 + z))
		}
		got := m.Round(d, places)
		want := decimalMethod(m)(d, places)
		if got.Cmp(want) != 0 || got.Exponent() != want.Exponent() {
			t.Fatalf("%v.Round(%s, %d) = %s (exp %d), decimal says %s (exp %d)",
				m, d, places, got, got.Exponent(), want, want.Exponent())
		}
	})
}

// TestRoundingBounds: the result is within one unit of the last place, on the
// side the mode promises.
func TestRoundingBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := trDecimalGen().Draw(t, "d")
		places := rapid.Int32Range(-4, 20).Draw(t, "places")
		m := rapid.SampledFrom(trModes).Draw(t, "mode")
		got := m.Round(d, places)
		unit := decimal.New(1, -places)
		diff := got.Sub(d) // the change rounding made
		if diff.Abs().Cmp(unit) >= 0 {
			t.Fatalf("%v.Round(%s, %d) = %s moved a whole unit or more", m, d, places, got)
		}
		switch m {
		case quality.Floor:
			if diff.Sign() > 0 {
				t.Fatalf("Floor rounded %s up to %s", d, got)
			}
		case quality.Ceiling:
			if diff.Sign() < 0 {
				t.Fatalf("Ceiling rounded %s down to %s", d, got)
			}
		case quality.Down:
			if got.Abs().Cmp(d.Abs()) > 0 {
				t.Fatalf("Down moved %s away from zero to %s", d, got)
			}
		case quality.Up:
			if got.Abs().Cmp(d.Abs()) < 0 {
				t.Fatalf("Up moved %s toward zero to %s", d, got)
			}
		case quality.HalfUp, quality.HalfEven:
			if diff.Abs().Mul(decimal.NewFromInt(2)).Cmp(unit) > 0 {
				t.Fatalf("%v.Round(%s, %d) = %s is more than half a unit away", m, d, places, got)
			}
		}
	})
}

func TestRoundingNames(t *testing.T) {
	for _, m := range trModes {
		got, err := quality.ParseRounding(m.String())
		if err != nil || got != m {
			t.Errorf("ParseRounding(%q) = %v, %v; want %v", m.String(), got, err, m)
		}
		if !m.Valid() {
			t.Errorf("%v.Valid() = false", m)
		}
	}
	for _, bad := range []string{"", "HALF_UP", "half-up", "halfup", "bankers", " down", "Rounding(0)"} {
		_, err := quality.ParseRounding(bad)
		if !errors.Is(err, quality.ErrInvalidRounding) {
			t.Errorf("ParseRounding(%q) error = %v, want ErrInvalidRounding", bad, err)
		}
	}
	if s := quality.RoundingInvalid.String(); s != "Rounding(0)" {
		t.Errorf("RoundingInvalid.String() = %q", s)
	}
	if s := quality.Rounding(42).String(); s != "Rounding(42)" {
		t.Errorf("Rounding(42).String() = %q", s)
	}
	if quality.RoundingInvalid.Valid() || quality.Rounding(7).Valid() {
		t.Error("an invalid rounding reports Valid")
	}
}

func TestRoundingJSON(t *testing.T) {
	type line struct {
		Rounding quality.Rounding `json:"rounding"`
	}
	for _, m := range trModes {
		b, err := json.Marshal(line{m})
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"rounding":"` + m.String() + `"}`; string(b) != want {
			t.Errorf("json of %v = %s, want %s", m, b, want)
		}
		var back line
		if err := json.Unmarshal(b, &back); err != nil || back.Rounding != m {
			t.Errorf("round trip of %v gave %v, %v", m, back.Rounding, err)
		}
	}
	if _, err := json.Marshal(line{}); !errors.Is(err, quality.ErrInvalidRounding) {
		t.Errorf("marshalling RoundingInvalid: error %v, want ErrInvalidRounding", err)
	}
	var l line
	if err := json.Unmarshal([]byte(`{"rounding":"nearest"}`), &l); !errors.Is(err, quality.ErrInvalidRounding) {
		t.Errorf("unmarshalling \"nearest\": error %v, want ErrInvalidRounding", err)
	}
}

func TestRoundingInvalidPanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "Rounding(0)") {
			t.Errorf("recover() = %v, want a panic naming Rounding(0)", r)
		}
	}()
	quality.RoundingInvalid.Round(decimal.NewFromInt(1), 2)
}

func FuzzParseRounding(f *testing.F) {
	for _, s := range []string{"half_up", "half_even", "down", "up", "floor", "ceiling", "", "HALF_UP", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := quality.ParseRounding(s)
		if err != nil {
			if m != quality.RoundingInvalid || !errors.Is(err, quality.ErrInvalidRounding) {
				t.Fatalf("ParseRounding(%q) = %v, %v", s, m, err)
			}
			return
		}
		if !m.Valid() || m.String() != s {
			t.Fatalf("ParseRounding(%q) = %v, which does not print back", s, m)
		}
	})
}

func BenchmarkRound(b *testing.B) {
	d := decimal.RequireFromString("1234.56789")
	b.ReportAllocs()
	for b.Loop() {
		quality.HalfEven.Round(d, 2)
	}
}
