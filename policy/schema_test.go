package policy

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite schema.json from the Go types")

// enums lists the names of the enumerations the format uses, for the schema.
var enums = map[reflect.Type][]string{
	reflect.TypeOf(factKind(0)):                {"string", "bool", "int", "decimal", "duration", "time", "strings"},
	reflect.TypeOf(quality.Direction(0)):       {"higher_is_better", "lower_is_better"},
	reflect.TypeOf(quality.Rounding(0)):        {"half_up", "half_even", "down", "up", "floor", "ceiling"},
	reflect.TypeOf(sla.ExceptionKind(0)):       {"closed", "closed-hours", "override"},
	reflect.TypeOf(sla.TargetChange(0)):        {"keep_elapsed", "keep_first"},
	reflect.TypeOf(escalation.ActionKind(0)):   {"notify", "assign", "raise_level", "record_penalty", "compensate", "reset_clock", "custom"},
	reflect.TypeOf(escalation.Scope(0)):        {"state", "named"},
	reflect.TypeOf(survey.Handling(0)):         {"exclude", "unsatisfied"},
	reflect.TypeOf(survey.Layer(0)):            {"exclusion", "mandatory", "rate"},
	reflect.TypeOf(appraisal.Missing(0)):       {"fail", "zero", "redistribute"},
	reflect.TypeOf(appraisal.ChecklistMode(0)): {"proportional", "all"},
	reflect.TypeOf(appraisal.RankBy(0)):        {"wilson", "beta", "score"},
}

// patterns are the text forms of the other scalars read by name.
var patterns = map[reflect.Type]string{
	reflect.TypeOf(sla.Window{}):     `^\d\d:\d\d(:\d\d)?-\d\d:\d\d(:\d\d)?$`,
	reflect.TypeOf(sla.TimeOfDay(0)): `^\d\d:\d\d(:\d\d)?$`,
	reflect.TypeOf(sla.Date{}):       `^\d{4}-\d\d-\d\d$`,
	durationType:                     `^-?(\d+d)?((\d+(\.\d+)?)(ns|us|µs|ms|s|m|h))*$`,
}

// fieldDocs describe the keys of the packages' own specs.
var fieldDocs = map[string]string{
	"sla.ClockSpec.start":           "Conditions that start a cycle: bool rules over the facts and event.",
	"sla.ClockSpec.pause":           "Conditions that pause a running clock (with resume).",
	"sla.ClockSpec.resume":          "Conditions that resume a paused clock.",
	"sla.ClockSpec.stop":            "Conditions that end the cycle: met or missed.",
	"sla.ClockSpec.reset":           "Conditions that end the cycle and start a new one.",
	"sla.ClockSpec.cancel":          "Conditions that end the cycle without a verdict.",
	"sla.ClockSpec.targets":         "Targets tried in order when a cycle starts; the last has no when.",
	"sla.ClockSpec.warnings":        "Warning thresholds: percent, before or after.",
	"sla.TargetSpec.within":         "A budget of working time, such as 20m or 24h.",
	"sla.TargetSpec.slots":          "Batch slots: the first slot after the start is due.",
	"sla.TargetSpec.deadline":       "A time rule over the facts, such as appointment_end.",
	"sla.TargetSpec.not_before":     "A time rule over the facts, such as appointment_start: stopping before it is early, not on time.",
	"sla.TargetSpec.calendar":       "The calendar working time is counted on.",
	"sla.WarningSpec.after":         "Working time elapsed, such as 48h (overdue stages).",
	"survey.RuleSpec.when":          "A bool rule over the order's facts.",
	"survey.RuleSpec.rate":          "Share of matching orders called back, 0 to 1 (0.2 for 20%).",
	"appraisal.Card.total":          "Declared full marks; the items must add up to it unless normalize is set.",
	"appraisal.Item.target":         "A target, or the name of one under targets.",
	"appraisal.Item.rule":           "A decimal rule giving the item's points.",
	"appraisal.MoneyRule.rates":     "Amounts per unit, each from an instant with offset; penalties negative.",
	"appraisal.MoneyRule.liability": "Linked managers charged a share of each line.",
}

// schemaGen builds the JSON Schema of the format from the Go types.
type schemaGen struct {
	defs map[string]any
}

func defName(t reflect.Type, keyed string) string {
	pkg := filepath.Base(t.PkgPath())
	name := t.Name()
	if pkg == "policy" {
		name = strings.TrimSuffix(name, "Decl")
	} else {
		name = pkg + "." + name
	}
	if keyed != "" {
		name += ".by_" + keyed
	}
	return name
}

func (g *schemaGen) typeSchema(t reflect.Type, keyed string) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if p, ok := patterns[t]; ok {
		return map[string]any{"type": "string", "pattern": p}
	}
	if e, ok := enums[t]; ok {
		return map[string]any{"type": "string", "enum": e}
	}
	switch {
	case t == decimalType:
		return map[string]any{"type": []string{"number", "string"}}
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == reflect.TypeOf(sla.Weekdays(0)):
		return map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}}}
	case t.Kind() == reflect.Struct:
		name := defName(t, keyed)
		if _, done := g.defs[name]; !done {
			g.defs[name] = nil // placeholder against recursion
			obj := g.object(t, keyed)
			if _, ok := shorthands[t]; ok {
				g.defs[name] = map[string]any{"anyOf": []any{map[string]any{"type": "string"}, obj}}
			} else {
				g.defs[name] = obj
			}
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	case reflect.PointerTo(t).Implements(textType):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.typeSchema(t.Elem(), "")}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.typeSchema(t.Elem(), "")}
	}
	panic("no schema for " + t.String())
}

func (g *schemaGen) object(t reflect.Type, keyed string) map[string]any {
	props := map[string]any{}
	var required []string
	for _, f := range fieldsOf(t) {
		if f.name == keyed {
			continue
		}
		ft := t.FieldByIndex(f.index).Type
		var s map[string]any
		if f.keyed != "" {
			s = map[string]any{"type": "object", "additionalProperties": g.typeSchema(ft.Elem(), f.keyed)}
		} else {
			s = g.typeSchema(ft, "")
		}
		doc := f.doc
		if doc == "" {
			doc = fieldDocs[defName(t, "")+"."+f.name]
		}
		if doc != "" {
			if _, isRef := s["$ref"]; isRef {
				s = map[string]any{"allOf": []any{s}, "description": doc}
			} else {
				s["description"] = doc
			}
		}
		props[f.name] = s
		if f.required {
			required = append(required, f.name)
		}
	}
	obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		obj["required"] = required
	}
	return obj
}

func generateSchema() ([]byte, error) {
	g := &schemaGen{defs: map[string]any{}}
	root := g.object(reflect.TypeOf(document{}), "")
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://github.com/servq/servq/policy/schema.json"
	root["title"] = "servq policy"
	root["description"] = "A servq policy file: every service-quality rule of one programme. Generated from the Go types of package policy by `go test ./policy -run TestSchema -update`."
	root["$defs"] = g.defs
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestSchemaUpToDate: schema.json is what the Go types generate.
func TestSchemaUpToDate(t *testing.T) {
	got, err := generateSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("schema.json is out of date: run go test ./policy -run TestSchema -update")
	}
}

// TestSchemaMatchesTypes walks the Go structs of the format and schema.json
// side by side and fails on any key, requirement or type that differs,
// independently of the generator.
func TestSchemaMatchesTypes(t *testing.T) {
	data, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %v", root["$schema"])
	}
	defs, _ := root["$defs"].(map[string]any)
	w := &walker{t: t, defs: defs, seen: map[string]bool{}}
	w.walk("", reflect.TypeOf(document{}), "", root)
}

type walker struct {
	t    *testing.T
	defs map[string]any
	seen map[string]bool
}

func (w *walker) deref(path string, s map[string]any) (map[string]any, bool) {
	for {
		if all, ok := s["allOf"].([]any); ok && len(all) == 1 {
			s = all[0].(map[string]any)
			continue
		}
		ref, ok := s["$ref"].(string)
		if !ok {
			return s, true
		}
		name := strings.TrimPrefix(ref, "#/$defs/")
		def, ok := w.defs[name].(map[string]any)
		if !ok {
			w.t.Errorf("%s: $ref %s names no definition", path, ref)
			return nil, false
		}
		if w.seen[name] {
			return nil, false // already compared
		}
		w.seen[name] = true
		s = def
	}
}

func (w *walker) walk(path string, t reflect.Type, keyed string, s map[string]any) {
	s, ok := w.deref(path, s)
	if !ok {
		return
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if alts, ok := s["anyOf"].([]any); ok {
		if _, short := shorthands[t]; !short {
			w.t.Errorf("%s: the schema allows a shorthand that %s does not", path, t)
		}
		for _, alt := range alts {
			if m := alt.(map[string]any); m["type"] == "object" {
				s = m
			}
		}
	} else if _, short := shorthands[t]; short && t.Kind() == reflect.Struct {
		w.t.Errorf("%s: %s may be written as a scalar but the schema does not say so", path, t)
	}
	typ := s["type"]
	want := ""
	switch {
	case t == decimalType:
		if !reflect.DeepEqual(typ, []any{"number", "string"}) {
			w.t.Errorf("%s: decimal has schema type %v", path, typ)
		}
		return
	case t == timeType, t == durationType, patterns[t] != "", enums[t] != nil:
		want = "string"
	case t == reflect.TypeOf(sla.Weekdays(0)):
		want = "array"
	case t.Kind() == reflect.Struct, t.Kind() == reflect.Map:
		want = "object"
	case reflect.PointerTo(t).Implements(textType), t.Kind() == reflect.String:
		want = "string"
	case t.Kind() == reflect.Bool:
		want = "boolean"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		want = "integer"
	case t.Kind() == reflect.Slice:
		want = "array"
	}
	if typ != want {
		w.t.Errorf("%s: Go type %s, schema type %v (want %s)", path, t, typ, want)
		return
	}
	if e := enums[t]; e != nil {
		var got []string
		for _, v := range s["enum"].([]any) {
			got = append(got, v.(string))
		}
		if !slices.Equal(got, e) {
			w.t.Errorf("%s: enum %v, want %v", path, got, e)
		}
		w.checkEnum(path, t, e)
	}
	switch want {
	case "array":
		if items, ok := s["items"].(map[string]any); ok && t.Kind() == reflect.Slice {
			w.walk(path+"[]", t.Elem(), "", items)
		}
	case "object":
		if t.Kind() == reflect.Map {
			// Names chosen by the file: any key, each value of the map's type.
			ap, ok := s["additionalProperties"].(map[string]any)
			if !ok || s["properties"] != nil {
				w.t.Errorf("%s: a map must be an object of any keys with a schema for the values", path)
				return
			}
			w.walk(path+".*", t.Elem(), "", ap)
			return
		}
		if s["additionalProperties"] != false {
			w.t.Errorf("%s: the schema allows unknown keys", path)
		}
		props, _ := s["properties"].(map[string]any)
		var goKeys, required []string
		for _, f := range fieldsOf(t) {
			if f.name == keyed {
				continue
			}
			goKeys = append(goKeys, f.name)
			if f.required {
				required = append(required, f.name)
			}
			ps, ok := props[f.name].(map[string]any)
			if !ok {
				w.t.Errorf("%s: key %q of %s is not in the schema", path, f.name, t)
				continue
			}
			ft := t.FieldByIndex(f.index).Type
			if f.keyed != "" {
				if ps["type"] != "object" {
					w.t.Errorf("%s.%s: a keyed section must be an object", path, f.name)
					continue
				}
				w.walk(join(path, f.name)+".*", ft.Elem(), f.keyed, ps["additionalProperties"].(map[string]any))
				continue
			}
			w.walk(join(path, f.name), ft, "", ps)
		}
		var schemaKeys []string
		for k := range props {
			schemaKeys = append(schemaKeys, k)
		}
		sort.Strings(goKeys)
		sort.Strings(schemaKeys)
		if !slices.Equal(goKeys, schemaKeys) {
			w.t.Errorf("%s: Go keys %v, schema keys %v", path, goKeys, schemaKeys)
		}
		var schemaReq []string
		for _, r := range asSlice(s["required"]) {
			schemaReq = append(schemaReq, r.(string))
		}
		sort.Strings(required)
		sort.Strings(schemaReq)
		if !slices.Equal(required, schemaReq) {
			w.t.Errorf("%s: Go requires %v, schema requires %v", path, required, schemaReq)
		}
	}
}

// checkEnum checks that every name of an enumeration decodes, so that the
// schema offers no name the loader refuses.
func (w *walker) checkEnum(path string, t reflect.Type, names []string) {
	for _, n := range names {
		v := reflect.New(t)
		if err := v.Interface().(interface{ UnmarshalText([]byte) error }).UnmarshalText([]byte(n)); err != nil {
			w.t.Errorf("%s: enum name %q does not decode: %v", path, n, err)
		}
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// TestScenariosMatchSchema validates the sample policies against schema.json
// with a small validator of the keywords the schema uses.
func TestScenariosMatchSchema(t *testing.T) {
	data, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/*.yaml")
	shipped, _ := filepath.Glob("../examples/*/policy.yaml")
	if len(shipped) < 4 {
		t.Errorf("found %d shipped example policies, want at least 4", len(shipped))
	}
	for _, name := range append(files, shipped...) {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
		v := &validator{defs: schema["$defs"].(map[string]any)}
		v.check("", toJSONValue(doc), schema)
		for _, e := range v.errs {
			t.Errorf("%s: %s", name, e)
		}
	}
	// And a policy with an unknown key does not validate.
	v := &validator{defs: schema["$defs"].(map[string]any)}
	v.check("", map[string]any{"version": 1, "name": "x", "calender": map[string]any{}}, schema)
	if len(v.errs) == 0 {
		t.Error("the schema accepts an unknown key")
	}
}

// toJSONValue turns YAML values into what JSON would hold (times as text).
func toJSONValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = toJSONValue(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = toJSONValue(e)
		}
		return x
	case fmt.Stringer:
		return x.String()
	}
	return v
}

type validator struct {
	defs map[string]any
	errs []string
}

func (v *validator) check(path string, val any, s map[string]any) bool {
	if ref, ok := s["$ref"].(string); ok {
		return v.check(path, val, v.defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any))
	}
	for _, sub := range asSlice(s["allOf"]) {
		if !v.check(path, val, sub.(map[string]any)) {
			return false
		}
	}
	if alts := asSlice(s["anyOf"]); alts != nil {
		for _, alt := range alts {
			trial := &validator{defs: v.defs}
			if trial.check(path, val, alt.(map[string]any)) {
				return true
			}
		}
		v.errs = append(v.errs, path+": matches no alternative")
		return false
	}
	fail := func(format string, args ...any) bool {
		v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
		return false
	}
	typeOK := func(t string) bool {
		switch t {
		case "object":
			_, ok := val.(map[string]any)
			return ok
		case "array":
			_, ok := val.([]any)
			return ok
		case "string":
			_, ok := val.(string)
			return ok
		case "boolean":
			_, ok := val.(bool)
			return ok
		case "integer":
			_, ok := val.(int)
			return ok
		case "number":
			switch val.(type) {
			case int, float64:
				return true
			}
		}
		return false
	}
	switch typ := s["type"].(type) {
	case string:
		if !typeOK(typ) {
			return fail("want %s, got %T", typ, val)
		}
	case []any:
		ok := false
		for _, t := range typ {
			ok = ok || typeOK(t.(string))
		}
		if !ok {
			return fail("want one of %v, got %T", typ, val)
		}
	}
	if e := asSlice(s["enum"]); e != nil && !slices.Contains(e, val) {
		return fail("%v is not one of %v", val, e)
	}
	if p, ok := s["pattern"].(string); ok {
		if !regexp.MustCompile(p).MatchString(val.(string)) {
			return fail("%q does not match %s", val, p)
		}
	}
	switch x := val.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asSlice(s["required"]) {
			if _, ok := x[r.(string)]; !ok {
				fail("missing %s", r)
			}
		}
		for k, e := range x {
			if ps, ok := props[k].(map[string]any); ok {
				v.check(path+"."+k, e, ps)
			} else if ap, ok := s["additionalProperties"].(map[string]any); ok {
				v.check(path+"."+k, e, ap)
			} else if s["additionalProperties"] == false {
				fail("unknown key %q", k)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, e := range x {
				v.check(fmt.Sprintf("%s[%d]", path, i), e, items)
			}
		}
	}
	return true
}
