package quality

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate that name most likely misspells, or "" when none
// is close: the one at the smallest edit distance (Levenshtein, in runes,
// ignoring case), allowed up to half of name's length, at least 1 and at
// most 3. Candidates are tried in order, so ties go to the earlier one; a
// candidate equal to name is skipped. Loaders of rule text, policy files and
// event data use it for their "did you mean" hints, so every hint in servq
// follows the same rule.
func Closest(name string, candidates []string) string {
	limit := min(max(utf8.RuneCountInString(name)/2, 1), 3)
	lower := strings.ToLower(name)
	best, bestDist := "", -1
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := editDistance(lower, strings.ToLower(c))
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// suggest returns a "did you mean" hint naming [Closest], or "" when none is
// close.
func suggest(name string, candidates []string) string {
	if best := Closest(name, candidates); best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
