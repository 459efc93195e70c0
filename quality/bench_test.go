package quality

import (
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"
)

// The benchmarks compare a compiled rule with raw expr running the same text
// on a reused vm.VM, and with the same computation written in Go. Run them
// with
//
//	go test -run='^$' -bench=. -count=10 ./quality/ | tee new.txt
//	benchstat new.txt

const boolRuleText = "satisfied / rated >= 0.9 && rated >= 30"

// moneyRuleText is a month's money for a team: 20 yuan per 10, 200 yuan per
// dissatisfied customer, plus 5% of a provider fee, rounded to fen.
const moneyRuleText = `round(reward * tens - penalty * dissatisfied + fee * 0.05, 2, "half_up")`

type benchFacts struct {
	Satisfied    int             `fact:"satisfied"`
	Rated        int             `fact:"rated"`
	Tens         int             `fact:"tens"`
	Dissatisfied int             `fact:"dissatisfied"`
	Fee          decimal.Decimal `fact:"fee"`
	Penalty      decimal.Decimal `fact:"penalty"`
	Reward       decimal.Decimal `fact:"reward"`
}

var (
	benchSchema = func() *Schema {
		s, err := SchemaOf(benchFacts{})
		if err != nil {
			panic(err)
		}
		return s
	}()
	benchStruct = benchFacts{
		Satisfied: 93, Rated: 100, Tens: 93, Dissatisfied: 7,
		Fee: dec("12345.67"), Penalty: dec("200"), Reward: dec("20"),
	}
	benchMap = Facts{
		"satisfied": 93, "rated": 100, "tens": 93, "dissatisfied": 7,
		"fee": dec("12345.67"), "penalty": dec("200"), "reward": dec("20"),
	}
	sinkBool bool
	sinkDec  decimal.Decimal
)

func BenchmarkBoolRule(b *testing.B) {
	r := MustCompile(boolRuleText, benchSchema, KindBool)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.EvalBool(benchMap)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
		sinkBool = ok
	}
}

func BenchmarkBoolRuleStruct(b *testing.B) {
	r := MustCompile(boolRuleText, benchSchema, KindBool)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.EvalBool(&benchStruct)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
		sinkBool = ok
	}
}

// BenchmarkBoolRawExpr runs the same text in expr with a reused VM. expr
// divides ints in float64 there, which this package never does.
func BenchmarkBoolRawExpr(b *testing.B) {
	env := map[string]any(benchMap)
	program, err := expr.Compile(boolRuleText, expr.Env(env), expr.AsBool())
	if err != nil {
		b.Fatal(err)
	}
	var machine vm.VM
	b.ReportAllocs()
	for b.Loop() {
		out, err := machine.Run(program, env)
		if err != nil || !out.(bool) {
			b.Fatal(out, err)
		}
		sinkBool = out.(bool)
	}
}

func BenchmarkBoolPlainGo(b *testing.B) {
	f := benchStruct
	b.ReportAllocs()
	for b.Loop() {
		// satisfied/rated >= 9/10, exactly, with rated > 0.
		ok := f.Rated != 0 && f.Satisfied*10 >= 9*f.Rated && f.Rated >= 30
		if !ok {
			b.Fatal(ok)
		}
		sinkBool = ok
	}
}

var (
	wantMoney = dec("1077.28")
	fivePct   = dec("0.05")
)

func BenchmarkMoneyRule(b *testing.B) {
	r := MustCompile(moneyRuleText, benchSchema, KindDecimal)
	b.ReportAllocs()
	for b.Loop() {
		d, err := r.EvalDecimal(benchMap)
		if err != nil || !d.Equal(wantMoney) {
			b.Fatal(d, err)
		}
		sinkDec = d
	}
}

func BenchmarkMoneyRuleStruct(b *testing.B) {
	r := MustCompile(moneyRuleText, benchSchema, KindDecimal)
	b.ReportAllocs()
	for b.Loop() {
		d, err := r.EvalDecimal(&benchStruct)
		if err != nil || !d.Equal(wantMoney) {
			b.Fatal(d, err)
		}
		sinkDec = d
	}
}

func BenchmarkMoneyPlainGo(b *testing.B) {
	f := &benchStruct
	b.ReportAllocs()
	for b.Loop() {
		d := f.Reward.Mul(decimal.NewFromInt(int64(f.Tens))).
			Sub(f.Penalty.Mul(decimal.NewFromInt(int64(f.Dissatisfied)))).
			Add(f.Fee.Mul(fivePct))
		d = HalfUp.Round(d, 2)
		if !d.Equal(wantMoney) {
			b.Fatal(d)
		}
		sinkDec = d
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(boolRuleText, benchSchema, KindBool); err != nil {
			b.Fatal(err)
		}
	}
}

// simpleConditionText is a condition of the simple shape (fast.go): an SLA
// clock's pause, a sampling rule's and an escalation guard's conditions in
// one.
const simpleConditionText = `event == "status_changed" && status == "pending_customer" && ` +
	`order_type in ["install", "move"] && !do_not_call && !test_order`

var simpleFacts = condFacts{Event: "status_changed", Status: "pending_customer", OrderType: "move",
	Product: "broadband", DaysSinceCallback: 9999}

func benchSimple(b *testing.B, facts any, opts ...Option) {
	r := MustCompile(simpleConditionText, condSchema, KindBool, opts...)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.EvalBool(facts)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
		sinkBool = ok
	}
}

// BenchmarkSimpleCondition evaluates a simple condition on a map without
// the virtual machine; BenchmarkSimpleConditionVM runs the same rule on it.
func BenchmarkSimpleCondition(b *testing.B)   { benchSimple(b, simpleFacts.facts()) }
func BenchmarkSimpleConditionVM(b *testing.B) { benchSimple(b, simpleFacts.facts(), vmOnly()) }

// BenchmarkSimpleConditionStruct and BenchmarkSimpleConditionStructVM are
// the same with the facts in a SchemaOf struct.
func BenchmarkSimpleConditionStruct(b *testing.B) { benchSimple(b, &simpleFacts) }
func BenchmarkSimpleConditionStructVM(b *testing.B) {
	benchSimple(b, &simpleFacts, vmOnly())
}

// BenchmarkOneFactCondition evaluates the commonest condition of all, one
// fact against a literal (what remains of an SLA clock's pause condition once
// its event test is split off), on a map.
func BenchmarkOneFactCondition(b *testing.B) {
	r := MustCompile(`status == "pending_customer"`, condSchema, KindBool)
	facts := simpleFacts.facts()
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.EvalBool(facts)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
		sinkBool = ok
	}
}
