package escalationtest

import (
	"slices"
	"strconv"
	"time"

	"pgregory.net/rapid"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
)

var guardSchema = quality.MustSchema(
	quality.Field{Name: "ok", Kind: quality.KindBool, Doc: "a yes/no fact guards test"},
	quality.Field{Name: "cause", Kind: quality.KindString, Doc: `"human" or "equipment"`},
)

// GuardSchema declares the facts that the guards of drawn definitions read:
// ok (bool) and cause (string: "human" or "equipment").
func GuardSchema() *quality.Schema { return guardSchema }

// GuardFacts draws facts for GuardSchema.
func GuardFacts() *rapid.Generator[quality.Facts] {
	return rapid.Custom(func(t *rapid.T) quality.Facts {
		return quality.Facts{"ok": rapid.Bool().Draw(t, "ok"), "cause": rapid.SampledFrom([]string{"human", "equipment"}).Draw(t, "cause")}
	})
}

// DefinitionOptions tunes Definitions and Machines.
type DefinitionOptions struct {
	// Calendars are the names of calendars timers may count working time on,
	// besides "" (round the clock); Machines takes them from its Env.
	Calendars []string
}

// Definitions draws escalation definitions over GuardSchema's facts: a chain
// of two to six states from s0 to a terminal state, each link an event
// ("e0" to "e2") or a timer (state or named, guarded or not, repeating or
// not), other states terminal now and then, and up to six more transitions
// (events e0 to e3, timers, guards, starts and stops of named timers,
// counters, reopenings), up to two more timers, up to two counters with
// thresholds, and three warning levels. Offsets are 0, 1 min, 30 min, 1 h and
// 24 h. Many drawn definitions fail validation (a dead end, a loop without
// time): they are what a policy writer might write. Machines draws only
// valid ones.
func Definitions(o DefinitionOptions) *rapid.Generator[escalation.Definition] {
	calendars := append([]string{""}, o.Calendars...)
	return rapid.Custom(func(t *rapid.T) escalation.Definition {
		n := rapid.IntRange(2, 6).Draw(t, "states")
		d := escalation.Definition{Name: "drawn", Version: 1, Initial: "s0",
			Levels: []escalation.LevelDef{{Name: "l1", Role: "lead"}, {Name: "l2", Role: "head"}, {Name: "l3", Role: "chief"}}}
		state := func(i int) string { return "s" + strconv.Itoa(i) }
		for i := 0; i < n; i++ {
			d.States = append(d.States, escalation.StateDef{Name: state(i), Terminal: i == n-1 || (i > 0 && rapid.IntRange(0, 5).Draw(t, "terminal") == 0)})
		}
		offsets := []time.Duration{0, time.Minute, 30 * time.Minute, time.Hour, 24 * time.Hour}
		action := func(label string) []escalation.Action {
			switch rapid.IntRange(0, 3).Draw(t, label) {
			case 0:
				return nil
			case 1:
				return []escalation.Action{{Kind: escalation.ActionNotify, Role: "lead"}}
			default:
				return []escalation.Action{{Kind: escalation.ActionRaiseLevel, Level: rapid.IntRange(1, 3).Draw(t, label+"level")}}
			}
		}
		guards := []string{"", "", "ok", "!ok", `cause == "human"`}
		nTimers := 0
		newTimer := func(scope escalation.Scope, st string) string {
			name := "t" + strconv.Itoa(nTimers)
			nTimers++
			tm := escalation.TimerDef{Name: name, Scope: scope, State: st,
				Deadline: escalation.TimerSpec{After: rapid.SampledFrom(offsets).Draw(t, "after"), Calendar: rapid.SampledFrom(calendars).Draw(t, "calendar")},
				Actions:  action("timeraction")}
			if rapid.IntRange(0, 4).Draw(t, "repeats") == 0 {
				tm.Repeat = escalation.Repeat{Every: time.Hour, Times: rapid.IntRange(1, 3).Draw(t, "times")}
			}
			if scope == escalation.ScopeNamed {
				tm.State = ""
			}
			d.Timers = append(d.Timers, tm)
			return name
		}
		var open []string // non-terminal states
		for _, s := range d.States {
			if !s.Terminal {
				open = append(open, s.Name)
			}
		}
		var named []string
		for i := 0; i+1 < n; i++ {
			if d.States[i].Terminal {
				continue
			}
			tr := escalation.Transition{From: state(i), To: state(i + 1), Actions: action("chainaction")}
			switch rapid.IntRange(0, 4).Draw(t, "link") {
			case 0, 1:
				tr.On = "e" + strconv.Itoa(rapid.IntRange(0, 2).Draw(t, "event"))
			case 2:
				tr.Timer = newTimer(escalation.ScopeState, state(i))
			case 3:
				tr.Timer = newTimer(escalation.ScopeState, state(i))
				tr.Guard = rapid.SampledFrom(guards).Draw(t, "guard")
			default:
				tr.Timer = newTimer(escalation.ScopeNamed, "")
				named = append(named, tr.Timer)
				d.Start = append(d.Start, tr.Timer)
			}
			d.Transitions = append(d.Transitions, tr)
		}
		for k := rapid.IntRange(0, 2).Draw(t, "extratimers"); k > 0; k-- {
			if rapid.Bool().Draw(t, "namedextra") {
				named = append(named, newTimer(escalation.ScopeNamed, ""))
			} else {
				newTimer(escalation.ScopeState, rapid.SampledFrom(open).Draw(t, "timerstate"))
			}
		}
		nCounters := rapid.IntRange(0, 2).Draw(t, "counters")
		for c := 0; c < nCounters; c++ {
			cd := escalation.CounterDef{Name: "c" + strconv.Itoa(c), Threshold: rapid.IntRange(1, 3).Draw(t, "threshold"), Actions: action("counteraction")}
			if rapid.Bool().Draw(t, "counterto") {
				cd.To = state(rapid.IntRange(0, n-1).Draw(t, "counterstate"))
			}
			d.Counters = append(d.Counters, cd)
		}
		for k := rapid.IntRange(0, 6).Draw(t, "extra"); k > 0; k-- {
			tr := escalation.Transition{
				From:    rapid.SampledFrom(open).Draw(t, "from"),
				Guard:   rapid.SampledFrom(guards).Draw(t, "guard"),
				Actions: action("extraaction"),
				Reopen:  rapid.IntRange(0, 3).Draw(t, "reopen") == 0,
			}
			if rapid.IntRange(0, 3).Draw(t, "stay") > 0 {
				tr.To = state(rapid.IntRange(0, n-1).Draw(t, "to"))
			}
			if nTimers > 0 && rapid.IntRange(0, 2).Draw(t, "bytimer") == 0 {
				tm := d.Timers[rapid.IntRange(0, nTimers-1).Draw(t, "timer")]
				tr.Timer = tm.Name
				if tm.Scope == escalation.ScopeState {
					tr.From = tm.State
				}
			} else {
				tr.On = "e" + strconv.Itoa(rapid.IntRange(0, 3).Draw(t, "event"))
			}
			if len(named) > 0 && rapid.IntRange(0, 2).Draw(t, "starts") == 0 {
				tr.Start = []string{rapid.SampledFrom(named).Draw(t, "start")}
			}
			if len(named) > 0 && rapid.IntRange(0, 3).Draw(t, "stops") == 0 {
				tr.Stop = []string{rapid.SampledFrom(named).Draw(t, "stop")}
			}
			if nCounters > 0 && rapid.IntRange(0, 2).Draw(t, "counts") == 0 {
				tr.Count = []string{"c" + strconv.Itoa(rapid.IntRange(0, nCounters-1).Draw(t, "count"))}
			}
			if nCounters > 0 && rapid.IntRange(0, 4).Draw(t, "resets") == 0 {
				tr.Reset = []string{"c" + strconv.Itoa(rapid.IntRange(0, nCounters-1).Draw(t, "reset"))}
			}
			d.Transitions = append(d.Transitions, tr)
		}
		return d
	})
}

// maxTries bounds the definitions Machines draws before it gives up.
const maxTries = 1000

// Machines draws valid machines: definitions from Definitions (timers on
// the calendars of env, sorted by name) that Compile accepts under env.
// A nil env.Schema means GuardSchema; a schema given must declare ok and
// cause as GuardSchema does.
func Machines(env escalation.Env) *rapid.Generator[*escalation.Machine] {
	if env.Schema == nil {
		env.Schema = guardSchema
	}
	var names []string
	for name := range env.Calendars {
		if name != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	defs := Definitions(DefinitionOptions{Calendars: names})
	return rapid.Custom(func(t *rapid.T) *escalation.Machine {
		for range maxTries {
			if m, err := escalation.Compile(defs.Draw(t, "definition"), env); err == nil {
				return m
			}
		}
		t.Fatalf("escalationtest: no valid definition in %d draws", maxTries)
		return nil
	})
}

// Input is one step of a drawn script: the clock moves forward by Advance,
// then Event (empty for a tick) happens Lag before the new now, with Facts.
type Input struct {
	Advance time.Duration
	Lag     time.Duration
	Event   string
	Facts   quality.Facts
}

// Inputs draws scripts of up to 25 steps: the clock moves forward by up to
// 36 hours (to the minute) each step, and two steps in three bring one of
// events (if any), which happened up to that much before the step's now;
// the others are ticks. Facts are drawn for every step.
func Inputs(events []string, facts *rapid.Generator[quality.Facts]) *rapid.Generator[[]Input] {
	return rapid.Custom(func(t *rapid.T) []Input {
		n := rapid.IntRange(0, 25).Draw(t, "inputs")
		out := make([]Input, n)
		for i := range out {
			adv := time.Duration(rapid.Int64Range(0, 36*60).Draw(t, "advance")) * time.Minute
			in := Input{Advance: adv, Facts: facts.Draw(t, "facts")}
			if len(events) > 0 && rapid.IntRange(0, 2).Draw(t, "kind") > 0 {
				in.Event = rapid.SampledFrom(events).Draw(t, "event")
				in.Lag = time.Duration(rapid.Int64Range(0, int64(adv/time.Minute)).Draw(t, "lag")) * time.Minute
			}
			out[i] = in
		}
		return out
	})
}

// Step applies one input to st: now is st.Now plus in.Advance, and the
// event's id is "ev" and n. It fails tb on an error.
func Step(tb qualitytest.TB, m *escalation.Machine, st escalation.State, in Input, n int) escalation.Result {
	tb.Helper()
	now := st.Now.Add(in.Advance)
	ev := escalation.Event{Facts: in.Facts}
	if in.Event != "" {
		ev = escalation.Event{ID: "ev" + strconv.Itoa(n), Name: in.Event, At: now.Add(-in.Lag), Facts: in.Facts}
	}
	res, err := m.Step(st, ev, now)
	if err != nil {
		tb.Fatalf("escalationtest: step %d %+v: %v", n, in, err)
	}
	return res
}

// CheckResult reports through tb any of the promises a step's result breaks:
// the wake-up is after now (or zero) and equals the state's; every action's
// due instant plus its lateness is now, lateness is not negative, and actions
// come in due order; a terminal state has no armed timer.
func CheckResult(tb qualitytest.TB, m *escalation.Machine, res escalation.Result, now time.Time) {
	tb.Helper()
	if !res.Wake.IsZero() && !res.Wake.After(now) {
		tb.Errorf("wake-up %v is not after now %v", res.Wake, now)
	}
	if !res.Wake.Equal(res.State.Wake()) {
		tb.Errorf("wake-up %v differs from the state's %v", res.Wake, res.State.Wake())
	}
	for i, a := range res.Actions {
		if a.Lateness < 0 || !a.Due.Add(a.Lateness).Equal(now) {
			tb.Errorf("action %d (%v): due %v, lateness %v, now %v", i, a.Action, a.Due, a.Lateness, now)
		}
		if i > 0 && a.Due.Before(res.Actions[i-1].Due) {
			tb.Errorf("actions out of due order: %v before %v", res.Actions[i-1].Due, a.Due)
		}
	}
	if m.Terminal(res.State) && len(res.State.Timers) != 0 {
		tb.Errorf("timers armed in the terminal state %s", res.State.Current)
	}
}

// FromSLA turns a work order's clock events (such as slatest.Order.Events)
// into escalation events with the same ids, names, instants and facts, so that
// one fixture drives an order's clocks and its escalation machine.
func FromSLA(events []sla.Event) []escalation.Event {
	out := make([]escalation.Event, len(events))
	for i, e := range events {
		out[i] = escalation.Event{ID: e.ID, Name: e.Name, At: e.At, Facts: e.Facts}
	}
	return out
}
