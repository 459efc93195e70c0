package quality

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"
)

// callbackSchema is the schema most tests use: a station's monthly callback
// figures (DOMAIN.md §3, §4).
var callbackSchema = MustSchema(
	Field{Name: "satisfied", Kind: KindInt, Doc: "customers who gave a 10"},
	Field{Name: "rated", Kind: KindInt, Doc: "customers who gave any rating"},
	Field{Name: "dissatisfied", Kind: KindInt, Doc: "dissatisfied customers found by callback"},
	Field{Name: "tens", Kind: KindInt, Doc: "orders rated 10"},
	Field{Name: "answered15s", Kind: KindInt, Doc: "hotline calls answered by a person within 15 seconds"},
	Field{Name: "calls", Kind: KindInt, Doc: "hotline calls"},
	Field{Name: "fee", Kind: KindDecimal, Doc: "a provider fee, yuan"},
	Field{Name: "penalty", Kind: KindDecimal, Doc: "yuan per dissatisfied customer"},
	Field{Name: "reward", Kind: KindDecimal, Doc: "yuan per 10"},
	Field{Name: "tags", Kind: KindStrings, Doc: "labels of the order"},
	Field{Name: "kind", Kind: KindString, Doc: "order kind"},
	Field{Name: "vip", Kind: KindBool, Doc: "key account"},
	Field{Name: "now", Kind: KindTime, Doc: "evaluation time"},
	Field{Name: "received", Kind: KindTime, Doc: "when the technician received the order"},
	Field{Name: "called", Kind: KindTime, Doc: "when the technician called the customer"},
	Field{Name: "wait", Kind: KindDuration, Doc: "queue wait in the hall"},
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func july() Facts {
	return Facts{
		"satisfied": 93, "rated": 100, "dissatisfied": 7, "tens": 93,
		"answered15s": 860, "calls": 1000,
		"fee": dec("12.50"), "penalty": dec("200"), "reward": dec("20"),
		"tags":     []string{"repair", "broadband"},
		"kind":     "repair",
		"vip":      false,
		"now":      time.Date(2024, 7, 1, 10, 25, 0, 0, time.UTC),
		"received": time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC),
		"called":   time.Date(2024, 7, 1, 10, 18, 0, 0, time.UTC),
		"wait":     12 * time.Minute,
	}
}

func with(f Facts, kv ...any) Facts {
	out := Facts{}
	for k, v := range f {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// TestBoolRules uses the operators' figures from DOMAIN.md.
func TestBoolRules(t *testing.T) {
	tests := []struct {
		name  string
		rule  string
		facts Facts
		want  bool
	}{
		// Repair satisfaction: baseline 90%, challenge 98% (only a 10 counts).
		{"repair baseline met", "satisfied / rated >= 0.9 && rated >= 30", july(), true},
		{"repair baseline missed", "satisfied / rated >= 0.9", with(july(), "satisfied", 89), false},
		{"repair baseline exactly", "satisfied / rated >= 0.9", with(july(), "satisfied", 90), true},
		{"repair challenge missed", "satisfied / rated >= 0.98", july(), false},
		{"repair challenge met", "satisfied / rated >= 0.98", with(july(), "satisfied", 98), true},
		{"few respondents", "satisfied / rated >= 0.9 && rated >= 30", with(july(), "satisfied", 10, "rated", 10), false},
		// Installation/move: baseline 95%, challenge 100%.
		{"install challenge 100%", "satisfied / rated >= 1.00", with(july(), "satisfied", 40, "rated", 40), true},
		{"install baseline", "satisfied / rated >= 0.95", with(july(), "satisfied", 38, "rated", 40), true},
		{"install baseline missed", "satisfied / rated >= 0.95", with(july(), "satisfied", 37, "rated", 40), false},
		// Hotline: 85% answered by a person within 15 seconds.
		{"hotline 15s", "answered15s / calls >= 0.85", july(), true},
		{"hotline 15s missed", "answered15s / calls >= 0.85", with(july(), "answered15s", 849), false},
		{"hotline 15s percent", "answered15s * 100 / calls >= 85", with(july(), "answered15s", 850), true},
		// The same comparison written the other way round.
		{"flipped", "0.85 <= answered15s / calls", july(), true},
		{"flipped strict", "0.86 < answered15s / calls", july(), false},
		{"equal", "answered15s / calls == 0.86", july(), true},
		{"not equal", "answered15s / calls != 0.86", july(), false},
		{"two quotients", "satisfied / rated > answered15s / calls", july(), true},
		// Punctuality: 7 of 12 dissatisfied cases named punctuality (58.33%).
		{"punctuality share", "7 / 12 > 0.5833 && 7 / 12 < 0.5834", july(), true},
		// Repair: call the customer within 20 minutes of receiving the order.
		{"called in 20 minutes", `called - received <= duration("20m")`, july(), true},
		{"late call", `now - received <= duration("20m")`, july(), false},
		{"hall wait 15 minutes", `wait <= duration("15m")`, july(), true},
		{"time order", "received < called && called <= now", july(), true},
		{"time plus duration", `received + duration("20m") >= called`, july(), true},
		// Lists and strings.
		{"tag", `"repair" in tags`, july(), true},
		{"not in", `"install" not in tags`, july(), true},
		{"count tags", `count(tags, # startsWith "broad") == 1`, july(), true},
		{"any", `any(tags, # == "repair")`, july(), true},
		{"all", `all(tags, len(#) > 3)`, july(), true},
		{"none", `none(tags, # matches "^inst")`, july(), true},
		{"one", `one(tags, # contains "band")`, july(), true},
		{"filter len", `len(filter(tags, # != "repair")) == 1`, july(), true},
		{"kind in list", `kind in ["repair", "install"]`, july(), true},
		{"lower", `lower("REPAIR") == kind`, july(), true},
		{"upper trim", `upper(trim("  repair ")) == "REPAIR"`, july(), true},
		{"range", `rated in 30..200`, july(), true},
		{"range predicate", `all(1..3, # * 10 < rated)`, july(), true},
		{"decimal list", `fee in [12.5, 13]`, july(), true},
		{"int in decimal list", `rated in [100.0, 3.5]`, july(), true},
		{"bool eq", `vip == false`, july(), true},
		{"ternary", `(vip ? 0.98 : 0.9) <= satisfied / rated`, july(), true},
		{"if else", `if vip { satisfied / rated >= 0.98 } else { satisfied / rated >= 0.9 }`, july(), true},
		{"let", `let rate = satisfied / rated; rate >= 0.9 && rate < 0.98`, july(), true},
		{"not", `not vip && !(rated < 30)`, july(), true},
		{"or", `vip or rated >= 30`, july(), true},
		{"mixed compare", `fee > 12`, july(), true},
		{"decimal eq scale", `fee == 12.5000`, july(), true},
		{"exact tenth", `0.1 + 0.2 == 0.3`, july(), true},
		{"int mod", `rated % 7 == 2`, july(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compile(tt.rule, callbackSchema, KindBool)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.rule, err)
			}
			got, err := r.EvalBool(tt.facts)
			if err != nil {
				t.Fatalf("EvalBool(%q): %v", tt.rule, err)
			}
			if got != tt.want {
				t.Errorf("%q = %v, want %v", tt.rule, got, tt.want)
			}
		})
	}
}

func TestDecimalRules(t *testing.T) {
	tests := []struct {
		name  string
		rule  string
		facts Facts
		want  string
	}{
		// Penalty raised from 100 to 200 yuan per dissatisfied customer.
		{"penalty", "200 * dissatisfied", july(), "1400"},
		{"penalty fact", "penalty * dissatisfied", july(), "1400"},
		// Reward per 10: 10 yuan, raised to 20 yuan in July.
		{"reward", "20 * tens", july(), "1860"},
		{"reward minus penalty", "reward * tens - penalty * dissatisfied", july(), "460"},
		{"old tariff", "10 * tens - 100 * dissatisfied", july(), "230"},
		{"rate", "satisfied / rated", july(), "0.93"},
		{"percent", "round(satisfied * 100 / rated, 2, \"half_up\")", with(july(), "satisfied", 28, "rated", 30), "93.33"},
		{"third", "1 / 3", july(), "0.3333333333333333"},
		{"two thirds", "2 / 3", july(), "0.6666666666666667"},
		{"exact constant", "fee * (0.1 + 0.2)", july(), "3.75"},
		{"unary minus", "-fee + 20", july(), "7.5"},
		{"minus minus", "-(-fee)", july(), "12.5"},
		{"abs", "abs(10 - fee)", july(), "2.5"},
		{"abs int", "abs(rated - 200)", july(), "100"},
		{"min", "min(fee, 13, 12.75)", july(), "12.5"},
		{"max", "max(fee, 13, 12.75)", july(), "13"},
		{"max ints", "max(rated, satisfied)", july(), "100"},
		{"round half_even", `round(2.5, 0, "half_even")`, july(), "2"},
		{"round half_up", `round(2.5, 0, "half_up")`, july(), "3"},
		{"round down", `round(-2.6, 0, "down")`, july(), "-2"},
		{"round up", `round(2.4, 0, "up")`, july(), "3"},
		{"round floor", `round(-2.5, 0, "floor")`, july(), "-3"},
		{"round ceiling", `round(-2.5, 0, "ceiling")`, july(), "-2"},
		{"round fee", `round(fee / 3, 2, "half_even")`, july(), "4.17"},
		{"exponent literal", "1.5e2 + fee", july(), "162.5"},
		{"underscores", "1_000.5 - 0.5", july(), "1000"},
		{"duration ratio", `duration("90m") / duration("1h")`, july(), "1.5"},
		{"conditional promotes", "vip ? 1.5 : rated", july(), "100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compile(tt.rule, callbackSchema, KindDecimal)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.rule, err)
			}
			got, err := r.EvalDecimal(tt.facts)
			if err != nil {
				t.Fatalf("EvalDecimal(%q): %v", tt.rule, err)
			}
			if !got.Equal(dec(tt.want)) {
				t.Errorf("%q = %v, want %v", tt.rule, got, tt.want)
			}
			any, err := r.Eval(tt.facts)
			if err != nil || !any.(decimal.Decimal).Equal(got) {
				t.Errorf("Eval(%q) = %v, %v; want %v", tt.rule, any, err, got)
			}
		})
	}
}

func TestOtherResultKinds(t *testing.T) {
	r := MustCompile(`called - received`, callbackSchema, KindDuration)
	if d, err := r.EvalDuration(july()); err != nil || d != 18*time.Minute {
		t.Errorf("duration = %v, %v", d, err)
	}
	r = MustCompile(`received + duration("20m")`, callbackSchema, KindTime)
	if tm, err := r.EvalTime(july()); err != nil || !tm.Equal(time.Date(2024, 7, 1, 10, 20, 0, 0, time.UTC)) {
		t.Errorf("time = %v, %v", tm, err)
	}
	r = MustCompile(`kind + ":" + upper(kind)`, callbackSchema, KindString)
	if s, err := r.EvalString(july()); err != nil || s != "repair:REPAIR" {
		t.Errorf("string = %q, %v", s, err)
	}
	r = MustCompile(`duration("1h") * 3 - duration("30m")`, callbackSchema, KindDuration)
	if d, err := r.EvalDuration(july()); err != nil || d != 150*time.Minute {
		t.Errorf("duration arithmetic = %v, %v", d, err)
	}
	r = MustCompile(`2 * wait + -wait`, callbackSchema, KindDuration)
	if d, err := r.EvalDuration(july()); err != nil || d != 12*time.Minute {
		t.Errorf("duration arithmetic on facts = %v, %v", d, err)
	}
	// Asking a rule for the wrong kind at evaluation is an error.
	if _, err := r.EvalBool(july()); !errors.Is(err, ErrResultKind) {
		t.Errorf("EvalBool on a duration rule: %v", err)
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		rule       string
		result     Kind
		sentinel   error
		line, col  int
		msg, hint  string
		wantErrors int
	}{
		{"satisfied / rate >= 0.9", KindBool, ErrUnknownName, 1, 13, `unknown name "rate"`, `did you mean "rated"?`, 1},
		{"satisfied / rated >= 0.9 &&\n  Rated >= 30", KindBool, ErrUnknownName, 2, 3, `unknown name "Rated"`, `did you mean "rated"?`, 1},
		{"satisfied / rated", KindBool, ErrResultKind, 1, 11, "rule gives decimal, not bool", "compare it", 1},
		{"kind >= 3", KindBool, ErrType, 1, 6, "cannot compare string with int", "", 1},
		{"foo + bar > baz", KindBool, ErrUnknownName, 1, 1, `unknown name "foo"`, "", 3},
		{"satisfied / 0 >= 0.9", KindBool, ErrDivisionByZero, 1, 11, "division by zero", "", 1},
		{"fee / (1 - 1)", KindDecimal, ErrDivisionByZero, 1, 5, "division by zero", "", 1},
		{"rated % 0", KindDecimal, ErrDivisionByZero, 1, 7, "division by zero", "", 1},
		{"satisfied / rated >=", KindBool, ErrSyntax, 1, 20, "unexpected token EOF", "", 1},
		{"at > now", KindBool, ErrUnknownName, 1, 1, `unknown name "at"`, "", 1},
		{"rated > 3 && \"x\" + 1", KindBool, ErrType, 1, 18, "+ cannot apply to string and int", "", 1},
		{`round(fee, 2)`, KindDecimal, ErrType, 1, 1, "round needs a value", "half_even", 1},
		{`round(fee, 2, "bankers")`, KindDecimal, ErrType, 1, 15, `unknown rounding mode "bankers"`, "", 1},
		{`duration("20 minutes") > wait`, KindBool, ErrType, 1, 10, `invalid duration "20 minutes"`, "", 1},
		{`fee * wait`, KindDuration, ErrType, 1, 5, "* cannot apply to decimal and duration", "multiply a duration by an int", 1},
		{`lenn(tags) > 1`, KindBool, ErrUnknownName, 1, 1, `unknown function "lenn"`, `did you mean "len"?`, 1},
		{`rated(1)`, KindBool, ErrType, 1, 1, "rated is a fact, not a function", "", 1},
		{"satisfied / rated >= 0.9", KindStrings, ErrResultKind, 0, 0, "a rule cannot give a strings", "", 1},
		{"satisfied / rated >= 0.9", KindInt, ErrResultKind, 0, 0, "a rule cannot give a int", "", 1},
		{"vip ? 1 : \"x\"", KindDecimal, ErrType, 1, 11, "the two branches have different kinds", "", 1},
		{"let rated = 3; rated", KindDecimal, ErrType, 1, 5, "let rated: rated is the name of a fact", "", 1},
		{"名字 == kind", KindBool, ErrUnknownName, 1, 1, `unknown name "名字"`, "", 1},
		{"kind == \"维修\" && 名字", KindBool, ErrUnknownName, 1, 17, `unknown name "名字"`, "", 1},
		{"nil == kind", KindBool, ErrType, 1, 1, "nil is not a value", "", 1},
		{"{a: 1}", KindBool, ErrUnsafe, 1, 1, "map literals", "", 1},
		{"tags[0] == kind", KindBool, ErrUnsafe, 1, 5, "indexing is not allowed", "", 1},
		{"1.5e999999999999 > fee", KindBool, ErrSyntax, 1, 1, "invalid float literal", "", 1},
		{"1e100 > fee", KindBool, ErrLimit, 1, 1, "more than 64 digits", "", 1},
		{"", KindBool, ErrSyntax, 1, 1, "empty rule", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			_, err := Compile(tt.rule, callbackSchema, tt.result)
			if err == nil {
				t.Fatalf("Compile(%q) succeeded", tt.rule)
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("Compile(%q) = %v; want %v", tt.rule, err, tt.sentinel)
			}
			var list ErrorList
			n := 1
			if errors.As(err, &list) {
				n = len(list)
			}
			if n != tt.wantErrors {
				t.Errorf("Compile(%q): %d errors, want %d: %v", tt.rule, n, tt.wantErrors, err)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%q) = %T, want *Error", tt.rule, err)
			}
			if e.Line != tt.line || e.Column != tt.col {
				t.Errorf("Compile(%q) at %d:%d, want %d:%d: %v", tt.rule, e.Line, e.Column, tt.line, tt.col, err)
			}
			if !strings.Contains(e.Message, tt.msg) {
				t.Errorf("Compile(%q) message %q, want %q", tt.rule, e.Message, tt.msg)
			}
			if !strings.Contains(e.Hint, tt.hint) {
				t.Errorf("Compile(%q) hint %q, want %q", tt.rule, e.Hint, tt.hint)
			}
			if e.Source != tt.rule {
				t.Errorf("Compile(%q) source %q", tt.rule, e.Source)
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := Compile("satisfied / rate >= 0.9", callbackSchema, KindBool)
	want := "quality: 1:13: unknown name \"rate\" (did you mean \"rated\"?)\n" +
		" | satisfied / rate >= 0.9\n" +
		" |             ^"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
	// Columns count runes: the caret sits under the name after Chinese text.
	_, err = Compile("kind == \"维修\" && 名字", callbackSchema, KindBool)
	want = "quality: 1:17: unknown name \"名字\"\n" +
		" | kind == \"维修\" && 名字\n" +
		" |                 ^"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		name      string
		rule      string
		result    Kind
		facts     any
		sentinel  error
		line, col int
		msg       string
	}{
		{"zero rated", "satisfied / rated >= 0.9", KindBool, with(july(), "rated", 0), ErrDivisionByZero, 1, 11, "division by zero"},
		{"zero rated value", "satisfied / rated", KindDecimal, with(july(), "rated", 0), ErrDivisionByZero, 1, 11, "division by zero"},
		{"zero rated second line", "rated >= 30 ||\n  satisfied / rated >= 0.9", KindBool, with(july(), "rated", 0), ErrDivisionByZero, 2, 13, "division by zero"},
		{"zero decimal", "penalty / (fee - 12.5)", KindDecimal, july(), ErrDivisionByZero, 1, 9, "division by zero"},
		{"zero quotient both", "satisfied / rated > calls / (rated - 100)", KindBool, july(), ErrDivisionByZero, 1, 27, "division by zero"},
		{"zero in a fused sum", "fee + penalty / (rated - 100) * 2", KindDecimal, july(), ErrDivisionByZero, 1, 15, "division by zero"},
		{"zero in a fused comparison", "round(fee / (rated - 100), 2, \"up\") > 0", KindBool, july(), ErrDivisionByZero, 1, 11, "division by zero"},
		{"zero mod", "rated % (rated - 100) == 0", KindBool, july(), ErrDivisionByZero, 1, 7, "division by zero"},
		{"missing", "satisfied / rated >= 0.9", KindBool, Facts{"satisfied": 1}, ErrMissingFact, 1, 13, `fact "rated" is missing`},
		{"int64", "satisfied / rated >= 0.9", KindBool, with(july(), "rated", int64(100)), ErrFactType, 1, 13, `fact "rated" is int64; want int`},
		{"float fee", "fee > 1", KindBool, with(july(), "fee", 12.5), ErrFactType, 1, 1, `fact "fee" is float64; want decimal.Decimal`},
		{"not facts", "fee > 1", KindBool, 42, ErrFactType, 0, 0, "facts are int"},
		{"overflow", "rated * 9223372036854775807 > 0", KindBool, july(), ErrLimit, 1, 7, "int overflow"},
		{"big decimal formula", "fee * fee * fee * fee * fee * fee * fee * fee", KindDecimal,
			with(july(), "fee", dec("123456789.123456789")), ErrLimit, 1, 0, "more than 64 digits"},
		{"missing in a formula", "fee * 2 + penalty", KindDecimal, Facts{"fee": dec("1")}, ErrMissingFact, 1, 11, `fact "penalty" is missing`},
		{"big decimal", "fee * fee * fee * fee * fee * fee * fee * fee * fee * fee > 0", KindBool,
			with(july(), "fee", dec("123456789.123456789")), ErrLimit, 1, 0, "more than 64 digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := MustCompile(tt.rule, callbackSchema, tt.result)
			_, err := r.Eval(tt.facts)
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("Eval(%q) = %v, want %v", tt.rule, err, tt.sentinel)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Eval(%q) = %T, want *Error", tt.rule, err)
			}
			if e.Line != tt.line || (tt.col != 0 && e.Column != tt.col) {
				t.Errorf("Eval(%q) at %d:%d, want %d:%d: %v", tt.rule, e.Line, e.Column, tt.line, tt.col, err)
			}
			if !strings.Contains(e.Message, tt.msg) {
				t.Errorf("Eval(%q) message %q, want %q", tt.rule, e.Message, tt.msg)
			}
		})
	}
}

func TestRuleAccessors(t *testing.T) {
	src := "satisfied / rated >= 0.9 && rated >= 30"
	r := MustCompile(src, callbackSchema, KindBool)
	if r.Source() != src || r.Result() != KindBool || r.Schema() != callbackSchema {
		t.Errorf("accessors: %q %v %p", r.Source(), r.Result(), r.Schema())
	}
	if got := strings.Join(r.Facts(), ","); got != "rated,satisfied" {
		t.Errorf("Facts() = %s", got)
	}
}

func TestMustCompilePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustCompile of a bad rule did not panic")
		}
	}()
	MustCompile("rate >", callbackSchema, KindBool)
}

func TestWithPrecision(t *testing.T) {
	r := MustCompile("2 / 3", callbackSchema, KindDecimal, WithPrecision(4))
	if got, _ := r.EvalDecimal(july()); !got.Equal(dec("0.6667")) {
		t.Errorf("2/3 at 4 places = %v", got)
	}
	// Comparisons with a quotient stay exact at any precision.
	// (2/3 rounded to 4 places is 0.6667, which is not below 0.66667.)
	r = MustCompile("2 / 3 < 0.66667", callbackSchema, KindBool, WithPrecision(4))
	if got, _ := r.EvalBool(july()); !got {
		t.Error("2/3 < 0.66667 should hold exactly")
	}
	r = MustCompile("satisfied / rated < 0.66667", callbackSchema, KindBool, WithPrecision(0))
	if got, _ := r.EvalBool(with(july(), "satisfied", 2, "rated", 3)); !got {
		t.Error("2/3 < 0.66667 should hold exactly")
	}
	for _, p := range []int32{-1, 65} {
		if _, err := Compile("1 / 3", callbackSchema, KindDecimal, WithPrecision(p)); !errors.Is(err, ErrLimit) {
			t.Errorf("WithPrecision(%d): %v", p, err)
		}
	}
}

// TestIntRatioOverflow covers the big-number fallback of exact quotient
// comparisons.
func TestIntRatioOverflow(t *testing.T) {
	r := MustCompile("satisfied / rated >= 0.9", callbackSchema, KindBool)
	const big = 9223372036854775807
	tests := []struct {
		s, n int
		want bool
	}{
		{big, big, true},
		{big - 1, big, true},
		{big / 10 * 9, big, false}, // just below 0.9 after the integer division
		{-big, -big, true},
		{9, -10, false},
		{-9, -10, true},
		{-10, -11, true},
		{-8, -10, false},
		{0, -1, false},
	}
	for _, tt := range tests {
		got, err := r.EvalBool(Facts{"satisfied": tt.s, "rated": tt.n})
		if err != nil || got != tt.want {
			t.Errorf("%d / %d >= 0.9 = %v, %v; want %v", tt.s, tt.n, got, err, tt.want)
		}
	}
}

// TestCombinations runs rules that mix kinds, functions and lowered calls,
// each of which must hold.
func TestCombinations(t *testing.T) {
	f := with(july(), "kind", "维修")
	for _, src := range []string{
		`len(kind) == 2`, `len("维修") == 2`,
		`wait + wait > duration("20m")`, `wait * 2 >= duration("24m")`, `2 * wait >= duration("24m")`,
		`-wait < duration("0s")`, `abs(-wait) == wait`,
		`min(wait, duration("1m")) == duration("1m")`, `max(wait, duration("1m")) > duration("11m")`,
		`(called - received) + wait > duration("29m")`, `received + (wait + wait) < now`,
		`now - duration("25m") == received`,
		`abs(rated - 200) > 99`, `min(rated, calls) == 100`, `count(tags, true) + 1 == 3`,
		`"x" not in tags`, `fee not in [1.5, 2]`, `rated in [100, 200]`, `not (rated in 1..10)`,
		`vip ? false : true`, `(vip ? kind : "b") == "b"`, `1; true`,
		`all(filter(tags, # != "x"), len(#) > 0)`, `kind + "-" + kind == "维修-维修"`,
		`round(rated / 3, 2, "floor") == 33.33`, `duration("1h") / duration("20m") == 3`,
		`(duration("1h") / duration("20m")) * 2 == 6`,
		`max(1, 2.5, rated) == 100`, `max(1, 2.5) == 2.5`, `min(3) == 3`,
		`-(satisfied / rated) < -0.9`, `+fee == fee`, `-(-rated) == 100`,
		`let r = 1 / 3; r != 0.3333333333333333`, `1 / 3 != 0.3333333333333333`,
		`let q = satisfied / rated; q * 100 == 93`, `(satisfied / rated) * 100 == 93`,
		`round(fee * 3 / 7, 4, "half_even") == 5.3571`,
		`fee * 2 - fee == fee && fee / 2 * 2 == fee`,
		`if rated > 50 { fee > 10 } else { false }`,
		`[1, 2.5] == [1, 2.5] || true`,
	} {
		r, err := Compile(src, callbackSchema, KindBool)
		if err != nil {
			if strings.HasPrefix(src, "[1, 2.5]") && errors.Is(err, ErrType) {
				continue // lists are not compared
			}
			t.Errorf("Compile(%q): %v", src, err)
			continue
		}
		if ok, err := r.EvalBool(f); err != nil || !ok {
			t.Errorf("%q = %v, %v", src, ok, err)
		}
	}
}

// noFloats reports why the compiled program of r could produce a float64,
// or "" when it cannot: no float constant, no float division or power.
func noFloats(r *Rule) string {
	for _, c := range r.program.Constants {
		if _, ok := c.(float64); ok {
			return fmt.Sprintf("float constant %v", c)
		}
	}
	for _, op := range r.program.Bytecode {
		switch op {
		case vm.OpDivide, vm.OpExponent, vm.OpCast:
			return fmt.Sprintf("opcode %v", op)
		}
	}
	return ""
}

// TestNoFloatsInPrograms: no float64 can reach a rule's result.
func TestNoFloatsInPrograms(t *testing.T) {
	rules := []string{
		"satisfied / rated >= 0.9 && rated >= 30", "satisfied / rated", "fee * (0.1 + 0.2)",
		"1.5e2 + fee", `round(fee / 3, 2, "half_up")`, "max(fee, 0.5, rated / 7)", "-0.25 * rated",
		`duration("90m") / duration("1h")`, "fee in [0.5, 1.5] ? 1 : 0.5",
	}
	for _, src := range rules {
		k := KindDecimal
		if strings.Contains(src, ">=") || strings.Contains(src, " in ") && !strings.Contains(src, "?") {
			k = KindBool
		}
		r := MustCompile(src, callbackSchema, k)
		if why := noFloats(r); why != "" {
			t.Errorf("%q: %s", src, why)
		}
	}
}

// TestWorkedExample keeps the worked example of the package documentation
// true.
func TestWorkedExample(t *testing.T) {
	county := Facts{"satisfied": 28, "rated": 30}
	for _, tt := range []struct {
		rule string
		kind Kind
		want string
	}{
		{"satisfied / rated >= 0.9 && rated >= 30", KindBool, "true"},
		{"satisfied / rated >= 0.98", KindBool, "false"},
		{"satisfied / rated", KindDecimal, "0.9333333333333333"},
		{`round(satisfied * 100 / rated, 2, "half_up")`, KindDecimal, "93.33"},
		{"20 * satisfied - 200 * (rated - satisfied)", KindDecimal, "160"},
	} {
		v, err := MustCompile(tt.rule, callbackSchema, tt.kind).Eval(county)
		if err != nil || fmt.Sprint(v) != tt.want {
			t.Errorf("%s = %v, %v; want %s", tt.rule, v, err, tt.want)
		}
	}
	_, err := MustCompile("satisfied / rated >= 0.9 && rated >= 30", callbackSchema, KindBool).Eval(Facts{"satisfied": 0, "rated": 0})
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrDivisionByZero) || e.Line != 1 || e.Column != 11 {
		t.Errorf("empty month: %v", err)
	}
	for _, guarded := range []string{"rated > 0 && satisfied / rated >= 0.9", "rated >= 30 && satisfied / rated >= 0.9"} {
		if ok, err := MustCompile(guarded, callbackSchema, KindBool).EvalBool(Facts{"satisfied": 0, "rated": 0}); err != nil || ok {
			t.Errorf("%s on an empty month = %v, %v", guarded, ok, err)
		}
	}
}

// TestLetScopeNotFused is the regression test for a fused decimal computation
// that carried a let variable out of its declaration ("unknown name v2").
func TestLetScopeNotFused(t *testing.T) {
	for _, src := range []string{
		`round((let v = abs(fee); round(v, 2, "half_even")), 3, "half_even")`,
		`-(let v = penalty; -v)`,
		`-(let v = rated; min(v, penalty))`,
		`(let q = satisfied / rated; q) >= 0.93`,
	} {
		k := KindDecimal
		if strings.Contains(src, ">=") {
			k = KindBool
		}
		r, err := Compile(src, callbackSchema, k)
		if err != nil {
			t.Errorf("Compile(%q): %v", src, err)
			continue
		}
		if _, err := r.Eval(july()); err != nil {
			t.Errorf("Eval(%q): %v", src, err)
		}
	}
}
