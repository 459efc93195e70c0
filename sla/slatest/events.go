package slatest

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
)

// StreamOptions tunes Events.
type StreamOptions struct {
	// Schema declares the order's facts, as in the clocks' sla.ClockEnv;
	// every event carries all of them. Required.
	Schema *quality.Schema
	// Location is the zone the instants are drawn in; nil means UTC.
	Location *time.Location
	// From is the earliest instant of the first event; zero means 1 January
	// 2025 in Location. The first event falls within Days days after it,
	// on the minute.
	From time.Time
	Days int // zero means 365
	// MaxEvents is the most events of an order; zero means 20.
	MaxEvents int
	// Gaps are the gaps drawn between events; nil means 0 (the same
	// instant), 1 s, 59 s, 10 min, 1 h, 4 h, 17 h and 48 h.
	Gaps []time.Duration
	// Duplicates makes about one event in ten a second delivery of an
	// earlier one (same id and fields), which the clocks ignore.
	Duplicates bool
	// Names are the event names to draw, and the only ones; nil means the
	// names the clocks' rules test, and "note_added", which no rule tests.
	Names []string
	// Values lists the values to draw for facts, by name (of the facts' Go
	// types). String facts not listed are drawn from the literals the rules
	// compare them with (and "other"); number facts from the literals they
	// are compared with and their neighbours; time facts from a few hours
	// before the event to three days after it; the rest by kind.
	Values map[string][]any
}

// Events draws the events of one work order that a set of clocks folds
// without error: instants in time order (events at one instant are allowed),
// unique ids unless Duplicates is set, every fact of the schema present with
// its kind's Go type, deadlines near the event. Half the events are drawn to
// make one of the clocks' conditions hold (its event name, and the values its
// facts are compared with by ==), so that cycles start, pause, resume, stop,
// reset and change targets; the first event starts a cycle two times in three.
//
// The clocks' rule texts are read (with expr's parser) for the names and
// literals they test; a condition that the reading cannot satisfy (a test with
// || or a computed value) still gets valid events. An order's facts are a
// snapshot after each event: a fact changes only when the event changes it.
func Events(cs *sla.Clocks, o StreamOptions) *rapid.Generator[[]sla.Event] {
	rb := read(cs.Specs())
	loc := o.Location
	if loc == nil {
		loc = time.UTC
	}
	from := o.From
	if from.IsZero() {
		from = time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	}
	days := o.Days
	if days <= 0 {
		days = 365
	}
	maxEvents := o.MaxEvents
	if maxEvents <= 0 {
		maxEvents = 20
	}
	gaps := o.Gaps
	if gaps == nil {
		gaps = []time.Duration{0, time.Second, 59 * time.Second, 10 * time.Minute, time.Hour, 4 * time.Hour, 17 * time.Hour, 48 * time.Hour}
	}
	names := o.Names
	if names == nil {
		names = append(slices.Clone(rb.names), "note_added")
	}
	starts, conds := rb.starts, rb.conds
	if o.Names != nil {
		// Only the names given: conditions keep the names among them, and those
		// that test names but none of them are dropped.
		outside := func(n string) bool { return !slices.Contains(o.Names, n) }
		starts = slices.DeleteFunc(slices.Clone(starts), outside)
		conds = nil
		for _, c := range rb.conds {
			if len(c.names) > 0 {
				if c.names = slices.DeleteFunc(slices.Clone(c.names), outside); len(c.names) == 0 {
					continue
				}
			}
			conds = append(conds, c)
		}
	}
	var fields []quality.Field
	if o.Schema != nil {
		fields = o.Schema.Fields()
	}
	return rapid.Custom(func(t *rapid.T) []sla.Event {
		if o.Schema == nil {
			t.Fatalf("slatest: Events needs StreamOptions.Schema")
		}
		at := from.Add(time.Duration(rapid.IntRange(0, days*24*60-1).Draw(t, "first minute")) * time.Minute)
		facts := make(quality.Facts, len(fields))
		for _, f := range fields {
			facts[f.Name] = o.value(t, rb, f, at)
		}
		n := rapid.IntRange(1, maxEvents).Draw(t, "events")
		var out []sla.Event
		for i := range n {
			if i > 0 && o.Duplicates && rapid.IntRange(0, 9).Draw(t, "duplicate?") == 0 {
				out = append(out, out[rapid.IntRange(0, len(out)-1).Draw(t, "duplicate of")])
				continue
			}
			if i > 0 {
				at = at.Add(rapid.SampledFrom(gaps).Draw(t, "gap"))
			}
			next := maps.Clone(facts)
			var name string
			switch {
			case i == 0 && len(starts) > 0 && rapid.IntRange(0, 2).Draw(t, "start first?") > 0:
				name = rapid.SampledFrom(starts).Draw(t, "name")
			case len(conds) > 0 && rapid.Bool().Draw(t, "meet a condition?"):
				c := rapid.SampledFrom(conds).Draw(t, "condition")
				name = rapid.SampledFrom(names).Draw(t, "name")
				if len(c.names) > 0 {
					name = rapid.SampledFrom(c.names).Draw(t, "name")
				}
				for _, fact := range slices.Sorted(maps.Keys(c.equals)) {
					if f, ok := o.Schema.Field(fact); ok && f.Kind == quality.KindString {
						next[fact] = rapid.SampledFrom(c.equals[fact]).Draw(t, fact)
					}
				}
			default:
				name = rapid.SampledFrom(names).Draw(t, "name")
			}
			for _, f := range fields {
				if rapid.IntRange(0, 4).Draw(t, "change "+f.Name+"?") == 0 {
					next[f.Name] = o.value(t, rb, f, at)
				}
			}
			facts = next
			out = append(out, sla.Event{ID: "e" + strconv.Itoa(i+1), At: at, Name: name, Facts: next})
		}
		return out
	})
}

// value draws a value for fact f of an event at at.
func (o StreamOptions) value(t *rapid.T, rb rulebook, f quality.Field, at time.Time) any {
	if vs := o.Values[f.Name]; len(vs) > 0 {
		return rapid.SampledFrom(vs).Draw(t, f.Name)
	}
	switch f.Kind {
	case quality.KindString:
		return rapid.SampledFrom(append(slices.Clone(rb.strs[f.Name]), "other")).Draw(t, f.Name)
	case quality.KindStrings:
		return rapid.SliceOfDistinct(rapid.SampledFrom(append(slices.Clone(rb.strs[f.Name]), "other")), rapid.ID[string]).Draw(t, f.Name)
	case quality.KindInt:
		if lits := rb.numbers[f.Name]; len(lits) > 0 {
			l := rapid.SampledFrom(lits).Draw(t, f.Name)
			return int(math.Round(l)) + rapid.IntRange(-1, 1).Draw(t, f.Name+" offset")
		}
	case quality.KindDecimal:
		if lits := rb.numbers[f.Name]; len(lits) > 0 {
			l := decimal.NewFromFloat(rapid.SampledFrom(lits).Draw(t, f.Name))
			return l.Add(decimal.New(rapid.Int64Range(-1, 1).Draw(t, f.Name+" offset"), -2))
		}
	case quality.KindTime:
		return at.Add(time.Duration(rapid.IntRange(-2*60, 72*60).Draw(t, f.Name)) * time.Minute)
	}
	return qualitytest.FactValue(t, f, []string{"other"}, at)
}
