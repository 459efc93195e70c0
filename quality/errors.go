package quality

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Sentinels for errors.Is. Every error of [Compile] and of a rule's
// evaluation wraps exactly one of them.
var (
	// ErrSyntax: the rule text does not parse.
	ErrSyntax = errors.New("quality: syntax error")
	// ErrUnknownName: the rule names a fact or function the schema and the
	// rule language do not have.
	ErrUnknownName = errors.New("quality: unknown name")
	// ErrType: an operator or function is applied to values of the wrong kinds.
	ErrType = errors.New("quality: type error")
	// ErrResultKind: the rule's value is not of the kind asked for.
	ErrResultKind = errors.New("quality: wrong result kind")
	// ErrUnsafe: the rule uses a construct the safety profile forbids (a
	// method call, a builtin outside the allowlist, a loop inside a loop, ...).
	ErrUnsafe = errors.New("quality: unsafe rule")
	// ErrLimit: the rule, or a value it computes, exceeds a [Limits] bound.
	ErrLimit = errors.New("quality: limit exceeded")
	// ErrDivisionByZero: a division or remainder by zero.
	ErrDivisionByZero = errors.New("quality: division by zero")
	// ErrMissingFact: the facts passed to an evaluation lack a fact the rule
	// names.
	ErrMissingFact = errors.New("quality: missing fact")
	// ErrFactType: a fact passed to an evaluation has the wrong Go type, or
	// the facts are neither [Facts] nor the schema's struct.
	ErrFactType = errors.New("quality: fact of the wrong type")
)

// Error is an error in a rule, or in its evaluation, at a place in the rule's
// text. Line and Column are 1-based; Column counts runes (not bytes) within
// the line. An error that has no place in the text (such as a missing fact)
// has Line 0.
type Error struct {
	Err          error  // one of the sentinels, such as ErrUnknownName
	Line, Column int    // 1-based place in Source; 0 when the error has no place
	Source       string // the rule text
	Message      string // what is wrong
	Hint         string // how to fix it, such as `did you mean "rated"?`; may be empty
}

// Error formats the error as
//
//	quality: 1:13: unknown name "rate" (did you mean "rated"?)
//	 | satisfied / rate >= 0.9
//	 |             ^
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("quality: ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
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

// Snippet returns the line of Source holding the error and a caret under its
// column, each line prefixed by "\n | ", or "" when the error has no place.
// Tabs in the line are shown as spaces so that the caret lines up.
func (e *Error) Snippet() string {
	if e.Line <= 0 {
		return ""
	}
	lines := strings.Split(e.Source, "\n")
	if e.Line > len(lines) {
		return ""
	}
	line := strings.ReplaceAll(strings.TrimRight(lines[e.Line-1], "\r"), "\t", " ")
	col := e.Column
	if col < 1 {
		col = 1
	}
	return "\n | " + line + "\n | " + strings.Repeat(" ", col-1) + "^"
}

// Unwrap returns the sentinel, for errors.Is.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is several errors found in one rule, in order of their place in
// the text. [Compile] returns an ErrorList when it finds more than one error
// and a single [*Error] otherwise.
type ErrorList []*Error

// Error formats every error, one after the other.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return fmt.Sprintf("%d errors:\n", len(l)) + strings.Join(parts, "\n")
}

// Unwrap returns the errors, so that errors.Is and errors.As look at each.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// position converts a rune offset in src to a 1-based line and a 1-based
// column counted in runes within the line.
func position(src string, runeOffset int) (line, col int) {
	line, col = 1, 1
	n := 0
	for _, r := range src {
		if n == runeOffset {
			break
		}
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
		n++
	}
	return line, col
}

// byteToRuneOffset converts a byte offset in src to a rune offset.
func byteToRuneOffset(src string, byteOffset int) int {
	if byteOffset > len(src) {
		byteOffset = len(src)
	}
	return utf8.RuneCountInString(src[:byteOffset])
}

// errorCollector gathers positioned errors while a rule is checked.
type errorCollector struct {
	src  string
	errs []*errAt
}

type errAt struct {
	offset int // rune offset in the source
	err    *Error
}

// maxErrors bounds how many errors one Compile reports.
const maxErrors = 10

func (c *errorCollector) add(offset int, sentinel error, hint, format string, args ...any) {
	if len(c.errs) >= maxErrors {
		return
	}
	line, col := position(c.src, offset)
	c.errs = append(c.errs, &errAt{offset: offset, err: &Error{
		Err:     sentinel,
		Line:    line,
		Column:  col,
		Source:  c.src,
		Message: fmt.Sprintf(format, args...),
		Hint:    hint,
	}})
}

func (c *errorCollector) failed() bool { return len(c.errs) > 0 }

// result returns nil, a single *Error, or an ErrorList sorted by place.
func (c *errorCollector) result() error {
	switch len(c.errs) {
	case 0:
		return nil
	case 1:
		return c.errs[0].err
	}
	sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].offset < c.errs[j].offset })
	l := make(ErrorList, len(c.errs))
	for i, e := range c.errs {
		l[i] = e.err
	}
	return l
}
