package sla

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// TestCompileClocksRefuses lists what a clock definition can get wrong; each
// is reported as a *ClockSpecError with the field's path.
func TestCompileClocksRefuses(t *testing.T) {
	ok := func() ClockSpec {
		return ClockSpec{Name: "c", Start: on("a"), Stop: on("b"), Targets: within("t", "24x7", time.Minute)}
	}
	tests := []struct {
		name string
		mod  func(*ClockSpec)
		path string
		msg  string
	}{
		{"no name", func(c *ClockSpec) { c.Name = "" }, "name", "empty clock name"},
		{"no start", func(c *ClockSpec) { c.Start = nil }, "start", "no start condition"},
		{"empty condition", func(c *ClockSpec) { c.Stop = []Condition{{Name: "x"}} }, "stop[0].when", "empty condition"},
		{"rule syntax", func(c *ClockSpec) { c.Stop = []Condition{{When: `event ==`}} }, "stop[0].when", ""},
		{"unknown fact", func(c *ClockSpec) { c.Cancel = []Condition{{When: `stauts == "x"`}} }, "cancel[0].when", "stauts"},
		{"not a bool", func(c *ClockSpec) { c.Start = []Condition{{When: `status`}} }, "start[0].when", ""},
		{"pause without resume", func(c *ClockSpec) { c.Pause = on("p") }, "resume", "come together"},
		{"no target", func(c *ClockSpec) { c.Targets = nil }, "targets", "no target"},
		{"unknown calendar", func(c *ClockSpec) { c.Targets[0].Calendar = "mars" }, "targets[0].calendar", "unknown calendar"},
		{"two kinds", func(c *ClockSpec) { c.Targets[0].Deadline = "appointment_end" }, "targets[0]", "exactly one"},
		{"no kind", func(c *ClockSpec) { c.Targets[0].Within = 0 }, "targets[0]", "exactly one"},
		{"negative budget", func(c *ClockSpec) { c.Targets[0].Within = -time.Minute }, "targets[0].within", "above 0"},
		{"budget beyond 50 years", func(c *ClockSpec) { c.Targets[0].Within = 51 * 365 * 24 * time.Hour }, "targets[0].within", "50 years"},
		{"warning beyond 50 years", func(c *ClockSpec) { c.Warnings = []WarningSpec{{Name: "w", After: 51 * 365 * 24 * time.Hour}} }, "warnings[0].after", "50 years"},
		{"last target conditional", func(c *ClockSpec) { c.Targets[0].When = `priority == "urgent"` }, "targets[0].when", "last target"},
		{"default target first", func(c *ClockSpec) {
			c.Targets = append(c.Targets, TargetSpec{Name: "u", Calendar: "24x7", Within: time.Hour})
		}, "targets[0].when", "only the last"},
		{"duplicate target", func(c *ClockSpec) {
			c.Targets = []TargetSpec{{Name: "t", When: "true", Calendar: "24x7", Within: time.Hour}, {Name: "t", Calendar: "24x7", Within: time.Hour}}
		}, "targets[1].name", "twice"},
		{"deadline not a time", func(c *ClockSpec) { c.Targets[0] = TargetSpec{Name: "t", Calendar: "24x7", Deadline: "status"} }, "targets[0].deadline", ""},
		{"slots without times", func(c *ClockSpec) {
			c.Targets[0] = TargetSpec{Name: "t", Calendar: "24x7", Slots: &SlotSpec{Days: WeekdaysMonSat}}
		}, "targets[0].slots", "no slot times"},
		{"slots without days", func(c *ClockSpec) {
			c.Targets[0] = TargetSpec{Name: "t", Calendar: "24x7", Slots: &SlotSpec{Times: []TimeOfDay{HM(10, 0)}}}
		}, "targets[0].slots", "no slot days"},
		{"slot at 24:00", func(c *ClockSpec) {
			c.Targets[0] = TargetSpec{Name: "t", Calendar: "24x7", Slots: &SlotSpec{Times: []TimeOfDay{EndOfDay}, Days: WeekdaysAll}}
		}, "targets[0].slots", "23:59:59"},
		{"pausing clock with a deadline", func(c *ClockSpec) {
			c.Pause, c.Resume = on("p"), on("r")
			c.Targets[0] = TargetSpec{Name: "t", Calendar: "24x7", Deadline: "appointment_end"}
		}, "targets[0]", "cannot move"},
		{"warning without kind", func(c *ClockSpec) { c.Warnings = []WarningSpec{{Name: "w"}} }, "warnings[0]", "exactly one"},
		{"warning two kinds", func(c *ClockSpec) { c.Warnings = []WarningSpec{{Name: "w", Percent: pct(50), After: time.Hour}} }, "warnings[0]", "exactly one"},
		{"warning percent too big", func(c *ClockSpec) { c.Warnings = []WarningSpec{{Name: "w", Percent: pct(1001)}} }, "warnings[0].percent", "at most 1000"},
		{"warning percent negative", func(c *ClockSpec) { c.Warnings = []WarningSpec{{Name: "w", Percent: pct(-5)}} }, "warnings[0].percent", "above 0"},
		{"warning percent too precise", func(c *ClockSpec) {
			c.Warnings = []WarningSpec{{Name: "w", Percent: decimal.RequireFromString("33.3333333")}}
		}, "warnings[0].percent", "six decimal"},
		{"warning unnamed", func(c *ClockSpec) { c.Warnings = []WarningSpec{{After: time.Hour}} }, "warnings[0].name", "empty"},
		{"warning negative lead", func(c *ClockSpec) { c.Warnings = []WarningSpec{{Name: "w", Before: -time.Hour}} }, "warnings[0].before", "above 0"},
		{"bad policy", func(c *ClockSpec) { c.OnTargetChange = 9 }, "on_target_change", "unknown policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := ok()
			tt.mod(&spec)
			_, err := CompileClocks(testEnv(t), spec)
			if !errors.Is(err, ErrClockSpec) {
				t.Fatalf("error %v, want ErrClockSpec", err)
			}
			var found bool
			for _, e := range unjoin(err) {
				var se *ClockSpecError
				if errors.As(e, &se) && se.Path == tt.path && strings.Contains(se.Error(), tt.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error at %q containing %q in:\n%v", tt.path, tt.msg, err)
			}
		})
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// TestCompileClocksReportsAll: every problem of every clock at once, rule
// errors with their line and column.
func TestCompileClocksReportsAll(t *testing.T) {
	bad := ClockSpec{Name: "a", Start: []Condition{{When: `event == "x" && priorty == "urgent"`}}, Targets: within("t", "nope", time.Minute)}
	dup := ClockSpec{Name: "b", Start: on("x"), Targets: within("t", "24x7", time.Minute)}
	_, err := CompileClocks(testEnv(t), bad, dup, dup)
	errs := unjoin(err)
	if len(errs) != 3 {
		t.Fatalf("%d errors, want 3 (rule, calendar, duplicate clock):\n%v", len(errs), err)
	}
	var qe *quality.Error
	if !errors.As(errs[0], &qe) || qe.Line != 1 || qe.Column != 17 || !errors.Is(errs[0], quality.ErrUnknownName) {
		t.Errorf("rule error: %#v", qe)
	}
	if !strings.Contains(errs[2].Error(), `clock "b" defined twice`) {
		t.Errorf("duplicate: %v", errs[2])
	}
}

// TestCompileClocksEnv: the schema is required and must not declare "event".
func TestCompileClocksEnv(t *testing.T) {
	spec := dispatchClock
	if _, err := CompileClocks(ClockEnv{}, spec); !errors.Is(err, ErrClockSpec) {
		t.Errorf("no schema: %v", err)
	}
	env := testEnv(t)
	env.Schema = quality.MustSchema(quality.Field{Name: "event", Kind: quality.KindString})
	if _, err := CompileClocks(env, spec); !errors.Is(err, ErrClockSpec) || !strings.Contains(err.Error(), `"event"`) {
		t.Errorf("schema with event: %v", err)
	}
}

// TestClockSpecJSON: definitions are plain data that round-trip through
// JSON, as a policy file gives them.
func TestClockSpecJSON(t *testing.T) {
	specs := []ClockSpec{repairClock, classifyClock, arrivalClock, overdueClock}
	specs[0].OnTargetChange = KeepFirst
	b, err := json.Marshal(specs)
	if err != nil {
		t.Fatal(err)
	}
	var back []ClockSpec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Errorf("round trip:\n%s\n%s", b, b2)
	}
	if !strings.Contains(string(b), `"times":["10:00","15:00"],"days":["mon","tue","wed","thu","fri","sat"]`) ||
		!strings.Contains(string(b), `"on_target_change":"keep_first"`) {
		t.Errorf("JSON form: %s", b)
	}
	if _, err := CompileClocks(testEnv(t), back...); err != nil {
		t.Errorf("decoded specs do not compile: %v", err)
	}
	cs := mustCompile(t, specs...)
	if got, _ := json.Marshal(cs.Specs()); string(got) != string(b) {
		t.Errorf("Specs() differs from the input")
	}
	var p TargetChange
	if err := json.Unmarshal([]byte(`"sometimes"`), &p); !errors.Is(err, ErrClockSpec) {
		t.Errorf("bad policy: %v", err)
	}
	for _, p := range []TargetChange{TargetChangeInvalid, KeepElapsed, KeepFirst, 7} {
		if p.String() == "" {
			t.Errorf("empty String for %d", p)
		}
	}
}
