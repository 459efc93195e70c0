package workorder

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var fuzzSeeds = []string{
	`{"order":"WO-1","event":"created","at":"2025-07-01T09:00:00+08:00","facts":{"order_type":"repair","visits":2,"fee":12.50,"promised":"20m","appointment_end":"2025-07-01T16:00:00+08:00","tags":["vip"],"postponed":false}}`,
	`{"order":"A","event":"x","at":"2025-07-01T09:00:00"}`,
	`{"order":"A","event":"x","at":"2025-07-01T09:00:00Z","id":"e\u00e9\ud83d\ude00","facts":null}`,
	`{"order":"A","event":"x","at":"2025-07-01 09:00:00.123456789-05:30","facts":{"fee":"-1e-3","tags":[]}}`,
	`{"order":"A","event":"x","at":"2025-07-01T09:00:00Z","facts":{"visits":1,"visits":2}}`,
	"{\"order\":\"A\"}\n\n[1]\n{}\n",
}

// FuzzJSONL decodes arbitrary input. It never panics; the counts reconcile;
// every line it accepts is valid JSON that encoding/json reads to the same
// order, event, at and id, with the same fact names; and every event it
// returns encodes and decodes back to itself.
func FuzzJSONL(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := NewDecoder(bytes.NewReader(data), JSONL, testSchema)
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Split(data, []byte("\n"))
		var n, rejected int64
		for {
			var ev Event
			err := d.Next(&ev)
			if err == io.EOF {
				break
			}
			n++
			var re *RowError
			if errors.As(err, &re) {
				rejected++
				if re.Line < 1 || re.Line > len(lines) {
					t.Fatalf("row error on line %d of %d", re.Line, len(lines))
				}
				continue
			}
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			line := bytes.TrimSuffix(lines[ev.Line-1], []byte("\r"))
			if ev.Line == 1 {
				line = bytes.TrimPrefix(line, utf8BOM)
			}
			if !json.Valid(line) {
				t.Fatalf("accepted line %d, which is not valid JSON: %q", ev.Line, line)
			}
			var m struct {
				Order, Event, At string
				ID               *string
				Facts            map[string]json.RawMessage
			}
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatalf("encoding/json refuses accepted line %q: %v", line, err)
			}
			if m.Order != ev.Order || m.Event != ev.Name || (m.ID != nil && *m.ID != ev.ID) {
				t.Fatalf("line %q: got order %q event %q id %q; encoding/json reads %q %q %v", line, ev.Order, ev.Name, ev.ID, m.Order, m.Event, m.ID)
			}
			if at, f := parseInstant([]byte(m.At), zones{}); f != nil || !at.Equal(ev.At) {
				t.Fatalf("line %q: at %v, encoding/json reads %q", line, ev.At, m.At)
			}
			for name := range ev.Facts {
				if _, ok := m.Facts[name]; !ok {
					t.Fatalf("line %q: fact %q that encoding/json does not see", line, name)
				}
			}
			var buf bytes.Buffer
			if err := NewEncoder(&buf, testSchema).Encode(ev); err != nil {
				t.Fatalf("re-encode %+v: %v", ev, err)
			}
			d2, _ := NewDecoder(&buf, JSONL, testSchema)
			var back Event
			if err := d2.Next(&back); err != nil {
				t.Fatalf("re-decode %q: %v", buf.String(), err)
			}
			back.Line = ev.Line
			if !equalEvents(ev, back) {
				t.Fatalf("round trip of %q: %+v != %+v", line, back, ev)
			}
		}
		if c := d.Counts(); c.Read != n || c.Rejected != rejected || c.Read != c.Decoded+c.Rejected {
			t.Fatalf("counts %+v; saw %d rows, %d rejected", c, n, rejected)
		}
	})
}

// FuzzCSV decodes arbitrary CSV after a fixed header (and, for some inputs,
// arbitrary headers): never a panic, the counts reconcile, accepted events
// re-encode and decode back.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("WO-1,created,2025-07-01T09:00:00+08:00,e1,repair,2,12.50,vip|fiber,true\n"), false)
	f.Add([]byte("WO-1,x,2025-07-01T09:00:00+08:00,,\"a\"\"b\",,,[\"x\"],\nWO-2\n"), false)
	f.Add([]byte("order,event,at,visits\nA,x,2025-07-01T09:00:00Z,1\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, ownHeader bool) {
		in := data
		if !ownHeader {
			in = append([]byte("order,event,at,id,order_type,visits,fee,tags,postponed\n"), data...)
		}
		d, err := NewDecoder(bytes.NewReader(in), CSV, testSchema)
		if err != nil {
			if !errors.Is(err, ErrHeader) && !errors.Is(err, ErrTooLong) {
				t.Fatalf("NewDecoder: %v", err)
			}
			return
		}
		var n, rejected int64
		for {
			var ev Event
			err := d.Next(&ev)
			if err == io.EOF || errors.Is(err, ErrTooLong) && !isRowError(err) {
				break
			}
			n++
			if isRowError(err) {
				rejected++
				continue
			}
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if ev.Order == "" || ev.Name == "" || ev.At.IsZero() {
				t.Fatalf("accepted an event without order, name or instant: %+v", ev)
			}
			var buf bytes.Buffer
			if err := NewEncoder(&buf, testSchema).Encode(ev); err != nil {
				t.Fatalf("re-encode %+v: %v", ev, err)
			}
			d2, _ := NewDecoder(&buf, JSONL, testSchema)
			var back Event
			if err := d2.Next(&back); err != nil {
				t.Fatalf("re-decode %q: %v", buf.String(), err)
			}
			back.Line = ev.Line
			if !equalEvents(ev, back) {
				t.Fatalf("round trip: %+v != %+v", back, ev)
			}
		}
		if c := d.Counts(); c.Read != n || c.Rejected != rejected || c.Read != c.Decoded+c.Rejected {
			t.Fatalf("counts %+v; saw %d rows, %d rejected", c, n, rejected)
		}
	})
}

func isRowError(err error) bool {
	var re *RowError
	return errors.As(err, &re)
}

func equalEvents(a, b Event) bool {
	if len(a.Facts) == 0 && len(b.Facts) == 0 {
		a.Facts, b.Facts = nil, nil
	}
	return cmp.Equal(a, b, roundTripCmp)
}
