package policy_test

import (
	"errors"
	"testing"
	"time"

	"github.com/servq/servq/policy"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
)

// arrivalPolicy is a repair appointment clock: the technician arrives inside
// the agreed window, from appointment_start to appointment_end.
const arrivalPolicy = `version: 1
name: arrival
facts:
  appointment_start: {kind: time, doc: start of the agreed window}
  appointment_end: {kind: time, doc: end of the agreed window}
calendars:
  desk: {builtin: 24x7, zone: Asia/Shanghai}
clocks:
  arrival:
    start: ['event in ["appointment_agreed", "appointment_changed"]']
    stop: ['event == "arrived"']
    targets:
      - name: window
        calendar: desk
        not_before: appointment_start
        deadline: appointment_end
`

// TestClockNotBefore: a clock's target in YAML takes not_before; the
// appointment 2025-07-01 14:00–16:00 (Asia/Shanghai): 13:40 is early, 14:30
// met, 16:10 breached; moved to 13:00–15:00 before arrival, 13:40 is met.
func TestClockNotBefore(t *testing.T) {
	p, err := policy.Parse("arrival.yaml", []byte(arrivalPolicy))
	if err != nil {
		t.Fatal(err)
	}
	if specs := p.Clocks.Specs(); specs[0].Targets[0].NotBefore != "appointment_start" {
		t.Fatalf("not_before not decoded: %+v", specs[0].Targets[0])
	}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := func(hm string) time.Time { return time.Date(2025, 7, 1, 0, 0, 0, 0, shanghai).Add(mustDuration(t, hm)) }
	window := func(from, to string) quality.Facts {
		return quality.Facts{"appointment_start": at(from), "appointment_end": at(to)}
	}
	tests := []struct {
		name                string
		moved               quality.Facts // nil: not moved
		arrive              string
		early, met, breach  bool
		notBefore, due      string
		origEarly, origMeet bool
	}{
		{"13:40 early", nil, "13h40m", true, false, false, "14h", "16h", true, false},
		{"14:30 met", nil, "14h30m", false, true, false, "14h", "16h", false, true},
		{"16:10 breached", nil, "16h10m", false, false, true, "14h", "16h", false, false},
		{"moved, 13:40 met", window("13h", "15h"), "13h40m", false, true, false, "13h", "15h", true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			events := []sla.Event{{ID: "1", At: at("10h05m"), Name: "appointment_agreed", Facts: window("14h", "16h")}}
			last := events[0].Facts
			if tc.moved != nil {
				events = append(events, sla.Event{ID: "2", At: at("11h"), Name: "appointment_changed", Facts: tc.moved})
				last = tc.moved
			}
			events = append(events, sla.Event{ID: "3", At: at(tc.arrive), Name: "arrived", Facts: last})
			s, err := p.Clocks.Fold(sla.State{}, events...)
			if err != nil {
				t.Fatal(err)
			}
			st, err := p.Clocks.Status(s, "arrival", at("18h"))
			if err != nil {
				t.Fatal(err)
			}
			if st.Early != tc.early || st.Met() != tc.met || st.Breached != tc.breach ||
				!st.NotBefore.Equal(at(tc.notBefore)) || !st.Due.Equal(at(tc.due)) {
				t.Errorf("early %v met %v breached %v window %v-%v", st.Early, st.Met(), st.Breached, st.NotBefore, st.Due)
			}
			if st.OriginalEarly != tc.origEarly || !st.OriginalNotBefore.Equal(at("14h")) {
				t.Errorf("original: early %v not before %v", st.OriginalEarly, st.OriginalNotBefore)
			}
		})
	}
}

func mustDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestClockNotBeforeErrors: a not_before rule that does not compile is
// reported inside the rule, like a deadline's; one that is not a time is a
// type error at its place.
func TestClockNotBeforeErrors(t *testing.T) {
	src := func(rule string) string {
		return `version: 1
name: t
facts:
  status: string
  appointment_start: time
calendars:
  desk: {builtin: 24x7, zone: Asia/Shanghai}
clocks:
  arrival:
    start: ['event == "appointment_agreed"']
    stop: ['event == "arrived"']
    targets: [{name: window, calendar: desk, within: 2h, not_before: ` + rule + `}]
`
	}
	list := checkErrors(t, src("appointment_strat"),
		wantErr{"12:70", "clocks.arrival.targets[0].not_before", policy.ErrRule, `unknown name "appointment_strat"`, `did you mean "appointment_start"?`})
	var qe *quality.Error
	if !errors.As(list[0], &qe) || !errors.Is(list[0], quality.ErrUnknownName) || qe.Column != 1 || list[0].RuleColumn != 1 {
		t.Errorf("cause %v, rule column %d", qe, list[0].RuleColumn)
	}
	// The rule's text starts at column 71 (after the quote); quality places
	// a wrong result kind at the operator.
	checkErrors(t, src(`'status + "x"'`),
		wantErr{"12:78", "clocks.arrival.targets[0].not_before", policy.ErrRule, "rule gives string, not time", ""})
	// The deadline's rule is placed the same way, for comparison.
	checkErrors(t, src(`appointment_start, deadline: appointment_ned`),
		wantErr{"12:15", "clocks.arrival.targets[0]", policy.ErrInvalid, "exactly one of within, slots and deadline", ""},
		wantErr{"12:99", "clocks.arrival.targets[0].deadline", policy.ErrRule, `unknown name "appointment_ned"`, ""})
}
