package gencmd

import (
	"fmt"
	"io"
	"time"

	"github.com/servq/servq/examples/internal/branch"
)

// Config is the configuration of a scenario generator run by Scenario: a
// branch, the days its orders arrive on, and the policy whose facts and
// sampling rules the data follows.
type Config struct {
	// Seed drives the org chart and the orders.
	Seed uint64
	// Technicians is the size of the branch; counties and stations grow
	// with it (6 counties per hundred technicians).
	Technicians int
	// From is the first day; Days the number of days.
	From time.Time
	Days int
	// Policy is the path of the scenario's policy.yaml.
	Policy string
}

// OrgConfig returns the configuration of the branch's org chart: Seed,
// Technicians, and 6 counties per hundred technicians (or part of one).
func (c Config) OrgConfig() branch.Config {
	return branch.Config{Seed: c.Seed, Technicians: c.Technicians, Counties: 6 * ((c.Technicians + 99) / 100)}
}

// Plan returns the plan of the orders: ids "PREFIX-...", arriving from the
// day of From for Days days, per demands, drawn with Seed.
func (c Config) Plan(prefix string, demands []branch.Demand) branch.Plan {
	return branch.Plan{Seed: c.Seed, Prefix: prefix, From: c.From, To: c.From.AddDate(0, 0, c.Days), Demands: demands}
}

// Stats count what a scenario's Generate wrote.
type Stats struct {
	Orders, Events int64
	// Org is the org chart's size (branch.Org.Size).
	Org string
}

// String returns the log's summary: "3944 orders, 29583 events (6
// counties, 16 stations, 100 technicians)".
func (s Stats) String() string {
	return fmt.Sprintf("%d orders, %d events (%s)", s.Orders, s.Events, s.Org)
}

// Scenario is a generator that writes one scenario's events (-o) and its
// org chart (-org) into the scenario's folder, with the flags -seed,
// -technicians, -from, -days, -policy, -o and -org. Its Run is the
// generator's run function:
//
//	var scenario = gencmd.Scenario{Dir: "examples/broadband", Defaults: ..., Technicians: "...", Generate: Generate}
//
//	func main() { gencmd.Main(scenario.Run) }
type Scenario struct {
	// Dir is the scenario's folder from the module's root
	// ("examples/broadband"): -o defaults to its data.jsonl, -org to its
	// org.csv.
	Dir string
	// Defaults are the flags' defaults; an empty Policy defaults to Dir's
	// policy.yaml.
	Defaults Config
	// Technicians is the usage of -technicians, with the volume it makes:
	// "number of technicians (about 35 orders each a month)".
	Technicians string
	// Generate writes the scenario's events for cfg to w.
	Generate func(cfg Config, w io.Writer) (Stats, error)
}

// Run parses args, writes the events to -o (logging "gen: PATH: STATS" to
// logw) and then, unless -org is empty, the org chart to -org.
func (s Scenario) Run(args []string, logw io.Writer) error {
	fs := NewFlagSet(logw)
	cfg := s.Defaults
	if cfg.Policy == "" {
		cfg.Policy = s.Dir + "/policy.yaml"
	}
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the org chart and the orders")
	fs.IntVar(&cfg.Technicians, "technicians", cfg.Technicians, s.Technicians)
	DayVar(fs, &cfg.From, "from", "first `day` of the data")
	fs.IntVar(&cfg.Days, "days", cfg.Days, "number of days")
	fs.StringVar(&cfg.Policy, "policy", cfg.Policy, "the policy whose facts and sampling rules the data follows")
	out := fs.String("o", s.Dir+"/data.jsonl", "the events file to write")
	org := fs.String("org", s.Dir+"/org.csv", "the org chart file to write (empty: none)")
	if err := Parse(fs, args); err != nil {
		return err
	}
	err := WriteEvents(logw, *out, func(w io.Writer) (string, error) {
		st, err := s.Generate(cfg, w)
		return st.String(), err
	})
	if err != nil || *org == "" {
		return err
	}
	return WriteFile(*org, branch.NewOrg(cfg.OrgConfig()).WriteRoster)
}
