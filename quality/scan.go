package quality

import (
	"errors"
	"io"
	"strings"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser/lexer"
)

// prescan runs before the parser. It refuses rule text longer than
// MaxSource, and text whose nesting exceeds MaxNesting: expr's parser is
// recursive and has no depth limit of its own (its node limit is checked only
// after a nested expression has been parsed), so a million opening brackets
// would exhaust the stack. The scan streams tokens from expr's lexer, which
// is iterative and keeps no more than a few tokens.
//
// Nesting is estimated per bracket level: each open bracket counts one, and
// within a level each construct the parser handles by recursion without a
// bracket (a prefix -, +, ! or not; "let"; "if"; the ternary "?"; the
// right-associative ** and ^) counts one more until the level closes. The
// estimate is never below the parser's real recursion depth.
//
// prescan also returns the source text of every number literal with a
// fraction or an exponent, by its rune offset: expr's parser keeps only a
// float64 for them, and rules need the exact decimal.
func prescan(src string, l Limits, ec *errorCollector) (map[int]string, bool) {
	if len(src) > l.MaxSource {
		ec.add(byteToRuneOffset(src, l.MaxSource), ErrLimit, "split the rule or raise Limits.MaxSource",
			"rule text is %d bytes long; the limit is %d", len(src), l.MaxSource)
		return nil, false
	}
	if strings.TrimSpace(src) == "" {
		ec.add(0, ErrSyntax, "", "empty rule")
		return nil, false
	}
	lx := lexer.New()
	lx.Reset(file.NewSource(src))
	literals := map[int]string{}
	chains := []int{0} // per open bracket level: recursive constructs seen
	nesting := 0       // open brackets + sum(chains)
	prevOperand := false
	for {
		tok, err := lx.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var fe *file.Error
			if errors.As(err, &fe) {
				ec.add(fe.From, ErrSyntax, "", "%s", fe.Message)
			} else {
				ec.add(0, ErrSyntax, "", "%v", err)
			}
			return nil, false
		}
		if tok.Kind == lexer.EOF {
			break
		}
		operand := false
		switch tok.Kind {
		case lexer.Bracket:
			switch tok.Value {
			case "(", "[", "{":
				chains = append(chains, 0)
				nesting++
			default:
				if len(chains) > 1 {
					nesting -= 1 + chains[len(chains)-1]
					chains = chains[:len(chains)-1]
				}
				operand = true
			}
		case lexer.Operator:
			recursive := false
			switch tok.Value {
			case "let", "if", "?", "**", "^":
				recursive = true
			case "-", "+", "!", "not":
				recursive = !prevOperand
			case "#":
				operand = true
			}
			if recursive {
				chains[len(chains)-1]++
				nesting++
			}
		case lexer.Number:
			v := strings.ToLower(strings.ReplaceAll(tok.Value, "_", ""))
			if !strings.HasPrefix(v, "0x") && strings.ContainsAny(v, ".e") {
				literals[tok.From] = tok.Value
			}
			operand = true
		default: // identifiers, strings, bytes
			operand = true
		}
		prevOperand = operand
		if nesting > l.MaxNesting {
			ec.add(tok.From, ErrLimit, "simplify the rule, or name parts of it with let",
				"rule nests deeper than %d levels", l.MaxNesting)
			return nil, false
		}
	}
	return literals, true
}
