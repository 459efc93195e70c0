package survey

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
)

var opts = MetricsOptions{MinSample: 30, Places: 4, Rounding: quality.HalfUp}

// tallyOf counts replies on a scale, plus notRated orders without a reply.
func tallyOf(s *Scale, notRated int, replies ...string) Tally {
	var t Tally
	for _, r := range replies {
		t.Add(s.Parse(r))
	}
	t.NotRated += int64(notRated)
	return t
}

func repeat(reply string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = reply
	}
	return out
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Satisfaction on the 10-point scale, with the operators' figures: the repair
// baseline is 90% and the challenge 98%; with few answers one 9 swings the
// index (DOMAIN §3, §4).
func TestSatisfactionFigures(t *testing.T) {
	ten := MustScale(TenPoint())
	tests := []struct {
		name           string
		replies        []string
		notRated       int
		rate           quality.Rate
		value          string
		low, high      string
		status         Status
		swing          string
		participation  quality.Rate
		participStatus Status
	}{
		{
			name:    "15 answers, one 9: 93.33%, and one more 9 drops it to 87.50%",
			replies: concat(repeat("10", 14), repeat("9", 1)), notRated: 45,
			rate: quality.Rate{Num: 14, Den: 15}, value: "0.9333", low: "0.7018", high: "0.9882",
			status: StatusInsufficient, swing: "-0.0583",
			participation: quality.Rate{Num: 15, Den: 60}, participStatus: StatusOK,
		},
		{
			name:    "50 answers at the 90% repair baseline: one more unsatisfied falls below it",
			replies: concat(repeat("10", 45), repeat("9", 3), repeat("1", 2)), notRated: 150,
			rate: quality.Rate{Num: 45, Den: 50}, value: "0.9000", low: "0.7863", high: "0.9566",
			status: StatusOK, swing: "-0.0176",
			participation: quality.Rate{Num: 50, Den: 200}, participStatus: StatusOK,
		},
		{
			name:    "200 answers at 90%: the interval narrows",
			replies: concat(repeat("10", 180), repeat("8", 20)),
			rate:    quality.Rate{Num: 180, Den: 200}, value: "0.9000", low: "0.8505", high: "0.9344",
			status: StatusOK, swing: "-0.0045",
			participation: quality.Rate{Num: 200, Den: 200}, participStatus: StatusOK,
		},
		{
			name:    "all 9s: nobody satisfied",
			replies: repeat("9", 10),
			rate:    quality.Rate{Num: 0, Den: 10}, value: "0.0000", low: "0.0000", high: "0.2776",
			status: StatusInsufficient, swing: "0.0000",
			participation: quality.Rate{Num: 10, Den: 10}, participStatus: StatusInsufficient,
		},
		{
			name:    "all 10s",
			replies: repeat("10", 10), notRated: 30,
			rate: quality.Rate{Num: 10, Den: 10}, value: "1.0000", low: "0.7224", high: "1.0000",
			status: StatusInsufficient, swing: "-0.0909",
			participation: quality.Rate{Num: 10, Den: 40}, participStatus: StatusOK,
		},
		{
			name:    "one answer",
			replies: []string{"10"},
			rate:    quality.Rate{Num: 1, Den: 1}, value: "1.0000", low: "0.2065", high: "1.0000",
			status: StatusInsufficient, swing: "-0.5000",
			participation: quality.Rate{Num: 1, Den: 1}, participStatus: StatusInsufficient,
		},
		{
			name:     "no answers: undefined, not 0%",
			notRated: 5,
			rate:     quality.Rate{Num: 0, Den: 0}, value: "0", low: "0", high: "0",
			status: StatusNoData, swing: "0",
			participation: quality.Rate{Num: 0, Den: 5}, participStatus: StatusInsufficient,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ten.Metrics(MustGroup("technician", "T017"), tallyOf(ten, tc.notRated, tc.replies...), opts)
			if err != nil {
				t.Fatal(err)
			}
			s := m.Satisfaction
			if s.Rate != tc.rate || s.Value.String() != dec(tc.value).String() || !s.Value.Equal(dec(tc.value)) {
				t.Errorf("satisfaction = %v %s, want %v %s", s.Rate, s.Value, tc.rate, tc.value)
			}
			if !s.Interval.Low.Equal(dec(tc.low)) || !s.Interval.High.Equal(dec(tc.high)) {
				t.Errorf("interval = [%s, %s], want [%s, %s]", s.Interval.Low, s.Interval.High, tc.low, tc.high)
			}
			if s.Status != tc.status {
				t.Errorf("status = %v, want %v", s.Status, tc.status)
			}
			if !s.Swing.Equal(dec(tc.swing)) {
				t.Errorf("swing = %s, want %s", s.Swing, tc.swing)
			}
			if s.IfOneMore != (quality.Rate{Num: tc.rate.Num, Den: tc.rate.Den + 1}) {
				t.Errorf("IfOneMore = %v", s.IfOneMore)
			}
			if m.Participation.Rate != tc.participation || m.Participation.Status != tc.participStatus {
				t.Errorf("participation = %v %v, want %v %v", m.Participation.Rate, m.Participation.Status, tc.participation, tc.participStatus)
			}
			if m.NPS != nil {
				t.Error("NPS on the 10-point scale")
			}
		})
	}
}

// The fixed-digit value: 0.9000, not 0.9, so reports line up.
func TestValueDigits(t *testing.T) {
	ten := MustScale(TenPoint())
	m, _ := ten.Metrics(Group{}, tallyOf(ten, 0, concat(repeat("10", 9), repeat("9", 1))...), opts)
	if got := m.Satisfaction.Value.StringFixed(4); got != "0.9000" {
		t.Errorf("value = %s", got)
	}
	if got := m.Satisfaction.Rate.Percent(2, quality.HalfUp); got != "90.00%" {
		t.Errorf("percent = %s", got)
	}
}

// NPS for business halls, each detractor costing the hall one KPI point.
func TestNPSFigures(t *testing.T) {
	nps := MustScale(NPS(9, 6))
	tests := []struct {
		name               string
		replies            []string
		prom, pass, det    int64
		score, low, high   string
		swing              string
		status             Status
		satisfied, ofRated int64
	}{
		{
			name:    "20 respondents: 12 promoters, 5 passives, 3 detractors",
			replies: concat(repeat("10", 8), repeat("9", 4), repeat("8", 3), repeat("7", 2), repeat("6", 2), repeat("0", 1)),
			prom:    12, pass: 5, det: 3, score: "45.0000", low: "12.5716", high: "77.4284", swing: "-6.9048",
			status: StatusInsufficient, satisfied: 12, ofRated: 20,
		},
		{
			name:    "100 respondents: NPS 30",
			replies: concat(repeat("9", 50), repeat("7", 30), repeat("3", 20)),
			prom:    50, pass: 30, det: 20, score: "30.0000", low: "14.6921", high: "45.3079", swing: "-1.2871",
			status: StatusOK, satisfied: 50, ofRated: 100,
		},
		{
			name:    "5 promoters: the variance is zero, the status says too few",
			replies: repeat("10", 5),
			prom:    5, score: "100.0000", low: "100.0000", high: "100.0000", swing: "-33.3333",
			status: StatusInsufficient, satisfied: 5, ofRated: 5,
		},
		{
			name:    "one each",
			replies: []string{"10", "8", "2"},
			prom:    1, pass: 1, det: 1, score: "0.0000", low: "-92.3936", high: "92.3936", swing: "-25.0000",
			status: StatusInsufficient, satisfied: 1, ofRated: 3,
		},
		{
			name: "nobody", status: StatusNoData, score: "0", low: "0", high: "0", swing: "0",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := nps.Metrics(MustGroup("hall", "Xinjian-1"), tallyOf(nps, 0, tc.replies...), opts)
			if err != nil {
				t.Fatal(err)
			}
			n := m.NPS
			if n == nil {
				t.Fatal("no NPS")
			}
			if n.Promoters != tc.prom || n.Passives != tc.pass || n.Detractors != tc.det || n.Respondents != tc.prom+tc.pass+tc.det {
				t.Errorf("classes = %d/%d/%d of %d", n.Promoters, n.Passives, n.Detractors, n.Respondents)
			}
			if !n.Score.Equal(dec(tc.score)) || !n.Interval.Low.Equal(dec(tc.low)) || !n.Interval.High.Equal(dec(tc.high)) {
				t.Errorf("NPS = %s [%s, %s], want %s [%s, %s]", n.Score, n.Interval.Low, n.Interval.High, tc.score, tc.low, tc.high)
			}
			if !n.Swing.Equal(dec(tc.swing)) {
				t.Errorf("swing = %s, want %s", n.Swing, tc.swing)
			}
			if n.Status != tc.status {
				t.Errorf("status = %v, want %v", n.Status, tc.status)
			}
			if m.Satisfaction.Rate != (quality.Rate{Num: tc.satisfied, Den: tc.ofRated}) {
				t.Errorf("satisfaction = %v", m.Satisfaction.Rate)
			}
		})
	}
}

// What blank and unrecognized replies do is the scale's declaration.
func TestHandling(t *testing.T) {
	replies := []string{"10", "10", "9", "", "  ", "ok", "11"}
	tests := []struct {
		blank, unrec              Handling
		rated, excluded, eligible int64
		detractors                int64
	}{
		// on NPS, 10 and 9 are promoters: only counted replies are detractors
		{Exclude, Exclude, 3, 4, 8, 0},
		{CountUnsatisfied, Exclude, 5, 2, 8, 2},
		{Exclude, CountUnsatisfied, 5, 2, 8, 2},
		{CountUnsatisfied, CountUnsatisfied, 7, 0, 8, 4},
	}
	for _, tc := range tests {
		for _, spec := range []ScaleSpec{TenPoint(), NPS(9, 6)} {
			spec.Blank, spec.Unrecognized = tc.blank, tc.unrec
			s := MustScale(spec)
			m, err := s.Metrics(Group{}, tallyOf(s, 1, replies...), opts)
			if err != nil {
				t.Fatal(err)
			}
			c := m.Counts
			if c.Rated != tc.rated || c.Excluded != tc.excluded || c.Eligible != tc.eligible || c.Blank != 2 || c.Unrecognized != 2 || c.NotRated != 1 {
				t.Errorf("%s blank=%v unrecognized=%v: counts %+v", s.Name(), tc.blank, tc.unrec, c)
			}
			if m.Satisfaction.Rate.Den != tc.rated || m.Participation.Rate != (quality.Rate{Num: tc.rated, Den: tc.eligible}) {
				t.Errorf("%s: satisfaction %v participation %v", s.Name(), m.Satisfaction.Rate, m.Participation.Rate)
			}
			if s.HasNPS() && m.NPS.Detractors != tc.detractors {
				t.Errorf("%s blank=%v unrecognized=%v: %d detractors, want %d", s.Name(), tc.blank, tc.unrec, m.NPS.Detractors, tc.detractors)
			}
		}
	}
}

func TestMetricsOptions(t *testing.T) {
	ten := MustScale(TenPoint())
	for _, o := range []MetricsOptions{
		{MinSample: 0, Places: 4, Rounding: quality.HalfUp},
		{MinSample: 30, Places: -1, Rounding: quality.HalfUp},
		{MinSample: 30, Places: 13, Rounding: quality.HalfUp},
		{MinSample: 30, Places: 4},
	} {
		if _, err := ten.Metrics(Group{}, Tally{}, o); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%+v: err = %v", o, err)
		}
	}
	// Rounding applies to the estimate; the interval is always outward.
	tl := tallyOf(ten, 0, concat(repeat("10", 2), repeat("9", 1))...) // 2/3
	for _, tc := range []struct {
		m    quality.Rounding
		want string
	}{{quality.HalfUp, "0.67"}, {quality.Down, "0.66"}, {quality.Floor, "0.66"}, {quality.Ceiling, "0.67"}} {
		m, _ := ten.Metrics(Group{}, tl, MetricsOptions{MinSample: 1, Places: 2, Rounding: tc.m})
		if !m.Satisfaction.Value.Equal(dec(tc.want)) {
			t.Errorf("%v: value %s, want %s", tc.m, m.Satisfaction.Value, tc.want)
		}
	}
}

// The reported Wilson interval contains the estimate and agrees with a
// float64 computation of the formula to within one unit of the last place,
// rounded outward.
func TestWilsonAgainstFloat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.Int64Range(1, 2_000_000).Draw(t, "n")
		k := rapid.Int64Range(0, n).Draw(t, "k")
		places := rapid.Int32Range(2, 8).Draw(t, "places")
		iv := wilson(k, n, places)
		const z = 1.959963984540054
		p, fn := float64(k)/float64(n), float64(n)
		c := (p + z*z/(2*fn)) / (1 + z*z/fn)
		h := z / (1 + z*z/fn) * math.Sqrt(p*(1-p)/fn+z*z/(4*fn*fn))
		ulp := math.Pow(10, -float64(places))
		lo, hi := iv.Low.InexactFloat64(), iv.High.InexactFloat64()
		if lo > c-h+1e-9 || lo < c-h-ulp-1e-9 {
			t.Fatalf("%d/%d: low %s, float %.12f", k, n, iv.Low, c-h)
		}
		if hi < c+h-1e-9 || hi > c+h+ulp+1e-9 {
			t.Fatalf("%d/%d: high %s, float %.12f", k, n, iv.High, c+h)
		}
		if lo < 0 || hi > 1 || lo > p || hi < p {
			t.Fatalf("%d/%d: [%s, %s] does not hold %v within [0, 1]", k, n, iv.Low, iv.High, p)
		}
	})
}

// The same for the NPS interval.
func TestNPSIntervalAgainstFloat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prom := rapid.Int64Range(0, 100_000).Draw(t, "promoters")
		det := rapid.Int64Range(0, 100_000).Draw(t, "detractors")
		pass := rapid.Int64Range(0, 100_000).Draw(t, "passives")
		n := prom + det + pass
		if n == 0 {
			return
		}
		iv := npsInterval(prom, det, n, 4)
		p, d := float64(prom)/float64(n), float64(det)/float64(n)
		s := p - d
		h := 1.959963984540054 * math.Sqrt((p+d-s*s)/float64(n))
		lo, hi := iv.Low.InexactFloat64(), iv.High.InexactFloat64()
		fl, fh := math.Max(100*(s-h), -100), math.Min(100*(s+h), 100)
		if lo > fl+1e-7 || lo < fl-1e-4-1e-7 || hi < fh-1e-7 || hi > fh+1e-4+1e-7 {
			t.Fatalf("%d/%d/%d: [%s, %s], float [%.8f, %.8f]", prom, pass, det, iv.Low, iv.High, fl, fh)
		}
	})
}

// Metrics are results a host may store: they round-trip through JSON.
func TestMetricsJSON(t *testing.T) {
	nps := MustScale(NPS(9, 6))
	m, err := nps.Metrics(MustGroup("hall", "Xinjian-1", "period", "2025-07"), tallyOf(nps, 3, "10", "9", "7", "3", ""), opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Metrics
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Errorf("round trip changed the metrics:\n%s\n%s", b, b2)
	}
}

// The figures quoted in the package documentation's worked example.
func TestDocWorkedExample(t *testing.T) {
	ten := MustScale(TenPoint())
	m, err := ten.Metrics(Group{}, tallyOf(ten, 45, concat(repeat("10", 14), repeat("9", 1))...), opts)
	if err != nil {
		t.Fatal(err)
	}
	p := m.Participation
	if p.Rate.String() != "15/60" || p.Value.StringFixed(4) != "0.2500" || p.Interval.Low.String() != "0.1577" || p.Interval.High.String() != "0.3724" || p.Status != StatusOK {
		t.Errorf("participation %v %s [%s, %s] %v", p.Rate, p.Value, p.Interval.Low, p.Interval.High, p.Status)
	}
	if s := m.Satisfaction; s.IfOneMore.String() != "14/16" || s.Swing.String() != "-0.0583" {
		t.Errorf("one more: %v %s", s.IfOneMore, s.Swing)
	}
}

// Regression: the NPS interval took the integer ceiling of an unscaled
// square root, so 0 promoters, 1 passive and 1 detractor reported an upper
// bound of 47.9982 instead of 19.2952 (⌈√2⌉ = 2).
func TestNPSIntervalSmallCountsNotCoarse(t *testing.T) {
	iv := npsInterval(0, 1, 2, 4)
	if !iv.Low.Equal(dec("-100")) || !iv.High.Equal(dec("19.2952")) {
		t.Errorf("0/1/1: [%s, %s], want [-100, 19.2952]", iv.Low, iv.High)
	}
}

// roundFrac (a guard-digit division, then one rounding) agrees with
// quality.Rate.Value (exact rational rounding) in every mode, including the
// halfway cases that double rounding gets wrong.
func TestRoundFracExact(t *testing.T) {
	modes := []quality.Rounding{quality.HalfUp, quality.HalfEven, quality.Down, quality.Up, quality.Floor, quality.Ceiling}
	rapid.Check(t, func(t *rapid.T) {
		den := rapid.Int64Range(1, 1<<40).Draw(t, "den")
		num := rapid.Int64Range(-1<<40, 1<<40).Draw(t, "num")
		if rapid.Bool().Draw(t, "halfway") { // num/den exactly halfway at `places`
			den = 2 * rapid.Int64Range(1, 1<<20).Draw(t, "half")
			num = den/2 + den*rapid.Int64Range(-1000, 1000).Draw(t, "k")
		}
		places := rapid.Int32Range(0, 6).Draw(t, "places")
		m := rapid.SampledFrom(modes).Draw(t, "mode")
		want, _ := quality.Rate{Num: num, Den: den}.Value(places, m)
		if got := roundFrac(big.NewInt(num), big.NewInt(den), places, m); !got.Equal(want) {
			t.Fatalf("%d/%d at %d places %v: %s, want %s", num, den, places, m, got, want)
		}
	})
}
