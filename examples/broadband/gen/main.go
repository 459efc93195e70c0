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
	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/examples/internal/gencmd"
)

// scenario is the generator: its flags' defaults and its Generate.
var scenario = gencmd.Scenario{
	Dir:         "examples/broadband",
	Defaults:    gencmd.Config{Seed: 2025, Technicians: 100, From: branch.Date(2025, 6, 22), Days: 30},
	Technicians: "number of technicians (about 43 orders each in 30 days)",
	Generate:    Generate,
}

func main() { gencmd.Main(scenario.Run) }
