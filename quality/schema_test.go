package quality

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestKindString(t *testing.T) {
	want := map[Kind]string{
		KindInvalid: "Kind(0)", KindString: "string", KindBool: "bool", KindInt: "int",
		KindDecimal: "decimal", KindDuration: "duration", KindTime: "time", KindStrings: "strings",
		Kind(99): "Kind(99)",
	}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(k), k.String(), s)
		}
	}
}

func TestNewSchemaRefuses(t *testing.T) {
	tests := map[string][]Field{
		"empty name":   {{Name: "", Kind: KindInt}},
		"digit first":  {{Name: "1st", Kind: KindInt}},
		"space":        {{Name: "a b", Kind: KindInt}},
		"dot":          {{Name: "a.b", Kind: KindInt}},
		"non-ascii":    {{Name: "满意", Kind: KindInt}},
		"reserved":     {{Name: "in", Kind: KindInt}},
		"keyword let":  {{Name: "let", Kind: KindInt}},
		"true":         {{Name: "true", Kind: KindBool}},
		"no kind":      {{Name: "rated", Kind: KindInvalid}},
		"unknown kind": {{Name: "rated", Kind: Kind(42)}},
		"duplicate":    {{Name: "rated", Kind: KindInt}, {Name: "rated", Kind: KindDecimal}},
	}
	for name, fields := range tests {
		if _, err := NewSchema(fields...); !errors.Is(err, ErrSchema) {
			t.Errorf("%s: NewSchema(%v) = %v, want ErrSchema", name, fields, err)
		}
	}
}

func TestSchemaAccessors(t *testing.T) {
	fields := []Field{
		{Name: "satisfied", Kind: KindInt, Doc: "customers who gave a 10"},
		{Name: "rated", Kind: KindInt},
		{Name: "now", Kind: KindTime},
		{Name: "len", Kind: KindInt}, // function names are free as fact names
	}
	s := MustSchema(fields...)
	if diff := cmp.Diff(fields, s.Fields()); diff != "" {
		t.Errorf("Fields() (-want +got):\n%s", diff)
	}
	s.Fields()[0].Name = "changed"
	if f, ok := s.Field("satisfied"); !ok || f.Doc != "customers who gave a 10" {
		t.Errorf("Field(satisfied) = %v, %v", f, ok)
	}
	if _, ok := s.Field("missing"); ok {
		t.Error("Field(missing) found")
	}
	// A fact named like a function is read as a fact.
	r := MustCompile("len + 1 > satisfied", s, KindBool)
	if ok, err := r.EvalBool(Facts{"len": 5, "satisfied": 5}); err != nil || !ok {
		t.Errorf("len as a fact: %v, %v", ok, err)
	}
}

func TestSchemaExtend(t *testing.T) {
	base := MustSchema(Field{Name: "rated", Kind: KindInt})
	ext, err := base.Extend(Field{Name: "event", Kind: KindString})
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Fields()) != 1 || len(ext.Fields()) != 2 {
		t.Errorf("Extend changed the base or lost a field: %v %v", base.Fields(), ext.Fields())
	}
	if _, err := base.Extend(Field{Name: "rated", Kind: KindInt}); !errors.Is(err, ErrSchema) {
		t.Errorf("Extend with a duplicate: %v", err)
	}
	if _, err := Compile(`event == "x"`, base, KindBool); !errors.Is(err, ErrUnknownName) {
		t.Errorf("base schema knows the extension: %v", err)
	}
	r := MustCompile(`event == "arrived" && rated > 0`, ext, KindBool)
	if ok, err := r.EvalBool(Facts{"event": "arrived", "rated": 1}); err != nil || !ok {
		t.Errorf("extended rule: %v, %v", ok, err)
	}
}

type orderFacts struct {
	Satisfied int             `fact:"satisfied" doc:"customers who gave a 10"`
	Rated     int64           `fact:"rated"`
	Fee       decimal.Decimal `fact:"fee"`
	Tags      []string        `fact:"tags"`
	Labels    labelList       `fact:"labels"`
	Kind      channel         `fact:"kind"`
	VIP       bool            `fact:"vip"`
	Wait      time.Duration   `fact:"wait"`
	At        time.Time       `fact:"at"`
	Untagged  int
	Skipped   string `fact:"-"`
	hidden    int
}

type (
	labelList []string
	channel   string
)

func TestSchemaOf(t *testing.T) {
	s, err := SchemaOf(&orderFacts{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{
		{Name: "satisfied", Kind: KindInt, Doc: "customers who gave a 10"},
		{Name: "rated", Kind: KindInt},
		{Name: "fee", Kind: KindDecimal},
		{Name: "tags", Kind: KindStrings},
		{Name: "labels", Kind: KindStrings},
		{Name: "kind", Kind: KindString},
		{Name: "vip", Kind: KindBool},
		{Name: "wait", Kind: KindDuration},
		{Name: "at", Kind: KindTime},
		{Name: "Untagged", Kind: KindInt},
	}
	if diff := cmp.Diff(want, s.Fields()); diff != "" {
		t.Errorf("SchemaOf fields (-want +got):\n%s", diff)
	}
	at := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
	o := orderFacts{Satisfied: 93, Rated: 100, Fee: dec("12.5"), Tags: []string{"repair"}, Labels: labelList{"vip"},
		Kind: "repair", VIP: true, Wait: time.Minute, At: at, Untagged: 3, hidden: 1}
	r := MustCompile(`satisfied / rated >= 0.9 && fee > 12 && "repair" in tags && "vip" in labels && kind == "repair" &&
		vip && wait < duration("2m") && at == at && Untagged == 3`, s, KindBool)
	for _, facts := range []any{o, &o, Facts{"satisfied": 93, "rated": 100, "fee": dec("12.5"), "tags": []string{"repair"},
		"labels": []string{"vip"}, "kind": "repair", "vip": true, "wait": time.Minute, "at": at, "Untagged": 3}} {
		if ok, err := r.EvalBool(facts); err != nil || !ok {
			t.Errorf("EvalBool(%T) = %v, %v", facts, ok, err)
		}
	}
	// Other types are refused.
	if _, err := r.EvalBool(struct{ X int }{1}); !errors.Is(err, ErrFactType) {
		t.Errorf("another struct: %v", err)
	}
	if _, err := r.EvalBool((*orderFacts)(nil)); !errors.Is(err, ErrFactType) {
		t.Errorf("nil pointer: %v", err)
	}
	if _, err := r.EvalBool(nil); !errors.Is(err, ErrFactType) {
		t.Errorf("nil facts: %v", err)
	}
	// An extended schema takes maps only.
	ext, _ := s.Extend(Field{Name: "event", Kind: KindString})
	r = MustCompile(`rated > 1`, ext, KindBool)
	if _, err := r.EvalBool(o); !errors.Is(err, ErrFactType) {
		t.Errorf("struct for an extended schema: %v", err)
	}
}

func TestSchemaOfRefuses(t *testing.T) {
	type withFloat struct {
		X float64 `fact:"x"`
	}
	type withBadName struct {
		X int `fact:"not a name"`
	}
	type inner struct{ A int }
	type embedded struct{ inner }
	type embeddedExported struct{ Inner inner }
	for _, v := range []any{42, nil, withFloat{}, withBadName{}, embeddedExported{}, struct{ U uint }{}} {
		if _, err := SchemaOf(v); !errors.Is(err, ErrSchema) {
			t.Errorf("SchemaOf(%T) = %v, want ErrSchema", v, err)
		}
	}
	// An unexported embedded struct is not a field of the schema.
	if s, err := SchemaOf(embedded{}); err != nil || len(s.Fields()) != 0 {
		t.Errorf("SchemaOf(embedded) = %v, %v", s, err)
	}
}

// TestConcurrentEval evaluates one rule from many goroutines (run with
// -race): a Rule is safe for concurrent use.
func TestConcurrentEval(t *testing.T) {
	r := MustCompile(`let rate = satisfied / rated; rate >= 0.9 && count(tags, # != kind) < rated`, callbackSchema, KindBool)
	s, _ := SchemaOf(orderFacts{})
	rs := MustCompile(`satisfied / rated >= 0.9`, s, KindBool)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				sat := 80 + (g+i)%21
				want := sat*10 >= 900
				got, err := r.EvalBool(with(july(), "satisfied", sat))
				if err != nil || got != want {
					errs <- fmt.Errorf("goroutine %d: %d/100: %v, %v", g, sat, got, err)
					return
				}
				got, err = rs.EvalBool(&orderFacts{Satisfied: sat, Rated: 100})
				if err != nil || got != want {
					errs <- fmt.Errorf("goroutine %d struct: %d/100: %v, %v", g, sat, got, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestNoAllocs: the bool rule allocates nothing per evaluation.
func TestNoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	r := MustCompile("satisfied / rated >= 0.9 && rated >= 30", callbackSchema, KindBool)
	facts := july()
	allocs := testing.AllocsPerRun(1000, func() {
		if ok, err := r.EvalBool(facts); err != nil || !ok {
			t.Fatal(ok, err)
		}
	})
	if allocs != 0 {
		t.Errorf("EvalBool allocates %v times", allocs)
	}
}

// TestSlotsFallback runs the table tests with facts read from the map, as
// they would be should expr's virtual machine stop keeping variables.
func TestSlotsFallback(t *testing.T) {
	if !slotsWork {
		t.Fatal("the slot probe failed with this version of expr")
	}
	slotsWork = false
	defer func() { slotsWork = true }()
	TestBoolRules(t)
	TestDecimalRules(t)
	TestSchemaOf(t)
	TestEvalErrors(t)
}
