package casetest

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead reads arbitrary test files: never a panic, and every problem has
// a message.
func FuzzRead(f *testing.F) {
	f.Add([]byte("version: 1\ntests:\n  - name: a\n    rule: x > 1\n    facts: {x: 2}\n    want: true\n"))
	f.Add([]byte("version: 1\ntests:\n  - {name: a, clock: c, events: [{event: e, at: x}], want: {phase: stopped}}\n"))
	f.Add([]byte("tests: 3\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "t.yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		file, probs := Read(p)
		for _, pr := range probs {
			if pr.Message == "" {
				t.Fatalf("a problem without a message at line %d", pr.Line)
			}
		}
		if file != nil {
			for _, c := range file.Cases {
				if c.Name == "" || c.Kind == "" {
					t.Fatalf("case %+v without a name or a kind", c)
				}
			}
		}
	})
}
