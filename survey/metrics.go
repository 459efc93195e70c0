package survey

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// Status says whether a metric can be read: enough answers, too few, or none.
// The zero value, [StatusInvalid], is never reported.
type Status uint8

// The statuses.
const (
	StatusInvalid      Status = iota // not a status; the zero value
	StatusOK                         // at least MetricsOptions.MinSample cases
	StatusInsufficient               // some cases but fewer than MinSample: one answer swings the figure
	StatusNoData                     // no case at all: the rate is undefined (0/0)
)

var statusNames = [...]string{StatusOK: "ok", StatusInsufficient: "insufficient_sample", StatusNoData: "no_data"}

// String returns "ok", "insufficient_sample" or "no_data", or "Status(0)"
// for values that are not statuses.
func (s Status) String() string {
	if s >= StatusOK && s <= StatusNoData {
		return statusNames[s]
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText encodes the status as its name; [StatusInvalid] is an error.
func (s Status) MarshalText() ([]byte, error) {
	if s < StatusOK || s > StatusNoData {
		return nil, fmt.Errorf("%w: cannot encode %v", ErrInvalidJSON, s)
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText decodes a status name.
func (s *Status) UnmarshalText(text []byte) error {
	for v := StatusOK; v <= StatusNoData; v++ {
		if string(text) == statusNames[v] {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("%w: status %q", ErrInvalidJSON, text)
}

func statusOf(n, minSample int64) Status {
	switch {
	case n == 0:
		return StatusNoData
	case n < minSample:
		return StatusInsufficient
	}
	return StatusOK
}

// MetricsOptions declares how metrics are reported. There are no hidden
// defaults: every field must be set ([MetricsOptions.Validate]).
type MetricsOptions struct {
	// MinSample is the declared minimum number of cases (rated answers for
	// satisfaction, eligible orders for participation, respondents for
	// NPS) below which a metric has [StatusInsufficient]. At least 1.
	MinSample int64 `json:"min_sample"`
	// Places is the number of decimal places of every reported figure:
	// rates as fractions (4 places: 0.9333, that is 93.33%) and NPS in
	// points (4 places: 23.5294). 0 to 12.
	Places int32 `json:"places"`
	// Rounding rounds point estimates and swings. Interval bounds are always
	// rounded outward (lower bound down, upper bound up), whatever this is.
	Rounding quality.Rounding `json:"rounding"`
}

// Validate reports an error wrapping [ErrInvalidOptions] for a MinSample
// below 1, Places outside 0 to 12 or an invalid Rounding.
func (o MetricsOptions) Validate() error {
	switch {
	case o.MinSample < 1:
		return fmt.Errorf("%w: min sample %d (declare at least 1)", ErrInvalidOptions, o.MinSample)
	case o.Places < 0 || o.Places > 12:
		return fmt.Errorf("%w: places %d (want 0 to 12)", ErrInvalidOptions, o.Places)
	case !o.Rounding.Valid():
		return fmt.Errorf("%w: rounding %v (declare one, such as half_up)", ErrInvalidOptions, o.Rounding)
	}
	return nil
}

// Interval is a two-sided 95% confidence interval, bounds included.
type Interval struct {
	Low  decimal.Decimal `json:"low"`
	High decimal.Decimal `json:"high"`
}

// RateMetric is a rate with what is needed to read it honestly.
type RateMetric struct {
	// Rate holds the exact counts: satisfied/rated or rated/eligible.
	Rate quality.Rate `json:"rate"`
	// Value is Rate as a fraction, rounded to Places under Rounding; zero
	// when the rate is undefined.
	Value decimal.Decimal `json:"value"`
	// Interval is the 95% Wilson score interval, rounded outward; zero when
	// the rate is undefined.
	Interval Interval `json:"interval"`
	// Status is StatusNoData at 0/0 and StatusInsufficient below MinSample.
	Status Status `json:"status"`
	// IfOneMore is the rate after one more unfavourable case: one more
	// unsatisfied answer for satisfaction, one more eligible order left
	// unrated for participation.
	IfOneMore quality.Rate `json:"if_one_more"`
	// Swing is IfOneMore − Rate, exactly, then rounded (never positive):
	// with 14 of 15 satisfied one more unsatisfied answer swings the rate
	// by −0.0583 (93.33% to 87.50%). Zero when Rate is undefined.
	Swing decimal.Decimal `json:"swing"`
}

// NPSMetric is a net promoter score with its interval.
type NPSMetric struct {
	Promoters int64 `json:"promoters"`
	Passives  int64 `json:"passives"`
	// Detractors is the detractor count; the business-hall KPI deducts one
	// point per detractor (DOMAIN §3).
	Detractors  int64 `json:"detractors"`
	Respondents int64 `json:"respondents"`
	// Score is 100·(Promoters − Detractors)/Respondents, rounded; zero when
	// there are no respondents.
	Score decimal.Decimal `json:"score"`
	// Interval is the variance-based 95% interval in points, rounded
	// outward and clamped to [−100, 100].
	Interval Interval `json:"interval"`
	Status   Status   `json:"status"`
	// Swing is the change of the score one more detractor would cause,
	// exactly −100·(n + P − D)/(n·(n+1)), then rounded.
	Swing decimal.Decimal `json:"swing"`
}

// Metrics are a group's figures.
type Metrics struct {
	Group  Group  `json:"group"`
	Scale  string `json:"scale"`
	Counts Counts `json:"counts"`
	// Satisfaction is satisfied ÷ rated.
	Satisfaction RateMetric `json:"satisfaction"`
	// Participation is rated ÷ eligible orders.
	Participation RateMetric `json:"participation"`
	// NPS is present on scales with NPS classes.
	NPS *NPSMetric `json:"nps,omitempty"`
}

// Metrics returns the figures of a tally classified by the scale, for group g.
func (s *Scale) Metrics(g Group, t Tally, o MetricsOptions) (Metrics, error) {
	if err := o.Validate(); err != nil {
		return Metrics{}, err
	}
	if !t.valid(s.Len()) {
		return Metrics{}, fmt.Errorf("%w: tally has negative counts or points beyond the scale", ErrAnswer)
	}
	c := s.Count(t)
	m := Metrics{
		Group:         g,
		Scale:         s.Name(),
		Counts:        c,
		Satisfaction:  rateMetric(c.Satisfied, c.Rated, o),
		Participation: rateMetric(c.Rated, c.Eligible, o),
	}
	if s.HasNPS() {
		m.NPS = npsMetric(c.Promoters, c.Passives, c.Detractors, o)
	}
	return m, nil
}

// Metrics returns the figures of group g (a group with no orders has every
// metric at StatusNoData).
func (a *Aggregate) Metrics(g Group, o MetricsOptions) (Metrics, error) {
	return a.scale.Metrics(g, a.Tally(g), o)
}

// Report returns the figures of every group, sorted by group.
func (a *Aggregate) Report(o MetricsOptions) ([]Metrics, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	out := make([]Metrics, 0, len(a.groups))
	for _, g := range a.Groups() {
		m, err := a.Metrics(g, o)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func rateMetric(num, den int64, o MetricsOptions) RateMetric {
	m := RateMetric{
		Rate:      quality.Rate{Num: num, Den: den},
		IfOneMore: quality.Rate{Num: num, Den: den + 1},
		Status:    statusOf(den, o.MinSample),
	}
	if den == 0 {
		return m
	}
	m.Value, _ = m.Rate.Value(o.Places, o.Rounding)
	m.Interval = wilson(num, den, o.Places)
	// num/(den+1) − num/den = −num / (den·(den+1))
	d := new(big.Int).Mul(big.NewInt(den), big.NewInt(den+1))
	m.Swing = roundFrac(big.NewInt(-num), d, o.Places, o.Rounding)
	return m
}

func npsMetric(prom, pass, det int64, o MetricsOptions) *NPSMetric {
	n := prom + pass + det
	m := &NPSMetric{
		Promoters: prom, Passives: pass, Detractors: det, Respondents: n,
		Status: statusOf(n, o.MinSample),
	}
	if n == 0 {
		return m
	}
	m.Score = roundFrac(big.NewInt(100*(prom-det)), big.NewInt(n), o.Places, o.Rounding)
	m.Interval = npsInterval(prom, det, n, o.Places)
	// 100(P−D−1)/(n+1) − 100(P−D)/n = −100(n + P − D) / (n(n+1))
	num := big.NewInt(n + prom - det)
	num.Mul(num, big.NewInt(-100))
	m.Swing = roundFrac(num, new(big.Int).Mul(big.NewInt(n), big.NewInt(n+1)), o.Places, o.Rounding)
	return m
}
