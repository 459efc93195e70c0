package appraisaltest

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
)

var cardSchema = quality.MustSchema(
	quality.Field{Name: "complaints", Kind: quality.KindInt, Doc: "human-caused complaints upheld this period"},
)

// CardSchema declares the facts that the rule items of drawn cards read:
// complaints (int), the human-caused complaints upheld in the period.
func CardSchema() *quality.Schema { return cardSchema }

// CardOptions tunes Cards.
type CardOptions struct {
	// Totals are the declared totals drawn for cards; empty means 100, 10
	// and 1000. Totals must be powers of ten, so that every weight (a part
	// of the total) is an exact decimal.
	Totals []int64
	// MaxItems is the most items of a card; zero means 8.
	MaxItems int
	// NoNesting leaves out nested cards.
	NoNesting bool
}

// Cards draws valid scorecards, the way policy writers build them: a declared
// total split into up to MaxItems items worth points (in halves) or weights
// (their share of the total: 0.4 of 100), each scored by one method —
// linear or step targets on rates, deductions per event with or without a
// floor, year-on-year changes ("down 20%"), pass/fail checklists (the "ten
// ones" or shorter ones) in proportion or all or nothing, rules over
// CardSchema's facts, and a nested card now and then (itself drawn, with
// weights of its own). The missing-input policy and the rounding are drawn;
// one card in five sets Normalize and lets its items miss the total. Every
// card it draws passes appraisal.NewScorecard with CardSchema.
func Cards(o CardOptions) *rapid.Generator[appraisal.Card] {
	totals := o.Totals
	if len(totals) == 0 {
		totals = []int64{100, 10, 1000}
	}
	maxItems := o.MaxItems
	if maxItems <= 0 {
		maxItems = 8
	}
	return rapid.Custom(func(t *rapid.T) appraisal.Card {
		ids := 0
		c := card(t, "card", totals, maxItems, !o.NoNesting, &ids)
		c.Missing = rapid.SampledFrom([]appraisal.Missing{appraisal.MissingFail, appraisal.MissingZero, appraisal.MissingRedistribute}).Draw(t, "missing")
		if rapid.Bool().Draw(t, "rounded?") {
			c.Round = &appraisal.Round{Mode: qualitytest.Roundings().Draw(t, "round mode"), Places: int32(rapid.IntRange(0, 4).Draw(t, "round places"))}
		}
		return c
	})
}

// card draws a card with ID id; nested says whether its items may be cards.
func card(t *rapid.T, id string, totals []int64, maxItems int, nested bool, ids *int) appraisal.Card {
	total := rapid.SampledFrom(totals).Draw(t, "total")
	k := rapid.IntRange(1, maxItems).Draw(t, "items")
	// Split the total, in halves, into k positive parts.
	halves := 2 * total
	k = int(min(int64(k), halves))
	cuts := rapid.SliceOfNDistinct(rapid.Int64Range(1, halves-1), k-1, k-1, rapid.ID[int64]).Draw(t, "cuts")
	slices.Sort(cuts)
	bounds := append(append([]int64{0}, cuts...), halves)
	c := appraisal.Card{ID: id, Total: decimal.NewFromInt(total)}
	normalize := k > 1 && rapid.IntRange(0, 4).Draw(t, "normalize?") == 0
	for i := 0; i < k; i++ {
		if normalize && i == k-1 {
			c.Normalize = true // the last part is left out: the items miss the total
			break
		}
		part := decimal.New(bounds[i+1]-bounds[i], 0).Mul(decimal.New(5, -1))
		*ids++
		it := appraisal.Item{ID: "i" + strconv.Itoa(*ids)}
		if rapid.IntRange(0, 2).Draw(t, "weight?") == 0 && part.LessThanOrEqual(c.Total) {
			it.Weight = part.DivRound(c.Total, 8) // exact: the total is a power of ten
		} else {
			it.Points = part
		}
		method(t, &it, part, totals, maxItems, nested, ids)
		if rapid.IntRange(0, 5).Draw(t, "own missing?") == 0 {
			it.Missing = rapid.SampledFrom([]appraisal.Missing{appraisal.MissingZero, appraisal.MissingRedistribute}).Draw(t, "item missing")
		}
		c.Items = append(c.Items, it)
	}
	return c
}

// method gives item it a drawn scoring method; points is its full marks.
func method(t *rapid.T, it *appraisal.Item, points decimal.Decimal, totals []int64, maxItems int, nested bool, ids *int) {
	kinds := []string{"linear", "steps", "deduction", "year_on_year", "checklist", "rule"}
	if nested {
		kinds = append(kinds, "card")
	}
	switch rapid.SampledFrom(kinds).Draw(t, "method") {
	case "linear":
		it.Target = ptr(RateTargets(false).Draw(t, "target"))
	case "steps":
		it.Target = ptr(RateTargets(true).Draw(t, "target"))
	case "deduction":
		d := appraisal.Deduction{Per: qualitytest.Decimals(1, 50, 1).Draw(t, "per")}
		if rapid.Bool().Draw(t, "floor?") {
			// A floor in [0, points), in hundredths.
			hundredths := points.Shift(2).IntPart()
			d.Floor = decimal.New(rapid.Int64Range(0, hundredths-1).Draw(t, "floor"), -2)
		}
		it.Deduction = &d
	case "year_on_year":
		it.YearOnYear = &appraisal.YearOnYear{Change: decimal.New(-rapid.Int64Range(1, 90).Draw(t, "down %"), -2), Per: 100}
		if rapid.Bool().Draw(t, "up?") {
			it.YearOnYear.Change = decimal.New(rapid.Int64Range(1, 50).Draw(t, "up %"), -2)
		}
	case "checklist":
		checks := appraisal.TenOnes()
		if rapid.Bool().Draw(t, "short list?") {
			checks = []string{"held", "minutes", "actions-closed", "effective"}[:rapid.IntRange(1, 4).Draw(t, "checks")]
		}
		it.Checklist = &appraisal.Checklist{Checks: checks, Mode: rapid.SampledFrom([]appraisal.ChecklistMode{appraisal.ChecklistProportional, appraisal.ChecklistAll}).Draw(t, "mode")}
	case "rule":
		per := rapid.IntRange(1, 5).Draw(t, "per complaint")
		it.Rule = &appraisal.Formula{Source: fmt.Sprintf("%s - %d * complaints", points.String(), per)}
	case "card":
		sub := card(t, "", totals, max(1, maxItems/2), false, ids)
		if rapid.Bool().Draw(t, "nested missing?") {
			sub.Missing = rapid.SampledFrom([]appraisal.Missing{appraisal.MissingZero, appraisal.MissingRedistribute}).Draw(t, "nested missing")
		}
		it.Card = &sub
	}
}

func ptr[T any](v T) *T { return &v }

// RateTargets draws valid targets on rates (values from 0 to 1, in
// hundredths), either direction: linear ones with or without a baseline
// score, gate and cap, or, when steps is set, step targets with a tier at the
// baseline, one between and one at the challenge (repair satisfaction:
// baseline 0.90, challenge 0.98).
func RateTargets(steps bool) *rapid.Generator[quality.Target] {
	return rapid.Custom(func(t *rapid.T) quality.Target {
		dir := rapid.SampledFrom([]quality.Direction{quality.HigherIsBetter, quality.LowerIsBetter}).Draw(t, "direction")
		b := rapid.Int64Range(0, 99).Draw(t, "baseline")
		c := b + rapid.Int64Range(1, 100-b).Draw(t, "span")
		if dir == quality.LowerIsBetter {
			b, c = c, b
		}
		tg := quality.Target{Baseline: decimal.New(b, -2), Challenge: decimal.New(c, -2), Direction: dir}
		if !steps {
			if rapid.Bool().Draw(t, "shaped?") {
				tg.BaselineScore = decimal.New(rapid.Int64Range(0, 99).Draw(t, "baseline score"), -2)
				tg.Gate = rapid.Bool().Draw(t, "gate")
				if rapid.Bool().Draw(t, "capped") {
					tg.Cap = decimal.New(rapid.Int64Range(100, 150).Draw(t, "cap"), -2)
				}
			}
			return tg
		}
		tg.Tiers = []quality.Tier{{At: tg.Baseline, Score: decimal.New(rapid.Int64Range(0, 50).Draw(t, "first score"), -2)}}
		if mid := (b + c) / 2; mid != b && mid != c {
			tg.Tiers = append(tg.Tiers, quality.Tier{At: decimal.New(mid, -2), Score: decimal.New(rapid.Int64Range(51, 99).Draw(t, "mid score"), -2)})
		}
		tg.Tiers = append(tg.Tiers, quality.Tier{At: tg.Challenge, Score: decimal.NewFromInt(1)})
		return tg
	})
}

// InputOptions tunes Inputs.
type InputOptions struct {
	// Missing leaves some items out (one in five) and gives some rates no
	// population (0/0), to exercise the card's missing-input policies.
	Missing bool
	// MaxDen is the largest population of a drawn rate; zero means 200.
	MaxDen int64
}

// Inputs draws one subject's inputs for every input item of sc, each of the
// shape its method reads: a rate (or now and then a value) for targets,
// a count of events for deductions, this year's and last year's rates for
// year-on-year items (last year's never zero), every check for checklists,
// and CardSchema's facts for rules. Without Missing, sc.Score accepts every
// draw.
func Inputs(sc *appraisal.Scorecard, o InputOptions) *rapid.Generator[appraisal.Inputs] {
	maxDen := o.MaxDen
	if maxDen <= 0 {
		maxDen = 200
	}
	checks := map[string][]string{}
	var walk func(c appraisal.Card)
	walk = func(c appraisal.Card) {
		for _, it := range c.Items {
			if it.Checklist != nil {
				checks[it.ID] = it.Checklist.Checks
			}
			if it.Card != nil {
				walk(*it.Card)
			}
		}
	}
	walk(sc.Card())
	ids := sc.ItemIDs()
	return rapid.Custom(func(t *rapid.T) appraisal.Inputs {
		in := appraisal.Inputs{}
		rate := func(label string) quality.Rate {
			if o.Missing && rapid.IntRange(0, 9).Draw(t, label+" undefined?") == 0 {
				return quality.Rate{}
			}
			return qualitytest.Rates(maxDen).Draw(t, label)
		}
		for _, id := range ids {
			if o.Missing && rapid.IntRange(0, 4).Draw(t, id+" absent?") == 0 {
				continue
			}
			switch sc.Method(id) {
			case appraisal.MethodLinear, appraisal.MethodSteps:
				if rapid.IntRange(0, 3).Draw(t, id+" value?") == 0 {
					in[id] = appraisal.ValueInput(decimal.New(rapid.Int64Range(0, 10000).Draw(t, id), -4))
				} else {
					r := rate(id)
					in[id] = appraisal.RateInput(r.Num, r.Den)
				}
			case appraisal.MethodDeduction:
				in[id] = appraisal.CountInput(rapid.Int64Range(0, 20).Draw(t, id))
			case appraisal.MethodYearOnYear:
				last := qualitytest.Rates(maxDen).Draw(t, id+" last year")
				last.Num = max(last.Num, 1)
				in[id] = appraisal.YearOnYearInput(last, rate(id+" this year"))
			case appraisal.MethodChecklist:
				m := map[string]bool{}
				for _, c := range checks[id] {
					m[c] = rapid.IntRange(0, 3).Draw(t, id+" "+c) > 0
				}
				in[id] = appraisal.ChecksInput(m)
			case appraisal.MethodRule:
				in[id] = appraisal.FactsInput(quality.Facts{"complaints": rapid.IntRange(0, 10).Draw(t, id)})
			}
		}
		return in
	})
}

// TariffOptions tunes Tariffs.
type TariffOptions struct {
	// Kinds are the event kinds priced, one rule each; empty means
	// "callback_dissatisfied", "rated_10" and "escalated".
	Kinds []string
	// Roles are the linked managers' roles the rules may charge; empty means
	// "station-head" and "county-manager".
	Roles []string
	// RateChange is the instant from which a rule's second rate applies, when
	// it has one; zero means 1 July 2024 00:00 in China (UTC+8).
	RateChange time.Time
}

// Tariffs draws valid tariffs in CNY: one rule per kind, each with a rate
// (penalty or reward, up to four places) and now and then a second rate
// from RateChange on (the July raise from 10 to 20 yuan); a drawn rounding or
// the default 0.01 half up; and on most rules a liability charging a linked
// manager a share, capped or not (联挂考核). Every tariff passes
// appraisal.NewPoster.
func Tariffs(o TariffOptions) *rapid.Generator[appraisal.Tariff] {
	kinds := o.Kinds
	if len(kinds) == 0 {
		kinds = []string{"callback_dissatisfied", "rated_10", "escalated"}
	}
	roles := o.Roles
	if len(roles) == 0 {
		roles = []string{"station-head", "county-manager"}
	}
	change := o.RateChange
	if change.IsZero() {
		change = time.Date(2024, 7, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	}
	return rapid.Custom(func(t *rapid.T) appraisal.Tariff {
		tf := appraisal.Tariff{ID: "drawn", Currency: "CNY"}
		for _, kind := range kinds {
			r := appraisal.MoneyRule{ID: "rule-" + kind, Event: kind}
			r.Rates = []appraisal.DatedRate{{Amount: decimal.New(rapid.Int64Range(-50000, 50000).Draw(t, "rate"), -int32(rapid.IntRange(0, 4).Draw(t, "rate places")))}}
			if rapid.Bool().Draw(t, "dated?") {
				r.Rates = append(r.Rates, appraisal.DatedRate{From: change, Amount: decimal.New(rapid.Int64Range(-50000, 50000).Draw(t, "new rate"), -2)})
			}
			if rapid.Bool().Draw(t, "rounded?") {
				r.Round = &appraisal.Round{Mode: qualitytest.Roundings().Draw(t, "mode"), Places: int32(rapid.IntRange(0, 3).Draw(t, "places"))}
			}
			for _, role := range roles {
				if rapid.IntRange(0, 2).Draw(t, "liable "+role+"?") == 0 {
					continue
				}
				l := appraisal.Liability{Role: role, Share: decimal.New(rapid.Int64Range(1, 1000).Draw(t, "share"), -3)}
				if rapid.Bool().Draw(t, "capped?") {
					l.Cap = ptr(decimal.New(rapid.Int64Range(1, 5000).Draw(t, "cap"), -1))
				}
				r.Liability = append(r.Liability, l)
			}
			tf.Rules = append(tf.Rules, r)
		}
		return tf
	})
}

// EventOptions tunes Events.
type EventOptions struct {
	// Kinds are the event kinds drawn; empty means Tariffs' default kinds and
	// "unpriced", which no rule prices.
	Kinds []string
	// Subjects are the technicians; empty means T-1 to T-3.
	Subjects []string
	// Links are the managers an event may name, by role; empty means
	// station-head M-1 or M-2 and county-manager C-1.
	Links []appraisal.Link
	// From is the earliest instant; zero means 1 June 2024 00:00 UTC+8. Events
	// fall on the hour within Days days after it (zero means 61).
	From time.Time
	Days int
	// MaxEvents is the most events; zero means 60.
	MaxEvents int
}

// Events draws ledger events with ids E1, E2, …: a kind, a subject, an
// instant on the hour, 0 to 5 units (0 means 1) and, one time in two, a
// linked manager or two. Every event it draws is accepted by
// appraisal.Poster.Post of a tariff whose rates start at the beginning of time
// (as Tariffs' do).
func Events(o EventOptions) *rapid.Generator[[]appraisal.Event] {
	kinds := o.Kinds
	if len(kinds) == 0 {
		kinds = []string{"callback_dissatisfied", "rated_10", "escalated", "unpriced"}
	}
	subjects := o.Subjects
	if len(subjects) == 0 {
		subjects = []string{"T-1", "T-2", "T-3"}
	}
	links := o.Links
	if len(links) == 0 {
		links = []appraisal.Link{{Role: "station-head", Subject: "M-1"}, {Role: "station-head", Subject: "M-2"}, {Role: "county-manager", Subject: "C-1"}}
	}
	from := o.From
	if from.IsZero() {
		from = time.Date(2024, 6, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	}
	days := o.Days
	if days <= 0 {
		days = 61
	}
	maxEvents := o.MaxEvents
	if maxEvents <= 0 {
		maxEvents = 60
	}
	return rapid.Custom(func(t *rapid.T) []appraisal.Event {
		n := rapid.IntRange(0, maxEvents).Draw(t, "events")
		evs := make([]appraisal.Event, n)
		for i := range evs {
			ev := appraisal.Event{
				ID:      "E" + strconv.Itoa(i+1),
				Kind:    rapid.SampledFrom(kinds).Draw(t, "kind"),
				Subject: rapid.SampledFrom(subjects).Draw(t, "subject"),
				At:      from.Add(time.Duration(rapid.IntRange(0, days*24-1).Draw(t, "hour")) * time.Hour),
				Units:   rapid.Int64Range(0, 5).Draw(t, "units"),
			}
			if rapid.Bool().Draw(t, "linked?") {
				// At most one manager per role.
				ev.Linked = rapid.SliceOfNDistinct(rapid.SampledFrom(links), 1, 2, func(l appraisal.Link) string { return l.Role }).Draw(t, "links")
			}
			evs[i] = ev
		}
		return evs
	})
}
