package appraisaltest

import (
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality/qualitytest"
)

// Options returns the go-cmp options for the values of package appraisal:
// qualitytest.Options (points and yuan by value: 20 equals 20.00; rates by
// their counts; instants by instant) and
//
//   - appraisal.Ledger by its currency and accounts (each subject's total,
//     lines, and amounts per rule and kind), so that a difference names the
//     subject and the rule:
//     .accounts.Accounts["M-07"].Rules["callback-dissatisfied linked"].Amount;
//   - appraisal.Tally by its entries per subject;
//   - *appraisal.Scorecard, *appraisal.Poster and *appraisal.StarScale by
//     their version hashes (equal definitions).
//
// Results and explanation trees compare field by field; add IgnoreVolatile to
// leave out the ruleset hashes, which change with any edit to a definition.
func Options(opts ...qualitytest.Option) cmp.Option {
	return cmp.Options{
		qualitytest.Options(opts...),
		cmp.Transformer("accounts", accounts),
		cmp.Transformer("entries", func(t appraisal.Tally) []appraisal.Entry { return t.Entries() }),
		cmp.Comparer(func(a, b *appraisal.Scorecard) bool {
			return a == b || (a != nil && b != nil && a.Version() == b.Version())
		}),
		cmp.Comparer(func(a, b *appraisal.Poster) bool {
			return a == b || (a != nil && b != nil && a.Version() == b.Version())
		}),
		cmp.Comparer(func(a, b *appraisal.StarScale) bool {
			return a == b || (a != nil && b != nil && a.Version() == b.Version())
		}),
	}
}

// ledgerView is a ledger as Options compares it: accounts by subject, and in
// each the amounts by rule and kind of line ("callback-dissatisfied linked").
type ledgerView struct {
	Currency string
	Lines    int64
	Total    decimal.Decimal
	Accounts map[string]accountView
}

type accountView struct {
	Total decimal.Decimal
	Lines int64
	Rules map[string]ruleView
}

type ruleView struct {
	Lines  int64
	Amount decimal.Decimal
}

func accounts(l appraisal.Ledger) ledgerView {
	v := ledgerView{Currency: l.Currency(), Lines: l.Lines(), Total: l.Total(), Accounts: map[string]accountView{}}
	for _, a := range l.Accounts() {
		av := accountView{Total: a.Total, Lines: a.Lines, Rules: map[string]ruleView{}}
		for _, r := range a.Rules {
			av.Rules[r.Rule+" "+r.Kind.String()] = ruleView{Lines: r.Lines, Amount: r.Amount}
		}
		v.Accounts[a.Subject] = av
	}
	return v
}

// IgnoreVolatile leaves out of comparisons the ruleset hashes of results,
// star ratings and ledger lines ("sha256:…"): they change with any edit to
// a card or a tariff, also one that moves nobody's score, so a test that
// pins scores and explanations across a policy change leaves them out.
func IgnoreVolatile() cmp.Option {
	return cmp.Options{
		cmpopts.IgnoreFields(appraisal.Result{}, "Ruleset"),
		cmpopts.IgnoreFields(appraisal.Stars{}, "Ruleset"),
		cmpopts.IgnoreFields(appraisal.Line{}, "Ruleset"),
	}
}

// GoldenTree compares a result's explanation (appraisal.Node.Text) with the
// golden file at path; -update rewrites it (see qualitytest.Golden).
func GoldenTree(tb qualitytest.TB, path string, r appraisal.Result) {
	tb.Helper()
	qualitytest.GoldenString(tb, path, r.Tree.Text())
}

// GoldenChange compares a scoring change's report (Change.String) with the
// golden file at path, so that a review sees who moves when a policy
// changes.
func GoldenChange(tb qualitytest.TB, path string, c Change) {
	tb.Helper()
	qualitytest.GoldenString(tb, path, c.String())
}
