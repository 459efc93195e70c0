package qualitytest

import (
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
)

// Decimals draws decimals with up to places decimal places from lo to hi
// (inclusive), where lo and hi count units of the last place: Decimals(0,
// 10000, 4) draws 0.0000 to 1.0000 in steps of 0.0001. Every decimal it draws
// has exactly places places (its exponent is -places).
func Decimals(lo, hi int64, places int32) *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64Range(lo, hi).Draw(t, "units"), -places)
	})
}

// Rates draws defined rates num/den with den from 1 to maxDen and num from 0
// to den: satisfied customers over rated ones. Small populations, where one
// answer swings the rate, are as likely as large ones.
func Rates(maxDen int64) *rapid.Generator[quality.Rate] {
	return rapid.Custom(func(t *rapid.T) quality.Rate {
		den := rapid.Int64Range(1, max(1, maxDen)).Draw(t, "den")
		return quality.Rate{Num: rapid.Int64Range(0, den).Draw(t, "num"), Den: den}
	})
}

// RatesOrUndefined is Rates that also draws the undefined rate 0/0
// (nobody was rated), about one time in eight.
func RatesOrUndefined(maxDen int64) *rapid.Generator[quality.Rate] {
	return rapid.Custom(func(t *rapid.T) quality.Rate {
		if rapid.IntRange(0, 7).Draw(t, "undefined?") == 0 {
			return quality.Rate{}
		}
		return Rates(maxDen).Draw(t, "rate")
	})
}

// Roundings draws one of the valid rounding modes.
func Roundings() *rapid.Generator[quality.Rounding] {
	return rapid.SampledFrom([]quality.Rounding{
		quality.HalfUp, quality.HalfEven, quality.Down, quality.Up, quality.Floor, quality.Ceiling,
	})
}

// Targets draws valid targets of every shape: either direction; linear with
// or without a baseline score, gate and cap above 1; or steps, with tiers
// before and beyond the challenge. Values have up to four decimal places and
// lie within ±4 (rates as fractions, complaints per hundred orders). Every
// target it draws passes quality.Target.Validate.
func Targets() *rapid.Generator[quality.Target] {
	small := func(t *rapid.T, label string, lo, hi int64) decimal.Decimal {
		return decimal.New(rapid.Int64Range(lo, hi).Draw(t, label), -4)
	}
	return rapid.Custom(func(t *rapid.T) quality.Target {
		dir := rapid.SampledFrom([]quality.Direction{quality.HigherIsBetter, quality.LowerIsBetter}).Draw(t, "direction")
		sign := decimal.NewFromInt(1)
		if dir == quality.LowerIsBetter {
			sign = sign.Neg()
		}
		base := small(t, "baseline", -20000, 20000)
		tg := quality.Target{Direction: dir, Baseline: base}
		if rapid.Bool().Draw(t, "capped") {
			tg.Cap = decimal.NewFromInt(1).Add(small(t, "cap over 1", 0, 5000))
		}
		most := tg.MaxAttainment()
		if !rapid.Bool().Draw(t, "steps") {
			tg.Challenge = base.Add(small(t, "range", 1, 20000).Mul(sign))
			if rapid.Bool().Draw(t, "scored baseline") {
				tg.BaselineScore = small(t, "baseline score", 0, 9999)
			}
			tg.Gate = rapid.Bool().Draw(t, "gate")
			return tg
		}
		// Steps: thresholds walk from the baseline in the better direction;
		// scores rise to exactly 1 at the challenge, then up to the cap.
		before := rapid.IntRange(0, 4).Draw(t, "tiers before challenge")
		after := rapid.IntRange(0, 3).Draw(t, "tiers after challenge")
		at := base
		score := decimal.Zero
		for i := 0; i < before; i++ {
			if i > 0 {
				at = at.Add(small(t, "step", 1, 3000).Mul(sign))
			}
			score = score.Add(small(t, "rise", 0, 2000))
			if score.Cmp(decimal.NewFromInt(1)) >= 0 {
				score = decimal.New(9999, -4)
			}
			tg.Tiers = append(tg.Tiers, quality.Tier{At: at, Score: score})
		}
		if before > 0 {
			at = at.Add(small(t, "step", 1, 3000).Mul(sign))
		}
		tg.Challenge = at
		score = decimal.NewFromInt(1)
		tg.Tiers = append(tg.Tiers, quality.Tier{At: at, Score: score})
		for i := 0; i < after; i++ {
			at = at.Add(small(t, "step", 1, 3000).Mul(sign))
			score = decimal.Min(most, score.Add(small(t, "rise", 0, 2000)))
			tg.Tiers = append(tg.Tiers, quality.Tier{At: at, Score: score})
		}
		tg.Gate = rapid.Bool().Draw(t, "gate")
		return tg
	})
}

// FactsOptions tunes Facts.
type FactsOptions struct {
	// Values lists the values to draw for a fact, by name; values must have
	// the fact's Go type (string, bool, int, decimal.Decimal, time.Duration,
	// time.Time, []string). Facts not listed are drawn by kind.
	Values map[string][]any
	// Strings are the values drawn for string facts not in Values, and the
	// elements of strings facts. Empty means a few short words.
	Strings []string
	// Near is the instant around which time facts are drawn (up to 30 days
	// either side, to the second). Zero means 2025-07-01 00:00 UTC.
	Near time.Time
}

// Facts draws a value for every fact of schema, typed by its kind as rules
// expect it: string, bool, int (−1000 to 1000), decimal.Decimal (up to four
// places), time.Duration (whole seconds up to 48 hours), time.Time and
// []string. Every fact is present, so a rule over the schema never fails with
// quality.ErrMissingFact or quality.ErrFactType.
func Facts(schema *quality.Schema, o FactsOptions) *rapid.Generator[quality.Facts] {
	words := o.Strings
	if len(words) == 0 {
		words = []string{"", "repair", "install", "T017", "Xinjian", "human"}
	}
	near := o.Near
	if near.IsZero() {
		near = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	}
	fields := schema.Fields()
	return rapid.Custom(func(t *rapid.T) quality.Facts {
		facts := make(quality.Facts, len(fields))
		for _, f := range fields {
			if vs := o.Values[f.Name]; len(vs) > 0 {
				facts[f.Name] = rapid.SampledFrom(vs).Draw(t, f.Name)
				continue
			}
			facts[f.Name] = FactValue(t, f, words, near)
		}
		return facts
	})
}

// FactValue draws one value of field f's kind: strings from words, instants
// within 30 days of near. It is the draw Facts makes for a fact not listed in
// FactsOptions.Values; other kits use it to draw single facts.
func FactValue(t *rapid.T, f quality.Field, words []string, near time.Time) any {
	switch f.Kind {
	case quality.KindString:
		return rapid.SampledFrom(words).Draw(t, f.Name)
	case quality.KindBool:
		return rapid.Bool().Draw(t, f.Name)
	case quality.KindInt:
		return rapid.IntRange(-1000, 1000).Draw(t, f.Name)
	case quality.KindDecimal:
		return decimal.New(rapid.Int64Range(-1_000_000, 1_000_000).Draw(t, f.Name), -int32(rapid.IntRange(0, 4).Draw(t, f.Name+" places")))
	case quality.KindDuration:
		return time.Duration(rapid.Int64Range(0, 48*3600).Draw(t, f.Name)) * time.Second
	case quality.KindTime:
		return near.Add(time.Duration(rapid.Int64Range(-30*24*3600, 30*24*3600).Draw(t, f.Name)) * time.Second)
	case quality.KindStrings:
		return rapid.SliceOfDistinct(rapid.SampledFrom(words), rapid.ID[string]).Draw(t, f.Name)
	}
	t.Fatalf("qualitytest: fact %q has kind %v, which Facts cannot draw", f.Name, f.Kind)
	return nil
}
