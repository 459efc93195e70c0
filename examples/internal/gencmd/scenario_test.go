package gencmd_test

import (
	"testing"

	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/examples/internal/gencmd"
)

func TestConfig(t *testing.T) {
	cfg := gencmd.Config{Seed: 2025, Technicians: 100, From: branch.Date(2025, 6, 22), Days: 30}
	plan := cfg.Plan("BB", []branch.Demand{{Kind: "repair", PerTechDay: 1}})
	if plan.Seed != 2025 || plan.Prefix != "BB" || !plan.From.Equal(cfg.From) || !plan.To.Equal(branch.Date(2025, 7, 22)) || len(plan.Demands) != 1 {
		t.Errorf("plan %+v", plan)
	}
	for _, c := range []struct{ technicians, counties int }{{1, 6}, {100, 6}, {101, 12}, {400, 24}} {
		cfg.Technicians = c.technicians
		if got := cfg.OrgConfig(); got != (branch.Config{Seed: 2025, Technicians: c.technicians, Counties: c.counties}) {
			t.Errorf("%d technicians: %+v, want %d counties", c.technicians, got, c.counties)
		}
	}
	st := gencmd.Stats{Orders: 3944, Events: 29583, Org: "6 counties, 16 stations, 100 technicians"}
	if got, want := st.String(), "3944 orders, 29583 events (6 counties, 16 stations, 100 technicians)"; got != want {
		t.Errorf("Stats.String() = %q, want %q", got, want)
	}
}
