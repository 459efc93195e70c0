// Package casetest runs a policy's test cases: a YAML file beside the policy
// (policy_test.yaml in a policy directory, or NAME_test.yaml beside NAME.yaml;
// NAME.test.yaml is read when there is no NAME_test.yaml)
// that lists inputs and the results the policy writer expects, in the way
// `opa test` runs a policy's tests.
//
// # The file
//
//	version: 1
//	tests:
//	  - name: only a 10 is satisfied
//	    rule: callback_rated && !callback_satisfied
//	    facts: {callback_rated: true, callback_satisfied: false}
//	    want: true
//
// Each test has a name and exactly one subject, which says what is tested and
// which keys it reads; want lists the expected results, and only the results
// listed are checked:
//
//	rule: RULE          a rule over the policy's facts, "event" and the outcome
//	                    facts; facts: the values; want: the value (true,
//	                    0.9333, "text", 20m, an instant)
//	clock: NAME         an SLA clock; facts: the order's facts; events: a list of
//	                    {event, at, facts}; at: the instant to read the status at
//	                    (default: the last event); want: phase, target, cycle,
//	                    elapsed, remaining, due, breached, met, warnings
//	machine: NAME       an escalation machine simulated by a punctual host; start:
//	                    the instant the order starts (default: the first event);
//	                    facts, events as for a clock; until: run the timers to this
//	                    instant; want: state, level, cycle, terminal, actions (the
//	                    actions emitted, in order, as "raise_level 1
//	                    (station_head)")
//	sample: ORDER       the callback sampling decision of an order; period: the
//	                    period (a month, "2025-07"); facts; want: outcome, layer,
//	                    rule, reason, stratum
//	reply: TEXT         a customer's reply read on a scale (scale: NAME when the
//	                    policy has several); want: rated, satisfied, label
//	score: CARD         a scorecard; subject; inputs: item → {rate: 28/30},
//	                    {value: 0.96}, {count: 2}, {checks: {held: true}},
//	                    {facts: {...}}, {rate: .., previous: ..} (year on year);
//	                    want: points, max, items (item → points)
//	stars: NAME         a star rating, with inputs as for score; want: stars,
//	                    points
//	ledger: EVENT KIND  the money lines of one event; subject, at, units (default
//	                    1), linked (role → manager); want: total, lines (a list of
//	                    {subject, role, rule, kind, amount}, in order)
//
// Fact values are written as CSV cells are (see package workorder): 3, 0.93,
// true, 20m, 2025-07-01T16:00:00+08:00; a list fact as a YAML list. Instants
// must carry their offset.
//
// # Results
//
// servq test prints PASS or FAIL for each test, and under each failure the
// file:line of the expectation and what was got; exit status 1 when a test
// fails or the file has errors.
package casetest
