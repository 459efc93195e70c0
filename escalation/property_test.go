package escalation_test

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/escalation/escalationtest"
	"github.com/servq/servq/quality"
)

type drawnMachine struct {
	m      *escalation.Machine
	events []string
	facts  *rapid.Generator[quality.Facts]
}

var complaintFactsGen = rapid.Custom(func(t *rapid.T) quality.Facts {
	return quality.Facts{
		"invalid": rapid.IntRange(0, 5).Draw(t, "invalid") == 0, "provincial": rapid.Bool().Draw(t, "provincial"),
		"cause": rapid.SampledFrom([]string{"human", "equipment", "customer"}).Draw(t, "cause"),
		"major": rapid.Bool().Draw(t, "major"), "common": rapid.Bool().Draw(t, "common"), "satisfied": rapid.Bool().Draw(t, "satisfied"),
	}
})

// genMachine draws one of the shipped machines or a valid drawn definition.
func genMachine(t *rapid.T) drawnMachine {
	switch rapid.IntRange(0, 5).Draw(t, "machine") {
	case 0:
		m := mustCompile(complaintLine(), complaintFacts)
		return drawnMachine{m, m.Events(), complaintFactsGen}
	case 1:
		m := mustCompile(afterSalesOverdue(), noFacts)
		return drawnMachine{m, m.Events(), rapid.Just(quality.Facts(nil))}
	case 2:
		m := mustCompile(dispatchOrder(), noFacts)
		return drawnMachine{m, m.Events(), rapid.Just(quality.Facts(nil))}
	case 3:
		m := mustCompile(repairLoop(), repairFacts)
		return drawnMachine{m, m.Events(), rapid.Custom(func(t *rapid.T) quality.Facts { return quality.Facts{"satisfied": rapid.Bool().Draw(t, "satisfied")} })}
	}
	m := escalationtest.Machines(escalation.Env{Schema: flagFacts}).Draw(t, "machine")
	return drawnMachine{m, append(m.Events(), "e3"), escalationtest.GuardFacts()}
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
		res, err := dm.m.Start("order-1", t0, dm.facts.Draw(t, "facts"))
		if err != nil {
			t.Fatal(err)
		}
		escalationtest.CheckResult(t, dm.m, res, t0)
		st := res.State
		for i, in := range genInputs(t, dm.events, dm.facts) {
			if in.Event != "" && !known[in.Event] {
				continue
			}
			now := st.Now.Add(in.Advance)
			res := escalationtest.Step(t, dm.m, st, in, i)
			escalationtest.CheckResult(t, dm.m, res, now)
			// After a JSON round trip, the same step gives the same result.
			back := roundTrip(t, st)
			again := escalationtest.Step(t, dm.m, back, in, i)
			if diff := cmp.Diff(res, again); diff != "" {
				t.Fatalf("step after a round trip differs:\n%s", diff)
			}
			// Idempotence: the same event again at the same now does nothing.
			if in.Event != "" {
				rep := escalationtest.Step(t, dm.m, res.State, escalationtest.Input{Event: in.Event, Lag: in.Lag, Facts: in.Facts}, i)
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
		res, err := dm.m.Start("order-2", t0, dm.facts.Draw(t, "facts"))
		if err != nil {
			t.Fatal(err)
		}
		st := res.State
		known := map[string]bool{}
		for _, e := range dm.m.Events() {
			known[e] = true
		}
		for i, in := range genInputs(t, dm.events, dm.facts) {
			if in.Event != "" && !known[in.Event] {
				continue
			}
			st = escalationtest.Step(t, dm.m, st, in, i).State
		}
		gap := time.Duration(rapid.Int64Range(0, 40*24*60).Draw(t, "gap")) * time.Minute
		end := st.Now.Add(gap)
		facts := dm.facts.Draw(t, "facts")
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
			if c, err := escalation.Compile(definitions.Draw(t, "definition"), escalation.Env{Schema: flagFacts}); err == nil {
				m = c
			}
		}
		valid++
		res, err := m.Start("order-3", t0, escalationtest.GuardFacts().Draw(t, "facts"))
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
		for i, in := range genInputs(t, m.Events(), escalationtest.GuardFacts()) {
			r := escalationtest.Step(t, m, st, in, i)
			escalationtest.CheckResult(t, m, r, st.Now.Add(in.Advance))
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
