package policy

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors, for errors.Is. Every [*Error] wraps exactly one of them
// (its Err field) and, when a package refused a definition, that package's
// own error too (its Cause field), so that errors.Is(err, sla.ErrNoWorkingTime)
// and errors.As(err, &qualityErr) reach the cause.
var (
	// ErrSyntax: the file is not well-formed YAML, or holds more than one
	// document.
	ErrSyntax = errors.New("policy: syntax error")
	// ErrVersion: the file's version is missing or not one this package reads.
	ErrVersion = errors.New("policy: unknown format version")
	// ErrUnknownKey: a mapping has a key the format does not define (often a
	// misspelling; the hint says which key was meant).
	ErrUnknownKey = errors.New("policy: unknown key")
	// ErrDuplicateKey: a mapping has the same key twice.
	ErrDuplicateKey = errors.New("policy: duplicate key")
	// ErrMissingKey: a required key is absent.
	ErrMissingKey = errors.New("policy: missing key")
	// ErrType: a value has the wrong YAML type or cannot be read as what the
	// key needs (a number, a duration, a time of day, an enumeration name).
	ErrType = errors.New("policy: wrong type")
	// ErrRule: a rule does not compile: a syntax error, an unknown fact, a
	// type error, an unsafe construct. The cause is a *quality.Error, and
	// Error.RuleLine and Error.RuleColumn give the place inside the rule.
	ErrRule = errors.New("policy: rule does not compile")
	// ErrReference: a name refers to nothing declared (a calendar, a target,
	// a built-in calendar or scale, a file).
	ErrReference = errors.New("policy: unknown reference")
	// ErrInvalid: a definition is well-formed but inconsistent: the package
	// that compiles it refused it (a calendar without working time, an
	// unreachable escalation state, a scorecard worth 94 that declares 100).
	// The cause is that package's error.
	ErrInvalid = errors.New("policy: invalid definition")
)

// Error is one problem in a policy file, at a place in it.
//
// Line and Column are 1-based and count runes (so Chinese text lines up);
// zero when the place is unknown. For an error inside a rule they are the
// place of the error in the file, and RuleLine and RuleColumn the place inside
// the rule's own text, as quality reports it.
type Error struct {
	File         string // the file name given to Load or Parse (or a referenced file)
	Line, Column int    // place in File, 1-based; 0 when unknown
	// Path locates the node in the document: "clocks.contact.targets[0].within".
	Path string
	// RuleLine and RuleColumn are the place inside a rule's text (1-based,
	// runes), for ErrRule; zero otherwise.
	RuleLine, RuleColumn int
	// Err is one of this package's sentinels.
	Err error
	// Cause is the underlying error: a *quality.Error, a *sla.SpecError,
	// an escalation finding's error, an *appraisal.TotalError, ...; nil for
	// errors this package finds itself.
	Cause error
	// Message says what is wrong; Hint how to fix it (may be empty).
	Message, Hint string

	srcLine string // the line of File at Line, for the snippet
}

// Error formats the error as
//
//	broadband.yaml:12:28: clocks.contact.start[0].when: unknown name "evnt" (did you mean "event"?)
//	   |     - when: evnt == "dispatched"
//	   |             ^
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	b.WriteString(e.Snippet())
	return b.String()
}

// Snippet returns the file's line holding the error and a caret under its
// column, each prefixed by "\n   | ", or "" when the place is unknown. Tabs are
// shown as spaces so that the caret lines up.
func (e *Error) Snippet() string {
	if e.Line <= 0 || e.srcLine == "" && e.Column <= 0 {
		return ""
	}
	line := strings.ReplaceAll(e.srcLine, "\t", " ")
	s := "\n   | " + line
	if e.Column > 0 {
		s += "\n   | " + strings.Repeat(" ", e.Column-1) + "^"
	}
	return s
}

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// ErrorList is every problem found in a policy, sorted by file, line and
// column. Load and Parse return an ErrorList whenever they fail, even for one
// problem, so that a caller can list them all.
type ErrorList []*Error

// Error formats every error, one after the other, separated by blank lines.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap returns the errors, so that errors.Is and errors.As look at each.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// sortErrors orders the list by file, then place, then path and message, and
// drops exact repeats (the same message at the same place).
func sortErrors(l ErrorList) ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 {
			p := l[i-1]
			if p.File == e.File && p.Line == e.Line && p.Column == e.Column && p.Path == e.Path && p.Message == e.Message {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}
