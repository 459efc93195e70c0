package workorder

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// testSchema declares one fact of every kind, named as the operators' data
// names them.
var testSchema = quality.MustSchema(
	quality.Field{Name: "order_type", Kind: quality.KindString, Doc: "repair, install, move, complaint"},
	quality.Field{Name: "postponed", Kind: quality.KindBool, Doc: "the customer asked to postpone"},
	quality.Field{Name: "visits", Kind: quality.KindInt, Doc: "site visits so far"},
	quality.Field{Name: "fee", Kind: quality.KindDecimal, Doc: "yuan charged"},
	quality.Field{Name: "promised", Kind: quality.KindDuration, Doc: "time promised to the customer"},
	quality.Field{Name: "appointment_end", Kind: quality.KindTime, Doc: "end of the agreed window"},
	quality.Field{Name: "tags", Kind: quality.KindStrings, Doc: "labels"},
	quality.Field{Name: "rating", Kind: quality.KindString, Doc: "the callback reply"},
)

var cst = time.FixedZone("", 8*3600)

// decodeAll decodes every row, returning the events and the row errors.
func decodeAll(t *testing.T, f Format, in string) ([]Event, []*RowError, Counts) {
	t.Helper()
	d, err := NewDecoder(strings.NewReader(in), f, testSchema)
	if err != nil {
		t.Fatalf("NewDecoder: %v", err)
	}
	var evs []Event
	var errs []*RowError
	for {
		var ev Event
		err := d.Next(&ev)
		if err == io.EOF {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			errs = append(errs, re)
			continue
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		evs = append(evs, ev)
	}
	c := d.Counts()
	if c.Read != c.Decoded+c.Rejected || c.Decoded != int64(len(evs)) || c.Rejected != int64(len(errs)) {
		t.Fatalf("counts %+v do not reconcile with %d events and %d errors", c, len(evs), len(errs))
	}
	return evs, errs, c
}

var eventCmp = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }),
	cmp.Comparer(func(a, b time.Time) bool {
		_, oa := a.Zone()
		_, ob := b.Zone()
		return a.Equal(b) && oa == ob
	}),
}

func TestJSONLRows(t *testing.T) {
	appt := time.Date(2025, 7, 1, 16, 0, 0, 0, cst)
	tests := []struct {
		name string
		row  string
		want Event
	}{
		{"minimal", `{"order":"WO-1","event":"created","at":"2025-07-01T09:00:00+08:00"}`,
			Event{Order: "WO-1", Name: "created", At: time.Date(2025, 7, 1, 9, 0, 0, 0, cst), Line: 1}},
		{"every kind", `{"order":"WO-1","event":"created","at":"2025-07-01T09:00:00+08:00","id":"e1","facts":{` +
			`"order_type":"repair","postponed":false,"visits":2,"fee":12.50,"promised":"20m",` +
			`"appointment_end":"2025-07-01T16:00:00+08:00","tags":["vip","fiber"],"rating":"10"}}`,
			Event{Order: "WO-1", Name: "created", At: time.Date(2025, 7, 1, 9, 0, 0, 0, cst), ID: "e1", Line: 1,
				Facts: quality.Facts{"order_type": "repair", "postponed": false, "visits": 2,
					"fee": decimal.RequireFromString("12.50"), "promised": 20 * time.Minute,
					"appointment_end": appt, "tags": []string{"vip", "fiber"}, "rating": "10"}}},
		{"keys in any order, spaces", ` { "facts" : { "fee" : "0.1" } , "at" : "2025-07-01T01:00:00Z" , "event" : "x" , "order" : "A" } `,
			Event{Order: "A", Name: "x", At: time.Date(2025, 7, 1, 1, 0, 0, 0, time.UTC), Line: 1,
				Facts: quality.Facts{"fee": decimal.RequireFromString("0.1")}}},
		{"nulls are not given", `{"order":"A","event":"x","at":"2025-07-01T01:00:00Z","id":null,"facts":{"rating":null,"visits":1}}`,
			Event{Order: "A", Name: "x", At: time.Date(2025, 7, 1, 1, 0, 0, 0, time.UTC), Line: 1, Facts: quality.Facts{"visits": 1}}},
		{"escapes and Chinese text", `{"order":"工单\u0031","event":"x\"y","at":"2025-07-01 09:00:00.5+08:00","facts":{"tags":["春节","\ud83d\ude00"],"order_type":"a\\b\/c"}}`,
			Event{Order: "工单1", Name: `x"y`, At: time.Date(2025, 7, 1, 9, 0, 0, 5e8, cst), Line: 1,
				Facts: quality.Facts{"tags": []string{"春节", "😀"}, "order_type": `a\b/c`}}},
		{"empty list and negative offset", `{"order":"A","event":"x","at":"2025-03-09T02:30:00-05:00","facts":{"tags":[]}}`,
			Event{Order: "A", Name: "x", At: time.Date(2025, 3, 9, 2, 30, 0, 0, time.FixedZone("", -5*3600)), Line: 1, Facts: quality.Facts{"tags": []string{}}}},
		{"decimal exponent and negative int", `{"order":"A","event":"x","at":"2025-07-01T01:00:00Z","facts":{"fee":-1.5e2,"visits":-3}}`,
			Event{Order: "A", Name: "x", At: time.Date(2025, 7, 1, 1, 0, 0, 0, time.UTC), Line: 1,
				Facts: quality.Facts{"fee": decimal.RequireFromString("-1.5e2"), "visits": -3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, errs, _ := decodeAll(t, JSONL, tt.row+"\n")
			if len(errs) > 0 {
				t.Fatalf("rejected: %v", errs[0])
			}
			if len(evs) != 1 {
				t.Fatalf("got %d events", len(evs))
			}
			if tt.want.Facts == nil {
				tt.want.Facts = evs[0].Facts
				if len(evs[0].Facts) != 0 {
					t.Errorf("facts %v, want none", evs[0].Facts)
				}
			}
			if diff := cmp.Diff(tt.want, evs[0], eventCmp); diff != "" {
				t.Errorf("event (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONLRejections(t *testing.T) {
	const ok = `"order":"A","event":"x","at":"2025-07-01T01:00:00Z"`
	tests := []struct {
		row    string
		err    error
		field  string
		inText string
	}{
		{`{"order":"A","event":"x","at":"2025-07-01T09:00:00"}`, ErrNoOffset, "at", "has no offset"},
		{`{"order":"A","event":"x","at":"2025-07-01"}`, ErrNoOffset, "at", "without a time of day"},
		{`{"order":"A","event":"x","at":"2025-02-29T09:00:00+08:00"}`, ErrValue, "at", "no such instant"},
		{`{"order":"A","event":"x","at":"2025-07-01T24:00:00+08:00"}`, ErrValue, "at", "no such instant"},
		{`{"order":"A","event":"x","at":"2025-07-01T09:00:00+08"}`, ErrValue, "at", "RFC 3339"},
		{`{"order":"A","event":"x","at":1751331600}`, ErrValue, "at", "RFC 3339"},
		{`{"event":"x","at":"2025-07-01T01:00:00Z"}`, ErrMissing, "order", "no order id"},
		{`{"order":"","event":"x","at":"2025-07-01T01:00:00Z"}`, ErrMissing, "order", "no order id"},
		{`{"order":"A","at":"2025-07-01T01:00:00Z"}`, ErrMissing, "event", "no event name"},
		{`{"order":"A","event":"x"}`, ErrMissing, "at", "no instant"},
		{`{"order":7,"event":"x","at":"2025-07-01T01:00:00Z"}`, ErrValue, "order", "want a string"},
		{`{` + ok + `,"facts":{"ratnig":"10"}}`, ErrUnknownField, "facts.ratnig", `did you mean "rating"?`},
		{`{` + ok + `,"rating":"10"}`, ErrUnknownField, "rating", `facts go inside "facts"`},
		{`{` + ok + `,"evnt":"y"}`, ErrUnknownField, "evnt", `did you mean "event"?`},
		{`{` + ok + `,"order":"B"}`, ErrDuplicateField, "order", "twice"},
		{`{` + ok + `,"facts":{"visits":1,"visits":2}}`, ErrDuplicateField, "facts.visits", "twice"},
		{`{` + ok + `,"facts":{"visits":1.5}}`, ErrValue, "facts.visits", "whole number"},
		{`{` + ok + `,"facts":{"visits":"3"}}`, ErrValue, "facts.visits", "want a whole number"},
		{`{` + ok + `,"facts":{"visits":99999999999999999999}}`, ErrValue, "facts.visits", "out of range"},
		{`{` + ok + `,"facts":{"postponed":"yes"}}`, ErrValue, "facts.postponed", "true or false"},
		{`{` + ok + `,"facts":{"fee":"12,50"}}`, ErrValue, "facts.fee", "decimal"},
		{`{` + ok + `,"facts":{"fee":1e999}}`, ErrValue, "facts.fee", "exponent"},
		{`{` + ok + `,"facts":{"fee":12345678901234567890123456789012345678901234567890123456789012345}}`, ErrValue, "facts.fee", "more than 64 digits"},
		{`{` + ok + `,"facts":{"promised":20}}`, ErrValue, "facts.promised", `"20m"`},
		{`{` + ok + `,"facts":{"promised":"20"}}`, ErrValue, "facts.promised", "units"},
		{`{` + ok + `,"facts":{"appointment_end":"2025-07-01T16:00:00"}}`, ErrNoOffset, "facts.appointment_end", "offset"},
		{`{` + ok + `,"facts":{"tags":"vip"}}`, ErrValue, "facts.tags", "list of strings"},
		{`{` + ok + `,"facts":{"tags":["vip",1]}}`, ErrValue, "facts.tags", "string in the list"},
		{`{` + ok + `,"facts":[1]}`, ErrValue, "facts", "object of facts"},
		{`{` + ok, ErrSyntax, "", "want ',' or '}'"},
		{`{` + ok + `}}`, ErrSyntax, "", "after the object"},
		{`[1,2]`, ErrSyntax, "", "JSON object"},
		{"{\"order\":\"A\x01\"}", ErrSyntax, "", "control character"},
		{`{"order":"A` + "\xff" + `","event":"x","at":"2025-07-01T01:00:00Z"}`, ErrSyntax, "", "UTF-8"},
		{`{"order":"A\q"}`, ErrSyntax, "", `bad escape`},
		{`{` + ok + `,"facts":{"tags":[}}`, ErrSyntax, "", "want a"},
		{`{'order':'A'}`, ErrSyntax, "", "double quotes"},
	}
	for _, tt := range tests {
		t.Run(tt.row, func(t *testing.T) {
			evs, errs, _ := decodeAll(t, JSONL, "\n"+tt.row+"\n")
			if len(evs) != 0 || len(errs) != 1 {
				t.Fatalf("got %d events and %d errors, want one error", len(evs), len(errs))
			}
			e := errs[0]
			if !errors.Is(e, tt.err) || e.Field != tt.field || e.Line != 2 || !strings.Contains(e.Error(), tt.inText) {
				t.Errorf("got %v (field %q, line %d, err %v),\nwant %v on field %q at line 2 containing %q", e, e.Field, e.Line, e.Err, tt.err, tt.field, tt.inText)
			}
		})
	}
}

// TestReconcileMixed decodes a file with good rows, bad rows, blank lines, a
// BOM, CRLF endings and a row longer than MaxLineBytes: every row is counted
// once, and decoding goes on after each bad one.
func TestReconcileMixed(t *testing.T) {
	good := `{"order":"A","event":"x","at":"2025-07-01T01:00:00Z"}`
	long := `{"order":"A","event":"x","at":"2025-07-01T01:00:00Z","facts":{"order_type":"` + strings.Repeat("x", MaxLineBytes) + `"}}`
	in := "\uFEFF" + good + "\r\n\r\n" + `{"order":` + "\n" + long + "\n  \n" + good + "\n" + `{"order":"B"` // no final newline
	evs, errs, c := decodeAll(t, JSONL, in)
	if c != (Counts{Read: 5, Decoded: 2, Rejected: 3}) {
		t.Errorf("counts %+v, want 5 = 2 + 3", c)
	}
	var lines []int
	for _, e := range errs {
		lines = append(lines, e.Line)
	}
	if diff := cmp.Diff([]int{3, 4, 7}, lines); diff != "" {
		t.Errorf("rejected lines (-want +got):\n%s", diff)
	}
	if !errors.Is(errs[1], ErrTooLong) {
		t.Errorf("line 4: %v, want ErrTooLong", errs[1])
	}
	if evs[0].Line != 1 || evs[1].Line != 6 {
		t.Errorf("event lines %d, %d; want 1, 6", evs[0].Line, evs[1].Line)
	}
}

func TestCSV(t *testing.T) {
	in := "\uFEFForder,event,at,id,order_type,visits,fee,tags,postponed,promised,appointment_end\n" +
		"WO-1,created,2025-07-01T09:00:00+08:00,e1,repair,2,12.50,vip|fiber,FALSE,20m,2025-07-01T16:00:00+08:00\n" +
		"WO-1,note,2025-07-01T09:01:00+08:00,,,,,[],,,\n" +
		"\n" +
		"WO-1,bad,2025-07-01T09:02:00,,,,,,,,\n" +
		"WO-2,created,2025-07-01T09:03:00+08:00,,\"multi\nline\",,,\"[\"\"a|b\"\"]\",,,\n" +
		"WO-2,short,2025-07-01T09:04:00+08:00\n" +
		"WO-2,x,2025-07-01T09:05:00+08:00,,,1.5,,,,,\n" +
		",x,2025-07-01T09:05:00+08:00,,,,,,,,\n" +
		"WO-2,x\"y,2025-07-01T09:05:00+08:00,,,,,,,,\n" +
		"WO-3,last,2025-07-01T09:06:00+08:00,,,,,,yes,,\n"
	evs, errs, c := decodeAll(t, CSV, in)
	if c != (Counts{Read: 9, Decoded: 3, Rejected: 6}) {
		t.Errorf("counts %+v, want 9 = 3 + 6", c)
	}
	want := []Event{
		{Order: "WO-1", Name: "created", At: time.Date(2025, 7, 1, 9, 0, 0, 0, cst), ID: "e1", Line: 2,
			Facts: quality.Facts{"order_type": "repair", "visits": 2, "fee": decimal.RequireFromString("12.50"),
				"tags": []string{"vip", "fiber"}, "postponed": false, "promised": 20 * time.Minute,
				"appointment_end": time.Date(2025, 7, 1, 16, 0, 0, 0, cst)}},
		{Order: "WO-1", Name: "note", At: time.Date(2025, 7, 1, 9, 1, 0, 0, cst), Line: 3, Facts: quality.Facts{"tags": []string{}}},
		{Order: "WO-2", Name: "created", At: time.Date(2025, 7, 1, 9, 3, 0, 0, cst), Line: 6,
			Facts: quality.Facts{"order_type": "multi\nline", "tags": []string{"a|b"}}},
	}
	if diff := cmp.Diff(want, evs, eventCmp); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	type rej struct {
		Line  int
		Field string
		Err   error
	}
	var got []rej
	for _, e := range errs {
		got = append(got, rej{e.Line, e.Field, e.Err})
	}
	wantRej := []rej{{5, "at", ErrNoOffset}, {8, "", ErrSyntax}, {9, "visits", ErrValue}, {10, "order", ErrMissing}, {11, "", ErrSyntax}, {12, "postponed", ErrValue}}
	if diff := cmp.Diff(wantRej, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
		t.Errorf("rejections (-want +got):\n%s", diff)
	}
	if !strings.Contains(errs[1].Error(), "has 3 fields, the header has 11") {
		t.Errorf("field count message: %v", errs[1])
	}
}

func TestCSVHeader(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", "empty"},
		{"order,event", `column "at": required column missing`},
		{"order,event,at,ratng", `column "ratng": no such fact in the policy's schema (did you mean "rating"?)`},
		{"order,event,at,at", `column "at": named twice`},
		{"order,,event,at", "column 2 has no name"},
	}
	for _, tt := range tests {
		_, err := NewDecoder(strings.NewReader(tt.header+"\n"), CSV, testSchema)
		var he *HeaderError
		if !errors.As(err, &he) || !errors.Is(err, ErrHeader) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("header %q: %v, want a HeaderError containing %q", tt.header, err, tt.want)
		}
	}
}

// TestCSVLineTooLong: a physical line beyond MaxLineBytes ends CSV decoding
// with an error wrapping ErrTooLong, after the rows before it.
func TestCSVLineTooLong(t *testing.T) {
	in := "order,event,at\nA,x,2025-07-01T01:00:00Z\nA," + strings.Repeat("y", MaxLineBytes+10) + ",2025-07-01T01:00:00Z\n"
	d, err := NewDecoder(strings.NewReader(in), CSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev Event
	if err := d.Next(&ev); err != nil {
		t.Fatalf("first row: %v", err)
	}
	err = d.Next(&ev)
	if !errors.Is(err, ErrTooLong) {
		t.Fatalf("second row: %v, want ErrTooLong", err)
	}
	if c := d.Counts(); c != (Counts{Read: 1, Decoded: 1}) {
		t.Errorf("counts %+v", c)
	}
}

// TestFactsMapReused documents Next's contract: the facts map found in ev is
// cleared and refilled, so facts of the previous row never leak into the next.
func TestFactsMapReused(t *testing.T) {
	in := `{"order":"A","event":"x","at":"2025-07-01T01:00:00Z","facts":{"visits":1,"rating":"9"}}
{"order":"A","event":"y","at":"2025-07-01T01:00:00Z","facts":{"visits":2}}
`
	d, _ := NewDecoder(strings.NewReader(in), JSONL, testSchema)
	var ev Event
	if err := d.Next(&ev); err != nil {
		t.Fatal(err)
	}
	first := ev.Facts
	if err := d.Next(&ev); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(quality.Facts{"visits": 2}, ev.Facts); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	if len(first) != 1 {
		t.Errorf("the map was not reused")
	}
}

func TestFormat(t *testing.T) {
	for name, want := range map[string]Format{"a/b.jsonl": JSONL, "x.NDJSON": JSONL, "d.csv": CSV} {
		if got, err := FormatOf(name); got != want || err != nil {
			t.Errorf("FormatOf(%q) = %v, %v", name, got, err)
		}
	}
	if _, err := FormatOf("data.json"); !errors.Is(err, ErrFormat) {
		t.Errorf("FormatOf(data.json): %v", err)
	}
	if f, err := ParseFormat("CSV"); f != CSV || err != nil {
		t.Errorf("ParseFormat(CSV) = %v, %v", f, err)
	}
	if FormatInvalid.String() != "Format(0)" || JSONL.String() != "jsonl" {
		t.Errorf("String: %v %v", FormatInvalid, JSONL)
	}
	if _, err := NewDecoder(strings.NewReader(""), FormatInvalid, nil); !errors.Is(err, ErrFormat) {
		t.Errorf("NewDecoder(FormatInvalid): %v", err)
	}
}

func TestRowErrorReason(t *testing.T) {
	for err, want := range map[error]string{ErrSyntax: "syntax", ErrMissing: "missing", ErrUnknownField: "unknown_field",
		ErrDuplicateField: "duplicate_field", ErrValue: "bad_value", ErrNoOffset: "no_offset", ErrTooLong: "too_long"} {
		if got := (&RowError{Err: err}).Reason(); got != want {
			t.Errorf("Reason(%v) = %q, want %q", err, got, want)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		kind quality.Kind
		text string
		want any
		err  error
	}{
		{quality.KindString, "T017", "T017", nil},
		{quality.KindBool, "TRUE", true, nil},
		{quality.KindBool, "yes", nil, ErrValue},
		{quality.KindInt, "-3", -3, nil},
		{quality.KindInt, "3.0", nil, ErrValue},
		{quality.KindDecimal, "0.1", decimal.RequireFromString("0.1"), nil},
		{quality.KindDuration, "1h30m", 90 * time.Minute, nil},
		{quality.KindTime, "2025-07-01T16:00:00+08:00", time.Date(2025, 7, 1, 16, 0, 0, 0, cst), nil},
		{quality.KindTime, "2025-07-01T16:00:00", nil, ErrNoOffset},
		{quality.KindStrings, "a|b", []string{"a", "b"}, nil},
		{quality.KindStrings, `["a|b"]`, []string{"a|b"}, nil},
	}
	for _, tt := range tests {
		got, err := ParseValue(tt.kind, tt.text)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseValue(%v, %q): %v, want %v", tt.kind, tt.text, err, tt.err)
			}
			continue
		}
		if err != nil || !cmp.Equal(got, tt.want, eventCmp) {
			t.Errorf("ParseValue(%v, %q) = %v, %v; want %v", tt.kind, tt.text, got, err, tt.want)
		}
	}
}
