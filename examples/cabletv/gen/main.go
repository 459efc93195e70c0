// Command gen writes the cable TV scenario's data: a month of the Nanchang
// branch's fault reports (report-and-fix) and smart-TV activations as
// work-order events (data.jsonl), and the org chart they refer to
// (org.csv).
//
// From the module's root:
//
//	go run ./examples/cabletv/gen
//
// rewrites examples/cabletv/data.jsonl and org.csv, byte for byte the same
// every time (the seeds are fixed; a test checks it). Larger volumes:
//
//	go run ./examples/cabletv/gen -technicians 20000 -o /tmp/cabletv-1m.jsonl -org ""
//
// Flags: -seed, -technicians, -from, -days, -policy, -o, -org.
//
// What happens to each order is drawn from its technician's habits
// (branch.Traits) and the order's own random source; which customers are
// called back is decided by the policy's own sampling rules (policy.yaml).
// See lifecycle.go.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/servq/servq/examples/internal/branch"
)

func main() {
	cfg := defaultConfig()
	var from string
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the org chart and the orders")
	flag.IntVar(&cfg.Technicians, "technicians", cfg.Technicians, "number of technicians (about 35 orders each a month)")
	flag.StringVar(&from, "from", cfg.From.Format(time.DateOnly), "first day of the data")
	flag.IntVar(&cfg.Days, "days", cfg.Days, "number of days")
	flag.StringVar(&cfg.Policy, "policy", "examples/cabletv/policy.yaml", "the policy whose facts and sampling rules the data follows")
	out := flag.String("o", "examples/cabletv/data.jsonl", "the events file to write")
	org := flag.String("org", "examples/cabletv/org.csv", "the org chart file to write (empty: none)")
	flag.Parse()
	var err error
	if cfg.From, err = time.ParseInLocation(time.DateOnly, from, branch.Zone); err != nil {
		fatal(err)
	}
	if err := run(cfg, *out, *org); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

func run(cfg Config, out, orgPath string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	st, err := Generate(cfg, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %s: %d orders, %d events (%s)\n", out, st.Orders, st.Events, st.Org)
	if orgPath == "" {
		return nil
	}
	f, err = os.Create(orgPath)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = branch.NewOrg(cfg.orgConfig()).WriteRoster(io.Writer(bw))
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
