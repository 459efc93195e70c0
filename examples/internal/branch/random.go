package branch

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Poisson draws a Poisson count of the given mean (Knuth's method for small
// means, a rounded normal approximation above 30).
func Poisson(r *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		n := int(math.Round(mean + math.Sqrt(mean)*r.NormFloat64()))
		return max(n, 0)
	}
	limit := math.Exp(-mean)
	n, p := 0, r.Float64()
	for p > limit {
		n++
		p *= r.Float64()
	}
	return n
}

// Pick draws an index with probability proportional to its weight; all
// zero (or none positive) means uniform.
func Pick(r *rand.Rand, weights []float64) int {
	var sum float64
	for _, w := range weights {
		if w > 0 {
			sum += w
		}
	}
	if sum == 0 {
		return r.IntN(len(weights))
	}
	u := r.Float64() * sum
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		if u < w {
			return i
		}
		u -= w
	}
	return len(weights) - 1
}

// Chance reports true with probability p.
func Chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// LogNormal draws a duration whose median is median and whose spread is
// sigma (the standard deviation of its logarithm: 0.5 gives a moderate
// right tail, 1 a long one), rounded to the second.
func LogNormal(r *rand.Rand, median time.Duration, sigma float64) time.Duration {
	d := time.Duration(float64(median) * math.Exp(sigma*r.NormFloat64()))
	return d.Round(time.Second)
}

// Uniform draws a duration in [lo, hi), rounded to the second.
func Uniform(r *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return (lo + time.Duration(r.Int64N(int64(hi-lo)))).Round(time.Second)
}

// Rating draws a customer's callback mark, "1" to "10": "10" with
// probability happy (the chance the visit earned a top mark), otherwise
// mostly a 9 or an 8 ("10 is satisfied, 9 is not"): 9, 8, 7, 6, 5, 3, 1 in
// proportions 55, 20, 10, 5, 5, 3, 2.
func Rating(r *rand.Rand, happy float64) string {
	if Chance(r, happy) {
		return "10"
	}
	marks := []int{9, 8, 7, 6, 5, 3, 1}
	return strconv.Itoa(marks[Pick(r, []float64{55, 20, 10, 5, 5, 3, 2})])
}
