package binding

import (
	"bytes"
	"testing"
)

// FuzzSplit reads arbitrary policy text: never a panic; the text given to the
// policy loader keeps every line (so its errors keep their line numbers); a
// section read without errors has a hash.
func FuzzSplit(f *testing.F) {
	f.Add([]byte(policyText))
	f.Add([]byte("run:\n  measures:\n    a: {where: x, hit: y}\n  scorecards:\n    s: {subject: t, inputs: {a: b}}\n"))
	f.Add([]byte("run: [1, 2]\n"))
	f.Add([]byte("a: &x {done: y}\nrun: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sec, rest, err := Split("f.yaml", data)
		if sec == nil {
			if err == nil {
				t.Fatal("no section and no error")
			}
			return
		}
		if rest == nil {
			t.Fatal("no text for the policy loader")
		}
		if bytes.Count(rest, []byte("\n")) != bytes.Count(data, []byte("\n")) {
			t.Fatalf("lines changed: %q became %q", data, rest)
		}
		if err == nil && sec.Present && sec.Hash == "" {
			t.Fatal("a section without a hash")
		}
	})
}
