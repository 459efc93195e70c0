package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/policy"
	"github.com/servq/servq/quality"
)

// TestShippedFilesAreRegenerated: the generator with its default flags
// writes exactly the shipped data.jsonl, indicators.csv and org.csv, byte
// for byte, and a second run writes them again.
func TestShippedFilesAreRegenerated(t *testing.T) {
	for run := 1; run <= 2; run++ {
		dir := t.TempDir()
		if err := runGen(t, "-dir", dir); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"data.jsonl", "indicators.csv", "org.csv"} {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("..", name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("run %d: %s differs from the shipped ../%s (regenerate with go generate ./examples/complaints)", run, name, name)
			}
		}
	}
}

func runGen(t *testing.T, args ...string) error {
	t.Helper()
	return run(args, io.Discard)
}

// TestSeedsAndSizes: another seed gives other complaints; a larger branch
// gives more of them; the same flags give the same bytes.
func TestSeedsAndSizes(t *testing.T) {
	gen := func(c config) []byte {
		var b bytes.Buffer
		if _, err := generate(c, &b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	base := defaultConfig()
	base.To = base.From.AddDate(0, 0, 7)
	a, b := gen(base), gen(base)
	if !bytes.Equal(a, b) {
		t.Fatal("the same config gave different bytes")
	}
	other := base
	other.Seed++
	if bytes.Equal(a, gen(other)) {
		t.Error("another seed gave the same complaints")
	}
	big := base
	big.Technicians = 400
	if n, m := bytes.Count(a, []byte("\n")), bytes.Count(gen(big), []byte("\n")); m < 3*n {
		t.Errorf("400 technicians gave %d events, 100 gave %d: want about four times as many", m, n)
	}
}

// TestSchemaIsThePolicys: the generator writes the facts the policy
// declares, with the same kinds.
func TestSchemaIsThePolicys(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "policy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// policy.Parse does not know servq run's section: leave it out.
	if i := bytes.Index(data, []byte("\nrun:\n")); i >= 0 {
		data = data[:i+1]
	}
	pol, err := policy.Parse("policy.yaml", data)
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
		t.Errorf("facts (-policy +generator):\n%s", diff)
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-technicians", "0"},
		{"-from", "2025-10-15", "-to", "2025-10-01"},
		{"-from", "15/09/2025"},
		{"-rate", "-1"},
		{"extra"},
	} {
		if err := runGen(t, append(args, "-dir", t.TempDir())...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
