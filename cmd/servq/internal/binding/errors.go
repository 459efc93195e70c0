package binding

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/servq/servq/quality"
	"go.yaml.in/yaml/v3"
)

// Error is one problem in a run section, at a place in the policy file.
type Error struct {
	File         string
	Line, Column int // 1-based, runes; 0 when unknown
	Path         string
	Message      string
	Hint         string
	// Cause is the underlying error (a quality rule's compile error).
	Cause error

	lineText string
}

// Error formats the error as the policy package does:
//
//	broadband.yaml:120:11: run.done: unknown name "evnt" (did you mean "event"?)
//	   |   done: evnt == "closed"
//	   |         ^
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column))
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Message)
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	if e.lineText != "" && e.Column > 0 {
		b.WriteString("\n   | " + strings.ReplaceAll(e.lineText, "\t", " "))
		b.WriteString("\n   | " + strings.Repeat(" ", e.Column-1) + "^")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// ErrorList is every problem found in a run section, in file order.
type ErrorList []*Error

// Error formats every error, one after the other.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap returns the errors.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

func (s *Section) errorAt(n *yaml.Node, path, hint, format string, args ...any) *Error {
	e := &Error{File: s.File, Path: path, Hint: hint, Message: sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
		e.lineText = s.line(n.Line)
	}
	return e
}

// RuleError places a rule's compile error (a *quality.Error or a
// quality.ErrorList) at its character in the file when the rule is written
// on one line, else at the rule's node.
func (s *Section) RuleError(path string, err error) ErrorList {
	n := s.nodes[path]
	var qs []*quality.Error
	var ql quality.ErrorList
	var qe *quality.Error
	switch {
	case errors.As(err, &ql):
		qs = ql
	case errors.As(err, &qe):
		qs = []*quality.Error{qe}
	default:
		return ErrorList{s.errorAt(n, path, "", "%v", err)}
	}
	var out ErrorList
	for _, q := range qs {
		e := s.errorAt(n, path, q.Hint, "%s", q.Message)
		e.Cause = q
		if n != nil && q.Line == 1 && n.Line > 0 && !strings.Contains(n.Value, "\n") {
			// A plain or quoted scalar on one line: the rule's column maps to
			// the file's when nothing was escaped.
			off := 0
			if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				off = 1
			}
			line := s.line(n.Line)
			if start := runeIndex(line, n.Column-1+off); start >= 0 && strings.HasPrefix(line[start:], n.Value) {
				e.Column = n.Column + off + q.Column - 1
			}
		} else if q.Line > 0 {
			e.Message += " (rule line " + strconv.Itoa(q.Line) + ", column " + strconv.Itoa(q.Column) + ")"
		}
		out = append(out, e)
	}
	return out
}

// Errorf makes an error placed at the node of path.
func (s *Section) Errorf(path, hint, format string, args ...any) *Error {
	return s.errorAt(s.nodes[path], path, hint, format, args...)
}

func (s *Section) line(n int) string {
	if n < 1 {
		return ""
	}
	rest := string(s.src)
	for i := 1; i < n; i++ {
		j := strings.IndexByte(rest, '\n')
		if j < 0 {
			return ""
		}
		rest = rest[j+1:]
	}
	if j := strings.IndexByte(rest, '\n'); j >= 0 {
		rest = rest[:j]
	}
	return strings.TrimRight(rest, "\r")
}

// runeIndex returns the byte index of the rune at position r of s, or -1.
func runeIndex(s string, r int) int {
	i := 0
	for n := 0; n < r; n++ {
		if i >= len(s) {
			return -1
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
