package gencmdtest

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/servq/servq/examples/internal/gencmd"
)

// Scenario checks a gencmd.Scenario from its gen folder's tests (the
// working directory is Dir/gen, so the shipped files are in ".."), as
// subtests:
//
//   - ShippedDataIsReproducible: running the generator with its defaults
//     writes the shipped data.jsonl and org.csv, byte for byte, run after
//     run; the defaults make a month for a hundred technicians (3000 to
//     5000 orders, at most 5 MiB), the same bytes every time.
//   - SeedAndVolume: over 3 days, another seed gives other data, and 400
//     technicians make 3.3 to 4.7 times the orders of 100, in 24 counties
//     and 64 stations (the -technicians flag used for throughput figures).
//   - Flags: a day not written 2006-01-02, a missing policy and a
//     positional argument are refused.
func Scenario(t *testing.T, s gencmd.Scenario) {
	policy := filepath.Join("..", "policy.yaml")
	cfg := s.Defaults
	cfg.Policy = policy
	gen := func(t testing.TB, c gencmd.Config) (gencmd.Stats, []byte) {
		var st gencmd.Stats
		data := Deterministic(t, func(w io.Writer) (err error) { st, err = s.Generate(c, w); return err })
		return st, data
	}
	t.Run("ShippedDataIsReproducible", func(t *testing.T) {
		Regenerates(t, "..", "go run ./"+s.Dir+"/gen", func(dir string) error {
			return s.Run([]string{"-policy", policy, "-o", filepath.Join(dir, "data.jsonl"), "-org", filepath.Join(dir, "org.csv")}, io.Discard)
		}, "data.jsonl", "org.csv")
		if st, data := gen(t, cfg); st.Orders < 3000 || st.Orders > 5000 || len(data) > 5<<20 {
			t.Errorf("%d orders in %d bytes", st.Orders, len(data))
		}
	})
	t.Run("SeedAndVolume", func(t *testing.T) {
		c := cfg
		c.Days = 3
		sa, a := gen(t, c)
		c.Seed++
		if _, b := gen(t, c); string(a) == string(b) {
			t.Fatal("a different seed gave the same data")
		}
		c.Technicians = 400
		sb, _ := gen(t, c)
		if ratio := float64(sb.Orders) / float64(sa.Orders); ratio < 3.3 || ratio > 4.7 {
			t.Errorf("400 technicians made %d orders, 100 made %d", sb.Orders, sa.Orders)
		}
		if sb.Org != "24 counties, 64 stations, 400 technicians" {
			t.Errorf("org %s", sb.Org)
		}
	})
	t.Run("Flags", func(t *testing.T) {
		dir := t.TempDir()
		RejectsFlags(t, func(args []string, logw io.Writer) error {
			defaults := []string{"-policy", policy, "-o", filepath.Join(dir, "data.jsonl"), "-org", ""}
			return s.Run(append(defaults, args...), logw)
		},
			[]string{"-from", "22/06/2025"},
			[]string{"-policy", "no-such-policy.yaml"},
			[]string{"extra"},
		)
	})
}
