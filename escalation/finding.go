package escalation

import (
	"strconv"
	"strings"
)

// Code is the stable code of a validation finding. Hosts and policy tools may
// match on it; the text of a finding's message may change, its code does not.
type Code uint8

const (
	// CodeInvalid is the zero Code.
	CodeInvalid Code = iota
	// CodeMalformed: a name is missing, badly formed or duplicated, a reference
	// names nothing, or a field is out of range.
	CodeMalformed
	// CodeUnreachableState: no path of transitions leads from the initial state
	// to this state.
	CodeUnreachableState
	// CodeDeadEnd: a non-terminal state nothing leads out of, or whose only
	// ways out are timers that may not fire (named timers, guarded timer
	// transitions) and no event is accepted there.
	CodeDeadEnd
	// CodeNoTerminal: the definition has no terminal state, or a reachable
	// state from which no terminal state can be reached.
	CodeNoTerminal
	// CodeOverlap: a transition can never be taken because an earlier one on
	// the same state and trigger has no guard.
	CodeOverlap
	// CodeTimerOrder: timers armed together raise levels in the wrong order (a
	// higher level comes earlier than a lower one).
	CodeTimerOrder
	// CodeInstantCycle: states can follow each other in a loop without time
	// passing (zero-offset timers), or a timer repeats with a zero interval.
	CodeInstantCycle
	// CodeUnboundedRepeat: a timer repeats without a bound, or timers alone can
	// drive the order round a loop forever (no counter threshold leads out).
	CodeUnboundedRepeat
	// CodeRuleType: a guard does not compile as a bool rule over the schema (a
	// syntax error, an unknown name, a type error).
	CodeRuleType
	// CodeUnmappedState: a migration leaves an open state of the old machine
	// without a state in the new one.
	CodeUnmappedState
)

var codeNames = [...]string{"invalid", "malformed", "unreachable-state", "dead-end", "no-reachable-terminal",
	"overlapping-transitions", "decreasing-timer-offsets", "cycle-without-time", "unbounded-repeat",
	"rule-type-error", "unmapped-state"}

// String returns the code's stable name, for example "dead-end".
func (c Code) String() string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "invalid"
}

// MarshalText encodes the code by its stable name.
func (c Code) MarshalText() ([]byte, error) {
	return marshalEnum("code", c.String(), c != CodeInvalid && int(c) < len(codeNames))
}

// UnmarshalText decodes a stable code name.
func (c *Code) UnmarshalText(b []byte) error {
	v, err := unmarshalEnum("code", codeNames[:], b)
	*c = Code(v)
	return err
}

// A Finding is one problem found in a definition (or a migration).
type Finding struct {
	// Code is the stable code.
	Code Code
	// Path locates the problem in the definition, Go-style:
	// "transitions[3].guard", "timers[1].repeat", "states[2]".
	Path string
	// Subject names the state, timer, counter or transition concerned.
	Subject string
	// Message says what is wrong, in words.
	Message string
	// Err is the underlying error, for CodeRuleType the rule's compile error
	// (use errors.As to get the quality error with line and column).
	Err error
}

// String formats the finding as "path: code: message".
func (f Finding) String() string {
	var b strings.Builder
	if f.Path != "" {
		b.WriteString(f.Path)
		b.WriteString(": ")
	}
	b.WriteString(f.Code.String())
	b.WriteString(": ")
	b.WriteString(f.Message)
	return b.String()
}

// A ValidationError lists every finding that made [Compile] or [Migrate]
// refuse. It wraps [ErrInvalidDefinition] (or [ErrMigration]) and each
// finding's Err.
type ValidationError struct {
	// Machine is the definition's name and version, "complaint v1".
	Machine string
	// Findings are in the definition's order.
	Findings []Finding

	sentinel error
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("escalation: ")
	b.WriteString(e.Machine)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(len(e.Findings)))
	if len(e.Findings) == 1 {
		b.WriteString(" finding")
	} else {
		b.WriteString(" findings")
	}
	for _, f := range e.Findings {
		b.WriteString("\n\t")
		b.WriteString(f.String())
	}
	return b.String()
}

// Unwrap returns the sentinel and every finding's underlying error.
func (e *ValidationError) Unwrap() []error {
	sentinel := e.sentinel
	if sentinel == nil {
		sentinel = ErrInvalidDefinition
	}
	errs := []error{sentinel}
	for _, f := range e.Findings {
		if f.Err != nil {
			errs = append(errs, f.Err)
		}
	}
	return errs
}
