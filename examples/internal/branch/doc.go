// Package branch generates the realistic, deterministic data of servq's
// worked scenarios: the org chart of a telecom branch and a month (or more)
// of its work orders, written as work-order events (package workorder).
//
// It is shared by the scenario generators under examples/ (broadband,
// cabletv, complaints, appliance). It draws random numbers from
// math/rand/v2 PCG sources with fixed seeds: the same seeds and sizes give
// byte-identical files on every machine and Go version that keeps PCG's
// algorithm (it is specified).
//
// # The model
//
// A branch (分公司, "Nanchang") has counties (县区: Donghu, Xihu, ...), each
// with two or three maintenance stations (维护站: DH1, DH2, ...) and a county
// manager; each station has a head and five to eight technicians (T001 ...
// T100 for the default hundred). The county manager and the station head
// are the linked managers that penalties are also charged to (联挂考核).
//
// Each technician works seven-day rotas with two rest days a week
// (Technician.OnDuty) and has Traits drawn once: 15% "star", 75%
// "steady", 10% "struggling". Traits are probabilities and medians — the
// chance of a top mark, of arriving on time, the median time to call the
// customer, the test score — that a scenario reads when it decides what
// happens to an order. That is what makes one technician's points and money
// differ from another's in a report.
//
// Work arises per Demand: a mean number of orders of a kind per on-duty
// technician per day (Poisson), at an hour drawn from a profile
// (OfficeHours for booked installations, FaultHours for fault reports),
// scaled on weekends and public holidays (the 2025 State Council
// arrangement, as sla.ChinaHolidays2025 ships it; IsWorkingDay knows the
// make-up working days). Org.Orders yields the orders in creation order,
// one day in memory at a time, so volumes can grow to millions.
//
// # Using it in a scenario generator
//
// A scenario decides the lifecycle: which events an order gets and when.
// It builds each order's events with a Timeline and the order's own random
// source (Order.Rand, which does not shift when other orders change), and
// hands them to a Writer, which interleaves all orders' events in time order
// while holding only the events of orders still open:
//
//	org := branch.NewOrg(branch.Config{Seed: 1, Technicians: 100})
//	w := branch.NewWriter(out, schema) // schema: the policy's facts
//	plan := branch.Plan{Seed: 2, Prefix: "BB",
//		From: branch.Date(2025, 6, 16), To: branch.Date(2025, 7, 16),
//		Demands: []branch.Demand{
//			{Kind: "install", PerTechDay: 1.2, Hours: branch.OfficeHours},
//			{Kind: "repair", PerTechDay: 0.9, Hours: branch.FaultHours, Weekend: 1.2},
//		}}
//	for o := range org.Orders(plan) {
//		if err := w.Flush(o.Created); err != nil { ... } // everything before o is final
//		r := o.Rand()
//		tl := branch.NewTimeline(o.ID, o.Created)
//		tl.Emit("created", quality.Facts{"order_type": o.Kind, "technician": o.Tech.ID,
//			"station": o.Tech.Station.ID, "county": o.Tech.County.Name})
//		tl.After(branch.LogNormal(r, o.Tech.Traits.ContactMedian, 0.6)).Emit("customer_contacted", nil)
//		...
//		if err := w.Add(tl.Events()...); err != nil { ... }
//	}
//	err := w.Close()
//
// Org.WriteRoster writes the chart as CSV (names for the ids in a report).
// The helpers Poisson, Pick, Chance, LogNormal and Uniform draw the usual
// shapes: counts, categories, yes/no, right-skewed and flat durations.
//
// # Determinism
//
// Three kinds of source, all PCG with the caller's seeds: the org chart's
// (Config.Seed), one per day for arrivals (Plan.Seed and the day's index),
// and one per order (Plan.Seed and Order.Seq). Nothing reads the clock or
// iterates a map. Tests check that two runs give identical values and that
// the Writer's output is in time order.
package branch
