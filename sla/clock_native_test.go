package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/servq/servq/quality"
	"pgregory.net/rapid"
)

// TestNativeShapes: which rules the clocks evaluate without expr's virtual
// machine.
func TestNativeShapes(t *testing.T) {
	schema, err := eventSchema(orderSchema())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		src    string
		kind   quality.Kind
		native bool
	}{
		{`status == "pending_customer"`, quality.KindBool, true},
		{`"x" != priority`, quality.KindBool, true},
		{`status in ["a", "b"] && not human_caused`, quality.KindBool, true},
		{`event == "a" || status == "x"`, quality.KindBool, true},
		{`event == status`, quality.KindBool, true},
		{`human_caused == (status == "x")`, quality.KindBool, true},
		{`!human_caused or level != "city" and priority == "p"`, quality.KindBool, true},
		{`true`, quality.KindBool, true},
		{`appointment_end`, quality.KindTime, true},
		{`status in ["a", level]`, quality.KindBool, false},
		{`len(status) > 3`, quality.KindBool, false},
		{`status startsWith "pend"`, quality.KindBool, false},
		{`status < "m"`, quality.KindBool, false},
		{`let s = status; s == "x"`, quality.KindBool, false},
		{`appointment_end + duration("1h")`, quality.KindTime, false},
		{`status == "a" && priority == "b" && level == "c" && human_caused && event == "e"`, quality.KindBool, false}, // more than maxNativeFacts
	}
	for _, tt := range tests {
		r, err := quality.Compile(tt.src, schema, tt.kind)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if got := compileNative(r, schema) != nil; got != tt.native {
			t.Errorf("%s: native %v, want %v", tt.src, got, tt.native)
		}
	}
}

// TestNativeSameAsRule: a native rule gives the quality rule's value, and
// when a fact is missing or of the wrong type the clock rule reports
// quality's error (rapid, over random rules of the native shapes).
func TestNativeSameAsRule(t *testing.T) {
	schema, err := eventSchema(orderSchema())
	if err != nil {
		t.Fatal(err)
	}
	str := rapid.Custom(func(t *rapid.T) string {
		if rapid.Bool().Draw(t, "literal") {
			return `"` + rapid.SampledFrom([]string{"a", "b", "x", "城"}).Draw(t, "lit") + `"`
		}
		return rapid.SampledFrom([]string{"status", "priority", "event"}).Draw(t, "fact")
	})
	var boolExpr func(depth int) *rapid.Generator[string]
	boolExpr = func(depth int) *rapid.Generator[string] {
		return rapid.Custom(func(t *rapid.T) string {
			n := 5
			if depth > 2 {
				n = 3
			}
			switch rapid.IntRange(0, n).Draw(t, "shape") {
			case 0:
				return str.Draw(t, "l") + rapid.SampledFrom([]string{" == ", " != "}).Draw(t, "op") + str.Draw(t, "r")
			case 1:
				return str.Draw(t, "l") + ` in ["a", "x", "b"]`
			case 2:
				return rapid.SampledFrom([]string{"human_caused", "true", "false"}).Draw(t, "bool")
			case 3:
				return rapid.SampledFrom([]string{"!", "not "}).Draw(t, "not") + "(" + boolExpr(depth+1).Draw(t, "x") + ")"
			case 4:
				return "(" + boolExpr(depth+1).Draw(t, "l") + ")" + rapid.SampledFrom([]string{" && ", " and ", " || ", " or "}).Draw(t, "op") +
					"(" + boolExpr(depth+1).Draw(t, "r") + ")"
			default:
				return "(" + boolExpr(depth+1).Draw(t, "l") + ") " + rapid.SampledFrom([]string{"==", "!="}).Draw(t, "op") +
					" (" + boolExpr(depth+1).Draw(t, "r") + ")"
			}
		})
	}
	value := func(t *rapid.T, name string, good any) (any, bool) {
		switch rapid.IntRange(0, 9).Draw(t, name) {
		case 0:
			return nil, false // missing
		case 1:
			return 7, true // wrong type
		}
		return good, true
	}
	rapid.Check(t, func(t *rapid.T) {
		src := boolExpr(0).Draw(t, "rule")
		rule, err := quality.Compile(src, schema, quality.KindBool)
		if err != nil {
			t.Skip(src, err)
		}
		n := compileNative(rule, schema)
		if n == nil {
			if len(rule.Facts()) <= maxNativeFacts {
				t.Fatalf("%s: not native", src)
			}
			return
		}
		cr := clockRule{eval: rule, withEvent: true, native: n}
		e := Event{ID: "1", Name: rapid.SampledFrom([]string{"a", "x", "note"}).Draw(t, "event"), Facts: quality.Facts{}}
		for _, f := range []struct {
			name string
			good any
		}{
			{"status", rapid.SampledFrom([]string{"a", "b", "x", "城"}).Draw(t, "status")},
			{"priority", rapid.SampledFrom([]string{"a", "x"}).Draw(t, "priority")},
			{"human_caused", rapid.Bool().Draw(t, "human")},
		} {
			if v, ok := value(t, f.name+" kind", f.good); ok {
				e.Facts[f.name] = v
			}
		}
		var ef eventFacts
		want, wantErr := rule.EvalBool(ef.of(&e))
		got, gotErr := cr.holds(&e, 0, &eventFacts{})
		if got != want || (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("%s on %s %v: %v, %v; quality %v, %v", src, e.Name, e.Facts, got, gotErr, want, wantErr)
		}
	})
}

// TestNativeTime: a deadline that is one time fact gives the fact itself,
// location included; a missing fact is quality's error.
func TestNativeTime(t *testing.T) {
	schema, err := eventSchema(orderSchema())
	if err != nil {
		t.Fatal(err)
	}
	r, err := compileClockRule("appointment_end", schema, quality.KindTime, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.native == nil {
		t.Fatal("not native")
	}
	at := time.Date(2025, 7, 1, 14, 0, 0, 0, shanghai(t))
	e := Event{ID: "1", Name: "x", Facts: quality.Facts{"appointment_end": at}}
	got, err := r.time(&e, &eventFacts{})
	want, _ := r.eval.EvalTime(e.Facts)
	if err != nil || got != want || got.Location() != at.Location() {
		t.Errorf("deadline %v, %v; want %v", got, err, want)
	}
	e.Facts = quality.Facts{"appointment_end": "14:00"}
	if _, err := r.time(&e, &eventFacts{}); !errors.Is(err, quality.ErrFactType) {
		t.Errorf("a string deadline: %v, want ErrFactType", err)
	}
	e.Facts = quality.Facts{}
	if _, err := r.time(&e, &eventFacts{}); !errors.Is(err, quality.ErrMissingFact) {
		t.Errorf("a missing deadline: %v, want ErrMissingFact", err)
	}
}
