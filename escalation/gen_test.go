package escalation_test

import (
	"encoding/json"
	"reflect"
	"strconv"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
)

// tester is what the helpers need of *testing.T and *rapid.T.
type tester interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

var t0 = time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)

// genDefinition draws a definition over the facts of flagFacts: a chain of
// states s0 → s1 → … ending in a terminal state, each link an event or a timer
// (state or named, guarded or not), plus random extra transitions, timers,
// counters and levels. Many drawn definitions fail validation; the properties
// that need valid ones skip the others.
func genDefinition(t *rapid.T) escalation.Definition {
	n := rapid.IntRange(2, 6).Draw(t, "states")
	d := escalation.Definition{Name: "gen", Version: 1, Initial: "s0",
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
			Deadline: escalation.TimerSpec{After: rapid.SampledFrom(offsets).Draw(t, "after")},
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
}

// input is one step of a drawn script: advance the clock, then an event or a
// tick.
type input struct {
	advance time.Duration // how far now moves forward
	lag     time.Duration // how long before now the event happened
	event   string        // "" for a tick
	facts   quality.Facts
}

func genFacts(t *rapid.T) quality.Facts {
	return quality.Facts{"ok": rapid.Bool().Draw(t, "ok"), "cause": rapid.SampledFrom([]string{"human", "equipment"}).Draw(t, "cause")}
}

func genInputs(t *rapid.T, events []string, facts func(*rapid.T) quality.Facts) []input {
	n := rapid.IntRange(0, 25).Draw(t, "inputs")
	out := make([]input, n)
	for i := range out {
		adv := time.Duration(rapid.Int64Range(0, 36*60).Draw(t, "advance")) * time.Minute
		in := input{advance: adv, facts: facts(t)}
		if len(events) > 0 && rapid.IntRange(0, 2).Draw(t, "kind") > 0 {
			in.event = rapid.SampledFrom(events).Draw(t, "event")
			in.lag = time.Duration(rapid.Int64Range(0, int64(adv/time.Minute)).Draw(t, "lag")) * time.Minute
		}
		out[i] = in
	}
	return out
}

// apply runs one input; id numbers the event.
func apply(tb tester, m *escalation.Machine, st escalation.State, in input, id int) escalation.Result {
	tb.Helper()
	now := st.Now.Add(in.advance)
	ev := escalation.Event{Facts: in.facts}
	if in.event != "" {
		ev = escalation.Event{ID: "ev" + strconv.Itoa(id), Name: in.event, At: now.Add(-in.lag), Facts: in.facts}
	}
	res, err := m.Step(st, ev, now)
	if err != nil {
		tb.Fatalf("step %d %+v: %v", id, in, err)
	}
	return res
}

// checkResult holds for every result of every step.
func checkResult(tb tester, m *escalation.Machine, res escalation.Result, now time.Time) {
	tb.Helper()
	if !res.Wake.IsZero() && !res.Wake.After(now) {
		tb.Fatalf("wake %v is not after now %v", res.Wake, now)
	}
	if !res.Wake.Equal(res.State.Wake()) {
		tb.Fatalf("wake %v differs from the state's %v", res.Wake, res.State.Wake())
	}
	for i, a := range res.Actions {
		if a.Lateness < 0 || !a.Due.Add(a.Lateness).Equal(now) {
			tb.Fatalf("action %d: due %v lateness %v now %v", i, a.Due, a.Lateness, now)
		}
		if i > 0 && a.Due.Before(res.Actions[i-1].Due) {
			tb.Fatalf("actions out of due order: %v before %v", res.Actions[i-1].Due, a.Due)
		}
	}
	if m.Terminal(res.State) && len(res.State.Timers) != 0 {
		tb.Fatalf("timers armed in terminal state %s", res.State.Current)
	}
}

// roundTrip marshals and unmarshals a state and requires it unchanged.
func roundTrip(tb tester, st escalation.State) escalation.State {
	tb.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		tb.Fatal(err)
	}
	var back escalation.State
	if err := json.Unmarshal(b, &back); err != nil {
		tb.Fatalf("%v\n%s", err, b)
	}
	if !reflect.DeepEqual(back, st) {
		tb.Fatalf("round trip changed the state:\n%s", cmp.Diff(st, back))
	}
	return back
}
