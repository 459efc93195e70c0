package workorder

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
)

// genEvent draws an event with any subset of testSchema's facts, any valid
// UTF-8 strings, decimals of any scale within the limits and instants in any
// whole-minute offset.
func genEvent(csvSafe bool) *rapid.Generator[Event] {
	str := rapid.StringN(1, 12, -1)
	if csvSafe {
		// A CSV reader turns "\r\n" inside a quoted cell into "\n", and an
		// empty cell means "not given".
		str = rapid.StringMatching(`[^\r]{1,12}`)
	}
	instant := rapid.Custom(func(t *rapid.T) time.Time {
		sec := rapid.Int64Range(-2208988800, 253402300799-86400).Draw(t, "sec") // 1900 .. 9999
		ns := rapid.Int64Range(0, 999999999).Draw(t, "ns")
		off := rapid.IntRange(-23*60-59, 23*60+59).Draw(t, "offmin") * 60
		loc := time.UTC
		if off != 0 {
			loc = time.FixedZone("", off)
		}
		return time.Unix(sec, ns).In(loc)
	})
	dec := rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64().Draw(t, "coef"), int32(rapid.IntRange(-20, 20).Draw(t, "exp")))
	})
	return rapid.Custom(func(t *rapid.T) Event {
		ev := Event{
			Order: str.Draw(t, "order"),
			Name:  str.Draw(t, "name"),
			At:    instant.Draw(t, "at"),
		}
		if rapid.Bool().Draw(t, "hasID") {
			ev.ID = str.Draw(t, "id")
		}
		facts := quality.Facts{}
		for _, f := range testSchema.Fields() {
			if !rapid.Bool().Draw(t, "has "+f.Name) {
				continue
			}
			switch f.Kind {
			case quality.KindString:
				facts[f.Name] = str.Draw(t, f.Name)
			case quality.KindBool:
				facts[f.Name] = rapid.Bool().Draw(t, f.Name)
			case quality.KindInt:
				facts[f.Name] = rapid.Int().Draw(t, f.Name)
			case quality.KindDecimal:
				facts[f.Name] = dec.Draw(t, f.Name)
			case quality.KindDuration:
				facts[f.Name] = time.Duration(rapid.Int64().Draw(t, f.Name))
			case quality.KindTime:
				facts[f.Name] = instant.Draw(t, f.Name)
			case quality.KindStrings:
				facts[f.Name] = rapid.SliceOfN(rapid.String(), 0, 4).Draw(t, f.Name)
			}
		}
		if len(facts) > 0 {
			ev.Facts = facts
		}
		return ev
	})
}

// roundTripCmp compares decimals by value (decimal.New(5, 3) is written
// "5000" and read back with exponent 0) and instants with their offsets.
var roundTripCmp = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	eventCmp[1],
}

// sameEvent compares events as decoded: decimals by value and scale,
// instants by instant and offset.
func sameEvent(t *rapid.T, want, got Event) {
	want.Line = got.Line
	if len(want.Facts) == 0 && len(got.Facts) == 0 {
		want.Facts, got.Facts = nil, nil
	}
	if diff := cmp.Diff(want, got, roundTripCmp); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
}

// TestRoundTripJSONL: what the Encoder writes, the Decoder reads back equal,
// one event per line, with the lines numbered.
func TestRoundTripJSONL(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		evs := rapid.SliceOfN(genEvent(false), 1, 5).Draw(t, "events")
		var buf bytes.Buffer
		enc := NewEncoder(&buf, testSchema)
		for _, ev := range evs {
			if err := enc.Encode(ev); err != nil {
				t.Fatalf("Encode: %v", err)
			}
		}
		d, err := NewDecoder(&buf, JSONL, testSchema)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range evs {
			var got Event
			if err := d.Next(&got); err != nil {
				t.Fatalf("event %d: %v", i, err)
			}
			if got.Line != i+1 {
				t.Fatalf("line %d, want %d", got.Line, i+1)
			}
			sameEvent(t, want, got)
		}
		if c := d.Counts(); c.Read != int64(len(evs)) || c.Rejected != 0 {
			t.Fatalf("counts %+v", c)
		}
	})
}

// TestRoundTripCSV: the same through CSV, for the values CSV can hold.
func TestRoundTripCSV(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		evs := rapid.SliceOfN(genEvent(true), 1, 5).Draw(t, "events")
		var buf bytes.Buffer
		enc := NewCSVEncoder(&buf, testSchema)
		for _, ev := range evs {
			if err := enc.Encode(ev); err != nil {
				t.Fatalf("Encode: %v", err)
			}
		}
		if err := enc.Flush(); err != nil {
			t.Fatal(err)
		}
		d, err := NewDecoder(&buf, CSV, testSchema)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range evs {
			var got Event
			if err := d.Next(&got); err != nil {
				t.Fatalf("event %d: %v\n%s", i, err, buf.String())
			}
			sameEvent(t, want, got)
		}
	})
}

// TestInstantParse checks the hand-written RFC 3339 reader against the time
// package on every instant it accepts: the same instant and offset.
func TestInstantParse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?`),
			rapid.String(),
		).Draw(t, "s")
		got, f := parseInstant([]byte(s), zones{})
		var err error
		if f != nil {
			err = f.err
		}
		want, werr := time.Parse(time.RFC3339Nano, s)
		if err == nil {
			if werr != nil {
				t.Fatalf("accepted %q, which time.Parse refuses: %v", s, werr)
			}
			_, og := got.Zone()
			_, ow := want.Zone()
			if !got.Equal(want) || og != ow {
				t.Fatalf("%q: got %v, time.Parse %v", s, got, want)
			}
		} else if werr == nil && !strings.ContainsAny(s, "z") && utf8.ValidString(s) {
			// time.Parse accepts a few spellings this reader refuses on
			// purpose (hour 24 is not among them); none of them should be a
			// plain RFC 3339 instant with an offset.
			_, off := want.Zone()
			if off%60 == 0 && want.Year() >= 0 && len(s) >= 20 {
				t.Fatalf("refused %q (%v), which time.Parse reads as %v", s, err, want)
			}
		}
	})
}
