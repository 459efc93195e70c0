package workorder

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors, for [errors.Is]. Every error of a row wraps exactly one of
// them inside a [*RowError]; every error about the header of a CSV file wraps
// [ErrHeader]. Messages start with "workorder: ".
var (
	// ErrSyntax: the row is not well-formed JSON or CSV (an unterminated
	// string, a missing comma, a bare quote, a wrong number of fields).
	ErrSyntax = errors.New("workorder: syntax error")
	// ErrMissing: the row lacks the order id, the event name or the instant,
	// or gives one of them empty.
	ErrMissing = errors.New("workorder: missing field")
	// ErrUnknownField: the row names a key that is neither a field of the
	// format nor a fact the schema declares (a misspelt fact is an error, not
	// a silently ignored value).
	ErrUnknownField = errors.New("workorder: unknown field")
	// ErrDuplicateField: a JSON row gives the same key twice.
	ErrDuplicateField = errors.New("workorder: field given twice")
	// ErrValue: a value does not convert to its kind (a bool written "yes",
	// an int with a fraction, a decimal with too many digits, a duration
	// without a unit, a list holding a number).
	ErrValue = errors.New("workorder: bad value")
	// ErrNoOffset: an instant has no UTC offset ("2025-07-01T09:00:00").
	// Instants must say where on Earth they were taken: add "+08:00" or "Z".
	ErrNoOffset = errors.New("workorder: instant without offset")
	// ErrTooLong: a line is longer than [MaxLineBytes].
	ErrTooLong = errors.New("workorder: line too long")
	// ErrHeader: a CSV header is missing, names a column twice, lacks a
	// required column or names a fact the schema does not declare.
	ErrHeader = errors.New("workorder: bad header")
)

// RowError reports one row that could not be decoded: its line, the field at
// fault and why. The decoder skips the row and goes on with the next one; a
// caller counts it as rejected (see [Counts]).
type RowError struct {
	// Line is the 1-based line the row starts on.
	Line int
	// Field is the field or fact at fault ("at", "facts.rating", "rating"),
	// or "" when the row as a whole is malformed.
	Field string
	// Err is one of the sentinels: ErrSyntax, ErrMissing, ErrUnknownField,
	// ErrDuplicateField, ErrValue, ErrNoOffset or ErrTooLong.
	Err error
	// Message says what is wrong, in words.
	Message string
}

// Error formats the error as "workorder: line 12: rating: want an int, got
// 9.5".
func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString("workorder: line ")
	b.WriteString(strconv.Itoa(e.Line))
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Unwrap returns the sentinel.
func (e *RowError) Unwrap() error { return e.Err }

// Reason returns a short stable name of the kind of fault, for counting
// rejections by reason: "syntax", "missing", "unknown_field",
// "duplicate_field", "bad_value", "no_offset", "too_long".
func (e *RowError) Reason() string {
	switch e.Err {
	case ErrSyntax:
		return "syntax"
	case ErrMissing:
		return "missing"
	case ErrUnknownField:
		return "unknown_field"
	case ErrDuplicateField:
		return "duplicate_field"
	case ErrValue:
		return "bad_value"
	case ErrNoOffset:
		return "no_offset"
	case ErrTooLong:
		return "too_long"
	}
	return "other"
}

// HeaderError reports a CSV header that cannot be used. It wraps [ErrHeader].
// Nothing of the file is decoded.
type HeaderError struct {
	Column  string // the column at fault, "" for the header as a whole
	Message string
}

// Error formats the error as "workorder: bad header: column \"ratng\": no
// such fact (did you mean \"rating\"?)".
func (e *HeaderError) Error() string {
	if e.Column == "" {
		return "workorder: bad header: " + e.Message
	}
	return "workorder: bad header: column " + strconv.Quote(e.Column) + ": " + e.Message
}

// Unwrap returns ErrHeader.
func (e *HeaderError) Unwrap() error { return ErrHeader }
