// Package ruleeval evaluates a quality rule for a policy writer, and, on
// request, every sub-expression of it: the rule is parsed with expr's parser
// to find its sub-expressions' places, and each is compiled as a rule of its
// own by quality.Compile (so that it has the same exact-decimal meaning) and
// evaluated over the same facts.
package ruleeval

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// resultKinds are tried in turn when the caller does not say what a rule
// gives.
var resultKinds = []quality.Kind{quality.KindBool, quality.KindDecimal, quality.KindString, quality.KindDuration, quality.KindTime}

// Compile compiles source against schema. With kind KindInvalid it tries each
// kind a rule can give and keeps the first the rule compiles to; a rule with
// another error reports that error.
func Compile(source string, schema *quality.Schema, kind quality.Kind) (*quality.Rule, error) {
	if kind != quality.KindInvalid {
		return quality.Compile(source, schema, kind)
	}
	var first error
	for _, k := range resultKinds {
		r, err := quality.Compile(source, schema, k)
		if err == nil {
			return r, nil
		}
		if first == nil {
			first = err
		}
		if !onlyResultKind(err) {
			return nil, err
		}
	}
	return nil, first
}

// onlyResultKind reports whether every error in err is about the result's
// kind.
func onlyResultKind(err error) bool {
	var l quality.ErrorList
	if errors.As(err, &l) {
		for _, e := range l {
			if !errors.Is(e, quality.ErrResultKind) {
				return false
			}
		}
		return true
	}
	return errors.Is(err, quality.ErrResultKind)
}

// Format writes a rule's value for people: true, 0.9333333333333333, "T017",
// 20m0s, 2025-07-01T16:00:00+08:00.
func Format(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case decimal.Decimal:
		return x.String()
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case time.Duration:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Node is one sub-expression with its value.
type Node struct {
	Text string `json:"text"`
	// Value is the formatted value; empty when not evaluated (see Note).
	Value string `json:"value,omitempty"`
	// Note says why a sub-expression has no value of its own: a literal,
	// a part the rule does not reach (the right of a false &&), a part
	// inside a loop, or its error.
	Note     string  `json:"note,omitempty"`
	Children []*Node `json:"children,omitempty"`
}

// Explain evaluates every sub-expression of a rule that compiles. The root
// is the rule itself.
func Explain(source string, schema *quality.Schema, facts quality.Facts) (*Node, error) {
	tree, err := parser.Parse(source)
	if err != nil {
		return nil, err
	}
	x := &explainer{src: []rune(source), schema: schema, facts: facts}
	return x.node(tree.Node, true, ""), nil
}

type explainer struct {
	src    []rune
	schema *quality.Schema
	facts  quality.Facts
}

// span returns the text of n: from the first to the last token of its
// subtree, with any brackets it opens closed.
func (x *explainer) span(n ast.Node) string {
	from, to := len(x.src), 0
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		if n == nil {
			return
		}
		loc := n.Location()
		from, to = min(from, loc.From), max(to, loc.To)
		for _, c := range children(n) {
			walk(c)
		}
	}
	walk(n)
	if from >= to || to > len(x.src) {
		return n.String()
	}
	// Balance the brackets: a call's closing parenthesis is not a node, and
	// a parenthesised operand's brackets lie outside its tokens.
	for {
		depth, low := x.balance(from, to)
		switch {
		case low < 0 && from > 0:
			from = x.opener(from)
		case depth > 0 && to < len(x.src):
			to = x.closer(to)
		default:
			return string(x.src[from:to])
		}
	}
}

// balance returns the bracket depth at the end of src[from:to] and the
// lowest depth reached, outside string literals.
func (x *explainer) balance(from, to int) (depth, low int) {
	var quote rune
	for i := from; i < to; i++ {
		c := x.src[i]
		if quote != 0 {
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '"', '\'', '`':
			quote = c
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			low = min(low, depth)
		}
	}
	return depth, low
}

// opener returns the position of the bracket that opens before from (string
// literals before it are assumed free of brackets).
func (x *explainer) opener(from int) int {
	depth := 0
	for i := from - 1; i >= 0; i-- {
		switch x.src[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return 0
}

// closer returns the position after the bracket that closes at or after to.
func (x *explainer) closer(to int) int {
	depth := 0
	var quote rune
	for i := to; i < len(x.src); i++ {
		c := x.src[i]
		if quote != 0 {
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '"', '\'', '`':
			quote = c
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return i + 1
			}
			depth--
		}
	}
	return len(x.src)
}

func children(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.UnaryNode:
		return []ast.Node{n.Node}
	case *ast.BinaryNode:
		return []ast.Node{n.Left, n.Right}
	case *ast.ChainNode:
		return []ast.Node{n.Node}
	case *ast.MemberNode:
		return []ast.Node{n.Node, n.Property}
	case *ast.SliceNode:
		return []ast.Node{n.Node, n.From, n.To}
	case *ast.CallNode:
		return append([]ast.Node{n.Callee}, n.Arguments...)
	case *ast.BuiltinNode:
		return n.Arguments
	case *ast.PredicateNode:
		return []ast.Node{n.Node}
	case *ast.ConditionalNode:
		return []ast.Node{n.Cond, n.Exp1, n.Exp2}
	case *ast.VariableDeclaratorNode:
		return []ast.Node{n.Value, n.Expr}
	case *ast.SequenceNode:
		return n.Nodes
	case *ast.ArrayNode:
		return n.Nodes
	case *ast.MapNode:
		return n.Pairs
	case *ast.PairNode:
		return []ast.Node{n.Key, n.Value}
	}
	return nil
}

// flatten returns the operands of a chain of one logical operator (and its
// spelled-out twin).
func flatten(n ast.Node, op string) []ast.Node {
	b, ok := n.(*ast.BinaryNode)
	if !ok || !sameLogic(b.Operator, op) {
		return []ast.Node{n}
	}
	return append(flatten(b.Left, op), flatten(b.Right, op)...)
}

func sameLogic(a, b string) bool {
	norm := func(s string) string {
		switch s {
		case "and":
			return "&&"
		case "or":
			return "||"
		}
		return s
	}
	return norm(a) == norm(b)
}

func isIdent(n ast.Node) bool {
	_, ok := n.(*ast.IdentifierNode)
	return ok
}

// formatFact writes a fact's value; a list is written ["a", "b"].
func formatFact(v any) string {
	if l, ok := v.([]string); ok {
		q := make([]string, len(l))
		for i, s := range l {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return Format(v)
}

func isLiteral(n ast.Node) bool {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.StringNode, *ast.BoolNode, *ast.NilNode, *ast.ConstantNode:
		return true
	}
	return false
}

// node explains n; reached says whether the rule evaluates it, note why
// not.
func (x *explainer) node(n ast.Node, reached bool, note string) *Node {
	out := &Node{Text: x.span(n)}
	var value any
	switch {
	case isLiteral(n):
		out.Note = "literal"
	case !reached:
		out.Note = note
	case isIdent(n):
		name := n.(*ast.IdentifierNode).Value
		v, ok := x.facts[name]
		switch {
		case ok:
			out.Value = formatFact(v)
		case x.schema != nil:
			if _, declared := x.schema.Field(name); declared {
				out.Note = "no value given"
				break
			}
			out.Note = "not a fact"
		}
	default:
		r, err := Compile(out.Text, x.schema, quality.KindInvalid)
		if err != nil {
			out.Note = "not evaluated alone: " + firstMessage(err)
			break
		}
		value, err = r.Eval(x.facts)
		if err != nil {
			out.Note = "error: " + firstMessage(err)
			break
		}
		out.Value = Format(value)
	}
	if isLiteral(n) {
		return out
	}
	switch n := n.(type) {
	case *ast.BinaryNode:
		// A chain a && b && c is shown as one node with its operands, each
		// reached only while the ones before it leave the result open.
		stop := ""
		switch n.Operator {
		case "&&", "and":
			stop = "false"
		case "||", "or":
			stop = "true"
		}
		if stop == "" {
			out.Children = append(out.Children, x.node(n.Left, reached, note), x.node(n.Right, reached, note))
			break
		}
		r, why := reached, note
		for _, operand := range flatten(n, n.Operator) {
			c := x.node(operand, r, why)
			out.Children = append(out.Children, c)
			if r && c.Value == stop {
				r, why = false, "not reached: an operand before it is "+stop
			}
		}
	case *ast.ConditionalNode:
		cond := x.node(n.Cond, reached, note)
		out.Children = append(out.Children, cond)
		r1, r2 := reached, reached
		n1, n2 := note, note
		if reached && cond.Value == "true" {
			r2, n2 = false, "not reached: the condition is true"
		} else if reached && cond.Value == "false" {
			r1, n1 = false, "not reached: the condition is false"
		}
		out.Children = append(out.Children, x.node(n.Exp1, r1, n1), x.node(n.Exp2, r2, n2))
	case *ast.PredicateNode:
		out.Note = "evaluated for each element (#)"
		out.Value = ""
	case *ast.IdentifierNode:
	default:
		for _, c := range children(n) {
			if c == nil {
				continue
			}
			if _, ok := c.(*ast.PredicateNode); ok {
				out.Children = append(out.Children, &Node{Text: x.span(c), Note: "evaluated for each element (#)"})
				continue
			}
			out.Children = append(out.Children, x.node(c, reached, note))
		}
	}
	return out
}

func firstMessage(err error) string {
	var l quality.ErrorList
	if errors.As(err, &l) && len(l) > 0 {
		return message(l[0])
	}
	var e *quality.Error
	if errors.As(err, &e) {
		return message(e)
	}
	return err.Error()
}

func message(e *quality.Error) string {
	if e.Hint != "" {
		return e.Message + " (" + e.Hint + ")"
	}
	return e.Message
}
