package casetest

import (
	"testing"

	"github.com/servq/servq/quality"
)

// TestHint: a misspelt fact in a case file gets the hint every servq loader
// gives (quality.Closest); a name close to none gets none.
func TestHint(t *testing.T) {
	schema := quality.MustSchema(
		quality.Field{Name: "status", Kind: quality.KindString},
		quality.Field{Name: "priority", Kind: quality.KindInt},
	)
	for name, want := range map[string]string{
		"statsu":   ` (did you mean "status"?)`,
		"Priority": ` (did you mean "priority"?)`,
		"colour":   "",
	} {
		if got := hint(name, schema); got != want {
			t.Errorf("hint(%q) = %q, want %q", name, got, want)
		}
	}
}
