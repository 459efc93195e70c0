package workorder

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// MaxDigits bounds a decimal fact: at most this many digits and an exponent
// within ±MaxDigits, the bound quality rules enforce on decimals
// ([quality.DefaultMaxDigits]). A larger value is refused when it is read,
// not when a rule first touches it.
const MaxDigits = quality.DefaultMaxDigits

// MaxListLen bounds a list fact (kind strings) to this many elements.
const MaxListLen = 1000

// parseDecimal reads a decimal in JSON number syntax ("-12.50", "1e3"),
// refusing other spellings ("+1", ".5", "1.", "0x10", "NaN") and values beyond
// MaxDigits.
func parseDecimal(s []byte) (decimal.Decimal, string) {
	if !validNumber(s) {
		return decimal.Decimal{}, "want a decimal number such as 12.50, got " + quoteTrunc(s)
	}
	digits := 0
	seenDigit := false
	i := 0
	for ; i < len(s) && s[i] != 'e' && s[i] != 'E'; i++ {
		if c := s[i]; c >= '1' && c <= '9' || c == '0' && seenDigit {
			seenDigit = true
			digits++
		}
	}
	if digits > MaxDigits {
		return decimal.Decimal{}, "decimal has more than " + itoa(MaxDigits) + " digits: " + quoteTrunc(s)
	}
	if i < len(s) {
		// Bound the exponent before the decimal package reads it.
		if e, err := strconv.Atoi(string(s[i+1:])); err != nil || e > 4*MaxDigits || e < -4*MaxDigits {
			return decimal.Decimal{}, "decimal exponent out of range (beyond ±" + itoa(MaxDigits) + "): " + quoteTrunc(s)
		}
	}
	d, err := decimal.NewFromString(string(s))
	if err != nil {
		return decimal.Decimal{}, "want a decimal number such as 12.50, got " + quoteTrunc(s)
	}
	if e := d.Exponent(); e > MaxDigits || e < -MaxDigits {
		return decimal.Decimal{}, "decimal exponent out of range (beyond ±" + itoa(MaxDigits) + "): " + quoteTrunc(s)
	}
	return d, ""
}

// validNumber reports whether s is a number in JSON syntax:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(s []byte) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	if s[i] == '0' {
		i++
	} else if s[i] >= '1' && s[i] <= '9' {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	} else {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

// parseInt reads a whole number in decimal ("-3", "42"); a fraction, an
// exponent or a leading "+" is refused.
func parseInt(s []byte) (int, string) {
	if !validNumber(s) {
		return 0, "want a whole number such as 3, got " + quoteTrunc(s)
	}
	for _, c := range s {
		if c == '.' || c == 'e' || c == 'E' {
			return 0, "want a whole number, got " + quoteTrunc(s)
		}
	}
	n, err := strconv.ParseInt(string(s), 10, strconv.IntSize)
	if err != nil {
		return 0, "whole number out of range: " + quoteTrunc(s)
	}
	return int(n), ""
}

// parseDuration reads a Go duration ("20m", "1h30m", "48h", "1.5h").
func parseDuration(s []byte) (time.Duration, string) {
	d, err := time.ParseDuration(string(s))
	if err != nil {
		return 0, "want a duration such as \"20m\" or \"1h30m\" (units ns, us, ms, s, m, h), got " + quoteTrunc(s)
	}
	return d, ""
}

// parseBoolText reads a bool written as text in a CSV cell.
func parseBoolText(s string) (bool, string) {
	switch s {
	case "true", "TRUE", "True", "1":
		return true, ""
	case "false", "FALSE", "False", "0":
		return false, ""
	}
	return false, "want true or false, got " + quoteTrunc([]byte(s))
}

// convertText converts a CSV cell to the Go value of kind k.
func convertText(k quality.Kind, s string, z zones, in *interner) (any, *fault) {
	switch k {
	case quality.KindString:
		if !utf8.ValidString(s) {
			return nil, &fault{ErrValue, "not valid UTF-8"}
		}
		return in.intern(s), nil
	case quality.KindBool:
		b, msg := parseBoolText(s)
		if msg != "" {
			return nil, &fault{ErrValue, msg}
		}
		return b, nil
	case quality.KindInt:
		n, msg := parseInt([]byte(s))
		if msg != "" {
			return nil, &fault{ErrValue, msg}
		}
		return n, nil
	case quality.KindDecimal:
		d, msg := parseDecimal([]byte(s))
		if msg != "" {
			return nil, &fault{ErrValue, msg}
		}
		return d, nil
	case quality.KindDuration:
		d, msg := parseDuration([]byte(s))
		if msg != "" {
			return nil, &fault{ErrValue, msg}
		}
		return d, nil
	case quality.KindTime:
		t, f := parseInstant([]byte(s), z)
		if f != nil {
			return nil, f
		}
		return t, nil
	case quality.KindStrings:
		return parseListText(s, in)
	}
	return nil, &fault{ErrValue, "fact of kind " + k.String() + " cannot be read"}
}

// parseListText reads a list cell: "a|b|c", or a JSON array of strings when
// the cell starts with "[" (so that "[]" is the empty list and elements may
// hold "|").
func parseListText(s string, in *interner) (any, *fault) {
	if strings.HasPrefix(s, "[") {
		var list []string
		if err := json.Unmarshal([]byte(s), &list); err != nil {
			return nil, &fault{ErrValue, "a list cell starting with \"[\" must be a JSON array of strings, such as [\"a\",\"b\"]"}
		}
		if list == nil {
			list = []string{}
		}
		if len(list) > MaxListLen {
			return nil, &fault{ErrValue, "list longer than " + itoa(MaxListLen) + " elements"}
		}
		for i, e := range list {
			if !utf8.ValidString(e) {
				return nil, &fault{ErrValue, "element " + itoa(i) + " is not valid UTF-8"}
			}
			list[i] = in.intern(e)
		}
		return list, nil
	}
	if !utf8.ValidString(s) {
		return nil, &fault{ErrValue, "not valid UTF-8"}
	}
	n := strings.Count(s, "|") + 1
	if n > MaxListLen {
		return nil, &fault{ErrValue, "list longer than " + itoa(MaxListLen) + " elements"}
	}
	list := make([]string, 0, n)
	for part := range strings.SplitSeq(s, "|") {
		list = append(list, in.intern(part))
	}
	return list, nil
}

// interner shares the strings of repeated fact values (order types,
// technicians, stations), so that the facts an engine keeps for its open
// orders do not hold one copy per order. It is bounded: values longer than
// internMaxLen and values seen after internMaxEntries distinct ones are not
// shared.
type interner struct {
	m map[string]string
}

const (
	internMaxLen     = 48
	internMaxEntries = 1 << 14
)

func (in *interner) intern(s string) string {
	if in != nil && len(s) <= internMaxLen {
		if v, ok := in.m[s]; ok {
			return v
		}
		s = strings.Clone(s)
		in.add(s)
		return s
	}
	return strings.Clone(s)
}

// internBytes is intern for a byte slice; it allocates only for a new value.
func (in *interner) internBytes(b []byte) string {
	if in != nil && len(b) <= internMaxLen {
		if v, ok := in.m[string(b)]; ok {
			return v
		}
		s := string(b)
		in.add(s)
		return s
	}
	return string(b)
}

func (in *interner) add(s string) {
	if in.m == nil {
		in.m = make(map[string]string)
	}
	if len(in.m) < internMaxEntries {
		in.m[s] = s
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func quote(s string) string { return strconv.Quote(s) }

// quoteTrunc quotes b, cut to 40 bytes, for messages.
func quoteTrunc(b []byte) string {
	const max = 40
	if len(b) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		return strconv.Quote(string(b[:cut])) + "…"
	}
	return strconv.Quote(string(b))
}

// rawTrunc returns a JSON token as written, cut to 40 bytes, for messages.
func rawTrunc(b []byte) string {
	const max = 40
	if len(b) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		return string(b[:cut]) + "…"
	}
	return string(b)
}

// suggest returns ` (did you mean "x"?)` for the declared name closest to
// name ([quality.Closest]: the schema's facts first, then extra), or "" when
// none is close.
func suggest(name string, schema *quality.Schema, extra ...string) string {
	var candidates []string
	if schema != nil {
		for _, f := range schema.Fields() {
			candidates = append(candidates, f.Name)
		}
	}
	best := quality.Closest(name, append(candidates, extra...))
	if best == "" {
		return ""
	}
	return " (did you mean " + quote(best) + "?)"
}

// ParseValue converts text to a fact value of kind k, exactly as a CSV cell
// is read (see the package documentation's table): "true", "3", "12.50",
// "20m", "2025-07-01T16:00:00+08:00", "a|b" or ["a","b"]. Errors wrap
// ErrValue or ErrNoOffset.
func ParseValue(k quality.Kind, text string) (any, error) {
	v, f := convertText(k, text, zones{}, nil)
	if f != nil {
		return nil, &valueError{f}
	}
	return v, nil
}

type valueError struct{ f *fault }

func (e *valueError) Error() string { return "workorder: " + e.f.msg }
func (e *valueError) Unwrap() error { return e.f.err }
