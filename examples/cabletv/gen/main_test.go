package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/servq/servq/examples/internal/branch"
)

func testConfig() Config {
	cfg := defaultConfig()
	cfg.Policy = "../policy.yaml"
	return cfg
}

// The shipped data is what the generator writes with its default seed:
// regenerating gives byte-identical files, in this process and in the one
// that wrote them.
func TestShippedDataIsReproducible(t *testing.T) {
	var first, second bytes.Buffer
	st, err := Generate(testConfig(), &first)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(testConfig(), &second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatal("two runs with the same seed differ")
	}
	shipped, err := os.ReadFile("../data.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), shipped) {
		t.Fatalf("examples/cabletv/data.jsonl is not what the generator writes (%d bytes, want %d): run go run ./examples/cabletv/gen", len(shipped), first.Len())
	}
	var roster bytes.Buffer
	if err := branch.NewOrg(testConfig().orgConfig()).WriteRoster(&roster); err != nil {
		t.Fatal(err)
	}
	org, err := os.ReadFile("../org.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(roster.Bytes(), org) {
		t.Fatal("examples/cabletv/org.csv is not what the generator writes: run go run ./examples/cabletv/gen")
	}
	// A month for a hundred technicians, modest on disk.
	if st.Orders < 3000 || st.Orders > 5000 || len(shipped) > 5<<20 {
		t.Errorf("%d orders in %d bytes", st.Orders, len(shipped))
	}
}

// Another seed gives other data; more technicians give proportionally more
// orders (the flag used for the throughput figure).
func TestSeedAndVolume(t *testing.T) {
	cfg := testConfig()
	cfg.Days = 3
	var a, b bytes.Buffer
	sa, err := Generate(cfg, &a)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed++
	if _, err := Generate(cfg, &b); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("a different seed gave the same data")
	}
	cfg.Technicians = 400
	b.Reset()
	sb, err := Generate(cfg, &b)
	if err != nil {
		t.Fatal(err)
	}
	if ratio := float64(sb.Orders) / float64(sa.Orders); ratio < 3.3 || ratio > 4.7 {
		t.Errorf("400 technicians made %d orders, 100 made %d", sb.Orders, sa.Orders)
	}
	if sb.Org != "24 counties, 64 stations, 400 technicians" {
		t.Errorf("org %s", sb.Org)
	}
}
