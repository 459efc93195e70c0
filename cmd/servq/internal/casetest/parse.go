package casetest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Version is the test file format's version.
const Version = 1

// Case is one test, as written.
type Case struct {
	Name string
	Kind string // rule, clock, machine, sample, reply, score, stars, ledger
	Line int

	node *node // the test's mapping
}

// File is a test file.
type File struct {
	Path  string
	Cases []*Case
}

// Problem is something wrong in a test file, or a failed expectation, at a
// line.
type Problem struct {
	File    string
	Line    int
	Message string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// PathFor returns the test file of a policy path: policy_test.yaml beside
// policy.yaml, NAME_test.yaml beside NAME.yaml; or, when that does not exist
// and NAME.test.yaml does, that one.
func PathFor(policyPath string) string {
	dir, base := filepath.Split(policyPath)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	p := filepath.Join(dir, stem+"_test"+ext)
	if _, err := os.Stat(p); err != nil {
		if alt := filepath.Join(dir, stem+".test"+ext); fileExists(alt) {
			return alt
		}
	}
	return p
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

var kinds = []string{"rule", "clock", "machine", "sample", "reply", "score", "stars", "ledger"}

// Read reads a test file.
func Read(path string) (*File, []Problem) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, []Problem{{File: path, Message: err.Error()}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []Problem{{File: path, Message: err.Error()}}
	}
	f := &File{Path: path}
	if len(doc.Content) == 0 {
		return nil, []Problem{{File: path, Message: "the file is empty: want version: 1 and tests: [...]"}}
	}
	var probs []Problem
	top := &node{n: doc.Content[0], file: path, probs: &probs}
	if !top.isMap() {
		top.fail("want a mapping with version and tests")
		return nil, probs
	}
	if v := top.key("version"); v == nil {
		top.fail("version: 1 is required")
	} else if v.n.Value != fmt.Sprint(Version) {
		v.fail("version %q: this servq reads version %d", v.n.Value, Version)
	}
	tests := top.key("tests")
	top.done("version", "tests")
	if tests == nil || tests.n.Kind != yaml.SequenceNode {
		top.fail("tests: want a list of tests")
		return nil, probs
	}
	names := map[string]int{}
	for _, tn := range tests.n.Content {
		t := &node{n: tn, file: path, probs: &probs}
		if !t.isMap() {
			t.fail("want a test: a mapping with name, a subject and want")
			continue
		}
		c := &Case{Line: tn.Line, node: t}
		if name := t.key("name"); name != nil {
			c.Name = name.n.Value
		} else {
			t.fail("a test needs a name")
			continue
		}
		if prev, dup := names[c.Name]; dup {
			t.fail("another test is named %q (line %d)", c.Name, prev)
		}
		names[c.Name] = tn.Line
		var found []string
		for _, k := range kinds {
			if t.has(k) {
				found = append(found, k)
			}
		}
		switch len(found) {
		case 1:
			c.Kind = found[0]
		case 0:
			t.fail("test %q says nothing to test: give one of %s", c.Name, strings.Join(kinds, ", "))
			continue
		default:
			t.fail("test %q has several subjects (%s): one test tests one thing", c.Name, strings.Join(found, ", "))
			continue
		}
		f.Cases = append(f.Cases, c)
	}
	return f, probs
}

// node is a YAML node being read, collecting problems.
type node struct {
	n     *yaml.Node
	file  string
	probs *[]Problem
}

func (n *node) fail(format string, args ...any) {
	*n.probs = append(*n.probs, Problem{File: n.file, Line: n.n.Line, Message: fmt.Sprintf(format, args...)})
}

func (n *node) isMap() bool { return n.n.Kind == yaml.MappingNode }

func (n *node) has(k string) bool {
	if !n.isMap() {
		return false
	}
	for i := 0; i+1 < len(n.n.Content); i += 2 {
		if n.n.Content[i].Value == k {
			return true
		}
	}
	return false
}

// key returns the value of key k, or nil.
func (n *node) key(k string) *node {
	if !n.isMap() {
		return nil
	}
	for i := 0; i+1 < len(n.n.Content); i += 2 {
		if n.n.Content[i].Value == k {
			return &node{n: n.n.Content[i+1], file: n.file, probs: n.probs}
		}
	}
	return nil
}

// keys returns the mapping's keys in order, with their values.
func (n *node) pairs() []struct {
	k string
	v *node
	l int
} {
	var out []struct {
		k string
		v *node
		l int
	}
	if !n.isMap() {
		return nil
	}
	for i := 0; i+1 < len(n.n.Content); i += 2 {
		out = append(out, struct {
			k string
			v *node
			l int
		}{n.n.Content[i].Value, &node{n: n.n.Content[i+1], file: n.file, probs: n.probs}, n.n.Content[i].Line})
	}
	return out
}

// done reports keys of the mapping other than the allowed ones.
func (n *node) done(allowed ...string) {
	if !n.isMap() {
		return
	}
	for i := 0; i+1 < len(n.n.Content); i += 2 {
		k := n.n.Content[i]
		ok := false
		for _, a := range allowed {
			ok = ok || a == k.Value
		}
		if !ok {
			sorted := append([]string(nil), allowed...)
			sort.Strings(sorted)
			*n.probs = append(*n.probs, Problem{File: n.file, Line: k.Line,
				Message: fmt.Sprintf("unknown key %q here (known: %s)", k.Value, strings.Join(sorted, ", "))})
		}
	}
}

// scalar returns the text of a scalar node.
func (n *node) scalar() (string, bool) {
	if n == nil {
		return "", false
	}
	if n.n.Kind != yaml.ScalarNode {
		n.fail("want a single value")
		return "", false
	}
	return n.n.Value, true
}

func (n *node) list() []*node {
	if n.n.Kind != yaml.SequenceNode {
		n.fail("want a list")
		return nil
	}
	out := make([]*node, len(n.n.Content))
	for i, c := range n.n.Content {
		out[i] = &node{n: c, file: n.file, probs: n.probs}
	}
	return out
}
