// Command gen writes the broadband scenario's data: a month of the Nanchang
// branch's installation, move and repair orders as work-order events
// (data.jsonl) and the org chart they refer to (org.csv).
//
// From the module's root:
//
//	go run ./examples/broadband/gen
//
// rewrites examples/broadband/data.jsonl and org.csv, byte for byte the
// same every time (the seeds are fixed; a test checks it). Larger volumes
// for throughput measurements:
//
//	go run ./examples/broadband/gen -technicians 23500 -o /tmp/broadband-1m.jsonl -org ""
//
// writes about a million orders (about 8 million events, 1 GB) in the same
// month. Flags: -seed, -technicians, -from, -days, -policy, -o, -org.
//
// What happens to each order is drawn from its technician's habits
// (branch.Traits) and the order's own random source; which customers are
// called back is decided by the policy's own sampling rules (policy.yaml),
// as the call centre would, plus the top-up calls technicians make to meet
// the daily participation quota. See lifecycle.go.
package main

import (
	"fmt"
	"io"

	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/examples/internal/gencmd"
)

func main() { gencmd.Main(run) }

func run(args []string, logw io.Writer) error {
	fs := gencmd.NewFlagSet(logw)
	cfg := defaultConfig()
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the org chart and the orders")
	fs.IntVar(&cfg.Technicians, "technicians", cfg.Technicians, "number of technicians (about 43 orders each in 30 days)")
	gencmd.DayVar(fs, &cfg.From, "from", "first `day` of the data")
	fs.IntVar(&cfg.Days, "days", cfg.Days, "number of days")
	fs.StringVar(&cfg.Policy, "policy", "examples/broadband/policy.yaml", "the policy whose facts and sampling rules the data follows")
	out := fs.String("o", "examples/broadband/data.jsonl", "the events file to write")
	org := fs.String("org", "examples/broadband/org.csv", "the org chart file to write (empty: none)")
	if err := gencmd.Parse(fs, args); err != nil {
		return err
	}
	err := gencmd.WriteEvents(logw, *out, func(w io.Writer) (string, error) {
		st, err := Generate(cfg, w)
		return fmt.Sprintf("%d orders, %d events (%s)", st.Orders, st.Events, st.Org), err
	})
	if err != nil || *org == "" {
		return err
	}
	return gencmd.WriteFile(*org, branch.NewOrg(cfg.orgConfig()).WriteRoster)
}
