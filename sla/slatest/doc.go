// Package slatest helps test code that runs servq's business calendars and
// SLA clocks: go-cmp options for statuses and states, rapid generators of
// calendars and of work-order event streams, a work-order fixture written in a
// few lines, and golden files of clock explanations. It is imported only from
// _test.go files, beside package sla as net/http/httptest is beside
// net/http; library code never imports it. It builds on quality/qualitytest,
// whose package documentation describes the test kits, the stable Diff
// text and the one -update flag.
//
// # Fixtures
//
// An Order is a work order's events in a line each; the facts are carried
// forward from event to event, as the clocks expect:
//
//	o := slatest.NewOrder(t, "WO-1", shanghai, quality.Facts{"status": "new", "priority": "normal"})
//	o.At("2025-09-29 16:00", "dispatched")
//	o.At("+18h", "status_changed", "status", "pending_customer")
//	o.At("2025-10-01 10:00", "status_changed", "status", "in_progress")
//	o.At("2025-10-09 16:00", "resolved")
//	state, err := clocks.Fold(sla.State{}, o.Events()...)
//
// ParseOrder reads the same from text, typing each fact by the schema.
//
// # Comparing
//
// Options compares sla.Status by its exported fields and instants by
// instant, sla.State by its JSON fields and calendars by name, zone and spec.
// Statuses gives every clock's status at an instant, ready to compare with
// qualitytest.ExpectEqual(t, "statuses", want, got, slatest.Options()).
//
// # Generators
//
// Calendars draws valid calendars in zones with daylight-saving changes
// (Zones, loaded here with time.LoadLocation, or the caller's locations):
// windows on the quarter hour, overnight windows, whole weeks round the
// clock, closed days, closed hours and make-up working days near an instant
// where something happens (Days). Each calendar compiles; its Instants draws
// instants to ask it about.
//
// Events draws the event streams of one work order that a set of clocks
// folds without error: instants in order, every fact of the schema typed by
// its kind, deadlines near the event, and half the events made to meet one
// of the clocks' conditions (read from the rules' text), so that the clocks
// start, pause, resume, stop, reset and change targets.
//
//	rapid.Check(t, func(t *rapid.T) {
//		events := slatest.Events(clocks, slatest.StreamOptions{Schema: schema, Location: shanghai}).Draw(t, "events")
//		state, err := clocks.Fold(sla.State{}, events...)
//		...
//	})
package slatest
