package binding

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Section is a run section read from a policy file.
type Section struct {
	Spec Spec
	// File is the file the section was read from.
	File string
	// Hash is "sha256:" and the hex SHA-256 of the section's text, so that a
	// report names the exact bindings beside the policy's own hash.
	Hash string
	// Present says whether the file had a run section at all.
	Present bool

	src   []byte
	nodes map[string]*yaml.Node
}

// Split reads the run section out of a policy file's text. It returns the
// section and the text with the section's lines blanked (so that line
// numbers of everything else are unchanged), ready for policy.Parse. A file
// without a run section comes back unchanged with an empty Section. When the
// section has errors they come back as an ErrorList, with the section holding
// what could be read (so that its rules can still be checked).
func Split(file string, data []byte) (*Section, []byte, error) {
	sec := &Section{File: file, src: data, nodes: map[string]*yaml.Node{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		// The policy loader reports malformed YAML with its own positions.
		return sec, data, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return sec, data, nil
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != "run" {
			continue
		}
		if top.Style&yaml.FlowStyle != 0 {
			return nil, nil, ErrorList{sec.errorAt(k, "run", "write the policy as a block mapping to give it a run section", "the run section cannot be read out of a flow mapping")}
		}
		first := k.Line
		last := bytes.Count(data, []byte("\n")) + 1
		if i+2 < len(top.Content) {
			last = top.Content[i+2].Line - 1
		}
		// Comments just above the next key belong to it: keep them.
		lines := bytes.SplitAfter(data, []byte("\n"))
		for last > first && last-1 < len(lines) {
			t := bytes.TrimSpace(lines[last-1])
			if len(t) == 0 || t[0] == '#' {
				last--
				continue
			}
			break
		}
		var section, rest bytes.Buffer
		for n, line := range lines {
			ln := n + 1
			if ln >= first && ln <= last {
				section.Write(line)
				if bytes.HasSuffix(line, []byte("\n")) {
					rest.WriteByte('\n')
				}
				continue
			}
			rest.Write(line)
		}
		sum := sha256.Sum256(section.Bytes())
		sec.Hash = "sha256:" + hex.EncodeToString(sum[:])
		sec.Present = true
		out := append([]byte{}, rest.Bytes()...)
		if v.Tag == "!!null" {
			return sec, out, nil // "run:" alone: an empty section
		}
		d := &decoder{sec: sec}
		d.decode(v, "run", reflect.ValueOf(&sec.Spec).Elem())
		if len(d.errs) > 0 {
			return sec, out, d.errs
		}
		return sec, out, nil
	}
	return sec, data, nil
}

// Node returns the YAML node at a path such as "run.ledger[0].when", for
// placing errors found later (when rules are compiled).
func (s *Section) Node(path string) *yaml.Node { return s.nodes[path] }

type decoder struct {
	sec  *Section
	errs ErrorList
}

func (d *decoder) fail(n *yaml.Node, path, hint, format string, args ...any) {
	d.errs = append(d.errs, d.sec.errorAt(n, path, hint, format, args...))
}

var stringMapType = reflect.TypeOf(map[string]string{})

func (d *decoder) decode(n *yaml.Node, path string, v reflect.Value) {
	d.sec.nodes[path] = n
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch {
	case v.Kind() == reflect.Pointer:
		if n.Tag == "!!null" {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, path, p.Elem())
		v.Set(p)
	case v.Kind() == reflect.String:
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.fail(n, path, "", "want a single value (text or a rule)")
			return
		}
		v.SetString(n.Value)
	case v.Type() == stringMapType:
		if n.Kind != yaml.MappingNode {
			d.fail(n, path, "", "want a mapping of names to names")
			return
		}
		m := map[string]string{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			p := path + "." + k.Value
			if _, dup := m[k.Value]; dup {
				d.fail(k, p, "", "%q given twice", k.Value)
				continue
			}
			d.sec.nodes[p] = val
			if val.Kind != yaml.ScalarNode {
				d.fail(val, p, "", "want a name")
				continue
			}
			m[k.Value] = val.Value
		}
		v.Set(reflect.ValueOf(m))
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, "write a list: [a, b]", "want a list of names")
			return
		}
		for i, e := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			d.sec.nodes[p] = e
			if e.Kind != yaml.ScalarNode {
				d.fail(e, p, "", "want a name")
				continue
			}
			v.Set(reflect.Append(v, reflect.ValueOf(e.Value)))
		}
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		keyed := isKeyed(path)
		if keyed {
			if n.Kind != yaml.MappingNode {
				d.fail(n, path, "", "want a mapping of names to definitions")
				return
			}
			seen := map[string]bool{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, val := n.Content[i], n.Content[i+1]
				p := path + "." + k.Value
				if seen[k.Value] {
					d.fail(k, p, "", "%q defined twice", k.Value)
					continue
				}
				seen[k.Value] = true
				e := reflect.New(v.Type().Elem()).Elem()
				e.FieldByName("Name").SetString(k.Value)
				if val.Tag == "!!null" {
					d.sec.nodes[p] = val
				} else {
					d.decode(val, p, e)
				}
				v.Set(reflect.Append(v, e))
			}
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, "", "want a list")
			return
		}
		for i, el := range n.Content {
			e := reflect.New(v.Type().Elem()).Elem()
			d.decode(el, fmt.Sprintf("%s[%d]", path, i), e)
			v.Set(reflect.Append(v, e))
		}
	case v.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.fail(n, path, "", "want a mapping")
			return
		}
		t := v.Type()
		var names []string
		fields := map[string]int{}
		for i := range t.NumField() {
			name := t.Field(i).Tag.Get("yaml")
			if name == "" || name == "name" && t.Field(i).Name == "Name" && isKeyedElem(t) {
				continue
			}
			fields[name] = i
			names = append(names, name)
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			p := path + "." + k.Value
			fi, ok := fields[k.Value]
			if !ok {
				d.fail(k, p, suggest(k.Value, names), "unknown key %q", k.Value)
				continue
			}
			if seen[k.Value] {
				d.fail(k, p, "", "%q given twice", k.Value)
				continue
			}
			seen[k.Value] = true
			d.decode(val, p, v.Field(fi))
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Tag.Get("binding") == "required" && !seen[f.Tag.Get("yaml")] {
				d.fail(n, path, "", "%s is required", f.Tag.Get("yaml"))
			}
		}
	default:
		d.fail(n, path, "", "cannot read this value")
	}
}

// isKeyed reports whether the list at path is written as a mapping keyed by
// name (run.machines, run.measures, ...).
func isKeyed(path string) bool {
	switch path {
	case "run.machines", "run.measures", "run.scorecards", "run.stars", "run.rankings":
		return true
	}
	return false
}

func isKeyedElem(t reflect.Type) bool {
	switch t {
	case reflect.TypeOf(Machine{}), reflect.TypeOf(Measure{}), reflect.TypeOf(Card{}), reflect.TypeOf(Ranking{}):
		return true
	}
	return false
}

// suggest returns a hint naming the known key closest to name.
func suggest(name string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	sorted := slices.Clone(known)
	slices.Sort(sorted)
	return "known: " + strings.Join(sorted, ", ")
}

func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(rb)]
}
