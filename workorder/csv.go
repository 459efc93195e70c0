package workorder

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/servq/servq/quality"
)

// csvReader decodes the CSV format: a header row naming the columns, then one
// event per record.
type csvReader struct {
	r      *csv.Reader
	schema *quality.Schema
	zones  zones
	in     *interner

	cols []csvCol
}

// csvCol is one column of the header: a field of the format (slot 0–3) or a
// fact (slot -1, with its kind).
type csvCol struct {
	name string
	slot int // 0 order, 1 event, 2 at, 3 id, -1 fact
	kind quality.Kind
}

func newCSVReader(r io.Reader, schema *quality.Schema, z zones, in *interner) (*csvReader, error) {
	cr := csv.NewReader(&lineLimit{r: r})
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &HeaderError{Message: "the input is empty: want a header row such as order,event,at,..."}
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &HeaderError{Message: "line " + itoa(pe.StartLine) + ": " + pe.Err.Error()}
		}
		return nil, err
	}
	c := &csvReader{r: cr, schema: schema, zones: z, in: in}
	seen := make(map[string]bool, len(header))
	var have [3]bool
	for i, name := range header {
		if i == 0 {
			name = strings.TrimPrefix(name, "\uFEFF")
		}
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, &HeaderError{Message: "column " + itoa(i+1) + " has no name"}
		}
		if seen[name] {
			return nil, &HeaderError{Column: name, Message: "named twice"}
		}
		seen[name] = true
		col := csvCol{name: in.intern(name), slot: -1}
		switch name {
		case "order":
			col.slot = 0
		case "event":
			col.slot = 1
		case "at":
			col.slot = 2
		case "id":
			col.slot = 3
		default:
			k, ok := kindOf(schema, name)
			if !ok {
				return nil, &HeaderError{Column: name, Message: "no such fact in the policy's schema" + suggest(name, schema, reservedColumns...)}
			}
			col.kind = k
		}
		if col.slot >= 0 && col.slot < 3 {
			have[col.slot] = true
		}
		c.cols = append(c.cols, col)
	}
	for i, req := range []string{"order", "event", "at"} {
		if !have[i] {
			return nil, &HeaderError{Column: req, Message: "required column missing (the header must name order, event and at)"}
		}
	}
	cr.FieldsPerRecord = len(header)
	return c, nil
}

func (c *csvReader) next(ev *Event) error {
	rec, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			msg := pe.Err.Error()
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				msg = "has " + itoa(len(rec)) + " fields, the header has " + itoa(len(c.cols))
			} else if pe.Column > 0 {
				msg += " at column " + itoa(pe.Column)
			}
			ev.Line = pe.StartLine
			return &RowError{Line: pe.StartLine, Err: ErrSyntax, Message: msg}
		}
		if errors.Is(err, errLineTooLong) {
			line, _ := c.r.FieldPos(0)
			return &lineTooLongError{line: line}
		}
		return err
	}
	line, _ := c.r.FieldPos(0)
	ev.Line = line
	fail := func(field string, e error, msg string) error {
		return &RowError{Line: line, Field: field, Err: e, Message: msg}
	}
	for i, col := range c.cols {
		cell := rec[i]
		if col.slot >= 0 && !utf8.ValidString(cell) {
			return fail(col.name, ErrValue, "not valid UTF-8")
		}
		switch col.slot {
		case 0:
			ev.Order = strings.Clone(cell)
		case 1:
			ev.Name = c.in.intern(cell)
		case 2:
			if cell == "" {
				continue
			}
			t, f := parseInstant([]byte(cell), c.zones)
			if f != nil {
				return fail("at", f.err, f.msg)
			}
			ev.At = t
		case 3:
			ev.ID = strings.Clone(cell)
		default:
			if cell == "" {
				continue
			}
			v, f := convertText(col.kind, cell, c.zones, c.in)
			if f != nil {
				return fail(col.name, f.err, f.msg)
			}
			if ev.Facts == nil {
				ev.Facts = make(quality.Facts, len(c.cols))
			}
			ev.Facts[col.name] = v
		}
	}
	switch {
	case ev.Order == "":
		return fail("order", ErrMissing, "no order id")
	case ev.Name == "":
		return fail("event", ErrMissing, "no event name")
	case ev.At.IsZero():
		return fail("at", ErrMissing, "no instant")
	}
	return nil
}

// errLineTooLong is returned by lineLimit when a physical line exceeds
// MaxLineBytes: encoding/csv has no bound of its own, and a decoder must not
// hold an unbounded line in memory. Decoding cannot resynchronise inside a
// CSV record, so it ends.
var errLineTooLong = errors.New("workorder: line too long")

type lineTooLongError struct{ line int }

func (e *lineTooLongError) Error() string {
	return "workorder: line " + itoa(e.line) + ": longer than " + itoa(MaxLineBytes) + " bytes; cannot go on reading CSV"
}

func (e *lineTooLongError) Unwrap() error { return ErrTooLong }

// lineLimit passes reads through, failing once a line runs past
// MaxLineBytes.
type lineLimit struct {
	r   io.Reader
	run int // bytes since the last newline
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.run = 0
		} else if l.run++; l.run > MaxLineBytes+1 {
			return 0, errLineTooLong
		}
	}
	return n, err
}
