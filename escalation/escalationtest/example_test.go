package escalationtest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/escalation/escalationtest"
	"github.com/servq/servq/quality/qualitytest"
)

// dispatch is the back office's step of the complaint line: dispatch to the
// city within 30 minutes of submission, or the lead is told.
func dispatch() escalation.Definition {
	return escalation.Definition{Name: "dispatch", Version: 1, Initial: "submitted",
		States: []escalation.StateDef{{Name: "submitted"}, {Name: "dispatched", Terminal: true}},
		Timers: []escalation.TimerDef{{Name: "dispatch", Scope: escalation.ScopeState, State: "submitted",
			Deadline: escalation.TimerSpec{After: 30 * time.Minute},
			Actions:  []escalation.Action{{Kind: escalation.ActionNotify, Role: "back_office_lead", Note: "dispatch overdue"}}}},
		Transitions: []escalation.Transition{{From: "submitted", On: "dispatch", To: "dispatched"}},
	}
}

// A host that woke the order 16 minutes late emits the same action as a
// punctual one; only its lateness differs, which IgnoreVolatile leaves out.
func ExampleIgnoreVolatile() {
	m := escalation.MustCompile(dispatch(), escalation.Env{})
	start := time.Date(2025, 7, 1, 9, 4, 0, 0, time.UTC)
	res, _ := m.Start("C-1", start, nil)
	punctual, _ := m.Tick(res.State, start.Add(30*time.Minute), nil)
	late, _ := m.Tick(res.State, start.Add(46*time.Minute), nil)

	var t qualitytest.Recorder // stands in for the test's *testing.T
	t.Run(func(t testing.TB) {
		qualitytest.ExpectEqual(t, "actions", punctual.Actions, late.Actions, escalationtest.Options())
		qualitytest.ExpectEqual(t, "actions", punctual.Actions, late.Actions, escalationtest.Options(), escalationtest.IgnoreVolatile())
	})
	fmt.Print(t.String())
	// Output:
	// actions differs from what was expected:
	//     [0].Lateness: want 0s, got 16m0s
}

// A diagram that changed: the guard on the dispatch was dropped.
func ExampleGoldenDiagram() {
	dir, err := os.MkdirTemp("", "escalationtest")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "dispatch.mmd")
	old := dispatch()
	old.Transitions[0].Guard = "ok"
	if err := os.WriteFile(path, []byte(old.Mermaid()), 0o644); err != nil {
		panic(err)
	}

	var t qualitytest.Recorder
	t.Run(func(t testing.TB) { escalationtest.GoldenDiagram(t, path, dispatch()) })
	fmt.Print(strings.ReplaceAll(t.String(), dir, "testdata"))
	// Output:
	// output differs from the golden file testdata/dispatch.mmd (-want +got); if the change is intended, run the test with -update:
	// @@ want 4, got 4 @@
	//       state "dispatched" as st_dispatched
	//       [*] --> st_submitted
	// -     st_submitted --> st_dispatched: dispatch [ok]
	// +     st_submitted --> st_dispatched: dispatch
	//       st_submitted --> st_submitted: timer dispatch (30m) / notify back_office_lead
	//       st_dispatched --> [*]
}

// Every machine the generator draws compiles and keeps every step's promises.
func ExampleMachines() {
	gen := escalationtest.Machines(escalation.Env{})
	ok := 0
	for seed := range 20 {
		m := gen.Example(seed)
		if fs := escalation.Validate(m.Definition(), escalation.Env{Schema: escalationtest.GuardSchema()}); len(fs) == 0 {
			ok++
		}
	}
	fmt.Println(ok, "of 20 drawn machines pass validation")
	// Output:
	// 20 of 20 drawn machines pass validation
}

// CheckResult reports the promises a step's result breaks: here a result
// whose wake-up a host edited to a past instant.
func ExampleCheckResult() {
	m := escalation.MustCompile(dispatch(), escalation.Env{})
	start := time.Date(2025, 7, 1, 9, 4, 0, 0, time.UTC)
	res, _ := m.Start("C-1", start, nil)
	res.Wake = start.Add(-time.Minute)

	var t qualitytest.Recorder
	t.Run(func(t testing.TB) { escalationtest.CheckResult(t, m, res, start) })
	fmt.Print(t.String())
	// Output:
	// wake-up 2025-07-01 09:03:00 +0000 UTC is not after now 2025-07-01 09:04:00 +0000 UTC
	// wake-up 2025-07-01 09:03:00 +0000 UTC differs from the state's 2025-07-01 09:34:00 +0000 UTC
}
