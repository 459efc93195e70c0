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
	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/examples/internal/gencmd"
)

// scenario is the generator: its flags' defaults and its Generate.
var scenario = gencmd.Scenario{
	Dir:         "examples/cabletv",
	Defaults:    gencmd.Config{Seed: 1707, Technicians: 100, From: branch.Date(2025, 7, 1), Days: 31},
	Technicians: "number of technicians (about 35 orders each a month)",
	Generate:    Generate,
}

func main() { gencmd.Main(scenario.Run) }
