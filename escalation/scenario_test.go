package escalation_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
)

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at returns 2025-07-01 (a Tuesday) at hh:mm in Shanghai, plus days.
func at(loc *time.Location, days, hh, mm int) time.Time {
	return time.Date(2025, 7, 1+days, hh, mm, 0, 0, loc)
}

// actionLines renders actions as "kind role/code" lines for comparisons.
func actionLines(as []escalation.Emitted) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Action.String())
	}
	return out
}

func TestShippedMachinesValidate(t *testing.T) {
	for _, tc := range []struct {
		def    escalation.Definition
		schema *quality.Schema
	}{
		{complaintLine(), complaintFacts},
		{afterSalesOverdue(), noFacts},
		{afterSalesOverdueV1(), noFacts},
		{dispatchOrder(), noFacts},
		{repairLoop(), repairFacts},
	} {
		if f := escalation.Validate(tc.def, escalation.Env{Schema: tc.schema}); len(f) != 0 {
			t.Errorf("%s: findings: %v", tc.def.Name, f)
		}
	}
}

// step is one scripted step of a scenario: an event (Name != "") or a tick at
// now, and what must follow.
type step struct {
	now     time.Time
	event   string
	facts   quality.Facts
	state   string
	level   int
	actions []string // Action.String of the actions emitted, in order
	wake    time.Time
	status  escalation.EventStatus
}

func runScript(t *testing.T, m *escalation.Machine, order string, t0 time.Time, steps []step) escalation.State {
	t.Helper()
	res, err := m.Start(order, t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := res.State
	for i, s := range steps {
		var ev escalation.Event
		if s.event != "" {
			ev = escalation.Event{ID: order + "-" + s.event + "-" + s.now.Format("0102T1504"), Name: s.event, At: s.now, Facts: s.facts}
		} else {
			ev = escalation.Event{Facts: s.facts}
		}
		res, err := m.Step(st, ev, s.now)
		if err != nil {
			t.Fatalf("step %d (%s): %v", i, s.event, err)
		}
		got := actionLines(res.Actions)
		if strings.Join(got, "\n") != strings.Join(s.actions, "\n") {
			t.Errorf("step %d (%s at %s): actions\n got %q\nwant %q", i, s.event, s.now, got, s.actions)
		}
		if res.State.Current != s.state || res.State.Level != s.level {
			t.Errorf("step %d (%s): state %s level %d, want %s level %d", i, s.event, res.State.Current, res.State.Level, s.state, s.level)
		}
		if !res.Wake.Equal(s.wake) {
			t.Errorf("step %d (%s): wake %v, want %v", i, s.event, res.Wake, s.wake)
		}
		want := s.status
		if want == escalation.StatusInvalid {
			want = escalation.StatusApplied
			if s.event == "" {
				want = escalation.StatusTick
			}
		}
		if res.Status != want {
			t.Errorf("step %d (%s): status %v, want %v", i, s.event, res.Status, want)
		}
		st = res.State
	}
	return st
}

// TestComplaintLine follows one complaint through every step of the hotline
// flow with the operators' time limits (DOMAIN.md §1 [004]).
func TestComplaintLine(t *testing.T) {
	loc := shanghai(t)
	m := mustCompile(complaintLine(), complaintFacts)
	t0 := at(loc, 0, 9, 0) // the caller hangs up
	var (
		t1  = t0.Add(7 * time.Minute)  // submitted, 2 minutes past the 5-minute limit (fired at t0+5m)
		t2  = t1.Add(20 * time.Minute) // dispatched to the city within 30 minutes
		t3  = t2.Add(40 * time.Minute) // tick: the city missed its 30 minutes at t2+30m
		t4  = t2.Add(45 * time.Minute) // assigned to a (non-provincial) department
		t5  = t1.Add(3 * time.Hour)    // supervision at 3 hours from submission
		t6  = t4.Add(19 * time.Hour)   // customer answered within 20 hours
		t7  = t6.Add(30 * time.Minute) // returned (city return limit: t2+24h, not reached)
		t8  = t7.Add(time.Hour)        // responsibility: human-caused → penalty
		t9  = t8.Add(week)             // penalty report limit
		t10 = t9.Add(2 * time.Hour)    // penalty reported → callback
		t11 = t10.Add(24 * time.Hour)  // customer satisfied → closed
		f   = quality.Facts{"invalid": false, "provincial": false, "cause": "equipment", "major": false, "common": false, "satisfied": false}
	)
	human := quality.Facts{"invalid": false, "provincial": false, "cause": "human", "major": false, "common": false, "satisfied": false}
	satisfied := quality.Facts{"invalid": false, "provincial": false, "cause": "human", "major": false, "common": false, "satisfied": true}
	st := runScript(t, m, "C-20250701-001", t0, []step{
		{now: t1, event: "submit", facts: f, state: "submitted", actions: []string{"notify front_desk_lead: not submitted within 5 minutes"},
			wake: t1.Add(30 * time.Minute)},
		{now: t2, event: "dispatch", facts: f, state: "dispatched", wake: t2.Add(30 * time.Minute)},
		{now: t3, facts: f, state: "dispatched", actions: []string{"notify city_quality_lead: not dispatched to a department within 30 minutes"},
			wake: t5},
		{now: t4, event: "assign", facts: f, state: "handling", actions: []string{"assign department"}, wake: t5},
		{now: t5, facts: f, state: "handling", level: 1, actions: []string{
			"raise_level 1 (back_office_supervisor)", "notify back_office_supervisor: supervise (督办): 3 hours since submission"},
			wake: t4.Add(20 * time.Hour)},
		{now: t6, event: "answer", facts: f, state: "answered", level: 1, wake: t4.Add(20 * time.Hour)},
		{now: t7, event: "return", facts: f, state: "returned", level: 1},
		{now: t8, event: "decide", facts: human, state: "penalty", level: 1, wake: t9},
		{now: t9, facts: human, state: "penalty", level: 3, actions: []string{
			"raise_level 3 (quality_director)", "notify quality_director: penalty not reported within one week"}},
		{now: t10, event: "penalty_reported", facts: human, state: "callback", level: 3, actions: []string{"record_penalty complaint_penalty"}},
		{now: t11, event: "callback", facts: satisfied, state: "closed", level: 3},
	})
	if !m.Terminal(st) || len(st.Timers) != 0 || st.Cycle != 0 {
		t.Errorf("closed order: %+v", st)
	}
}

func TestComplaintInvalidClosedAtOnce(t *testing.T) {
	loc := shanghai(t)
	m := mustCompile(complaintLine(), complaintFacts)
	t0 := at(loc, 0, 9, 0)
	invalid := quality.Facts{"invalid": true, "provincial": false, "cause": "", "major": false, "common": false, "satisfied": false}
	st := runScript(t, m, "C-2", t0, []step{
		{now: t0.Add(2 * time.Minute), event: "submit", facts: invalid, state: "submitted", wake: t0.Add(32 * time.Minute)},
		{now: t0.Add(4 * time.Minute), event: "dispatch", facts: invalid, state: "closed",
			actions: []string{"notify customer: answered at once: invalid complaint"}},
	})
	if len(st.Timers) != 0 {
		t.Errorf("timers left on a closed order: %v", st.Timers)
	}
}

func TestComplaintWrongDispatchAndProvincial(t *testing.T) {
	loc := shanghai(t)
	m := mustCompile(complaintLine(), complaintFacts)
	t0 := at(loc, 0, 9, 0)
	prov := quality.Facts{"invalid": false, "provincial": true, "cause": "other", "major": false, "common": false, "satisfied": false}
	t1 := t0.Add(3 * time.Minute)
	t2 := t1.Add(10 * time.Minute)
	t3 := t2.Add(5 * time.Minute)
	t4 := t3.Add(10 * time.Minute)
	t5 := t4.Add(10 * time.Minute)
	runScript(t, m, "C-3", t0, []step{
		{now: t1, event: "submit", facts: prov, state: "submitted", wake: t1.Add(30 * time.Minute)},
		{now: t2, event: "dispatch", facts: prov, state: "dispatched", wake: t2.Add(30 * time.Minute)},
		// Wrong city: back to the back office, whose 30 minutes start again.
		{now: t3, event: "wrong_dispatch", facts: prov, state: "submitted", wake: t3.Add(30 * time.Minute)},
		{now: t4, event: "dispatch", facts: prov, state: "dispatched", wake: t4.Add(30 * time.Minute)},
		// A provincial department: 24 hours, not 20. The next wake-up is the
		// supervision at t1+3h.
		{now: t5, event: "assign", facts: prov, state: "handling", actions: []string{"assign department"}, wake: t1.Add(3 * time.Hour)},
		{now: t1.Add(3 * time.Hour), facts: prov, state: "handling", level: 1, actions: []string{
			"raise_level 1 (back_office_supervisor)", "notify back_office_supervisor: supervise (督办): 3 hours since submission"},
			wake: t4.Add(24 * time.Hour)}, // city return (24h from t4) comes before the department's t5+24h
		{now: t4.Add(24 * time.Hour), facts: prov, state: "handling", level: 2, actions: []string{
			"raise_level 2 (city_quality_lead)", "notify city_quality_lead: not returned within 24 hours"},
			wake: t5.Add(24 * time.Hour)},
		{now: t5.Add(24 * time.Hour), facts: prov, state: "handling", level: 2, actions: []string{
			"raise_level 2 (city_quality_lead)", "notify department_head: not answered and returned within 24 hours (provincial)"}},
	})
}

// TestDispatchOrderRemoval: three unanswered dispatch orders remove the head
// (DOMAIN.md §1 [004]); answered ones do not count.
func TestDispatchOrderRemoval(t *testing.T) {
	loc := shanghai(t)
	m := mustCompile(dispatchOrder(), noFacts)
	t0 := at(loc, 0, 8, 0)
	miss := "notify general_manager: dispatch order not answered within 24 hours"
	st := runScript(t, m, "head-17", t0, []step{
		{now: t0.Add(time.Hour), event: "order", state: "awaiting", wake: t0.Add(25 * time.Hour)},
		{now: t0.Add(25 * time.Hour), state: "idle", actions: []string{miss}},
		{now: at(loc, 2, 9, 0), event: "order", state: "awaiting", wake: at(loc, 3, 9, 0)},
		{now: at(loc, 2, 15, 0), event: "reply", state: "idle"},
		{now: at(loc, 3, 9, 0), event: "order", state: "awaiting", wake: at(loc, 4, 9, 0)},
		{now: at(loc, 4, 10, 0), state: "idle", actions: []string{miss}},
		{now: at(loc, 5, 9, 0), event: "order", state: "awaiting", wake: at(loc, 6, 9, 0)},
		{now: at(loc, 6, 9, 0), state: "removed", actions: []string{miss, "record_penalty one_vote_veto: three dispatch orders unanswered"}},
	})
	if st.Counter("misses") != 3 {
		t.Errorf("misses = %d, want 3", st.Counter("misses"))
	}
}

// TestAfterSalesLadder: the four levels at 0, 48 hours, 300 hours and 15 days
// (DOMAIN.md §1 [002]); one late tick at day 20 emits all four, in due order.
func TestAfterSalesLadder(t *testing.T) {
	loc := shanghai(t)
	m := mustCompile(afterSalesOverdue(), noFacts)
	t0 := at(loc, 0, 10, 0)
	start, err := m.Start("AS-1", t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := actionLines(start.Actions); strings.Join(got, "|") != "raise_level 1 (station_head)|custom leave_timer: leave a timer with the customer" {
		t.Errorf("start actions %q", got)
	}
	if !start.Wake.Equal(t0.Add(48 * time.Hour)) {
		t.Errorf("wake %v", start.Wake)
	}
	late := t0.Add(20 * day)
	res, err := m.Tick(start.State, late, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		due    time.Time
		action string
	}{
		{t0.Add(48 * time.Hour), "raise_level 2 (county_manager)"},
		{t0.Add(48 * time.Hour), "compensate timer_gift: the timer becomes the customer's gift"},
		{t0.Add(300 * time.Hour), "raise_level 3 (branch_manager)"},
		{t0.Add(300 * time.Hour), "compensate free_replacement: replace the product free"},
		{t0.Add(15 * day), "raise_level 4 (supervision_group)"},
	}
	if len(res.Actions) != len(want) {
		t.Fatalf("actions %q", actionLines(res.Actions))
	}
	for i, w := range want {
		a := res.Actions[i]
		if !a.Due.Equal(w.due) || a.Action.String() != w.action || a.Lateness != late.Sub(w.due) {
			t.Errorf("action %d: %s due %v late %v, want %s due %v late %v", i, a.Action, a.Due, a.Lateness, w.action, w.due, late.Sub(w.due))
		}
	}
	if res.State.Level != 4 || !res.Wake.IsZero() {
		t.Errorf("level %d wake %v", res.State.Level, res.Wake)
	}
}

// TestRepairSatisfiedThenClose: dissatisfied callbacks reopen the order,
// restart its clocks and, from the second reopening on, escalate.
func TestRepairSatisfiedThenClose(t *testing.T) {
	loc := shanghai(t)
	m := mustCompile(repairLoop(), repairFacts)
	t0 := at(loc, 0, 14, 0)
	no := quality.Facts{"satisfied": false}
	yes := quality.Facts{"satisfied": true}
	reopen := []string{"reset_clock contact", "reset_clock repair", "notify technician: customer not satisfied: service continues"}
	escalated := append(append([]string(nil), reopen...), "raise_level 1 (station_head): reopened again")
	st := runScript(t, m, "R-9", t0, []step{
		{now: t0.Add(10 * time.Minute), event: "contacted", facts: no, state: "appointed"},
		{now: t0.Add(2 * time.Hour), event: "repaired", facts: no, state: "repaired"},
		{now: t0.Add(26 * time.Hour), event: "callback", facts: no, state: "dispatched", actions: reopen, wake: t0.Add(26*time.Hour + 20*time.Minute)},
		{now: t0.Add(26*time.Hour + 5*time.Minute), event: "contacted", facts: no, state: "appointed"},
		{now: t0.Add(30 * time.Hour), event: "repaired", facts: no, state: "repaired"},
		{now: t0.Add(50 * time.Hour), event: "callback", facts: no, state: "dispatched", level: 1, actions: escalated, wake: t0.Add(50*time.Hour + 20*time.Minute)},
		{now: t0.Add(51 * time.Hour), state: "dispatched", level: 1, actions: []string{"notify station_head: customer not called within 20 minutes"}},
		{now: t0.Add(52 * time.Hour), event: "contacted", facts: no, state: "appointed", level: 1},
		{now: t0.Add(53 * time.Hour), event: "repaired", facts: no, state: "repaired", level: 1},
		{now: t0.Add(60 * time.Hour), event: "callback", facts: yes, state: "closed", level: 1},
	})
	if st.Cycle != 2 || st.Counter("reopenings") != 2 {
		t.Errorf("cycle %d reopenings %d, want 2 and 2", st.Cycle, st.Counter("reopenings"))
	}
}

func TestRepeatedAndStaleEvents(t *testing.T) {
	loc := shanghai(t)
	m := mustCompile(dispatchOrder(), noFacts)
	t0 := at(loc, 0, 8, 0)
	start, _ := m.Start("head-1", t0, nil)
	ev := escalation.Event{ID: "e1", Name: "order", At: t0.Add(time.Minute)}
	first, err := m.Step(start.State, ev, t0.Add(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	again, err := m.Step(first.State, ev, t0.Add(3*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != escalation.StatusRepeated || len(again.Actions) != 0 || again.State.Current != "awaiting" {
		t.Errorf("repeat: %v %v %s", again.Status, again.Actions, again.State.Current)
	}
	stale := escalation.Event{ID: "e0", Name: "reply", At: t0.Add(90 * time.Second)}
	res, err := m.Step(again.State, stale, t0.Add(4*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != escalation.StatusStale || res.State.Current != "awaiting" || len(res.Trace) != 1 || res.Trace[0].Kind != escalation.EntryIgnored {
		t.Errorf("stale: %v %s %+v", res.Status, res.State.Current, res.Trace)
	}
	if _, err := m.Step(res.State, escalation.Event{ID: "e2", Name: "reply"}, t0); !errors.Is(err, escalation.ErrTime) {
		t.Errorf("now before the state's now: %v", err)
	}
	if _, err := m.Step(res.State, escalation.Event{ID: "e3", Name: "reply", At: t0.Add(time.Hour)}, t0.Add(5*time.Minute)); !errors.Is(err, escalation.ErrInput) {
		t.Errorf("event after now: %v", err)
	}
	if _, err := m.Step(res.State, escalation.Event{Name: "reply"}, t0.Add(5*time.Minute)); !errors.Is(err, escalation.ErrInput) {
		t.Errorf("event without id: %v", err)
	}
	if _, err := m.Step(res.State, escalation.Event{ID: "e4", Name: "repyl"}, t0.Add(5*time.Minute)); !errors.Is(err, escalation.ErrInput) {
		t.Errorf("unknown event: %v", err)
	}
}
