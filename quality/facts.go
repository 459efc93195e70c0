package quality

import (
	"fmt"
	"reflect"
	"time"

	"github.com/shopspring/decimal"
)

// Facts are the values of a rule's facts for one evaluation, by name. Each
// value has the Go type of its kind:
//
//	string    string
//	bool      bool
//	int       int
//	decimal   decimal.Decimal
//	duration  time.Duration
//	time      time.Time
//	strings   []string
//
// No conversion is made: an int64 where an int is declared, or a float64
// where a decimal is, is an error wrapping [ErrFactType]. Facts the rule does
// not use are ignored.
type Facts map[string]any

// env checks that every fact the rule uses is present with its Go type and
// puts the values, in the order of r.facts, into m.facts. When the rule's
// program reads facts from the machine's variable slots (see patchLoads),
// m.facts are those slots and env returns nil; otherwise it returns the map
// for the program to read.
func (r *Rule) env(facts any, m *machine) (map[string]any, error) {
	switch f := facts.(type) {
	case Facts:
		return r.checkMap(f, m)
	case map[string]any:
		return r.checkMap(f, m)
	}
	if t := r.schema.structType; t != nil {
		v := reflect.ValueOf(facts)
		if v.Kind() == reflect.Pointer && v.Type().Elem() == t {
			if v.IsNil() {
				return nil, r.factsError(ErrFactType, "facts are a nil *%v", t)
			}
			v = v.Elem()
		}
		if v.IsValid() && v.Type() == t {
			return r.fromStruct(v, m)
		}
		return nil, r.factsError(ErrFactType, "facts are %T; want quality.Facts or %v", facts, t)
	}
	return nil, r.factsError(ErrFactType, "facts are %T; want quality.Facts", facts)
}

func (r *Rule) factsError(sentinel error, format string, args ...any) error {
	return &Error{Err: sentinel, Source: r.source, Message: fmt.Sprintf(format, args...)}
}

// factError is an error about one fact, placed where the rule first uses it.
func (r *Rule) factError(f *factRef, sentinel error, format string, args ...any) error {
	line, col := position(r.source, f.at)
	return &Error{Err: sentinel, Source: r.source, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}

func (r *Rule) checkMap(facts map[string]any, m *machine) (map[string]any, error) {
	slots := m.facts
	for i := range r.facts {
		f := &r.facts[i]
		v, ok := facts[f.name]
		if !ok {
			return nil, r.factError(f, ErrMissingFact, "fact %q is missing", f.name)
		}
		if !hasKind(v, f.kind) {
			return nil, r.factError(f, ErrFactType, "fact %q is %T; want %s", f.name, v, f.kind.goTypeName())
		}
		if f.kind == KindDecimal && !r.ar.fits(v.(decimal.Decimal)) {
			return nil, r.factError(f, ErrLimit, "fact %q = %v has more than %d digits or an exponent beyond ±%d",
				f.name, v, r.ar.maxDigits, r.ar.maxDigits)
		}
		slots[i] = v
	}
	if r.slotted {
		return nil, nil
	}
	return facts, nil
}

// hasKind reports whether v has the Go type of kind k.
func hasKind(v any, k Kind) bool {
	var ok bool
	switch k {
	case KindString:
		_, ok = v.(string)
	case KindBool:
		_, ok = v.(bool)
	case KindInt:
		_, ok = v.(int)
	case KindDecimal:
		_, ok = v.(decimal.Decimal)
	case KindDuration:
		_, ok = v.(time.Duration)
	case KindTime:
		_, ok = v.(time.Time)
	case KindStrings:
		_, ok = v.([]string)
	}
	return ok
}

// fromStruct copies the facts the rule uses from a SchemaOf struct into the
// machine's slots or its scratch map.
func (r *Rule) fromStruct(v reflect.Value, m *machine) (map[string]any, error) {
	slots := m.facts
	for i := range r.facts {
		f := &r.facts[i]
		fv := v.Field(f.field)
		var x any
		switch f.kind {
		case KindString:
			x = fv.String()
		case KindBool:
			x = fv.Bool()
		case KindInt:
			x = int(fv.Int())
		case KindDecimal:
			var d decimal.Decimal
			if fv.CanAddr() {
				// A pointer, unlike a copy, needs no allocation to pass as
				// an interface; decimal functions read through it (toDec).
				p := fv.Addr().Interface().(*decimal.Decimal)
				x, d = p, *p
			} else {
				x = fv.Interface()
				d = x.(decimal.Decimal)
			}
			if !r.ar.fits(d) {
				return nil, r.factError(f, ErrLimit, "fact %q = %v has more than %d digits or an exponent beyond ±%d",
					f.name, d, r.ar.maxDigits, r.ar.maxDigits)
			}
		case KindDuration:
			x = time.Duration(fv.Int())
		case KindTime:
			x = fv.Interface()
		case KindStrings:
			if fv.Type() != stringsType {
				fv = fv.Convert(stringsType)
			}
			x = fv.Interface().([]string)
		}
		slots[i] = x
		if !r.slotted {
			m.scratch[f.name] = x
		}
	}
	if r.slotted {
		return nil, nil
	}
	return m.scratch, nil
}
