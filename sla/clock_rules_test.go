package sla

import (
	"slices"
	"testing"

	"github.com/servq/servq/quality"
	"pgregory.net/rapid"
)

// TestClockRuleSplit: what the clocks learn from a condition's text.
func TestClockRuleSplit(t *testing.T) {
	schema, err := eventSchema(orderSchema())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		src       string
		events    []string // nil: any event
		residual  string   // "" when the name decides alone; "*" for the whole rule
		withEvent bool
	}{
		{`event == "dispatched"`, []string{"dispatched"}, "", false},
		{`"dispatched" == event`, []string{"dispatched"}, "", false},
		{`event in ["a", "b"]`, []string{"a", "b"}, "", false},
		{`event == "a" || event == "b"`, []string{"a", "b"}, "", false},
		{`event == "status_changed" && status == "pending_customer"`, []string{"status_changed"}, `(status == "pending_customer")`, false},
		{`status == "x" and event == "s" && priority == "urgent"`, []string{"s"}, `(status == "x") && (priority == "urgent")`, false},
		{`event in ["a", "b"] && event == "b"`, []string{"b"}, "", false},
		{`event == "a" && event == "b"`, []string{}, "", false},
		{`(event == "a" && status == "x") && priority == "p"`, []string{"a"}, `(status == "x") && (priority == "p")`, false},
		{`event == "a" && (status == "x" || priority == "p")`, []string{"a"}, `((status == "x" || priority == "p"))`, false},
		{`status == "x"`, nil, "*", false},
		{`event != "a"`, nil, "*", true},
		{`event == "a" || status == "x"`, nil, "*", true},
		{`event == "a" && (event == "b" || status == "x")`, []string{"a"}, "*", true},
		{`event == status`, nil, "*", true},
	}
	for _, tt := range tests {
		r, err := compileClockRule(tt.src, schema, quality.KindBool, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if r.restrict != (tt.events != nil) || (tt.events != nil && !slices.Equal(r.events, tt.events) && !(len(r.events) == 0 && len(tt.events) == 0)) {
			t.Errorf("%s: events %v (restrict %v), want %v", tt.src, r.events, r.restrict, tt.events)
		}
		switch tt.residual {
		case "":
			if r.eval != nil {
				t.Errorf("%s: evaluates %q, want the name to decide", tt.src, r.eval.Source())
			}
		case "*":
			if r.eval == nil || r.eval.Source() != tt.src {
				t.Errorf("%s: evaluates %v, want the whole rule", tt.src, r.eval)
			}
		default:
			if r.eval == nil || r.eval.Source() != tt.residual {
				t.Errorf("%s: evaluates %v, want %q", tt.src, r.eval, tt.residual)
			}
		}
		if r.withEvent != tt.withEvent {
			t.Errorf("%s: withEvent %v", tt.src, r.withEvent)
		}
	}
}

// TestClockRuleSameAsWhole: a split rule holds exactly when the whole rule
// does, for random events and facts (rapid).
func TestClockRuleSameAsWhole(t *testing.T) {
	schema, err := eventSchema(orderSchema())
	if err != nil {
		t.Fatal(err)
	}
	sources := []string{
		`event == "a"`, `event in ["a", "b"]`, `event == "a" || event == "c"`,
		`event == "a" && status == "x"`, `status == "x" && event == "b" && priority == "p"`,
		`event == "a" && (status == "x" || priority == "p")`, `(event == "a" || event == "b") and not human_caused`,
		`event != "a" && status == "x"`, `event == "a" && (event == "b" || status == "x")`, `status == "x"`,
		`(event == "a" && status == "x") && priority == "p"`, `((event in ["a", "b"]) and (status == "y" && not human_caused))`,
	}
	var rules []clockRule
	var wholes []*quality.Rule
	for _, src := range sources {
		r, err := compileClockRule(src, schema, quality.KindBool, nil)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, r)
		wholes = append(wholes, quality.MustCompile(src, schema, quality.KindBool))
	}
	cs := &Clocks{clocks: []*clock{{}}}
	for i := range rules {
		cs.clocks[0].conds[actStart] = append(cs.clocks[0].conds[actStart], cond{rule: rules[i]})
	}
	cs.numberEvents()
	rapid.Check(t, func(t *rapid.T) {
		e := Event{ID: "x", Name: rapid.SampledFrom([]string{"a", "b", "c", "d"}).Draw(t, "event"), Facts: quality.Facts{
			"status":       rapid.SampledFrom([]string{"x", "y"}).Draw(t, "status"),
			"priority":     rapid.SampledFrom([]string{"p", "q"}).Draw(t, "priority"),
			"level":        "city",
			"human_caused": rapid.Bool().Draw(t, "human"),
		}}
		var f eventFacts
		for i, r := range cs.clocks[0].conds[actStart] {
			got, err := r.rule.holds(&e, cs.eventID(e.Name), &f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := wholes[i].EvalBool(f.of(&e))
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("%s on %s %v: %v, whole rule %v", sources[i], e.Name, e.Facts, got, want)
			}
		}
	})
}

// TestConditionNeedsOnlyItsFacts: an event ruled out by its name need not
// carry the facts of the rest of the condition.
func TestConditionNeedsOnlyItsFacts(t *testing.T) {
	cs := mustCompile(t, ClockSpec{Name: "c", Start: on("a"),
		Pause:   []Condition{{When: `event == "hold" && status == "pending"`}},
		Resume:  []Condition{{When: `event == "go"`}},
		Targets: within("t", "24x7", 1)})
	sc := newScript(t)
	s, err := cs.Fold(State{}, Event{ID: "1", At: sc.at("2025-07-01 09:00"), Name: "a"},
		Event{ID: "2", At: sc.at("2025-07-01 09:01"), Name: "note"})
	if err != nil {
		t.Fatalf("an event without facts: %v", err)
	}
	_, err = cs.Fold(s, Event{ID: "3", At: sc.at("2025-07-01 09:02"), Name: "hold"})
	if err == nil {
		t.Fatalf("a missing fact the condition reads passed")
	}
}
