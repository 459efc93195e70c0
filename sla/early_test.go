package sla

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/quality"
)

// Arrival inside the appointment window (DOMAIN.md §1: "arrive inside the
// agreed window", on-time fulfilment rate 95%): arriving after the window's
// end is a breach (Deadline), arriving before its start is early (NotBefore).

// earlyEnv is testEnv with the fact appointment_start.
func earlyEnv(t testing.TB) ClockEnv {
	t.Helper()
	env := testEnv(t)
	s, err := env.Schema.Extend(quality.Field{Name: "appointment_start", Kind: quality.KindTime})
	if err != nil {
		t.Fatal(err)
	}
	env.Schema = s
	return env
}

func compileEarly(t testing.TB, specs ...ClockSpec) *Clocks {
	t.Helper()
	cs, err := CompileClocks(earlyEnv(t), specs...)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

var (
	// windowClock: the technician arrives inside the agreed window.
	windowClock = ClockSpec{Name: "window", Start: on("appointment_agreed"), Stop: on("arrived"),
		Targets: []TargetSpec{{Name: "window", Calendar: "24x7", Deadline: "appointment_end", NotBefore: "appointment_start"}}}
	// visitClock: a budget of 4 hours from dispatch to arrival, paused while
	// the customer is awaited, and no arrival before the window opens.
	visitClock = ClockSpec{Name: "visit", Start: on("dispatched"), Stop: on("arrived"),
		Pause:   []Condition{{Name: "waiting for customer", When: `event == "status_changed" && status == "pending_customer"`}},
		Resume:  []Condition{{Name: "work resumed", When: `event == "status_changed" && status == "in_progress"`}},
		Reset:   on("reopened"),
		Cancel:  on("withdrawn"),
		Targets: []TargetSpec{{Name: "4 hours", Calendar: "24x7", Within: 4 * time.Hour, NotBefore: "appointment_start"}}}
)

// TestEarlyArrivalWindow: a repair appointment agreed for 2025-07-01
// 14:00–16:00 (Asia/Shanghai). Arriving at 13:40 is early, at 14:30 on
// time, at 16:10 late; the window's edges are on time.
func TestEarlyArrivalWindow(t *testing.T) {
	cs := compileEarly(t, windowClock)
	tests := []struct {
		arrive           string
		early, met, late bool
	}{
		{"2025-07-01 13:40", true, false, false},
		{"2025-07-01 13:59:59.999999999", true, false, false},
		{"2025-07-01 14:00", false, true, false},
		{"2025-07-01 14:30", false, true, false},
		{"2025-07-01 16:00", false, true, false},
		{"2025-07-01 16:10", false, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.arrive, func(t *testing.T) {
			sc := newScript(t)
			s := mustFold(t, cs, State{},
				sc.ev("2025-07-01 10:05", "appointment_agreed",
					"appointment_start", sc.at("2025-07-01 14:00"), "appointment_end", sc.at("2025-07-01 16:00")),
				sc.ev(tc.arrive, "arrived"))
			st := mustStatus(t, cs, s, "window", sc.at("2025-07-01 18:00"))
			if st.Phase != Stopped || st.Early != tc.early || st.Met() != tc.met || st.Breached != tc.late {
				t.Errorf("phase %v early %v met %v breached %v, want stopped, early %v met %v breached %v",
					st.Phase, st.Early, st.Met(), st.Breached, tc.early, tc.met, tc.late)
			}
			if !st.NotBefore.Equal(sc.at("2025-07-01 14:00")) || st.NotBefore.Location().String() != "Asia/Shanghai" ||
				!st.Due.Equal(sc.at("2025-07-01 16:00")) {
				t.Errorf("not before %v, due %v", st.NotBefore, st.Due)
			}
			if st.OriginalEarly != st.Early || !st.OriginalNotBefore.Equal(st.NotBefore) {
				t.Errorf("original: early %v not before %v", st.OriginalEarly, st.OriginalNotBefore)
			}
			// Being early is decided at the stop: later instants do not change it.
			if later := mustStatus(t, cs, s, "window", sc.at("2025-07-09 00:00")); later != st {
				t.Errorf("status changed with time:\n%+v\n%+v", st, later)
			}
			if w, ok, _ := cs.NextWake(s, sc.at("2025-07-01 18:00")); ok {
				t.Errorf("a stopped clock wakes at %v", w)
			}
		})
	}
}

// TestEarlyBeforeStop: while the clock runs, before the window opens, nothing
// is early yet; a cancelled cycle is never early.
func TestEarlyBeforeStop(t *testing.T) {
	cs := compileEarly(t, ClockSpec{Name: "window", Start: on("appointment_agreed"), Stop: on("arrived"), Cancel: on("withdrawn"),
		Targets: windowClock.Targets})
	sc := newScript(t)
	agreed := sc.ev("2025-07-01 10:05", "appointment_agreed",
		"appointment_start", sc.at("2025-07-01 14:00"), "appointment_end", sc.at("2025-07-01 16:00"))
	s := mustFold(t, cs, State{}, agreed)
	st := mustStatus(t, cs, s, "window", sc.at("2025-07-01 13:00"))
	if st.Phase != Running || st.Early || st.Met() || !st.NotBefore.Equal(sc.at("2025-07-01 14:00")) {
		t.Errorf("running: %+v", st)
	}
	s = mustFold(t, cs, s, sc.ev("2025-07-01 13:00", "withdrawn"))
	if st := mustStatus(t, cs, s, "window", sc.at("2025-07-01 13:00")); st.Phase != Cancelled || st.Early || st.Met() {
		t.Errorf("cancelled: %+v", st)
	}
}

// TestEarlyWindowMoved: the customer moves the window on a later event,
// before the technician arrives; a changed not-before instant is a target
// change like a changed deadline, and the original window stays in the
// status.
func TestEarlyWindowMoved(t *testing.T) {
	tests := []struct {
		name               string
		policy             TargetChange
		start, end         string // the moved window
		arrive             string
		early, met         bool
		origEarly, changes bool
	}{
		// 14:00–16:00 moved to 13:00–15:00: 13:40 is inside the new window,
		// early for the original one.
		{"earlier, arrive 13:40", KeepElapsed, "2025-07-01 13:00", "2025-07-01 15:00", "2025-07-01 13:40", false, true, true, true},
		// Only the start moves (13:30–16:00): the due instant is the same.
		{"start only, arrive 13:40", KeepElapsed, "2025-07-01 13:30", "2025-07-01 16:00", "2025-07-01 13:40", false, true, true, true},
		// Moved later, 16:00–18:00: 14:30 is now early.
		{"later, arrive 14:30", KeepElapsed, "2025-07-01 16:00", "2025-07-01 18:00", "2025-07-01 14:30", true, false, false, true},
		// KeepFirst ignores the move: 13:40 is early for the first window.
		{"keep first, arrive 13:40", KeepFirst, "2025-07-01 13:00", "2025-07-01 15:00", "2025-07-01 13:40", true, false, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := windowClock
			spec.Start = []Condition{{When: `event in ["appointment_agreed", "appointment_changed"]`}}
			spec.OnTargetChange = tc.policy
			cs := compileEarly(t, spec)
			sc := newScript(t)
			s := mustFold(t, cs, State{},
				sc.ev("2025-07-01 10:05", "appointment_agreed",
					"appointment_start", sc.at("2025-07-01 14:00"), "appointment_end", sc.at("2025-07-01 16:00")),
				sc.ev("2025-07-01 11:00", "appointment_changed",
					"appointment_start", sc.at(tc.start), "appointment_end", sc.at(tc.end)),
				sc.ev(tc.arrive, "arrived"))
			st := mustStatus(t, cs, s, "window", sc.at("2025-07-02 00:00"))
			if st.Early != tc.early || st.Met() != tc.met || st.OriginalEarly != tc.origEarly {
				t.Errorf("early %v met %v original early %v, want %v %v %v", st.Early, st.Met(), st.OriginalEarly, tc.early, tc.met, tc.origEarly)
			}
			wantNB, wantDue := sc.at(tc.start), sc.at(tc.end)
			if !tc.changes {
				wantNB, wantDue = sc.at("2025-07-01 14:00"), sc.at("2025-07-01 16:00")
			}
			if !st.NotBefore.Equal(wantNB) || !st.Due.Equal(wantDue) || !st.OriginalNotBefore.Equal(sc.at("2025-07-01 14:00")) ||
				!st.OriginalDue.Equal(sc.at("2025-07-01 16:00")) {
				t.Errorf("not before %v due %v, original %v %v", st.NotBefore, st.Due, st.OriginalNotBefore, st.OriginalDue)
			}
			if n := len(s.clocks[0].cycles[0].changes); (n == 2) != tc.changes {
				t.Errorf("%d target changes", n)
			}
			tl, err := cs.Explain(s, "window", sc.at("2025-07-02 00:00"))
			if err != nil {
				t.Fatal(err)
			}
			if got := hasMark(tl, MarkEarly, "window not before "+st.NotBefore.Format("2006-01-02 15:04:05"), sc.at(tc.arrive)); got != tc.early {
				t.Errorf("early mark %v:\n%s", got, tl)
			}
			if got := hasMark(tl, MarkOriginalEarly, "window not before 2025-07-01 14:00:00", sc.at(tc.arrive)); got != (tc.origEarly && tc.changes) {
				t.Errorf("original early mark %v:\n%s", got, tl)
			}
		})
	}
}

// TestEarlyWithinTarget: a budget of 4 hours, paused while the customer is
// awaited, with a not-before instant: the pause moves the due instant, not
// the window's start.
func TestEarlyWithinTarget(t *testing.T) {
	cs := compileEarly(t, visitClock)
	run := func(arrive string) (Status, State, *script) {
		sc := newScript(t)
		s := mustFold(t, cs, State{},
			sc.ev("2025-07-01 10:00", "dispatched", "appointment_start", sc.at("2025-07-01 14:00")),
			sc.ev("2025-07-01 10:30", "status_changed", "status", "pending_customer"),
			sc.ev("2025-07-01 12:00", "status_changed", "status", "in_progress"),
			sc.ev(arrive, "arrived"))
		return mustStatus(t, cs, s, "visit", sc.at("2025-07-02 00:00")), s, sc
	}
	// 10:00–10:30 and 12:00–13:40 count: 2h10 of 4h, but before 14:00.
	st, s, sc := run("2025-07-01 13:40")
	if !st.Early || st.Met() || st.Breached || st.Elapsed != 2*time.Hour+10*time.Minute || !st.Due.Equal(sc.at("2025-07-01 15:30")) {
		t.Errorf("13:40: %+v", st)
	}
	tl, _ := cs.Explain(s, "visit", sc.at("2025-07-02 00:00"))
	if !strings.Contains(tl.String(), "stopped early: 4 hours not before 2025-07-01 14:00:00") ||
		!strings.Contains(tl.String(), "paused: waiting for customer") {
		t.Errorf("explanation:\n%s", tl)
	}
	// 14:30: 3h of 4h, inside the window.
	if st, _, _ := run("2025-07-01 14:30"); st.Early || !st.Met() || st.Elapsed != 3*time.Hour {
		t.Errorf("14:30: %+v", st)
	}
	// 15:40: 4h10 of 4h: late, not early.
	if st, _, _ := run("2025-07-01 15:40"); st.Early || st.Met() || !st.Breached {
		t.Errorf("15:40: %+v", st)
	}
	// A Slots target takes a not-before instant too.
	if _, err := CompileClocks(earlyEnv(t), ClockSpec{Name: "batch", Start: on("submitted"), Stop: on("forwarded"),
		Targets: []TargetSpec{{Name: "next batch", Calendar: "24x7", NotBefore: "appointment_start",
			Slots: &SlotSpec{Times: []TimeOfDay{HM(10, 0), HM(15, 0)}, Days: WeekdaysMonSat}}}}); err != nil {
		t.Errorf("slots with not_before: %v", err)
	}
}

// TestEarlyCompileErrors: a not_before rule is checked like a deadline, at
// "targets[i].not_before".
func TestEarlyCompileErrors(t *testing.T) {
	tests := []struct {
		name, rule, msg string
	}{
		{"unknown name", "appointment_strat", `unknown name "appointment_strat"`},
		{"not a time", `status == "new"`, ""},
		{"syntax", "appointment_start +", ""},
	}
	for _, tc := range tests {
		spec := windowClock
		spec.Targets = []TargetSpec{{Name: "p1", When: `priority == "urgent"`, Calendar: "24x7", Within: time.Hour},
			{Name: "window", Calendar: "24x7", Deadline: "appointment_end", NotBefore: tc.rule}}
		_, err := CompileClocks(earlyEnv(t), spec)
		var ce *ClockSpecError
		var qe *quality.Error
		if !errors.As(err, &ce) || ce.Path != "targets[1].not_before" || ce.Clock != "window" ||
			!errors.Is(err, ErrClockSpec) || !errors.As(err, &qe) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v (%+v)", tc.name, err, ce)
		}
	}
}

// TestEarlyEventErrors: a not-before value outside 1970 to 2200, or a rule
// that cannot be evaluated, refuses the event at "targets[0].not_before".
func TestEarlyEventErrors(t *testing.T) {
	cs := compileEarly(t, windowClock)
	sc := newScript(t)
	end := sc.at("2025-07-01 16:00")
	for name, start := range map[string]any{
		"zero":   time.Time{},
		"1960":   time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC),
		"2200":   time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC),
		"absent": nil,
	} {
		facts := quality.Facts{"status": "new", "priority": "normal", "level": "city", "human_caused": false, "appointment_end": end}
		if start != nil {
			facts["appointment_start"] = start
		}
		_, err := cs.Fold(State{}, Event{ID: "e1", At: sc.at("2025-07-01 10:00"), Name: "appointment_agreed", Facts: facts})
		var ee *EventError
		if !errors.As(err, &ee) || ee.Path != "targets[0].not_before" || ee.Clock != "window" || !errors.Is(err, ErrRule) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestEarlyStateJSON: the not-before instant makes an exact JSON round trip;
// a state without one has no "not_before" (it encodes as before the field
// existed), and such an old state decodes as having none.
func TestEarlyStateJSON(t *testing.T) {
	cs := compileEarly(t, windowClock, visitClock, repairClock)
	sc := newScript(t)
	s := mustFold(t, cs, State{},
		sc.ev("2025-07-01 09:00", "dispatched", "appointment_start", sc.at("2025-07-01 14:00:00.000000001")),
		sc.ev("2025-07-01 10:05", "appointment_agreed",
			"appointment_start", sc.at("2025-07-01 14:00:00.000000001"), "appointment_end", sc.at("2025-07-01 16:00")),
		sc.ev("2025-07-01 11:00", "appointment_changed", "appointment_start", sc.at("2025-07-01 15:00:00.000000001")),
		sc.ev("2025-07-01 14:00", "arrived"))
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"not_before":"2025-07-01T06:00:00.000000001Z"`, `"not_before":"2025-07-01T07:00:00.000000001Z"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("no exact %s in %s", want, b)
		}
	}
	back := roundTripJSON(t, s)
	if b2, _ := json.Marshal(back); string(b2) != string(b) {
		t.Errorf("re-encoding differs:\n%s\n%s", b, b2)
	}
	now := sc.at("2025-07-02 00:00")
	for _, name := range cs.Names() {
		a, b := mustStatus(t, cs, s, name, now), mustStatus(t, cs, back, name, now)
		if a != b {
			t.Errorf("%s:\n%+v\n%+v", name, a, b)
		}
	}
	for _, name := range []string{"window", "visit"} {
		if st := mustStatus(t, cs, back, name, now); !st.Early || !st.OriginalEarly || st.Met() ||
			!st.NotBefore.Equal(sc.at("2025-07-01 15:00:00.000000001")) {
			t.Errorf("%s after a round trip: %+v", name, st)
		}
	}

	// The repair clock has no not-before rule: no "not_before" in its part
	// of the state, and the encoding of a state without one is that of old.
	old := mustCompile(t, repairClock)
	sc = newScript(t)
	so := mustFold(t, old, State{}, sc.ev("2025-07-01 09:00", "dispatched"), sc.ev("2025-07-01 10:00", "resolved"))
	ob, _ := json.Marshal(so)
	if strings.Contains(string(ob), "not_before") {
		t.Errorf("not_before written for a clock without one: %s", ob)
	}
	// An old state decodes as "none": oldState is what the code before
	// not_before (commit e168acd) wrote for this order, byte for byte.
	const oldState = `{"version":1,"last":"2025-07-01T02:00:00Z","seen":["e1","e2"],"clocks":[{"name":"repair","cycles":[{"start":"2025-07-01T01:00:00Z","end":"2025-07-01T02:00:00Z","phase":"stopped","spans":[{"at":"2025-07-01T01:00:00Z"}],"targets":[{"at":"2025-07-01T01:00:00Z","target":"normal","due":"2025-07-02T01:30:00Z"}],"current":{"target":1,"budget_ns":28800000000000,"elapsed_ns":3600000000000,"mark":"2025-07-01T02:00:00Z","due":"2025-07-02T01:30:00Z","breached_at":""},"original":{"target":1,"budget_ns":28800000000000,"elapsed_ns":3600000000000,"mark":"2025-07-01T02:00:00Z","due":"2025-07-02T01:30:00Z","breached_at":""}}]}]}`
	if string(ob) != oldState {
		t.Errorf("encoding changed:\n%s\n%s", ob, oldState)
	}
	var decoded State
	if err := json.Unmarshal([]byte(oldState), &decoded); err != nil {
		t.Fatal(err)
	}
	if st := mustStatus(t, old, decoded, "repair", now); !st.Met() || st.Early || !st.NotBefore.IsZero() || !st.OriginalNotBefore.IsZero() {
		t.Errorf("old state: %+v", st)
	}
	// A bad not_before is refused.
	bad := strings.Replace(string(b), `"not_before":"2025-07-01T06:00:00.000000001Z"`, `"not_before":"14:00"`, 1)
	if err := json.Unmarshal([]byte(bad), &decoded); !errors.Is(err, ErrInvalidState) {
		t.Errorf("bad not_before: %v", err)
	}
}

func roundTripJSON(t testing.TB, s State) State {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}
