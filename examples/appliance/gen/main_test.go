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
// writes exactly the shipped data.jsonl and org.csv, byte for byte, and a
// second run writes them again.
func TestShippedFilesAreRegenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the whole month twice")
	}
	for run := 1; run <= 2; run++ {
		dir := t.TempDir()
		if err := runGen(t, "-dir", dir); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"data.jsonl", "org.csv"} {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("..", name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("run %d: %s differs from the shipped ../%s (regenerate with go generate ./examples/appliance)", run, name, name)
			}
		}
	}
}

func runGen(t *testing.T, args ...string) error {
	t.Helper()
	return run(args, io.Discard)
}

// TestSeedsAndScale: another seed gives other orders; -scale gives more of
// them; the same flags give the same bytes.
func TestSeedsAndScale(t *testing.T) {
	gen := func(c config) []byte {
		var b bytes.Buffer
		if _, err := generate(c, &b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	base := defaultConfig()
	base.To = base.From.AddDate(0, 0, 3)
	a, b := gen(base), gen(base)
	if !bytes.Equal(a, b) {
		t.Fatal("the same config gave different bytes")
	}
	other := base
	other.Seed++
	if bytes.Equal(a, gen(other)) {
		t.Error("another seed gave the same orders")
	}
	big := base
	big.Scale = 4
	if n, m := bytes.Count(a, []byte("\n")), bytes.Count(gen(big), []byte("\n")); m < 3*n {
		t.Errorf("-scale 4 gave %d events, -scale 1 gave %d: want about four times as many", m, n)
	}
}

// TestProviders: every county has a core provider and a small one with a
// single engineer.
func TestProviders(t *testing.T) {
	org := newOrg(defaultConfig())
	count := map[string]int{}
	for _, p := range providers(org) {
		count[p]++
	}
	if len(count) != 2*len(org.Counties) {
		t.Fatalf("%d providers for %d counties: %v", len(count), len(org.Counties), count)
	}
	for p, n := range count {
		if isSmall(p) != (n == 1) {
			t.Errorf("provider %s has %d engineers", p, n)
		}
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
		{"-from", "2025-07-15", "-to", "2025-07-01"},
		{"-to", "31/07/2025"},
		{"-scale", "0"},
		{"extra"},
	} {
		if err := runGen(t, append(args, "-dir", t.TempDir())...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
