package quality

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	names := []string{"rated", "satisfied", "ten_point", "status"}
	for _, c := range []struct{ name, want string }{
		{"raed", "rated"},                 // one edit
		{"Rated", "rated"},                // case is ignored
		{"ten_pt", "ten_point"},           // three edits in six runes
		{"stauts", "status"},              // a swap is two edits
		{"rated", ""},                     // the name itself is no suggestion
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
