package slatest

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
)

// Options returns the go-cmp options for the values of package sla:
// qualitytest.Options (instants by instant, decimals by value, zones by name)
// and
//
//   - sla.Status by its exported fields (what a dashboard shows);
//   - sla.State by its JSON form, compared field by field, so that a
//     difference names the clock and cycle that differ;
//   - *sla.Calendar by its name, zone and spec (two calendars compiled from
//     one spec in one zone answer alike, whatever years they index).
func Options(opts ...qualitytest.Option) cmp.Option {
	return cmp.Options{
		qualitytest.Options(opts...),
		cmpopts.IgnoreUnexported(sla.Status{}),
		cmp.Transformer("json", stateJSON),
		cmp.Comparer(func(a, b *sla.Calendar) bool {
			if a == nil || b == nil {
				return a == b
			}
			return a.Name() == b.Name() && a.Location().String() == b.Location().String() &&
				cmp.Equal(a.Spec(), b.Spec(), qualitytest.Options())
		}),
	}
}

// stateJSON decodes a state's JSON into plain values (numbers kept as text).
func stateJSON(s sla.State) any {
	b, err := json.Marshal(s)
	if err != nil {
		return "unencodable state: " + err.Error()
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "undecodable state: " + err.Error()
	}
	return v
}

// Statuses returns the status of every clock of cs at now, in the clocks'
// order, failing tb on an error: what a test compares after a fold.
func Statuses(tb qualitytest.TB, cs *sla.Clocks, s sla.State, now time.Time) []sla.Status {
	tb.Helper()
	out := make([]sla.Status, 0, len(cs.Names()))
	for _, name := range cs.Names() {
		st, err := cs.Status(s, name, now)
		if err != nil {
			tb.Fatalf("slatest: status of clock %q at %v: %v", name, now, err)
		}
		out = append(out, st)
	}
	return out
}

// GoldenTimeline compares the explanation of a clock (sla.Timeline.String)
// with the golden file at path; -update rewrites it (see qualitytest.Golden).
func GoldenTimeline(tb qualitytest.TB, path string, tl sla.Timeline) {
	tb.Helper()
	qualitytest.GoldenString(tb, path, tl.String())
}
