package gencmd

import (
	"errors"
	"flag"
	"time"

	"github.com/servq/servq/examples/internal/branch"
)

// Base is the part of a generator's configuration that the generators
// writing a folder (-dir) share: the seeds, the branch's size and the days
// on which orders arrive. A scenario's config embeds it and adds its own
// volume (a scale, a rate).
type Base struct {
	// Seed drives what happens to the orders (each order draws from its
	// own source derived from it).
	Seed uint64
	// OrgSeed drives the org chart; 1 is the branch every scenario shares.
	OrgSeed uint64
	// Technicians is the size of the branch.
	Technicians int
	// Orders arrive from the day of From up to, not including, To.
	From, To time.Time
}

// Flags defines -seed, -org-seed, -technicians, -from and -to on fs, with
// b's values as defaults; seed and technicians say what the seed draws and
// what the technicians are in the scenario's words.
func (b *Base) Flags(fs *flag.FlagSet, seed, technicians string) {
	fs.Uint64Var(&b.Seed, "seed", b.Seed, seed)
	fs.Uint64Var(&b.OrgSeed, "org-seed", b.OrgSeed, "the org chart's seed")
	fs.IntVar(&b.Technicians, "technicians", b.Technicians, technicians)
	DayVar(fs, &b.From, "from", "first `day` of arrivals")
	DayVar(fs, &b.To, "to", "`day` after the last day of arrivals")
}

// Validate reports a branch without technicians or days.
func (b Base) Validate() error {
	switch {
	case b.Technicians < 1:
		return errors.New("-technicians must be at least 1")
	case !b.To.After(b.From):
		return errors.New("-to must be after -from")
	}
	return nil
}

// Org is the branch's org chart.
func (b Base) Org() *branch.Org {
	return branch.NewOrg(branch.Config{Seed: b.OrgSeed, Technicians: b.Technicians})
}
