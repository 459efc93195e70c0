package quality

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// hostileRule is a rule text written to hurt the host: to crash it, to hang
// it, or to make it build huge values. Each must be refused by Compile with
// a positioned error.
type hostileRule struct {
	name      string
	rule      string
	limits    Limits
	sentinel  error
	line, col int
}

// bigLimits raises MaxSource to its ceiling, so that the nesting scan (not
// the size limit) meets the deep rules.
var bigLimits = Limits{MaxSource: 1 << 20}

func letChain(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("let a")
		b.WriteString(strings.Repeat("x", i))
		b.WriteString(" = 1; ")
	}
	b.WriteString("true")
	return b.String()
}

var hostileRules = []hostileRule{
	// Deep nesting: refused by the scan before the (recursive) parser runs.
	{"million parens", strings.Repeat("(", 1000000) + "1" + strings.Repeat(")", 1000000), Limits{}, ErrLimit, 1, 8193},
	{"million parens scanned", strings.Repeat("(", 1000000), bigLimits, ErrLimit, 1, 33},
	{"million brackets", strings.Repeat("[", 1000000), bigLimits, ErrLimit, 1, 33},
	{"million braces", strings.Repeat("{", 1000000), bigLimits, ErrLimit, 1, 33},
	{"mixed brackets", strings.Repeat("([{", 300000), bigLimits, ErrLimit, 1, 33},
	{"unary minus chain", strings.Repeat("-", 500000) + "1", bigLimits, ErrLimit, 1, 33},
	{"not chain", strings.Repeat("not ", 200000) + "true", bigLimits, ErrLimit, 1, 129},
	{"bang chain", strings.Repeat("!", 500000) + "vip", bigLimits, ErrLimit, 1, 33},
	{"ternary chain", strings.Repeat("vip ? 1 : ", 100000) + "2", bigLimits, ErrLimit, 1, 325},
	{"power chain", strings.Repeat("2 ** ", 100000) + "2", bigLimits, ErrLimit, 1, 163},
	{"let chain", letChain(40), Limits{}, ErrLimit, 1, 849},
	{"nested parens in a predicate", "any(tags, " + strings.Repeat("(", 40) + "true" + strings.Repeat(")", 40) + ")", Limits{}, ErrLimit, 1, 42},
	{"lines of parens", strings.Repeat("(\n", 100) + "1" + strings.Repeat(")", 100), Limits{}, ErrLimit, 33, 1},
	// Size.
	{"oversized source", "rated > 1 && " + strings.Repeat("x", 9000), Limits{}, ErrLimit, 1, 8193},
	{"oversized source, second line", "rated > 1 &&\n" + strings.Repeat("x", 9000), Limits{}, ErrLimit, 2, 8180},
	{"too many nodes", strings.Repeat("1 + ", 1500) + "1", Limits{}, ErrLimit, 1, 2003},
	{"long list", "kind in [" + strings.Repeat(`"a", `, 1200) + `"b"]`, Limits{}, ErrLimit, 1, 5008},
	// Ranges.
	{"huge range", "all(1..1000000000, # > 0)", Limits{}, ErrLimit, 1, 6},
	{"huge range in", "rated in 0..9223372036854775807", Limits{}, ErrLimit, 1, 11},
	{"reversed huge range", "rated in -9223372036854775807..9223372036854775807", Limits{}, ErrLimit, 1, 30},
	{"range over a fact", "any(1..rated, # > 5)", Limits{}, ErrUnsafe, 1, 6},
	{"range over an expression", "count(0..len(tags) * 1000, true) > 1", Limits{}, ErrUnsafe, 1, 8},
	// Loops inside loops.
	{"nested loops", `all(tags, any(tags, # == "x"))`, Limits{}, ErrUnsafe, 1, 11},
	{"nested filter", `filter(tags, len(filter(tags, true)) > 0)`, Limits{}, ErrUnsafe, 1, 18},
	{"nested count over ranges", `count(1..1000, count(1..1000, true) > 0) > 0`, Limits{}, ErrUnsafe, 1, 16},
	{"hidden loop: in", `count(tags, # in tags) > 0`, Limits{}, ErrUnsafe, 1, 15},
	{"hidden loop: not in", `none(tags, # not in tags)`, Limits{}, ErrUnsafe, 1, 18},
	{"map", `map(tags, # + "x")`, Limits{}, ErrUnsafe, 1, 1},
	{"reduce", `reduce(1..100, #acc + #) > 0`, Limits{}, ErrUnsafe, 1, 1},
	{"sortBy", `sortBy(tags, #)`, Limits{}, ErrUnsafe, 1, 1},
	{"groupBy", `groupBy(tags, #)`, Limits{}, ErrUnsafe, 1, 1},
	{"sum", `sum(1..100) > 0`, Limits{}, ErrUnsafe, 1, 1},
	// String building.
	{"repeat", `repeat(kind, 1000000000)`, Limits{}, ErrUnsafe, 1, 1},
	{"repeat pipe", `kind | repeat(1000000000)`, Limits{}, ErrUnsafe, 1, 8},
	{"join", `join(tags, kind)`, Limits{}, ErrUnsafe, 1, 1},
	{"doubling", "let a = kind + kind; let b = a + a; let c = b + b; let d = c + c; let e = d + d; e", Limits{}, ErrLimit, 1, 77},
	{"doubling constants", `let a = "xxxxxxxxxxxxxxxx"; let b = a + a; let c = b + b; let d = c + c; let e = d + d; ` +
		`let f = e + e; let g = f + f; let h = g + g; let i = h + h; let j = i + i; j == ""`, Limits{}, ErrLimit, 1, 159},
	{"concat in a loop", `any(tags, # + # == kind)`, Limits{}, ErrUnsafe, 1, 13},
	// Method calls, fields, indexes.
	{"method on a fact", `kind.Repeat(3)`, Limits{}, ErrUnsafe, 1, 6},
	{"method on a time", `received.Add(1) > now`, Limits{}, ErrUnsafe, 1, 10},
	{"method on a decimal", `fee.Div(fee) > 1`, Limits{}, ErrUnsafe, 1, 5},
	{"method on a list", `tags.Len() > 1`, Limits{}, ErrUnsafe, 1, 6},
	{"method in a loop", `any(tags, #.Repeat(2) == kind)`, Limits{}, ErrUnsafe, 1, 13},
	{"field", `fee.value > 1`, Limits{}, ErrUnsafe, 1, 5},
	{"optional chain", `fee?.exp > 1`, Limits{}, ErrUnsafe, 1, 6},
	{"index", `tags[1000000000] == kind`, Limits{}, ErrUnsafe, 1, 5},
	{"slice", `len(tags[0:1000000000]) > 0`, Limits{}, ErrUnsafe, 1, 9},
	{"env", `$env.kind == "x"`, Limits{}, ErrUnsafe, 1, 6},
	// Regular expressions.
	{"dynamic regexp", `kind matches lower(kind)`, Limits{}, ErrUnsafe, 1, 14},
	{"fact as regexp", `"x" matches kind`, Limits{}, ErrUnsafe, 1, 13},
	{"regexp in a loop", `any(tags, kind matches #)`, Limits{}, ErrUnsafe, 1, 24},
	{"invalid regexp", `kind matches "(("`, Limits{}, ErrSyntax, 1, 14},
	{"huge repetition", `kind matches "a{1001}"`, Limits{}, ErrSyntax, 1, 14},
	// Other escapes.
	{"now", `now() > received`, Limits{}, ErrUnsafe, 1, 1},
	{"date", `date("2024-07-01") > received`, Limits{}, ErrUnsafe, 1, 1},
	{"power", `2 ** 1000000 > fee`, Limits{}, ErrUnsafe, 1, 3},
	{"decimal blow-up", `1e60 * 1e60 > fee`, Limits{}, ErrLimit, 1, 6},
	{"int blow-up", `let a = 3037000500; a * a > 0`, Limits{}, ErrLimit, 1, 23},
	{"fromJSON", `fromJSON(kind) == nil`, Limits{}, ErrUnsafe, 1, 1},
	{"unclosed comment", `rated > 1 /* `, Limits{}, ErrSyntax, 1, 14},
	{"huge int", `rated > 99999999999999999999`, Limits{}, ErrSyntax, 1, 0},
}

// TestHostileRules refuses each hostile rule at compile time, at its place.
func TestHostileRules(t *testing.T) {
	for _, h := range hostileRules {
		t.Run(h.name, func(t *testing.T) {
			start := time.Now()
			_, err := Compile(h.rule, callbackSchema, KindBool, WithLimits(h.limits))
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Compile took %v", d)
			}
			if err == nil {
				t.Fatalf("Compile accepted the hostile rule %.80q", h.rule)
			}
			if !errors.Is(err, h.sentinel) {
				t.Errorf("Compile(%.80q) = %.300v; want %v", h.rule, err, h.sentinel)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%.80q) = %T, want *Error", h.rule, err)
			}
			if e.Line != h.line || (h.col != 0 && e.Column != h.col) {
				t.Errorf("Compile(%.80q) at %d:%d, want %d:%d (%.200s)", h.rule, e.Line, e.Column, h.line, h.col, e.Message)
			}
			if e.Line < 1 || e.Column < 1 {
				t.Errorf("Compile(%.80q): error has no place: %v", h.rule, err)
			}
		})
	}
}

// TestEvaluationBounds shows the limits that hold at evaluation, where a
// fact's size is only known then.
func TestEvaluationBounds(t *testing.T) {
	long := strings.Repeat("长", 1000) // 3000 bytes
	r := MustCompile(`kind + kind == ""`, callbackSchema, KindBool)
	_, err := r.EvalBool(with(july(), "kind", long))
	var e *Error
	if !errors.Is(err, ErrLimit) || !errors.As(err, &e) || e.Line != 1 || e.Column != 6 {
		t.Errorf("long concatenation: %v", err)
	}
	// Under the limit it works.
	if ok, err := r.EvalBool(july()); err != nil || ok {
		t.Errorf("short concatenation: %v, %v", ok, err)
	}
	// A loop over a long fact list is linear in its length.
	tags := make([]string, 100000)
	for i := range tags {
		tags[i] = "repair"
	}
	r = MustCompile(`count(tags, # == "repair") == 100000 && all(tags, # startsWith "re")`, callbackSchema, KindBool)
	start := time.Now()
	if ok, err := r.EvalBool(with(july(), "tags", tags)); err != nil || !ok {
		t.Errorf("long list: %v, %v", ok, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("long list took %v", d)
	}
	// Decimals that grow past MaxDigits stop the evaluation.
	r = MustCompile(`fee * fee * fee * fee * fee > 0`, callbackSchema, KindBool)
	if _, err := r.EvalBool(with(july(), "fee", dec("1234567890123.4567"))); !errors.Is(err, ErrLimit) {
		t.Errorf("decimal growth: %v", err)
	}
	// A decimal fact beyond MaxDigits is refused.
	r = MustCompile(`fee > 0`, callbackSchema, KindBool)
	if _, err := r.EvalBool(with(july(), "fee", dec("1e-100"))); !errors.Is(err, ErrLimit) {
		t.Errorf("tiny decimal fact: %v", err)
	}
}

func TestLimitsOption(t *testing.T) {
	if _, err := Compile("rated > 1", callbackSchema, KindBool, WithLimits(Limits{MaxNodes: -1})); !errors.Is(err, ErrLimit) {
		t.Errorf("negative limit: %v", err)
	}
	if _, err := Compile("rated > 1", callbackSchema, KindBool, WithLimits(Limits{MaxNesting: 100000})); !errors.Is(err, ErrLimit) {
		t.Errorf("limit beyond its ceiling: %v", err)
	}
	// Lower limits bite.
	if _, err := Compile("rated > 1 && rated < 10", callbackSchema, KindBool, WithLimits(Limits{MaxSource: 10})); !errors.Is(err, ErrLimit) {
		t.Errorf("MaxSource 10: %v", err)
	}
	if _, err := Compile("((rated)) > 1", callbackSchema, KindBool, WithLimits(Limits{MaxNesting: 1})); !errors.Is(err, ErrLimit) {
		t.Errorf("MaxNesting 1: %v", err)
	}
	if _, err := Compile("rated in 1..10", callbackSchema, KindBool, WithLimits(Limits{MaxRange: 5})); !errors.Is(err, ErrLimit) {
		t.Errorf("MaxRange 5: %v", err)
	}
	r := MustCompile(`kind + "!" == "x"`, callbackSchema, KindBool, WithLimits(Limits{MaxString: 6}))
	if _, err := r.EvalBool(july()); !errors.Is(err, ErrLimit) {
		t.Errorf("MaxString 6: %v", err)
	}
	if _, err := Compile("fee > 1.234", callbackSchema, KindBool, WithLimits(Limits{MaxDigits: 3})); !errors.Is(err, ErrLimit) {
		t.Errorf("MaxDigits 3: %v", err)
	}
	// Raised limits let a bigger rule in.
	if _, err := Compile(strings.Repeat("(", 40)+"rated"+strings.Repeat(")", 40)+" > 1", callbackSchema, KindBool,
		WithLimits(Limits{MaxNesting: 64})); err != nil {
		t.Errorf("MaxNesting 64: %v", err)
	}
}
