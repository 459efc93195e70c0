package quality

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate that name most likely misspells, or "" when none
// is close: the one at the smallest edit distance (insertions, deletions,
// substitutions and swaps of neighbouring runes, ignoring case), allowed up to half of name's length, at least 1 and at
// most 3. Candidates are tried in order, so ties go to the earlier one; a
// candidate equal to name is skipped, and a name longer than 64 runes gets no
// suggestion. Loaders of rule text, policy files and
// event data use it for their "did you mean" hints, so every hint in servq
// follows the same rule.
func Closest(name string, candidates []string) string {
	n := utf8.RuneCountInString(name)
	if n > maxSuggestRunes {
		return "" // outside data may hold anything; names are short
	}
	limit := min(max(n/2, 1), 3)
	lower := strings.ToLower(name)
	best, bestDist := "", -1
	for _, c := range candidates {
		if c == name {
			continue
		}
		if m := utf8.RuneCountInString(c); m > n+limit || m < n-limit {
			continue // more than limit edits apart on length alone
		}
		d := editDistance(lower, strings.ToLower(c))
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// maxSuggestRunes bounds the names Closest considers, so that a hint for a
// hostile name from outside data costs nothing.
const maxSuggestRunes = 64

// suggest returns a "did you mean" hint naming [Closest], or "" when none is
// close.
func suggest(name string, candidates []string) string {
	if best := Closest(name, candidates); best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return ""
}

// editDistance is the optimal-string-alignment distance between a and b,
// counted in runes: insertions, deletions, substitutions and swaps of two
// neighbouring runes each cost one edit ("hti" is one edit from "hit").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: the one before the previous, the previous and the current.
	prev2 := make([]int, len(rb)+1)
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
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
