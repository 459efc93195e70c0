package workorder

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"time"

	"github.com/servq/servq/quality"
)

// MaxLineBytes is the longest line a decoder reads (1 MiB). A longer line is
// rejected with ErrTooLong and skipped; decoding goes on after it.
const MaxLineBytes = 1 << 20

// Decoder reads work-order events one at a time from JSONL or CSV, typing the
// facts by a schema. It holds one row in memory, never the whole input.
//
// Next returns each event in turn. A row that cannot be decoded comes back as
// a [*RowError] naming its line and the reason; the decoder has skipped it and
// the next call goes on with the following row, so a caller collects the
// errors and carries on. I/O errors end decoding. [Decoder.Counts] reconciles
// what was read: every row is either decoded or rejected.
//
// A Decoder is not safe for concurrent use.
type Decoder struct {
	format Format
	schema *quality.Schema
	zones  zones
	in     interner
	counts Counts

	// JSONL
	r    *bufio.Reader
	line int
	row  jsonRow
	long []byte

	// CSV
	csv *csvReader
}

// NewDecoder returns a decoder of format f reading r, typing facts by schema
// (which may be nil when the rows carry no facts). For CSV it reads the
// header row first and returns a [*HeaderError] if it cannot be used.
func NewDecoder(r io.Reader, f Format, schema *quality.Schema) (*Decoder, error) {
	d := &Decoder{format: f, schema: schema, zones: zones{}}
	switch f {
	case JSONL:
		d.r = bufio.NewReaderSize(r, 64<<10)
		d.row = jsonRow{schema: schema, zones: d.zones, in: &d.in}
	case CSV:
		c, err := newCSVReader(r, schema, d.zones, &d.in)
		if err != nil {
			return nil, err
		}
		d.csv = c
	default:
		return nil, &formatError{"cannot decode " + f.String()}
	}
	return d, nil
}

// Format returns the decoder's format.
func (d *Decoder) Format() Format { return d.format }

// Counts returns the rows read so far, decoded and rejected.
func (d *Decoder) Counts() Counts { return d.counts }

// Next decodes the next event into ev. It returns nil when ev holds an event,
// a [*RowError] when the next row was rejected (ev is then not meaningful;
// call Next again), [io.EOF] at the end of the input, and any other error
// when reading failed (decoding cannot go on).
//
// ev.Facts is reused: Next clears the map it finds there and fills it, so an
// event's facts are valid until the next call. A caller that keeps them sets
// ev.Facts to nil (or a new map) before calling Next again.
func (d *Decoder) Next(ev *Event) error {
	ev.Order, ev.Name, ev.ID, ev.At = "", "", "", time.Time{}
	clear(ev.Facts)
	if d.format == CSV {
		err := d.csv.next(ev)
		d.count(err)
		return err
	}
	for {
		b, err := d.readLine()
		if err != nil {
			if errors.Is(err, ErrTooLong) {
				d.counts.Read++
				d.counts.Rejected++
				return &RowError{Line: d.line, Err: ErrTooLong, Message: "line longer than " + itoa(MaxLineBytes) + " bytes; skipped"}
			}
			return err
		}
		if d.line == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		if isBlank(b) {
			continue
		}
		ev.Line = d.line
		d.row.b, d.row.i, d.row.line = b, 0, d.line
		if f := d.row.parse(ev); f != nil {
			d.counts.Read++
			d.counts.Rejected++
			return &RowError{Line: d.line, Field: f.field, Err: f.err, Message: f.msg}
		}
		d.counts.Read++
		d.counts.Decoded++
		return nil
	}
}

func (d *Decoder) count(err error) {
	var re *RowError
	switch {
	case err == nil:
		d.counts.Read++
		d.counts.Decoded++
	case errors.As(err, &re):
		d.counts.Read++
		d.counts.Rejected++
	}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// readLine returns the next line without its end ("\n" or "\r\n"). The slice
// is valid until the next call. A line longer than MaxLineBytes is consumed
// and reported as ErrTooLong; a final line without "\n" is returned as is.
func (d *Decoder) readLine() ([]byte, error) {
	line, err := d.r.ReadSlice('\n')
	if err == nil || (err == io.EOF && len(line) > 0) {
		d.line++
		return trimEOL(line), nil
	}
	if err != bufio.ErrBufferFull {
		return nil, err
	}
	// A line longer than the buffer: gather it up to the limit.
	d.long = append(d.long[:0], line...)
	for {
		line, err = d.r.ReadSlice('\n')
		if len(d.long)+len(line) > MaxLineBytes+2 {
			// Skip the rest of the line.
			for err == bufio.ErrBufferFull {
				_, err = d.r.ReadSlice('\n')
			}
			d.line++
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, ErrTooLong
		}
		d.long = append(d.long, line...)
		if err == nil || err == io.EOF {
			d.line++
			return trimEOL(d.long), nil
		}
		if err != bufio.ErrBufferFull {
			return nil, err
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}
