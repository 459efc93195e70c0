package quality

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// condFacts are the facts of the operators' conditions, as a host passes
// them in a struct.
type condFacts struct {
	Event             string          `fact:"event"`
	Status            string          `fact:"status"`
	OrderType         string          `fact:"order_type"`
	Product           string          `fact:"product"`
	DoNotCall         bool            `fact:"do_not_call"`
	TestOrder         bool            `fact:"test_order"`
	DaysSinceCallback int             `fact:"days_since_callback"`
	Note              string          `fact:"note"`
	Rated             decimal.Decimal `fact:"rated"`
}

var condSchema = func() *Schema {
	s, err := SchemaOf(condFacts{})
	if err != nil {
		panic(err)
	}
	return s
}()

func (o condFacts) facts() Facts {
	return Facts{"event": o.Event, "status": o.Status, "order_type": o.OrderType, "product": o.Product,
		"do_not_call": o.DoNotCall, "test_order": o.TestOrder, "days_since_callback": o.DaysSinceCallback,
		"note": o.Note, "rated": o.Rated}
}

// TestFastShapes: which bool rules are evaluated without the virtual
// machine.
func TestFastShapes(t *testing.T) {
	tests := []struct {
		src  string
		fast bool
	}{
		{`event == "status_changed" && status == "pending_customer"`, true},
		{`order_type in ["install", "move"]`, true},
		{`!do_not_call && !test_order`, true},
		{`not do_not_call and not test_order`, true},
		{`order_type not in ["install", "move"]`, true},
		{`"x" != product`, true},
		{`event == status`, true},
		{`do_not_call == (status == "x")`, true},
		{`do_not_call != test_order || false`, true},
		{`days_since_callback < 30`, true},
		{`30 >= days_since_callback || days_since_callback == -1`, true},
		{`true`, true},
		{`status == "a" && order_type == "b" && product == "c" && event == "d" && do_not_call && test_order && days_since_callback > 0 && note == "e"`, true},
		{`status in ["a", product]`, false},
		{`len(status) > 3`, false},
		{`status startsWith "pend"`, false},
		{`status < "m"`, false},
		{`let s = status; s == "x"`, false},
		{`days_since_callback < 30.5`, false},
		{`days_since_callback in [1, 2]`, false},
		{`days_since_callback + 1 < 30`, false},
		{`rated >= 0.9`, false},
		{`status == "a" ? do_not_call : test_order`, false},
		{`status + "x" == "ax"`, false},
	}
	for _, tt := range tests {
		r, err := Compile(tt.src, condSchema, KindBool)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if got := r.fast != nil; got != tt.fast {
			t.Errorf("%s: fast %v, want %v", tt.src, got, tt.fast)
		}
		vm, err := Compile(tt.src, condSchema, KindBool, vmOnly())
		if err != nil || vm.fast != nil {
			t.Fatalf("%s: vmOnly gave fast %v, %v", tt.src, vm.fast != nil, err)
		}
	}
	for _, k := range []Kind{KindString, KindDecimal} {
		src := map[Kind]string{KindString: "status", KindDecimal: "days_since_callback"}[k]
		if r := MustCompile(src, condSchema, k); r.fast != nil {
			t.Errorf("%s: a %v rule has a fast path", src, k)
		}
	}
}

// TestFastOne: which fast rules test one fact without slots, and that they
// give the virtual machine's value, or its error, for the fact equal to a
// literal, different, missing and of another Go type.
func TestFastOne(t *testing.T) {
	tests := []struct {
		src string
		one bool
	}{
		{`status == "pending_customer"`, true},
		{`"pending_customer" == status`, true},
		{`status != "pending_customer"`, true},
		{`!(status == "pending_customer")`, true},
		{`status in ["pending_customer", "pending_parts"]`, true},
		{`status not in ["pending_customer", "pending_parts"]`, true},
		{`not not do_not_call`, true},
		{`!do_not_call`, true},
		{`do_not_call`, true},
		{`status == status`, false},
		{`status == "a" || status == "b"`, false},
		{`days_since_callback < 30`, false},
		{`do_not_call == true`, false},
		{`true`, false},
	}
	values := []any{"pending_customer", "pending_parts", "new", true, false, 7}
	for _, tt := range tests {
		r := MustCompile(tt.src, condSchema, KindBool)
		if got := r.fast != nil && r.fast.one != nil; got != tt.one {
			t.Errorf("%s: one-fact path %v, want %v", tt.src, got, tt.one)
		}
		if len(r.Facts()) == 0 {
			continue
		}
		vm := MustCompile(tt.src, condSchema, KindBool, vmOnly())
		fact := r.Facts()[0]
		for _, v := range append(values, nil) {
			facts := simpleFacts.facts()
			if v == nil {
				delete(facts, fact)
			} else {
				facts[fact] = v
			}
			got, gotErr := r.EvalBool(facts)
			want, wantErr := vm.EvalBool(facts)
			if got != want || (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
				t.Errorf("%s with %s = %#v: %v, %v; the virtual machine gives %v, %v", tt.src, fact, v, got, gotErr, want, wantErr)
			}
		}
	}
}

// TestFastOperatorConditions: the operators' conditions for SLA clocks,
// sampling and escalation guards, on a map and on a struct, on the fast
// path and on the virtual machine.
func TestFastOperatorConditions(t *testing.T) {
	base := condFacts{Event: "status_changed", Status: "pending_customer", OrderType: "install",
		Product: "broadband", DaysSinceCallback: 9999}
	with := func(mod func(*condFacts)) condFacts { f := base; mod(&f); return f }
	tests := []struct {
		src   string
		facts condFacts
		want  bool
	}{
		{`event == "status_changed" && status == "pending_customer"`, base, true},
		{`event == "status_changed" && status == "pending_customer"`, with(func(f *condFacts) { f.Status = "in_progress" }), false},
		{`event == "status_changed" && status == "pending_customer"`, with(func(f *condFacts) { f.Event = "note_added" }), false},
		{`order_type in ["install", "move"]`, base, true},
		{`order_type in ["install", "move"]`, with(func(f *condFacts) { f.OrderType = "move" }), true},
		{`order_type in ["install", "move"]`, with(func(f *condFacts) { f.OrderType = "repair" }), false},
		{`order_type in ["install", "move"]`, with(func(f *condFacts) { f.OrderType = "Install" }), false},
		{`!do_not_call && !test_order`, base, true},
		{`!do_not_call && !test_order`, with(func(f *condFacts) { f.DoNotCall = true }), false},
		{`!do_not_call && !test_order`, with(func(f *condFacts) { f.TestOrder = true }), false},
		{`days_since_callback < 30`, base, false},
		{`days_since_callback < 30`, with(func(f *condFacts) { f.DaysSinceCallback = 29 }), true},
		{`days_since_callback < 30`, with(func(f *condFacts) { f.DaysSinceCallback = 30 }), false},
		{`product == "smart_tv" && order_type == "activation"`, with(func(f *condFacts) { f.Product, f.OrderType = "smart_tv", "activation" }), true},
		{`product == "smart_tv" && order_type == "activation"`, with(func(f *condFacts) { f.Product = "smart_tv" }), false},
	}
	for _, tt := range tests {
		fast := MustCompile(tt.src, condSchema, KindBool)
		vm := MustCompile(tt.src, condSchema, KindBool, vmOnly())
		if fast.fast == nil {
			t.Fatalf("%s: no fast path", tt.src)
		}
		for _, facts := range []any{tt.facts.facts(), map[string]any(tt.facts.facts()), tt.facts, &tt.facts} {
			for name, r := range map[string]*Rule{"fast": fast, "vm": vm} {
				got, err := r.EvalBool(facts)
				if err != nil || got != tt.want {
					t.Errorf("%s on %T (%s): %v, %v; want %v", tt.src, facts, name, got, err, tt.want)
				}
				if v, err := r.Eval(facts); err != nil || v != any(tt.want) {
					t.Errorf("%s on %T (%s): Eval %v, %v; want %v", tt.src, facts, name, v, err, tt.want)
				}
			}
		}
	}
}

// TestFastErrors: a missing or mistyped fact, nil or foreign facts give the
// virtual machine's error, also on a branch that && would not reach (the
// machine checks every fact the rule names before it runs).
func TestFastErrors(t *testing.T) {
	src := `do_not_call && status == "pending_customer"`
	fast := MustCompile(src, condSchema, KindBool)
	vm := MustCompile(src, condSchema, KindBool, vmOnly())
	var nilStruct *condFacts
	tests := []struct {
		name     string
		facts    any
		sentinel error
	}{
		{"status missing on a branch not reached", Facts{"do_not_call": false}, ErrMissingFact},
		{"status an int", Facts{"do_not_call": true, "status": 7}, ErrFactType},
		{"do_not_call a string", Facts{"do_not_call": "false", "status": "x"}, ErrFactType},
		{"nil facts", nil, ErrFactType},
		{"nil struct pointer", nilStruct, ErrFactType},
		{"another struct", struct{ Status string }{}, ErrFactType},
		{"a map of strings", map[string]string{"status": "x"}, ErrFactType},
	}
	for _, tt := range tests {
		_, want := vm.EvalBool(tt.facts)
		_, got := fast.EvalBool(tt.facts)
		if !errors.Is(want, tt.sentinel) || !errors.Is(got, tt.sentinel) || got.Error() != want.Error() {
			t.Errorf("%s: fast %v; vm %v; want %v", tt.name, got, want, tt.sentinel)
		}
		_, got = fast.Eval(tt.facts)
		if got == nil || got.Error() != want.Error() {
			t.Errorf("%s: Eval %v; want %v", tt.name, got, want)
		}
	}
}

// fastGen generates random rules of the fast shape over a random schema of
// string, bool and int facts.
type fastGen struct {
	strs, bools, ints []string
}

var fastLits = []string{"a", "b", "x", "城", ""}

func (g fastGen) str(t *rapid.T) string {
	if len(g.strs) == 0 || rapid.Bool().Draw(t, "literal") {
		return fmt.Sprintf("%q", rapid.SampledFrom(fastLits).Draw(t, "lit"))
	}
	return rapid.SampledFrom(g.strs).Draw(t, "str fact")
}

func (g fastGen) integer(t *rapid.T) string {
	if len(g.ints) == 0 || rapid.Bool().Draw(t, "literal") {
		return fmt.Sprint(rapid.IntRange(-3, 3).Draw(t, "int"))
	}
	return rapid.SampledFrom(g.ints).Draw(t, "int fact")
}

func (g fastGen) boolean(t *rapid.T, depth int) string {
	n := 7
	if depth > 3 {
		n = 3
	}
	switch rapid.IntRange(0, n).Draw(t, "shape") {
	case 0:
		return g.str(t) + rapid.SampledFrom([]string{" == ", " != "}).Draw(t, "op") + g.str(t)
	case 1:
		lits := rapid.SliceOfN(rapid.SampledFrom(fastLits), 1, 3).Draw(t, "list")
		q := make([]string, len(lits))
		for i, s := range lits {
			q[i] = fmt.Sprintf("%q", s)
		}
		return g.str(t) + rapid.SampledFrom([]string{" in ", " not in "}).Draw(t, "in") + "[" + strings.Join(q, ", ") + "]"
	case 2:
		if len(g.bools) > 0 && rapid.Bool().Draw(t, "fact") {
			return rapid.SampledFrom(g.bools).Draw(t, "bool fact")
		}
		return rapid.SampledFrom([]string{"true", "false"}).Draw(t, "bool")
	case 3:
		return g.integer(t) + rapid.SampledFrom([]string{" == ", " != ", " < ", " <= ", " > ", " >= "}).Draw(t, "op") + g.integer(t)
	case 4:
		return rapid.SampledFrom([]string{"!", "not "}).Draw(t, "not") + "(" + g.boolean(t, depth+1) + ")"
	case 5, 6:
		return "(" + g.boolean(t, depth+1) + ")" + rapid.SampledFrom([]string{" && ", " and ", " || ", " or "}).Draw(t, "op") +
			"(" + g.boolean(t, depth+1) + ")"
	default:
		return "(" + g.boolean(t, depth+1) + ") " + rapid.SampledFrom([]string{"==", "!="}).Draw(t, "op") +
			" (" + g.boolean(t, depth+1) + ")"
	}
}

// sameOutcome fails t unless the two evaluations agree: the same value, or
// errors with the same sentinel, message and place.
func sameOutcome(t *rapid.T, what string, got, want any, gotErr, wantErr error) {
	if (gotErr == nil) != (wantErr == nil) || got != want {
		t.Fatalf("%s: fast %v, %v; vm %v, %v", what, got, gotErr, want, wantErr)
	}
	if wantErr == nil {
		return
	}
	var ge, we *Error
	if !errors.As(gotErr, &ge) || !errors.As(wantErr, &we) || !reflect.DeepEqual(*ge, *we) ||
		gotErr.Error() != wantErr.Error() {
		t.Fatalf("%s: fast error %#v; vm error %#v", what, gotErr, wantErr)
	}
	for _, s := range []error{ErrMissingFact, ErrFactType, ErrLimit, ErrType} {
		if errors.Is(gotErr, s) != errors.Is(wantErr, s) {
			t.Fatalf("%s: errors.Is(%v): fast %v, vm %v", what, s, gotErr, wantErr)
		}
	}
}

// TestFastSameAsVM: random rules of the fast shape over a random schema give
// the virtual machine's value and error on random facts, missing and
// mistyped ones included, as a map and as a SchemaOf struct.
func TestFastSameAsVM(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kinds := []Kind{KindString, KindBool, KindInt}
		nfacts := rapid.IntRange(0, 6).Draw(t, "facts")
		var g fastGen
		var fields []reflect.StructField
		kindOf := map[string]Kind{}
		for i := range nfacts {
			name := fmt.Sprintf("f%d", i)
			k := rapid.SampledFrom(kinds).Draw(t, name+" kind")
			kindOf[name] = k
			var gt reflect.Type
			switch k {
			case KindString:
				g.strs, gt = append(g.strs, name), reflect.TypeFor[string]()
			case KindBool:
				g.bools, gt = append(g.bools, name), reflect.TypeFor[bool]()
			case KindInt:
				g.ints, gt = append(g.ints, name), reflect.TypeFor[int]()
			}
			fields = append(fields, reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: gt, Tag: reflect.StructTag(`fact:"` + name + `"`)})
		}
		st := reflect.StructOf(fields)
		schema, err := SchemaOf(reflect.New(st).Elem().Interface())
		if err != nil {
			t.Fatal(err)
		}
		src := g.boolean(t, 0)
		fast, err := Compile(src, schema, KindBool)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		vm := MustCompile(src, schema, KindBool, vmOnly())
		if fast.fast == nil {
			t.Fatalf("%s: no fast path", src)
		}

		facts := Facts{}
		sv := reflect.New(st).Elem()
		for i := range nfacts {
			name := fmt.Sprintf("f%d", i)
			var good any
			switch kindOf[name] {
			case KindString:
				good = rapid.SampledFrom(fastLits).Draw(t, name)
			case KindBool:
				good = rapid.Bool().Draw(t, name)
			case KindInt:
				good = rapid.IntRange(-3, 3).Draw(t, name)
			}
			sv.Field(i).Set(reflect.ValueOf(good))
			switch rapid.IntRange(0, 7).Draw(t, name+" state") {
			case 0: // missing
			case 1: // of another Go type
				facts[name] = rapid.SampledFrom([]any{int64(1), "1", true, 1, nil, []string{"a"}}).Draw(t, name+" wrong")
			default:
				facts[name] = good
			}
		}
		for _, in := range []any{facts, map[string]any(facts), sv.Interface(), sv.Addr().Interface()} {
			what := fmt.Sprintf("%s on %T %v", src, in, in)
			got, gotErr := fast.EvalBool(in)
			want, wantErr := vm.EvalBool(in)
			sameOutcome(t, what, got, want, gotErr, wantErr)
			gotV, gotErr := fast.Eval(in)
			wantV, wantErr := vm.Eval(in)
			sameOutcome(t, what+" (Eval)", gotV, wantV, gotErr, wantErr)
		}
	})
}

// TestFastNoAllocs: a simple condition allocates nothing, on a map and on a
// struct (where the virtual machine would box its string facts).
func TestFastNoAllocs(t *testing.T) {
	r := MustCompile(simpleConditionText, condSchema, KindBool)
	f := simpleFacts
	m := f.facts()
	for name, facts := range map[string]any{"map": m, "struct pointer": &f, "struct": f} {
		n := testing.AllocsPerRun(100, func() {
			ok, err := r.EvalBool(facts)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			sinkBool = ok
		})
		if n != 0 {
			t.Errorf("%s: %v allocations per evaluation", name, n)
		}
	}
}
