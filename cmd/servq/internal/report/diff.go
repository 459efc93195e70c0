package report

import (
	"fmt"
	"io"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/cmd/servq/internal/engine"
)

// Diff is what a policy change does to every subject: points on each
// scorecard present in both runs, stars, and money in the ledger, with the
// subjects that moved and by how much.
type Diff struct {
	OldPolicy  engine.PolicyInfo `json:"old"`
	NewPolicy  engine.PolicyInfo `json:"new"`
	Scorecards []Table           `json:"scorecards"`
	Stars      []Table           `json:"stars"`
	Ledger     *Table            `json:"ledger,omitempty"`
	Measures   []Table           `json:"measures"`
	// Only lists the scorecards, star ratings and measures present in one
	// run only.
	Only []string `json:"only"`
}

// Table compares one figure per subject.
type Table struct {
	Name      string `json:"name"`
	Subject   string `json:"subject"`
	OldTotal  string `json:"old_total,omitempty"`
	NewTotal  string `json:"new_total,omitempty"`
	Subjects  int    `json:"subjects"`
	Moved     []Move `json:"moved"`
	Unchanged int    `json:"unchanged"`
}

// Move is one subject whose figure changed. Old or New is "-" when the
// subject has no figure in that run; Change is then empty.
type Move struct {
	Subject string `json:"subject"`
	Old     string `json:"old"`
	New     string `json:"new"`
	Change  string `json:"change,omitempty"`
	abs     decimal.Decimal
}

// Moves reports whether anything moved.
func (d *Diff) Moves() bool {
	for _, ts := range [][]Table{d.Scorecards, d.Stars, d.Measures} {
		for _, t := range ts {
			if len(t.Moved) > 0 {
				return true
			}
		}
	}
	return (d.Ledger != nil && len(d.Ledger.Moved) > 0) || len(d.Only) > 0
}

type figure struct {
	text string
	val  decimal.Decimal
	ok   bool // a number (errors and undefined rates are not)
}

// compare builds a table from the figures of each subject in the two runs.
func compare(name, subject string, old, new map[string]figure) Table {
	t := Table{Name: name, Subject: subject, Moved: []Move{}}
	subjects := map[string]bool{}
	for s := range old {
		subjects[s] = true
	}
	for s := range new {
		subjects[s] = true
	}
	for s := range subjects {
		t.Subjects++
		o, hasO := old[s]
		n, hasN := new[s]
		if hasO && hasN && o.text == n.text {
			t.Unchanged++
			continue
		}
		m := Move{Subject: s, Old: "-", New: "-"}
		if hasO {
			m.Old = o.text
		}
		if hasN {
			m.New = n.text
		}
		if hasO && hasN && o.ok && n.ok {
			ch := n.val.Sub(o.val)
			places := max(-o.val.Exponent(), -n.val.Exponent(), 0)
			m.Change = signed(ch, places)
			m.abs = ch.Abs()
		}
		t.Moved = append(t.Moved, m)
	}
	sort.Slice(t.Moved, func(i, j int) bool {
		a, b := t.Moved[i], t.Moved[j]
		if c := a.abs.Cmp(b.abs); c != 0 {
			return c > 0
		}
		return a.Subject < b.Subject
	})
	return t
}

// signed writes d with its sign and places decimal places (d is exact: the
// difference of two figures with at most that many places).
func signed(d decimal.Decimal, places int32) string {
	s := d.StringFixed(places)
	if d.Sign() > 0 {
		return "+" + s
	}
	return s
}

// Compare computes the difference between two runs over the same data.
func Compare(old, new *engine.Result) *Diff {
	d := &Diff{OldPolicy: old.Policy, NewPolicy: new.Policy, Scorecards: []Table{}, Stars: []Table{}, Measures: []Table{}, Only: []string{}}
	cardName := func(c engine.CardSummary) string { return c.Name }
	for _, p := range pairByName(old.Scorecards, new.Scorecards, cardName, "scorecard", &d.Only) {
		t := compare(p.name, p.new.Subject, scores(p.old), scores(p.new))
		t.OldTotal, t.NewTotal = p.old.Total.String(), p.new.Total.String()
		d.Scorecards = append(d.Scorecards, t)
	}
	starName := func(s engine.StarSummary) string { return s.Name }
	for _, p := range pairByName(old.Stars, new.Stars, starName, "star rating", &d.Only) {
		d.Stars = append(d.Stars, compare(p.name, p.new.Subject, starFigures(p.old), starFigures(p.new)))
	}
	if old.Ledger != nil || new.Ledger != nil {
		t := compare("ledger", "subject", accounts(old.Ledger), accounts(new.Ledger))
		if old.Ledger != nil {
			t.OldTotal = money(old.Ledger.Total) + " " + old.Ledger.Currency
		}
		if new.Ledger != nil {
			t.NewTotal = money(new.Ledger.Total) + " " + new.Ledger.Currency
		}
		d.Ledger = &t
	}
	measureName := func(m engine.MeasureSummary) string { return m.Name }
	for _, p := range pairByName(old.Measures, new.Measures, measureName, "measure", &d.Only) {
		for _, dv := range p.new.By {
			for _, odv := range p.old.By {
				if odv.Dimension == dv.Dimension {
					t := compare(p.name, dv.Dimension, measureFigures(odv), measureFigures(dv))
					t.OldTotal, t.NewTotal = figureOf(p.old.Total).text, figureOf(p.new.Total).text
					d.Measures = append(d.Measures, t)
				}
			}
		}
	}
	return d
}

// namedPair is a definition present, under the same name, in both runs.
type namedPair[T any] struct {
	name     string
	old, new T
}

// pairByName matches the old and new runs' definitions of one kind by name,
// in name order; a name found in only one run is noted in only ("measure x:
// only in the new policy") instead.
func pairByName[T any](old, new []T, name func(T) string, kind string, only *[]string) []namedPair[T] {
	index := func(xs []T) map[string]T {
		m := make(map[string]T, len(xs))
		for _, x := range xs {
			m[name(x)] = x
		}
		return m
	}
	om, nm := index(old), index(new)
	var pairs []namedPair[T]
	for _, k := range unionKeys(om, nm) {
		o, okO := om[k]
		n, okN := nm[k]
		if !okO || !okN {
			*only = append(*only, kind+" "+k+onlyIn(okO))
			continue
		}
		pairs = append(pairs, namedPair[T]{k, o, n})
	}
	return pairs
}

func onlyIn(inOld bool) string {
	if inOld {
		return ": only in the old policy"
	}
	return ": only in the new policy"
}

func unionKeys[V any](a, b map[string]V) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func scores(c engine.CardSummary) map[string]figure {
	m := map[string]figure{}
	for _, s := range c.Scores {
		if s.Error != "" {
			m[s.Subject] = figure{text: "error"}
			continue
		}
		m[s.Subject] = figure{text: s.Points.String(), val: s.Points, ok: true}
	}
	return m
}

func starFigures(s engine.StarSummary) map[string]figure {
	m := map[string]figure{}
	for _, r := range s.Ratings {
		if r.Error != "" {
			m[r.Subject] = figure{text: "error"}
			continue
		}
		v := decimal.NewFromInt(int64(r.Stars))
		m[r.Subject] = figure{text: fmt.Sprintf("%d★ (%s)", r.Stars, r.Points), val: v, ok: true}
	}
	return m
}

func accounts(l *engine.LedgerSummary) map[string]figure {
	m := map[string]figure{}
	if l == nil {
		return m
	}
	for _, a := range l.Accounts {
		// Totals are sums of rounded lines: exact, shown with at least two
		// places and never rounded here.
		m[a.Subject] = figure{text: a.Total.StringFixed(max(2, -a.Total.Exponent())), val: a.Total, ok: true}
	}
	return m
}

func figureOf(v engine.MeasureValue) figure {
	if v.Count != nil {
		return figure{text: fmt.Sprint(*v.Count), val: decimal.NewFromInt(*v.Count), ok: true}
	}
	if !v.Rate.Defined() {
		return figure{text: "n/a (0/0)"}
	}
	val := decimal.NewFromInt(v.Rate.Num).Shift(2).DivRound(decimal.NewFromInt(v.Rate.Den), 2)
	return figure{text: pct(*v.Rate), val: val, ok: true}
}

func measureFigures(dv engine.DimensionValue) map[string]figure {
	m := map[string]figure{}
	for _, s := range dv.Subjects {
		m[s.Subject] = figureOf(s.Value)
	}
	return m
}

// DiffText writes the difference.
func DiffText(w io.Writer, d *Diff, src Source) error {
	p := &printer{w: w}
	p.f("servq diff: %s (%s) → %s (%s), data %s\n", d.OldPolicy.Name, short(d.OldPolicy.Hash), d.NewPolicy.Name, short(d.NewPolicy.Hash), src.Data)
	table := func(kind string, t Table, unit string) {
		p.f("\n%s %s: %d of %d %s moved", kind, t.Name, len(t.Moved), t.Subjects, plural(t.Subject, t.Subjects))
		if t.OldTotal != "" || t.NewTotal != "" {
			if t.OldTotal != t.NewTotal {
				p.f("; total %s → %s", or(t.OldTotal), or(t.NewTotal))
			} else {
				p.f("; total %s", t.OldTotal)
			}
		}
		p.f("\n")
		if len(t.Moved) == 0 {
			return
		}
		rows := [][]string{{t.Subject, "old" + unit, "new" + unit, "change"}}
		for _, m := range t.Moved {
			rows = append(rows, []string{subjectName(m.Subject), m.Old, m.New, or(m.Change)})
		}
		p.leftTable("", rows)
	}
	for _, t := range d.Scorecards {
		table("scorecard", t, " points")
	}
	for _, t := range d.Stars {
		table("star rating", t, "")
	}
	if d.Ledger != nil {
		table("money", *d.Ledger, "")
	}
	for _, t := range d.Measures {
		if len(t.Moved) > 0 || t.OldTotal != t.NewTotal {
			table("measure", t, "")
		}
	}
	for _, o := range d.Only {
		p.f("\n%s\n", o)
	}
	if !d.Moves() {
		p.f("\nno subject moved\n")
	}
	return p.err
}

func or(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(word string, n int) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
