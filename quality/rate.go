package quality

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// Rate is an exact proportion of two counts, such as satisfied customers over
// rated customers (14 of 15), orders on time over appointments, or calls
// answered within 15 seconds over calls offered. It keeps the counts, not a
// rounded number, so that rates add up exactly and a single dissatisfied
// customer in a small population stays visible.
//
// A rate whose denominator is zero (nobody was rated) is undefined: it is not
// 0% and not NaN. [Rate.Value] reports it with ok == false, [Rate.Percent]
// prints it as "n/a (0/0)", and [Rate.Cmp] sorts it before every defined rate.
// The zero Rate is the undefined rate 0/0, which is also the identity of
// [Rate.Merge].
//
// Two rates over disjoint populations (two technicians, two days, two shards
// of one month) merge into the rate of the union by adding numerators and
// denominators; merging in any order or grouping gives the same counts.
//
// Rates made by [NewRate] or decoded from JSON have non-negative counts. The
// fields are exported so that hosts can fill them directly; the methods treat
// them as the fraction Num/Den whatever their signs. The numerator may exceed
// the denominator (complaints per order, orders per technician).
//
// A Rate encodes to JSON as {"num":14,"den":15}.
type Rate struct {
	Num int64 // the counted part: satisfied, on time, answered in 15 s
	Den int64 // the population: rated, appointments, calls offered
}

// ErrInvalidRate is wrapped by errors from [NewRate] and from decoding a Rate.
var ErrInvalidRate = errors.New("quality: invalid rate")

// ErrRateOverflow is wrapped by the error [MergeRates] returns when a merged
// count does not fit in an int64.
var ErrRateOverflow = errors.New("quality: rate overflow")

// NewRate returns the rate num/den. Negative counts are refused with an error
// wrapping [ErrInvalidRate]. A zero den is allowed and gives an undefined rate.
func NewRate(num, den int64) (Rate, error) {
	if num < 0 || den < 0 {
		return Rate{}, fmt.Errorf("%w: negative count in %d/%d", ErrInvalidRate, num, den)
	}
	return Rate{Num: num, Den: den}, nil
}

// Defined reports whether the rate has a population (Den != 0).
func (r Rate) Defined() bool { return r.Den != 0 }

// Value returns Num/Den rounded to places decimal places under mode m: exact
// division, then one rounding. ok is false, and the value zero, when the rate
// is undefined. For 14/15, Value(4, HalfUp) is 0.9333.
//
// Value panics if m is not a valid [Rounding] (see [Rounding.Round]).
func (r Rate) Value(places int32, m Rounding) (v decimal.Decimal, ok bool) {
	if !m.Valid() {
		panic("quality: Rate.Value with " + m.String() + ": choose a rounding mode")
	}
	if !r.Defined() {
		return decimal.Zero, false
	}
	return roundRat(big.NewInt(r.Num), big.NewInt(r.Den), places, m), true
}

// Percent formats the rate as a percentage with places decimal places under
// mode m, such as "93.33%" for 14/15 with places 2. The digits are fixed:
// 9/10 with places 2 is "90.00%". An undefined rate prints "n/a (0/0)" (with
// its actual counts), never a number.
//
// Percent panics if m is not a valid [Rounding] (see [Rounding.Round]).
func (r Rate) Percent(places int32, m Rounding) string {
	if !m.Valid() {
		panic("quality: Rate.Percent with " + m.String() + ": choose a rounding mode")
	}
	if !r.Defined() {
		return "n/a (" + r.String() + ")"
	}
	num := new(big.Int).Mul(big.NewInt(r.Num), big.NewInt(100))
	p := roundRat(num, big.NewInt(r.Den), places, m)
	return p.StringFixed(max(places, 0)) + "%"
}

// String returns the exact counts, such as "14/15" or "0/0".
func (r Rate) String() string {
	return strconv.FormatInt(r.Num, 10) + "/" + strconv.FormatInt(r.Den, 10)
}

// Merge returns the rate of the union of two disjoint populations: the sums of
// the numerators and of the denominators. 14/15 merged with 9/10 is 23/25. The
// caller guarantees that no customer (order, call) is counted in both.
//
// Merge panics if a sum overflows int64, which counts of people and orders do
// not reach; use [MergeRates] to get an error instead when the counts come
// from outside.
func (r Rate) Merge(o Rate) Rate {
	m, err := MergeRates(r, o)
	if err != nil {
		panic(err.Error())
	}
	return m
}

// MergeRates returns the rate of the union of disjoint populations, like
// [Rate.Merge] applied in turn, or an error wrapping [ErrRateOverflow] when a
// sum does not fit in an int64. Merging no rates gives the undefined 0/0.
func MergeRates(rates ...Rate) (Rate, error) {
	var sum Rate
	for _, r := range rates {
		num, ok1 := addInt64(sum.Num, r.Num)
		den, ok2 := addInt64(sum.Den, r.Den)
		if !ok1 || !ok2 {
			return Rate{}, fmt.Errorf("%w: %v + %v does not fit in int64", ErrRateOverflow, sum, r)
		}
		sum = Rate{Num: num, Den: den}
	}
	return sum, nil
}

func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// Cmp compares the rates as fractions, exactly: -1 if r < o, 0 if equal, +1 if
// r > o. 1/2 and 2/4 compare equal (use == to compare the counts). Undefined
// rates sort before every defined rate and compare equal to each other, so Cmp
// is a total order suitable for slices.SortFunc.
func (r Rate) Cmp(o Rate) int {
	switch rd, od := r.Defined(), o.Defined(); {
	case !rd && !od:
		return 0
	case !rd:
		return -1
	case !od:
		return 1
	}
	// Compare r.Num/r.Den with o.Num/o.Den by cross-multiplying with positive
	// denominators. Products of values below 2^31 fit in an int64.
	a, b, c, d := r.Num, r.Den, o.Num, o.Den
	if small(a) && small(b) && small(c) && small(d) {
		if b < 0 {
			a, b = -a, -b
		}
		if d < 0 {
			c, d = -c, -d
		}
		x, y := a*d, c*b
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return new(big.Rat).SetFrac64(a, b).Cmp(new(big.Rat).SetFrac64(c, d))
}

func small(v int64) bool { return v > -math.MaxInt32 && v < math.MaxInt32 }

// rat returns the rate as an exact rational; the rate must be defined.
func (r Rate) rat() *big.Rat { return new(big.Rat).SetFrac64(r.Num, r.Den) }

// rateJSON is the wire form of a Rate.
type rateJSON struct {
	Num *int64 `json:"num"`
	Den *int64 `json:"den"`
}

// MarshalJSON encodes the rate as {"num":N,"den":D}, exactly.
func (r Rate) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 48)
	b = append(b, `{"num":`...)
	b = strconv.AppendInt(b, r.Num, 10)
	b = append(b, `,"den":`...)
	b = strconv.AppendInt(b, r.Den, 10)
	return append(b, '}'), nil
}

// UnmarshalJSON decodes {"num":N,"den":D}. Both fields are required and must
// be non-negative integers; unknown fields are refused. JSON null leaves the
// rate unchanged.
func (r *Rate) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var w rateJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidRate, err)
	}
	if w.Num == nil || w.Den == nil {
		return fmt.Errorf(`%w: want {"num":N,"den":D}, got %s`, ErrInvalidRate, data)
	}
	v, err := NewRate(*w.Num, *w.Den)
	if err != nil {
		return err
	}
	*r = v
	return nil
}
