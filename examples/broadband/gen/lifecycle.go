package main

import (
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/examples/internal/gencmd"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/survey"
)

// The demand per on-duty technician per day: installations booked in office
// hours, moves, and repairs reported round the clock with morning and
// evening peaks; a little more of everything at weekends, when customers
// are at home.
var demands = []branch.Demand{
	{Kind: "install", PerTechDay: 0.7, Hours: branch.OfficeHours, Weekend: 1.1},
	{Kind: "move", PerTechDay: 0.12, Hours: branch.OfficeHours, Weekend: 1.1},
	{Kind: "repair", PerTechDay: 0.95, Hours: branch.FaultHours, Weekend: 1.15},
}

// Generate writes the scenario's events to w.
func Generate(cfg gencmd.Config, w io.Writer) (gencmd.Stats, error) {
	pol, err := branch.LoadSamplingPolicy(cfg.Policy)
	if err != nil {
		return gencmd.Stats{}, err
	}
	org := branch.NewOrg(cfg.OrgConfig())
	g := &generator{
		w:        branch.NewWriter(w, pol.Schema),
		samplers: branch.NewSamplers(pol.Sampling),
		byDay:    map[string][]*order{},
	}
	plan := cfg.Plan("BB", demands)
	// The export is taken at midnight after the last day: the orders of the
	// last days are still open in it.
	g.w.SetCutoff(plan.To)
	var st gencmd.Stats
	var day string
	for o := range org.Orders(plan) {
		if d := o.Created.Format(time.DateOnly); d != day {
			// Every order finished before this day is known: call back,
			// top up and write them.
			if err := g.settleBefore(d); err != nil {
				return st, err
			}
			day = d
		}
		if err := g.add(o); err != nil {
			return st, err
		}
		st.Orders++
	}
	if err := g.settleBefore("9999-12-31"); err != nil {
		return st, err
	}
	if err := g.w.Close(); err != nil {
		return st, err
	}
	st.Events = g.w.Count()
	st.Org = org.Size()
	return st, nil
}

// order is an order whose work is generated but whose callback is not yet
// decided: that waits until its technician's day is over.
type order struct {
	o         branch.Order
	r         *rand.Rand
	tl        *branch.Timeline
	facts     quality.Facts // as created, for the sampler
	done      time.Time     // work completed (or cancelled)
	cancelled bool
	happy     float64 // chance of a 10 given how it went
	selected  bool
	excluded  bool
	written   int // events already given to the writer
}

type generator struct {
	w        *branch.Writer
	samplers *branch.Samplers
	// byDay holds generated orders by the day their work was done.
	byDay map[string][]*order
}

// add generates an order's work: creation, dispatch, the call to the
// customer, the appointment, the visit, the fix (or a cancellation).
func (g *generator) add(bo branch.Order) error {
	r := bo.Rand()
	t := bo.Tech
	tr := t.Traits
	o := &order{o: bo, r: r, happy: tr.TopBox}
	repair := bo.Kind == "repair"

	priority := 1
	if repair && branch.Chance(r, 0.12) {
		priority = 2
	}
	lastCallback := 999 // never called back
	if bo.Kind != "install" {
		lastCallback = 30 + r.IntN(700)
		if branch.Chance(r, 0.07) {
			lastCallback = 1 + r.IntN(29)
		}
	}
	smartTV := (bo.Kind == "install" && branch.Chance(r, 0.3)) || (bo.Kind == "move" && branch.Chance(r, 0.1))
	o.facts = quality.Facts{
		"order_type":               bo.Kind,
		"technician":               t.ID,
		"station":                  t.Station.ID,
		"county":                   t.County.Name,
		"priority":                 priority,
		"customer_postponed":       false,
		"test_order":               branch.Chance(r, 0.004),
		"do_not_call":              branch.Chance(r, 0.015),
		"smart_tv":                 smartTV,
		"days_since_last_callback": lastCallback,
	}
	tl := branch.NewTimeline(bo.ID, bo.Created)
	o.tl = tl
	tl.Emit("created", o.facts)

	// Dispatch: at once in the day; a fault reported at night goes to the
	// technician who starts at 08:00.
	at := tl.At()
	if h := at.Hour(); h >= 21 || h < 8 {
		next := time.Date(at.Year(), at.Month(), at.Day(), 8, 0, 0, 0, branch.Zone)
		if h >= 21 {
			next = next.AddDate(0, 0, 1)
		}
		tl.To(next).After(branch.LogNormal(r, 8*time.Minute, 0.6))
	} else {
		tl.After(branch.LogNormal(r, 2*time.Minute, 0.7))
	}
	tl.Emit("dispatched", nil)

	// The call to the customer: within 20 minutes, unless forgotten.
	if branch.Chance(r, tr.LateContact) {
		tl.After(branch.Uniform(r, 21*time.Minute, 2*time.Hour))
		o.happy *= 0.85
	} else {
		tl.After(branch.LogNormal(r, tr.ContactMedian, 0.45))
	}
	tl.Emit("customer_contacted", nil)

	// Cancelled: an installation the customer changes their mind about, a
	// fault that cleared itself.
	if (repair && branch.Chance(r, 0.03)) || (!repair && branch.Chance(r, 0.02)) {
		tl.After(branch.Uniform(r, 5*time.Minute, 6*time.Hour)).Emit("cancelled", nil)
		o.cancelled = true
		o.done = tl.At()
		return g.hold(o)
	}

	// A repair the customer asks to postpone: the repair clock pauses until
	// the agreed day.
	if repair && branch.Chance(r, 0.06) {
		tl.After(branch.Uniform(r, time.Minute, 3*time.Minute)).Emit("postponed", quality.Facts{"customer_postponed": true})
		day := branch.DayOf(tl.At()).AddDate(0, 0, 1+r.IntN(3))
		tl.To(day.Add(8*time.Hour+30*time.Minute)).Emit("resumed", quality.Facts{"customer_postponed": false})
	}

	// The appointment: a two-hour window.
	tl.After(branch.Uniform(r, time.Minute, 4*time.Minute))
	start := window(r, tl.At(), bo.Kind, priority)
	end := start.Add(2 * time.Hour)
	tl.Emit("appointment_agreed", quality.Facts{"appointment_end": end})

	// The visit: inside the window with the technician's punctuality.
	var arrive time.Time
	if branch.Chance(r, tr.Punctual) {
		arrive = start.Add(branch.Uniform(r, -10*time.Minute, 100*time.Minute))
	} else {
		arrive = end.Add(branch.LogNormal(r, 25*time.Minute, 0.6))
		o.happy *= 0.55 // punctuality is the most named reason for a low mark
	}
	tl.To(arrive).Emit("arrived", nil)

	switch bo.Kind {
	case "install":
		tl.After(branch.LogNormal(r, 75*time.Minute, 0.35)).Emit("completed", nil)
	case "move":
		tl.After(branch.LogNormal(r, 60*time.Minute, 0.35)).Emit("completed", nil)
	default:
		if !branch.Chance(r, tr.FirstFix) {
			// Parts or a line fault: back the next working hours, or the
			// day after.
			next := branch.DayOf(tl.At()).AddDate(0, 0, 1+branch.Pick(r, []float64{7, 3}))
			tl.To(next.Add(9*time.Hour + branch.Uniform(r, 0, 8*time.Hour)))
			o.happy *= 0.8
		}
		tl.After(branch.LogNormal(r, 45*time.Minute, 0.5)).Emit("fixed", nil)
	}
	o.done = tl.At()
	return g.hold(o)
}

// window returns the start of the appointment window agreed at instant at.
func window(r *rand.Rand, at time.Time, kind string, priority int) time.Time {
	day := branch.DayOf(at)
	slots := []int{9, 11, 14, 16, 19}
	switch {
	case kind != "repair":
		// Installations and moves: one to three days ahead.
		d := day.AddDate(0, 0, 1+r.IntN(3))
		return d.Add(time.Duration(slots[branch.Pick(r, []float64{3, 2, 3, 2, 1})]) * time.Hour)
	case priority >= 2:
		// Urgent: the next half hour after half an hour's travel.
		return at.Add(30 * time.Minute).Truncate(30 * time.Minute).Add(30 * time.Minute)
	}
	// Normal repairs: the first free slot at least an hour ahead today,
	// else tomorrow morning.
	for _, h := range slots {
		s := day.Add(time.Duration(h) * time.Hour)
		if s.Sub(at) >= time.Hour && branch.Chance(r, 0.7) {
			return s
		}
	}
	return day.AddDate(0, 0, 1).Add(time.Duration(slots[r.IntN(2)]) * time.Hour)
}

// hold decides the order's sampling and keeps it until its day is settled.
func (g *generator) hold(o *order) error {
	d, err := g.samplers.For(o.o.Created).Decide(o.o.ID, o.facts)
	if err != nil {
		return err
	}
	o.selected = d.Outcome == survey.Selected
	o.excluded = d.Outcome == survey.Excluded
	// The work is written now; the callback and the closing wait until
	// the day is over.
	o.written = len(o.tl.Events())
	if err := g.w.Add(o.tl.Events()...); err != nil {
		return err
	}
	day := o.done.Format(time.DateOnly)
	g.byDay[day] = append(g.byDay[day], o)
	return nil
}

// settleBefore calls back the customers of every day before the given one,
// closes the orders and writes them.
func (g *generator) settleBefore(day string) error {
	var days []string
	for d := range g.byDay {
		if d < day {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	for _, d := range days {
		orders := g.byDay[d]
		delete(g.byDay, d)
		slices.SortFunc(orders, func(a, b *order) int { return int(a.o.Seq - b.o.Seq) })
		g.callBack(orders)
		for _, o := range orders {
			if err := g.w.Add(o.tl.Events()[o.written:]...); err != nil {
				return err
			}
		}
	}
	if day == "9999-12-31" {
		return nil // the end: Close writes the rest
	}
	// Every order still held finished its work on this day or later, and
	// every order to come is created on it or later: everything before the
	// day's start is final.
	start, err := time.ParseInLocation(time.DateOnly, day, branch.Zone)
	if err != nil {
		return err
	}
	return g.w.Flush(start.Add(-time.Nanosecond))
}

// callBack calls the customers of one day's finished work: those the
// sampling policy selected, and, when a technician's day would otherwise
// have no rated customer, one more of their customers (the top-up the
// daily quota asks for). Then every order is closed.
func (g *generator) callBack(orders []*order) {
	rated := map[string]bool{}
	called := map[*order]bool{}
	for _, o := range orders {
		if o.selected && !o.cancelled {
			called[o] = true
			if g.call(o) {
				rated[o.o.Tech.ID] = true
			}
		}
	}
	for _, o := range orders {
		id := o.o.Tech.ID
		if rated[id] || called[o] || o.cancelled || o.excluded {
			continue
		}
		// A technician who knows the quota asks a customer to take the
		// call: most do, some forget.
		if !branch.Chance(o.r, 0.9) {
			continue
		}
		called[o] = true
		if g.call(o) {
			rated[id] = true
		}
	}
	for _, o := range orders {
		if o.cancelled {
			continue
		}
		if !called[o] {
			o.tl.After(branch.Uniform(o.r, 10*time.Minute, 2*time.Hour))
		}
		o.tl.Emit("closed", nil)
	}
}

// call makes the callback: the same day if there is time before 20:30,
// else the next morning; 88% answer. It reports whether the customer rated.
func (g *generator) call(o *order) bool {
	r, tl := o.r, o.tl
	at := tl.At().Add(branch.Uniform(r, 30*time.Minute, 4*time.Hour))
	if at.Hour() >= 20 && at.Minute() >= 30 || at.Hour() >= 21 || at.Hour() < 9 {
		next := branch.DayOf(tl.At())
		if tl.At().Hour() >= 9 {
			next = next.AddDate(0, 0, 1)
		}
		at = next.Add(9*time.Hour + branch.Uniform(r, 0, 3*time.Hour))
	}
	tl.To(at)
	if !branch.Chance(r, 0.88) {
		tl.Emit("callback_unanswered", nil)
		tl.After(branch.Uniform(r, time.Minute, 10*time.Minute))
		return false
	}
	tl.Emit("callback", quality.Facts{"rating": branch.Rating(r, o.happy)})
	tl.After(branch.Uniform(r, time.Minute, 10*time.Minute))
	return true
}
