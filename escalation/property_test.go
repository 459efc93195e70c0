package escalation_test

import (
	"encoding/json"
	"reflect"
	"strconv"
	"testing"
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

type drawnMachine struct {
	m      *escalation.Machine
	events []string
	facts  func(*rapid.T) quality.Facts
}

func complaintFactsGen(t *rapid.T) quality.Facts {
	return quality.Facts{
		"invalid": rapid.IntRange(0, 5).Draw(t, "invalid") == 0, "provincial": rapid.Bool().Draw(t, "provincial"),
		"cause": rapid.SampledFrom([]string{"human", "equipment", "customer"}).Draw(t, "cause"),
		"major": rapid.Bool().Draw(t, "major"), "common": rapid.Bool().Draw(t, "common"), "satisfied": rapid.Bool().Draw(t, "satisfied"),
	}
}

// genMachine draws one of the shipped machines or a valid drawn definition.
func genMachine(t *rapid.T) drawnMachine {
	switch rapid.IntRange(0, 5).Draw(t, "machine") {
	case 0:
		m := mustCompile(complaintLine(), complaintFacts)
		return drawnMachine{m, m.Events(), complaintFactsGen}
	case 1:
		m := mustCompile(afterSalesOverdue(), noFacts)
		return drawnMachine{m, m.Events(), func(*rapid.T) quality.Facts { return nil }}
	case 2:
		m := mustCompile(dispatchOrder(), noFacts)
		return drawnMachine{m, m.Events(), func(*rapid.T) quality.Facts { return nil }}
	case 3:
		m := mustCompile(repairLoop(), repairFacts)
		return drawnMachine{m, m.Events(), func(t *rapid.T) quality.Facts { return quality.Facts{"satisfied": rapid.Bool().Draw(t, "satisfied")} }}
	}
	for {
		d := genDefinition(t)
		m, err := escalation.Compile(d, escalation.Env{Schema: flagFacts})
		if err == nil {
			return drawnMachine{m, append(m.Events(), "e3"), genFacts}
		}
	}
}

// TestPropertyRuns drives machines with drawn scripts and checks after every
// step: the wake-up is after now; actions come in due order with exact
// lateness; a JSON round trip keeps the state and the next step identical; a
// repeated event does nothing.
func TestPropertyRuns(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dm := genMachine(t)
		known := map[string]bool{}
		for _, e := range dm.m.Events() {
			known[e] = true
		}
		res, err := dm.m.Start("order-1", t0, dm.facts(t))
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, dm.m, res, t0)
		st := res.State
		for i, in := range genInputs(t, dm.events, dm.facts) {
			if in.event != "" && !known[in.event] {
				continue
			}
			now := st.Now.Add(in.advance)
			res := apply(t, dm.m, st, in, i)
			checkResult(t, dm.m, res, now)
			// After a JSON round trip, the same step gives the same result.
			back := roundTrip(t, st)
			again := apply(t, dm.m, back, in, i)
			if diff := cmp.Diff(res, again); diff != "" {
				t.Fatalf("step after a round trip differs:\n%s", diff)
			}
			// Idempotence: the same event again at the same now does nothing.
			if in.event != "" {
				rep := apply(t, dm.m, res.State, input{event: in.event, lag: in.lag, facts: in.facts}, i)
				if rep.Status != escalation.StatusRepeated && rep.Status != escalation.StatusStale {
					t.Fatalf("repeated event: status %v", rep.Status)
				}
				if len(rep.Actions) != 0 || !reflect.DeepEqual(rep.State, res.State) {
					t.Fatalf("repeated event changed something: %v\n%s", rep.Actions, cmp.Diff(res.State, rep.State))
				}
			}
			st = res.State
		}
	})
}

// TestPropertyCatchUp: one late step equals stepping at every wake-up in
// between (same state, same actions with the same ids and due instants; only
// the lateness differs).
func TestPropertyCatchUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dm := genMachine(t)
		res, err := dm.m.Start("order-2", t0, dm.facts(t))
		if err != nil {
			t.Fatal(err)
		}
		st := res.State
		known := map[string]bool{}
		for _, e := range dm.m.Events() {
			known[e] = true
		}
		for i, in := range genInputs(t, dm.events, dm.facts) {
			if in.event != "" && !known[in.event] {
				continue
			}
			st = apply(t, dm.m, st, in, i).State
		}
		gap := time.Duration(rapid.Int64Range(0, 40*24*60).Draw(t, "gap")) * time.Minute
		end := st.Now.Add(gap)
		facts := dm.facts(t)
		ev := escalation.Event{Facts: facts}
		if evs := dm.m.Events(); len(evs) > 0 && rapid.Bool().Draw(t, "withevent") {
			lag := time.Duration(rapid.Int64Range(0, int64(gap/time.Minute)).Draw(t, "lag")) * time.Minute
			ev = escalation.Event{ID: "late", Name: rapid.SampledFrom(evs).Draw(t, "event"), At: end.Add(-lag), Facts: facts}
		}
		// One late step.
		late, err := dm.m.Step(st, ev, end)
		if err != nil {
			t.Fatal(err)
		}
		// A punctual host: a tick at every wake-up up to the event's instant,
		// the event at its instant, then a tick at every wake-up up to end.
		var punctual []escalation.Emitted
		cur := st
		tickUntil := func(limit time.Time) {
			for w := cur.Wake(); !w.IsZero() && !w.After(limit); w = cur.Wake() {
				r, err := dm.m.Tick(cur, w, facts)
				if err != nil {
					t.Fatal(err)
				}
				punctual = append(punctual, r.Actions...)
				cur = r.State
			}
		}
		if ev.Name != "" {
			tickUntil(ev.At)
			r, err := dm.m.Step(cur, ev, ev.At)
			if err != nil {
				t.Fatal(err)
			}
			punctual = append(punctual, r.Actions...)
			cur = r.State
		}
		tickUntil(end)
		r, err := dm.m.Tick(cur, end, facts)
		if err != nil {
			t.Fatal(err)
		}
		punctual = append(punctual, r.Actions...)
		cur = r.State
		if diff := cmp.Diff(late.State, cur); diff != "" {
			t.Fatalf("states differ (late vs punctual):\n%s", diff)
		}
		strip := func(as []escalation.Emitted) []escalation.Emitted {
			out := make([]escalation.Emitted, len(as))
			for i, a := range as {
				a.Lateness, a.Cause = 0, 0
				out[i] = a
			}
			return out
		}
		if diff := cmp.Diff(strip(late.Actions), strip(punctual)); diff != "" {
			t.Fatalf("actions differ (late vs punctual):\n%s", diff)
		}
	})
}

// TestPropertyValidDefinitionsNeverStall: in a definition that passes
// validation, an order outside a terminal state always has a wake-up or an
// event it accepts.
func TestPropertyValidDefinitionsNeverStall(t *testing.T) {
	drawn, valid := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		var m *escalation.Machine
		for m == nil {
			drawn++
			if drawn > 100*(valid+1) {
				t.Skip("no valid definition drawn")
			}
			if c, err := escalation.Compile(genDefinition(t), escalation.Env{Schema: flagFacts}); err == nil {
				m = c
			}
		}
		valid++
		res, err := m.Start("order-3", t0, genFacts(t))
		if err != nil {
			t.Fatal(err)
		}
		st := res.State
		stalled := func(st escalation.State) bool {
			return !m.Terminal(st) && st.Wake().IsZero() && len(m.Accepts(st)) == 0
		}
		if stalled(st) {
			t.Fatalf("stalled at start in %s", st.Current)
		}
		for i, in := range genInputs(t, m.Events(), genFacts) {
			r := apply(t, m, st, in, i)
			checkResult(t, m, r, st.Now.Add(in.advance))
			st = r.State
			if stalled(st) {
				t.Fatalf("stalled in %s after %d steps", st.Current, i+1)
			}
		}
	})
	if valid < 50 {
		t.Errorf("only %d of %d drawn definitions were valid: the property was barely exercised", valid, drawn)
	}
	t.Logf("%d valid of %d definitions drawn", valid, drawn)
}

// dispatchModel is the general manager's dispatch order in a few lines: the
// reference the rapid state machine test checks the machine against.
type dispatchModel struct {
	state    string // idle, awaiting, removed
	deadline time.Time
	misses   int
	now      time.Time
}

// advance fires the model's reply deadline if it is due by t.
func (md *dispatchModel) advance(t time.Time) (fired int) {
	if md.state == "awaiting" && !md.deadline.After(t) {
		md.misses++
		fired = 1
		md.state = "idle"
		if md.misses >= 3 {
			md.state = "removed"
		}
	}
	return fired
}

func TestDispatchOrderStateMachine(t *testing.T) {
	m := mustCompile(dispatchOrder(), noFacts)
	rapid.Check(t, func(t *rapid.T) {
		res, err := m.Start("head", t0, nil)
		if err != nil {
			t.Fatal(err)
		}
		st := res.State
		model := dispatchModel{state: "idle", now: t0}
		n := 0
		send := func(t *rapid.T, name string) {
			adv := time.Duration(rapid.Int64Range(0, 30*60).Draw(t, "advance")) * time.Minute
			lag := time.Duration(rapid.Int64Range(0, int64(adv/time.Minute)).Draw(t, "lag")) * time.Minute
			now := model.now.Add(adv)
			at := now.Add(-lag)
			n++
			res, err := m.Step(st, escalation.Event{ID: strconv.Itoa(n), Name: name, At: at}, now)
			if err != nil {
				t.Fatal(err)
			}
			fired := model.advance(at)
			switch {
			case name == "order" && model.state == "idle":
				model.state, model.deadline = "awaiting", at.Add(24*time.Hour)
			case name == "reply" && model.state == "awaiting":
				model.state = "idle"
			}
			fired += model.advance(now)
			model.now = now
			misses := 0
			for _, a := range res.Actions {
				if a.Action.Kind == escalation.ActionNotify {
					misses++
				}
			}
			if misses != fired {
				t.Fatalf("%s: %d miss notices, model fired %d", name, misses, fired)
			}
			st = res.State
		}
		t.Repeat(map[string]func(*rapid.T){
			"order": func(t *rapid.T) { send(t, "order") },
			"reply": func(t *rapid.T) { send(t, "reply") },
			"tick": func(t *rapid.T) {
				now := model.now.Add(time.Duration(rapid.Int64Range(0, 48*60).Draw(t, "advance")) * time.Minute)
				res, err := m.Tick(st, now, nil)
				if err != nil {
					t.Fatal(err)
				}
				fired := model.advance(now)
				model.now = now
				if len(res.Actions) < fired {
					t.Fatalf("tick: %d actions, model fired %d", len(res.Actions), fired)
				}
				st = res.State
			},
			"restart": func(t *rapid.T) { st = roundTrip(t, st) },
			"": func(t *rapid.T) {
				if st.Current != model.state || st.Counter("misses") != model.misses {
					t.Fatalf("machine %s misses %d, model %s misses %d", st.Current, st.Counter("misses"), model.state, model.misses)
				}
				want := time.Time{}
				if model.state == "awaiting" {
					want = model.deadline.UTC()
				}
				if !st.Wake().Equal(want) {
					t.Fatalf("wake %v, model %v", st.Wake(), want)
				}
			},
		})
	})
}
