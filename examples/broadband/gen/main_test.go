package main

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/servq/servq/examples/internal/gencmd/gencmdtest"
)

func testConfig() Config {
	cfg := defaultConfig()
	cfg.Policy = "../policy.yaml"
	return cfg
}

// The shipped data is what the generator writes with its default seed:
// regenerating gives byte-identical files, run after run.
func TestShippedDataIsReproducible(t *testing.T) {
	gencmdtest.Regenerates(t, "..", "go run ./examples/broadband/gen", func(dir string) error {
		return run([]string{"-policy", "../policy.yaml", "-o", filepath.Join(dir, "data.jsonl"), "-org", filepath.Join(dir, "org.csv")}, io.Discard)
	}, "data.jsonl", "org.csv")
	// A month for a hundred technicians, modest on disk.
	var st Stats
	data := gencmdtest.Deterministic(t, func(w io.Writer) (err error) { st, err = Generate(testConfig(), w); return err })
	if st.Orders < 3000 || st.Orders > 5000 || len(data) > 5<<20 {
		t.Errorf("%d orders in %d bytes", st.Orders, len(data))
	}
}

// Another seed gives other data; more technicians give proportionally more
// orders (the flag used for the throughput figure).
func TestSeedAndVolume(t *testing.T) {
	cfg := testConfig()
	cfg.Days = 3
	gen := func(c Config) (Stats, []byte) {
		var st Stats
		data := gencmdtest.Deterministic(t, func(w io.Writer) (err error) { st, err = Generate(c, w); return err })
		return st, data
	}
	sa, a := gen(cfg)
	cfg.Seed++
	if _, b := gen(cfg); string(a) == string(b) {
		t.Fatal("a different seed gave the same data")
	}
	cfg.Technicians = 400
	sb, _ := gen(cfg)
	if ratio := float64(sb.Orders) / float64(sa.Orders); ratio < 3.3 || ratio > 4.7 {
		t.Errorf("400 technicians made %d orders, 100 made %d", sb.Orders, sa.Orders)
	}
	if sb.Org != "24 counties, 64 stations, 400 technicians" {
		t.Errorf("org %s", sb.Org)
	}
}

func TestFlags(t *testing.T) {
	dir := t.TempDir()
	gencmdtest.RejectsFlags(t, func(args []string, logw io.Writer) error {
		defaults := []string{"-policy", "../policy.yaml", "-o", filepath.Join(dir, "data.jsonl"), "-org", ""}
		return run(append(defaults, args...), logw)
	},
		[]string{"-from", "22/06/2025"},
		[]string{"-policy", "no-such-policy.yaml"},
		[]string{"extra"},
	)
}
