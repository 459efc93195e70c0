package escalation_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
)

var repairStatus = quality.MustSchema(quality.Field{Name: "status", Kind: quality.KindString, Doc: "the order's status"})

// repairClocks is the repair clock of a work order: 24 hours round the clock,
// paused while waiting for parts, with warnings at 75% and 100%.
func repairClocks(t testing.TB) *sla.Clocks {
	t.Helper()
	cs, err := sla.CompileClocks(sla.ClockEnv{
		Schema:    repairStatus,
		Calendars: map[string]*sla.Calendar{"24x7": sla.TwentyFourSeven(time.UTC)},
	}, sla.ClockSpec{
		Name:    "repair",
		Start:   []sla.Condition{{When: `event == "created"`}},
		Pause:   []sla.Condition{{Name: "waiting for parts", When: `status == "waiting_parts"`}},
		Resume:  []sla.Condition{{When: `status == "in_progress"`}},
		Stop:    []sla.Condition{{When: `event == "repaired"`}},
		Targets: []sla.TargetSpec{{Name: "default", Calendar: "24x7", Within: 24 * time.Hour}},
		Warnings: []sla.WarningSpec{
			{Name: "late", Percent: decimal.NewFromInt(75)},
			{Name: "breach", Percent: decimal.NewFromInt(100)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// repairSLA escalates on the repair clock's warnings: level 1 at 75% of the
// budget, level 2 at 100%; a pause of the clock moves both.
func repairSLA() escalation.Definition {
	return escalation.Definition{
		Name: "repair_sla", Version: 1, Initial: "open",
		Levels: []escalation.LevelDef{{Name: "station", Role: "station_head"}, {Name: "county", Role: "county_manager"}},
		States: []escalation.StateDef{{Name: "open"}, {Name: "done", Terminal: true}},
		Timers: []escalation.TimerDef{
			{Name: "late", Scope: escalation.ScopeState, State: "open",
				Deadline: escalation.TimerSpec{Clock: "repair", Warning: "late"},
				Actions:  []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 1}}},
			{Name: "breach", Scope: escalation.ScopeState, State: "open",
				Deadline: escalation.TimerSpec{Clock: "repair", Warning: "breach"},
				Actions:  []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 2}}},
		},
		Transitions: []escalation.Transition{{From: "open", On: "repaired", To: "done"}},
	}
}

// TestClockThresholdTimers: the escalation timers follow the sla clock, pauses
// included; a late step emits both warnings in due order.
func TestClockThresholdTimers(t *testing.T) {
	cs := repairClocks(t)
	m := escalation.MustCompile(repairSLA(), escalation.Env{Clocks: cs})
	t0 := time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)
	clocks := sla.State{}
	fold := func(id, name string, at time.Time, status string) {
		t.Helper()
		var err error
		clocks, err = cs.Fold(clocks, sla.Event{ID: id, At: at, Name: name, Facts: quality.Facts{"status": status}})
		if err != nil {
			t.Fatal(err)
		}
	}
	fold("c1", "created", t0, "in_progress")
	res, err := m.Start("R-1", t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Wake.IsZero() {
		t.Fatalf("clock timers have a deadline before any clock state: %v", res.Wake)
	}
	step := func(now time.Time) escalation.Result {
		t.Helper()
		r, err := m.Step(res.State, escalation.Event{Clocks: &clocks}, now)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	res = step(t0)
	if want := t0.Add(18 * time.Hour); !res.Wake.Equal(want) {
		t.Fatalf("wake %v, want %v (75%% of 24h)", res.Wake, want)
	}
	// Waiting for parts from +10h to +20h: no deadline while paused.
	fold("c2", "status", t0.Add(10*time.Hour), "waiting_parts")
	res = step(t0.Add(10 * time.Hour))
	if !res.Wake.IsZero() || len(res.State.Timers) != 2 {
		t.Fatalf("paused: wake %v timers %v", res.Wake, res.State.Timers)
	}
	roundTrip(t, res.State)
	fold("c3", "status", t0.Add(20*time.Hour), "in_progress")
	res = step(t0.Add(20 * time.Hour))
	if want := t0.Add(28 * time.Hour); !res.Wake.Equal(want) {
		t.Fatalf("resumed: wake %v, want %v", res.Wake, want)
	}
	// The host wakes late, at +40h: both warnings, in due order.
	late := step(t0.Add(40 * time.Hour))
	type got struct {
		Action   string
		Due      time.Time
		Lateness time.Duration
	}
	var g []got
	for _, a := range late.Actions {
		g = append(g, got{a.Action.String(), a.Due, a.Lateness})
	}
	want := []got{
		{"raise_level 1 (station_head)", t0.Add(28 * time.Hour), 12 * time.Hour},
		{"raise_level 2 (county_manager)", t0.Add(34 * time.Hour), 6 * time.Hour},
	}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("late actions (-want +got):\n%s", diff)
	}
	// Punctual ticks give the same state and actions.
	cur := res
	var punctual []escalation.Emitted
	for w := cur.Wake; !w.IsZero() && !w.After(t0.Add(40*time.Hour)); w = cur.Wake {
		r, err := m.Step(cur.State, escalation.Event{Clocks: &clocks}, w)
		if err != nil {
			t.Fatal(err)
		}
		punctual = append(punctual, r.Actions...)
		cur = r
	}
	cur, err = m.Step(cur.State, escalation.Event{Clocks: &clocks}, t0.Add(40*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(late.State, cur.State); diff != "" {
		t.Errorf("late and punctual states differ:\n%s", diff)
	}
	ids := func(as []escalation.Emitted) (out []escalation.ActionID) {
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	if !slices.Equal(ids(late.Actions), ids(punctual)) {
		t.Errorf("ids differ: %v vs %v", ids(late.Actions), ids(punctual))
	}
}

// TestClockTimerArmedAfterItsThreshold: a clock timer armed after its warning
// was reached fires at once, at its arming instant (never before it).
func TestClockTimerArmedAfterItsThreshold(t *testing.T) {
	cs := repairClocks(t)
	d := repairSLA()
	d.States = append(d.States, escalation.StateDef{Name: "queued"})
	d.Initial = "queued"
	d.Transitions = append(d.Transitions, escalation.Transition{From: "queued", On: "accept", To: "open"})
	m := escalation.MustCompile(d, escalation.Env{Clocks: cs})
	t0 := time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)
	clocks, err := cs.Fold(sla.State{}, sla.Event{ID: "c1", At: t0, Name: "created", Facts: quality.Facts{"status": "in_progress"}})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := m.Start("R-2", t0, nil)
	accept := t0.Add(20 * time.Hour) // past 75% (18h), before 100% (24h)
	res, err = m.Step(res.State, escalation.Event{ID: "a", Name: "accept", At: accept, Clocks: &clocks}, accept)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Actions) != 1 || !res.Actions[0].Due.Equal(accept) || res.Actions[0].Action.Level != 1 {
		t.Fatalf("actions %+v", res.Actions)
	}
	if !res.Wake.Equal(t0.Add(24 * time.Hour)) {
		t.Errorf("wake %v", res.Wake)
	}
}

func TestClockTimerNeedsClockState(t *testing.T) {
	cs := repairClocks(t)
	m := escalation.MustCompile(repairSLA(), escalation.Env{Clocks: cs})
	t0 := time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)
	res, _ := m.Start("R-3", t0, nil)
	if _, err := m.Tick(res.State, t0.Add(time.Hour), nil); !errors.Is(err, escalation.ErrInput) {
		t.Errorf("tick without clock state: %v", err)
	}
	for name, spec := range map[string]escalation.TimerSpec{
		"unknown clock":   {Clock: "repiar", Warning: "late"},
		"unknown warning": {Clock: "repair", Warning: "half"},
		"both forms":      {Clock: "repair", Warning: "late", After: time.Hour},
	} {
		d := repairSLA()
		d.Timers[0].Deadline = spec
		if fs := escalation.Validate(d, escalation.Env{Clocks: cs}); len(fs) != 1 || fs[0].Code != escalation.CodeMalformed {
			t.Errorf("%s: %v", name, fs)
		}
	}
	if fs := escalation.Validate(repairSLA(), escalation.Env{}); len(fs) != 2 || fs[0].Code != escalation.CodeMalformed {
		t.Errorf("no clocks given: %v", fs)
	}
	// A state whose only way out is a clock timer can wait forever (the
	// clock may stay paused): a dead end.
	d := repairSLA()
	d.Transitions[0] = escalation.Transition{From: "open", Timer: "breach", To: "done"}
	if fs := escalation.Validate(d, escalation.Env{Clocks: cs}); len(fs) != 1 || fs[0].Code != escalation.CodeDeadEnd {
		t.Errorf("clock timer as the only way out: %v", fs)
	}
}
