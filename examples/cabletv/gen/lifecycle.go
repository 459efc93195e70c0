package main

import (
	"io"
	"math/rand/v2"
	"time"

	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/examples/internal/gencmd"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/survey"
)

// tvHours is when cable TV faults are reported: mostly in the evening, when
// people sit down to watch.
var tvHours = [24]float64{0: 0.3, 1: 0.1, 2: 0.1, 3: 0.1, 4: 0.1, 5: 0.1, 6: 0.3, 7: 1, 8: 3, 9: 5, 10: 6, 11: 5,
	12: 4, 13: 4, 14: 4, 15: 4, 16: 4, 17: 5, 18: 7, 19: 9, 20: 9, 21: 7, 22: 3, 23: 1}

var demands = []branch.Demand{
	{Kind: "repair", PerTechDay: 1.3, Hours: tvHours, Weekend: 1.2},
	{Kind: "smart_tv_activation", PerTechDay: 0.35, Hours: branch.OfficeHours, Weekend: 1.3},
}

// Generate writes the scenario's events to w.
func Generate(cfg gencmd.Config, w io.Writer) (gencmd.Stats, error) {
	pol, err := branch.LoadSamplingPolicy(cfg.Policy)
	if err != nil {
		return gencmd.Stats{}, err
	}
	org := branch.NewOrg(cfg.OrgConfig())
	ew := branch.NewWriter(w, pol.Schema)
	plan := cfg.Plan("TV", demands)
	ew.SetCutoff(plan.To) // the export is taken at midnight after the last day
	samplers := branch.NewSamplers(pol.Sampling)
	var st gencmd.Stats
	for o := range org.Orders(plan) {
		if err := ew.Flush(o.Created); err != nil {
			return st, err
		}
		events, err := lifecycle(o, samplers.For(o.Created))
		if err != nil {
			return st, err
		}
		if err := ew.Add(events.Events()...); err != nil {
			return st, err
		}
		st.Orders++
	}
	if err := ew.Close(); err != nil {
		return st, err
	}
	st.Events = ew.Count()
	st.Org = org.Size()
	return st, nil
}

// lifecycle draws one order's events: the report (or the booking), the
// call centre sending it to the on-duty technician, the technician's call
// to the customer, the appointment, the visit, the fix, a sale or a
// complaint, the callback when the sampling rules select the order, and
// the closing.
func lifecycle(bo branch.Order, sampler *survey.Sampler) (*branch.Timeline, error) {
	r := bo.Rand()
	t := bo.Tech
	tr := t.Traits
	repair := bo.Kind == "repair"
	happy := tr.TopBox

	facts := quality.Facts{
		"order_type":         bo.Kind,
		"technician":         t.ID,
		"station":            t.Station.ID,
		"county":             t.County.Name,
		"customer_postponed": false,
		"do_not_call":        branch.Chance(r, 0.015),
		"sale":               false,
		"attitude_complaint": false,
	}
	d, err := sampler.Decide(bo.ID, facts)
	if err != nil {
		return nil, err
	}
	tl := branch.NewTimeline(bo.ID, bo.Created)
	if repair {
		tl.Emit("reported", facts)
		// The call centre sends the fault within 3 minutes, mostly.
		tl.After(branch.LogNormal(r, 70*time.Second, 0.55)).Emit("sent_to_technician", nil)
	} else {
		tl.Emit("booked", facts)
		tl.After(branch.LogNormal(r, 3*time.Minute, 0.5)).Emit("sent_to_technician", nil)
	}

	// The technician's call: within 20 minutes in the day; a fault sent
	// late at night is called back at 08:00.
	at := tl.At()
	switch {
	case at.Hour() >= 22 || at.Hour() < 7:
		next := branch.DayOf(at).Add(8 * time.Hour)
		if at.Hour() >= 22 {
			next = next.AddDate(0, 0, 1)
		}
		tl.To(next.Add(branch.LogNormal(r, 10*time.Minute, 0.5)))
	case branch.Chance(r, tr.LateContact):
		tl.After(branch.Uniform(r, 21*time.Minute, 2*time.Hour))
		happy *= 0.85
	default:
		tl.After(branch.LogNormal(r, tr.ContactMedian, 0.45))
	}
	tl.Emit("customer_called", nil)

	// A fault solved on the phone (re-scan the channels, reseat the card).
	if repair && branch.Chance(r, 0.04) {
		tl.After(branch.Uniform(r, 5*time.Minute, 30*time.Minute)).Emit("cancelled", nil)
		return tl, nil
	}

	tl.After(branch.Uniform(r, time.Minute, 3*time.Minute))
	start := visitSlot(r, tl.At(), repair)
	tl.Emit("appointment_agreed", nil)
	if repair && branch.Chance(r, 0.05) {
		tl.After(branch.Uniform(r, time.Minute, 5*time.Minute)).Emit("postponed", quality.Facts{"customer_postponed": true})
		day := branch.DayOf(tl.At()).AddDate(0, 0, 1+r.IntN(3))
		tl.To(day.Add(8*time.Hour+30*time.Minute)).Emit("resumed", quality.Facts{"customer_postponed": false})
		start = day.Add(time.Duration(9+2*r.IntN(5)) * time.Hour)
	}
	if branch.Chance(r, tr.Punctual) {
		tl.To(start.Add(branch.Uniform(r, -10*time.Minute, 90*time.Minute)))
	} else {
		tl.To(start.Add(2*time.Hour + branch.LogNormal(r, 25*time.Minute, 0.6)))
		happy *= 0.6
	}
	tl.Emit("arrived", nil)

	if repair {
		first := branch.Chance(r, tr.FirstFix)
		if !first {
			// A part to fetch, a cable fault outside: back the next day.
			next := branch.DayOf(tl.At()).AddDate(0, 0, 1)
			tl.To(next.Add(9*time.Hour + branch.Uniform(r, 0, 8*time.Hour)))
			happy *= 0.8
		}
		diag := branch.Chance(r, 0.6+0.4*float64(tr.Knowledge)/100)
		tl.After(branch.LogNormal(r, 40*time.Minute, 0.5)).Emit("fixed", quality.Facts{"first_visit_fix": first, "diagnosis_confirmed": diag})
	} else {
		tl.After(branch.LogNormal(r, 50*time.Minute, 0.35)).Emit("activated", nil)
	}
	// A sale on the visit: an upgraded package, a second box.
	if branch.Chance(r, tr.Sales/1.6) {
		tl.After(branch.Uniform(r, time.Minute, 10*time.Minute)).Emit("sale", quality.Facts{"sale": true})
	}
	if branch.Chance(r, tr.Rude*3) {
		tl.After(branch.Uniform(r, time.Hour, 6*time.Hour)).Emit("complaint", quality.Facts{"attitude_complaint": true})
		happy *= 0.1
	}

	// The callback, the next day between 10:00 and 20:00; nine in ten answer.
	if d.Outcome == survey.Selected {
		tl.To(branch.DayOf(tl.At()).AddDate(0, 0, 1).Add(10*time.Hour + branch.Uniform(r, 0, 10*time.Hour)))
		if branch.Chance(r, 0.9) {
			tl.Emit("callback", quality.Facts{"rating": branch.Rating(r, happy)})
		} else {
			tl.Emit("callback_unanswered", nil)
		}
		tl.After(branch.Uniform(r, time.Minute, 10*time.Minute))
	} else {
		tl.After(branch.Uniform(r, 10*time.Minute, 2*time.Hour))
	}
	tl.Emit("closed", nil)
	return tl, nil
}

// visitSlot returns the start of the two-hour visit window agreed at at: a
// repair the first slot at least an hour ahead today (till 19:00), else
// tomorrow morning; an activation one to three days ahead.
func visitSlot(r *rand.Rand, at time.Time, repair bool) time.Time {
	day := branch.DayOf(at)
	slots := []int{9, 11, 14, 16, 19}
	if !repair {
		return day.AddDate(0, 0, 1+r.IntN(3)).Add(time.Duration(slots[r.IntN(len(slots))]) * time.Hour)
	}
	for _, h := range slots {
		s := day.Add(time.Duration(h) * time.Hour)
		if s.Sub(at) >= time.Hour && branch.Chance(r, 0.75) {
			return s
		}
	}
	return day.AddDate(0, 0, 1).Add(time.Duration(slots[r.IntN(2)]) * time.Hour)
}
