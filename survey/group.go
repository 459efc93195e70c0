package survey

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Dim is one named dimension of a [Group]: technician "T017", county
// "Xinjian", period "2025-07".
type Dim struct {
	Name  string // a lower-case identifier: [a-z][a-z0-9_]*
	Value string // any valid UTF-8, possibly empty
}

// Group is the key metrics are computed for: a set of named dimensions such
// as {technician: T017, day: 2025-07-01} or {county: Xinjian, order_type:
// repair, period: 2025-07}. The order in which dimensions are given does not
// matter; a group is kept in canonical form, sorted by name.
//
// A Group is a comparable value usable as a map key. Its text form, used in
// JSON, is "name=value;name=value" sorted by name, with "\" and ";" in values
// escaped by a backslash: "county=Xinjian;technician=T017". The zero Group has
// no dimensions: the whole population.
type Group struct{ key string }

// NewGroup returns the group of the given dimensions. Errors wrap
// [ErrInvalidGroup]: a bad name, a name given twice, a value that is not
// valid UTF-8.
func NewGroup(dims ...Dim) (Group, error) {
	ds := slices.Clone(dims)
	slices.SortFunc(ds, func(a, b Dim) int { return cmp.Compare(a.Name, b.Name) })
	for i, d := range ds {
		if !validDimName(d.Name) {
			return Group{}, fmt.Errorf("%w: dimension name %q (want a lower-case identifier)", ErrInvalidGroup, d.Name)
		}
		if i > 0 && ds[i-1].Name == d.Name {
			return Group{}, fmt.Errorf("%w: dimension %q given twice", ErrInvalidGroup, d.Name)
		}
		if !utf8.ValidString(d.Value) {
			return Group{}, fmt.Errorf("%w: dimension %q: value is not valid UTF-8", ErrInvalidGroup, d.Name)
		}
	}
	return Group{encodeDims(ds)}, nil
}

// GroupOf returns the group of alternating names and values:
// GroupOf("technician", "T017", "day", "2025-07-01").
func GroupOf(nameValues ...string) (Group, error) {
	if len(nameValues)%2 != 0 {
		return Group{}, fmt.Errorf("%w: GroupOf needs name, value pairs; got %d strings", ErrInvalidGroup, len(nameValues))
	}
	dims := make([]Dim, 0, len(nameValues)/2)
	for i := 0; i < len(nameValues); i += 2 {
		dims = append(dims, Dim{nameValues[i], nameValues[i+1]})
	}
	return NewGroup(dims...)
}

// MustGroup is like [GroupOf] but panics on error; use it for constant keys.
func MustGroup(nameValues ...string) Group {
	g, err := GroupOf(nameValues...)
	if err != nil {
		panic(err)
	}
	return g
}

// ParseGroup reads a group's text form ([Group.String]). Only the canonical
// form is accepted (names sorted, no name twice, only "\\" and "\;" escapes),
// so that ParseGroup(s).String() == s for every s it accepts.
func ParseGroup(s string) (Group, error) {
	if s == "" {
		return Group{}, nil
	}
	if !utf8.ValidString(s) {
		return Group{}, fmt.Errorf("%w: %q is not valid UTF-8", ErrInvalidGroup, s)
	}
	prev := ""
	for i, rest := 0, s; ; i++ {
		name, after, ok := strings.Cut(rest, "=")
		if !ok || !validDimName(name) {
			return Group{}, fmt.Errorf("%w: %q: dimension %d: want name=value", ErrInvalidGroup, s, i+1)
		}
		if i > 0 && name <= prev {
			return Group{}, fmt.Errorf("%w: %q: dimension %q out of order or repeated", ErrInvalidGroup, s, name)
		}
		prev = name
		end, err := scanValue(after)
		if err != nil {
			return Group{}, fmt.Errorf("%w: %q: dimension %q: %v", ErrInvalidGroup, s, name, err)
		}
		if end == len(after) {
			return Group{s}, nil
		}
		rest = after[end+1:] // skip the ';'
	}
}

// scanValue returns the length of the escaped value at the start of s, up to
// an unescaped ';' or the end.
func scanValue(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ';':
			return i, nil
		case '\\':
			if i+1 == len(s) || (s[i+1] != '\\' && s[i+1] != ';') {
				return 0, fmt.Errorf(`bad escape (only \\ and \; are escapes)`)
			}
			i++
		}
	}
	return len(s), nil
}

func validDimName(n string) bool {
	if n == "" || n[0] < 'a' || n[0] > 'z' {
		return false
	}
	for i := 1; i < len(n); i++ {
		c := n[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

func encodeDims(ds []Dim) string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(d.Name)
		b.WriteByte('=')
		for j := 0; j < len(d.Value); j++ {
			if c := d.Value[j]; c == '\\' || c == ';' {
				b.WriteByte('\\')
			}
			b.WriteByte(d.Value[j])
		}
	}
	return b.String()
}

// String returns the canonical text form, such as
// "county=Xinjian;technician=T017", or "" for the zero Group.
func (g Group) String() string { return g.key }

// IsZero reports whether g has no dimensions.
func (g Group) IsZero() bool { return g.key == "" }

// Dims returns the dimensions sorted by name.
func (g Group) Dims() []Dim {
	var out []Dim
	for rest := g.key; rest != ""; {
		name, after, _ := strings.Cut(rest, "=")
		end, _ := scanValue(after)
		out = append(out, Dim{name, unescape(after[:end])})
		if end == len(after) {
			break
		}
		rest = after[end+1:]
	}
	return out
}

func unescape(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// Value returns the value of dimension name and whether g has it.
func (g Group) Value(name string) (string, bool) {
	for _, d := range g.Dims() {
		if d.Name == name {
			return d.Value, true
		}
	}
	return "", false
}

// Has reports whether g has every one of the named dimensions.
func (g Group) Has(names ...string) bool {
	for _, n := range names {
		if _, ok := g.Value(n); !ok {
			return false
		}
	}
	return true
}

// Project returns the group of g's dimensions named in names; names g lacks
// are ignored. Projecting {technician, station, day} on "station" gives the
// station's group, which is how finer aggregates roll up ([Aggregate.Rollup]).
func (g Group) Project(names ...string) Group {
	return g.filter(func(n string) bool { return slices.Contains(names, n) })
}

// Without returns g without the named dimensions.
func (g Group) Without(names ...string) Group {
	return g.filter(func(n string) bool { return !slices.Contains(names, n) })
}

func (g Group) filter(keep func(string) bool) Group {
	var ds []Dim
	for _, d := range g.Dims() {
		if keep(d.Name) {
			ds = append(ds, d)
		}
	}
	return Group{encodeDims(ds)}
}

// Compare orders groups by their text form; it is the order of every list of
// groups this package returns.
func (g Group) Compare(o Group) int { return strings.Compare(g.key, o.key) }

// MarshalText returns the text form.
func (g Group) MarshalText() ([]byte, error) { return []byte(g.key), nil }

// UnmarshalText reads the text form as [ParseGroup] does.
func (g *Group) UnmarshalText(text []byte) error {
	v, err := ParseGroup(string(text))
	if err != nil {
		return err
	}
	*g = v
	return nil
}
