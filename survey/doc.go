// Package survey decides which customers are called back after a work order
// and turns their answers into satisfaction figures that are honest about
// small samples.
//
// Operators call back every new installation and complaint, every smart-TV
// activation and at least a fifth of repairs; every technician must have a
// rated customer on each working day with orders and a monthly participation
// above 20%; and on the 10-point scale only a 10 counts as satisfied. With
// fifteen answers one unhappy customer moves a technician's index by six
// points, and pay depends on it. This package makes each of those rules data,
// makes every callback decision reproducible and explained, and reports each
// rate with its exact counts, a confidence interval, a sample-size status and
// the swing one more unhappy answer would cause.
//
// # Scales
//
// A [ScaleSpec] is a rating scale as data: its answers (labels such as "10" or
// "A"), which of them count as satisfied, optional NPS classes (promoters and
// detractors; the rest are passives) and what blank and unrecognized replies do
// ([Exclude] them from the rates, or [CountUnsatisfied]). The operators'
// scales are built in: [TenPoint] (1–10, only 10 satisfied), [SMS] (A/B/C/D
// with a declared satisfied set), [NPS] (0–10, configurable cut-offs, usually
// NPS(9, 6)), [CSAT] (1–5, top-2-box) and [CES] (1–7, top-3-box).
// [NewScale] checks a spec and returns a [Scale].
//
// [Scale.Parse] reads a reply leniently (" 10 ", "b", full-width "１０" from a
// phone keyboard) and returns an [Answer]: a point of the scale, [Blank] or
// [Unrecognized]. It never fails: an unreadable reply is data whose effect
// the scale declares. The zero Answer, of kind [NotRated], is an eligible
// order without a reply.
//
// # Tallies, groups and aggregates
//
// A [Tally] counts a group's orders by outcome: not rated, blank,
// unrecognized, and one count per point. A [Group] is the key: a set of named
// dimensions such as {technician: T017, day: 2025-07-01} or {county: Xinjian,
// order_type: repair, period: 2025-07} (satisfaction is measured separately
// for repairs and for installations and moves, so order type is a dimension).
// An [Aggregate] holds the tallies of many groups on one scale.
//
// Because tallies hold counts, aggregates merge exactly: the shards of a month
// (by county, by day, by server), merged in any order, equal the aggregate
// built in one pass, byte for byte in JSON. [Aggregate.Rollup] projects groups
// onto fewer dimensions (technician-days to stations). An aggregate encodes to
// JSON with a "version", its scale and sorted groups, and decodes strictly.
//
// # Metrics
//
// [Aggregate.Metrics] classifies a group's tally by its scale ([Counts]) and
// reports, under declared [MetricsOptions] (a minimum sample, decimal places
// and a quality.Rounding — there are no hidden defaults):
//
//   - satisfaction, satisfied ÷ rated, and participation, rated ÷ eligible
//     orders, each as a [RateMetric]: the exact quality.Rate, its value, a 95%
//     Wilson score interval, a [Status] (ok, insufficient_sample below the
//     minimum, no_data at 0/0 — never 0%), the rate after one more
//     unfavourable case and the swing;
//   - on NPS scales, an [NPSMetric]: promoters, passives, detractors (the
//     business-hall KPI deducts one point per detractor), the score in points,
//     its variance-based 95% interval, status and the swing one more detractor
//     would cause.
//
// No float64 is involved. Estimates and swings are exact fractions rounded
// once by the declared mode. Interval bounds are computed in exact integer
// arithmetic with z = 1.959963984540054: each bound is a fraction of integers
// except for one square root, which is replaced by the integer ceiling of the
// square root of a suitably scaled integer (widening the interval by less than
// 10^−15), and the bounds are rounded outward (lower bound down, upper bound
// up). The reported interval therefore contains the exact one, each bound is
// within one unit of the last place, and the figures are the same on every
// platform.
//
// # Sampling
//
// A [RulesetSpec] is a callback policy as data: a seed, rules and a quota. Each
// [RuleSpec] has a condition written in the quality rule language over the
// order's facts (compiled once by quality.Compile against the host's schema)
// and a layer. An order meets the layers in turn, and the first matching rule
// decides:
//
//  1. exclusion: never call, with a reason code (test order, internal,
//     duplicate, contacted within the last N days, do-not-call). Exclusions
//     come first, so a do-not-call customer is not called even about a
//     complaint.
//  2. mandatory: always call (new installations and complaints, smart-TV
//     activations).
//  3. rate: call when the order's ticket is below the rule's rate (20% of
//     repairs).
//  4. otherwise: not called.
//
// A ticket is a hash of (seed, period, stratum, order id) read as a fraction
// in [0, 1); the hash is FNV-1a with a final mixer, specified in [Draw] so that
// other systems can recompute it. An order is picked at rate r when its
// ticket, as a 64-bit integer, is below floor(r·2^64): an integer comparison,
// exact, with no float and no random numbers. So a rerun picks the same
// orders, a new period or seed draws afresh, and raising a rate keeps every
// earlier pick, as OpenTelemetry's trace-id ratio sampler does. A draw takes
// about 10 ns and allocates nothing.
//
// Every [Decision] carries a [Receipt]: the layer and rule that decided, the
// exclusion reason, the ticket and rate, the period, the seed and the
// ruleset's hash (a SHA-256 of its spec and facts schema), with the reason in
// plain words.
//
// Per-order draws give each rate rule its share in expectation. Two batch
// steps turn expectations into guarantees:
//
//   - [Sampler.SettleFloors], over a closed period, adds the not-drawn orders
//     with the lowest tickets until each rate rule has selected at least
//     ceil(rate × orders it matched): "at least 20% of repairs".
//   - [Sampler.TopUp], during a technician's day, names which open orders to
//     add when rated plus pending callbacks fall short of the daily minimum,
//     lowest quota ticket first; call it again when a callback fails.
//
// [QuotaSpec.Check] reads an aggregate of technician-day groups and lists the
// days below the daily minimum and the technicians whose monthly
// participation is not above the floor, with the counts and how many more
// ratings would lift them above it.
//
// # Worked example
//
// Technician T017's July on the 10-point scale: 60 eligible orders, 15 rated,
// fourteen 10s and one 9. With MetricsOptions{MinSample: 30, Places: 4,
// Rounding: quality.HalfUp}:
//
//	satisfaction    14/15 = 0.9333   95% Wilson [0.7018, 0.9882]   insufficient_sample
//	one more 9      14/16 = 0.8750   swing −0.0583
//	participation   15/60 = 0.2500   95% Wilson [0.1577, 0.3724]   ok
//
// The station's 50 answers at 45/50 = 0.9000 sit on the repair baseline of
// 90% with interval [0.7863, 0.9566]; one more unsatisfied answer (45/51,
// swing −0.0176) drops below it. At 180/200 the interval narrows to
// [0.8505, 0.9344].
//
// The July policy, seed "2025-07 callback": a complaint from a do-not-call
// customer is excluded (reason do_not_call); an installation is selected by the
// mandatory rule; repair WO0701-006 draws ticket 0.0514 in stratum "repairs"
// and is selected at 20%, while WO0701-004 draws 0.9471 and is not; rerun next
// week, the same repairs are drawn; raised to 25%, every repair drawn at 20% is
// still drawn.
package survey
