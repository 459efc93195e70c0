package escalation_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
)

// golden compares got with testdata/name.golden, or rewrites the file when the
// tests run with -update (the flag of the servq test kits).
func golden(t testing.TB, name, got string) {
	t.Helper()
	qualitytest.GoldenString(t, filepath.Join("testdata", name+".golden"), got)
}

func shipped() []escalation.Definition {
	return []escalation.Definition{complaintLine(), afterSalesOverdue(), dispatchOrder(), repairLoop()}
}

func TestDiagramsGolden(t *testing.T) {
	for _, d := range shipped() {
		golden(t, d.Name+".mmd", d.Mermaid())
		golden(t, d.Name+".dot", d.DOT())
	}
}

func TestDiagramEscaping(t *testing.T) {
	d := tiny()
	d.Transitions[0].Guard = `cause == "a;b#c"`
	mmd := d.Mermaid()
	if !strings.Contains(mmd, `go [cause == #quot;a#59;b#35;c#quot;]`) {
		t.Errorf("mermaid label not escaped:\n%s", mmd)
	}
	dot := d.DOT()
	if !strings.Contains(dot, `label="go [cause == \"a;b#c\"]"`) {
		t.Errorf("dot label not escaped:\n%s", dot)
	}
}

// TestComplaintTimelineGolden simulates the complaint of the package doc's
// worked example and keeps its timeline as a golden file.
func TestComplaintTimelineGolden(t *testing.T) {
	tl := complaintTimeline(t)
	golden(t, "complaint_timeline.txt", tl.String())
	if tl.Final.Current != "closed" || tl.Final.Level != 2 || tl.Final.Cycle != 1 {
		t.Errorf("final state %+v", tl.Final)
	}
	// Every step of a punctual host is on time.
	for _, r := range tl.Steps {
		for _, a := range r.Actions {
			if a.Lateness != 0 {
				t.Errorf("late action in a simulation: %+v", a)
			}
		}
	}
}

func complaintTimeline(t testing.TB) escalation.Timeline {
	loc := shanghai(t)
	m := mustCompile(complaintLine(), complaintFacts)
	start := time.Date(2025, 7, 1, 9, 0, 0, 0, loc)
	f := func(cause string, satisfied bool) quality.Facts {
		return quality.Facts{"invalid": false, "provincial": false, "cause": cause, "major": false, "common": false, "satisfied": satisfied}
	}
	ev := func(id, name string, d time.Duration, facts quality.Facts) escalation.Event {
		return escalation.Event{ID: id, Name: name, At: start.Add(d), Facts: facts}
	}
	events := []escalation.Event{
		ev("e1", "submit", 4*time.Minute, f("", false)),
		ev("e2", "dispatch", 50*time.Minute, f("", false)), // 20 minutes past the back office's 30
		ev("e3", "assign", 70*time.Minute, f("", false)),
		ev("e4", "answer", 20*time.Hour, f("", false)),
		ev("e5", "return", 22*time.Hour, f("", false)),
		ev("e6", "decide", 23*time.Hour, f("equipment", false)),
		ev("e7", "callback", 26*time.Hour, f("equipment", false)), // dissatisfied: reopened
		ev("e7", "callback", 26*time.Hour, f("equipment", false)), // the same event delivered twice
		ev("e8", "answer", 40*time.Hour, f("equipment", false)),
		ev("e9", "return", 41*time.Hour, f("equipment", false)),
		ev("e10", "decide", 42*time.Hour, f("equipment", false)),
		ev("e11", "callback", 44*time.Hour, f("equipment", true)),
	}
	tl, err := m.Simulate("C-20250701-042", start, f("", false), events, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return tl
}
