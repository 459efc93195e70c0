package quality

import (
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// bareFacts are facts of the kinds a one-fact rule reads directly.
type bareFacts struct {
	End    time.Time     `fact:"appointment_end"`
	Grace  time.Duration `fact:"grace"`
	Status string        `fact:"status"`
}

// TestBareFactSameAsVM: a rule that is one fact gives what the virtual
// machine gives, value and error, on maps with the fact present, missing or
// of another Go type, and on the schema's struct.
func TestBareFactSameAsVM(t *testing.T) {
	schema, err := SchemaOf(bareFacts{})
	if err != nil {
		t.Fatal(err)
	}
	type rule struct {
		src  string
		kind Kind
	}
	rules := []rule{{"appointment_end", KindTime}, {"grace", KindDuration}, {"status", KindString}}
	for _, r := range rules {
		if MustCompile(r.src, schema, r.kind).bare != r.src {
			t.Fatalf("%s: not read directly", r.src)
		}
	}
	for _, src := range []string{"appointment_end + grace", `status + ""`} {
		kind := KindTime
		if src == `status + ""` {
			kind = KindString
		}
		if r := MustCompile(src, schema, kind); r.bare != "" {
			t.Errorf("%s: read directly as %q, but it is not one fact alone", src, r.bare)
		}
	}
	end := time.Date(2025, 7, 1, 16, 0, 0, 0, time.FixedZone("CST", 8*3600))
	good := map[string]any{"appointment_end": end, "grace": 30 * time.Minute, "status": "new"}
	rapid.Check(t, func(t *rapid.T) {
		r := rapid.SampledFrom(rules).Draw(t, "rule")
		fast := MustCompile(r.src, schema, r.kind)
		vm := MustCompile(r.src, schema, r.kind, vmOnly())
		facts := Facts{}
		for name, v := range good {
			switch rapid.IntRange(0, 4).Draw(t, name) {
			case 0: // missing
			case 1:
				facts[name] = rapid.SampledFrom([]any{"x", 1, end.Unix(), nil, []string{"a"}}).Draw(t, name+" wrong")
			default:
				facts[name] = v
			}
		}
		inputs := []any{facts, map[string]any(facts), bareFacts{End: end, Grace: time.Hour, Status: "x"}, &bareFacts{}}
		for _, in := range inputs {
			what := fmt.Sprintf("%s on %T %v", r.src, in, in)
			got, gotErr := fast.Eval(in)
			want, wantErr := vm.Eval(in)
			sameOutcome(t, what, got, want, gotErr, wantErr)
		}
		var gotErr, wantErr error
		var got, want any
		switch r.kind {
		case KindTime:
			got, gotErr = fast.EvalTime(facts)
			want, wantErr = vm.EvalTime(facts)
		case KindDuration:
			got, gotErr = fast.EvalDuration(facts)
			want, wantErr = vm.EvalDuration(facts)
		case KindString:
			got, gotErr = fast.EvalString(facts)
			want, wantErr = vm.EvalString(facts)
		}
		sameOutcome(t, r.src+" (typed)", got, want, gotErr, wantErr)
	})
}

// TestBareFactNoAllocs: reading a one-fact rule from a map allocates
// nothing.
func TestBareFactNoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	schema := MustSchema(Field{Name: "appointment_end", Kind: KindTime})
	r := MustCompile("appointment_end", schema, KindTime)
	f := Facts{"appointment_end": time.Date(2025, 7, 1, 16, 0, 0, 0, time.UTC)}
	if n := testing.AllocsPerRun(100, func() { _, _ = r.EvalTime(f) }); n != 0 {
		t.Errorf("EvalTime of one fact allocates %v times", n)
	}
}
