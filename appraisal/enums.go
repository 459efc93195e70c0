package appraisal

import (
	"errors"
	"fmt"
)

// ErrInvalidEnum is wrapped by errors from decoding an unknown name into one of
// the package's enumerations ([Method], [Missing], [LineKind], [Reason],
// [RankBy], [ChecklistMode], [Decider]).
var ErrInvalidEnum = errors.New("appraisal: invalid enumeration value")

// enum holds the names of an enumeration whose zero value is invalid; names[0]
// is the type name, used by String for values without a name.
type enum []string

func (e enum) str(v uint8) string {
	if v > 0 && int(v) < len(e) {
		return e[v]
	}
	return fmt.Sprintf("%s(%d)", e[0], v)
}

func (e enum) valid(v uint8) bool { return v > 0 && int(v) < len(e) }

func (e enum) marshal(v uint8) ([]byte, error) {
	if !e.valid(v) {
		return nil, fmt.Errorf("%w: cannot encode %s", ErrInvalidEnum, e.str(v))
	}
	return []byte(e[v]), nil
}

func (e enum) parse(s string) (uint8, error) {
	for i := 1; i < len(e); i++ {
		if e[i] == s {
			return uint8(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %s %q (want one of %v)", ErrInvalidEnum, e[0], s, []string(e[1:]))
}

// Method is how a scorecard item turns its input into points. The zero value,
// MethodInvalid, is not a method. An item's method follows from which of its
// method fields is set (see [Item]); Method names it in explanations.
type Method uint8

// The scoring methods.
const (
	MethodInvalid    Method = iota // not a method; the zero value
	MethodLinear                   // a quality.Target without tiers: linear between baseline and challenge
	MethodSteps                    // a quality.Target with tiers: step scoring
	MethodDeduction                // full points less a fixed number per event, down to a floor
	MethodYearOnYear               // a target relative to the subject's own value a year earlier
	MethodChecklist                // a pass/fail checklist
	MethodRule                     // a policy writer's rule giving points
	MethodCard                     // a nested scorecard
)

var methodNames = enum{"Method", "linear", "steps", "deduction", "year_on_year", "checklist", "rule", "card"}

// String returns the method's name, such as "linear" or "year_on_year".
func (m Method) String() string { return methodNames.str(uint8(m)) }

// MarshalText encodes the method as its name; MethodInvalid is an error.
func (m Method) MarshalText() ([]byte, error) { return methodNames.marshal(uint8(m)) }

// UnmarshalText decodes a method name.
func (m *Method) UnmarshalText(b []byte) error {
	v, err := methodNames.parse(string(b))
	*m = Method(v)
	return err
}

// Missing is what a scorecard does with an item whose input is absent or
// undefined (a satisfaction rate with nobody rated, 0/0). The zero value,
// MissingInherit, is not a policy: on an item or a nested card it means "the
// enclosing card's policy", and a top-level card must declare one.
type Missing uint8

// The missing-input policies.
const (
	MissingInherit      Missing = iota // not a policy: inherit the enclosing card's
	MissingFail                        // scoring the subject fails with an error wrapping ErrMissingInput
	MissingZero                        // the item scores 0 points and still counts towards the card
	MissingRedistribute                // the item drops out and its points are shared among the present items in proportion to their points
)

var missingNames = enum{"Missing", "fail", "zero", "redistribute"}

// String returns the policy's name: "fail", "zero" or "redistribute".
func (m Missing) String() string { return missingNames.str(uint8(m)) }

// MarshalText encodes the policy as its name; MissingInherit is an error (an
// omitted field is left out by omitempty instead).
func (m Missing) MarshalText() ([]byte, error) { return missingNames.marshal(uint8(m)) }

// UnmarshalText decodes a policy name.
func (m *Missing) UnmarshalText(b []byte) error {
	v, err := missingNames.parse(string(b))
	*m = Missing(v)
	return err
}

// ChecklistMode says how a pass/fail checklist scores. The zero value is not a
// mode.
type ChecklistMode uint8

// The checklist modes.
const (
	ChecklistInvalid      ChecklistMode = iota // not a mode; the zero value
	ChecklistProportional                      // attainment = checks passed ÷ checks
	ChecklistAll                               // full points if every check passes, else 0
)

var checklistNames = enum{"ChecklistMode", "proportional", "all"}

// String returns "proportional" or "all".
func (m ChecklistMode) String() string { return checklistNames.str(uint8(m)) }

// MarshalText encodes the mode as its name.
func (m ChecklistMode) MarshalText() ([]byte, error) { return checklistNames.marshal(uint8(m)) }

// UnmarshalText decodes a mode name.
func (m *ChecklistMode) UnmarshalText(b []byte) error {
	v, err := checklistNames.parse(string(b))
	*m = ChecklistMode(v)
	return err
}

// LineKind says why a ledger line exists. The zero value is not a kind.
type LineKind uint8

// The kinds of ledger line.
const (
	LineInvalid  LineKind = iota // not a kind; the zero value
	LineDirect                   // the event's subject, at the rule's rate
	LineLinked                   // a linked manager's share of a direct line (联挂考核)
	LineReversal                 // the exact negation of an earlier line
)

var lineKindNames = enum{"LineKind", "direct", "linked", "reversal"}

// String returns "direct", "linked" or "reversal".
func (k LineKind) String() string { return lineKindNames.str(uint8(k)) }

// MarshalText encodes the kind as its name.
func (k LineKind) MarshalText() ([]byte, error) { return lineKindNames.marshal(uint8(k)) }

// UnmarshalText decodes a kind name.
func (k *LineKind) UnmarshalText(b []byte) error {
	v, err := lineKindNames.parse(string(b))
	*k = LineKind(v)
	return err
}

// Reason is why lines are reversed. The zero value is not a reason.
type Reason uint8

// The reversal reasons.
const (
	ReasonInvalid      Reason = iota // not a reason; the zero value
	ReasonAppealUpheld               // the subject appealed and won
	ReasonReclassified               // the complaint was reclassified (not human-caused, invalid, wrong dispatch)
)

var reasonNames = enum{"Reason", "appeal_upheld", "reclassified"}

// String returns "appeal_upheld" or "reclassified".
func (r Reason) String() string { return reasonNames.str(uint8(r)) }

// MarshalText encodes the reason as its name.
func (r Reason) MarshalText() ([]byte, error) { return reasonNames.marshal(uint8(r)) }

// UnmarshalText decodes a reason name.
func (r *Reason) UnmarshalText(b []byte) error {
	v, err := reasonNames.parse(string(b))
	*r = Reason(v)
	return err
}

// RankBy is the statistic a ranking orders subjects by. The zero value is not
// a statistic.
type RankBy uint8

// The ranking statistics.
const (
	RankInvalid RankBy = iota // not a statistic; the zero value
	RankWilson                // the lower bound of the Wilson score interval of the rate
	RankBeta                  // the posterior mean of the rate under a declared beta prior (shrinkage)
	RankScore                 // a score given by the caller (scorecard points), as is
)

var rankByNames = enum{"RankBy", "wilson", "beta", "score"}

// String returns "wilson", "beta" or "score".
func (r RankBy) String() string { return rankByNames.str(uint8(r)) }

// MarshalText encodes the statistic as its name.
func (r RankBy) MarshalText() ([]byte, error) { return rankByNames.marshal(uint8(r)) }

// UnmarshalText decodes a statistic name.
func (r *RankBy) UnmarshalText(b []byte) error {
	v, err := rankByNames.parse(string(b))
	*r = RankBy(v)
	return err
}

// Decider names the key that put a ranked subject below the one before it.
// The zero value, DecidedNone, is what the first subject gets.
type Decider uint8

// The ranking keys, in the order they are tried.
const (
	DecidedNone    Decider = iota // the first subject: nothing above it
	DecidedScore                  // a lower score (the ranking statistic)
	DecidedSample                 // the same score, a smaller sample
	DecidedRaw                    // the same score and sample, a lower raw rate or score
	DecidedSubject                // all equal: subject identifiers in ascending order
)

var deciderNames = enum{"Decider", "score", "sample", "raw", "subject"}

// String returns "score", "sample", "raw", "subject", or "none" for
// DecidedNone.
func (d Decider) String() string {
	if d == DecidedNone {
		return "none"
	}
	return deciderNames.str(uint8(d))
}

// MarshalText encodes the key as its name ("none" for DecidedNone).
func (d Decider) MarshalText() ([]byte, error) {
	if d == DecidedNone {
		return []byte("none"), nil
	}
	return deciderNames.marshal(uint8(d))
}

// UnmarshalText decodes a key name.
func (d *Decider) UnmarshalText(b []byte) error {
	if string(b) == "none" {
		*d = DecidedNone
		return nil
	}
	v, err := deciderNames.parse(string(b))
	*d = Decider(v)
	return err
}
