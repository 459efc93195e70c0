package escalationtest

import (
	"path/filepath"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality/qualitytest"
)

// Options returns the go-cmp options for the values of package escalation:
// qualitytest.Options (instants by instant, zones by name, decimals by value).
// Results, states and timelines are compared field by field; add
// IgnoreVolatile to leave out what depends on when the host woke the order.
func Options(opts ...qualitytest.Option) cmp.Option {
	return qualitytest.Options(opts...)
}

// IgnoreVolatile leaves out of comparisons the fields of an emitted action
// that depend on the host rather than on the policy: its lateness (how late
// the host woke the order) and its trace position (a late step fires several
// timers in one trace). What is due, when, and with which id, still counts.
func IgnoreVolatile() cmp.Option {
	return cmpopts.IgnoreFields(escalation.Emitted{}, "Lateness", "Cause")
}

// IgnoreActionIDs leaves out action ids, which derive from the order's id and
// the machine's name and version: for comparing runs of two versions of a
// definition.
func IgnoreActionIDs() cmp.Option {
	return cmpopts.IgnoreFields(escalation.Emitted{}, "ID")
}

// GoldenDiagram compares a definition's diagram with the golden file at path:
// Mermaid for a path ending in ".mmd", Graphviz DOT for ".dot". -update
// rewrites it (see qualitytest.Golden).
func GoldenDiagram(tb qualitytest.TB, path string, def escalation.Definition) {
	tb.Helper()
	switch filepath.Ext(path) {
	case ".mmd":
		qualitytest.GoldenString(tb, path, def.Mermaid())
	case ".dot":
		qualitytest.GoldenString(tb, path, def.DOT())
	default:
		tb.Fatalf("escalationtest: golden diagram %s: the name must end in .mmd (Mermaid) or .dot (Graphviz)", path)
	}
}

// GoldenTimeline compares a simulated order's timeline (Machine.Simulate,
// rendered by Timeline.String) with the golden file at path.
func GoldenTimeline(tb qualitytest.TB, path string, tl escalation.Timeline) {
	tb.Helper()
	qualitytest.GoldenString(tb, path, tl.String())
}
