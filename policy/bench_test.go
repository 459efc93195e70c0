package policy_test

import (
	"os"
	"testing"

	"github.com/servq/servq/policy"
)

// BenchmarkParse loads the broadband policy: YAML, decoding, and compiling
// its calendars (with their 50-year index), clocks, ruleset, card and tariff.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/broadband.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := policy.Parse("broadband.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
