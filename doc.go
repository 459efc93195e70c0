// Package servq is the root of an embeddable library of service-quality rules for
// operators of broadband, telecom, cable-TV and appliance after-sales services.
//
// The root package holds no code; the work is done by its packages:
//
//   - [github.com/servq/servq/quality]: declared facts, rules that policy writers
//     edit (compiled once, evaluated many times, with exact decimals), targets and
//     rates.
//   - [github.com/servq/servq/sla]: business calendars and SLA clocks.
//   - [github.com/servq/servq/escalation]: pure escalation state machines.
//   - [github.com/servq/servq/survey]: callback sampling and satisfaction metrics.
//   - [github.com/servq/servq/appraisal]: weighted scorecards, money ledgers and
//     rankings.
//
// Every library package is pure: no clock reads, no goroutines, no I/O and no
// global mutable state. The caller passes the time and the events; results are
// values. The test in this directory (purity_test.go) enforces that by parsing the
// sources.
package servq
