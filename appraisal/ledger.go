package appraisal

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
)

// Ledger is the running balance of money lines in one currency: per subject,
// per rule and kind of line, the number of lines and their sum. Totals are
// sums of rounded lines, never rounded again. It also remembers which lines
// have been reversed, and refuses a second reversal of the same line.
//
// A Ledger is an aggregate that merges: adding lines to several ledgers (one
// per shard, per day, per county) and merging them gives the same ledger as
// adding every line to one, in any order. It encodes to JSON with a "version"
// field and decodes back to an equal ledger.
//
// The zero Ledger is not usable; make one with [NewLedger]. A Ledger is not
// safe for concurrent use; give each goroutine its own and merge them.
type Ledger struct {
	currency string
	accounts map[string]*account
	reversed map[string]string // reversed line ID → the reversal line's ID
	lines    int64
}

// account holds a subject's sums per rule and kind; the account's and the
// ledger's totals are added up from them when asked for, so that adding a line
// costs one decimal addition.
type account struct {
	rules map[ruleKey]*RuleTotal
}

func (a *account) sums() (decimal.Decimal, int64) {
	total, lines := decimal.Zero, int64(0)
	for _, rt := range a.rules {
		total = total.Add(rt.Amount)
		lines += rt.Lines
	}
	return total, lines
}

type ruleKey struct {
	rule string
	kind LineKind
}

// Account is one subject's balance.
type Account struct {
	Subject string          `json:"subject"`
	Total   decimal.Decimal `json:"total"`
	Lines   int64           `json:"lines"`
	// Rules break the total down by rule and kind of line, sorted by rule
	// and then kind (direct, linked, reversal).
	Rules []RuleTotal `json:"rules"`
}

// RuleTotal is the lines of one rule and kind in an account.
type RuleTotal struct {
	Rule   string          `json:"rule"`
	Kind   LineKind        `json:"kind"`
	Lines  int64           `json:"lines"`
	Amount decimal.Decimal `json:"amount"`
}

// NewLedger returns an empty ledger in the currency with the given ISO 4217
// code.
func NewLedger(currency string) (*Ledger, error) {
	if !validCurrency(currency) {
		return nil, fmt.Errorf("%w: %q is not an ISO 4217 code", ErrCurrency, currency)
	}
	return &Ledger{currency: currency, accounts: map[string]*account{}, reversed: map[string]string{}}, nil
}

// Currency returns the ledger's currency.
func (l *Ledger) Currency() string { return l.currency }

// Total returns the sum of every line added.
func (l *Ledger) Total() decimal.Decimal {
	total := decimal.Zero
	for _, a := range l.accounts {
		t, _ := a.sums()
		total = total.Add(t)
	}
	return total
}

// Lines returns how many lines were added.
func (l *Ledger) Lines() int64 { return l.lines }

// Reversed reports whether the line with the given ID has been reversed, and
// by which reversal line.
func (l *Ledger) Reversed(lineID string) (string, bool) {
	r, ok := l.reversed[lineID]
	return r, ok
}

// Add adds lines to the ledger. It checks them all first and adds none if one
// is refused: a line in another currency ([ErrCurrency]), a line without an ID,
// a subject or a valid kind ([ErrInvalidEvent]), a reversal of a line already
// reversed, here or earlier in the same call ([ErrAlreadyReversed]).
func (l *Ledger) Add(lines ...Line) error {
	var batch map[string]bool
	for i := range lines {
		ln := &lines[i]
		if err := l.check(ln); err != nil {
			return err
		}
		if ln.Kind == LineReversal {
			if batch == nil {
				batch = map[string]bool{}
			}
			if batch[ln.Source] {
				return fmt.Errorf("%w: line %s is reversed twice in one call", ErrAlreadyReversed, ln.Source)
			}
			batch[ln.Source] = true
		}
	}
	for i := range lines {
		l.add(&lines[i])
	}
	return nil
}

func (l *Ledger) check(ln *Line) error {
	switch {
	case ln.Currency != l.currency:
		return fmt.Errorf("%w: line %s is in %q, the ledger in %s", ErrCurrency, ln.ID, ln.Currency, l.currency)
	case ln.ID == "" || ln.Subject == "":
		return fmt.Errorf("%w: line %q for subject %q: a line needs an id and a subject", ErrInvalidEvent, ln.ID, ln.Subject)
	case !lineKindNames.valid(uint8(ln.Kind)):
		return fmt.Errorf("%w: line %s has kind %v", ErrInvalidEvent, ln.ID, ln.Kind)
	case ln.Kind == LineReversal && ln.Source == "":
		return fmt.Errorf("%w: reversal line %s names no source line", ErrInvalidReversal, ln.ID)
	}
	if ln.Kind == LineReversal {
		if by, done := l.reversed[ln.Source]; done {
			return fmt.Errorf("%w: line %s was reversed by %s; %s reverses it again", ErrAlreadyReversed, ln.Source, by, ln.ID)
		}
	}
	return nil
}

func (l *Ledger) add(ln *Line) {
	a := l.accounts[ln.Subject]
	if a == nil {
		a = &account{rules: map[ruleKey]*RuleTotal{}}
		l.accounts[ln.Subject] = a
	}
	k := ruleKey{ln.Rule, ln.Kind}
	rt := a.rules[k]
	if rt == nil {
		rt = &RuleTotal{Rule: ln.Rule, Kind: ln.Kind}
		a.rules[k] = rt
	}
	rt.Lines++
	rt.Amount = rt.Amount.Add(ln.Amount)
	l.lines++
	if ln.Kind == LineReversal {
		l.reversed[ln.Source] = ln.ID
	}
}

// Merge adds every line of o to l, as if they had been added to l one by one;
// o is not changed. The ledgers must share a currency ([ErrCurrency]), and a
// line reversed in both is refused ([ErrAlreadyReversed]); on error l is
// unchanged.
func (l *Ledger) Merge(o *Ledger) error {
	if o.currency != l.currency {
		return fmt.Errorf("%w: merging a %s ledger into a %s one", ErrCurrency, o.currency, l.currency)
	}
	for _, src := range sortedKeys(o.reversed) {
		if by, done := l.reversed[src]; done {
			return fmt.Errorf("%w: line %s was reversed by %s in one ledger and by %s in the other", ErrAlreadyReversed, src, by, o.reversed[src])
		}
	}
	for subject, oa := range o.accounts {
		a := l.accounts[subject]
		if a == nil {
			a = &account{rules: map[ruleKey]*RuleTotal{}}
			l.accounts[subject] = a
		}
		for k, ort := range oa.rules {
			rt := a.rules[k]
			if rt == nil {
				rt = &RuleTotal{Rule: k.rule, Kind: k.kind}
				a.rules[k] = rt
			}
			rt.Lines += ort.Lines
			rt.Amount = rt.Amount.Add(ort.Amount)
		}
	}
	for src, by := range o.reversed {
		l.reversed[src] = by
	}
	l.lines += o.lines
	return nil
}

// Subjects returns the subjects with lines, sorted.
func (l *Ledger) Subjects() []string { return sortedKeys(l.accounts) }

// Account returns a subject's balance; a subject without lines has a zero one.
func (l *Ledger) Account(subject string) Account {
	acc := Account{Subject: subject, Total: decimal.Zero, Rules: []RuleTotal{}}
	a := l.accounts[subject]
	if a == nil {
		return acc
	}
	acc.Total, acc.Lines = a.sums()
	for _, rt := range a.rules {
		acc.Rules = append(acc.Rules, *rt)
	}
	slices.SortFunc(acc.Rules, func(x, y RuleTotal) int {
		return cmp.Or(cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Kind, y.Kind))
	})
	return acc
}

// Accounts returns every subject's balance, sorted by subject.
func (l *Ledger) Accounts() []Account {
	subjects := l.Subjects()
	out := make([]Account, len(subjects))
	for i, s := range subjects {
		out[i] = l.Account(s)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ledgerVersion is the JSON format version of a Ledger.
const ledgerVersion = 1

type ledgerJSON struct {
	Version  *int            `json:"version"`
	Currency string          `json:"currency"`
	Lines    int64           `json:"lines"`
	Total    decimal.Decimal `json:"total"`
	Accounts []Account       `json:"accounts"`
	Reversed []reversedJSON  `json:"reversed"`
}

type reversedJSON struct {
	Line string `json:"line"`
	By   string `json:"by"`
}

// MarshalJSON encodes the ledger with a "version" field (currently 1), its
// accounts sorted by subject and its reversed lines sorted by ID, so that
// equal ledgers encode to equal bytes.
func (l *Ledger) MarshalJSON() ([]byte, error) {
	v := ledgerVersion
	w := ledgerJSON{Version: &v, Currency: l.currency, Lines: l.lines, Total: l.Total(), Accounts: l.Accounts(), Reversed: []reversedJSON{}}
	for _, src := range sortedKeys(l.reversed) {
		w.Reversed = append(w.Reversed, reversedJSON{src, l.reversed[src]})
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes a ledger written by MarshalJSON. It refuses unknown
// fields, other versions, and totals that do not add up (the ledger's lines
// and total must be the sums of its accounts', each account's of its rules').
func (l *Ledger) UnmarshalJSON(data []byte) error {
	var w ledgerJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("appraisal: ledger: %w", err)
	}
	if w.Version == nil || *w.Version != ledgerVersion {
		return fmt.Errorf("%w: ledger version %v (want %d)", ErrVersion, deref(w.Version), ledgerVersion)
	}
	n, err := NewLedger(w.Currency)
	if err != nil {
		return err
	}
	var lines int64
	total := decimal.Zero
	for _, acc := range w.Accounts {
		if _, dup := n.accounts[acc.Subject]; dup || acc.Subject == "" {
			return fmt.Errorf("appraisal: ledger: account %q is empty or listed twice", acc.Subject)
		}
		a := &account{rules: map[ruleKey]*RuleTotal{}}
		for _, rt := range acc.Rules {
			k := ruleKey{rt.Rule, rt.Kind}
			if _, dup := a.rules[k]; dup || !lineKindNames.valid(uint8(rt.Kind)) || rt.Lines <= 0 {
				return fmt.Errorf("appraisal: ledger: account %s: rule %s (%v) is invalid, empty or listed twice", acc.Subject, rt.Rule, rt.Kind)
			}
			r := rt
			a.rules[k] = &r
		}
		aTotal, aLines := a.sums()
		if aLines != acc.Lines || !aTotal.Equal(acc.Total) || aLines == 0 {
			return fmt.Errorf("appraisal: ledger: account %s: its rules add up to %d lines and %s, not %d and %s", acc.Subject, aLines, aTotal, acc.Lines, acc.Total)
		}
		n.accounts[acc.Subject] = a
		lines += aLines
		total = total.Add(aTotal)
	}
	if lines != w.Lines || !total.Equal(w.Total) {
		return fmt.Errorf("appraisal: ledger: accounts add up to %d lines and %s, not %d and %s", lines, total, w.Lines, w.Total)
	}
	for _, r := range w.Reversed {
		if _, dup := n.reversed[r.Line]; dup || r.Line == "" || r.By == "" {
			return fmt.Errorf("%w: ledger: reversed line %q is empty or listed twice", ErrAlreadyReversed, r.Line)
		}
		n.reversed[r.Line] = r.By
	}
	n.lines = w.Lines
	*l = *n
	return nil
}
