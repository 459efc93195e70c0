package quality

import "github.com/expr-lang/expr/ast"

// Rules that are one fact.
//
// A deadline is often the fact itself: `appointment_end`. Such a rule's
// value is the fact's value, which the virtual machine would only copy out
// of its slots; it is read from a map of facts directly. The checks and the
// errors are the virtual machine path's: a fact that is missing or of
// another Go type, and facts given as a struct, take that path.

// newBareFact returns the name of the fact a rule of kind result is, when
// node is that fact alone and has the rule's kind (time, duration or
// string); else "".
func newBareFact(node ast.Node, rule *Rule) string {
	id, ok := node.(*ast.IdentifierNode)
	if !ok || len(rule.facts) != 1 || rule.facts[0].name != id.Value || rule.facts[0].kind != rule.result {
		return ""
	}
	switch rule.result {
	case KindTime, KindDuration, KindString:
		return id.Value
	}
	return ""
}

// bareValue returns the value of a one-fact rule on facts, and false when
// the virtual machine must evaluate it (to report an error, or to read a
// struct).
func (r *Rule) bareValue(facts any) (any, bool) {
	var m map[string]any
	switch f := facts.(type) {
	case Facts:
		m = f
	case map[string]any:
		m = f
	default:
		return nil, false
	}
	v, ok := m[r.bare]
	if !ok || !hasKind(v, r.result) {
		return nil, false
	}
	return v, true
}
