package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
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
	Scale float64 // multiplies the demand per technician
}

func defaultConfig() config {
	return config{
		Base: gencmd.Base{
			Seed:        17,
			OrgSeed:     1,
			Technicians: 100,
			From:        branch.Date(2025, time.July, 1),
			To:          branch.Date(2025, time.August, 1),
		},
		Scale: 1,
	}
}

func (c config) validate() error {
	if err := c.Base.Validate(); err != nil {
		return err
	}
	if c.Scale <= 0 || c.Scale > 100 {
		return errors.New("-scale must be above 0 and at most 100")
	}
	return nil
}

// schema is the policy's facts (policy.yaml); a test keeps the two equal.
var schema = quality.MustSchema(
	quality.Field{Name: "provider", Kind: quality.KindString},
	quality.Field{Name: "technician", Kind: quality.KindString},
	quality.Field{Name: "county", Kind: quality.KindString},
	quality.Field{Name: "order_type", Kind: quality.KindString},
	quality.Field{Name: "product", Kind: quality.KindString},
	quality.Field{Name: "smart_tv", Kind: quality.KindBool},
	quality.Field{Name: "do_not_call", Kind: quality.KindBool},
	quality.Field{Name: "overdue", Kind: quality.KindBool},
	quality.Field{Name: "visits", Kind: quality.KindInt},
	quality.Field{Name: "reply", Kind: quality.KindString},
	quality.Field{Name: "first_reply", Kind: quality.KindString},
)

// providers assigns the branch's engineers to service providers (服务商):
// in each county a core provider employs all but one of them, and a small
// provider, newly contracted, the last one. The small providers get half
// the orders of an engineer of a core provider, so their samples are small.
func providers(org *branch.Org) map[string]string {
	out := map[string]string{}
	for _, c := range org.Counties {
		var techs []*branch.Technician
		for _, st := range c.Stations {
			techs = append(techs, st.Technicians...)
		}
		for i, t := range techs {
			if i == len(techs)-1 && len(techs) > 1 {
				out[t.ID] = c.Name + " Express"
			} else {
				out[t.ID] = c.Name + " Service"
			}
		}
	}
	return out
}

// isSmall reports whether a provider is a small one.
func isSmall(provider string) bool { return strings.HasSuffix(provider, " Express") }

// stats counts what was generated.
type stats struct {
	Orders, Events int64
}

// generate writes the after-sales orders of c as JSONL events, in time
// order.
func generate(c config, w io.Writer) (stats, error) {
	org := c.Org()
	prov := providers(org)
	bw := branch.NewWriter(w, schema)
	plan := branch.Plan{Seed: c.Seed, Prefix: "AS", From: c.From, To: c.To,
		Demands: []branch.Demand{
			{Kind: "install", PerTechDay: 0.45 * c.Scale, Hours: branch.OfficeHours, Weekend: 1.3},
			{Kind: "repair", PerTechDay: 0.55 * c.Scale, Hours: branch.FaultHours, Weekend: 1.1},
		}}
	var st stats
	for o := range org.Orders(plan) {
		if err := bw.Flush(o.Created); err != nil {
			return st, err
		}
		p := prov[o.Tech.ID]
		r := o.Rand()
		if isSmall(p) && branch.Chance(r, 0.5) {
			continue // the order went to the core provider's queue elsewhere
		}
		if err := bw.Add(afterSales(o, r, p)...); err != nil {
			return st, err
		}
		st.Orders++
	}
	if err := bw.Close(); err != nil {
		return st, err
	}
	st.Events = bw.Count()
	return st, nil
}

// afterSales decides one order's life: the visits, whether it runs overdue
// and for how long, and what the customer answers to the SMS survey (or to
// the desk's call when the SMS goes unanswered), until the answer is A or B
// or the customer cannot be asked.
func afterSales(o branch.Order, r *rand.Rand, provider string) []workorder.Event {
	t := o.Tech
	var product string
	if o.Kind == "install" {
		product = []string{"tv", "aircon", "washer", "fridge"}[branch.Pick(r, []float64{40, 30, 15, 15})]
	} else {
		// July: air conditioners fail in the heat.
		product = []string{"aircon", "tv", "fridge", "washer"}[branch.Pick(r, []float64{40, 25, 20, 15})]
	}
	smartTV := o.Kind == "install" && product == "tv" && branch.Chance(r, 0.6)
	doNotCall := branch.Chance(r, 0.02)
	tl := branch.NewTimeline(o.ID, o.Created)
	emit := func(name string, facts quality.Facts) { tl.Emit(name, facts) }
	emit("created", quality.Facts{
		"provider": provider, "technician": t.ID, "county": t.County.Name,
		"order_type": o.Kind, "product": product, "smart_tv": smartTV,
		"do_not_call": doNotCall, "overdue": false, "visits": 0,
	})

	// A visit: dispatched, the engineer calls the customer (within 20
	// minutes, unless they forget), goes round.
	lateContact := false
	visit := func() {
		tl.After(branch.LogNormal(r, 3*time.Minute, 0.5))
		emit("dispatched", nil)
		if branch.Chance(r, t.Traits.LateContact) {
			lateContact = true
			tl.After(branch.Uniform(r, 25*time.Minute, 2*time.Hour))
		} else {
			tl.After(branch.LogNormal(r, t.Traits.ContactMedian, 0.5))
		}
		emit("customer_contacted", nil)
		tl.To(workingHours(r, tl.At().Add(branch.LogNormal(r, 5*time.Hour, 0.6))))
	}

	visit()
	visits := 1
	fixFirst := t.Traits.FirstFix
	if o.Kind == "install" {
		fixFirst = 0.97
	}
	overdueFor := time.Duration(0)
	if !branch.Chance(r, fixFirst) {
		// Not solved at the first visit (parts, a second engineer): the
		// order is overdue, a timer is left with the customer, and the
		// hours are counted until it is solved.
		tl.After(branch.Uniform(r, 20*time.Minute, 90*time.Minute))
		emit("overdue", quality.Facts{"overdue": true, "visits": visits})
		start := tl.At()
		wait := branch.LogNormal(r, 22*time.Hour, 0.6)
		if branch.Chance(r, 0.2) {
			wait = branch.LogNormal(r, 150*time.Hour, 0.8) // a part out of stock
		}
		if wait > 300*time.Hour {
			// Unsolved within 300 hours: the product is replaced free.
			wait = 300*time.Hour + branch.Uniform(r, 12*time.Hour, 80*time.Hour)
		}
		tl.To(workingHours(r, start.Add(wait)))
		overdueFor = tl.At().Sub(start)
		visit()
		visits++
	}
	tl.After(branch.LogNormal(r, 50*time.Minute, 0.4))
	emit("completed", quality.Facts{"visits": visits})

	pSat := t.Traits.TopBox
	switch {
	case overdueFor > 48*time.Hour:
		pSat -= 0.3
	case overdueFor > 0:
		pSat -= 0.12
	}
	if lateContact {
		pSat -= 0.05
	}
	first := ""
	for round := 1; ; round++ {
		if doNotCall {
			tl.After(branch.Uniform(r, time.Minute, 20*time.Minute))
			emit("unrated", nil)
			break
		}
		// The SMS survey; unanswered in 24 hours, the desk calls.
		if branch.Chance(r, 0.6) {
			tl.After(branch.LogNormal(r, 90*time.Minute, 1))
		} else {
			tl.To(workingHours(r, tl.At().Add(24*time.Hour+branch.Uniform(r, 0, 3*time.Hour))))
			if !branch.Chance(r, 0.75) {
				emit("unrated", nil)
				break
			}
		}
		answer := "A"
		if round == 3 || branch.Chance(r, pSat) {
			if branch.Chance(r, 0.3) {
				answer = "B"
			}
		} else {
			answer = "C"
			if branch.Chance(r, 0.25) {
				answer = "D"
			}
		}
		facts := quality.Facts{"reply": answer}
		if first == "" {
			first = answer
			facts["first_reply"] = answer
		}
		emit("reply", facts)
		if answer == "A" || answer == "B" {
			break
		}
		// Dissatisfied: the order stays open and service continues.
		tl.To(workingHours(r, tl.At().Add(branch.LogNormal(r, 4*time.Hour, 0.5))))
		visit()
		visits++
		tl.After(branch.LogNormal(r, 40*time.Minute, 0.4))
		emit("completed", quality.Facts{"visits": visits})
		pSat = 0.85
	}
	tl.After(branch.Uniform(r, time.Minute, 30*time.Minute))
	emit("closed", nil)
	evs := tl.Events()
	for i := range evs {
		evs[i].ID = fmt.Sprintf("%s/%d", o.ID, i+1)
	}
	return evs
}

// workingHours moves an instant outside the engineers' day (08:00 to
// 20:00) to the next morning.
func workingHours(r *rand.Rand, t time.Time) time.Time {
	t = t.In(branch.Zone)
	day := branch.Date(t.Year(), t.Month(), t.Day())
	switch h := t.Hour(); {
	case h < 8:
		return day.Add(8*time.Hour + branch.Uniform(r, 0, 2*time.Hour))
	case h >= 20:
		return branch.Date(t.Year(), t.Month(), t.Day()+1).Add(8*time.Hour + branch.Uniform(r, 0, 2*time.Hour))
	}
	return t
}
