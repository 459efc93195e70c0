package quality

import (
	"errors"
	"fmt"
	"reflect"
)

// ErrSchema is wrapped by the errors of [NewSchema], [SchemaOf] and
// [Schema.Extend]: a duplicate or badly spelled fact name, a missing kind, a
// struct field of a type that is not a kind.
var ErrSchema = errors.New("quality: invalid schema")

// Field declares one fact: its name as rules spell it, its kind, and a line of
// documentation for policy writers.
type Field struct {
	Name string // an identifier: a letter or '_', then letters, digits or '_'
	Kind Kind
	Doc  string
}

// Schema is the set of facts a rule may name, each with its kind. A Schema is
// immutable and safe for concurrent use; [Schema.Extend] returns a new one.
//
// A schema made by [SchemaOf] also knows its Go struct type, so that hosts can
// pass fact values as that struct instead of as [Facts].
type Schema struct {
	fields []Field
	index  map[string]int
	env    map[string]any // typed zero values, for expr's checker

	// Set by SchemaOf: the struct type and, per field, its index in the struct.
	structType reflect.Type
	structIdx  []int
}

// NewSchema returns a schema declaring fields, in order. It refuses empty,
// badly spelled, duplicate and reserved names (such as "true", "let" or "in")
// and fields without a valid kind; the error
// wraps [ErrSchema].
func NewSchema(fields ...Field) (*Schema, error) {
	s := &Schema{index: make(map[string]int, len(fields))}
	if err := s.add(fields); err != nil {
		return nil, err
	}
	return s, nil
}

// MustSchema is like [NewSchema] but panics on error. Use it for schemas
// written in the program's source.
func MustSchema(fields ...Field) *Schema {
	s, err := NewSchema(fields...)
	if err != nil {
		panic(err)
	}
	return s
}

func (s *Schema) add(fields []Field) error {
	for _, f := range fields {
		if err := checkFactName(f.Name); err != nil {
			return err
		}
		if !f.Kind.valid() {
			return fmt.Errorf("%w: fact %q has invalid kind %v", ErrSchema, f.Name, f.Kind)
		}
		if _, dup := s.index[f.Name]; dup {
			return fmt.Errorf("%w: fact %q declared twice", ErrSchema, f.Name)
		}
		s.index[f.Name] = len(s.fields)
		s.fields = append(s.fields, f)
	}
	s.env = make(map[string]any, len(s.fields))
	for _, f := range s.fields {
		s.env[f.Name] = f.Kind.zero()
	}
	return nil
}

// checkFactName refuses names a rule could not spell or that would hide a
// word of the rule language.
func checkFactName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: empty fact name", ErrSchema)
	}
	for i, r := range name {
		letter := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		digit := '0' <= r && r <= '9'
		if !letter && !(digit && i > 0) {
			return fmt.Errorf("%w: fact name %q: want a letter or '_' followed by letters, digits or '_'", ErrSchema, name)
		}
	}
	if reservedWords[name] {
		return fmt.Errorf("%w: fact name %q is a reserved word of the rule language", ErrSchema, name)
	}
	return nil
}

// reservedWords are the words of expr's language: a fact or a let variable
// may not take one. (Names of functions, such as "len" or "now", are free: a
// name followed by "(" is a call, anything else a fact.)
var reservedWords = map[string]bool{
	"true": true, "false": true, "nil": true, "let": true, "if": true, "else": true,
	"not": true, "and": true, "or": true, "in": true, "matches": true, "contains": true,
	"startsWith": true, "endsWith": true, "$env": true,
}

// SchemaOf returns the schema of a struct type, given a value of it (or a
// pointer to one). Every exported field is a fact, named by its `fact` tag or,
// without one, by its Go name; `fact:"-"` leaves a field out, and a `doc` tag
// gives the fact's documentation. Field types map to kinds: string, bool, int
// (and the other signed integer types, read as int), decimal.Decimal,
// time.Duration, time.Time and []string. Any other field type is an error
// wrapping [ErrSchema], as are embedded structs.
//
// A rule compiled against the schema accepts a value of the struct type (or a
// pointer to one) as its facts, as well as [Facts].
func SchemaOf(v any) (*Schema, error) {
	t := reflect.TypeOf(v)
	if t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("%w: SchemaOf needs a struct or a pointer to one, not %T", ErrSchema, v)
	}
	var fields []Field
	var idx []int
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name := sf.Name
		if tag, ok := sf.Tag.Lookup("fact"); ok {
			if tag == "-" {
				continue
			}
			name = tag
		}
		if sf.Anonymous {
			return nil, fmt.Errorf("%w: %v.%s: embedded fields are not facts; name the field", ErrSchema, t, sf.Name)
		}
		k, ok := kindOfGoType(sf.Type)
		if !ok {
			return nil, fmt.Errorf("%w: %v.%s has type %v, which is not a fact kind (string, bool, int, decimal.Decimal, time.Duration, time.Time, []string)", ErrSchema, t, sf.Name, sf.Type)
		}
		fields = append(fields, Field{Name: name, Kind: k, Doc: sf.Tag.Get("doc")})
		idx = append(idx, i)
	}
	s, err := NewSchema(fields...)
	if err != nil {
		return nil, fmt.Errorf("%w (struct %v)", err, t)
	}
	s.structType = t
	s.structIdx = idx
	return s, nil
}

// Fields returns the declared facts in declaration order. The slice is a copy.
func (s *Schema) Fields() []Field {
	return append([]Field(nil), s.fields...)
}

// Field returns the fact called name and whether it is declared.
func (s *Schema) Field(name string) (Field, bool) {
	i, ok := s.index[name]
	if !ok {
		return Field{}, false
	}
	return s.fields[i], true
}

// Extend returns a new schema with s's facts followed by fields; s is
// unchanged. Packages add their own facts this way (sla adds "event").
//
// A schema made by [SchemaOf] loses its struct type when extended, since the
// struct cannot carry the new facts: rules compiled against the extended
// schema take [Facts].
func (s *Schema) Extend(fields ...Field) (*Schema, error) {
	n := &Schema{
		fields: append([]Field(nil), s.fields...),
		index:  make(map[string]int, len(s.fields)+len(fields)),
	}
	for i, f := range n.fields {
		n.index[f.Name] = i
	}
	if err := n.add(fields); err != nil {
		return nil, err
	}
	return n, nil
}

// names returns the fact names in declaration order.
func (s *Schema) names() []string {
	out := make([]string, len(s.fields))
	for i, f := range s.fields {
		out[i] = f.Name
	}
	return out
}
