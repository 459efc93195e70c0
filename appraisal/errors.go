package appraisal

import (
	"errors"
	"strings"

	"github.com/shopspring/decimal"
)

// Sentinels for errors.Is. Every error the package returns wraps one of them
// (typed errors below add the details).
var (
	// ErrInvalidCard: a scorecard or star-scale definition is inconsistent
	// (see [DefinitionError] and [TotalError]).
	ErrInvalidCard = errors.New("appraisal: invalid scorecard")
	// ErrTotalMismatch: a card's items do not add up to its declared total and
	// the card does not say to normalise (see [TotalError]).
	ErrTotalMismatch = errors.New("appraisal: items do not add up to the declared total")
	// ErrMissingInput: an item's input is absent or undefined and its policy is
	// MissingFail (see [MissingError]).
	ErrMissingInput = errors.New("appraisal: missing input")
	// ErrInvalidInput: an input names no item, or has the wrong shape for its
	// item's method (see [InputError]).
	ErrInvalidInput = errors.New("appraisal: invalid input")
	// ErrInvalidTariff: a ledger tariff definition is inconsistent.
	ErrInvalidTariff = errors.New("appraisal: invalid tariff")
	// ErrInvalidEvent: a ledger event is malformed (no id, negative units).
	ErrInvalidEvent = errors.New("appraisal: invalid event")
	// ErrNoRate: an event happened before the first effective date of its rule.
	ErrNoRate = errors.New("appraisal: no rate in effect")
	// ErrCurrency: a line in one currency was added to a ledger in another.
	ErrCurrency = errors.New("appraisal: currency mismatch")
	// ErrInvalidReversal: the lines given to Reverse cannot be reversed.
	ErrInvalidReversal = errors.New("appraisal: invalid reversal")
	// ErrAlreadyReversed: a line was reversed twice.
	ErrAlreadyReversed = errors.New("appraisal: line already reversed")
	// ErrInvalidRanking: a ranking specification or entry is inconsistent.
	ErrInvalidRanking = errors.New("appraisal: invalid ranking")
	// ErrVersion: persisted JSON has an unknown format version.
	ErrVersion = errors.New("appraisal: unknown format version")
)

// DefinitionError is one problem in a definition: a scorecard, a tariff, a
// ranking specification or a star scale. Path locates it ("provincial/hotline"
// for an item of a nested card, "callback-dissatisfied.rates[1]" for a tariff
// rule), Field names the offending field in its JSON spelling. Err is the
// sentinel ([ErrInvalidCard], [ErrInvalidTariff], [ErrInvalidRanking]); Cause,
// when set, is the underlying error (a quality.TargetError, a quality rule's
// compile error with line and column), reachable with errors.As.
type DefinitionError struct {
	Err     error
	Path    string
	Field   string
	Message string
	Cause   error
}

// Error returns "appraisal: invalid scorecard: provincial/hotline: points: must be positive".
func (e *DefinitionError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	if e.Path != "" {
		b.WriteString(": ")
		b.WriteString(e.Path)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	return b.String()
}

// Unwrap returns the sentinel and, when present, the cause.
func (e *DefinitionError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// TotalError reports a card whose items' points do not add up to its declared
// total: the provincial card lists items worth 94 and declares 100. It wraps
// [ErrInvalidCard] and [ErrTotalMismatch].
type TotalError struct {
	Card     string          // the card's path
	Declared decimal.Decimal // the card's Total
	Sum      decimal.Decimal // what the items add up to
	Items    []ItemPoints    // each item's points, in declaration order
}

// ItemPoints is one item's share of a card's total, as listed in a [TotalError].
type ItemPoints struct {
	ID     string
	Points decimal.Decimal
}

// Error lists the items and the difference, and says how to fix it.
func (e *TotalError) Error() string {
	var b strings.Builder
	b.WriteString("appraisal: card ")
	b.WriteString(e.Card)
	b.WriteString(": items add up to ")
	b.WriteString(e.Sum.String())
	b.WriteString(", not the declared total ")
	b.WriteString(e.Declared.String())
	b.WriteString(" (")
	for i, it := range e.Items {
		if i > 0 {
			b.WriteString(" + ")
		}
		b.WriteString(it.ID)
		b.WriteString(" ")
		b.WriteString(it.Points.String())
	}
	b.WriteString(" = ")
	b.WriteString(e.Sum.String())
	b.WriteString(", ")
	diff := e.Declared.Sub(e.Sum)
	if diff.Sign() > 0 {
		b.WriteString(diff.String())
		b.WriteString(" short")
	} else {
		b.WriteString(diff.Neg().String())
		b.WriteString(" over")
	}
	b.WriteString("): correct the items or the total, or set normalize to scale the items to the total")
	return b.String()
}

// Unwrap returns [ErrInvalidCard] and [ErrTotalMismatch].
func (e *TotalError) Unwrap() []error { return []error{ErrInvalidCard, ErrTotalMismatch} }

// MissingError reports the items of a subject whose inputs were absent or
// undefined under the MissingFail policy. It wraps [ErrMissingInput].
type MissingError struct {
	Subject string
	Items   []string // item paths, in card order
}

// Error returns "appraisal: missing input: subject T-0412: items hotline, dial-tests".
func (e *MissingError) Error() string {
	return ErrMissingInput.Error() + ": subject " + e.Subject + ": items " + strings.Join(e.Items, ", ")
}

// Unwrap returns [ErrMissingInput].
func (e *MissingError) Unwrap() error { return ErrMissingInput }

// InputError reports an input that names no item of the card or does not fit
// its item's method. It wraps [ErrInvalidInput] and, when set, Cause (a quality
// rule's evaluation error).
type InputError struct {
	Subject string
	Item    string
	Message string
	Cause   error
}

// Error returns "appraisal: invalid input: subject T-0412: item hotline: ...".
func (e *InputError) Error() string {
	return ErrInvalidInput.Error() + ": subject " + e.Subject + ": item " + e.Item + ": " + e.Message
}

// Unwrap returns [ErrInvalidInput] and the cause, if any.
func (e *InputError) Unwrap() []error {
	if e.Cause != nil {
		return []error{ErrInvalidInput, e.Cause}
	}
	return []error{ErrInvalidInput}
}

// Errors is every problem found in one definition, in the order found. It is
// what the constructors return when a definition has more than one problem,
// so that a policy writer sees them all at once. errors.Is and errors.As look
// into each.
type Errors []error

// Error joins the problems, one per line.
func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the problems.
func (es Errors) Unwrap() []error { return es }

// collected returns nil, the only problem, or all of them as [Errors].
func collected(es []error) error {
	switch len(es) {
	case 0:
		return nil
	case 1:
		return es[0]
	}
	return Errors(es)
}
