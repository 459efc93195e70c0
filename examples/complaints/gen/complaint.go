package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/examples/internal/gencmd"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/workorder"
)

// config says what to generate.
type config struct {
	gencmd.Base
	Rate float64 // complaints per on-duty technician per day
}

func defaultConfig() config {
	return config{
		Base: gencmd.Base{
			Seed:        9,
			OrgSeed:     1,
			Technicians: 100,
			From:        branch.Date(2025, time.September, 15),
			To:          branch.Date(2025, time.October, 15),
		},
		Rate: 0.15,
	}
}

func (c config) validate() error {
	if err := c.Base.Validate(); err != nil {
		return err
	}
	if c.Rate <= 0 || c.Rate > 10 {
		return errors.New("-rate must be above 0 and at most 10")
	}
	return nil
}

// schema is the policy's facts (policy.yaml); a test keeps the two equal.
var schema = quality.MustSchema(
	quality.Field{Name: "county", Kind: quality.KindString},
	quality.Field{Name: "department", Kind: quality.KindString},
	quality.Field{Name: "staff", Kind: quality.KindString},
	quality.Field{Name: "channel", Kind: quality.KindString},
	quality.Field{Name: "area", Kind: quality.KindString},
	quality.Field{Name: "provincial", Kind: quality.KindBool},
	quality.Field{Name: "invalid", Kind: quality.KindBool},
	quality.Field{Name: "cause", Kind: quality.KindString},
	quality.Field{Name: "major", Kind: quality.KindBool},
	quality.Field{Name: "common", Kind: quality.KindBool},
	quality.Field{Name: "penalised", Kind: quality.KindBool},
	quality.Field{Name: "do_not_call", Kind: quality.KindBool},
	quality.Field{Name: "resolved", Kind: quality.KindBool},
	quality.Field{Name: "rating", Kind: quality.KindString},
)

// stats counts what was generated.
type stats struct {
	Complaints, Events int64
}

// generate writes the complaints of c as JSONL events, in time order.
func generate(c config, w io.Writer) (stats, error) {
	org := c.Org()
	speed := countySpeeds(c, org)
	bw := branch.NewWriter(w, schema)
	plan := branch.Plan{Seed: c.Seed, Prefix: "C", From: c.From, To: c.To,
		Demands: []branch.Demand{{Kind: "complaint", PerTechDay: c.Rate, Hours: branch.FaultHours, Holiday: 1.3}}}
	var st stats
	for o := range org.Orders(plan) {
		if err := bw.Flush(o.Created); err != nil {
			return st, err
		}
		evs, err := complaint(o, speed[o.Tech.County.Name])
		if err != nil {
			return st, err
		}
		if err := bw.Add(evs...); err != nil {
			return st, err
		}
		st.Complaints++
	}
	if err := bw.Close(); err != nil {
		return st, err
	}
	st.Events = bw.Count()
	return st, nil
}

// countySpeeds draws how slowly each county's departments work: a factor on
// the median time to answer, about 0.7 (brisk) to 1.6 (slow).
func countySpeeds(c config, org *branch.Org) map[string]float64 {
	r := rand.New(rand.NewPCG(c.Seed, 0x636f756e7479)) // "county"
	out := make(map[string]float64, len(org.Counties))
	for _, cty := range org.Counties {
		out[cty.Name] = 0.7 + 0.9*r.Float64()
	}
	return out
}

// step is one event of a complaint before the events are put in time order.
type step struct {
	at    time.Time
	name  string
	facts quality.Facts
}

// complaint decides one complaint's life: who it is about, how fast each
// step goes, what the responsibility decision finds and what the customer
// says at the callback.
func complaint(o branch.Order, speed float64) ([]workorder.Event, error) {
	r := o.Rand()
	t := o.Tech
	county := t.County.Name
	code := strings.TrimRight(t.Station.ID, "0123456789")

	channel := []string{"hotline", "gm_line", "regulator", "media"}[branch.Pick(r, []float64{95, 3, 1.5, 0.5})]
	escalated := channel != "hotline"
	// Service quality = product + channel + support quality [004]: a fault
	// in the network (product), the business hall (channel), the field work
	// of installation and repair (support), or billing at the province.
	area := []string{"support", "product", "channel", "billing"}[branch.Pick(r, []float64{45, 30, 15, 10})]
	department, staff, provincial := "", "", false
	switch area {
	case "support":
		department, staff = t.Station.ID, t.ID
	case "product":
		department = county + " network"
	case "channel":
		department = county + " hall"
		staff = fmt.Sprintf("%s-H%02d", code, 1+r.IntN(6))
	case "billing":
		department, provincial = "Provincial billing", true
		area = "support"
	}

	var steps []step
	add := func(at time.Time, name string, facts quality.Facts) { steps = append(steps, step{at, name, facts}) }
	at := o.Created
	add(at, "hung_up", quality.Facts{
		"county": county, "channel": channel, "area": area, "provincial": provincial,
		"invalid": false, "cause": "", "major": false, "common": false, "penalised": false, "staff": "",
		"do_not_call": branch.Chance(r, 0.03), "resolved": false,
	})
	// The front desk submits within 5 minutes, nearly always.
	at = at.Add(branch.LogNormal(r, 2*time.Minute, 0.45))
	add(at, "submit", nil)
	submitted := at

	if !escalated && branch.Chance(r, 0.04) {
		// An invalid complaint (a misunderstanding, a duplicate call) is
		// answered at once and closed.
		at = at.Add(branch.LogNormal(r, 15*time.Minute, 0.5))
		add(at, "close", quality.Facts{"invalid": true})
		return timeline(o, steps), nil
	}
	// The back office's batch: usually the next slot, sometimes the one after.
	slot := nextSlot(submitted)
	if branch.Chance(r, 0.02) {
		slot = nextSlot(slot)
	}
	add(slot, "classified", nil)

	at = at.Add(branch.LogNormal(r, 10*time.Minute, 0.5))
	add(at, "dispatch", nil)
	if branch.Chance(r, 0.04) {
		// The county sends it back: not ours. The back office re-dispatches.
		at = at.Add(branch.Uniform(r, 40*time.Minute, 3*time.Hour))
		add(at, "wrong_dispatch", nil)
		at = at.Add(branch.LogNormal(r, 10*time.Minute, 0.5))
		add(at, "dispatch", nil)
	}
	dispatched := at
	at = at.Add(branch.LogNormal(r, time.Duration(float64(8*time.Minute)*speed), 0.5))
	add(at, "assign", quality.Facts{"department": department})
	assigned := at

	// Escalated complaints are answered faster: the general manager watches.
	median := time.Duration(float64(4*time.Hour) * speed)
	if provincial {
		median = 10 * time.Hour
	}
	if escalated {
		median /= 2
	}
	at = daytime(r, at.Add(branch.LogNormal(r, median, 0.5)))
	add(at, "answer", nil)
	answeredLate := at.Sub(assigned) > 20*time.Hour
	at = daytime(r, at.Add(branch.LogNormal(r, time.Hour, 0.6)))
	add(at, "return", nil)
	returnedLate := at.Sub(dispatched) > 24*time.Hour

	// The responsibility decision.
	cause := "other"
	switch area {
	case "support":
		pHuman := 0.12 + 35*t.Traits.Rude
		if provincial {
			pHuman = 0 // billing: nobody in the field to blame
		}
		cause = []string{"human", "equipment", "customer", "other"}[branch.Pick(r, []float64{pHuman, 0.45, 0.25, 0.18})]
	case "product":
		cause = []string{"equipment", "customer", "other"}[branch.Pick(r, []float64{70, 10, 20})]
	case "channel":
		cause = []string{"human", "customer", "other"}[branch.Pick(r, []float64{35, 35, 30})]
	}
	if cause == "human" && staff == "" {
		cause = "other"
	}
	if cause != "human" {
		staff = ""
	}
	major, common := branch.Chance(r, 0.015), branch.Chance(r, 0.04)
	at = daytime(r, at.Add(branch.LogNormal(r, 3*time.Hour, 0.5)))
	add(at, "decide", quality.Facts{"cause": cause, "major": major, "common": common, "staff": staff})
	if cause == "human" || major || common {
		at = daytime(r, at.Add(branch.LogNormal(r, 3*24*time.Hour, 0.4)))
		add(at, "penalty_reported", quality.Facts{"penalised": true})
	}

	// The callback: a rating on the 10-point scale at the first call (only
	// 10 counts as satisfied), and whether the customer accepts the
	// resolution; if not, the complaint reopens and the department answers
	// again.
	doNotCall := steps[0].facts["do_not_call"].(bool)
	pTen := 0.95
	if answeredLate || returnedLate {
		pTen -= 0.2
	}
	if escalated {
		pTen -= 0.1
	}
	if cause == "human" {
		pTen -= 0.1
	}
	at = daytime(r, at.Add(branch.LogNormal(r, 4*time.Hour, 0.6)))
	for call := 1; ; call++ {
		if doNotCall {
			// Not called: closed on the department's answer.
			add(at, "callback", quality.Facts{"resolved": true})
			break
		}
		facts := quality.Facts{}
		rating := 10
		if !branch.Chance(r, pTen) {
			rating = 9 - branch.Pick(r, []float64{40, 25, 12, 8, 5, 4, 3, 2, 1})
		}
		if call == 1 {
			facts["rating"] = fmt.Sprint(rating)
		}
		pResolved := 0.55
		if rating >= 8 {
			pResolved = 0.97
		}
		resolved := call == 3 || branch.Chance(r, pResolved)
		facts["resolved"] = resolved
		add(at, "callback", facts)
		if resolved {
			break
		}
		at = daytime(r, at.Add(branch.LogNormal(r, 6*time.Hour, 0.6)))
		add(at, "answer", nil)
		at = daytime(r, at.Add(branch.LogNormal(r, 2*time.Hour, 0.6)))
		add(at, "return", nil)
		at = daytime(r, at.Add(branch.LogNormal(r, 2*time.Hour, 0.5)))
		add(at, "decide", nil)
		at = daytime(r, at.Add(branch.LogNormal(r, 4*time.Hour, 0.6)))
	}
	// The back office closes a complaint once it has classified it: one
	// handled over a holiday waits for the first batch after it.
	at = at.Add(branch.Uniform(r, time.Minute, 10*time.Minute))
	if at.Before(slot) {
		at = slot.Add(branch.Uniform(r, time.Minute, 30*time.Minute))
	}
	add(at, "close", nil)
	return timeline(o, steps), nil
}

// timeline puts a complaint's steps in time order (the batch slot falls
// anywhere among the others) and gives each event an id.
func timeline(o branch.Order, steps []step) []workorder.Event {
	slices.SortStableFunc(steps, func(a, b step) int { return a.at.Compare(b.at) })
	tl := branch.NewTimeline(o.ID, o.Created)
	for _, s := range steps {
		tl.To(s.at).Emit(s.name, s.facts)
	}
	evs := tl.Events()
	for i := range evs {
		evs[i].ID = fmt.Sprintf("%s/%d", o.ID, i+1)
	}
	return evs
}

// nextSlot is the back office's first batch strictly after t: 10:00 or
// 15:00, Monday to Saturday, except on public holidays.
func nextSlot(t time.Time) time.Time {
	t = t.In(branch.Zone)
	day := branch.Date(t.Year(), t.Month(), t.Day())
	for {
		if _, holiday := branch.Holiday(day); day.Weekday() != time.Sunday && !holiday {
			for _, h := range []int{10, 15} {
				if s := day.Add(time.Duration(h) * time.Hour); s.After(t) {
					return s
				}
			}
		}
		day = branch.Date(day.Year(), day.Month(), day.Day()+1)
	}
}

// daytime moves an instant in the night (21:00 to 08:00) to the next
// morning: departments answer customers in the daytime.
func daytime(r *rand.Rand, t time.Time) time.Time {
	t = t.In(branch.Zone)
	day := branch.Date(t.Year(), t.Month(), t.Day())
	switch h := t.Hour(); {
	case h < 8:
		return day.Add(8*time.Hour + branch.Uniform(r, 0, 90*time.Minute))
	case h >= 21:
		return branch.Date(t.Year(), t.Month(), t.Day()+1).Add(8*time.Hour + branch.Uniform(r, 0, 90*time.Minute))
	}
	return t
}
