package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/cmd/servq/internal/report"
	"github.com/servq/servq/cmd/servq/internal/ruleeval"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/workorder"
)

// factFlags collects repeated -f name=value flags.
type factFlags []string

func (f *factFlags) String() string     { return strings.Join(*f, " ") }
func (f *factFlags) Set(s string) error { *f = append(*f, s); return nil }

type evalOpts struct {
	policy  string
	facts   factFlags
	file    string
	kind    string
	explain bool
	format  string
}

func init() {
	register(&command{
		name:    "eval",
		args:    "[flags] RULE",
		summary: "evaluate a rule over facts, and each sub-expression's value on request",
		help: `Eval compiles RULE as the policy's rules are compiled (exact decimals, the
safety profile) and prints its value over the facts given with -f name=value
(repeatable) or --facts FILE (a JSON object, as a data row's "facts").

With -p POLICY the rule may name the policy's facts, "event" and the outcome
facts of the run section (callback_rated, sla_met, ...), and each value is read
as the fact's kind says (as a CSV cell is: 3, 0.93, true, 20m,
2025-07-01T16:00:00+08:00, a|b). Without a policy every fact given is declared
with the kind its value looks like: true/false, a whole number, a decimal, an
RFC 3339 instant, a duration such as 20m, a JSON array of strings, otherwise a
string; write -f name:kind=value to say the kind, or quote a string ("10").

The rule's kind (bool, decimal, string, duration, time) is the first it
compiles to, or --kind. --explain prints every sub-expression with its value:
each is compiled and evaluated as a rule of its own over the same facts; parts
the rule does not reach (the right of a false &&) are marked so.

Exit status 1 when the rule does not compile or fails to evaluate.`,
		flags: func(fs *flag.FlagSet) any {
			o := &evalOpts{}
			fs.StringVar(&o.policy, "p", "", "the `policy` whose facts the rule reads (file or directory)")
			fs.Var(&o.facts, "f", "a fact, `name=value` (or name:kind=value); repeatable")
			fs.StringVar(&o.file, "facts", "", "a JSON `file` holding an object of facts")
			fs.StringVar(&o.kind, "kind", "", "the rule's `kind`: bool, decimal, string, duration or time (default: the first it compiles to)")
			fs.BoolVar(&o.explain, "explain", false, "print every sub-expression's value")
			fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
			return o
		},
		run:   runEval,
		nargs: [2]int{1, 1},
	})
}

var kindByName = map[string]quality.Kind{
	"string": quality.KindString, "bool": quality.KindBool, "int": quality.KindInt, "decimal": quality.KindDecimal,
	"duration": quality.KindDuration, "time": quality.KindTime, "strings": quality.KindStrings,
}

func runEval(e env, o any, args []string) int {
	opts := o.(*evalOpts)
	if opts.format != "text" && opts.format != "json" {
		return fail(e, "eval", usageError{fmt.Errorf("--format %q: want text or json", opts.format)})
	}
	var kind quality.Kind
	if opts.kind != "" {
		k, ok := kindByName[opts.kind]
		if !ok || k == quality.KindInt || k == quality.KindStrings {
			return fail(e, "eval", usageError{fmt.Errorf("--kind %q: want bool, decimal, string, duration or time", opts.kind)})
		}
		kind = k
	}
	var schema *quality.Schema
	if opts.policy != "" {
		cfg, code := loadPolicy(e, "eval", opts.policy)
		if cfg == nil {
			return code
		}
		schema = cfg.OutcomeSchema()
	}
	facts, fields, err := evalFacts(opts, schema)
	if err != nil {
		return fail(e, "eval", usageError{err})
	}
	if schema == nil {
		if schema, err = quality.NewSchema(fields...); err != nil {
			return fail(e, "eval", usageError{err})
		}
	}
	rule, err := ruleeval.Compile(args[0], schema, kind)
	if err != nil {
		fmt.Fprintf(e.stderr, "%v\n", err)
		return exitFindings
	}
	value, err := rule.Eval(facts)
	var tree *ruleeval.Node
	if opts.explain {
		tree, _ = ruleeval.Explain(args[0], schema, facts)
	}
	if opts.format == "json" {
		out := struct {
			Rule  string         `json:"rule"`
			Kind  string         `json:"kind"`
			Value string         `json:"value,omitempty"`
			Error string         `json:"error,omitempty"`
			Tree  *ruleeval.Node `json:"explain,omitempty"`
		}{Rule: args[0], Kind: rule.Result().String(), Tree: tree}
		if err != nil {
			out.Error = err.Error()
		} else {
			out.Value = ruleeval.Format(value)
		}
		if jerr := report.JSON(e.stdout, out); jerr != nil {
			return fail(e, "eval", jerr)
		}
	} else {
		if err == nil {
			fmt.Fprintf(e.stdout, "%s\n", ruleeval.Format(value))
		}
		if tree != nil {
			printTree(e, tree, "", "", true)
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%v\n", err)
		return exitFindings
	}
	return exitOK
}

func printTree(e env, n *ruleeval.Node, prefix, branch string, root bool) {
	line := n.Text
	switch {
	case n.Value != "":
		line += "  =  " + n.Value
	case n.Note == "literal":
	case n.Note != "":
		line += "  (" + n.Note + ")"
	}
	fmt.Fprintf(e.stdout, "%s%s%s\n", prefix, branch, line)
	if !root {
		if branch == "└─ " {
			prefix += "   "
		} else {
			prefix += "│  "
		}
	}
	for i, c := range n.Children {
		b := "├─ "
		if i == len(n.Children)-1 {
			b = "└─ "
		}
		printTree(e, c, prefix, b, false)
	}
}

// evalFacts reads the facts of -f and --facts: typed by the schema when there
// is one, else by the look of each value (the fields declare them).
func evalFacts(opts *evalOpts, schema *quality.Schema) (quality.Facts, []quality.Field, error) {
	facts := quality.Facts{}
	kinds := map[string]quality.Kind{}
	set := func(name string, k quality.Kind, v any) error {
		if _, dup := facts[name]; dup {
			return fmt.Errorf("fact %q given twice", name)
		}
		facts[name] = v
		kinds[name] = k
		return nil
	}
	if opts.file != "" {
		data, err := os.ReadFile(opts.file)
		if err != nil {
			return nil, nil, err
		}
		if err := jsonFacts(data, schema, set); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", opts.file, err)
		}
	}
	for _, f := range opts.facts {
		name, text, ok := strings.Cut(f, "=")
		if !ok || name == "" {
			return nil, nil, fmt.Errorf("-f %q: want name=value", f)
		}
		var k quality.Kind
		if n, kindName, explicit := strings.Cut(name, ":"); explicit {
			name = n
			if k, ok = kindByName[kindName]; !ok {
				return nil, nil, fmt.Errorf("-f %q: unknown kind %q (want string, bool, int, decimal, duration, time or strings)", f, kindName)
			}
		}
		if schema != nil {
			field, ok := schema.Field(name)
			if !ok {
				return nil, nil, fmt.Errorf("-f %q: the policy has no fact %q%s", f, name, factSuggestion(schema, name))
			}
			if k != quality.KindInvalid && k != field.Kind {
				return nil, nil, fmt.Errorf("-f %q: fact %q is a %s in the policy", f, name, field.Kind)
			}
			k = field.Kind
		} else if k == quality.KindInvalid {
			k, text = guessKind(text)
		}
		v, err := workorder.ParseValue(k, text)
		if err != nil {
			return nil, nil, fmt.Errorf("-f %q: %w", f, err)
		}
		if err := set(name, k, v); err != nil {
			return nil, nil, err
		}
	}
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	var fields []quality.Field
	for _, n := range names {
		fields = append(fields, quality.Field{Name: n, Kind: kinds[n]})
	}
	return facts, fields, nil
}

var (
	intRE     = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	decimalRE = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	instantRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}`)
	durRE     = regexp.MustCompile(`^-?([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`)
)

// guessKind returns the kind a value looks like, and the text to read (a
// quoted string loses its quotes).
func guessKind(text string) (quality.Kind, string) {
	switch {
	case len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"':
		return quality.KindString, text[1 : len(text)-1]
	case text == "true" || text == "false":
		return quality.KindBool, text
	case intRE.MatchString(text):
		return quality.KindInt, text
	case decimalRE.MatchString(text):
		return quality.KindDecimal, text
	case instantRE.MatchString(text):
		return quality.KindTime, text
	case durRE.MatchString(text):
		return quality.KindDuration, text
	case strings.HasPrefix(text, "["):
		return quality.KindStrings, text
	}
	return quality.KindString, text
}

// jsonFacts reads a JSON object of facts.
func jsonFacts(data []byte, schema *quality.Schema, set func(string, quality.Kind, any) error) error {
	if schema != nil {
		// Read it exactly as a data row's facts are read.
		row := []byte(`{"order":"-","event":"-","at":"2000-01-01T00:00:00Z","facts":`)
		row = append(row, bytes.TrimSpace(data)...)
		row = append(row, '}')
		d, err := workorder.NewDecoder(bytes.NewReader(bytes.ReplaceAll(row, []byte("\n"), []byte(" "))), workorder.JSONL, schema)
		if err != nil {
			return err
		}
		var ev workorder.Event
		if err := d.Next(&ev); err != nil {
			var re *workorder.RowError
			if errors.As(err, &re) {
				return fmt.Errorf("%s%s", fieldPrefix(re.Field), re.Message)
			}
			return err
		}
		names := make([]string, 0, len(ev.Facts))
		for n := range ev.Facts {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			f, _ := schema.Field(n)
			if err := set(n, f.Kind, ev.Facts[n]); err != nil {
				return err
			}
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("want a JSON object of facts: %w", err)
	}
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var k quality.Kind
		var v any
		switch x := m[n].(type) {
		case bool:
			k, v = quality.KindBool, x
		case string:
			k, v = quality.KindString, x
		case json.Number:
			if intRE.MatchString(x.String()) {
				i, err := x.Int64()
				if err != nil {
					return fmt.Errorf("fact %q: %w", n, err)
				}
				k, v = quality.KindInt, int(i)
			} else {
				d, err := decimal.NewFromString(x.String())
				if err != nil {
					return fmt.Errorf("fact %q: %w", n, err)
				}
				k, v = quality.KindDecimal, d
			}
		case []any:
			list := make([]string, len(x))
			for i, el := range x {
				s, ok := el.(string)
				if !ok {
					return fmt.Errorf("fact %q: a list holds strings only", n)
				}
				list[i] = s
			}
			k, v = quality.KindStrings, list
		default:
			return fmt.Errorf("fact %q: cannot tell its kind from %v; give -p POLICY", n, x)
		}
		if err := set(n, k, v); err != nil {
			return err
		}
	}
	return nil
}

func fieldPrefix(f string) string {
	if f == "" {
		return ""
	}
	return strings.TrimPrefix(f, "facts.") + ": "
}

func factSuggestion(s *quality.Schema, name string) string {
	var names []string
	for _, f := range s.Fields() {
		names = append(names, f.Name)
	}
	return didYouMean(name, names)
}
