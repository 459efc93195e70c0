package escalation_test

import (
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/escalation/escalationtest"
)

// genWild draws a definition with no care for validity: names from a small
// pool (bad, duplicate and dangling ones included), any scope, offsets,
// repeats, guards (some that do not compile), counters, levels and actions.
// It stands for whatever a policy file may hold.
func genWild(t *rapid.T) escalation.Definition {
	names := rapid.SampledFrom([]string{"a", "b", "c", "done", "", "9x", "a b", "t1", "n"})
	guards := rapid.SampledFrom([]string{"", "ok", "!ok", "ok &&", "cause", `cause == "human"`, "nope"})
	durations := rapid.SampledFrom([]time.Duration{-time.Minute, 0, time.Minute, time.Hour, 24 * time.Hour})
	actions := func(label string) []escalation.Action {
		return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) escalation.Action {
			return escalation.Action{
				Kind:  escalation.ActionKind(rapid.IntRange(0, 8).Draw(t, "kind")),
				Role:  names.Draw(t, "role"),
				Level: rapid.IntRange(-1, 4).Draw(t, "level"),
				Code:  names.Draw(t, "code"),
			}
		}), 0, 2).Draw(t, label)
	}
	strs := func(label string) []string { return rapid.SliceOfN(names, 0, 2).Draw(t, label) }
	d := escalation.Definition{
		Name:    names.Draw(t, "name"),
		Version: rapid.IntRange(0, 2).Draw(t, "version"),
		Initial: names.Draw(t, "initial"),
		Start:   strs("start"),
	}
	for i := rapid.IntRange(0, 5).Draw(t, "states"); i > 0; i-- {
		d.States = append(d.States, escalation.StateDef{Name: names.Draw(t, "state"), Terminal: rapid.Bool().Draw(t, "terminal"),
			Entry: actions("entry"), Exit: actions("exit")})
	}
	for i := rapid.IntRange(0, 3).Draw(t, "levels"); i > 0; i-- {
		d.Levels = append(d.Levels, escalation.LevelDef{Name: names.Draw(t, "level"), Role: names.Draw(t, "levelrole")})
	}
	for i := rapid.IntRange(0, 4).Draw(t, "timers"); i > 0; i-- {
		d.Timers = append(d.Timers, escalation.TimerDef{
			Name:     names.Draw(t, "timer"),
			Scope:    escalation.Scope(rapid.IntRange(0, 3).Draw(t, "scope")),
			State:    names.Draw(t, "timerstate"),
			Deadline: escalation.TimerSpec{After: durations.Draw(t, "after"), Calendar: rapid.SampledFrom([]string{"", "", "office"}).Draw(t, "calendar")},
			Repeat:   escalation.Repeat{Every: durations.Draw(t, "every"), Times: rapid.IntRange(-1, 2).Draw(t, "times")},
			Actions:  actions("timeractions"),
		})
	}
	for i := rapid.IntRange(0, 2).Draw(t, "counters"); i > 0; i-- {
		d.Counters = append(d.Counters, escalation.CounterDef{Name: names.Draw(t, "counter"), Threshold: rapid.IntRange(-1, 3).Draw(t, "threshold"),
			To: names.Draw(t, "counterto"), Actions: actions("counteractions")})
	}
	for i := rapid.IntRange(0, 8).Draw(t, "transitions"); i > 0; i-- {
		tr := escalation.Transition{
			From: names.Draw(t, "from"), To: names.Draw(t, "to"), Guard: guards.Draw(t, "guard"),
			Actions: actions("actions"), Start: strs("starts"), Stop: strs("stops"), Count: strs("count"), Reset: strs("reset"),
			Reopen: rapid.Bool().Draw(t, "reopen"),
		}
		switch rapid.IntRange(0, 3).Draw(t, "trigger") {
		case 0:
			tr.On = names.Draw(t, "on")
		case 1:
			tr.Timer = names.Draw(t, "bytimer")
		case 2:
			tr.On, tr.Timer = names.Draw(t, "on"), names.Draw(t, "bytimer")
		}
		d.Transitions = append(d.Transitions, tr)
	}
	return d
}

// checkWild: validation never panics, Compile accepts exactly the definitions
// without findings, and a compiled machine runs drawn inputs without failing.
func checkWild(t *rapid.T) {
	d := genWild(t)
	env := escalation.Env{Schema: flagFacts}
	fs := escalation.Validate(d, env)
	for _, f := range fs {
		if f.Code == escalation.CodeInvalid || f.Message == "" {
			t.Fatalf("finding without code or message: %+v", f)
		}
	}
	m, err := escalation.Compile(d, env)
	if (err == nil) != (len(fs) == 0) {
		t.Fatalf("Compile error %v, %d findings", err, len(fs))
	}
	_ = d.Mermaid()
	_ = d.DOT()
	if err != nil {
		return
	}
	res, err := m.Start("wild", t0, escalationtest.GuardFacts().Draw(t, "facts"))
	if err != nil {
		t.Fatal(err)
	}
	st := res.State
	for i, in := range genInputs(t, m.Events(), escalationtest.GuardFacts()) {
		r := escalationtest.Step(t, m, st, in, i)
		escalationtest.CheckResult(t, m, r, st.Now.Add(in.Advance))
		st = r.State
	}
}

func TestPropertyWildDefinitions(t *testing.T) { rapid.Check(t, checkWild) }

// FuzzDefinition drives the same property from fuzzed bytes.
func FuzzDefinition(f *testing.F) { f.Fuzz(rapid.MakeFuzz(checkWild)) }
