// Package appraisal scores technicians, stations, counties, branches and service
// providers on weighted scorecards, posts rewards and penalties in money with
// exact decimals, and ranks them fairly, with an explanation for every point and
// every yuan.
//
// # Model
//
// A scorecard is data: items with points or weights, each scored by a method (a
// [github.com/servq/servq/quality] target between baseline and challenge, step
// tiers, a deduction per event, a year-on-year relative target, a pass/fail
// checklist, or a policy writer's rule). Cards nest (the half-year appraisal is 40%
// customer satisfaction and 60% the 100-point card), and a card whose items do not
// add up to its declared total is refused when it is built. A ledger turns events
// into money lines at effective-dated rates, with derived lines for linked managers
// and reversals for upheld appeals.
//
// The package has no exported API yet: scorecards, ledgers and rankings arrive with
// the appraisal issue, after the survey metrics they consume.
package appraisal
