package slatest

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
)

// Order builds the events of one work order for a test, one readable line per
// event. Each event carries the order's facts as they stand after it (the
// clocks' snapshot); At changes only the facts it names:
//
//	o := slatest.NewOrder(t, "WO-1", shanghai, quality.Facts{"status": "new", "priority": "normal"})
//	o.At("2025-09-29 16:00", "dispatched")
//	o.At("+18h", "status_changed", "status", "pending_customer")
//	o.At("2025-10-01 10:00", "status_changed", "status", "in_progress")
//	o.At("2025-10-09 16:00", "resolved")
//	state, err := clocks.Fold(sla.State{}, o.Events()...)
//
// ParseOrder reads the same order from text. Mistakes in a fixture (a
// malformed instant, an odd list of facts) fail the test at once.
type Order struct {
	tb     qualitytest.TB
	id     string
	loc    *time.Location
	facts  quality.Facts
	events []sla.Event
	last   time.Time
}

// NewOrder starts the fixture of order id, whose instants are wall-clock
// times in loc and whose facts start as facts (copied; nil means none).
func NewOrder(tb qualitytest.TB, id string, loc *time.Location, facts quality.Facts) *Order {
	tb.Helper()
	if loc == nil {
		tb.Fatalf("slatest: order %s: nil location", id)
	}
	f := maps.Clone(facts)
	if f == nil {
		f = quality.Facts{}
	}
	return &Order{tb: tb, id: id, loc: loc, facts: f}
}

// At adds the event name at when, after setting the facts given as pairs of a
// name and a value of the fact's Go type ("status", "pending_customer",
// "human_caused", true). The event's id is the order's id, "/" and its number
// from 1 ("WO-1/3").
//
// when is a wall-clock time in the order's zone, "2025-09-29 16:00" (seconds
// allowed), a time on the day of the previous event, "16:30", an instant in
// RFC 3339 with its offset, or a duration after the previous event, "+18h",
// "+20m", "+0s".
func (o *Order) At(when, name string, set ...any) *Order {
	o.tb.Helper()
	return o.add("", when, name, set)
}

// AtID is At with the event's id given: a host's own ids, or a second delivery
// of an earlier event under its id.
func (o *Order) AtID(id, when, name string, set ...any) *Order {
	o.tb.Helper()
	return o.add(id, when, name, set)
}

// Again delivers the last event a second time: the same id, instant, name and
// facts, as an at-least-once queue does.
func (o *Order) Again() *Order {
	o.tb.Helper()
	if len(o.events) == 0 {
		o.tb.Fatalf("slatest: order %s: Again before any event", o.id)
	}
	o.events = append(o.events, o.events[len(o.events)-1])
	return o
}

func (o *Order) add(id, when, name string, set []any) *Order {
	o.tb.Helper()
	at, err := o.instant(when)
	if err != nil {
		o.tb.Fatalf("slatest: order %s: event %d (%s): %v", o.id, len(o.events)+1, name, err)
	}
	return o.addAt(id, at, name, set)
}

func (o *Order) addAt(id string, at time.Time, name string, set []any) *Order {
	o.tb.Helper()
	if len(set)%2 != 0 {
		o.tb.Fatalf("slatest: order %s: event %d (%s): facts come in pairs of a name and a value, got %d items", o.id, len(o.events)+1, name, len(set))
	}
	next := maps.Clone(o.facts)
	for i := 0; i < len(set); i += 2 {
		k, ok := set[i].(string)
		if !ok {
			o.tb.Fatalf("slatest: order %s: event %d (%s): fact name %v is not a string", o.id, len(o.events)+1, name, set[i])
		}
		next[k] = set[i+1]
	}
	if id == "" {
		id = o.id + "/" + strconv.Itoa(len(o.events)+1)
	}
	o.facts, o.last = next, at
	o.events = append(o.events, sla.Event{ID: id, At: at, Name: name, Facts: next})
	return o
}

// Time reads an instant as At does: for the now of a status, a wake-up or an
// explanation ("2025-10-09 16:00", "+1h" after the last event).
func (o *Order) Time(when string) time.Time {
	o.tb.Helper()
	at, err := o.instant(when)
	if err != nil {
		o.tb.Fatalf("slatest: order %s: %v", o.id, err)
	}
	return at
}

func (o *Order) instant(when string) (time.Time, error) {
	when = strings.TrimSpace(when)
	if rest, ok := strings.CutPrefix(when, "+"); ok {
		d, err := time.ParseDuration(rest)
		if err != nil {
			return time.Time{}, fmt.Errorf("instant %q: %v", when, err)
		}
		if o.last.IsZero() {
			return time.Time{}, fmt.Errorf("instant %q: a duration needs an earlier event", when)
		}
		return o.last.Add(d), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, when, o.loc); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, when); err == nil {
		return t, nil
	}
	for _, layout := range []string{"15:04", "15:04:05"} {
		if t, err := time.ParseInLocation(layout, when, o.loc); err == nil {
			if o.last.IsZero() {
				return time.Time{}, fmt.Errorf("instant %q: a time of day needs an earlier event", when)
			}
			y, m, d := o.last.In(o.loc).Date()
			return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), 0, o.loc), nil
		}
	}
	return time.Time{}, fmt.Errorf(`instant %q: want "2006-01-02 15:04", "15:04", RFC 3339 or "+1h30m"`, when)
}

// Events returns the order's events so far, in the order added.
func (o *Order) Events() []sla.Event { return append([]sla.Event(nil), o.events...) }

// Facts returns the order's facts after the last event (a copy).
func (o *Order) Facts() quality.Facts { return maps.Clone(o.facts) }

// Last returns the instant of the last event, or the zero time.
func (o *Order) Last() time.Time { return o.last }

// ID returns the order's id.
func (o *Order) ID() string { return o.id }

// ParseOrder reads an order fixture from text. The first line names the order
// and its initial facts; each further line is an event: its instant (as At
// reads it), its name, the facts it sets as name=value, and optionally its id
// as #id. Values are read by the fact's kind in schema (strings may be
// quoted, as Go strings; a time may be "+4h" after the event; a strings fact
// is "a|b"). Blank lines and text after // are ignored.
//
//	WO-1  status=new priority=normal
//	2025-09-29 16:00  dispatched
//	+18h              status_changed status=pending_customer
//	2025-10-01 10:00  status_changed status=in_progress
//	2025-10-09 16:00  resolved  #r1
//
// A fact the schema does not declare, or a value that does not read, fails the
// test with the line's number.
func ParseOrder(tb qualitytest.TB, loc *time.Location, schema *quality.Schema, text string) *Order {
	tb.Helper()
	var o *Order
	for n, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		fields, err := tokens(line)
		if err != nil {
			tb.Fatalf("slatest: order line %d: %v", n+1, err)
		}
		if len(fields) == 0 {
			continue
		}
		if o == nil {
			facts, err := readFacts(schema, fields[1:], time.Time{}, loc)
			if err != nil {
				tb.Fatalf("slatest: order line %d: %v", n+1, err)
			}
			o = NewOrder(tb, fields[0], loc, facts)
			continue
		}
		when := fields[0]
		if _, err := time.Parse("2006-01-02", when); err == nil && len(fields) > 1 {
			when, fields = when+" "+fields[1], fields[1:]
		}
		at, err := o.instant(when)
		if err != nil {
			tb.Fatalf("slatest: order line %d: %v", n+1, err)
		}
		if len(fields) < 2 {
			tb.Fatalf("slatest: order line %d: want an instant and an event name", n+1)
		}
		name, rest := fields[1], fields[2:]
		id := ""
		if len(rest) > 0 && strings.HasPrefix(rest[len(rest)-1], "#") {
			id, rest = rest[len(rest)-1][1:], rest[:len(rest)-1]
		}
		facts, err := readFacts(schema, rest, at, loc)
		if err != nil {
			tb.Fatalf("slatest: order line %d: %v", n+1, err)
		}
		var set []any
		for _, f := range schema.Fields() {
			if v, ok := facts[f.Name]; ok {
				set = append(set, f.Name, v)
			}
		}
		o.addAt(id, at, name, set)
	}
	if o == nil {
		tb.Fatalf("slatest: order text has no order line")
	}
	return o
}

// tokens splits a line at white space, keeping quoted values (name="a b")
// whole.
func tokens(line string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inQuote, escaped, have := false, false, false
	for _, r := range line {
		switch {
		case inQuote:
			cur.WriteRune(r)
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case r == '"':
				inQuote = false
			}
		case r == '"':
			inQuote, have = true, true
			cur.WriteRune(r)
		case unicode.IsSpace(r):
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if inQuote {
		return nil, fmt.Errorf("unterminated quote")
	}
	if have {
		out = append(out, cur.String())
	}
	return out, nil
}

// readFacts reads name=value tokens by the kinds of schema.
func readFacts(schema *quality.Schema, toks []string, at time.Time, loc *time.Location) (quality.Facts, error) {
	facts := quality.Facts{}
	for _, tok := range toks {
		name, text, ok := strings.Cut(tok, "=")
		if !ok {
			return nil, fmt.Errorf("%q: want name=value", tok)
		}
		f, ok := schema.Field(name)
		if !ok {
			return nil, fmt.Errorf("%s: no such fact in the schema", name)
		}
		if strings.HasPrefix(text, `"`) {
			s, err := strconv.Unquote(text)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			text = s
		}
		v, err := readValue(f.Kind, text, at, loc)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		facts[name] = v
	}
	return facts, nil
}

func readValue(k quality.Kind, s string, at time.Time, loc *time.Location) (any, error) {
	switch k {
	case quality.KindString:
		return s, nil
	case quality.KindBool:
		return strconv.ParseBool(s)
	case quality.KindInt:
		return strconv.Atoi(s)
	case quality.KindDecimal:
		return decimal.NewFromString(s)
	case quality.KindDuration:
		return time.ParseDuration(s)
	case quality.KindStrings:
		if s == "" {
			return []string{}, nil
		}
		return strings.Split(s, "|"), nil
	case quality.KindTime:
		if rest, ok := strings.CutPrefix(s, "+"); ok {
			d, err := time.ParseDuration(rest)
			if err != nil {
				return nil, err
			}
			if at.IsZero() {
				return nil, fmt.Errorf("%q: a duration needs the event's instant", s)
			}
			return at.Add(d), nil
		}
		for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t, nil
			}
		}
		return time.Parse(time.RFC3339Nano, s)
	}
	return nil, fmt.Errorf("kind %v cannot be read", k)
}
