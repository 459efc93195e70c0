package slatest

import (
	"slices"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/servq/servq/sla"
)

// eventFact is the fact the clocks' rules see the event's name as.
const eventFact = "event"

// condition is what a look at one clock condition tells: the event names it
// tests and the literals it compares facts with.
type condition struct {
	names  []string            // event == "x", event in ["x", "y"]
	equals map[string][]string // fact == "v", fact in ["v", "w"]
}

// rulebook is what a look at every rule of a set of clocks tells.
type rulebook struct {
	names   []string             // every event name tested, sorted
	starts  []string             // the names that start or reset a cycle, sorted
	conds   []condition          // every condition that tests a name or a fact
	strs    map[string][]string  // per fact: the string literals it is compared with
	numbers map[string][]float64 // per fact: the number literals it is compared with
}

// read analyses the rule texts of specs. A rule that does not parse is
// skipped (it would not have compiled).
func read(specs []sla.ClockSpec) rulebook {
	rb := rulebook{strs: map[string][]string{}, numbers: map[string][]float64{}}
	add := func(src string, start bool) {
		tree, err := parser.Parse(src)
		if err != nil {
			return
		}
		c := condition{equals: map[string][]string{}}
		v := &visitor{rb: &rb, c: &c}
		ast.Walk(&tree.Node, v)
		if start {
			rb.starts = append(rb.starts, c.names...)
		}
		rb.names = append(rb.names, c.names...)
		if len(c.names) > 0 || len(c.equals) > 0 {
			rb.conds = append(rb.conds, c)
		}
	}
	for _, s := range specs {
		for _, list := range [][]sla.Condition{s.Start, s.Reset} {
			for _, c := range list {
				add(c.When, true)
			}
		}
		for _, list := range [][]sla.Condition{s.Pause, s.Resume, s.Stop, s.Cancel} {
			for _, c := range list {
				add(c.When, false)
			}
		}
		for _, tg := range s.Targets {
			if tg.When != "" {
				add(tg.When, false)
			}
			if tg.Deadline != "" {
				add(tg.Deadline, false)
			}
			if tg.NotBefore != "" {
				add(tg.NotBefore, false)
			}
		}
	}
	sortUnique := func(s []string) []string { slices.Sort(s); return slices.Compact(s) }
	rb.names, rb.starts = sortUnique(rb.names), sortUnique(rb.starts)
	for k, v := range rb.strs {
		rb.strs[k] = sortUnique(v)
	}
	for k, v := range rb.numbers {
		slices.Sort(v)
		rb.numbers[k] = slices.Compact(v)
	}
	return rb
}

type visitor struct {
	rb *rulebook
	c  *condition
}

func (v *visitor) Visit(node *ast.Node) {
	b, ok := (*node).(*ast.BinaryNode)
	if !ok {
		return
	}
	ident, lit := b.Left, b.Right
	if _, ok := ident.(*ast.IdentifierNode); !ok {
		ident, lit = lit, ident
	}
	id, ok := ident.(*ast.IdentifierNode)
	if !ok {
		return
	}
	var strs []string
	var nums []float64
	collect := func(n ast.Node) {
		switch n := n.(type) {
		case *ast.StringNode:
			strs = append(strs, n.Value)
		case *ast.IntegerNode:
			nums = append(nums, float64(n.Value))
		case *ast.FloatNode:
			nums = append(nums, n.Value)
		}
	}
	switch b.Operator {
	case "==", "!=", "<", "<=", ">", ">=":
		collect(lit)
	case "in", "not in":
		if arr, ok := lit.(*ast.ArrayNode); ok && ident == b.Left {
			for _, n := range arr.Nodes {
				collect(n)
			}
		}
	default:
		return
	}
	positive := b.Operator == "==" || b.Operator == "in"
	if id.Value == eventFact {
		if positive {
			v.c.names = append(v.c.names, strs...)
		}
		v.rb.names = append(v.rb.names, strs...) // a name tested with != is a name too
		return
	}
	v.rb.strs[id.Value] = append(v.rb.strs[id.Value], strs...)
	v.rb.numbers[id.Value] = append(v.rb.numbers[id.Value], nums...)
	if positive && len(strs) > 0 {
		v.c.equals[id.Value] = append(v.c.equals[id.Value], strs...)
	}
}
