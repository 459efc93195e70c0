package policy

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// source is a file's text cut into lines of runes, for positions and snippets.
// Line and column numbers are 1-based and count runes, as the YAML parser's do.
type source struct {
	name  string
	lines []string
	runes map[int][]rune // line index → runes, filled on demand
}

func newSource(name string, data []byte) *source {
	text := string(data)
	text = strings.TrimPrefix(text, "\uFEFF")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return &source{name: name, lines: lines, runes: map[int][]rune{}}
}

// line returns the text of line n (1-based), or "".
func (s *source) line(n int) string {
	if n < 1 || n > len(s.lines) {
		return ""
	}
	return s.lines[n-1]
}

func (s *source) lineRunes(i int) []rune {
	if r, ok := s.runes[i]; ok {
		return r
	}
	var r []rune
	if i >= 0 && i < len(s.lines) {
		r = []rune(s.lines[i])
	}
	s.runes[i] = r
	return r
}

// ruleIndex converts a 1-based line and rune column inside text (as
// quality.Error reports them) into a rune index into text. The result may be
// len(text in runes), the place just after the last rune.
func ruleIndex(text string, line, col int) int {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	idx := 0
	l := 1
	for _, r := range text {
		if l == line {
			break
		}
		idx++
		if r == '\n' {
			l++
		}
	}
	n := utf8.RuneCountInString(text)
	idx += col - 1
	if idx > n {
		idx = n
	}
	return idx
}

// locate returns the file position (1-based line and rune column) of the rune
// at index idx of the value of scalar node n, by walking the scalar's source
// text and its value side by side.
//
// For plain scalars and literal block scalars every character other than
// white space maps to its exact place: the value's characters are the
// source's, with indentation and folded line breaks removed. Double-quoted
// escapes (\n, \", \u00e9 …) map to the backslash that starts them,
// and a single-quoted scalar's doubled quote to its first quote, which is
// exact too. White space
// inside folded, quoted and multi-line plain scalars (where the parser turned
// a line break into a space) maps to the end of the source line it came from:
// an approximation, but errors point at tokens, not at spaces.
func (s *source) locate(n *yaml.Node, idx int) (line, col int) {
	value := []rune(n.Value)
	if idx < 0 {
		idx = 0
	}
	l, c := n.Line-1, n.Column-1 // 0-based cursor in the source
	quote := rune(0)
	switch n.Style &^ (yaml.TaggedStyle | yaml.FlowStyle) {
	case yaml.DoubleQuotedStyle:
		quote = '"'
	case yaml.SingleQuotedStyle:
		quote = '\''
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// The content starts on the line after the header (| or >, with its
		// indicators and perhaps a comment).
		l, c = n.Line, 0
	}
	if quote != 0 {
		// Move to just after the opening quote (a tag may come before it).
		rs := s.lineRunes(l)
		for c < len(rs) && rs[c] != quote {
			c++
		}
		c++
	}
	at := func() (rune, bool) { // the source rune under the cursor; false at end of line
		rs := s.lineRunes(l)
		if c < len(rs) {
			return rs[c], true
		}
		return 0, false
	}
	nextLine := func() bool {
		if l+1 >= len(s.lines) {
			return false
		}
		l, c = l+1, 0
		return true
	}
	for i := 0; i < len(value) && i < idx; i++ {
		v := value[i]
		r, ok := at()
		switch {
		case quote == '"' && ok && r == '\\':
			rs := s.lineRunes(l)
			if c+1 >= len(rs) { // an escaped line break: continue on the next line
				if !nextLine() {
					return l + 1, c + 1
				}
				i--
				continue
			}
			switch rs[c+1] {
			case 'x':
				c += 4
			case 'u':
				c += 6
			case 'U':
				c += 10
			default:
				c += 2
			}
			continue
		case quote == '\'' && ok && r == '\'':
			c += 2
			continue
		case v == ' ' || v == '\t' || v == '\n':
			if ok && (r == ' ' || r == '\t') {
				c++
			} else if !ok {
				if !nextLine() {
					return l + 1, c + 1
				}
			}
			continue
		}
		// A character other than white space: skip the source's white space
		// and line breaks to reach it.
		if !s.skipBlank(&l, &c) {
			return l + 1, c + 1
		}
		c++
	}
	if idx < len(value) && !isBlank(value[idx]) {
		s.skipBlank(&l, &c)
	}
	return l + 1, c + 1
}

// skipBlank moves the cursor over spaces, tabs and line breaks; false when
// the text ends first.
func (s *source) skipBlank(l, c *int) bool {
	for {
		rs := s.lineRunes(*l)
		for *c < len(rs) && (rs[*c] == ' ' || rs[*c] == '\t') {
			*c++
		}
		if *c < len(rs) {
			return true
		}
		if *l+1 >= len(s.lines) {
			return false
		}
		*l, *c = *l+1, 0
	}
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }
