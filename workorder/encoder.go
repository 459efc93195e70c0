package workorder

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// Encoder writes events in JSONL, one line per event, in the form a [Decoder]
// reads back to equal events: keys in the order order, event, at, id, facts;
// facts in the schema's declaration order; instants in RFC 3339 with their
// offset; decimals as JSON numbers; durations as Go duration strings.
type Encoder struct {
	w      io.Writer
	schema *quality.Schema
	fields []quality.Field
	buf    []byte
}

// NewEncoder returns an encoder writing JSONL to w, with facts declared by
// schema (nil when events carry no facts).
func NewEncoder(w io.Writer, schema *quality.Schema) *Encoder {
	e := &Encoder{w: w, schema: schema}
	if schema != nil {
		e.fields = schema.Fields()
	}
	return e
}

// Encode writes one event. It refuses an event without an order, a name or
// an instant, a fact the schema does not declare or whose Go type is not its
// kind's, and strings that are not valid UTF-8: what it writes always decodes.
func (e *Encoder) Encode(ev Event) error {
	b, err := e.append(e.buf[:0], ev)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	e.buf = b
	_, err = e.w.Write(b)
	return err
}

func (e *Encoder) append(b []byte, ev Event) ([]byte, error) {
	if err := checkEvent(ev); err != nil {
		return nil, err
	}
	b = append(b, `{"order":`...)
	b = appendJSONString(b, ev.Order)
	b = append(b, `,"event":`...)
	b = appendJSONString(b, ev.Name)
	b = append(b, `,"at":"`...)
	b = appendInstant(b, ev.At)
	b = append(b, '"')
	if ev.ID != "" {
		b = append(b, `,"id":`...)
		b = appendJSONString(b, ev.ID)
	}
	if err := checkFacts(ev.Facts, e.schema); err != nil {
		return nil, err
	}
	if len(ev.Facts) > 0 {
		b = append(b, `,"facts":{`...)
		first := true
		for _, f := range e.fields {
			v, ok := ev.Facts[f.Name]
			if !ok || v == nil {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendJSONString(b, f.Name)
			b = append(b, ':')
			var err error
			if b, err = appendJSONValue(b, f, v); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

func checkEvent(ev Event) error {
	switch {
	case ev.Order == "":
		return fmt.Errorf("workorder: encode: %w: no order id", ErrMissing)
	case ev.Name == "":
		return fmt.Errorf("workorder: encode: %w: no event name", ErrMissing)
	case ev.At.IsZero():
		return fmt.Errorf("workorder: encode: %w: no instant", ErrMissing)
	}
	for _, s := range []string{ev.Order, ev.Name, ev.ID} {
		if !utf8.ValidString(s) {
			return fmt.Errorf("workorder: encode: %w: %q is not valid UTF-8", ErrValue, s)
		}
	}
	if _, off := ev.At.Zone(); off%60 != 0 {
		return fmt.Errorf("workorder: encode: %w: offset of %v is not whole minutes", ErrValue, ev.At)
	}
	if y := ev.At.Year(); y < 0 || y > 9999 {
		return fmt.Errorf("workorder: encode: %w: year %d out of range", ErrValue, y)
	}
	return nil
}

func checkFacts(facts quality.Facts, schema *quality.Schema) error {
	for name := range facts {
		if _, ok := kindOf(schema, name); !ok {
			return fmt.Errorf("workorder: encode: %w: fact %q is not in the schema", ErrUnknownField, name)
		}
	}
	return nil
}

func badType(f quality.Field, v any) error {
	return fmt.Errorf("workorder: encode: %w: fact %q of kind %s holds a %T", ErrValue, f.Name, f.Kind, v)
}

func appendJSONValue(b []byte, f quality.Field, v any) ([]byte, error) {
	switch f.Kind {
	case quality.KindString:
		s, ok := v.(string)
		if !ok || !utf8.ValidString(s) {
			return nil, badType(f, v)
		}
		return appendJSONString(b, s), nil
	case quality.KindBool:
		x, ok := v.(bool)
		if !ok {
			return nil, badType(f, v)
		}
		return strconv.AppendBool(b, x), nil
	case quality.KindInt:
		x, ok := v.(int)
		if !ok {
			return nil, badType(f, v)
		}
		return strconv.AppendInt(b, int64(x), 10), nil
	case quality.KindDecimal:
		x, ok := v.(decimal.Decimal)
		if !ok {
			return nil, badType(f, v)
		}
		return append(b, x.String()...), nil
	case quality.KindDuration:
		x, ok := v.(time.Duration)
		if !ok {
			return nil, badType(f, v)
		}
		b = append(b, '"')
		b = append(b, x.String()...)
		return append(b, '"'), nil
	case quality.KindTime:
		x, ok := v.(time.Time)
		if !ok {
			return nil, badType(f, v)
		}
		if err := checkEvent(Event{Order: "-", Name: "-", At: x}); err != nil {
			return nil, err
		}
		b = append(b, '"')
		b = appendInstant(b, x)
		return append(b, '"'), nil
	case quality.KindStrings:
		x, ok := v.([]string)
		if !ok {
			return nil, badType(f, v)
		}
		b = append(b, '[')
		for i, s := range x {
			if !utf8.ValidString(s) {
				return nil, badType(f, v)
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']'), nil
	}
	return nil, badType(f, v)
}

// appendJSONString writes s as a JSON string (s must be valid UTF-8).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// CSVEncoder writes events in the CSV format: a header row order, event, at,
// id and one column per fact of the schema, then one record per event.
// A fact left out of an event is an empty cell. Two values cannot be written
// because an empty cell means "not given": the empty string and, for a list,
// nothing distinguishes it from absence unless written "[]" (the encoder
// writes lists as JSON arrays for that reason). Encode refuses an empty
// string fact.
type CSVEncoder struct {
	w      *csv.Writer
	fields []quality.Field
	schema *quality.Schema
	rec    []string
	header bool
}

// NewCSVEncoder returns an encoder writing CSV to w. Call Flush when done.
func NewCSVEncoder(w io.Writer, schema *quality.Schema) *CSVEncoder {
	e := &CSVEncoder{w: csv.NewWriter(w), schema: schema}
	if schema != nil {
		e.fields = schema.Fields()
	}
	return e
}

// Encode writes one event (after the header, on the first call).
func (e *CSVEncoder) Encode(ev Event) error {
	if !e.header {
		e.header = true
		h := append([]string{}, reservedColumns...)
		for _, f := range e.fields {
			if isReserved(f.Name) {
				return fmt.Errorf("workorder: encode: %w: fact %q has the name of a column of the format", ErrHeader, f.Name)
			}
			h = append(h, f.Name)
		}
		if err := e.w.Write(h); err != nil {
			return err
		}
	}
	if err := checkEvent(ev); err != nil {
		return err
	}
	if err := checkFacts(ev.Facts, e.schema); err != nil {
		return err
	}
	e.rec = append(e.rec[:0], ev.Order, ev.Name, string(appendInstant(nil, ev.At)), ev.ID)
	for _, f := range e.fields {
		v, ok := ev.Facts[f.Name]
		if !ok || v == nil {
			e.rec = append(e.rec, "")
			continue
		}
		cell, err := appendJSONValue(nil, f, v)
		if err != nil {
			return err
		}
		switch f.Kind {
		case quality.KindString, quality.KindDuration, quality.KindTime:
			var s string
			if err := json.Unmarshal(cell, &s); err != nil {
				return err
			}
			if s == "" {
				return fmt.Errorf("workorder: encode: %w: fact %q: an empty string cannot be written in CSV (an empty cell means not given)", ErrValue, f.Name)
			}
			e.rec = append(e.rec, s)
		default:
			e.rec = append(e.rec, string(cell))
		}
	}
	if err := e.w.Write(e.rec); err != nil {
		return err
	}
	return nil
}

// Flush writes any buffered data and returns the first error of any write.
func (e *CSVEncoder) Flush() error {
	e.w.Flush()
	return e.w.Error()
}
