package main

import (
	"io"
	"testing"

	"github.com/servq/servq/examples/internal/gencmd/gencmdtest"
)

// TestShippedFilesAreRegenerated: the generator with its default flags
// writes exactly the shipped data.jsonl, indicators.csv and org.csv, byte
// for byte, and a second run writes them again.
func TestShippedFilesAreRegenerated(t *testing.T) {
	gencmdtest.Regenerates(t, "..", "go generate ./examples/complaints",
		func(dir string) error { return run([]string{"-dir", dir}, io.Discard) },
		"data.jsonl", "indicators.csv", "org.csv")
}

// TestSeedsAndSizes: another seed gives other complaints; a larger branch
// gives more of them; the same flags give the same bytes.
func TestSeedsAndSizes(t *testing.T) {
	gen := func(c config) []byte {
		return gencmdtest.Deterministic(t, func(w io.Writer) error { _, err := generate(c, w); return err })
	}
	base := defaultConfig()
	base.To = base.From.AddDate(0, 0, 7)
	a := gen(base)
	other := base
	other.Seed++
	if string(a) == string(gen(other)) {
		t.Error("another seed gave the same complaints")
	}
	big := base
	big.Technicians = 400
	if n, m := gencmdtest.Lines(a), gencmdtest.Lines(gen(big)); m < 3*n {
		t.Errorf("400 technicians gave %d events, 100 gave %d: want about four times as many", m, n)
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
		[]string{"-from", "2025-10-15", "-to", "2025-10-01"},
		[]string{"-from", "15/09/2025"},
		[]string{"-rate", "-1"},
		[]string{"extra"},
	)
}
