package quality

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestClosest(t *testing.T) {
	names := []string{"rated", "satisfied", "ten_point", "status", "hit"}
	for _, c := range []struct{ name, want string }{
		{"raed", "rated"},                 // one edit
		{"Rated", "rated"},                // case is ignored
		{"ten_pt", "ten_point"},           // three edits in six runes
		{"stauts", "status"},              // a swap is two edits
		{"rated", ""},                     // the name itself is no suggestion
		{"hti", "hit"},                    // a swap in a short name
		{"x", ""},                         // nothing within one edit
		{"dissatisfied", "satisfied"},     // three edits in twelve runes
		{"zzzzzzzzzzzz", ""},              // at most three edits, however long the name
		{strings.Repeat("rated", 20), ""}, // over 64 runes: no suggestion, no cost
	} {
		if got := Closest(c.name, names); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestEditDistanceLaws checks the distance on random short words: zero only for
// equal words, symmetric, at most the longer length, and one for a swap of two
// different neighbouring runes.
func TestEditDistanceLaws(t *testing.T) {
	word := rapid.StringOfN(rapid.RuneFrom([]rune("abcé派")), 0, 8, -1)
	rapid.Check(t, func(t *rapid.T) {
		a, b := word.Draw(t, "a"), word.Draw(t, "b")
		d := editDistance(a, b)
		if (d == 0) != (a == b) {
			t.Fatalf("editDistance(%q, %q) = %d", a, b, d)
		}
		if e := editDistance(b, a); e != d {
			t.Fatalf("not symmetric: %d vs %d for %q, %q", d, e, a, b)
		}
		if n := max(len([]rune(a)), len([]rune(b))); d > n {
			t.Fatalf("editDistance(%q, %q) = %d > %d", a, b, d, n)
		}
		if r := []rune(a); len(r) >= 2 {
			i := rapid.IntRange(0, len(r)-2).Draw(t, "i")
			if r[i] != r[i+1] {
				s := append([]rune(nil), r...)
				s[i], s[i+1] = s[i+1], s[i]
				if got := editDistance(a, string(s)); got != 1 {
					t.Fatalf("swap %q → %q: distance %d, want 1", a, string(s), got)
				}
			}
		}
	})
}
