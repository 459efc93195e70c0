// Package qualitytest helps the test suites of programs that embed servq, and
// servq's own tests: comparison options for go-cmp, golden files with an
// -update flag, a recording testing.TB for testing test helpers, and rapid
// generators of decimals, rates, targets and facts. It is imported only from
// _test.go files; library code never imports it (servq's purity test
// enforces that).
//
// # The test kits
//
// Each servq package has its kit beside it, as net/http/httptest sits beside
// net/http: a test of scoring imports appraisal and appraisal/appraisaltest,
// and nothing else. The kits build on this one:
//
//	quality/qualitytest       cmp options for decimals, rates, instants; golden files; Recorder; decimals, rates, targets, facts
//	sla/slatest               cmp options for statuses and states; calendars (overnight, closures, make-up days, DST zones);
//	                          event streams that respect a set of clocks; a work-order fixture written in a few lines
//	escalation/escalationtest cmp options for actions; valid machine definitions and step scripts; golden diagrams and timelines
//	survey/surveytest         cmp options for groups and aggregates; scales, replies and answers on each scale
//	appraisal/appraisaltest   cmp options for results and ledgers; readable diffs (who moved, by how many points
//	                          and yuan); scoring-change assertions; valid scorecards, inputs, tariffs and events
//
// A kit lives beside the package it serves, not in one shared package,
// so that a test pulls in only what it tests and every kit can use the
// package's own vocabulary (slatest.Calendars, appraisaltest.Cards);
// this one holds what every kit shares, so that there is one -update flag and
// one notion of "equal decimals".
//
// # Comparing values as people mean them
//
// Options returns the go-cmp options for the values servq's types are built
// from: decimals by value (2.0 equals 2.00), rates by their counts (14/15,
// not 93.33%), instants by instant (time.Time.Equal: 09:00 in Shanghai equals
// 01:00 UTC) and time zones by name. Option values change the first two:
// ExactDecimals when the number of places matters (a declared rounding to
// 0.01 yuan), DecimalsTo to compare after rounding, RatesByValue to make 1/2
// equal 2/4. Every other kit's Options starts from these.
//
// go-cmp's own Diff output is deliberately unstable (its spacing changes
// from run to run), so the kits report differences with Diff, which lists
// one difference per line by path, in a stable text: a failing test's message
// can be checked by an example's // Output, and read in a CI log.
//
//	.Points: want 54.67, got 58.00
//	.Tree.Items[0].Points: want 16.67, got 20.00
//
// ExpectEqual compares and reports in one call.
//
// # Golden files
//
// Golden compares text with a file under testdata and reports a line diff
// when they differ. Run the tests with -update to rewrite the files instead:
//
//	go test ./... -run TestReport -update
//
// The -update flag is registered once, here, when a test binary imports any
// servq test kit. A test package that imports a kit must therefore not
// register its own -update flag (the flag package would panic with "flag
// redefined: update"); it calls Update to read the flag instead.
//
// # Recorder
//
// A Recorder is a testing.TB that records messages instead of failing,
// so that a test helper's failure can be printed in an example or checked in a
// test. Run runs a function with it and stops at Fatal as a test would.
//
// # Generators
//
// The rapid generators draw valid values, so that a property test spends its
// draws on behaviour rather than on rejected input: Decimals, Rates (with or
// without the undefined 0/0), Targets of every shape (linear, steps, gates,
// caps, either direction; each passes quality.Target.Validate), Roundings,
// and Facts for a schema, typed by each field's kind.
package qualitytest
