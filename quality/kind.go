package quality

import (
	"fmt"
	"reflect"
	"time"

	"github.com/shopspring/decimal"
)

// Kind is the type of a fact or of a rule's result.
//
// The zero value, [KindInvalid], is not a kind: a [Field] or a [Compile] call
// that leaves its kind unset is refused.
type Kind uint8

// The kinds of facts and results. Each kind has one Go type for its values
// (see [Facts]).
const (
	KindInvalid  Kind = iota // not a kind; the zero value
	KindString               // Go string
	KindBool                 // Go bool
	KindInt                  // Go int: counts
	KindDecimal              // decimal.Decimal: money, rates, ratios
	KindDuration             // time.Duration
	KindTime                 // time.Time: instants, with their own location
	KindStrings              // []string: a list of labels
)

var kindNames = [...]string{
	KindString:   "string",
	KindBool:     "bool",
	KindInt:      "int",
	KindDecimal:  "decimal",
	KindDuration: "duration",
	KindTime:     "time",
	KindStrings:  "strings",
}

// String returns the kind's name as rules and error messages spell it:
// "string", "bool", "int", "decimal", "duration", "time" or "strings"; or
// "Kind(n)" for [KindInvalid] and values that are not kinds.
func (k Kind) String() string {
	if k.valid() {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

func (k Kind) valid() bool { return k >= KindString && k <= KindStrings }

var (
	decimalType  = reflect.TypeOf(decimal.Decimal{})
	durationType = reflect.TypeOf(time.Duration(0))
	timeType     = reflect.TypeOf(time.Time{})
	stringsType  = reflect.TypeOf([]string(nil))
)

// zero returns the kind's zero value in its Go type. The checker of expr sees
// these values, so they must have exactly the runtime types.
func (k Kind) zero() any {
	switch k {
	case KindString:
		return ""
	case KindBool:
		return false
	case KindInt:
		return 0
	case KindDecimal:
		return decimal.Decimal{}
	case KindDuration:
		return time.Duration(0)
	case KindTime:
		return time.Time{}
	case KindStrings:
		return []string{}
	}
	return nil
}

// goTypeName names the Go type a fact of kind k must have, for messages.
func (k Kind) goTypeName() string {
	switch k {
	case KindString:
		return "string"
	case KindBool:
		return "bool"
	case KindInt:
		return "int"
	case KindDecimal:
		return "decimal.Decimal"
	case KindDuration:
		return "time.Duration"
	case KindTime:
		return "time.Time"
	case KindStrings:
		return "[]string"
	}
	return "?"
}

// kindOfGoType maps the Go type of a struct field to a kind, for [SchemaOf].
// Signed integer types other than int are accepted and converted to int.
func kindOfGoType(t reflect.Type) (Kind, bool) {
	switch t {
	case decimalType:
		return KindDecimal, true
	case durationType:
		return KindDuration, true
	case timeType:
		return KindTime, true
	case stringsType:
		return KindStrings, true
	}
	switch t.Kind() {
	case reflect.String:
		return KindString, true
	case reflect.Bool:
		return KindBool, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return KindInt, true
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return KindStrings, true
		}
	}
	return KindInvalid, false
}
