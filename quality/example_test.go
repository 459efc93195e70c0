package quality_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// A station's repair satisfaction against the operators' baseline (90%) and
// challenge (98%); only a 10 counts as satisfied.
func Example() {
	schema := quality.MustSchema(
		quality.Field{Name: "satisfied", Kind: quality.KindInt, Doc: "customers who gave a 10"},
		quality.Field{Name: "rated", Kind: quality.KindInt, Doc: "customers who gave a rating"},
	)
	baseline := quality.MustCompile("satisfied / rated >= 0.9 && rated >= 30", schema, quality.KindBool)
	challenge := quality.MustCompile("satisfied / rated >= 0.98", schema, quality.KindBool)
	rate := quality.MustCompile(`round(satisfied * 100 / rated, 2, "half_up")`, schema, quality.KindDecimal)

	july := quality.Facts{"satisfied": 93, "rated": 100}
	b, _ := baseline.EvalBool(july)
	c, _ := challenge.EvalBool(july)
	r, _ := rate.EvalDecimal(july)
	fmt.Println("baseline:", b, "challenge:", c, "rate:", r.String()+"%")

	// A month without ratings: the division is an error with its place.
	_, err := baseline.EvalBool(quality.Facts{"satisfied": 0, "rated": 0})
	fmt.Println(errors.Is(err, quality.ErrDivisionByZero))
	fmt.Println(err)
	// Output:
	// baseline: true challenge: false rate: 93%
	// true
	// quality: 1:11: division by zero (guard the divisor, e.g. rated > 0 && satisfied / rated >= 0.9)
	//  | satisfied / rated >= 0.9 && rated >= 30
	//  |           ^
}

// Compile reports mistakes with their line and column, the line itself, and
// a hint.
func ExampleCompile_error() {
	schema := quality.MustSchema(
		quality.Field{Name: "satisfied", Kind: quality.KindInt},
		quality.Field{Name: "rated", Kind: quality.KindInt},
	)
	_, err := quality.Compile("satisfied / rate >= 0.9", schema, quality.KindBool)
	fmt.Println(err)

	var e *quality.Error
	if errors.As(err, &e) {
		fmt.Println(e.Line, e.Column, errors.Is(err, quality.ErrUnknownName), e.Hint)
	}
	// Output:
	// quality: 1:13: unknown name "rate" (did you mean "rated"?)
	//  | satisfied / rate >= 0.9
	//  |             ^
	// 1 13 true did you mean "rated"?
}

// Several mistakes are reported at once.
func ExampleErrorList() {
	schema := quality.MustSchema(quality.Field{Name: "dissatisfied", Kind: quality.KindInt})
	_, err := quality.Compile("200 * disatisfied + bonus", schema, quality.KindDecimal)
	var list quality.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Printf("%d:%d %s (%s)\n", e.Line, e.Column, e.Message, e.Hint)
		}
	}
	// Output:
	// 1:7 unknown name "disatisfied" (did you mean "dissatisfied"?)
	// 1:21 unknown name "bonus" ()
}

// Money is exact: the July tariff pays 20 yuan per 10 and charges 200 yuan
// per dissatisfied customer.
func ExampleRule_EvalDecimal() {
	schema := quality.MustSchema(
		quality.Field{Name: "tens", Kind: quality.KindInt},
		quality.Field{Name: "dissatisfied", Kind: quality.KindInt},
		quality.Field{Name: "fee", Kind: quality.KindDecimal},
	)
	pay := quality.MustCompile(`20 * tens - 200 * dissatisfied + round(fee * 0.035, 2, "half_even")`,
		schema, quality.KindDecimal)
	v, err := pay.EvalDecimal(quality.Facts{
		"tens": 93, "dissatisfied": 7, "fee": decimal.RequireFromString("1234.50"),
	})
	fmt.Println(v, err)
	// Output:
	// 503.21 <nil>
}

// A host may pass facts as a struct; its fields are tagged with fact names.
// The evaluation time is an ordinary fact.
func ExampleSchemaOf() {
	type order struct {
		Received time.Time `fact:"received" doc:"when the technician received the order"`
		Now      time.Time `fact:"now" doc:"evaluation time"`
		Kind     string    `fact:"kind"`
	}
	schema, err := quality.SchemaOf(order{})
	if err != nil {
		fmt.Println(err)
		return
	}
	late := quality.MustCompile(`kind == "repair" && now - received > duration("20m")`, schema, quality.KindBool)

	received := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
	for _, minutes := range []int{15, 25} {
		o := order{Received: received, Now: received.Add(time.Duration(minutes) * time.Minute), Kind: "repair"}
		v, _ := late.EvalBool(o)
		fmt.Printf("after %d minutes: late %v\n", minutes, v)
	}
	// Output:
	// after 15 minutes: late false
	// after 25 minutes: late true
}

// A hostile rule is refused before it runs.
func ExampleWithLimits() {
	schema := quality.MustSchema(quality.Field{Name: "tags", Kind: quality.KindStrings})
	_, err := quality.Compile(`all(tags, any(tags, # == "x"))`, schema, quality.KindBool)
	fmt.Println(errors.Is(err, quality.ErrUnsafe), err)

	_, err = quality.Compile("all(1..100000, # > 0)", schema, quality.KindBool,
		quality.WithLimits(quality.Limits{MaxRange: 10}))
	fmt.Println(errors.Is(err, quality.ErrLimit))
	// Output:
	// true quality: 1:11: any inside the condition of another all, any, filter, ... is a loop inside a loop (compute the inner list first with let, outside the condition)
	//  | all(tags, any(tags, # == "x"))
	//  |           ^
	// true
}
