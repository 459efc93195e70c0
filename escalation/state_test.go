package escalation_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/escalation/escalationtest"
	"github.com/servq/servq/quality"
)

// midComplaint returns a complaint order in handling, supervised, with named
// timers armed, an applied event and a non-UTC start.
func midComplaint(t testing.TB) (*escalation.Machine, escalation.State) {
	loc := shanghai(t)
	m := mustCompile(complaintLine(), complaintFacts)
	f := quality.Facts{"invalid": false, "provincial": false, "cause": "other", "major": false, "common": false, "satisfied": false}
	t0 := at(loc, 0, 9, 0)
	res, err := m.Start("C-json", t0, f)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range []struct {
		name string
		d    time.Duration
	}{{"submit", 3 * time.Minute}, {"dispatch", 20 * time.Minute}, {"assign", 40 * time.Minute}} {
		res, err = m.Step(res.State, escalation.Event{ID: "e" + string(rune('1'+i)), Name: e.name, At: t0.Add(e.d), Facts: f}, t0.Add(e.d))
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err = m.Tick(res.State, t0.Add(4*time.Hour), f)
	if err != nil {
		t.Fatal(err)
	}
	return m, res.State
}

func TestStateJSONGolden(t *testing.T) {
	_, st := midComplaint(t)
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "state.json", string(b)+"\n")
	roundTrip(t, st)
}

func TestStateJSONRefuses(t *testing.T) {
	_, st := midComplaint(t)
	b, _ := json.Marshal(st)
	good := string(b)
	for name, doc := range map[string]string{
		"unknown field":  strings.Replace(good, `"order"`, `"orders":"x","order"`, 1),
		"format version": strings.Replace(good, `"version":1`, `"version":2`, 1),
		"no version":     strings.Replace(good, `"version":1,`, ``, 1),
		"not an object":  `[1,2]`,
		"bad instant":    strings.Replace(good, `"now":"`, `"now":"x`, 1),
	} {
		var s escalation.State
		if err := json.Unmarshal([]byte(doc), &s); !errors.Is(err, escalation.ErrFormat) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestStateJSONZones: instants written with an offset come back in UTC, the
// same instants.
func TestStateJSONZones(t *testing.T) {
	_, st := midComplaint(t)
	b, _ := json.Marshal(st)
	shifted := strings.ReplaceAll(string(b), "Z\"", "+00:00\"")
	var s escalation.State
	if err := json.Unmarshal([]byte(shifted), &s); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, st) {
		t.Errorf("offset instants did not come back as UTC: %+v", s)
	}
}

func TestStepRefusesInconsistentStates(t *testing.T) {
	m, st := midComplaint(t)
	now := st.Now.Add(time.Minute)
	edit := func(f func(s *escalation.State)) escalation.State {
		s := st
		s.Timers = append([]escalation.TimerState(nil), st.Timers...)
		s.Counters = append([]escalation.CounterState(nil), st.Counters...)
		f(&s)
		return s
	}
	for name, s := range map[string]escalation.State{
		"unknown state": edit(func(s *escalation.State) { s.Current = "limbo" }),
		"unknown timer": edit(func(s *escalation.State) { s.Timers[0].Name = "egg" }),
		"timers out of order": edit(func(s *escalation.State) {
			s.Timers[0], s.Timers[1] = s.Timers[1], s.Timers[0]
		}),
		"timer twice":         edit(func(s *escalation.State) { s.Timers[1].Name = s.Timers[0].Name }),
		"other state's timer": edit(func(s *escalation.State) { s.Timers[0].Name = "submit" }),
		"timers in closed":    edit(func(s *escalation.State) { s.Current = "closed" }),
		"unknown counter":     edit(func(s *escalation.State) { s.Counters = []escalation.CounterState{{Name: "x", Value: 1}} }),
		"zero counter":        edit(func(s *escalation.State) { s.Counters = []escalation.CounterState{{Name: "reopenings", Value: 0}} }),
		"counter twice": edit(func(s *escalation.State) {
			s.Counters = []escalation.CounterState{{Name: "reopenings", Value: 1}, {Name: "reopenings", Value: 2}}
		}),
		"unknown format":          edit(func(s *escalation.State) { s.Version = 9 }),
		"another machine version": edit(func(s *escalation.State) { s.MachineVersion = 2 }),
	} {
		if _, err := m.Tick(s, now, nil); err == nil {
			t.Errorf("%s: stepped", name)
		} else if !strings.HasPrefix(err.Error(), "escalation: ") {
			t.Errorf("%s: %v lacks the prefix", name, err)
		}
	}
}

// FuzzStateJSON: whatever a host's store hands back, decoding either refuses
// it or yields a state that re-encodes to itself, and stepping it returns a
// result or an error, never a panic.
func FuzzStateJSON(f *testing.F) {
	m, st := midComplaint(f)
	b, _ := json.Marshal(st)
	f.Add(b)
	f.Add([]byte(`{"version":1,"machine":"complaint","machine_version":1,"order":"o","state":"received","entered":"2025-07-01T01:00:00Z","seq":1,"now":"2025-07-01T01:00:00Z","timers":[{"name":"submit","armed":"2025-07-01T01:00:00Z","due":"2025-07-01T01:05:00Z"}]}`))
	f.Add([]byte(`{"version":1}`))
	facts := quality.Facts{"invalid": false, "provincial": true, "cause": "human", "major": false, "common": false, "satisfied": false}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s escalation.State
		if err := json.Unmarshal(data, &s); err != nil {
			var syntax *json.SyntaxError
			if !errors.As(err, &syntax) && !errors.Is(err, escalation.ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		roundTrip(t, s)
		now := s.Now.Add(time.Hour)
		if res, err := m.Tick(s, now, facts); err == nil {
			escalationtest.CheckResult(t, m, res, now)
		}
		for _, ev := range m.Events() {
			if res, err := m.Step(s, escalation.Event{ID: "fz", Name: ev, Facts: facts}, now); err == nil {
				escalationtest.CheckResult(t, m, res, now)
			}
		}
	})
}
