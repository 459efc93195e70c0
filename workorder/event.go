package workorder

import (
	"errors"
	"path/filepath"
	"strings"
	"time"

	"github.com/servq/servq/quality"
)

// Event is one row of work-order data: something that happened to an order at
// an instant, with the facts it changed.
type Event struct {
	// Order is the work order's id ("WO-20250701-0001"). Never empty.
	Order string
	// Name is the event's name ("created", "dispatched", "callback"). Never
	// empty.
	Name string
	// At is the instant, with the offset the data gave (its Location is a
	// fixed zone of that offset, or UTC for "Z").
	At time.Time
	// ID is the event's own id, for recognising a second delivery of the same
	// event; "" when the data gave none.
	ID string
	// Facts are the facts the row gives, typed by the schema: the order's
	// facts that this event sets or changes. Facts the row leaves out (or
	// gives as null, or as an empty CSV cell) are absent.
	Facts quality.Facts
	// Line is the 1-based line of the input the row starts on.
	Line int
}

// Counts reconcile a decoder's input: every row read is either decoded into
// an event or rejected with a [*RowError]; Read == Decoded + Rejected always.
// Blank lines are not rows and are not counted.
type Counts struct {
	Read     int64 `json:"read"`
	Decoded  int64 `json:"decoded"`
	Rejected int64 `json:"rejected"`
}

// Format is a format of work-order data. The zero value, FormatInvalid, is
// not a format.
type Format uint8

// The formats.
const (
	FormatInvalid Format = iota // not a format; the zero value
	JSONL                       // one JSON object per line
	CSV                         // comma-separated values with a header row
)

// ErrFormat is wrapped by errors of [ParseFormat] and [FormatOf].
var ErrFormat = errors.New("workorder: unknown format")

// String returns "jsonl" or "csv", or "Format(n)" for values that are not
// formats.
func (f Format) String() string {
	switch f {
	case JSONL:
		return "jsonl"
	case CSV:
		return "csv"
	}
	return "Format(" + itoa(int(f)) + ")"
}

// ParseFormat returns the format named s: "jsonl" (or "ndjson") or "csv".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "jsonl", "ndjson":
		return JSONL, nil
	case "csv":
		return CSV, nil
	}
	return FormatInvalid, &formatError{"format " + quote(s) + ": want jsonl or csv"}
}

// FormatOf returns the format a file name's extension says: ".jsonl" and
// ".ndjson" are JSONL, ".csv" is CSV. A trailing ".gz" is not understood.
func FormatOf(name string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".jsonl", ".ndjson":
		return JSONL, nil
	case ".csv":
		return CSV, nil
	}
	return FormatInvalid, &formatError{"file " + quote(name) + ": cannot tell the format from the extension " + quote(ext) + " (want .jsonl or .csv)"}
}

type formatError struct{ msg string }

func (e *formatError) Error() string { return "workorder: " + e.msg }
func (e *formatError) Unwrap() error { return ErrFormat }

// Reserved names: the columns of the CSV format and the keys of the JSONL
// format other than facts. A schema's facts may not use them as names in a
// CSV file (the header could not tell them apart).
var reservedColumns = []string{"order", "event", "at", "id"}

func isReserved(name string) bool {
	for _, r := range reservedColumns {
		if r == name {
			return true
		}
	}
	return false
}

// kindOf returns the kind of a declared fact.
func kindOf(schema *quality.Schema, name string) (quality.Kind, bool) {
	if schema == nil {
		return quality.KindInvalid, false
	}
	f, ok := schema.Field(name)
	return f.Kind, ok
}
