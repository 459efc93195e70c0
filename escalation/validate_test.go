package escalation_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/escalation/escalationtest"
	"github.com/servq/servq/quality"
)

// flagFacts are the facts guards read in these tests and in the test kit's
// drawn definitions: ok (bool) and cause (string).
var flagFacts = escalationtest.GuardSchema()

// tiny is a valid three-state machine the validation cases break one way each.
func tiny() escalation.Definition {
	return escalation.Definition{
		Name: "tiny", Version: 1, Initial: "a",
		Levels: []escalation.LevelDef{{Name: "l1", Role: "lead"}, {Name: "l2", Role: "head"}},
		States: []escalation.StateDef{{Name: "a"}, {Name: "b"}, {Name: "done", Terminal: true}},
		Timers: []escalation.TimerDef{
			{Name: "ta", Scope: escalation.ScopeState, State: "a", Deadline: escalation.TimerSpec{After: time.Hour}},
		},
		Counters: []escalation.CounterDef{{Name: "n", Threshold: 2}},
		Transitions: []escalation.Transition{
			{From: "a", On: "go", To: "b"},
			{From: "b", On: "finish", To: "done"},
		},
	}
}

func codes(fs []escalation.Finding) []escalation.Code {
	var out []escalation.Code
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestValidationFindings(t *testing.T) {
	env := escalation.Env{Schema: flagFacts}
	cases := []struct {
		name   string
		change func(d *escalation.Definition)
		want   []escalation.Code
		path   string // path of the first finding
	}{
		{"valid", func(d *escalation.Definition) {}, nil, ""},
		{"unreachable state", func(d *escalation.Definition) {
			d.States = append(d.States, escalation.StateDef{Name: "orphan"})
			d.Transitions = append(d.Transitions, escalation.Transition{From: "orphan", On: "finish", To: "done"})
		}, []escalation.Code{escalation.CodeUnreachableState}, "states[3]"},
		{"dead end", func(d *escalation.Definition) {
			d.States = append(d.States, escalation.StateDef{Name: "stuck"})
			d.Transitions = append(d.Transitions, escalation.Transition{From: "a", On: "jam", To: "stuck"})
		}, []escalation.Code{escalation.CodeDeadEnd, escalation.CodeNoTerminal}, "states[3]"},
		{"dead end: only a self-loop", func(d *escalation.Definition) {
			d.Transitions[1] = escalation.Transition{From: "b", On: "poke"}
			d.Transitions = append(d.Transitions, escalation.Transition{From: "a", On: "finish", To: "done"})
		}, []escalation.Code{escalation.CodeDeadEnd, escalation.CodeNoTerminal}, "states[1]"},
		{"dead end: only a guarded timer leads out", func(d *escalation.Definition) {
			d.Timers = append(d.Timers, escalation.TimerDef{Name: "tb", Scope: escalation.ScopeState, State: "b", Deadline: escalation.TimerSpec{After: time.Hour}})
			d.Transitions[1] = escalation.Transition{From: "b", Timer: "tb", Guard: "ok", To: "done"}
		}, []escalation.Code{escalation.CodeDeadEnd}, "states[1]"},
		{"dead end: only a named timer leads out", func(d *escalation.Definition) {
			d.Timers = append(d.Timers, escalation.TimerDef{Name: "nt", Scope: escalation.ScopeNamed, Deadline: escalation.TimerSpec{After: time.Hour}})
			d.Start = []string{"nt"}
			d.Transitions[1] = escalation.Transition{From: "b", Timer: "nt", To: "done"}
		}, []escalation.Code{escalation.CodeDeadEnd}, "states[1]"},
		{"not a dead end: unguarded state timer leads out", func(d *escalation.Definition) {
			d.Timers = append(d.Timers, escalation.TimerDef{Name: "tb", Scope: escalation.ScopeState, State: "b", Deadline: escalation.TimerSpec{After: time.Hour}})
			d.Transitions[1] = escalation.Transition{From: "b", Timer: "tb", To: "done"}
		}, nil, ""},
		{"no terminal state", func(d *escalation.Definition) {
			d.States[2].Terminal = false
			d.Transitions = append(d.Transitions, escalation.Transition{From: "done", On: "again", To: "a"})
		}, []escalation.Code{escalation.CodeNoTerminal}, "states"},
		{"trap: no terminal reachable", func(d *escalation.Definition) {
			d.Transitions[1] = escalation.Transition{From: "b", On: "back", To: "a"}
		}, []escalation.Code{escalation.CodeUnreachableState, escalation.CodeNoTerminal, escalation.CodeNoTerminal}, "states[2]"},
		{"overlapping transitions", func(d *escalation.Definition) {
			d.Transitions = append(d.Transitions, escalation.Transition{From: "a", On: "go", Guard: "ok", To: "done"})
		}, []escalation.Code{escalation.CodeOverlap}, "transitions[2]"},
		{"guarded before unguarded is fine", func(d *escalation.Definition) {
			d.Transitions = slices.Insert(d.Transitions, 0, escalation.Transition{From: "a", On: "go", Guard: "ok", To: "done"})
		}, nil, ""},
		{"timer offsets decrease as levels rise", func(d *escalation.Definition) {
			d.Timers = append(d.Timers,
				escalation.TimerDef{Name: "warn", Scope: escalation.ScopeState, State: "a", Deadline: escalation.TimerSpec{After: 48 * time.Hour},
					Actions: []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 1}}},
				escalation.TimerDef{Name: "alarm", Scope: escalation.ScopeState, State: "a", Deadline: escalation.TimerSpec{After: 24 * time.Hour},
					Actions: []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 2}}})
		}, []escalation.Code{escalation.CodeTimerOrder}, "timers[2].deadline"},
		{"named timers started together in the wrong order", func(d *escalation.Definition) {
			d.Timers = append(d.Timers,
				escalation.TimerDef{Name: "warn", Scope: escalation.ScopeNamed, Deadline: escalation.TimerSpec{After: 300 * time.Hour},
					Actions: []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 1}}},
				escalation.TimerDef{Name: "alarm", Scope: escalation.ScopeNamed, Deadline: escalation.TimerSpec{After: 48 * time.Hour},
					Actions: []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: 2}}})
			d.Transitions[0].Start = []string{"warn", "alarm"}
		}, []escalation.Code{escalation.CodeTimerOrder}, "timers[2].deadline"},
		{"cycle without time passing", func(d *escalation.Definition) {
			d.Timers = append(d.Timers, escalation.TimerDef{Name: "tb", Scope: escalation.ScopeState, State: "b"})
			d.Timers[0].Deadline.After = 0
			d.Transitions = append(d.Transitions,
				escalation.Transition{From: "a", Timer: "ta", To: "b"},
				escalation.Transition{From: "b", Timer: "tb", To: "a"})
		}, []escalation.Code{escalation.CodeInstantCycle, escalation.CodeUnboundedRepeat}, "states[0]"},
		{"repeat with a zero interval", func(d *escalation.Definition) {
			d.Timers[0].Repeat = escalation.Repeat{Times: 3}
		}, []escalation.Code{escalation.CodeInstantCycle}, "timers[0].repeat"},
		{"unbounded repeat", func(d *escalation.Definition) {
			d.Timers[0].Repeat = escalation.Repeat{Every: time.Hour}
		}, []escalation.Code{escalation.CodeUnboundedRepeat}, "timers[0].repeat"},
		{"bounded repeat", func(d *escalation.Definition) {
			d.Timers[0].Repeat = escalation.Repeat{Every: time.Hour, Times: 3}
		}, nil, ""},
		{"timers alone loop forever", func(d *escalation.Definition) {
			d.Timers = append(d.Timers, escalation.TimerDef{Name: "tb", Scope: escalation.ScopeState, State: "b", Deadline: escalation.TimerSpec{After: time.Hour}})
			d.Transitions = append(d.Transitions,
				escalation.Transition{From: "a", Timer: "ta", To: "b"},
				escalation.Transition{From: "b", Timer: "tb", To: "a"})
		}, []escalation.Code{escalation.CodeUnboundedRepeat}, "states[0]"},
		{"timer loop bounded by a counter", func(d *escalation.Definition) {
			d.Timers = append(d.Timers, escalation.TimerDef{Name: "tb", Scope: escalation.ScopeState, State: "b", Deadline: escalation.TimerSpec{After: time.Hour}})
			d.Counters[0].To = "done"
			d.Transitions = append(d.Transitions,
				escalation.Transition{From: "a", Timer: "ta", To: "b", Count: []string{"n"}},
				escalation.Transition{From: "b", Timer: "tb", To: "a"})
		}, nil, ""},
		{"counter bound undone by a reset", func(d *escalation.Definition) {
			d.Timers = append(d.Timers, escalation.TimerDef{Name: "tb", Scope: escalation.ScopeState, State: "b", Deadline: escalation.TimerSpec{After: time.Hour}})
			d.Counters[0].To = "done"
			d.Transitions = append(d.Transitions,
				escalation.Transition{From: "a", Timer: "ta", To: "b", Count: []string{"n"}},
				escalation.Transition{From: "b", Timer: "tb", To: "a", Reset: []string{"n"}})
		}, []escalation.Code{escalation.CodeUnboundedRepeat}, "states[0]"},
		{"named timer restarting itself", func(d *escalation.Definition) {
			d.Timers = append(d.Timers, escalation.TimerDef{Name: "nag", Scope: escalation.ScopeNamed, Deadline: escalation.TimerSpec{After: time.Hour}})
			d.Start = []string{"nag"}
			d.Transitions = append(d.Transitions, escalation.Transition{From: "b", Timer: "nag", Start: []string{"nag"}})
		}, []escalation.Code{escalation.CodeUnboundedRepeat}, "states[1]"},
		{"guard: unknown fact", func(d *escalation.Definition) {
			d.Transitions[0].Guard = "okk"
		}, []escalation.Code{escalation.CodeRuleType}, "transitions[0].guard"},
		{"guard: not a bool", func(d *escalation.Definition) {
			d.Transitions[0].Guard = "cause"
		}, []escalation.Code{escalation.CodeRuleType}, "transitions[0].guard"},
		{"guard: type error", func(d *escalation.Definition) {
			d.Transitions[0].Guard = `cause > 3`
		}, []escalation.Code{escalation.CodeRuleType}, "transitions[0].guard"},
		{"bad names and duplicates", func(d *escalation.Definition) {
			d.Name = "9lives"
			d.States = append(d.States, escalation.StateDef{Name: "a"})
		}, []escalation.Code{escalation.CodeMalformed, escalation.CodeMalformed}, "name"},
		{"no version", func(d *escalation.Definition) { d.Version = 0 }, []escalation.Code{escalation.CodeMalformed}, "version"},
		{"unknown references", func(d *escalation.Definition) {
			d.Initial = "start"
			d.Transitions[0].To = "bee"
			d.Transitions[1].Count = []string{"m"}
			d.Transitions[1].Start = []string{"ta"}
		}, []escalation.Code{escalation.CodeMalformed, escalation.CodeMalformed, escalation.CodeMalformed, escalation.CodeMalformed}, "initial"},
		{"bad actions", func(d *escalation.Definition) {
			d.Transitions[0].Actions = []escalation.Action{
				{Kind: escalation.ActionNotify},
				{Kind: escalation.ActionRaiseLevel, Level: 3},
				{Kind: escalation.ActionCompensate},
				{},
			}
		}, []escalation.Code{escalation.CodeMalformed, escalation.CodeMalformed, escalation.CodeMalformed, escalation.CodeMalformed}, "transitions[0].actions[0].role"},
		{"timer faults", func(d *escalation.Definition) {
			d.Timers = append(d.Timers,
				escalation.TimerDef{Name: "x", Scope: escalation.ScopeNamed, State: "a"},
				escalation.TimerDef{Name: "y", State: "a"},
				escalation.TimerDef{Name: "z", Scope: escalation.ScopeState, State: "done"},
				escalation.TimerDef{Name: "w", Scope: escalation.ScopeNamed, Deadline: escalation.TimerSpec{Calendar: "office", After: -time.Hour}})
		}, []escalation.Code{escalation.CodeMalformed, escalation.CodeMalformed, escalation.CodeMalformed, escalation.CodeMalformed, escalation.CodeMalformed}, "timers[1].state"},
		{"state timer used from another state", func(d *escalation.Definition) {
			d.Transitions = append(d.Transitions, escalation.Transition{From: "b", Timer: "ta", To: "done"})
		}, []escalation.Code{escalation.CodeMalformed}, "transitions[2].timer"},
		{"both trigger kinds", func(d *escalation.Definition) {
			d.Transitions[0].Timer = "ta"
		}, []escalation.Code{escalation.CodeMalformed}, "transitions[0]"},
		{"transition out of a terminal state", func(d *escalation.Definition) {
			d.Transitions = append(d.Transitions, escalation.Transition{From: "done", On: "again", To: "a"})
		}, []escalation.Code{escalation.CodeMalformed}, "transitions[2].from"},
		{"counter threshold zero", func(d *escalation.Definition) { d.Counters[0].Threshold = 0 }, []escalation.Code{escalation.CodeMalformed}, "counters[0].threshold"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := tiny()
			tc.change(&d)
			fs := escalation.Validate(d, env)
			if !slices.Equal(codes(fs), tc.want) {
				t.Fatalf("codes %v, want %v\n%v", codes(fs), tc.want, fs)
			}
			if len(fs) > 0 && fs[0].Path != tc.path {
				t.Errorf("first path %q, want %q", fs[0].Path, tc.path)
			}
			_, err := escalation.Compile(d, env)
			if (err != nil) != (len(tc.want) > 0) {
				t.Fatalf("Compile error %v with findings %v", err, fs)
			}
			if err == nil {
				return
			}
			var ve *escalation.ValidationError
			if !errors.Is(err, escalation.ErrInvalidDefinition) || !errors.As(err, &ve) || len(ve.Findings) != len(fs) {
				t.Errorf("Compile error %v does not wrap the findings", err)
			}
			if !strings.HasPrefix(err.Error(), "escalation: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestRuleTypeFindingWrapsQualityError(t *testing.T) {
	d := tiny()
	d.Transitions[0].Guard = "okk"
	_, err := escalation.Compile(d, escalation.Env{Schema: flagFacts})
	var qe *quality.Error
	if !errors.As(err, &qe) || !errors.Is(err, quality.ErrUnknownName) {
		t.Fatalf("error %v does not wrap the quality error", err)
	}
	if qe.Line != 1 || qe.Column != 1 {
		t.Errorf("place %d:%d", qe.Line, qe.Column)
	}
}

func TestCodesAreStable(t *testing.T) {
	want := map[escalation.Code]string{
		escalation.CodeMalformed:        "malformed",
		escalation.CodeUnreachableState: "unreachable-state",
		escalation.CodeDeadEnd:          "dead-end",
		escalation.CodeNoTerminal:       "no-reachable-terminal",
		escalation.CodeOverlap:          "overlapping-transitions",
		escalation.CodeTimerOrder:       "decreasing-timer-offsets",
		escalation.CodeInstantCycle:     "cycle-without-time",
		escalation.CodeUnboundedRepeat:  "unbounded-repeat",
		escalation.CodeRuleType:         "rule-type-error",
		escalation.CodeUnmappedState:    "unmapped-state",
	}
	for c, name := range want {
		if c.String() != name {
			t.Errorf("%d: %q, want %q", c, c.String(), name)
		}
		var back escalation.Code
		if err := back.UnmarshalText([]byte(name)); err != nil || back != c {
			t.Errorf("%q: %v %v", name, back, err)
		}
	}
	if escalation.CodeInvalid.String() != "invalid" {
		t.Error("zero code")
	}
	if _, err := escalation.CodeInvalid.MarshalText(); err == nil {
		t.Error("the zero code marshals")
	}
}

func TestCompileCopiesTheDefinition(t *testing.T) {
	d := tiny()
	m := mustCompile(d, flagFacts)
	d.States[0].Name = "changed"
	d.Transitions[0].To = "done"
	if got := m.Definition(); got.States[0].Name != "a" || got.Transitions[0].To != "b" {
		t.Errorf("machine changed with its definition: %+v", got.States[0])
	}
}
