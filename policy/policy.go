package policy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
	"go.yaml.in/yaml/v3"
)

// Policy is a loaded policy file: every rule compiled and checked, ready to
// use. It is read-only after Load; the compiled values it holds are
// immutable and safe for concurrent use. Maps are keyed by the names the file
// gives; iterate in the order of the ...Names methods, which are sorted.
type Policy struct {
	// Version is the file's format version ("1").
	Version string
	// Name and Doc are the file's name and doc keys.
	Name, Doc string
	// File is the name given to Load or Parse.
	File string

	// Schema declares the work-order facts (the facts key); never nil.
	Schema *quality.Schema
	// ScorecardSchema declares the facts scorecard rule items read: the
	// scorecard_facts key, or Schema when it is absent.
	ScorecardSchema *quality.Schema

	// Calendars are the compiled calendars by name.
	Calendars map[string]*sla.Calendar
	// Clocks are the compiled SLA clocks, in the file's order (Clocks.Names);
	// nil when the file declares none.
	Clocks *sla.Clocks
	// Targets are the indicator targets by name, validated.
	Targets map[string]quality.Target
	// Machines are the compiled escalation machines by name.
	Machines map[string]*escalation.Machine

	// Scales are the rating scales by name.
	Scales map[string]*survey.Scale
	// Metrics is how satisfaction metrics are reported; nil when absent.
	Metrics *survey.MetricsOptions
	// Sampling is the compiled callback sampling ruleset; nil when absent.
	Sampling *survey.Ruleset

	// Scorecards, Stars and Rankings are the appraisal definitions by name.
	Scorecards map[string]*appraisal.Scorecard
	Stars      map[string]*appraisal.StarScale
	Rankings   map[string]appraisal.RankSpec
	// Ledger is the compiled money rules; nil when absent.
	Ledger *appraisal.Poster

	// Run is the compiled run section: how work-order data feeds the rules
	// above when orders are replayed (which facts name the subjects, when an
	// order is finished, the callback reply, measures, and the scorecards,
	// star ratings, rankings and money events they feed); nil when the file
	// has no run key.
	Run *Run

	// Hash is "sha256:" and the hex SHA-256 of the canonical source: the
	// document's values with comments, layout and key order left out, and
	// the contents of the files it refers to. Receipts and reports carry it
	// so that a result can be traced to the exact rules that made it.
	Hash string
}

// CalendarNames returns the calendars' names, sorted.
func (p *Policy) CalendarNames() []string { return sortedKeys(p.Calendars) }

// ClockNames returns the clocks' names, sorted (Clocks.Names gives the file's
// order).
func (p *Policy) ClockNames() []string {
	if p.Clocks == nil {
		return nil
	}
	names := p.Clocks.Names()
	sort.Strings(names)
	return names
}

// TargetNames returns the targets' names, sorted.
func (p *Policy) TargetNames() []string { return sortedKeys(p.Targets) }

// MachineNames returns the escalation machines' names, sorted.
func (p *Policy) MachineNames() []string { return sortedKeys(p.Machines) }

// ScaleNames returns the scales' names, sorted.
func (p *Policy) ScaleNames() []string { return sortedKeys(p.Scales) }

// ScorecardNames returns the scorecards' ids, sorted.
func (p *Policy) ScorecardNames() []string { return sortedKeys(p.Scorecards) }

// StarNames returns the star ratings' names, sorted.
func (p *Policy) StarNames() []string { return sortedKeys(p.Stars) }

// RankingNames returns the rankings' names, sorted.
func (p *Policy) RankingNames() []string { return sortedKeys(p.Rankings) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Load reads the policy file at path and compiles it; files the policy refers
// to (calendar specs) are read relative to its directory. On failure the
// error is an ErrorList of every problem found.
func Load(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, ErrorList{{File: path, Err: ErrReference, Cause: err, Message: fmt.Sprintf("cannot read the policy: %v", errors.Unwrap(err))}}
	}
	return Parse(path, data)
}

// Parse compiles a policy from its text; name is used in error positions,
// and files the policy refers to are read relative to name's directory.
// On failure the error is an ErrorList of every problem found: YAML syntax,
// unknown keys (with the key meant), values of the wrong type, rules that do
// not compile (placed inside the rule), and every definition a package
// refuses (a calendar without working time, an escalation state that cannot
// be reached, a scorecard whose items do not add up to its total, ...).
func Parse(name string, data []byte) (pol *Policy, err error) {
	src := newSource(name, data)
	root, perr := parseYAML(data)
	if perr != nil {
		return nil, ErrorList{syntaxError(src, perr)}
	}
	d := newDecoder(src)
	doc := &document{}
	if !d.version(root) {
		return nil, d.errs
	}
	d.decode(root, "", reflect.ValueOf(doc).Elem(), 0)
	c := &compiler{decoder: d, doc: doc, dir: filepath.Dir(name), pol: newPolicy(name, doc)}
	if !d.over {
		c.compile()
	}
	if len(c.errs) > 0 {
		return nil, sortErrors(c.errs)
	}
	c.pol.Hash = hashOf(root, c.files)
	return c.pol, nil
}

func newPolicy(name string, doc *document) *Policy {
	return &Policy{
		Version: strconv.Itoa(FormatVersion), Name: doc.Name, Doc: doc.Doc, File: name,
		Calendars: map[string]*sla.Calendar{}, Targets: map[string]quality.Target{},
		Machines: map[string]*escalation.Machine{}, Scales: map[string]*survey.Scale{},
		Scorecards: map[string]*appraisal.Scorecard{}, Stars: map[string]*appraisal.StarScale{},
		Rankings: map[string]appraisal.RankSpec{},
	}
}

// compile compiles every section; each reports its own errors and the next
// goes on, so that every problem is found in one pass.
func (c *compiler) compile() {
	c.pol.Schema = c.schema(c.doc.Facts, "facts")
	c.pol.ScorecardSchema = c.pol.Schema
	if c.doc.ScorecardFacts != nil {
		c.pol.ScorecardSchema = c.schema(c.doc.ScorecardFacts, "scorecard_facts")
	}
	c.calendars()
	c.clocks()
	c.targets()
	c.machines()
	c.scales()
	c.metrics()
	c.sampling()
	c.scorecards()
	c.stars()
	c.rankings()
	c.ledger()
	c.run()
}

// parseYAML parses one YAML document into its node tree. A second document
// is refused; a panic in the parser is turned into an error.
func parseYAML(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("yaml: the parser failed on this input: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, errors.New("yaml: the file is empty")
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("yaml: line %d: a policy file holds one document; remove the second", extra.Line)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0], nil
	}
	return &doc, nil
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxError converts a YAML parser error, which gives a line but no column.
func syntaxError(src *source, err error) *Error {
	msg := err.Error()
	e := &Error{File: src.name, Err: ErrSyntax, Cause: err}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		e.srcLine = src.line(e.Line)
	} else {
		msg = regexp.MustCompile(`^yaml: `).ReplaceAllString(msg, "")
	}
	e.Message = msg
	return e
}

// version checks the version key first: a file of another version is not
// read further. It reports whether decoding goes on.
func (d *decoder) version(root *yaml.Node) bool {
	if root.Kind != yaml.MappingNode {
		d.errorAt(root, "", ErrType, nil, "start with `version: 1`", "a policy is a mapping of keys, got %s", kindName(root))
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "version" {
			continue
		}
		v := d.resolve(root.Content[i+1])
		if v == nil || v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Value != strconv.Itoa(FormatVersion) {
			val := "that"
			if v != nil && v.Kind == yaml.ScalarNode {
				val = strconv.Quote(v.Value)
			}
			d.errorAt(v, "version", ErrVersion, nil, fmt.Sprintf("this version of servq reads version %d", FormatVersion), "unknown format version %s", val)
			return false
		}
		return true
	}
	d.errorAt(root, "version", ErrVersion, nil, fmt.Sprintf("add `version: %d`", FormatVersion), "missing key \"version\"")
	return true
}

// hashOf hashes the canonical form of the document and referenced files.
func hashOf(root *yaml.Node, files []fileRef) string {
	h := sha256.New()
	budget := maxNodes
	b, _ := json.Marshal(canonical(root, 0, &budget))
	h.Write([]byte("servq/policy/v1\n"))
	h.Write(b)
	for _, f := range files {
		fmt.Fprintf(h, "\nfile %q %d\n", f.name, len(f.data))
		h.Write(f.data)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// canonical returns the node as plain values: mappings as sorted key/value
// pairs, sequences as lists, scalars as their resolved tag and text.
func canonical(n *yaml.Node, depth int, budget *int) any {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	*budget--
	if n == nil || depth > maxDepth || *budget < 0 {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = canonical(c, depth+1, budget)
		}
		return out
	case yaml.MappingNode:
		type kv struct {
			K string `json:"k"`
			V any    `json:"v"`
		}
		var out []kv
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, kv{n.Content[i].Value, canonical(n.Content[i+1], depth+1, budget)})
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].K < out[j].K })
		return map[string]any{"map": out}
	default:
		return []string{n.Tag, n.Value}
	}
}
