package survey

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Answer is one order's outcome on a scale: not rated, a blank reply, an
// unrecognized reply, or one of the scale's points. Answers are small
// comparable values made by [Scale.Parse]; a point answer means "the i-th
// point of the scale that parsed it" and is only meaningful with that scale.
//
// The zero Answer means the order was eligible but not rated: no reply, the
// customer was not reached or not called. It counts in participation's
// denominator and nowhere else.
type Answer struct{ code uint8 }

const (
	codeNotRated     = 0
	codeBlank        = 1
	codeUnrecognized = 2
	codePoint        = 3 // code codePoint+i is point i
)

// AnswerKind says which of the four kinds of outcome an [Answer] is.
type AnswerKind uint8

// The answer kinds. The zero value, [AnswerKindInvalid], is not a kind and is
// never returned by [Answer.Kind].
const (
	AnswerKindInvalid AnswerKind = iota // not a kind; the zero value
	NotRated                            // no reply: the zero Answer
	Blank                               // an empty reply
	Unrecognized                        // a reply that is not a point of the scale
	Point                               // one of the scale's points
)

var answerKindNames = [...]string{NotRated: "not rated", Blank: "blank", Unrecognized: "unrecognized", Point: "point"}

// String returns "not rated", "blank", "unrecognized" or "point", or
// "AnswerKind(0)" for values that are not kinds.
func (k AnswerKind) String() string {
	if k >= NotRated && k <= Point {
		return answerKindNames[k]
	}
	return "AnswerKind(" + strconv.Itoa(int(k)) + ")"
}

// Kind returns the answer's kind.
func (a Answer) Kind() AnswerKind {
	switch a.code {
	case codeNotRated:
		return NotRated
	case codeBlank:
		return Blank
	case codeUnrecognized:
		return Unrecognized
	}
	return Point
}

// Point returns the index of the answer's point on its scale (0-based, in
// ScaleSpec.Points order) and true, or 0 and false for answers that are not
// points.
func (a Answer) Point() (int, bool) {
	if a.code < codePoint {
		return 0, false
	}
	return int(a.code - codePoint), true
}

// String describes the answer without its scale: "not rated", "blank",
// "unrecognized" or "point #3" (0-based). Use [Scale.Format] for the label.
func (a Answer) String() string {
	if i, ok := a.Point(); ok {
		return "point #" + strconv.Itoa(i)
	}
	return a.Kind().String()
}

// Parse reads a customer's reply. It trims white space (including the
// ideographic space), folds full-width forms to ASCII ("Ａ" is "A", "１０" is
// "10"), drops leading zeros from a number ("010" is "10") and matches the
// result against the labels ignoring case ("b" is "B"). The result is a point
// of the scale, [Blank] when nothing is left, or [Unrecognized] otherwise;
// Parse never fails, because what an unreadable reply does is the scale's
// declared handling, not an error.
//
// Parse does not allocate unless the reply holds non-ASCII characters.
func (s *Scale) Parse(reply string) Answer {
	t := normalize(reply)
	if t == "" {
		return Answer{codeBlank}
	}
	for i, l := range s.spec.Points { // exact spelling first: cheap
		if t == l {
			return Answer{uint8(codePoint + i)}
		}
	}
	for i, l := range s.spec.Points {
		if strings.EqualFold(t, l) {
			return Answer{uint8(codePoint + i)}
		}
	}
	return Answer{codeUnrecognized}
}

// Answer returns the answer for point i (0-based); ok is false when the scale
// has no such point.
func (s *Scale) Answer(i int) (a Answer, ok bool) {
	if i < 0 || i >= s.Len() {
		return Answer{}, false
	}
	return Answer{uint8(codePoint + i)}, true
}

// Format returns the label of a point answer ("10", "A"), or "(not rated)",
// "(blank)" or "(unrecognized)". For every point answer a,
// s.Parse(s.Format(a)) == a.
func (s *Scale) Format(a Answer) string {
	if i, ok := a.Point(); ok && i < s.Len() {
		return s.spec.Points[i]
	}
	if _, ok := a.Point(); ok {
		return "(not on " + s.spec.Name + ")"
	}
	return "(" + a.Kind().String() + ")"
}

// normalize returns a reply in canonical spelling: trimmed, full-width forms
// folded to ASCII and leading zeros dropped from a number. It allocates only
// when folding.
func normalize(reply string) string {
	t := strings.TrimSpace(reply)
	if !isASCII(t) {
		t = strings.TrimSpace(strings.Map(foldWidth, t))
	}
	if len(t) > 1 && allDigits(t) {
		i := 0
		for i < len(t)-1 && t[i] == '0' {
			i++
		}
		t = t[i:]
	}
	return t
}

// foldWidth maps the full-width forms U+FF01–U+FF5E to ASCII and the
// ideographic space to a space, as Chinese phone keyboards send them.
func foldWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
