package appraisaltest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality/qualitytest"
)

// Outcome is what one version of a policy produced for a population: the
// subjects' results on a scorecard, the ledger of their money, or both.
type Outcome struct {
	Results []appraisal.Result
	Ledger  *appraisal.Ledger
}

// Change is what a change of policy does to each subject: the outcomes
// before and after, compared subject by subject. Make one with Compare;
// check it with Change.Expect; print it with Change.String.
type Change struct {
	// Moves has one entry per subject with a result or ledger lines before
	// or after, sorted by subject; subjects that did not move are included.
	Moves []Move
	// Currency is the ledgers' currency ("CNY"), or "" without ledgers.
	Currency string
}

// Move is one subject's change.
type Move struct {
	Subject string
	// Scored says whether the subject had a result before and after.
	ScoredBefore, ScoredAfter bool
	// PointsBefore and PointsAfter are the card's points (zero when not
	// scored); Places is the card's decimal places, for printing.
	PointsBefore, PointsAfter decimal.Decimal
	Places                    int32
	// MoneyBefore and MoneyAfter are the subject's ledger balances (zero
	// without lines): a penalty that rises makes MoneyAfter smaller.
	MoneyBefore, MoneyAfter decimal.Decimal
	// Items are the scorecard items whose points changed, in card order.
	Items []ItemMove
	// Rules are the ledger rules (by kind of line) whose amounts changed,
	// in rule order.
	Rules []RuleMove
}

// ItemMove is an item's points before and after; Path is its ID, after the
// IDs of the nested cards it is in ("provincial/hotline"). An item that
// exists on one side only has InBefore or InAfter false. The texts are the
// item's first input as explained ("rate: 28/30 = 93.33%").
type ItemMove struct {
	Path                  string
	Before, After         decimal.Decimal
	InBefore, InAfter     bool
	BeforeText, AfterText string // the item's inputs and steps, for the report
}

// RuleMove is the amount of one ledger rule and kind of line before and
// after, for one subject.
type RuleMove struct {
	Rule          string
	Kind          appraisal.LineKind
	Before, After decimal.Decimal
}

// Points returns the change of points, after minus before.
func (m Move) Points() decimal.Decimal { return m.PointsAfter.Sub(m.PointsBefore) }

// Money returns the change of balance, after minus before: −200 when the
// subject pays 200 yuan more.
func (m Move) Money() decimal.Decimal { return m.MoneyAfter.Sub(m.MoneyBefore) }

// Moved reports whether anything of the subject's changed: being scored,
// the points of the card or of any item, or the money of any rule.
func (m Move) Moved() bool {
	return m.ScoredBefore != m.ScoredAfter || !m.Points().IsZero() || !m.Money().IsZero() || len(m.Items) > 0 || len(m.Rules) > 0
}

// Compare compares two outcomes subject by subject. A subject listed twice in
// one outcome's results is an error; ledgers in different currencies too.
func Compare(before, after Outcome) (Change, error) {
	var c Change
	moves := map[string]*Move{}
	get := func(s string) *Move {
		if m := moves[s]; m != nil {
			return m
		}
		m := &Move{Subject: s, PointsBefore: decimal.Zero, PointsAfter: decimal.Zero, MoneyBefore: decimal.Zero, MoneyAfter: decimal.Zero, Places: 2}
		moves[s] = m
		return m
	}
	trees := map[string][2]*appraisal.Node{}
	for side, o := range []Outcome{before, after} {
		seen := map[string]bool{}
		for i := range o.Results {
			r := &o.Results[i]
			if seen[r.Subject] {
				return Change{}, fmt.Errorf("appraisaltest: subject %q has two results %s", r.Subject, [...]string{"before", "after"}[side])
			}
			seen[r.Subject] = true
			m := get(r.Subject)
			m.Places = r.Tree.Places
			pair := trees[r.Subject]
			pair[side] = &r.Tree
			trees[r.Subject] = pair
			if side == 0 {
				m.ScoredBefore, m.PointsBefore = true, r.Points
			} else {
				m.ScoredAfter, m.PointsAfter = true, r.Points
			}
		}
	}
	if before.Ledger != nil && after.Ledger != nil && before.Ledger.Currency() != after.Ledger.Currency() {
		return Change{}, fmt.Errorf("appraisaltest: ledgers in %s and %s", before.Ledger.Currency(), after.Ledger.Currency())
	}
	for side, l := range []*appraisal.Ledger{before.Ledger, after.Ledger} {
		if l == nil {
			continue
		}
		c.Currency = l.Currency()
		for _, a := range l.Accounts() {
			m := get(a.Subject)
			if side == 0 {
				m.MoneyBefore = a.Total
			} else {
				m.MoneyAfter = a.Total
			}
		}
	}
	for s, m := range moves {
		if pair := trees[s]; pair[0] != nil && pair[1] != nil {
			m.Items = itemMoves(pair[0], pair[1]) // a subject scored on one side only is reported as such
		}
		var accs [2]appraisal.Account
		for side, l := range []*appraisal.Ledger{before.Ledger, after.Ledger} {
			if l != nil {
				accs[side] = l.Account(s)
			}
		}
		m.Rules = ruleMoves(accs[0].Rules, accs[1].Rules)
	}
	for _, s := range sortedKeys(moves) {
		c.Moves = append(c.Moves, *moves[s])
	}
	return c, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// itemMoves lists the input items whose points differ between two trees,
// in the order of the tree after (then the items only before).
func itemMoves(before, after *appraisal.Node) []ItemMove {
	type leaf struct {
		points decimal.Decimal
		text   string
	}
	collect := func(n *appraisal.Node) (map[string]leaf, []string) {
		m := map[string]leaf{}
		var order []string
		if n == nil {
			return m, nil
		}
		var walk func(n appraisal.Node, prefix string)
		walk = func(n appraisal.Node, prefix string) {
			for _, it := range n.Items {
				path := prefix + it.ID
				if it.Method == appraisal.MethodCard {
					walk(it, path+"/")
					continue
				}
				m[path] = leaf{it.Points, terms(it)}
				order = append(order, path)
			}
		}
		walk(*n, "")
		return m, order
	}
	b, bo := collect(before)
	a, ao := collect(after)
	order := slices.Clone(ao)
	for _, p := range bo {
		if _, ok := a[p]; !ok {
			order = append(order, p)
		}
	}
	var out []ItemMove
	for _, p := range order {
		x, inB := b[p]
		y, inA := a[p]
		if inB && inA && x.points.Equal(y.points) {
			continue
		}
		out = append(out, ItemMove{Path: p, Before: x.points, After: y.points, InBefore: inB, InAfter: inA, BeforeText: x.text, AfterText: y.text})
	}
	return out
}

// terms is an item's first input, for the report: "rate: 28/30 = 93.33%".
func terms(n appraisal.Node) string {
	if len(n.Inputs) == 0 {
		return ""
	}
	return n.Inputs[0].Name + ": " + n.Inputs[0].Value
}

// ruleMoves lists the rules and kinds whose amounts differ.
func ruleMoves(before, after []appraisal.RuleTotal) []RuleMove {
	type key struct {
		rule string
		kind appraisal.LineKind
	}
	amounts := map[key]*RuleMove{}
	var keys []key
	for side, rts := range [][]appraisal.RuleTotal{before, after} {
		for _, rt := range rts {
			k := key{rt.Rule, rt.Kind}
			rm := amounts[k]
			if rm == nil {
				rm = &RuleMove{Rule: rt.Rule, Kind: rt.Kind, Before: decimal.Zero, After: decimal.Zero}
				amounts[k] = rm
				keys = append(keys, k)
			}
			if side == 0 {
				rm.Before = rt.Amount
			} else {
				rm.After = rt.Amount
			}
		}
	}
	slices.SortFunc(keys, func(x, y key) int { return cmp.Or(cmp.Compare(x.rule, y.rule), cmp.Compare(x.kind, y.kind)) })
	var out []RuleMove
	for _, k := range keys {
		if rm := amounts[k]; !rm.Before.Equal(rm.After) {
			out = append(out, *rm)
		}
	}
	return out
}

// Moved returns the moves of the subjects that moved.
func (c Change) Moved() []Move {
	var out []Move
	for _, m := range c.Moves {
		if m.Moved() {
			out = append(out, m)
		}
	}
	return out
}

// Move returns the move of a subject, and whether the subject is in either
// outcome.
func (c Change) Move(subject string) (Move, bool) {
	for _, m := range c.Moves {
		if m.Subject == subject {
			return m, true
		}
	}
	return Move{}, false
}

// String reports the change for people: one line per subject that moved,
// with its points and money before and after and the difference, then the
// items and rules that moved it, and the number of subjects unchanged.
//
//	T-0412  points 54.67 → 58.00 (+3.33)  yuan -170.00 → -370.00 (-200.00)
//	    repair  16.67 → 20.00 (+3.33)  rate: 28/30 = 93.33%
//	    callback-dissatisfied direct  -200.00 → -400.00 (-200.00)
//	2 subjects unchanged
func (c Change) String() string {
	var b strings.Builder
	unchanged := 0
	for _, m := range c.Moves {
		if !m.Moved() {
			unchanged++
			continue
		}
		b.WriteString(m.String() + "\n")
		for _, im := range m.Items {
			fmt.Fprintf(&b, "    %s  %s\n", im.Path, itemLine(im, m.Places))
		}
		for _, rm := range m.Rules {
			fmt.Fprintf(&b, "    %s %v  %s → %s (%s)\n", rm.Rule, rm.Kind, money(rm.Before), money(rm.After), signed(rm.After.Sub(rm.Before), moneyPlaces(rm.Before, rm.After)))
		}
	}
	switch unchanged {
	case 0:
	case 1:
		b.WriteString("1 subject unchanged\n")
	default:
		fmt.Fprintf(&b, "%d subjects unchanged\n", unchanged)
	}
	if b.Len() == 0 {
		return "no subjects\n"
	}
	return b.String()
}

// String sums a move up in one line: "T-0412  points 54.67 → 58.00 (+3.33)
// yuan -170.00 → -370.00 (-200.00)", leaving out what did not change.
func (m Move) String() string {
	parts := []string{m.Subject}
	switch {
	case m.ScoredBefore && m.ScoredAfter:
		if !m.Points().IsZero() {
			parts = append(parts, fmt.Sprintf("points %s → %s (%s)", fixed(m.PointsBefore, m.Places), fixed(m.PointsAfter, m.Places), signed(m.Points(), m.Places)))
		} else if len(m.Items) > 0 {
			parts = append(parts, fmt.Sprintf("points %s (items moved)", fixed(m.PointsAfter, m.Places)))
		}
	case m.ScoredAfter:
		parts = append(parts, fmt.Sprintf("points (not scored) → %s", fixed(m.PointsAfter, m.Places)))
	case m.ScoredBefore:
		parts = append(parts, fmt.Sprintf("points %s → (not scored)", fixed(m.PointsBefore, m.Places)))
	}
	if !m.Money().IsZero() {
		parts = append(parts, fmt.Sprintf("yuan %s → %s (%s)", money(m.MoneyBefore), money(m.MoneyAfter), signed(m.Money(), moneyPlaces(m.MoneyBefore, m.MoneyAfter))))
	}
	return strings.Join(parts, "  ")
}

func itemLine(im ItemMove, places int32) string {
	switch {
	case !im.InBefore:
		return strings.TrimSpace(fmt.Sprintf("(new) → %s  %s", fixed(im.After, places), im.AfterText))
	case !im.InAfter:
		return fmt.Sprintf("%s → (removed)", fixed(im.Before, places))
	}
	s := fmt.Sprintf("%s → %s (%s)", fixed(im.Before, places), fixed(im.After, places), signed(im.After.Sub(im.Before), places))
	if im.AfterText != "" {
		if im.BeforeText != im.AfterText && im.BeforeText != "" {
			s += "  " + im.BeforeText + " → " + im.AfterText
		} else {
			s += "  " + im.AfterText
		}
	}
	return s
}

// fixed prints d with at least places decimal places.
func fixed(d decimal.Decimal, places int32) string {
	return d.StringFixed(max(places, -d.Exponent()))
}

// moneyPlaces is the places to print amounts with: 2, or more if they have
// more.
func moneyPlaces(ds ...decimal.Decimal) int32 {
	p := int32(2)
	for _, d := range ds {
		p = max(p, -d.Exponent())
	}
	return p
}

func money(d decimal.Decimal) string { return fixed(d, 2) }

// signed prints d with a sign: +3.33, -200.00, 0.00.
func signed(d decimal.Decimal, places int32) string {
	if d.Sign() > 0 {
		return "+" + fixed(d, places)
	}
	return fixed(d, places)
}

// Expectation is one thing a scoring change must respect, checked on every
// subject's move: "only technicians in Xinjian change", "nobody's penalty
// rises by more than 200 yuan".
type Expectation struct {
	// Desc says what is expected, in words.
	Desc  string
	check func(Move) string
}

// Expect is an expectation of one's own: check returns "" when the move
// respects it, or what is wrong.
func Expect(desc string, check func(m Move) string) Expectation {
	return Expectation{Desc: desc, check: check}
}

// Only expects that no subject for which in returns false moves: the change
// touches who is described by desc ("technicians in Xinjian") and nobody else.
func Only(desc string, in func(subject string) bool) Expectation {
	return Expect("only "+desc+" change", func(m Move) string {
		if !in(m.Subject) && m.Moved() {
			return "moved"
		}
		return ""
	})
}

// Unchanged expects that the subjects do not move.
func Unchanged(subjects ...string) Expectation {
	return Expect(strings.Join(subjects, ", ")+" unchanged", func(m Move) string {
		if slices.Contains(subjects, m.Subject) && m.Moved() {
			return "moved"
		}
		return ""
	})
}

// Moves expects that each of the subjects moves.
func Moves(subjects ...string) Expectation {
	return Expect(strings.Join(subjects, ", ")+" move", func(m Move) string {
		if slices.Contains(subjects, m.Subject) && !m.Moved() {
			return "did not move"
		}
		return ""
	})
}

// MaxPenaltyRise expects that nobody's balance falls by more than amount:
// MaxPenaltyRise(200) is "nobody's penalty rises by more than 200 yuan".
func MaxPenaltyRise(amount decimal.Decimal) Expectation {
	return Expect(fmt.Sprintf("nobody's penalty rises by more than %s yuan", amount), func(m Move) string {
		if m.Money().Neg().GreaterThan(amount) {
			return fmt.Sprintf("pays %s yuan more", fixed(m.Money().Neg(), 2))
		}
		return ""
	})
}

// MaxPointsDrop expects that nobody loses more than points points.
func MaxPointsDrop(points decimal.Decimal) Expectation {
	return Expect(fmt.Sprintf("nobody loses more than %s points", points), func(m Move) string {
		if m.ScoredBefore && m.ScoredAfter && m.Points().Neg().GreaterThan(points) {
			return fmt.Sprintf("loses %s points", fixed(m.Points().Neg(), m.Places))
		}
		return ""
	})
}

// MaxPointsRise expects that nobody gains more than points points.
func MaxPointsRise(points decimal.Decimal) Expectation {
	return Expect(fmt.Sprintf("nobody gains more than %s points", points), func(m Move) string {
		if m.ScoredBefore && m.ScoredAfter && m.Points().GreaterThan(points) {
			return fmt.Sprintf("gains %s points", fixed(m.Points(), m.Places))
		}
		return ""
	})
}

// PointsChange expects subject's points to change by exactly delta.
func PointsChange(subject string, delta decimal.Decimal) Expectation {
	return Expect(fmt.Sprintf("%s's points change by %s", subject, delta), func(m Move) string {
		if m.Subject == subject && !m.Points().Equal(delta) {
			return fmt.Sprintf("points change by %s", signed(m.Points(), m.Places))
		}
		return ""
	})
}

// MoneyChange expects subject's balance to change by exactly delta (−200:
// pays 200 more).
func MoneyChange(subject string, delta decimal.Decimal) Expectation {
	return Expect(fmt.Sprintf("%s's balance changes by %s yuan", subject, delta), func(m Move) string {
		if m.Subject == subject && !m.Money().Equal(delta) {
			return fmt.Sprintf("balance changes by %s", signed(m.Money(), 2))
		}
		return ""
	})
}

// SameSubjects expects every subject scored before to be scored after, and
// no one else.
func SameSubjects() Expectation {
	return Expect("the same subjects are scored", func(m Move) string {
		switch {
		case m.ScoredBefore && !m.ScoredAfter:
			return "no longer scored"
		case !m.ScoredBefore && m.ScoredAfter:
			return "newly scored"
		}
		return ""
	})
}

// Expect checks the expectations on every subject's move. When one is not
// met it reports through tb, for each unmet expectation, the subjects that
// break it and how, followed by every difference the change makes; when all
// are met it logs the differences (go test -v shows them), so that a review
// sees what else the change does. It returns whether all were met.
func (c Change) Expect(tb qualitytest.TB, exps ...Expectation) bool {
	tb.Helper()
	var b strings.Builder
	failed := 0
	for _, e := range exps {
		var broken []string
		for _, m := range c.Moves {
			if why := e.check(m); why != "" {
				broken = append(broken, fmt.Sprintf("    %s: %s", m, why))
			}
		}
		if len(broken) > 0 {
			failed++
			fmt.Fprintf(&b, "  %s:\n%s\n", e.Desc, strings.Join(broken, "\n"))
		}
	}
	report := "  " + strings.ReplaceAll(strings.TrimSuffix(c.String(), "\n"), "\n", "\n  ")
	if failed == 0 {
		tb.Logf("scoring change: every expectation met; the differences:\n%s", report)
		return true
	}
	noun := "expectations"
	if failed == 1 {
		noun = "expectation"
	}
	tb.Errorf("scoring change: %d %s not met\n%sall differences:\n%s", failed, noun, b.String(), report)
	return false
}
