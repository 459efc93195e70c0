// Package appraisal scores technicians, stations, counties, branches and service
// providers on weighted scorecards, turns rewards and penalties into money lines
// in exact decimals, and ranks subjects fairly when samples are small — with an
// explanation for every point and every yuan, and a version hash of the rules
// that produced it.
//
// Everything here is pure: the caller passes the measurements, the events and
// their instants; results are values. Definitions ([Card], [Tariff], [StarDef],
// [RankSpec]) are plain data with JSON field names, so that a policy file can
// declare them; the constructors check them and compile them into immutable
// values that are safe for concurrent use.
//
// # Scorecards
//
// A [Card] has a declared Total (100) and items. Each [Item] is worth Points
// (hotline quality: 35), or a Weight — a share of the card's total (customer
// satisfaction: 0.4 of the half-year appraisal) — and is scored by exactly one
// method:
//
//	method        definition                   input          attainment (fraction of the item's points)
//	linear        quality.Target               Value or Rate  linear from baseline to challenge, with baseline score, gate and cap
//	steps         quality.Target with Tiers    Value or Rate  the score of the best tier reached
//	deduction     Deduction{Per, Floor}        Count          (points − count × Per, at least Floor) ÷ points
//	year_on_year  YearOnYear{Change, Per}      this and last  quality.YearOnYear(last year, Change): "down 20%"
//	                                           year's values
//	checklist     Checklist{Checks, Mode}      Checks         passed ÷ checks, or all or nothing
//	rule          Formula{Source}              Facts          a quality rule giving points, clamped to [0, points]
//	card          a nested Card                —              the nested card's points ÷ its total
//
// Targets, rates and roundings are package quality's: a rate such as 28 of 30
// satisfied is scored exactly (quality.Target.AttainmentRate), never as a
// rounded 93.33%. An item earns attainment × its points, rounded by the card's
// [Round] (half up to 0.01 unless declared); a card's points are the sum of its
// items' rounded points, never rounded again.
//
// The items' points must add up to the card's Total. The provincial card of
// the operators' documents lists hotline quality 35, key-account service 10,
// halls and channels 10, complaint handling timeliness 8, mobile complaint rate
// 4, dial tests 4, quality meetings 10, social supervisors 3 and GM-line,
// escalated and media complaints 10 — 94 — and declares 100. [NewScorecard]
// refuses it with a [*TotalError] (errors.Is [ErrTotalMismatch]) that lists
// the items and says 6 points are missing. Only a card that sets Normalize is
// scaled to its total; its explanation then shows the scale 100/94. Because
// each item is rounded on its own, a normalised card at full marks can add up
// to a hundredth more or less than its total (the provincial card gives
// 100.01): declare more places where that matters.
//
// Cards nest: the half-year appraisal is 40% customer satisfaction and 60% the
// 100-point card. Item IDs are unique across a card and every card nested in
// it, and key the subject's [Inputs].
//
// An item whose input is absent, or undefined (nobody rated: 0/0), follows the
// declared [Missing] policy: MissingFail makes [Scorecard.Score] return a
// [*MissingError] naming every such item; MissingZero scores it 0;
// MissingRedistribute drops it and shares the card's total among the present
// items in proportion to their points. Items and nested cards inherit their
// card's policy unless they declare their own; a top-level card must declare
// one.
//
// Every [Result] carries its explanation, a tree of [Node] values: for each
// item its inputs, its method's steps (the target, the attainment, any scaling,
// the product that was rounded), its points, full marks and maximum; for each
// card the sum. [Node.Text] renders it. The result also carries the ruleset
// version, [Scorecard.Version]: "sha256:" and the SHA-256 of the card's
// canonical JSON and facts schema, so that a disputed score can be traced to
// the exact rules.
//
// # Worked example: a technician's month
//
// Technician T-0412's card: repair satisfaction (40 points, baseline 90%,
// challenge 98%), installation satisfaction (30 points, 95% and 100%), the
// "ten ones" on-site checklist (20 points, in proportion) and 5 points off per
// human-caused complaint (10 points). In the month 28 of 30 repair customers
// rated 10 (only 10 counts as satisfied), 39 of 40 installation customers did,
// an inspector found the shoe covers missing, and one complaint was upheld:
//
//	technician  card  54.67 / 100.00
//	    card: 54.67 of 100
//	    rounding: half_up to 2 places
//	  repair  linear  16.67 / 40.00
//	      rate: 28/30 = 93.33%
//	      target: baseline 0.9, challenge 0.98, higher_is_better
//	      attainment: 0.4166666666666667
//	      points: 0.4166666666666667 × 40 = 16.67
//	  install  linear  15.00 / 30.00
//	      rate: 39/40 = 97.50%
//	      target: baseline 0.95, challenge 1, higher_is_better
//	      attainment: 0.5
//	      points: 0.5 × 30 = 15.00
//	  on-site  checklist  18.00 / 20.00
//	      passed: 9 of 10
//	      failed: shoe-covers
//	      mode: in proportion
//	      attainment: 0.9
//	      points: 0.9 × 20 = 18.00
//	  complaints  deduction  5.00 / 10.00
//	      count: 1
//	      deduction: 10 − 1 × 5 = 5
//	      attainment: 0.5
//	      points: 0.5 × 10 = 5.00
//
// The money follows the operators' rules: +10 yuan per customer who rates 10,
// raised to +20 from 1 July; −200 yuan per dissatisfied customer found by
// callback, half of it charged also to the linked station head M-07. A 10 on
// 30 June, another on 1 July and a dissatisfied callback on 8 July post:
//
//	T-0412   direct     10.00  WO-1/rated-10
//	T-0412   direct     20.00  WO-2/rated-10
//	T-0412   direct   -200.00  WO-3/dissatisfied
//	M-07     linked   -100.00  WO-3/dissatisfied/station-head:M-07
//
// T-0412's balance is −170.00 yuan and M-07's −100.00. If T-0412 appeals the
// callback and wins in August, [Reverse] gives back +200.00 and +100.00 at the
// July rate, whatever the tariff says by then. (This is the package's Example.)
//
// # Ledger
//
// A [Tariff] declares a currency and [MoneyRule] values. Each rule prices one
// kind of [Event]: Units × the rate in effect at the event's instant, the rates
// being effective-dated ([DatedRate]: 10 yuan from the beginning, 20 from
// 2024-07-01T00:00:00+08:00). A rule's [Liability] list charges linked
// managers (联挂考核) a share of the subject's line, optionally capped; each
// derived line references its source line. [NewPoster] compiles a tariff;
// [Poster.Post] turns an event into [Line] values.
//
// Each line is rounded by its rule's [Round] (half up to 0.01 unless
// declared) and records the exact amount before rounding, the rate, the
// rounding, its event, its rule and the tariff's version hash. Totals are sums
// of rounded lines. [Reverse] undoes an event's lines for an upheld appeal or
// a reclassified complaint: each reversal line is the exact negation of its
// original, at the original rate.
//
// A [Ledger] keeps the balances per subject, rule and kind of line, and which
// lines have been reversed (a second reversal is refused). Ledgers merge —
// shards merged equal one pass over every line, in any order — and encode to
// JSON with a "version" field, as do lines.
//
// # Rankings and ratings
//
// With two or three ratings a month one unhappy customer swings a rate from
// 100% to 67%. [Rank] orders subjects by a statistic that accounts for the
// sample: the lower bound of the Wilson score interval ([RankWilson]: 3 of 3
// ranks below 14 of 15 and 95 of 100), or the posterior mean under a declared
// beta prior ([RankBeta]: a prior of 90% worth 20 answers makes 3 of 3 count
// as 21 of 23). Subjects with fewer than a minimum number of answers are
// listed unranked with the reason. Ties are broken deterministically: larger
// sample, better raw rate, subject ID. [RankScore] ranks scorecard points as
// they are. A [Tally] counts successes and trials per subject, merges and
// round-trips through JSON.
//
// Package survey computes satisfaction metrics with 95% Wilson intervals for
// reporting; ranking needs the bound at a declared z and a conservative
// rounding, so this package computes it itself, in exact arithmetic with a
// square root rounded toward the conservative side.
//
// A [StarScale] rates employees in stars (the "five-star employee": attitude,
// skill, knowledge, volume, proactive sales, customer satisfaction): a card of
// the criteria and [StarBand] thresholds, each band with optional per-item
// floors (five stars only with attitude at full marks).
//
// # Precision
//
// Attainments are exact fractions; quality's target attainments are exact to
// quality.AttainmentPlaces (16) places. Normalisation and redistribution
// scales are exact rationals. The only roundings are the declared ones — one
// per item and one per money line — and, in rankings, the statistic to 16
// places.
package appraisal
