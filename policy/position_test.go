package policy

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"pgregory.net/rapid"
)

// ruleNode parses doc and returns the scalar under key "rule" and the source.
func ruleNode(t testing.TB, doc string) (*yaml.Node, *source) {
	t.Helper()
	root, err := parseYAML([]byte(doc))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, doc)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "rule" {
			return root.Content[i+1], newSource("t.yaml", []byte(doc))
		}
	}
	t.Fatalf("no rule in\n%s", doc)
	return nil, nil
}

// TestLocateStyles places the token "oops" of a rule written in each scalar
// style: the caret must land on the o of "oops" in the file.
func TestLocateStyles(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		line, col int
	}{
		{"plain", "x: 1\nrule: rated > 0 && oops\n", 2, 20},
		{"plain multi-line", "rule: rated > 0 &&\n  satisfied > 1 &&\n    oops > 2\n", 3, 5},
		{"double quoted", "rule: \"status == \\\"a\\\" && oops\"\n", 1, 27},
		{"double quoted unicode escape", "rule: \"name == \\u00e9 && oops\"\n", 1, 26},
		{"single quoted", "rule: 'status == ''a'' && oops'\n", 1, 27},
		{"literal", "rule: |\n  rated > 0 &&\n    oops > 1\n", 3, 5},
		{"literal with header comment", "rule: |-  # the rule\n    rated > 0\n    && oops\n", 3, 8},
		{"literal after blank line", "rule: |\n\n  rated > 0\n  oops\n", 4, 3},
		{"folded", "rule: >\n  rated > 0 &&\n  oops > 1\n", 3, 3},
		{"chinese before", "rule: reason == \"春节\" && oops\n", 1, 25},
		{"flow mapping", "rule: {a: 1}\nx: {rule: oops}\n", 0, 0},
		{"tab inside", "rule: \"a\\t&& oops\"\n", 1, 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.line == 0 {
				return
			}
			n, src := ruleNode(t, tt.doc)
			idx := strings.Index(n.Value, "oops")
			if idx < 0 {
				t.Fatalf("value %q has no oops", n.Value)
			}
			idx = len([]rune(n.Value[:idx]))
			line, col := src.locate(n, idx)
			if line != tt.line || col != tt.col {
				t.Errorf("locate = %d:%d, want %d:%d\n%s", line, col, tt.line, tt.col, tt.doc)
			}
			if got := []rune(src.line(line)); col-1 >= len(got) || got[col-1] != 'o' {
				t.Errorf("the caret is not on the o of oops: line %q col %d", src.line(line), col)
			}
		})
	}
}

// TestRuleIndex converts quality's line and column into a rune index.
func TestRuleIndex(t *testing.T) {
	text := "a &&\n  春节 && b"
	if got := ruleIndex(text, 1, 1); got != 0 {
		t.Errorf("1:1 = %d", got)
	}
	if got := ruleIndex(text, 2, 3); got != 7 { // 春
		t.Errorf("2:3 = %d, want 7", got)
	}
	if got := ruleIndex(text, 2, 99); got != len([]rune(text)) {
		t.Errorf("past the end = %d", got)
	}
}

// TestLocateProperty writes random rule texts in every scalar style with the
// YAML encoder, parses them back, and checks that every character other than
// white space maps to the same character in the file (or, for quoted styles,
// to the escape or doubled quote that stands for it).
func TestLocateProperty(t *testing.T) {
	styles := []yaml.Style{0, yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle, yaml.LiteralStyle, yaml.FoldedStyle}
	alphabet := []rune("ab_ 1=<>&|!\"'()#:-\n春节\t")
	rapid.Check(t, func(t *rapid.T) {
		runes := rapid.SliceOfN(rapid.SampledFrom(alphabet), 1, 60).Draw(t, "runes")
		text := strings.TrimSpace(string(runes))
		if text == "" {
			return
		}
		style := rapid.SampledFrom(styles).Draw(t, "style")
		indent := rapid.IntRange(0, 3).Draw(t, "indent")
		val := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: text, Style: style}
		doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "rule"}, val,
		}}
		outer := doc
		for i := 0; i < indent; i++ {
			outer = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "k"}, outer}}
		}
		out, err := yaml.Marshal(outer)
		if err != nil {
			t.Skip(err)
		}
		root, err := parseYAML(out)
		if err != nil {
			t.Fatalf("parse back: %v\n%s", err, out)
		}
		for i := 0; i < indent; i++ {
			root = root.Content[1]
		}
		n := root.Content[1]
		if n.Value != text {
			t.Skip("the encoder changed the text")
		}
		src := newSource("t.yaml", out)
		for i, r := range []rune(n.Value) {
			if isBlank(r) {
				continue
			}
			line, col := src.locate(n, i)
			got := []rune(src.line(line))
			if col < 1 || col > len(got) {
				t.Fatalf("rune %d %q: %d:%d is outside the line %q\n%s", i, r, line, col, src.line(line), out)
			}
			s := got[col-1]
			ok := s == r ||
				n.Style == yaml.DoubleQuotedStyle && s == '\\' ||
				n.Style == yaml.SingleQuotedStyle && s == '\''
			if !ok {
				t.Fatalf("rune %d %q of %q (style %v) maps to %q at %d:%d\n%s", i, r, n.Value, n.Style, s, line, col, out)
			}
		}
	})
}
