package main

import (
	"io"
	"testing"

	"github.com/servq/servq/examples/internal/gencmd/gencmdtest"
)

// TestShippedFilesAreRegenerated: the generator with its default flags
// writes exactly the shipped data.jsonl and org.csv, byte for byte, and a
// second run writes them again.
func TestShippedFilesAreRegenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the whole month twice")
	}
	gencmdtest.Regenerates(t, "..", "go generate ./examples/appliance",
		func(dir string) error { return run([]string{"-dir", dir}, io.Discard) },
		"data.jsonl", "org.csv")
}

// TestSeedsAndScale: another seed gives other orders; -scale gives more of
// them; the same flags give the same bytes.
func TestSeedsAndScale(t *testing.T) {
	gen := func(c config) []byte {
		return gencmdtest.Deterministic(t, func(w io.Writer) error { _, err := generate(c, w); return err })
	}
	base := defaultConfig()
	base.To = base.From.AddDate(0, 0, 3)
	a := gen(base)
	other := base
	other.Seed++
	if string(a) == string(gen(other)) {
		t.Error("another seed gave the same orders")
	}
	big := base
	big.Scale = 4
	if n, m := gencmdtest.Lines(a), gencmdtest.Lines(gen(big)); m < 3*n {
		t.Errorf("-scale 4 gave %d events, -scale 1 gave %d: want about four times as many", m, n)
	}
}

// TestProviders: every county has a core provider and a small one with a
// single engineer.
func TestProviders(t *testing.T) {
	org := defaultConfig().Org()
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
	gencmdtest.SchemaIsThePolicys(t, "../policy.yaml", schema)
}

func TestFlags(t *testing.T) {
	dir := t.TempDir()
	gencmdtest.RejectsFlags(t, func(args []string, logw io.Writer) error { return run(append(args, "-dir", dir), logw) },
		[]string{"-technicians", "0"},
		[]string{"-from", "2025-07-15", "-to", "2025-07-01"},
		[]string{"-to", "31/07/2025"},
		[]string{"-scale", "0"},
		[]string{"extra"},
	)
}
