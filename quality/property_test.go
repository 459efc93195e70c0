package quality

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var propSchema = MustSchema(
	Field{Name: "a", Kind: KindDecimal},
	Field{Name: "b", Kind: KindDecimal},
	Field{Name: "c", Kind: KindDecimal},
	Field{Name: "i", Kind: KindInt},
	Field{Name: "j", Kind: KindInt},
)

// genDecimal draws decimals of up to 18 digits with 0 to 10 places, and
// some whole numbers with trailing zeros.
var genDecimal = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	coef := rapid.Int64Range(-999_999_999_999_999_999, 999_999_999_999_999_999).Draw(t, "coef")
	exp := rapid.Int32Range(-10, 3).Draw(t, "exp")
	return decimal.New(coef, exp)
})

// genInt draws ints over the whole range, with small ones more likely.
var genInt = rapid.OneOf(
	rapid.IntRange(-1000, 1000),
	rapid.IntRange(math.MinInt64, math.MaxInt64),
)

func evalDecimal(t *rapid.T, src string, facts Facts) decimal.Decimal {
	r, err := Compile(src, propSchema, KindDecimal)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	d, err := r.EvalDecimal(facts)
	if err != nil {
		t.Fatalf("EvalDecimal(%q, %v): %v", src, facts, err)
	}
	return d
}

func evalBool(t *rapid.T, src string, facts Facts) bool {
	r, err := Compile(src, propSchema, KindBool)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	ok, err := r.EvalBool(facts)
	if err != nil {
		t.Fatalf("EvalBool(%q, %v): %v", src, facts, err)
	}
	return ok
}

// TestPropDecimalArithmetic: a rule's + - * / on decimal facts equals the
// decimal package's own (DivRound at DefaultPrecision for /), and so do the
// same operations written with literals, which are folded at compile time.
func TestPropDecimalArithmetic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genDecimal.Draw(t, "a"), genDecimal.Draw(t, "b")
		facts := Facts{"a": a, "b": b}
		lit := func(d decimal.Decimal) string {
			// A literal needs a fraction to be a decimal; negative ones need
			// parentheses.
			s := d.StringFixed(max(-d.Exponent(), 1))
			return "(" + s + ")"
		}
		want := map[string]decimal.Decimal{
			"+": a.Add(b),
			"-": a.Sub(b),
			"*": a.Mul(b),
		}
		if !b.IsZero() {
			want["/"] = a.DivRound(b, DefaultPrecision)
		}
		for op, w := range want {
			if got := evalDecimal(t, "a "+op+" b", facts); !got.Equal(w) {
				t.Fatalf("a %s b = %v, want %v (a=%v b=%v)", op, got, w, a, b)
			}
			if got := evalDecimal(t, lit(a)+" "+op+" "+lit(b), Facts{}); !got.Equal(w) {
				t.Fatalf("%s %s %s = %v, want %v", lit(a), op, lit(b), got, w)
			}
		}
		if got := evalDecimal(t, "-a", facts); !got.Equal(a.Neg()) {
			t.Fatalf("-a = %v, want %v", got, a.Neg())
		}
		cmp := a.Cmp(b)
		for op, w := range map[string]bool{"<": cmp < 0, "<=": cmp <= 0, ">": cmp > 0, ">=": cmp >= 0, "==": cmp == 0, "!=": cmp != 0} {
			if got := evalBool(t, "a "+op+" b", facts); got != w {
				t.Fatalf("a %s b = %v, want %v (a=%v b=%v)", op, got, w, a, b)
			}
		}
	})
}

// TestPropMixedArithmetic: ints promote to decimals exactly.
func TestPropMixedArithmetic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genDecimal.Draw(t, "a")
		i := rapid.IntRange(-1_000_000_000, 1_000_000_000).Draw(t, "i")
		di := decimal.NewFromInt(int64(i))
		facts := Facts{"a": a, "i": i}
		for src, w := range map[string]decimal.Decimal{
			"a + i": a.Add(di), "i - a": di.Sub(a), "a * i": a.Mul(di),
			"i * 3 + a": di.Mul(decimal.NewFromInt(3)).Add(a),
			"max(a, i)": decimal.Max(a, di), "min(i, a)": decimal.Min(a, di), "abs(a)": a.Abs(),
		} {
			if got := evalDecimal(t, src, facts); !got.Equal(w) {
				t.Fatalf("%s = %v, want %v (a=%v i=%v)", src, got, w, a, i)
			}
		}
		if i != 0 {
			if got, w := evalDecimal(t, "a / i", facts), a.DivRound(di, DefaultPrecision); !got.Equal(w) {
				t.Fatalf("a / i = %v, want %v", got, w)
			}
		}
		if got := evalBool(t, "a < i", facts); got != (a.Cmp(di) < 0) {
			t.Fatalf("a < i = %v (a=%v i=%v)", got, a, i)
		}
	})
}

func ratOf(d decimal.Decimal) *big.Rat { return d.Rat() }

// TestPropQuotientComparisons: a comparison with a quotient is the exact
// comparison of fractions, for ints (the fast path, with its overflow
// fallback) and for decimals.
func TestPropQuotientComparisons(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		i, j := genInt.Draw(t, "i"), genInt.Draw(t, "j")
		c := genDecimal.Draw(t, "c")
		a, b := genDecimal.Draw(t, "a"), genDecimal.Draw(t, "b")
		op := rapid.SampledFrom([]string{"<", "<=", ">", ">=", "==", "!="}).Draw(t, "op")
		holds := func(x int) bool { return parseCmpOp(op).holds(x) }
		facts := Facts{"i": i, "j": j, "a": a, "b": b, "c": c}
		if j != 0 {
			q := new(big.Rat).SetFrac(big.NewInt(int64(i)), big.NewInt(int64(j)))
			w := holds(q.Cmp(ratOf(c)))
			// The constant is written in the rule (the int fast path) ...
			lit := "(" + c.String() + ".0)"
			if strings.Contains(c.String(), ".") {
				lit = "(" + c.String() + ")"
			}
			if got := evalBool(t, "i / j "+op+" "+lit, facts); got != w {
				t.Fatalf("%d / %d %s %v = %v, want %v", i, j, op, c, got, w)
			}
			// ... or is a fact (the general path), on either side.
			if got := evalBool(t, "i / j "+op+" c", facts); got != w {
				t.Fatalf("%d / %d %s c=%v = %v, want %v", i, j, op, c, got, w)
			}
			if got := evalBool(t, "c "+parseCmpOp(op).flip().String()+" i / j", facts); got != w {
				t.Fatalf("c %s %d / %d = %v, want %v", parseCmpOp(op).flip(), i, j, got, w)
			}
		}
		if !b.IsZero() {
			q := new(big.Rat).Quo(ratOf(a), ratOf(b))
			if got, w := evalBool(t, "a / b "+op+" c", facts), holds(q.Cmp(ratOf(c))); got != w {
				t.Fatalf("%v / %v %s %v = %v, want %v", a, b, op, c, got, w)
			}
			if j != 0 {
				q2 := new(big.Rat).SetFrac(big.NewInt(int64(i)), big.NewInt(int64(j)))
				if got, w := evalBool(t, "a / b "+op+" i / j", facts), holds(q.Cmp(q2)); got != w {
					t.Fatalf("%v / %v %s %d / %d = %v, want %v", a, b, op, i, j, got, w)
				}
			}
		}
	})
}

// TestPropIntArithmetic: int arithmetic is exact or an overflow error,
// never a wrapped-around value.
func TestPropIntArithmetic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		i, j := genInt.Draw(t, "i"), genInt.Draw(t, "j")
		op := rapid.SampledFrom([]string{"+", "-", "*"}).Draw(t, "op")
		bi, bj := big.NewInt(int64(i)), big.NewInt(int64(j))
		want := new(big.Int)
		switch op {
		case "+":
			want.Add(bi, bj)
		case "-":
			want.Sub(bi, bj)
		case "*":
			want.Mul(bi, bj)
		}
		r := MustCompile("i "+op+" j", propSchema, KindDecimal)
		got, err := r.EvalDecimal(Facts{"i": i, "j": j})
		if !want.IsInt64() {
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("%d %s %d = %v, %v; want an overflow", i, op, j, got, err)
			}
			return
		}
		if err != nil || got.BigInt().Cmp(want) != 0 {
			t.Fatalf("%d %s %d = %v, %v; want %v", i, op, j, got, err, want)
		}
	})
}

// genRule draws a random rule of numbers over propSchema.
func genRule(t *rapid.T, depth int) string {
	if depth == 0 || rapid.IntRange(0, 3).Draw(t, "leaf") == 0 {
		return rapid.SampledFrom([]string{"a", "b", "c", "i", "j", "0.5", "2", "-1.25", "0", "1e2"}).Draw(t, "atom")
	}
	switch rapid.IntRange(0, 4).Draw(t, "shape") {
	case 0:
		return "-" + genRule(t, depth-1)
	case 1:
		return fmt.Sprintf("round(%s, %d, %q)", genRule(t, depth-1), rapid.IntRange(-2, 6).Draw(t, "places"),
			rapid.SampledFrom([]string{"half_up", "half_even", "down", "up", "floor", "ceiling"}).Draw(t, "mode"))
	case 2:
		return fmt.Sprintf("(%s > %s ? %s : %s)", genRule(t, depth-1), genRule(t, depth-1), genRule(t, depth-1), genRule(t, depth-1))
	default:
		op := rapid.SampledFrom([]string{"+", "-", "*", "/"}).Draw(t, "op")
		return "(" + genRule(t, depth-1) + " " + op + " " + genRule(t, depth-1) + ")"
	}
}

func outcome(r *Rule, facts any) string {
	v, err := r.Eval(facts)
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprint(v)
}

// TestPropCompileTwice: two compilations of a rule behave the same, and a
// rule given struct facts behaves as with the same facts in a map.
func TestPropCompileTwice(t *testing.T) {
	type propFacts struct {
		A decimal.Decimal `fact:"a"`
		B decimal.Decimal `fact:"b"`
		C decimal.Decimal `fact:"c"`
		I int             `fact:"i"`
		J int64           `fact:"j"`
	}
	structSchema, err := SchemaOf(propFacts{})
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		src := genRule(t, 4)
		r1, err1 := Compile(src, propSchema, KindDecimal)
		r2, err2 := Compile(src, propSchema, KindDecimal)
		rs, errs := Compile(src, structSchema, KindDecimal)
		if fmt.Sprint(err1) != fmt.Sprint(err2) || fmt.Sprint(err1) != fmt.Sprint(errs) {
			t.Fatalf("Compile(%q) errors differ: %v / %v / %v", src, err1, err2, errs)
		}
		if err1 != nil {
			return
		}
		if why := noFloats(r1); why != "" {
			t.Fatalf("%q: %s", src, why)
		}
		for k := 0; k < 5; k++ {
			pf := propFacts{
				A: genDecimal.Draw(t, "a"), B: genDecimal.Draw(t, "b"), C: genDecimal.Draw(t, "c"),
				I: rapid.IntRange(-100, 100).Draw(t, "i"), J: int64(rapid.IntRange(-100, 100).Draw(t, "j")),
			}
			facts := Facts{"a": pf.A, "b": pf.B, "c": pf.C, "i": pf.I, "j": int(pf.J)}
			o1, o2 := outcome(r1, facts), outcome(r2, facts)
			if o1 != o2 {
				t.Fatalf("%q: first compilation %s, second %s", src, o1, o2)
			}
			if os, op := outcome(rs, pf), outcome(rs, &pf); os != o1 || op != o1 {
				t.Fatalf("%q: map facts %s, struct %s, pointer %s", src, o1, os, op)
			}
		}
	})
}

// genAnyRule draws a rule over callbackSchema that mixes every kind, most of
// them ill-typed, for the checker to sort out.
func genAnyRule(t *rapid.T, depth int, inPred bool) string {
	atoms := []string{"satisfied", "rated", "fee", "penalty", "tags", "kind", "vip", "now", "received", "called", "wait",
		"0.9", "30", "0", "1", "2.5", `"x"`, `"repair"`, "true", "false", `duration("20m")`, "[1, 2.5]", `["a", "b"]`, "1..5"}
	if inPred {
		atoms = append(atoms, "#", "#", "#")
	}
	if depth == 0 || rapid.SampledFrom([]bool{false, false, false, true}).Draw(t, "leaf") {
		return rapid.SampledFrom(atoms).Draw(t, "atom")
	}
	sub := func(pred bool) string { return genAnyRule(t, depth-1, pred) }
	switch rapid.SampledFrom([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8}).Draw(t, "shape") {
	case 0:
		return "-" + sub(inPred)
	case 1:
		return "!" + sub(inPred)
	case 2:
		return fmt.Sprintf("(%s ? %s : %s)", sub(inPred), sub(inPred), sub(inPred))
	case 3:
		f := rapid.SampledFrom([]string{"len", "lower", "upper", "trim", "abs", "min", "max"}).Draw(t, "f1")
		return fmt.Sprintf("%s(%s)", f, sub(inPred))
	case 4:
		f := rapid.SampledFrom([]string{"min", "max"}).Draw(t, "f2")
		return fmt.Sprintf("%s(%s, %s)", f, sub(inPred), sub(inPred))
	case 5:
		p := rapid.SampledFrom([]string{"all", "any", "none", "one", "filter", "count"}).Draw(t, "pred")
		return fmt.Sprintf("%s(%s, %s)", p, sub(inPred), sub(true))
	case 6:
		return fmt.Sprintf("round(%s, %d, %q)", sub(inPred), rapid.IntRange(-1, 4).Draw(t, "places"), "half_even")
	case 7:
		name := fmt.Sprintf("v%d", depth)
		return fmt.Sprintf("(let %s = %s; %s)", name, sub(inPred), strings.Replace(sub(inPred), "fee", name, 1))
	default:
		op := rapid.SampledFrom([]string{"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||",
			"in", "not in", "matches", "contains", "startsWith", "endsWith"}).Draw(t, "op")
		return "(" + sub(inPred) + " " + op + " " + sub(inPred) + ")"
	}
}

// TestPropCheckedRulesRun: a rule the checker accepts also passes expr's
// checker and compiler (no internal error), and evaluates to a value of its
// kind or to a positioned error of evaluation.
func TestPropCheckedRulesRun(t *testing.T) {
	kinds := []Kind{KindBool, KindDecimal, KindDuration, KindTime, KindString}
	rapid.Check(t, func(t *rapid.T) {
		src := genAnyRule(t, 4, false)
		for _, k := range kinds {
			r, err := Compile(src, callbackSchema, k)
			if err != nil {
				if strings.Contains(err.Error(), "internal error") {
					t.Fatalf("Compile(%q, %v): %v", src, k, err)
				}
				continue
			}
			v, err := r.Eval(july())
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.Line < 1 {
					t.Fatalf("Eval(%q): %v", src, err)
				}
				if !errors.Is(err, ErrDivisionByZero) && !errors.Is(err, ErrLimit) {
					t.Fatalf("Eval(%q): unexpected %v", src, err)
				}
				continue
			}
			if !hasKind(v, k) {
				t.Fatalf("Eval(%q) = %v (%T), want a %v", src, v, v, k)
			}
		}
	})
}
