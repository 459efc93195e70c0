package survey

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error the package returns wraps one of them, so that
// callers can branch with [errors.Is]; messages start with "survey: ".
var (
	// ErrInvalidScale is wrapped by errors from [NewScale] and from decoding a
	// scale: a label that is empty or not in canonical form, a satisfied,
	// promoter or detractor answer that is not on the scale, overlapping NPS
	// classes, or an undeclared handling of blank and unrecognized answers.
	ErrInvalidScale = errors.New("survey: invalid scale")

	// ErrInvalidGroup is wrapped by errors from [NewGroup], [GroupOf] and
	// [ParseGroup]: a dimension name that is not a lower-case identifier, a
	// name given twice, a value that is not valid UTF-8, or a key that is not
	// in canonical form.
	ErrInvalidGroup = errors.New("survey: invalid group")

	// ErrAnswer is returned (wrapped) when an [Answer] that does not belong to
	// an aggregate's scale is added to it.
	ErrAnswer = errors.New("survey: answer not on the scale")

	// ErrScaleMismatch is returned (wrapped) when two aggregates on different
	// scales are merged.
	ErrScaleMismatch = errors.New("survey: scales differ")

	// ErrInvalidOptions is wrapped by the error [MetricsOptions.Validate]
	// returns.
	ErrInvalidOptions = errors.New("survey: invalid metrics options")

	// ErrVersion is wrapped by decoding errors for JSON whose "version" field
	// is missing or names a version this package does not read.
	ErrVersion = errors.New("survey: unsupported version")

	// ErrInvalidJSON is wrapped by decoding errors for JSON that is malformed,
	// has unknown fields or holds impossible counts.
	ErrInvalidJSON = errors.New("survey: invalid JSON")

	// ErrInvalidRate is wrapped by [NewThreshold] and by ruleset validation for
	// a sampling rate outside [0, 1].
	ErrInvalidRate = errors.New("survey: sampling rate outside [0, 1]")

	// ErrInvalidRuleset is wrapped by errors from [NewRuleset] and
	// [QuotaSpec.Validate]: a missing seed, a bad or repeated rule id, a rule
	// without a layer, a condition that does not compile (see [RuleError]),
	// an exclusion without a reason code.
	ErrInvalidRuleset = errors.New("survey: invalid ruleset")

	// ErrEval is wrapped by [Sampler.Decide] when a rule's condition cannot be
	// evaluated on an order's facts (a missing fact, a fact of the wrong
	// type). The rule engine's own error is wrapped too.
	ErrEval = errors.New("survey: rule evaluation failed")

	// ErrDuplicateOrder is returned (wrapped) by [Sampler.SettleFloors] and
	// [Sampler.TopUp] when one order id appears twice in their input.
	ErrDuplicateOrder = errors.New("survey: order listed twice")

	// ErrForeignDecision is returned (wrapped) by [Sampler.SettleFloors] for
	// a decision drawn under another ruleset or in another period.
	ErrForeignDecision = errors.New("survey: decision from another ruleset or period")
)

// RuleError reports a sampling rule that cannot be used: its condition does
// not compile, or a field is out of range. Err wraps [ErrInvalidRuleset] and,
// for conditions, the rule engine's error (a *quality.Error or
// quality.ErrorList with line and column), so both [errors.Is] and
// [errors.As] reach the cause.
type RuleError struct {
	Index int    // position of the rule in RulesetSpec.Rules
	Rule  string // the rule's id, possibly empty when the id itself is wrong
	Err   error
}

// Error returns "survey: rule 3 \"repairs\": ..." with the cause.
func (e *RuleError) Error() string {
	msg := "survey: rule " + strconv.Itoa(e.Index)
	if e.Rule != "" {
		msg += " " + strconv.Quote(e.Rule)
	}
	return msg + ": " + trimPrefix(e.Err.Error())
}

// Unwrap returns the cause.
func (e *RuleError) Unwrap() error { return e.Err }

// trimPrefix drops a leading "survey: " from a wrapped message so that nested
// errors do not repeat the package name.
func trimPrefix(s string) string {
	const p = "survey: "
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
