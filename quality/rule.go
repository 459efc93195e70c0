package quality

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	exprchecker "github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"
)

// Rule is a compiled rule: checked against its schema, lowered to expr's
// bytecode, ready to evaluate many times. A Rule is immutable and safe for
// concurrent use; it keeps a pool of expr virtual machines so that
// evaluations reuse them.
type Rule struct {
	source  string
	schema  *Schema
	result  Kind
	static  typ // the type the checker found (int for a decimal result of ints)
	program *vm.Program
	facts   []factRef // the facts the rule names, sorted by name
	ar      *arith
	slotted bool      // the program reads facts from machine slots
	nvars   int       // length of a machine's slots: let variables, then facts
	direct  *formula  // set when the rule is one decimal formula over facts
	fast    *fastRule // set when the rule is a simple condition (fast.go)
	bare    string    // the fact the rule is, when it is one fact of its kind (bare.go)
	pool    sync.Pool // of *machine
}

// factRef is a fact a rule names: where the rule first names it, and where
// a SchemaOf struct holds it.
type factRef struct {
	name  string
	kind  Kind
	at    int // rune offset of its first use
	field int // index in the struct, or -1
}

// machine is what the pool holds: a virtual machine with its variable
// slots and, when the program reads facts from a map, a map to copy struct
// facts into.
type machine struct {
	vm      vm.VM
	vars    []any // the VM's variables: the rule's let variables, then (when slotted) its facts
	facts   []any // the checked facts, in the order of Rule.facts
	args    []any // the arguments of a direct formula
	scratch map[string]any
}

// resultKinds are the kinds a rule may produce.
var resultKinds = []Kind{KindBool, KindDecimal, KindDuration, KindTime, KindString}

// Compile checks source against schema and compiles it into a rule whose
// value has kind result: one of KindBool, KindDecimal, KindDuration, KindTime
// or KindString (a rule of ints has kind decimal).
//
// Errors in the rule are reported as a [*Error], or an [ErrorList] when
// there are several, with their line and column; each wraps one of the
// sentinels ErrSyntax, ErrUnknownName, ErrType, ErrResultKind, ErrUnsafe,
// ErrLimit or ErrDivisionByZero (for a constant divisor of zero).
func Compile(source string, schema *Schema, result Kind, opts ...Option) (*Rule, error) {
	return compile(source, schema, result, opts)
}

func compile(source string, schema *Schema, result Kind, opts []Option) (rule *Rule, err error) {
	defer func() {
		// A panic here is a bug of this package or of expr; the host gets
		// an error rather than a crash.
		if p := recover(); p != nil {
			rule, err = nil, &Error{Err: ErrType, Source: source, Message: fmt.Sprintf("internal error: %v", p)}
		}
	}()
	if schema == nil {
		return nil, fmt.Errorf("%w: Compile needs a schema", ErrSchema)
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	ok := false
	for _, k := range resultKinds {
		ok = ok || k == result
	}
	if !ok {
		return nil, &Error{Err: ErrResultKind, Source: source,
			Message: fmt.Sprintf("a rule cannot give a %v", result),
			Hint:    "rules give bool, decimal, duration, time or string"}
	}
	ec := &errorCollector{src: source}
	literals, ok := prescan(source, cfg.limits, ec)
	if !ok {
		return nil, ec.result()
	}
	pc := conf.CreateNew()
	pc.MaxNodes = uint(cfg.limits.MaxNodes)
	tree, err := parser.ParseWithConfig(source, pc)
	if err != nil {
		var fe *file.Error
		if !errors.As(err, &fe) {
			return nil, &Error{Err: ErrSyntax, Source: source, Message: err.Error()}
		}
		if strings.Contains(fe.Message, "maximum allowed nodes") {
			ec.add(fe.From, ErrLimit, "simplify the rule or raise Limits.MaxNodes",
				"rule has more than %d syntax nodes", cfg.limits.MaxNodes)
		} else {
			ec.add(syntaxErrorAt(fe, literals), ErrSyntax, "", "%s", fe.Message)
		}
		return nil, ec.result()
	}

	ar := &arith{precision: cfg.precision, maxDigits: cfg.limits.MaxDigits}
	ch := &checker{
		src: source, schema: schema, cfg: cfg, ar: ar,
		concat:   concatenator(cfg.limits.MaxString),
		literals: literals, ec: ec, uses: map[string]int{},
	}
	v := ch.visit(tree.Node)
	if v.t != tBad && !resultFits(v.t, result) {
		hint := ""
		if result == KindBool && v.t.isNumber() {
			hint = "compare it, such as ... >= 0.9"
		}
		ec.add(at(tree.Node), ErrResultKind, hint, "rule gives %v, not %v", v.t, result)
	}
	if ec.failed() {
		return nil, ec.result()
	}

	program, err := build(source, schema, v)
	if err != nil {
		return nil, &Error{Err: ErrType, Source: source, Message: "internal error: " + err.Error()}
	}
	r := &Rule{source: source, schema: schema, result: result, static: v.t, program: program, ar: ar}
	for name, off := range ch.uses {
		f, _ := schema.Field(name)
		ref := factRef{name: name, kind: f.Kind, at: off, field: -1}
		if schema.structType != nil {
			ref.field = schema.structIdx[schema.index[name]]
		}
		r.facts = append(r.facts, ref)
	}
	sort.Slice(r.facts, func(i, j int) bool { return r.facts[i].name < r.facts[j].name })
	r.slotted, r.nvars = patchLoads(program, r.facts)
	r.direct = newFormula(v, r.facts)
	if !cfg.vmOnly {
		r.fast = newFastRule(tree.Node, r)
		r.bare = newBareFact(tree.Node, r)
	}
	r.pool.New = func() any {
		m := &machine{vars: make([]any, r.nvars)}
		m.vm.Variables = m.vars
		if r.slotted {
			m.facts = m.vars[r.nvars-len(r.facts):]
		} else {
			m.facts = make([]any, len(r.facts))
			m.scratch = make(map[string]any, len(r.facts))
		}
		if r.direct != nil {
			m.args = make([]any, len(r.direct.args))
		}
		return m
	}
	return r, nil
}

// syntaxErrorAt places a parser error. expr's parser reports a bad number
// literal at the token after it; move such an error back to the literal.
func syntaxErrorAt(fe *file.Error, literals map[int]string) int {
	if !strings.HasPrefix(fe.Message, "invalid float literal") {
		return fe.From
	}
	best := -1
	for off := range literals {
		if off < fe.From && off > best {
			best = off
		}
	}
	if best < 0 {
		return fe.From
	}
	return best
}

// resultFits reports whether a value of type t may be a result of kind k.
func resultFits(t typ, k Kind) bool {
	if k == KindDecimal {
		return t.isNumber()
	}
	return t.kind() == k
}

// build type-checks the lowered tree with expr's checker (which annotates it
// for the compiler) and compiles it.
func build(source string, schema *Schema, v value) (*vm.Program, error) {
	cc := conf.CreateNew()
	cc.WithEnv(schema.env)
	keep := map[string]bool{"len": true, "lower": true, "upper": true, "trim": true,
		"all": true, "any": true, "none": true, "one": true, "filter": true, "count": true}
	for name := range cc.Builtins {
		if !keep[name] {
			delete(cc.Builtins, name)
			cc.Disabled[name] = true
		}
	}
	cc.MaxNodes = 0
	tree := &parser.Tree{Node: v.node, Source: file.NewSource(source)}
	if _, err := exprchecker.Check(tree, cc); err != nil {
		return nil, err
	}
	if err := optimizer.Optimize(&tree.Node, cc); err != nil {
		return nil, err
	}
	return compiler.Compile(tree, cc)
}

// MustCompile is like [Compile] but panics on error. Use it for rules written
// in the program's source.
func MustCompile(source string, schema *Schema, result Kind, opts ...Option) *Rule {
	r, err := Compile(source, schema, result, opts...)
	if err != nil {
		panic(err)
	}
	return r
}

// Source returns the rule text.
func (r *Rule) Source() string { return r.source }

// Result returns the kind of the rule's value.
func (r *Rule) Result() Kind { return r.result }

// Schema returns the schema the rule was compiled against.
func (r *Rule) Schema() *Schema { return r.schema }

// Facts returns the names of the facts the rule uses, sorted. An evaluation
// needs values for these and ignores any others.
func (r *Rule) Facts() []string {
	out := make([]string, len(r.facts))
	for i, f := range r.facts {
		out[i] = f.name
	}
	return out
}

// Eval evaluates the rule. facts is a [Facts] map or, for a schema made by
// [SchemaOf], a value of its struct type or a pointer to one. The value has
// the Go type of the rule's result kind (decimal.Decimal for KindDecimal).
//
// Errors are [*Error] values wrapping ErrMissingFact or ErrFactType (a fact
// is absent or of the wrong Go type), ErrDivisionByZero, or ErrLimit (an int
// overflow, or a string or decimal beyond the limits), placed where the rule
// failed.
func (r *Rule) Eval(facts any) (any, error) {
	if r.fast != nil {
		if b, ok := r.fast.eval(r, facts); ok {
			return b, nil
		}
	}
	if r.direct != nil {
		d, err := r.runDirect(facts)
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	out, err := r.run(facts)
	if err != nil {
		return nil, err
	}
	if r.result == KindDecimal {
		return toDec(out), nil
	}
	return out, nil
}

func (r *Rule) kindError(want Kind) error {
	return &Error{Err: ErrResultKind, Source: r.source,
		Message: fmt.Sprintf("rule gives %v, not %v", r.result, want)}
}

// EvalBool evaluates a rule of kind bool; see [Rule.Eval].
func (r *Rule) EvalBool(facts any) (bool, error) {
	if r.result != KindBool {
		return false, r.kindError(KindBool)
	}
	if r.fast != nil {
		if b, ok := r.fast.eval(r, facts); ok {
			return b, nil
		}
	}
	out, err := r.run(facts)
	if err != nil {
		return false, err
	}
	return out.(bool), nil
}

// EvalDecimal evaluates a rule of kind decimal; see [Rule.Eval].
func (r *Rule) EvalDecimal(facts any) (decimal.Decimal, error) {
	if r.result != KindDecimal {
		return decimal.Decimal{}, r.kindError(KindDecimal)
	}
	if r.direct != nil {
		return r.runDirect(facts)
	}
	out, err := r.run(facts)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return toDec(out), nil
}

// EvalDuration evaluates a rule of kind duration; see [Rule.Eval].
func (r *Rule) EvalDuration(facts any) (time.Duration, error) {
	if r.result != KindDuration {
		return 0, r.kindError(KindDuration)
	}
	out, err := r.run(facts)
	if err != nil {
		return 0, err
	}
	return out.(time.Duration), nil
}

// EvalTime evaluates a rule of kind time; see [Rule.Eval].
func (r *Rule) EvalTime(facts any) (time.Time, error) {
	if r.result != KindTime {
		return time.Time{}, r.kindError(KindTime)
	}
	out, err := r.run(facts)
	if err != nil {
		return time.Time{}, err
	}
	return out.(time.Time), nil
}

// EvalString evaluates a rule of kind string; see [Rule.Eval].
func (r *Rule) EvalString(facts any) (string, error) {
	if r.result != KindString {
		return "", r.kindError(KindString)
	}
	out, err := r.run(facts)
	if err != nil {
		return "", err
	}
	return out.(string), nil
}

// run evaluates the program on a pooled machine.
func (r *Rule) run(facts any) (any, error) {
	if r.bare != "" {
		if v, ok := r.bareValue(facts); ok {
			return v, nil
		}
	}
	m := r.pool.Get().(*machine)
	env, err := r.env(facts, m)
	if err != nil {
		r.pool.Put(m)
		return nil, err
	}
	out, err := m.vm.Run(r.program, env)
	clear(m.vars) // keep no fact of the host alive in the pool
	clear(m.facts)
	r.pool.Put(m)
	if err != nil {
		return nil, r.evalError(err)
	}
	return out, nil
}

// evalError turns an error of expr's virtual machine into a positioned
// *Error.
func (r *Rule) evalError(err error) error {
	e := &Error{Err: ErrFactType, Source: r.source, Message: err.Error()}
	var fe *file.Error
	if errors.As(err, &fe) {
		e.Line, e.Column = position(r.source, fe.From)
		e.Message = fe.Message
		if strings.Contains(fe.Message, "memory budget exceeded") {
			e.Err = ErrLimit
		}
	}
	var ee *evalError
	if errors.As(err, &ee) {
		e.Err, e.Message, e.Hint = ee.sentinel, ee.msg, ee.hint
		if ee.placed {
			e.Line, e.Column = position(r.source, ee.at)
		}
	}
	return e
}
