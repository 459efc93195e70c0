package policy

import (
	"encoding"
	"encoding/json"
	"fmt"
	"github.com/servq/servq/quality"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// The decoder turns the YAML node tree into the format's Go structs (format.go)
// by reflection, checking every mapping's keys against the fields the struct
// declares, every scalar against the field's type, and recording the node of
// every path so that errors found later, by the packages that compile the
// definitions, can be placed in the file.
//
// Field names come from the `yaml` tag, or else the `json` tag (the packages'
// plain-data specs are decoded directly, under their JSON names). A `policy`
// tag adds options: "required", and "keyed=F" on a slice of structs, which is
// written as a mapping whose keys fill the element's field F.

const (
	maxNodes = 200000 // nodes decoded, aliases expanded: a bound on alias bombs
	maxDepth = 64     // nesting of mappings and sequences
)

type decoder struct {
	src   *source
	errs  ErrorList
	nodes map[string]*yaml.Node // path → value node
	keys  map[string]*yaml.Node // path → key node (mapping entries)
	count int
	over  bool
	refs  []targetRef // target references to resolve after decoding
	// bad holds the paths whose values could not be decoded (left at their
	// zero values); a package's error about such a path, or one inside or
	// around it, would only repeat the decoder's, and is dropped.
	bad []string
}

// targetRef is a scorecard item's target written as the name of a top-level
// target.
type targetRef struct {
	name string
	path string
	dst  reflect.Value // a *quality.Target field
}

func newDecoder(src *source) *decoder {
	return &decoder{src: src, nodes: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
}

// errorAt records an error at node n (nil: no place).
func (d *decoder) errorAt(n *yaml.Node, path string, sentinel, cause error, hint, format string, args ...any) *Error {
	if sentinel == ErrType || sentinel == ErrMissingKey || sentinel == ErrReference {
		d.bad = append(d.bad, path)
	}
	e := &Error{File: d.src.name, Path: path, Err: sentinel, Cause: cause, Message: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
		e.srcLine = d.src.line(n.Line)
	}
	d.errs = append(d.errs, e)
	return e
}

// field describes one key of a struct in the format.
type field struct {
	name     string
	index    []int
	required bool
	keyed    string // for keyed slices: the element's key field
	doc      string
}

var fieldCache sync.Map // reflect.Type → []field

// fieldsOf returns the keys of struct type t, in declaration order, with
// inline (embedded) structs flattened.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, inline, ok := keyName(sf)
		if !ok {
			continue
		}
		if inline {
			for _, f := range fieldsOf(sf.Type) {
				f.index = append([]int{i}, f.index...)
				fs = append(fs, f)
			}
			continue
		}
		f := field{name: name, index: []int{i}, doc: sf.Tag.Get("doc")}
		for _, opt := range strings.Split(sf.Tag.Get("policy"), ",") {
			switch {
			case opt == "required":
				f.required = true
			case strings.HasPrefix(opt, "keyed="):
				f.keyed = strings.TrimPrefix(opt, "keyed=")
			}
		}
		fs = append(fs, f)
	}
	fieldCache.Store(t, fs)
	return fs
}

// keyName returns a struct field's key: from its yaml tag, else its json tag.
// ok is false for fields that are not part of the format.
func keyName(sf reflect.StructField) (name string, inline, ok bool) {
	if !sf.IsExported() {
		return "", false, false
	}
	tag, has := sf.Tag.Lookup("yaml")
	if !has {
		tag, has = sf.Tag.Lookup("json")
	}
	if !has || tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if strings.Contains(","+opts+",", ",inline,") {
		return "", true, true
	}
	if name == "" {
		return "", false, false
	}
	return name, false, true
}

var (
	durationType = reflect.TypeOf(time.Duration(0))
	decimalType  = reflect.TypeOf(decimal.Decimal{})
	timeType     = reflect.TypeOf(time.Time{})
	textType     = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
	jsonType     = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
)

// shorthands are struct types that may also be written as a single scalar.
var shorthands = map[reflect.Type]func(d *decoder, n *yaml.Node, path string, v reflect.Value){}

// resolve follows aliases.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

// decode decodes node n into v (addressable), recording path.
func (d *decoder) decode(n *yaml.Node, path string, v reflect.Value, depth int) {
	if d.over {
		return
	}
	d.count++
	if d.count > maxNodes || depth > maxDepth {
		d.over = true
		d.errorAt(n, path, ErrSyntax, nil, "", "the document is too large or too deeply nested (more than %d nodes after expanding aliases, or %d levels)", maxNodes, maxDepth)
		return
	}
	n = d.resolve(n)
	if n == nil {
		return
	}
	if _, seen := d.nodes[path]; !seen {
		d.nodes[path] = n
	}
	t := v.Type()
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		// null (or an empty value) leaves the zero value: the same as leaving
		// the key out.
		return
	}
	switch {
	case t == durationType:
		if s, ok := d.scalar(n, path, "a duration such as 20m, 3h30m or 15d"); ok {
			dur, err := parseDuration(s)
			if err != nil {
				d.errorAt(n, path, ErrType, nil, "write a duration such as 3m, 20m, 1h30m, 48h or 15d", "%q is not a duration", s)
				return
			}
			v.SetInt(int64(dur))
		}
		return
	case t == decimalType:
		if s, ok := d.scalar(n, path, "a number"); ok {
			dec, err := parseDecimal(s)
			if err != nil {
				d.errorAt(n, path, ErrType, nil, "", "%q is not a number: %v", s, err)
				return
			}
			v.Set(reflect.ValueOf(dec))
		}
		return
	case t == timeType:
		if s, ok := d.scalar(n, path, "an instant"); ok {
			tm, err := time.Parse(time.RFC3339, s)
			if err != nil {
				d.errorAt(n, path, ErrType, nil, "write an instant with its offset, such as 2025-07-01T00:00:00+08:00", "%q is not an instant", s)
				return
			}
			v.Set(reflect.ValueOf(tm))
		}
		return
	case t.Kind() == reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.decode(n, path, v.Elem(), depth+1)
		return
	case reflect.PointerTo(t).Implements(textType):
		if s, ok := d.scalar(n, path, "a name"); ok {
			if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
				d.errorAt(n, path, ErrType, err, "", "%s", cleanMessage(err))
			}
		}
		return
	case t.Kind() != reflect.Struct && reflect.PointerTo(t).Implements(jsonType):
		b, err := json.Marshal(nodeJSON(d, n, 0))
		if err == nil {
			err = v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(b)
		}
		if err != nil {
			d.errorAt(n, path, ErrType, err, "", "%s", cleanMessage(err))
		}
		return
	}
	switch t.Kind() {
	case reflect.String:
		if s, ok := d.scalar(n, path, "a string"); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		if s, ok := d.scalar(n, path, "true or false"); ok {
			if n.Tag != "!!bool" {
				d.errorAt(n, path, ErrType, nil, "", "want true or false, got %q", s)
				return
			}
			var b bool
			if err := n.Decode(&b); err != nil {
				d.errorAt(n, path, ErrType, nil, "", "want true or false, got %q", s)
				return
			}
			v.SetBool(b)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if s, ok := d.scalar(n, path, "a whole number"); ok {
			var i int64
			if n.Tag != "!!int" || n.Decode(&i) != nil || v.OverflowInt(i) {
				d.errorAt(n, path, ErrType, nil, "", "want a whole number, got %q", s)
				return
			}
			v.SetInt(i)
		}
	case reflect.Slice:
		d.decodeSlice(n, path, v, "", depth)
	case reflect.Map:
		d.decodeMap(n, path, v, depth)
	case reflect.Struct:
		if n.Kind == yaml.ScalarNode {
			if f, ok := shorthands[t]; ok {
				f(d, n, path, v)
				return
			}
		}
		d.decodeStruct(n, path, v, depth)
	default:
		d.errorAt(n, path, ErrType, nil, "", "cannot decode a value of Go type %s", t)
	}
}

// scalar returns a scalar node's value, or reports that a scalar was wanted.
func (d *decoder) scalar(n *yaml.Node, path, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errorAt(n, path, ErrType, nil, "", "want %s, got %s", want, kindName(n))
		return "", false
	}
	return n.Value, true
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "nothing"
}

// decodeSlice decodes a sequence, or for keyed slices a mapping.
func (d *decoder) decodeSlice(n *yaml.Node, path string, v reflect.Value, keyed string, depth int) {
	et := v.Type().Elem()
	if keyed != "" {
		if n.Kind != yaml.MappingNode {
			d.errorAt(n, path, ErrType, nil, "", "want a mapping of names to definitions, got %s", kindName(n))
			return
		}
		kf, ok := keyField(et, keyed)
		if !ok {
			panic("policy: keyed field " + keyed + " not in " + et.String())
		}
		seen := map[string]*yaml.Node{}
		out := reflect.MakeSlice(v.Type(), 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := d.resolve(n.Content[i]), n.Content[i+1]
			if k == nil || k.Kind != yaml.ScalarNode {
				d.errorAt(n.Content[i], path, ErrType, nil, "", "a name must be a string")
				continue
			}
			p := path + "." + k.Value
			if first, dup := seen[k.Value]; dup {
				d.errorAt(k, p, ErrDuplicateKey, nil, fmt.Sprintf("first defined at line %d", first.Line), "%q is defined twice", k.Value)
				continue
			}
			seen[k.Value] = k
			d.keys[p] = k
			elem := reflect.New(et).Elem()
			d.decodeElem(val, p, elem, kf, depth+1)
			elem.FieldByIndex(kf.index).SetString(k.Value)
			out = reflect.Append(out, elem)
		}
		v.Set(out)
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorAt(n, path, ErrType, nil, "", "want a list, got %s", kindName(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		d.decode(c, path+"["+strconv.Itoa(i)+"]", out.Index(i), depth+1)
	}
	v.Set(out)
}

// decodeMap decodes a mapping with string keys (names chosen by the file,
// such as scorecard items) into a map.
func (d *decoder) decodeMap(n *yaml.Node, path string, v reflect.Value, depth int) {
	if v.Type().Key().Kind() != reflect.String {
		d.errorAt(n, path, ErrType, nil, "", "cannot decode a value of Go type %s", v.Type())
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorAt(n, path, ErrType, nil, "", "want a mapping, got %s", kindName(n))
		return
	}
	out := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := d.resolve(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			d.errorAt(n.Content[i], path, ErrType, nil, "", "a key must be a string")
			continue
		}
		p := path + "." + k.Value
		if first, dup := seen[k.Value]; dup {
			d.errorAt(k, p, ErrDuplicateKey, nil, fmt.Sprintf("first given at line %d", first.Line), "key %q is given twice", k.Value)
			continue
		}
		seen[k.Value] = k
		d.keys[p] = k
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, p, e, depth+1)
		out.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e)
	}
	v.Set(out)
}

func keyField(t reflect.Type, name string) (field, bool) {
	for _, f := range fieldsOf(t) {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// decodeElem decodes one element of a keyed slice: a struct whose key field
// comes from the mapping key and may not be written inside.
func (d *decoder) decodeElem(n *yaml.Node, path string, v reflect.Value, kf field, depth int) {
	rn := d.resolve(n)
	if rn != nil && rn.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(rn.Content); i += 2 {
			if k := d.resolve(rn.Content[i]); k != nil && k.Value == kf.name {
				d.errorAt(k, path+"."+kf.name, ErrUnknownKey, nil, "the "+kf.name+" is the key above", "%q is not written here", kf.name)
			}
		}
	}
	d.decode(n, path, v, depth)
}

// decodeStruct decodes a mapping into a struct, refusing unknown and
// duplicate keys and reporting missing required ones.
func (d *decoder) decodeStruct(n *yaml.Node, path string, v reflect.Value, depth int) {
	if n.Kind != yaml.MappingNode {
		d.errorAt(n, path, ErrType, nil, "", "want a mapping, got %s", kindName(n))
		return
	}
	fs := fieldsOf(v.Type())
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := d.resolve(n.Content[i]), n.Content[i+1]
		if k != nil && k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			d.errorAt(k, path, ErrUnknownKey, nil, "repeat the keys, or use an alias as a whole value", "merge keys (<<) are not supported")
			continue
		}
		if k == nil || k.Kind != yaml.ScalarNode {
			d.errorAt(n.Content[i], path, ErrType, nil, "", "a key must be a string")
			continue
		}
		p := join(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.errorAt(k, p, ErrDuplicateKey, nil, fmt.Sprintf("first given at line %d", first.Line), "key %q is given twice", k.Value)
			continue
		}
		seen[k.Value] = k
		f, ok := keyField(v.Type(), k.Value)
		if !ok {
			names := make([]string, len(fs))
			for j, f := range fs {
				names[j] = f.name
			}
			d.errorAt(k, p, ErrUnknownKey, nil, suggest(k.Value, names), "unknown key %q", k.Value)
			continue
		}
		d.keys[p] = k
		fv := v.FieldByIndex(f.index)
		if f.keyed != "" {
			d.nodes[p] = d.resolve(val)
			d.decodeSlice(d.resolve(val), p, fv, f.keyed, depth+1)
			continue
		}
		d.decode(val, p, fv, depth+1)
	}
	for _, f := range fs {
		if f.required && seen[f.name] == nil {
			d.errorAt(n, join(path, f.name), ErrMissingKey, nil, "", "missing key %q", f.name)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest returns a "did you mean" hint for an unknown name among known ones
// ([quality.Closest]), or the list of known names when none is close.
func suggest(name string, known []string) string {
	if best := quality.Closest(name, known); best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	if len(known) == 0 {
		return ""
	}
	sorted := append([]string(nil), known...)
	sort.Strings(sorted)
	return "known: " + strings.Join(sorted, ", ")
}

var daysRE = regexp.MustCompile(`^(-?)(\d{1,6})d(.*)$`)

// parseDuration reads a Go duration ("20m", "1h30m", "300h") or one starting
// with whole days ("15d", "1d12h"); a day is 24 hours of working time.
func parseDuration(s string) (time.Duration, error) {
	if m := daysRE.FindStringSubmatch(s); m != nil {
		days, _ := strconv.Atoi(m[2])
		d := time.Duration(days) * 24 * time.Hour
		if m[3] != "" {
			rest, err := time.ParseDuration(m[3])
			if err != nil || rest < 0 {
				return 0, fmt.Errorf("bad duration %q", s)
			}
			d += rest
		}
		if m[1] == "-" {
			d = -d
		}
		return d, nil
	}
	return time.ParseDuration(s)
}

// parseDecimal reads an exact decimal, refusing numbers beyond the digits the
// rule engine accepts (a huge exponent would make arithmetic slow).
func parseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > 80 {
		return decimal.Decimal{}, fmt.Errorf("too long")
	}
	dec, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("want a decimal such as 0.9, 200 or -1.5")
	}
	if e := dec.Exponent(); e > 64 || e < -64 {
		return decimal.Decimal{}, fmt.Errorf("exponent out of range")
	}
	return dec, nil
}

// nodeJSON converts a node to a JSON-ready value, for types that only decode
// from JSON.
func nodeJSON(d *decoder, n *yaml.Node, depth int) any {
	n = d.resolve(n)
	d.count++
	if n == nil || depth > maxDepth || d.count > maxNodes {
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := d.resolve(n.Content[i]); k != nil {
				m[k.Value] = nodeJSON(d, n.Content[i+1], depth+1)
			}
		}
		return m
	case yaml.SequenceNode:
		a := make([]any, len(n.Content))
		for i, c := range n.Content {
			a[i] = nodeJSON(d, c, depth+1)
		}
		return a
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil
		case "!!bool", "!!int", "!!float":
			if json.Valid([]byte(n.Value)) {
				return json.RawMessage(n.Value)
			}
		}
		return n.Value
	}
	return nil
}

// cleanMessage returns an error's text without the Go package prefixes that
// the policy's own prefix makes redundant ("sla: ", "quality: invalid
// direction: ").
func cleanMessage(err error) string {
	s := err.Error()
	for _, p := range []string{"quality: ", "sla: ", "survey: ", "escalation: ", "appraisal: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// repeats reports whether an error at path would repeat a decoding error:
// one at the same path, inside it or around it.
func (d *decoder) repeats(path string) bool {
	for _, b := range d.bad {
		if b == path || within(b, path) || within(path, b) {
			return true
		}
	}
	return false
}

// within reports whether path p is inside path q.
func within(p, q string) bool {
	return len(p) > len(q) && strings.HasPrefix(p, q) && (p[len(q)] == '.' || p[len(q)] == '[')
}
