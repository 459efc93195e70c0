package branch

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"time"
)

// Demand is one kind of work order and how often it arises: a mean number
// per on-duty technician per day, shaped by the hour of day and by
// weekends and holidays.
type Demand struct {
	// Kind is the order type written in the data ("install", "repair").
	Kind string
	// PerTechDay is the mean number of orders of this kind per on-duty
	// technician per ordinary weekday.
	PerTechDay float64
	// Hours weighs the hour of day (0 to 23) at which orders are created;
	// all zero means uniform. See OfficeHours and FaultHours.
	Hours [24]float64
	// Weekend and Holiday scale PerTechDay on Saturdays and Sundays and on
	// public holidays (0 means 1: no change).
	Weekend, Holiday float64
}

// OfficeHours is an hour profile for booked work (installations, moves):
// 08:00 to 18:00, busiest mid-morning.
var OfficeHours = [24]float64{8: 6, 9: 10, 10: 10, 11: 8, 12: 3, 13: 5, 14: 8, 15: 8, 16: 6, 17: 4}

// FaultHours is an hour profile for fault reports (repairs, complaints):
// round the clock, with a morning peak when people find the fault and an
// evening peak when they come home and want to watch or go online.
var FaultHours = [24]float64{0: 1, 1: 0.5, 2: 0.3, 3: 0.2, 4: 0.2, 5: 0.4, 6: 1, 7: 3, 8: 6, 9: 8, 10: 8, 11: 6,
	12: 4, 13: 4, 14: 5, 15: 5, 16: 5, 17: 5, 18: 6, 19: 8, 20: 8, 21: 6, 22: 3, 23: 2}

// Order is one generated work order: its id, kind, creation instant and the
// technician it goes to. Scenario generators turn it into events.
type Order struct {
	// Seq numbers the orders of one Orders call from 0, in creation order.
	Seq int64
	// ID is Prefix-YYYYMMDD-NNNN, numbered per day ("BB-20250701-0001").
	ID   string
	Kind string
	// Created is the instant the order was created, in Zone.
	Created time.Time
	// Tech is the technician the order is dispatched to; Station and
	// County are the technician's.
	Tech *Technician
	seed uint64
}

// Rand returns the order's own random source: the same for the same seed
// and Seq whatever else was generated, so that a scenario's per-order
// choices do not shift when another order changes.
func (o Order) Rand() *rand.Rand {
	return rand.New(rand.NewPCG(o.seed, uint64(o.Seq)|1<<62))
}

// Plan says which orders to generate.
type Plan struct {
	// Seed drives arrivals and the orders' own sources (Order.Rand).
	Seed uint64
	// Prefix starts every order id ("BB").
	Prefix string
	// From and To bound the creation instants: from the day of From up to,
	// not including, the day of To.
	From, To time.Time
	// Demands are the kinds of order.
	Demands []Demand
}

// Orders generates the plan's orders over the org chart, in creation
// order, one day at a time (memory holds one day's orders). For each day and
// each on-duty technician, the number of orders of each kind is Poisson
// with mean PerTechDay (scaled on weekends and holidays), created at an hour
// drawn from the demand's profile.
func (o *Org) Orders(p Plan) iter.Seq[Order] {
	return func(yield func(Order) bool) {
		var seq int64
		for di, day := range Days(p.From, p.To) {
			r := rand.New(rand.NewPCG(p.Seed, uint64(di)|1<<61))
			_, isHoliday := Holiday(day)
			weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
			var today []Order
			for _, t := range o.Technicians {
				if !t.OnDuty(day) {
					continue
				}
				for _, d := range p.Demands {
					mean := d.PerTechDay
					if weekend && d.Weekend != 0 {
						mean *= d.Weekend
					}
					if isHoliday && d.Holiday != 0 {
						mean *= d.Holiday
					}
					for range Poisson(r, mean) {
						h := Pick(r, d.Hours[:])
						at := day.Add(time.Duration(h)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
						today = append(today, Order{Kind: d.Kind, Created: at, Tech: t})
					}
				}
			}
			slices.SortStableFunc(today, func(a, b Order) int { return a.Created.Compare(b.Created) })
			stamp := day.Format("20060102")
			for i := range today {
				ord := today[i]
				ord.Seq = seq
				ord.seed = p.Seed
				ord.ID = fmt.Sprintf("%s-%s-%04d", p.Prefix, stamp, i+1)
				seq++
				if !yield(ord) {
					return
				}
			}
		}
	}
}
