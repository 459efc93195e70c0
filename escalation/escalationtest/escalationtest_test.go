package escalationtest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/escalation/escalationtest"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/sla/slatest"
)

var start = time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)

// TestMachinesAreValid: over many draws every machine compiles (Validate finds
// nothing), runs drawn scripts keeping every step's promises, and a good share
// of the raw definitions pass validation.
func TestMachinesAreValid(t *testing.T) {
	drawn, valid := 0, 0
	shapes := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		d := escalationtest.Definitions(escalationtest.DefinitionOptions{}).Draw(t, "definition")
		drawn++
		if len(escalation.Validate(d, escalation.Env{Schema: escalationtest.GuardSchema()})) == 0 {
			valid++
		}
		m := escalationtest.Machines(escalation.Env{}).Draw(t, "machine")
		def := m.Definition()
		if fs := escalation.Validate(def, escalation.Env{Schema: escalationtest.GuardSchema()}); len(fs) != 0 {
			t.Fatalf("Machines drew a definition with findings: %v", fs)
		}
		for _, tm := range def.Timers {
			shapes[tm.Scope.String()+" timer"]++
			if tm.Repeat.Times > 0 {
				shapes["repeat"]++
			}
		}
		for _, tr := range def.Transitions {
			if tr.Guard != "" {
				shapes["guard"]++
			}
			if tr.Reopen {
				shapes["reopen"]++
			}
		}
		shapes["counters"] += len(def.Counters)
		res, err := m.Start("WO-1", start, escalationtest.GuardFacts().Draw(t, "facts"))
		if err != nil {
			t.Fatal(err)
		}
		st := res.State
		for i, in := range escalationtest.Inputs(m.Events(), escalationtest.GuardFacts()).Draw(t, "script") {
			now := st.Now.Add(in.Advance)
			res := escalationtest.Step(t, m, st, in, i)
			escalationtest.CheckResult(t, m, res, now)
			st = res.State
		}
	})
	if valid*10 < drawn {
		t.Errorf("only %d of %d drawn definitions are valid", valid, drawn)
	}
	for _, k := range []string{"state timer", "named timer", "repeat", "guard", "reopen", "counters"} {
		if shapes[k] == 0 {
			t.Errorf("no valid machine had a %s", k)
		}
	}
}

// TestMachinesUseTheEnvCalendars: timers count working time on the env's
// calendars (here drawn ones), and the machines still compile and run.
func TestMachinesUseTheEnvCalendars(t *testing.T) {
	used := 0
	rapid.Check(t, func(t *rapid.T) {
		dc := slatest.Calendars(slatest.CalendarOptions{MaxExceptions: 2}).Draw(t, "calendar")
		m := escalationtest.Machines(escalation.Env{Calendars: map[string]*sla.Calendar{"office": dc.Calendar}}).Draw(t, "machine")
		for _, tm := range m.Definition().Timers {
			if tm.Deadline.Calendar == "office" {
				used++
			}
		}
		res, err := m.Start("WO-1", dc.Near, escalationtest.GuardFacts().Draw(t, "facts"))
		if err != nil {
			t.Fatal(err)
		}
		escalationtest.CheckResult(t, m, res, dc.Near)
		for _, tm := range res.State.Timers {
			if tm.Due.Before(tm.Armed) {
				t.Fatalf("timer %s due %v before it was armed at %v", tm.Name, tm.Due, tm.Armed)
			}
		}
	})
	if used == 0 {
		t.Error("no drawn timer counted on the env's calendar")
	}
}

func TestCheckResultReports(t *testing.T) {
	m := escalation.MustCompile(escalation.Definition{Name: "d", Version: 1, Initial: "a",
		States:      []escalation.StateDef{{Name: "a"}, {Name: "done", Terminal: true}},
		Timers:      []escalation.TimerDef{{Name: "t", Scope: escalation.ScopeState, State: "a", Deadline: escalation.TimerSpec{After: time.Hour}}},
		Transitions: []escalation.Transition{{From: "a", Timer: "t", To: "done"}, {From: "a", On: "go", To: "done"}},
	}, escalation.Env{})
	res, err := m.Start("WO-1", start, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rec qualitytest.Recorder
	rec.Run(func(tb testing.TB) { escalationtest.CheckResult(tb, m, res, start) })
	if rec.Failed() {
		t.Fatalf("a good result reported: %s", rec.String())
	}
	bad := res
	bad.Wake = start // not after now, and not the state's
	rec.Run(func(tb testing.TB) { escalationtest.CheckResult(tb, m, bad, start) })
	if got := rec.String(); !strings.Contains(got, "is not after now") || !strings.Contains(got, "differs from the state's") {
		t.Fatalf("messages %q", got)
	}
}

func TestOptionsAndFromSLA(t *testing.T) {
	loc := slatest.Location(t, "Asia/Shanghai")
	o := slatest.NewOrder(t, "WO-1", loc, quality.Facts{"ok": true, "cause": "human"})
	o.At("2025-07-01 09:00", "e0").At("+30m", "e1", "ok", false)
	evs := escalationtest.FromSLA(o.Events())
	if len(evs) != 2 || evs[1].ID != "WO-1/2" || evs[1].Name != "e1" || !evs[1].At.Equal(time.Date(2025, 7, 1, 9, 30, 0, 0, loc)) ||
		evs[1].Facts.(quality.Facts)["ok"] != false {
		t.Fatalf("FromSLA: %+v", evs)
	}
	a := escalation.Emitted{Action: escalation.Action{Kind: escalation.ActionNotify, Role: "lead"}, Due: start, Lateness: time.Minute, Cause: 1, ID: escalation.NewActionID("WO-1", "d", 1, 1, 0, 0)}
	b := a
	b.Due, b.Lateness, b.Cause = start.In(loc), 0, 3
	if cmp.Equal(a, b, escalationtest.Options()) || !cmp.Equal(a, b, escalationtest.Options(), escalationtest.IgnoreVolatile()) {
		t.Fatal("IgnoreVolatile does not leave out lateness and cause, or instants compare by location")
	}
	b.ID = escalation.NewActionID("WO-1", "d", 2, 1, 0, 0)
	if cmp.Equal(a, b, escalationtest.Options(), escalationtest.IgnoreVolatile()) || !cmp.Equal(a, b, escalationtest.Options(), escalationtest.IgnoreVolatile(), escalationtest.IgnoreActionIDs()) {
		t.Fatal("IgnoreActionIDs")
	}
	var rec qualitytest.Recorder
	rec.Run(func(tb testing.TB) { escalationtest.GoldenDiagram(tb, "testdata/x.svg", escalation.Definition{}) })
	if !strings.Contains(rec.String(), "must end in .mmd") {
		t.Fatalf("GoldenDiagram with another extension: %q", rec.String())
	}
}
