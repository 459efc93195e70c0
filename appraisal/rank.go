package appraisal

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"strconv"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// RankSpec says how to rank subjects fairly when some have few answers. With
// two or three ratings a month, one unhappy customer swings a raw rate from
// 100% to 67%; ranking by the raw rate rewards luck. The statistics:
//
//   - [RankWilson]: the lower bound of the Wilson score interval of the rate
//     at Z standard deviations (the upper bound when lower is better). Few
//     answers give a wide interval and a low bound: 3 of 3 (100%) ranks below
//     95 of 100 (95%).
//   - [RankBeta]: the posterior mean (successes + Alpha) / (trials + Alpha +
//     Beta) under the declared beta prior, which pulls small samples toward
//     the prior mean Alpha / (Alpha + Beta): a prior of 18 and 2 (90%, worth
//     20 answers) makes 3 of 3 score 21/23 = 91.3%.
//   - [RankScore]: a score the caller computed (scorecard points), as is.
//
// Subjects with fewer than MinN answers (trials, or N for scores) are not
// ranked; neither is a rate with no answers (0/0). Ties are broken deterministically:
// the larger sample first, then the better raw rate or score, then subject IDs
// in ascending order.
//
// The zero values of Z, Direction and MinN are the defaults: 1.96 (95%),
// higher is better, no minimum (beyond one answer for a rate).
type RankSpec struct {
	By RankBy `json:"by"`
	// Z is the Wilson interval's number of standard deviations.
	Z decimal.Decimal `json:"z,omitzero"`
	// Alpha and Beta are the beta prior's successes and failures (RankBeta).
	Alpha decimal.Decimal `json:"alpha,omitzero"`
	Beta  decimal.Decimal `json:"beta,omitzero"`
	// MinN is the least sample to be ranked.
	MinN int64 `json:"min_n,omitempty"`
	// Direction says whether higher rates or scores are better.
	Direction quality.Direction `json:"direction,omitempty"`
}

// Entry is one subject to rank: a Rate (successes over trials) for RankWilson
// and RankBeta, a Score and its sample size N for RankScore.
type Entry struct {
	Subject string          `json:"subject"`
	Rate    quality.Rate    `json:"rate"`
	Score   decimal.Decimal `json:"score,omitzero"`
	N       int64           `json:"n,omitempty"`
}

// Ranked is one subject's place. Position runs from 1 for ranked subjects and
// is 0 for those not ranked (Reason says why). Stat is the statistic ranked
// by, rounded down (for a lower bound; up for an upper bound, half to even
// for a posterior mean) to 16 places. DecidedBy names the key that put the
// subject below the one before it.
type Ranked struct {
	Position  int             `json:"position"`
	Subject   string          `json:"subject"`
	Rate      quality.Rate    `json:"rate"`
	Score     decimal.Decimal `json:"score,omitzero"`
	N         int64           `json:"n"`
	Stat      decimal.Decimal `json:"stat"`
	DecidedBy Decider         `json:"decided_by"`
	Reason    string          `json:"reason,omitempty"`
}

var defaultZ = decimal.RequireFromString("1.96")

// Rank orders entries by spec. Ranked subjects come first, by position; the
// others follow in subject order with Position 0 and a Reason. Entries are
// checked: subjects unique and non-empty, counts non-negative, successes at
// most trials.
func Rank(entries []Entry, spec RankSpec) ([]Ranked, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	dir := spec.Direction
	if dir == quality.DirectionInvalid {
		dir = quality.HigherIsBetter
	}
	z := spec.Z
	if z.IsZero() {
		z = defaultZ
	}
	seen := make(map[string]bool, len(entries))
	ranked := make([]Ranked, 0, len(entries))
	var unranked []Ranked
	for _, e := range entries {
		if e.Subject == "" || seen[e.Subject] {
			return nil, &DefinitionError{Err: ErrInvalidRanking, Path: e.Subject, Field: "subject", Message: "empty or listed twice"}
		}
		seen[e.Subject] = true
		r := Ranked{Subject: e.Subject, Rate: e.Rate, Score: e.Score, N: e.N}
		if spec.By != RankScore {
			if e.Rate.Num < 0 || e.Rate.Den < 0 || e.Rate.Num > e.Rate.Den {
				return nil, &DefinitionError{Err: ErrInvalidRanking, Path: e.Subject, Field: "rate", Message: e.Rate.String() + ": want 0 ≤ successes ≤ trials"}
			}
			r.N = e.Rate.Den
		} else if e.N < 0 {
			return nil, &DefinitionError{Err: ErrInvalidRanking, Path: e.Subject, Field: "n", Message: "negative sample size " + strconv.FormatInt(e.N, 10)}
		}
		least := spec.MinN
		if spec.By != RankScore {
			least = max(least, 1) // a rate with no answers is undefined
		}
		if r.N < least {
			r.Reason = fmt.Sprintf("insufficient sample: %d < %d", r.N, least)
			unranked = append(unranked, r)
			continue
		}
		switch spec.By {
		case RankWilson:
			r.Stat = wilson(e.Rate, z, dir == quality.LowerIsBetter)
		case RankBeta:
			post := new(big.Rat).Add(big.NewRat(e.Rate.Num, 1), spec.Alpha.Rat())
			den := new(big.Rat).Add(big.NewRat(e.Rate.Den, 1), spec.Alpha.Rat())
			den.Add(den, spec.Beta.Rat())
			r.Stat = roundRat(post.Quo(post, den), intermediate)
		case RankScore:
			r.Stat = e.Score
		}
		ranked = append(ranked, r)
	}
	sign := 1
	if dir == quality.LowerIsBetter {
		sign = -1
	}
	better := func(a, b *Ranked) (int, Decider) {
		if c := sign * a.Stat.Cmp(b.Stat); c != 0 {
			return c, DecidedScore
		}
		if c := cmp.Compare(a.N, b.N); c != 0 {
			return c, DecidedSample
		}
		if spec.By != RankScore {
			if c := sign * a.Rate.Cmp(b.Rate); c != 0 {
				return c, DecidedRaw
			}
		}
		return cmp.Compare(b.Subject, a.Subject), DecidedSubject
	}
	slices.SortFunc(ranked, func(a, b Ranked) int {
		c, _ := better(&a, &b)
		return -c
	})
	for i := range ranked {
		ranked[i].Position = i + 1
		if i > 0 {
			_, ranked[i].DecidedBy = better(&ranked[i-1], &ranked[i])
		}
	}
	slices.SortFunc(unranked, func(a, b Ranked) int { return cmp.Compare(a.Subject, b.Subject) })
	return append(ranked, unranked...), nil
}

func (s RankSpec) check() error {
	fail := func(field, format string, args ...any) error {
		return &DefinitionError{Err: ErrInvalidRanking, Field: field, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case !rankByNames.valid(uint8(s.By)):
		return fail("by", "%v: want wilson, beta or score", s.By)
	case s.Z.Sign() < 0:
		return fail("z", "%s: must be positive", s.Z)
	case s.MinN < 0:
		return fail("min_n", "%d: must not be negative", s.MinN)
	case s.Direction != quality.DirectionInvalid && !s.Direction.Valid():
		return fail("direction", "%v is not a direction", s.Direction)
	}
	if s.By == RankBeta {
		if s.Alpha.Sign() <= 0 || s.Beta.Sign() <= 0 {
			return fail("alpha", "a beta prior needs positive alpha and beta (got %s and %s): declare the prior's successes and failures", s.Alpha, s.Beta)
		}
	} else if !s.Alpha.IsZero() || !s.Beta.IsZero() {
		return fail("alpha", "a prior is only used when ranking by beta")
	}
	return nil
}

// wilson returns the lower bound of the Wilson score interval of r at z
// standard deviations (the upper bound when upper is set), at [precision]
// places, rounded away from the rate so that the bound is conservative
// ([quality.Rate.Wilson]).
func wilson(r quality.Rate, z decimal.Decimal, upper bool) decimal.Decimal {
	low, high, _ := r.Wilson(z, precision)
	if upper {
		return high
	}
	return low
}
