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
	fs.IntVar(&cfg.Technicians, "technicians", cfg.Technicians, "number of technicians (about 35 orders each a month)")
	gencmd.DayVar(fs, &cfg.From, "from", "first `day` of the data")
	fs.IntVar(&cfg.Days, "days", cfg.Days, "number of days")
	fs.StringVar(&cfg.Policy, "policy", "examples/cabletv/policy.yaml", "the policy whose facts and sampling rules the data follows")
	out := fs.String("o", "examples/cabletv/data.jsonl", "the events file to write")
	org := fs.String("org", "examples/cabletv/org.csv", "the org chart file to write (empty: none)")
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
