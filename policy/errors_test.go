package policy_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/policy"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
)

// head is the start of most broken policies below: 11 lines.
const head = `version: 1
name: t
facts:
  rated: int
  satisfied: int
  status: string
calendars:
  office:
    zone: Asia/Shanghai
    week: {weekdays: ["08:30-12:00", "13:30-17:30"]}
  desk: {builtin: 24x7, zone: Asia/Shanghai}
`

type wantErr struct {
	pos      string // "line:col"
	path     string
	sentinel error
	message  string // a part of the message
	hint     string // a part of the hint
}

func checkErrors(t *testing.T, src string, want ...wantErr) policy.ErrorList {
	t.Helper()
	p, err := policy.Parse("t.yaml", []byte(src))
	if err == nil {
		t.Fatalf("Parse accepted the policy %q", p.Name)
	}
	var list policy.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %T is not an ErrorList: %v", err, err)
	}
	if len(list) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(list), len(want), err)
	}
	for i, w := range want {
		e := list[i]
		if got := fmt.Sprintf("%d:%d", e.Line, e.Column); got != w.pos {
			t.Errorf("error %d at %s, want %s:\n%v", i, got, w.pos, e)
		}
		if e.File != "t.yaml" {
			t.Errorf("error %d in file %q", i, e.File)
		}
		if w.path != "" && e.Path != w.path {
			t.Errorf("error %d path %q, want %q", i, e.Path, w.path)
		}
		if !errors.Is(e, w.sentinel) {
			t.Errorf("error %d is not %v: %v", i, w.sentinel, e)
		}
		if !strings.Contains(e.Message, w.message) {
			t.Errorf("error %d message %q lacks %q", i, e.Message, w.message)
		}
		if !strings.Contains(e.Hint, w.hint) {
			t.Errorf("error %d hint %q lacks %q", i, e.Hint, w.hint)
		}
	}
	return list
}

func TestBrokenPolicies(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []wantErr
	}{
		{"unknown top-level key", head + "calender: {}\n",
			[]wantErr{{"12:1", "calender", policy.ErrUnknownKey, `unknown key "calender"`, `did you mean "calendars"?`}}},
		{"unknown key in a clock", head + `clocks:
  contact:
    start: ['event == "dispatched"']
    targets: [{name: std, calendar: desk, within: 20m}]
    warnigns: []
`, []wantErr{{"16:5", "clocks.contact.warnigns", policy.ErrUnknownKey, `unknown key "warnigns"`, `did you mean "warnings"?`}}},
		{"unknown key far from every key", head + "metrics: {zzzzzzzz: 1, min_sample: 1, places: 2, rounding: half_up}\n",
			[]wantErr{{"12:11", "metrics.zzzzzzzz", policy.ErrUnknownKey, `unknown key "zzzzzzzz"`, "known: min_sample, places, rounding"}}},
		{"wrong type: scalar for a mapping", head + "clocks: 5\n",
			[]wantErr{{"12:9", "clocks", policy.ErrType, `want a mapping of names to definitions, got "5"`, ""}}},
		{"wrong type: word for a number", head + "metrics: {min_sample: thirty, places: 2, rounding: half_up}\n",
			[]wantErr{{"12:23", "metrics.min_sample", policy.ErrType, `want a whole number, got "thirty"`, ""}}},
		{"wrong type: list for a string", head + "clocks:\n  c:\n    start: [{when: [1]}]\n    targets: [{name: s, calendar: desk, within: 1m}]\n",
			[]wantErr{{"14:20", "clocks.c.start[0].when", policy.ErrType, "want a string, got a list", ""}}},
		{"bad duration", head + "clocks:\n  c:\n    start: ['true']\n    targets: [{name: s, calendar: desk, within: 20 minutes}]\n",
			[]wantErr{{"15:49", "clocks.c.targets[0].within", policy.ErrType, `"20 minutes" is not a duration`, "20m"}}},
		{"bad enumeration", head + "metrics: {min_sample: 1, places: 2, rounding: half-up}\n",
			[]wantErr{{"12:47", "metrics.rounding", policy.ErrType, "half-up", ""}}},
		{"bad rule, column inside the rule", head + `clocks:
  contact:
    start: ['event == "dispatched" && raed > 0']
    targets: [{name: std, calendar: desk, within: 20m}]
`, []wantErr{{"14:39", "clocks.contact.start[0].when", policy.ErrRule, `unknown name "raed"`, `did you mean "rated"?`}}},
		{"bad rule in a literal block", head + `clocks:
  contact:
    start:
      - name: contacted
        when: |
          event == "contacted" &&
            satisfied / rated >= 0.9 && stauts == "x"
    targets: [{name: std, calendar: desk, within: 20m}]
`, []wantErr{{"18:41", "clocks.contact.start[0].when", policy.ErrRule, `unknown name "stauts"`, `did you mean "status"?`}}},
		{"type error in a rule", head + `clocks:
  contact:
    start: ['status > 3']
    targets: [{name: std, calendar: desk, within: 20m}]
`, []wantErr{{"14:21", "clocks.contact.start[0].when", policy.ErrRule, "cannot compare", ""}}},
		{"overlapping calendar windows", strings.Replace(head, `"13:30-17:30"`, `"11:30-17:30"`, 1),
			[]wantErr{{"10:38", "calendars.office.week.weekdays[1]", policy.ErrInvalid, "overlaps", ""}}},
		{"malformed window", strings.Replace(head, `"13:30-17:30"`, `"13:30-25:00"`, 1),
			[]wantErr{{"10:38", "calendars.office.week.weekdays[1]", policy.ErrType, "25:00", ""}}},
		{"calendar without working time", head + "  empty: {zone: Asia/Shanghai, week: {}}\n",
			[]wantErr{{"12:38", "calendars.empty.week", policy.ErrInvalid, "no day of the week has a working window", ""}}},
		{"unknown zone", head + "  moon: {zone: Moon/Base, week: {every_day: [\"00:00-24:00\"]}}\n",
			[]wantErr{{"12:16", "calendars.moon.zone", policy.ErrReference, `unknown time zone "Moon/Base"`, ""}}},
		{"unknown calendar in a clock", head + "clocks:\n  c:\n    start: ['true']\n    targets: [{name: s, calendar: ofice, within: 1m}]\n",
			[]wantErr{{"15:35", "clocks.c.targets[0].calendar", policy.ErrInvalid, `"ofice"`, ""}}},
		{"card of 94 declaring 100", head + `scorecards:
  provincial:
    total: 100
    missing: zero
    items:
      - {id: hotline, points: 35, deduction: {per: 1}}
      - {id: key_accounts, points: 10, deduction: {per: 1}}
      - {id: halls, points: 10, deduction: {per: 1}}
      - {id: timeliness, points: 8, deduction: {per: 1}}
      - {id: complaint_rate, points: 4, deduction: {per: 1}}
      - {id: dial_tests, points: 4, deduction: {per: 1}}
      - {id: meetings, points: 10, deduction: {per: 1}}
      - {id: supervisors, points: 3, deduction: {per: 1}}
      - {id: escalated, points: 10, deduction: {per: 1}}
`, []wantErr{{"14:12", "scorecards.provincial.total", policy.ErrInvalid, "add up to 94, not the declared total 100", "normalize"}}},
		{"unreachable escalation state", head + `machines:
  m:
    version: 1
    initial: open
    states:
      - {name: open}
      - {name: limbo}
      - {name: closed, terminal: true}
    transitions:
      - {from: open, on: close, to: closed}
      - {from: limbo, on: close, to: closed}
`, []wantErr{{"18:9", "machines.m.states[1]", policy.ErrInvalid, `state "limbo" cannot be reached from "open"`, ""}}},
		{"bad guard", head + `machines:
  m:
    version: 1
    initial: open
    states: [{name: open}, {name: closed, terminal: true}]
    transitions:
      - {from: open, on: close, to: closed, guard: "satisfied >= rated &&& true"}
`, []wantErr{{"18:74", "machines.m.transitions[0].guard", policy.ErrRule, "unexpected token", ""}}},
		{"missing required key", head + `machines:
  m:
    version: 1
    states: [{name: open, terminal: true}]
`, []wantErr{{"14:5", "machines.m.initial", policy.ErrMissingKey, `missing key "initial"`, ""}}},
		{"duplicate key", head + "name: again\n",
			[]wantErr{{"12:1", "name", policy.ErrDuplicateKey, `key "name" is given twice`, "line 2"}}},
		{"name written inside a keyed definition", head + "clocks:\n  c:\n    name: c\n    start: ['true']\n    targets: [{name: s, calendar: desk, within: 1m}]\n",
			[]wantErr{{"14:5", "clocks.c.name", policy.ErrUnknownKey, `"name" is not written here`, "key above"}}},
		{"unknown target reference", head + `targets:
  repair: {baseline: 0.9, challenge: 0.98, direction: higher_is_better}
scorecards:
  s:
    total: 10
    missing: zero
    items: [{id: a, points: 10, target: repiar}]
`, []wantErr{{"18:41", "scorecards.s.items[0].target", policy.ErrReference, `no target named "repiar"`, `did you mean "repair"?`}}},
		{"inverted target", head + "targets:\n  t: {baseline: 0.98, challenge: 0.9, direction: higher_is_better}\n",
			[]wantErr{{"13:34", "targets.t.challenge", policy.ErrInvalid, "worse than the baseline", ""}}},
		{"unknown built-in scale", head + "scales:\n  s: {builtin: ten_pt}\n",
			[]wantErr{{"13:16", "scales.s.builtin", policy.ErrReference, `unknown built-in scale "ten_pt"`, `did you mean "ten_point"?`}}},
		{"sms scale without a satisfied set", head + "scales:\n  s: {builtin: sms}\n",
			[]wantErr{{"13:6", "scales.s", policy.ErrInvalid, "", "[A, B]"}}},
		{"sampling: bad rule and bad rate", head + `sampling:
  seed: july
  rules:
    - {id: repairs, layer: rate, when: statu == "repair", rate: 0.2}
    - {id: all, layer: rate, when: "true", rate: 1.5}
`, []wantErr{
			{"15:40", "sampling.rules[0].when", policy.ErrRule, `unknown name "statu"`, `did you mean "status"?`},
			{"16:7", "sampling.rules[1]", policy.ErrInvalid, "1.5", ""},
		}},
		{"ledger rates out of order", head + `ledger:
  currency: CNY
  rules:
    - id: reward
      event: rated_ten
      rates:
        - {from: 2025-07-01T00:00:00+08:00, amount: 20}
        - {from: 2025-01-01T00:00:00+08:00, amount: 10}
`, []wantErr{{"19:18", "ledger.rules[0].rates[1].from", policy.ErrInvalid, "not after the previous rate", ""}}},
		{"ledger instant without offset", head + "ledger:\n  currency: CNY\n  rules: [{id: r, event: e, rates: [{from: 2025-07-01, amount: 20}]}]\n",
			[]wantErr{{"14:44", "ledger.rules[0].rates[0].from", policy.ErrType, `"2025-07-01" is not an instant`, "+08:00"}}},
		{"bad decimal", head + "targets:\n  t: {baseline: 0.9x, challenge: 0.98, direction: higher_is_better}\n",
			[]wantErr{{"13:17", "targets.t.baseline", policy.ErrType, `"0.9x" is not a number`, ""}}},
		{"star floor on an unknown item", head + `stars:
  five:
    card:
      total: 10
      missing: zero
      items: [{id: attitude, points: 10, deduction: {per: 1}}]
    bands:
      - {stars: 5, min: 9, floors: [{item: atitude, min: 10}]}
`, []wantErr{{"19:44", "stars.five.bands[0].floors[0].item", policy.ErrInvalid, `"atitude" is not an item`, ""}}},
		{"beta ranking without a prior", head + "rankings:\n  r: {by: beta}\n",
			[]wantErr{{"13:6", "rankings.r.alpha", policy.ErrInvalid, "prior", ""}}},
		{"bad fact kind", head + "  more: {zone: UTC, week: {every_day: [\"00:00-24:00\"]}}\nscorecard_facts:\n  late: integer\n",
			[]wantErr{{"14:9", "scorecard_facts.late.kind", policy.ErrType, `unknown kind "integer"`, ""}}},
		{"reserved fact name", strings.Replace(head, "  status: string", "  in: string", 1),
			[]wantErr{{"6:3", "facts.in", policy.ErrInvalid, "", ""}}},
		{"merge keys", head + "base: &b {a: 1}\n",
			[]wantErr{{"12:1", "base", policy.ErrUnknownKey, `unknown key "base"`, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErrors(t, tt.src, tt.want...)
		})
	}
}

// TestVersion: a file of another version is not read further; a missing
// version is reported with the other errors.
func TestVersion(t *testing.T) {
	checkErrors(t, "version: 2\nname: t\nclocks: 5\n",
		wantErr{"1:10", "version", policy.ErrVersion, `unknown format version "2"`, "version 1"})
	checkErrors(t, "version: \"1\"\nname: t\n",
		wantErr{"1:10", "version", policy.ErrVersion, `unknown format version "1"`, "version 1"})
	checkErrors(t, "name: t\nclocks: 5\n",
		wantErr{"1:1", "version", policy.ErrVersion, `missing key "version"`, "version: 1"},
		wantErr{"2:9", "clocks", policy.ErrType, "want a mapping", ""})
}

// TestSyntax: a YAML syntax error has a line; a second document is refused.
func TestSyntax(t *testing.T) {
	checkErrors(t, "version: 1\nname: t\n  bad: 1\n", wantErr{"3:0", "", policy.ErrSyntax, "mapping values are not allowed", ""})
	checkErrors(t, "version: 1\nname: t\n---\nversion: 1\n", wantErr{"3:0", "", policy.ErrSyntax, "one document", ""})
	checkErrors(t, "", wantErr{"0:0", "", policy.ErrSyntax, "empty", ""})
	checkErrors(t, "- 1\n", wantErr{"1:1", "", policy.ErrType, "a policy is a mapping", ""})
}

// TestManyErrorsAtOnce: every problem of a policy is reported in one pass,
// in file order, and the list reaches each package's error.
func TestManyErrorsAtOnce(t *testing.T) {
	src := head + `clocks:
  contact:
    start: ['event == "dispatched" && raed > 0']
    targets: [{name: std, calendar: ofice, within: 20m}]
    warnigns: []
scorecards:
  provincial:
    total: 100
    missing: zero
    items:
      - {id: hotline, points: 35, deduction: {per: 1}}
      - {id: rest, points: 59, deduction: {per: 1}}
machines:
  m:
    version: 1
    initial: a
    states: [{name: a}, {name: b}, {name: c, terminal: true}]
    transitions: [{from: a, on: go, to: c}, {from: b, on: go, to: c}]
`
	list := checkErrors(t, src,
		wantErr{"14:39", "clocks.contact.start[0].when", policy.ErrRule, `unknown name "raed"`, ""},
		wantErr{"15:37", "clocks.contact.targets[0].calendar", policy.ErrInvalid, "ofice", ""},
		wantErr{"16:5", "clocks.contact.warnigns", policy.ErrUnknownKey, "warnigns", ""},
		wantErr{"19:12", "scorecards.provincial.total", policy.ErrInvalid, "94", ""},
		wantErr{"28:25", "machines.m.states[1]", policy.ErrInvalid, "cannot be reached", ""},
	)
	var qe *quality.Error
	if !errors.As(list, &qe) || qe.Line != 1 || qe.Column != 26 {
		t.Errorf("errors.As quality.Error: %v", qe)
	}
	if !errors.Is(list, quality.ErrUnknownName) || !errors.Is(list, appraisal.ErrTotalMismatch) || !errors.Is(list, sla.ErrClockSpec) {
		t.Error("errors.Is does not reach the packages' sentinels")
	}
	var te *appraisal.TotalError
	if !errors.As(list, &te) || !te.Sum.Equal(te.Declared.Sub(te.Declared).Add(te.Sum)) || te.Sum.String() != "94" {
		t.Errorf("errors.As TotalError: %v", te)
	}
	var fe *policy.FindingError
	if !errors.As(list, &fe) || fe.Code != escalation.CodeUnreachableState || fe.Machine != "m" {
		t.Errorf("errors.As FindingError: %+v", fe)
	}
	if !errors.Is(list[0], policy.ErrRule) || list[0].RuleLine != 1 || list[0].RuleColumn != 26 {
		t.Errorf("rule place: %d:%d", list[0].RuleLine, list[0].RuleColumn)
	}
	want := "t.yaml:14:39: clocks.contact.start[0].when: unknown name \"raed\" (did you mean \"rated\"?)\n" +
		"   |     start: ['event == \"dispatched\" && raed > 0']\n" +
		"   |                                       ^"
	if got := list[0].Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

// TestCalendarFileErrors: an error in a referenced calendar file is placed in
// that file.
func TestCalendarFileErrors(t *testing.T) {
	src := "version: 1\nname: t\ncalendars:\n  office: {file: bad_calendar.json}\n  gone: {file: missing.json}\n"
	_, err := policy.Parse("testdata/t.yaml", []byte(src))
	var list policy.ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	if e := list[0]; e.File != "testdata/bad_calendar.json" || e.Line != 5 || e.Column != 28 || e.Path != "week.mon[1]" || !errors.Is(e, sla.ErrOverlappingWindows) {
		t.Errorf("JSON error: %s:%d:%d %v", e.File, e.Line, e.Column, e)
	}
	if e := list[1]; e.File != "testdata/t.yaml" || e.Line != 5 || e.Column != 16 || !errors.Is(e, policy.ErrReference) {
		t.Errorf("missing file: %s:%d:%d %v", e.File, e.Line, e.Column, e)
	}
}
