// Package appraisaltest helps test scorecards, ledgers and the policies
// behind them, above all what a change of policy does before it ships:
// compare the results and ledgers of the old and the new policy over the same
// inputs, assert the expected deltas, and read the rest of the differences.
// It also has go-cmp options for results and ledgers, rapid generators of
// valid scorecards (with weights), inputs, tariffs and events, fixtures, and
// golden explanation trees. It is imported only from _test.go files, beside
// package appraisal as net/http/httptest is beside net/http; library code
// never imports it. It builds on quality/qualitytest, whose package
// documentation describes the test kits, the stable Diff text and the one
// -update flag.
//
// # Scoring changes
//
// An Outcome is what one version of a policy produced: results on a card
// (ScoreAll), a ledger (PostAll), or both. Compare takes the outcomes before
// and after and gives a Change: per subject, the points and the yuan before
// and after, the items and the money rules that moved them. Change.Expect
// checks Expectations on every subject — Only the subjects described change,
// MaxPenaltyRise, MaxPointsDrop, MaxPointsRise, PointsChange, MoneyChange,
// Unchanged, Moves, SameSubjects, or one's own with Expect — and, when one
// fails, reports who breaks it and then every difference; when all hold, it
// logs the differences, so that a reviewer reads what else moved:
//
//	func TestPenaltyRaise(t *testing.T) {
//		events := appraisaltest.ParseEvents(t, cst, `
//			2024-07-08 11:00  WO-3  callback_dissatisfied  T-0412  station-head=M-07
//			2024-07-15 09:30  WO-9  callback_dissatisfied  T-0533  station-head=M-11
//		`)
//		before := appraisaltest.PostAll(t, appraisal.MustPoster(oldTariff), events)
//		after := appraisaltest.PostAll(t, appraisal.MustPoster(newTariff), events)
//		change, err := appraisaltest.Compare(appraisaltest.Outcome{Ledger: before}, appraisaltest.Outcome{Ledger: after})
//		if err != nil {
//			t.Fatal(err)
//		}
//		change.Expect(t,
//			appraisaltest.Only("technicians and station heads of Xinjian", inXinjian),
//			appraisaltest.MaxPenaltyRise(decimal.NewFromInt(200)),
//		)
//	}
//
// A failure reads (the package's Example: the July policy raises the repair
// baseline from 90% to 92% and the penalty from 100 to 200 yuan):
//
//	scoring change: 1 expectation not met
//	  nobody's penalty rises by more than 200 yuan:
//	    T-0533  yuan -300.00 → -600.00 (-300.00): pays 300.00 yuan more
//	all differences:
//	  M-07  yuan -200.00 → -400.00 (-200.00)
//	      callback-dissatisfied linked  -200.00 → -400.00 (-200.00)
//	  T-0412  points 56.67 → 48.89 (-7.78)  yuan -90.00 → -190.00 (-100.00)
//	      repair  16.67 → 8.89 (-7.78)  rate: 28/30 = 93.33%
//	      callback-dissatisfied direct  -100.00 → -200.00 (-100.00)
//	  T-0533  yuan -300.00 → -600.00 (-300.00)
//	      callback-dissatisfied direct  -300.00 → -600.00 (-300.00)
//	  2 subjects unchanged
//
// Change.String is the same report of differences; GoldenChange keeps it in
// a golden file.
//
// # Comparing
//
// Options compares points and yuan by value (20 equals 20.00), ledgers by
// their accounts and tallies by their entries, and compiled cards, tariffs and
// star scales by their version hashes; IgnoreVolatile leaves out the ruleset
// hashes of results and lines. GoldenTree keeps a result's explanation.
//
// # Generators
//
// Cards draws valid scorecards: totals of 100, 10 or 1000 split into items
// worth points or weights (0.4 of the total), scored by targets on rates
// (linear or in steps), deductions, year-on-year changes, checklists, rules
// over CardSchema and nested cards, with drawn missing-input policies and
// roundings, normalised now and then. Inputs draws a subject's inputs for a
// compiled card; Tariffs and Events draw ledgers' definitions and events.
package appraisaltest
