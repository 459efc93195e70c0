// Command servq is the tool of policy writers: it checks a policy file, runs
// its test cases, evaluates a rule, replays work-order data through it,
// compares two versions of it, draws its escalation machines and explains
// what it did with one order.
//
//	servq check POLICY [DATA]          every error in a policy (and every malformed row of data)
//	servq test POLICY                  the policy's test cases (policy_test.yaml beside it)
//	servq eval [-p POLICY] [-f name=value]... [--explain] RULE
//	servq run POLICY [DATA]            the main job: replay data, report figures and money
//	servq diff OLD NEW [DATA]          what a policy change does to every subject
//	servq graph POLICY                 the escalation machines as Mermaid or DOT
//	servq explain POLICY [DATA] ORDER  one order's timeline
//	servq help [COMMAND]
//
// POLICY is a policy file (see package policy), or a directory holding
// policy.yaml; DATA is a .jsonl or .csv file of work-order events (see
// package workorder for the format), optionally gzip-compressed (.gz), or a
// directory holding data.jsonl or data.csv, and defaults to the policy
// directory's. So
//
//	go run ./cmd/servq run examples/broadband
//
// replays the broadband example's month through its policy. Flags may come
// before or after the arguments; every command has -h.
//
// # Exit status
//
// 0 when all is well; 1 when something was found: errors in a policy, a
// failing test case, more rejected rows than --max-rejected (0 by default),
// differences between two policies (as diff(1)), a rule that fails; 2 for a
// usage error: an unknown command or flag, wrong arguments, a file that does
// not exist.
//
// # The run section
//
// The policy file declares the rules; its run section says how servq run
// binds work-order data to them. It is part of the policy format: package
// github.com/servq/servq/policy compiles and checks it (Policy.Run) and
// schema.json describes every key:
//
//	run:
//	  dimensions: [technician, station, county]   # string facts naming who an order belongs to
//	  done: event == "closed" || event == "cancelled"
//	  machines:
//	    repair_overdue: {when: event == "dispatched" && order_type == "repair"}
//	  callback: {scale: ten_point, reply: rating, by: [order_type], eligible: event != "cancelled"}
//	  measures:
//	    repair_satisfaction: {where: callback_rated && order_type == "repair", hit: callback_satisfied}
//	    dissatisfied: {count: callback_rated && !callback_satisfied}
//	  scorecards:
//	    station: {subject: station}               # each item takes the measure of its id
//	  rankings:
//	    stations: {subject: station, measure: repair_satisfaction}
//	  ledger:
//	    - {event: callback_dissatisfied, when: callback_rated && !callback_satisfied,
//	       subject: technician, linked: {station-head: station, county-manager: county}}
//
// Rules of the run section read the order's facts, "event" and, once the order
// is finished, its outcome facts: callback_selected, callback_excluded
// (the sampling decision), callback_replied, callback_rated,
// callback_satisfied, callback_reply (the reply read on the scale), sla_met
// and sla_breached (the clocks whose latest cycle met or missed its target),
// escalation_level (the highest level reached), created_at and done_at.
// servq eval -p POLICY evaluates any of them.
//
// # How run works
//
// Events stream through one at a time. Each open order keeps its facts (an
// event's facts update them), its clocks' state and its machines' states; an
// event applies atomically (the machines first fire the timers due before
// it, as a punctual host would), or is rejected with its line and reason and
// the order is as before. When the done rule holds the order is finished:
// sampled, its reply read, counted into the survey groups (its dimensions,
// the callback's split facts, the day it finished and the month it was
// created), the measures and the money rules, and then forgotten, but for its
// id, kept seven days of data time so that a late event is rejected rather
// than taken for a new order. Memory grows with the orders open at once and
// with the groups, not with the events. Rows read = applied + duplicates +
// rejected, always.
//
// # Test cases
//
// servq test reads the test file beside the policy: tests of rules, clocks,
// machines, sampling decisions, replies, scorecards, star ratings and money
// lines, each with the results expected under want (servq help test shows
// one of each; package github.com/servq/servq/cmd/servq/internal/casetest
// documents every key).
package main
