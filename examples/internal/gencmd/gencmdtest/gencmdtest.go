// Package gencmdtest holds the checks every scenario generator's tests
// make: the shipped files are what the generator writes, byte for byte, run
// after run; the same configuration gives the same bytes; the facts the
// generator writes are the ones its policy declares; bad flags are refused.
// Scenario makes all of these checks for a gencmd.Scenario.
package gencmdtest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/quality"
)

// Regenerates calls write twice, each time with a new empty folder, and
// checks that every named file it wrote there is byte for byte the one
// shipped in the folder shipped. regen is the command that rewrites the
// shipped files, named in the failure.
func Regenerates(t testing.TB, shipped, regen string, write func(dir string) error, names ...string) {
	t.Helper()
	for run := 1; run <= 2; run++ {
		dir := t.TempDir()
		if err := write(dir); err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(shipped, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("run %d: %s is not what the generator writes (%d bytes, shipped %d): regenerate with %s",
					run, filepath.Join(shipped, name), len(got), len(want), regen)
			}
		}
	}
}

// Deterministic calls gen twice and returns what it wrote, failing unless
// both calls wrote the same bytes.
func Deterministic(t testing.TB, gen func(io.Writer) error) []byte {
	t.Helper()
	var a, b bytes.Buffer
	if err := gen(&a); err != nil {
		t.Fatal(err)
	}
	if err := gen(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same configuration gave different bytes")
	}
	return a.Bytes()
}

// Lines counts the lines of data: the events of a JSONL file.
func Lines(data []byte) int { return bytes.Count(data, []byte("\n")) }

// SchemaIsThePolicys checks that a schema declared in Go (a generator's, or
// an example program's) has the facts of the policy at policyPath, with the
// same kinds.
func SchemaIsThePolicys(t testing.TB, policyPath string, schema *quality.Schema) {
	t.Helper()
	pol, err := branch.LoadPolicy(policyPath)
	if err != nil {
		t.Fatal(err)
	}
	kinds := func(s *quality.Schema) map[string]string {
		out := map[string]string{}
		for _, f := range s.Fields() {
			out[f.Name] = f.Kind.String()
		}
		return out
	}
	if diff := cmp.Diff(kinds(pol.Schema), kinds(schema)); diff != "" {
		t.Errorf("facts (-policy +declared in Go):\n%s", diff)
	}
}

// RejectsFlags checks that run fails for each of the argument lists.
func RejectsFlags(t testing.TB, run func(args []string, logw io.Writer) error, bad ...[]string) {
	t.Helper()
	for _, args := range bad {
		if err := run(args, io.Discard); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
