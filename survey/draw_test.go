package survey

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The tickets below were computed by an independent implementation of the
// hash specified in Draw's documentation (a few lines of Python), so they pin
// the specification, not just this code.
func TestTicketVectors(t *testing.T) {
	tests := []struct {
		seed, period, stratum, order string
		want                         string
	}{
		{"2025-07 callback", "2025-07", "repairs", "WO20250701-0001", "e28c8df4d9267e52"},
		{"", "", "", "", "aa18632943f6da6d"},
		{"s", "2025-07", "repairs", strings.Repeat("x", 200), "9504d46c48bb06c6"}, // a two-byte length
		{"seed", "p", "ab", "c", "f4646f93a5d3de9a"},
		{"seed", "p", "a", "bc", "b241f875a2cbbf52"}, // lengths keep the fields apart
	}
	for _, tc := range tests {
		if got := TicketOf(tc.seed, tc.period, tc.stratum, tc.order).String(); got != tc.want {
			t.Errorf("TicketOf(%q, %q, %q, %.20q) = %s, want %s", tc.seed, tc.period, tc.stratum, tc.order, got, tc.want)
		}
	}
}

func TestThreshold(t *testing.T) {
	tests := []struct {
		rate  string
		bound uint64
		all   bool
	}{
		{"0", 0, false},
		{"0.2", 3689348814741910323, false}, // floor(2^64 / 5)
		{"0.20", 3689348814741910323, false},
		{"0.5", 1 << 63, false},
		{"1", 0, true},
		{"1.00", 0, true},
	}
	for _, tc := range tests {
		th, err := NewThreshold(decimal.RequireFromString(tc.rate))
		if err != nil {
			t.Fatal(err)
		}
		if th.bound != tc.bound || th.all != tc.all {
			t.Errorf("NewThreshold(%s) = {%d, %v}, want {%d, %v}", tc.rate, th.bound, th.all, tc.bound, tc.all)
		}
	}
	one, _ := NewThreshold(decimal.NewFromInt(1))
	if !one.Admits(math.MaxUint64) {
		t.Error("rate 1 does not admit the largest ticket")
	}
	zero, _ := NewThreshold(decimal.Zero)
	if zero.Admits(0) || (Threshold{}).Admits(0) {
		t.Error("rate 0 admits ticket 0")
	}
	for _, bad := range []string{"-0.01", "1.01", "20"} {
		if _, err := NewThreshold(decimal.RequireFromString(bad)); err == nil {
			t.Errorf("NewThreshold(%s) accepted", bad)
		}
	}
}

func TestTicketText(t *testing.T) {
	if got := Ticket(1 << 63).Fraction(4).String(); got != "0.5" {
		t.Errorf("Fraction = %s", got)
	}
	if got := Ticket(math.MaxUint64).Fraction(6).String(); got != "0.999999" {
		t.Errorf("Fraction of the largest ticket = %s, want 0.999999 (rounded down)", got)
	}
	rapid.Check(t, func(t *rapid.T) {
		tk := Ticket(rapid.Uint64().Draw(t, "t"))
		b, _ := tk.MarshalText()
		var back Ticket
		if err := back.UnmarshalText(b); err != nil || back != tk || len(b) != 16 {
			t.Fatalf("%s: %v %v", b, back, err)
		}
	})
	for _, bad := range []string{"", "12", "zzzzzzzzzzzzzzzz", "+123456789abcdef"} {
		var tk Ticket
		if err := tk.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("UnmarshalText(%q) accepted", bad)
		}
	}
}

func genRate() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64Range(0, 1000).Draw(t, "permille"), -3)
	})
}

// Drawing is deterministic, and raising the rate keeps every earlier pick.
func TestDrawDeterministicAndMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.String().Draw(t, "seed")
		period := rapid.SampledFrom([]string{"2025-06", "2025-07"}).Draw(t, "period")
		id := rapid.StringMatching(`WO[0-9]{6}`).Draw(t, "id")
		d := NewDraw(seed, period, "repairs")
		if d.Ticket(id) != TicketOf(seed, period, "repairs", id) || NewDraw(seed, period, "repairs").Ticket(id) != d.Ticket(id) {
			t.Fatal("tickets differ between draws of the same order")
		}
		if NewDraw(seed, period, "quota").Ticket(id) == d.Ticket(id) || NewDraw(seed+"x", period, "repairs").Ticket(id) == d.Ticket(id) {
			t.Fatal("another stratum or seed draws the same ticket")
		}
		r1, r2 := genRate().Draw(t, "r1"), genRate().Draw(t, "r2")
		if r1.GreaterThan(r2) {
			r1, r2 = r2, r1
		}
		lo, _ := NewThreshold(r1)
		hi, _ := NewThreshold(r2)
		tk := d.Ticket(id)
		if lo.Admits(tk) && !hi.Admits(tk) {
			t.Fatalf("picked at %s but not at %s", r1, r2)
		}
	})
}

// Over a large population the share of admitted tickets stays within five
// standard deviations of the declared rate, for any seed and period.
func TestDrawRateWithinBounds(t *testing.T) {
	const n = 20000
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.String().Draw(t, "seed")
		rate := genRate().Draw(t, "rate")
		th, _ := NewThreshold(rate)
		d := NewDraw(seed, "2025-07", "repairs")
		picked := 0
		for i := range n {
			if th.Admits(d.Ticket(fmt.Sprintf("WO2025%06d", i))) {
				picked++
			}
		}
		r := rate.InexactFloat64()
		sigma := math.Sqrt(n * r * (1 - r))
		if dev := math.Abs(float64(picked) - n*r); dev > 5*sigma+1 {
			t.Fatalf("rate %s: picked %d of %d, %.1f from the expected %.0f (σ = %.1f)", rate, picked, n, dev, n*r, sigma)
		}
	})
}

// Tickets of sequential order ids are spread evenly over [0, 1): a chi-square
// test over 64 equal bins (63 degrees of freedom; the 99.99th percentile is
// about 117).
func TestTicketsUniform(t *testing.T) {
	const n, bins = 64000, 64
	for _, stratum := range []string{"repairs", "quota", ""} {
		var count [bins]int
		d := NewDraw("2025-07 callback", "2025-07", stratum)
		for i := range n {
			count[d.Ticket(fmt.Sprintf("WO%d", i))>>58]++
		}
		chi := 0.0
		for _, c := range count {
			e := float64(n) / bins
			chi += (float64(c) - e) * (float64(c) - e) / e
		}
		if chi > 117 {
			t.Errorf("stratum %q: chi-square %.1f over %d bins", stratum, chi, bins)
		}
	}
}

// One sampling draw (ticket and comparison) does not allocate.
func TestDrawNoAllocs(t *testing.T) {
	d := NewDraw("2025-07 callback", "2025-07", "repairs")
	th, _ := NewThreshold(decimal.RequireFromString("0.2"))
	n := testing.AllocsPerRun(1000, func() { _ = th.Admits(d.Ticket("WO20250701-0001")) })
	if n != 0 {
		t.Errorf("a draw allocates %v times", n)
	}
}

var sinkBool bool

// BenchmarkDraw is one sampling decision of the rate layer: hash the order id
// into its ticket and compare it with the rule's threshold.
func BenchmarkDraw(b *testing.B) {
	d := NewDraw("2025-07 callback", "2025-07", "repairs")
	th, _ := NewThreshold(decimal.RequireFromString("0.2"))
	ids := make([]string, 1024)
	for i := range ids {
		ids[i] = fmt.Sprintf("WO20250701-%04d", i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkBool = th.Admits(d.Ticket(ids[i&1023]))
	}
}
