package policy

import (
	"strings"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"go.yaml.in/yaml/v3"
)

// compiler turns the decoded document into compiled values, reporting every
// error a package finds at the node it concerns.
type compiler struct {
	*decoder
	doc     *document
	dir     string // directory of the policy file, for referenced files
	pol     *Policy
	files   []fileRef
	calRefs map[string]*sla.Calendar // calendars for references: compiled, or stand-ins for broken ones
}

// fileRef is a file the policy refers to, kept for the hash.
type fileRef struct {
	name string
	data []byte
}

// node returns the node recorded for path, or for its nearest recorded
// ancestor, and the path found.
func (d *decoder) node(path string) (*yaml.Node, string) {
	for p := path; ; {
		if n, ok := d.nodes[p]; ok {
			return n, p
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			return nil, ""
		}
		p = p[:i]
	}
}

// failAt reports an error at the node of path (or its nearest ancestor).
func (d *decoder) failAt(path string, sentinel, cause error, hint, format string, args ...any) {
	if d.repeats(path) {
		return
	}
	n, _ := d.node(path)
	d.errorAt(n, path, sentinel, cause, hint, format, args...)
}

// failKey reports an error at the key of path when recorded, else as failAt.
func (d *decoder) failKey(path string, sentinel, cause error, hint, format string, args ...any) {
	if k, ok := d.keys[path]; ok {
		d.errorAt(k, path, sentinel, cause, hint, format, args...)
		return
	}
	d.failAt(path, sentinel, cause, hint, format, args...)
}

// qualityErrors returns every *quality.Error in err's tree.
func qualityErrors(err error) []*quality.Error {
	var out []*quality.Error
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || depth > 32 {
			return
		}
		if qe, ok := e.(*quality.Error); ok {
			out = append(out, qe)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x, depth+1)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		}
	}
	walk(err, 0)
	return out
}

// leaves returns the errors joined in err (errors.Join, appraisal.Errors, ...)
// that match keep, without looking inside the ones kept.
func leaves[T error](err error) []T {
	var out []T
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || depth > 32 {
			return
		}
		if t, ok := e.(T); ok {
			out = append(out, t)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x, depth+1)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		}
	}
	walk(err, 0)
	return out
}

// ruleErrors reports each rule error in err at its place inside the rule
// written at path, and returns whether there was any.
func (d *decoder) ruleErrors(path string, err error) bool {
	qes := qualityErrors(err)
	if len(qes) == 0 {
		return false
	}
	if d.repeats(path) {
		return true
	}
	n, found := d.node(path)
	if n != nil && n.Kind == yaml.MappingNode {
		// A rule written as a mapping: {source: ...} or {when: ...}.
		for _, k := range []string{".source", ".when"} {
			if m, ok := d.nodes[found+k]; ok {
				n, found = m, found+k
				break
			}
		}
	}
	for _, qe := range qes {
		e := &Error{File: d.src.name, Path: path, Err: ErrRule, Cause: qe, Message: qe.Message, Hint: qe.Hint,
			RuleLine: qe.Line, RuleColumn: qe.Column}
		if n != nil {
			e.Line, e.Column = n.Line, n.Column
			if n.Kind == yaml.ScalarNode && found == path && qe.Line > 0 && n.Value == qe.Source {
				e.Line, e.Column = d.src.locate(n, ruleIndex(qe.Source, qe.Line, qe.Column))
			}
			e.srcLine = d.src.line(e.Line)
		}
		d.errs = append(d.errs, e)
	}
	return true
}

// schema compiles declared facts, reporting each bad one at its key; the
// schema holds the good ones, so that rules are still checked.
func (c *compiler) schema(decls []factDecl, path string) *quality.Schema {
	var fields []quality.Field
	for _, f := range decls {
		if f.Kind == 0 {
			continue // reported by the decoder
		}
		fld := quality.Field{Name: f.Name, Kind: quality.Kind(f.Kind), Doc: f.Doc}
		if _, err := quality.NewSchema(append(fields, fld)...); err != nil {
			c.failKey(path+"."+f.Name, ErrInvalid, err, "a fact's name is a letter or _ followed by letters, digits or _, and not a word of the rule language", "%s", cleanMessage(err))
			continue
		}
		fields = append(fields, fld)
	}
	s, err := quality.NewSchema(fields...)
	if err != nil { // cannot happen: every field was checked
		c.failAt(path, ErrInvalid, err, "", "%s", cleanMessage(err))
		return quality.MustSchema()
	}
	return s
}

// pathOf returns the key of a name in a keyed section: "clocks.contact".
func pathOf(section, name string) string { return section + "." + name }
