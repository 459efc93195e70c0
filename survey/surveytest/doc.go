// Package surveytest helps test code that samples callbacks and computes
// satisfaction with package survey: go-cmp options for groups, answers and
// aggregates, rapid generators of scales, of replies as customers send them
// and of answers on each scale, an aggregate written in a line per group, and
// golden metric reports. It is imported only from _test.go files, beside
// package survey as net/http/httptest is beside net/http; library code never
// imports it. It builds on quality/qualitytest, whose package documentation
// describes the test kits, the stable Diff text and the one -update flag.
//
// # Generators
//
// Scales draws valid scales: the operators' 10-point scale (only 10 is
// satisfied), the A/B/C/D SMS survey with a drawn satisfied set, NPS with
// drawn cut-offs, CSAT, CES and custom scales, each with a drawn handling of
// blank and unrecognized replies. Replies draws what customers send on a
// scale — a label in either case, padded with spaces or ideographic spaces,
// in full-width digits from a Chinese phone keyboard, with leading zeros,
// blank, or not on the scale — together with what it means, so that a test
// can check parsing; Answers draws parsed answers (and orders not rated);
// Tallies and Groups draw counts and keys.
//
//	rapid.Check(t, func(t *rapid.T) {
//		s := survey.MustScale(surveytest.Scales().Draw(t, "scale"))
//		r := surveytest.Replies(s).Draw(t, "reply")
//		if got := s.Parse(r.Text); got.Kind() != r.Kind { ... }
//	})
//
// # Fixtures and reports
//
// AggregateOf builds an aggregate from text, a line per group:
//
//	technician=T017;day=2025-07-01: 10 10 9 - _
//
// (replies as sent; "-" not rated, "_" blank). Report writes the metrics of
// every group as text, and GoldenMetrics keeps that text in a golden file.
package surveytest
