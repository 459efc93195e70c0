// Package policy loads a servq policy file: one YAML document that declares
// every rule of an operator's service-quality programme — the facts of work
// orders, business calendars, SLA clocks and targets, escalation machines,
// rating scales and callback sampling, metrics settings, scorecards, star
// ratings, rankings and money rules — and compiles it with one call:
//
//	pol, err := policy.Load("broadband.yaml")
//
// Loading compiles and type-checks every rule and runs every validation of
// the packages the definitions belong to (quality, sla, escalation, survey,
// appraisal), and reports all errors at once, each at file:line:column of its
// YAML node; an error inside a rule is placed at its character inside the
// rule's text.
package policy
