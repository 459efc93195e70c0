package escalation_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/servq/servq/escalation"
)

// TestVersionPinned: an order keeps the version it started with; the new
// version refuses to step it until it is migrated.
func TestVersionPinned(t *testing.T) {
	v1 := mustCompile(afterSalesOverdueV1(), noFacts)
	v2 := mustCompile(afterSalesOverdue(), noFacts)
	res, err := v1.Start("AS-7", t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.State.MachineVersion != 1 {
		t.Fatalf("pinned to v%d", res.State.MachineVersion)
	}
	_, err = v2.Tick(res.State, t0.Add(time.Hour), nil)
	var ve *escalation.VersionError
	if !errors.As(err, &ve) || !errors.Is(err, escalation.ErrVersion) || ve.StateVersion != 1 || ve.Version != 2 {
		t.Fatalf("v2 stepped a v1 order: %v", err)
	}
}

// TestMigrateAfterSales moves an open order from the long-standing 15-day
// replacement rule (v1) to the 300-hour rule with a fourth level (v2).
func TestMigrateAfterSales(t *testing.T) {
	v1 := mustCompile(afterSalesOverdueV1(), noFacts)
	v2 := mustCompile(afterSalesOverdue(), noFacts)
	res, _ := v1.Start("AS-8", t0, nil)
	res, err := v1.Tick(res.State, t0.Add(50*time.Hour), nil) // the gift is due at 48h
	if err != nil {
		t.Fatal(err)
	}
	if res.State.Level != 2 {
		t.Fatalf("level %d before migrating", res.State.Level)
	}
	old := res.State

	kept, err := escalation.Migrate(v1, v2, old, escalation.Migration{})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := kept.Timer("replace"); !r.Due.Equal(t0.Add(15 * day)) {
		t.Errorf("without Rearm the promised deadline moved: %v", r.Due)
	}
	if _, ok := kept.Timer("supervise"); ok {
		t.Error("supervise armed without being asked")
	}

	moved, err := escalation.Migrate(v1, v2, old, escalation.Migration{Rearm: true, Arm: []string{"supervise"}})
	if err != nil {
		t.Fatal(err)
	}
	if moved.MachineVersion != 2 || moved.Level != 2 || moved.Seq != old.Seq || moved.Order != old.Order {
		t.Errorf("migrated state %+v", moved)
	}
	want := []escalation.TimerState{
		{Name: "replace", Armed: t0, Due: t0.Add(300 * time.Hour)},
		{Name: "supervise", Armed: t0, Due: t0.Add(15 * day)},
	}
	if !slices.Equal(moved.Timers, want) {
		t.Errorf("timers %+v, want %+v", moved.Timers, want)
	}
	roundTrip(t, moved)
	res, err = v2.Tick(moved, t0.Add(301*time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := actionLines(res.Actions); !slices.Equal(got, []string{"raise_level 3 (branch_manager)", "compensate free_replacement: replace the product free"}) {
		t.Errorf("actions after migration %q", got)
	}
	// Action ids differ between versions: the version is part of the id.
	a1, _ := v1.Tick(old, t0.Add(15*day), nil)
	a2, _ := v2.Tick(moved, t0.Add(15*day), nil)
	if len(a1.Actions) == 0 || len(a2.Actions) == 0 || a1.Actions[0].ID == a2.Actions[0].ID {
		t.Errorf("ids: %v %v", a1.Actions, a2.Actions)
	}
}

func TestMigrationChecks(t *testing.T) {
	v1 := mustCompile(afterSalesOverdueV1(), noFacts)
	renamed := afterSalesOverdue()
	renamed.Version = 3
	renamed.States[0].Name = "overdue"
	renamed.Initial = "overdue"
	renamed.Transitions[0].From = "overdue"
	v3 := mustCompile(renamed, noFacts)
	res, _ := v1.Start("AS-9", t0, nil)

	_, err := escalation.Migrate(v1, v3, res.State, escalation.Migration{})
	var ve *escalation.ValidationError
	if !errors.Is(err, escalation.ErrMigration) || !errors.As(err, &ve) || len(ve.Findings) != 1 || ve.Findings[0].Code != escalation.CodeUnmappedState {
		t.Fatalf("unmapped state: %v", err)
	}
	st, err := escalation.Migrate(v1, v3, res.State, escalation.Migration{States: map[string]string{"open": "overdue"}})
	if err != nil || st.Current != "overdue" {
		t.Fatalf("mapped: %v %+v", err, st)
	}

	bad := escalation.Migration{
		States:   map[string]string{"open": "overdue", "nowhere": "overdue", "solved": "gone"},
		Timers:   map[string]string{"gift": "replace", "ghost": ""},
		Counters: map[string]string{"n": "m"},
		Arm:      []string{"gift2"},
	}
	fs := escalation.CheckMigration(v1, v3, bad)
	if got := codes(fs); !slices.Equal(got, []escalation.Code{
		escalation.CodeMalformed, escalation.CodeMalformed, // states: nowhere (old), gone (new)
		escalation.CodeMalformed,                           // timers: ghost (old)
		escalation.CodeMalformed, escalation.CodeMalformed, // counters: n (old), m (new)
		escalation.CodeMalformed, // timers: gift and replace both land on replace
		escalation.CodeMalformed, // arm: gift2
	}) {
		t.Errorf("findings %v", fs)
	}

	closed, err := v1.Step(res.State, escalation.Event{ID: "s", Name: "solved"}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := escalation.Migrate(v1, v3, closed.State, escalation.Migration{States: map[string]string{"open": "overdue"}}); !errors.Is(err, escalation.ErrMigration) {
		t.Errorf("closed order migrated: %v", err)
	}
	if _, err := escalation.Migrate(v3, v1, res.State, escalation.Migration{}); !errors.Is(err, escalation.ErrVersion) {
		t.Errorf("migrating from the wrong machine: %v", err)
	}
}

// TestMigrateStateTimers: a state timer of the new state that the old one
// lacked is armed from the instant the order entered the state.
func TestMigrateStateTimers(t *testing.T) {
	old := dispatchOrder()
	old.Timers[0].Deadline.After = 48 * time.Hour
	v1 := mustCompile(old, noFacts)
	newer := dispatchOrder()
	newer.Version = 2
	newer.Timers[0].Name = "answer"
	newer.Transitions[2].Timer = "answer"
	v2 := mustCompile(newer, noFacts)
	res, _ := v1.Start("head-3", t0, nil)
	res, _ = v1.Step(res.State, escalation.Event{ID: "o", Name: "order", At: t0.Add(time.Hour)}, t0.Add(2*time.Hour))
	st, err := escalation.Migrate(v1, v2, res.State, escalation.Migration{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []escalation.TimerState{{Name: "answer", Armed: t0.Add(time.Hour), Due: t0.Add(25 * time.Hour)}}; !slices.Equal(st.Timers, want) {
		t.Errorf("timers %+v, want %+v", st.Timers, want)
	}
	renamed, err := escalation.Migrate(v1, v2, res.State, escalation.Migration{Timers: map[string]string{"reply": "answer"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []escalation.TimerState{{Name: "answer", Armed: t0.Add(time.Hour), Due: t0.Add(49 * time.Hour)}}; !slices.Equal(renamed.Timers, want) {
		t.Errorf("renamed timers %+v, want %+v (kept deadline)", renamed.Timers, want)
	}
}
