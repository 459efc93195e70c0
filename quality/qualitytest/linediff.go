package qualitytest

import (
	"fmt"
	"strings"
)

// maxDiffCells bounds the table of LineDiff's longest common subsequence;
// beyond it the changed middle is shown as removed and added whole.
const maxDiffCells = 4_000_000

// context is how many unchanged lines LineDiff shows around each change.
const context = 2

// LineDiff returns a diff of two texts line by line: hunks headed by their
// line numbers ("@@ want 3, got 3 @@"), unchanged lines indented by two
// spaces, removed lines prefixed "- " and added lines "+ ", with up to two
// unchanged lines around each change. It returns "" when the texts are
// equal. The result is deterministic: the longest common subsequence, with ties
// resolved toward removing before adding.
func LineDiff(want, got string) string {
	if want == got {
		return ""
	}
	a, b := splitLines(want), splitLines(got)
	// Common prefix and suffix first: they are most of a typical diff.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', i, i})
	}
	ops = append(ops, middle(a[pre:len(a)-suf], b[pre:len(b)-suf], pre)...)
	for k := 0; k < suf; k++ {
		ops = append(ops, op{' ', len(a) - suf + k, len(b) - suf + k})
	}
	return render(ops, a, b)
}

// op is one line of the edit script: ' ' keeps a[i] (== b[j]), '-' removes
// a[i], '+' adds b[j].
type op struct {
	kind byte
	i, j int
}

func middle(a, b []string, off int) []op {
	var ops []op
	if len(a)*len(b) > maxDiffCells {
		for i := range a {
			ops = append(ops, op{'-', off + i, off})
		}
		for j := range b {
			ops = append(ops, op{'+', off + len(a), off + j})
		}
		return ops
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:], b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', off + i, off + j})
			i, j = i+1, j+1
		case j == len(b) || (i < len(a) && lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', off + i, off + j})
			i++
		default:
			ops = append(ops, op{'+', off + i, off + j})
			j++
		}
	}
	return ops
}

func render(ops []op, a, b []string) string {
	var out strings.Builder
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		// A hunk: from context lines before this change to context lines
		// after the last change that is within 2×context of the next.
		start := max(0, k-context)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		fmt.Fprintf(&out, "@@ want %d, got %d @@\n", ops[start].i+1, ops[start].j+1)
		for _, o := range ops[start:end] {
			switch o.kind {
			case ' ':
				out.WriteString("  " + a[o.i] + "\n")
			case '-':
				out.WriteString("- " + a[o.i] + "\n")
			default:
				out.WriteString("+ " + b[o.j] + "\n")
			}
		}
		k = end
	}
	return strings.TrimSuffix(out.String(), "\n")
}

// splitLines splits text into lines; a missing final newline shows as a
// marked last line, so that it is visible in a diff.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if lines[len(lines)-1] == "" {
		return lines[:len(lines)-1]
	}
	lines[len(lines)-1] += " (no newline at end)"
	return lines
}
