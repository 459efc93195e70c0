package rules

import (
	"flag"
	"math"
	"sort"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/interpreter"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

const (
	boolText    = "satisfied / rated >= 0.9 && rated >= 30"
	boolTextCEL = "double(satisfied) / double(rated) >= 0.9 && rated >= 30"
	moneyText   = `round(reward * tens - penalty * dissatisfied + fee * 0.05, 2, "half_up")`
	// CEL has no decimals and no round: float64, rounded in Go afterwards.
	moneyTextCEL = "reward * double(tens) - penalty * double(dissatisfied) + fee * 0.05"
)

// facts is a month of a station: 93 tens out of 100 ratings, 7 dissatisfied
// customers, 200 yuan per dissatisfied customer, 20 yuan per 10 (DOMAIN.md),
// and a provider fee.
type facts struct {
	Satisfied    int             `fact:"satisfied"`
	Rated        int             `fact:"rated"`
	Tens         int             `fact:"tens"`
	Dissatisfied int             `fact:"dissatisfied"`
	Fee          decimal.Decimal `fact:"fee"`
	Penalty      decimal.Decimal `fact:"penalty"`
	Reward       decimal.Decimal `fact:"reward"`
}

var (
	month = facts{
		Satisfied: 93, Rated: 100, Tens: 93, Dissatisfied: 7,
		Fee:     decimal.RequireFromString("12345.67"),
		Penalty: decimal.RequireFromString("200"),
		Reward:  decimal.RequireFromString("20"),
	}
	monthMap = quality.Facts{
		"satisfied": month.Satisfied, "rated": month.Rated, "tens": month.Tens,
		"dissatisfied": month.Dissatisfied, "fee": month.Fee, "penalty": month.Penalty, "reward": month.Reward,
	}
	wantMoney = decimal.RequireFromString("1077.28")
	fivePct   = decimal.RequireFromString("0.05")

	schema = func() *quality.Schema {
		s, err := quality.SchemaOf(facts{})
		if err != nil {
			panic(err)
		}
		return s
	}()
	boolRule  = quality.MustCompile(boolText, schema, quality.KindBool)
	moneyRule = quality.MustCompile(moneyText, schema, quality.KindDecimal)

	sinkBool bool
	sinkDec  decimal.Decimal
	sinkF    float64
)

// contender is one way of evaluating a rule; it reports false on a wrong
// answer.
type contender struct {
	name string
	run  func() bool
}

func boolContenders(tb testing.TB) []contender {
	env := map[string]any(monthMap)
	program, err := expr.Compile(boolText, expr.Env(env), expr.AsBool())
	if err != nil {
		tb.Fatal(err)
	}
	var machine vm.VM

	celEnv, err := cel.NewEnv(cel.Variable("satisfied", cel.IntType), cel.Variable("rated", cel.IntType))
	if err != nil {
		tb.Fatal(err)
	}
	ast, iss := celEnv.Compile(boolTextCEL)
	if iss.Err() != nil {
		tb.Fatal(iss.Err())
	}
	prg, err := celEnv.Program(ast)
	if err != nil {
		tb.Fatal(err)
	}
	act, err := interpreter.NewActivation(map[string]any{"satisfied": int64(month.Satisfied), "rated": int64(month.Rated)})
	if err != nil {
		tb.Fatal(err)
	}
	f := month
	return []contender{
		{"quality-map", func() bool {
			ok, err := boolRule.EvalBool(monthMap)
			sinkBool = ok
			return err == nil && ok
		}},
		{"quality-struct", func() bool {
			ok, err := boolRule.EvalBool(&month)
			sinkBool = ok
			return err == nil && ok
		}},
		{"expr", func() bool {
			out, err := machine.Run(program, env)
			ok, _ := out.(bool)
			sinkBool = ok
			return err == nil && ok
		}},
		{"go", func() bool {
			ok := f.Rated != 0 && f.Satisfied*10 >= 9*f.Rated && f.Rated >= 30
			sinkBool = ok
			return ok
		}},
		{"cel", func() bool {
			out, _, err := prg.Eval(act)
			if err != nil {
				return false
			}
			ok, _ := out.Value().(bool)
			sinkBool = ok
			return ok
		}},
	}
}

func moneyContenders(tb testing.TB) []contender {
	celEnv, err := cel.NewEnv(
		cel.Variable("tens", cel.IntType), cel.Variable("dissatisfied", cel.IntType),
		cel.Variable("fee", cel.DoubleType), cel.Variable("penalty", cel.DoubleType), cel.Variable("reward", cel.DoubleType))
	if err != nil {
		tb.Fatal(err)
	}
	ast, iss := celEnv.Compile(moneyTextCEL)
	if iss.Err() != nil {
		tb.Fatal(iss.Err())
	}
	prg, err := celEnv.Program(ast)
	if err != nil {
		tb.Fatal(err)
	}
	act, err := interpreter.NewActivation(map[string]any{
		"tens": int64(month.Tens), "dissatisfied": int64(month.Dissatisfied),
		"fee": month.Fee.InexactFloat64(), "penalty": month.Penalty.InexactFloat64(), "reward": month.Reward.InexactFloat64(),
	})
	if err != nil {
		tb.Fatal(err)
	}
	f := &month
	return []contender{
		{"quality-map", func() bool {
			d, err := moneyRule.EvalDecimal(monthMap)
			sinkDec = d
			return err == nil && d.Equal(wantMoney)
		}},
		{"quality-struct", func() bool {
			d, err := moneyRule.EvalDecimal(&month)
			sinkDec = d
			return err == nil && d.Equal(wantMoney)
		}},
		{"go", func() bool {
			d := f.Reward.Mul(decimal.NewFromInt(int64(f.Tens))).
				Sub(f.Penalty.Mul(decimal.NewFromInt(int64(f.Dissatisfied)))).
				Add(f.Fee.Mul(fivePct))
			d = quality.HalfUp.Round(d, 2)
			sinkDec = d
			return d.Equal(wantMoney)
		}},
		{"cel", func() bool {
			out, _, err := prg.Eval(act)
			if err != nil {
				return false
			}
			v, _ := out.Value().(float64)
			sinkF = math.Round(v*100) / 100
			return math.Abs(sinkF-1077.28) < 1e-9
		}},
	}
}

// TestSameAnswers checks every contender before any is timed.
func TestSameAnswers(t *testing.T) {
	for _, c := range append(boolContenders(t), moneyContenders(t)...) {
		if !c.run() {
			t.Errorf("%s: wrong answer", c.name)
		}
	}
}

func benchContenders(b *testing.B, cs []contender) {
	for _, c := range cs {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !c.run() {
					b.Fatalf("%s: wrong answer", c.name)
				}
			}
		})
	}
}

func BenchmarkBool(b *testing.B)  { benchContenders(b, boolContenders(b)) }
func BenchmarkMoney(b *testing.B) { benchContenders(b, moneyContenders(b)) }

var ratios = flag.Bool("ratios", false, "run TestPairedRatios")

// TestPairedRatios measures each contender against a baseline in
// alternating short runs and reports the median of the per-round ratios:
// load from other processes that changes over seconds affects both sides of
// a round alike.
func TestPairedRatios(t *testing.T) {
	if !*ratios {
		t.Skip("run with -ratios")
	}
	const rounds = 21
	paired := func(set string, cs []contender, base string) {
		var baseline contender
		for _, c := range cs {
			if c.name == base {
				baseline = c
			}
		}
		for _, c := range cs {
			if c.name == base {
				continue
			}
			var rs, as, bs []float64
			for i := 0; i < rounds; i++ {
				a := nsPerOp(c.run)
				bb := nsPerOp(baseline.run)
				rs = append(rs, a/bb)
				as = append(as, a)
				bs = append(bs, bb)
			}
			t.Logf("%s: %-14s %8.1f ns/op vs %s %8.1f ns/op: ratio %.3f (median of %d paired rounds)",
				set, c.name, median(as), base, median(bs), median(rs), rounds)
		}
	}
	paired("bool", boolContenders(t), "expr")
	paired("money", moneyContenders(t), "go")
}

func nsPerOp(run func() bool) float64 {
	r := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			run()
		}
	})
	return float64(r.T.Nanoseconds()) / float64(r.N)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
