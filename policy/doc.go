// Package policy loads a servq policy file: one YAML document that declares
// every rule of an operator's service-quality programme — the facts of work
// orders, business calendars, SLA clocks and targets, escalation machines,
// rating scales and callback sampling, metrics settings, scorecards, star
// ratings, rankings and money rules — and compiles it with one call:
//
//	pol, err := policy.Load("broadband.yaml")
//
// The result, a [Policy], holds the compiled values of the packages it
// builds on, ready to use: pol.Calendars (sla), pol.Clocks (sla),
// pol.Machines (escalation), pol.Scales and pol.Sampling (survey),
// pol.Scorecards, pol.Stars and pol.Ledger (appraisal), pol.Targets (quality),
// and pol.Run, the run section that says how work-order data feeds them.
// Policy does not re-implement any of them: it maps YAML onto their
// plain-data specs and calls their constructors.
//
// # Loading and errors
//
// Loading compiles and type-checks every rule and runs every validation of
// the packages the definitions belong to, and reports all errors at once,
// as an [ErrorList] sorted by place. Each [Error] gives file:line:column of
// the YAML node concerned (columns count runes, so Chinese text lines up),
// the path of the node ("clocks.contact.targets[0].within"), a message,
// a hint, and a caret under the place:
//
//	broadband.yaml:9:39: clocks.contact.start[0].when: unknown name "raed" (did you mean "rated"?)
//	   |     start: ['event == "dispatched" && raed > 0']
//	   |                                       ^
//
// An error inside a rule is placed at its character inside the rule's text,
// wherever the rule is written in the file: Error.RuleLine and
// Error.RuleColumn are quality's place in the rule, Line and Column the same
// place in the file. The mapping is exact for plain scalars (on one line or
// several) and literal block scalars (|); escapes in double-quoted scalars
// and doubled quotes in single-quoted ones map to their first character,
// which is exact too. Inside folded (>) and quoted scalars that span lines,
// a space the parser made from a line break maps to the end of its source
// line — an approximation that never moves a caret off a token.
//
// Errors wrap one of this package's sentinels ([ErrUnknownKey], [ErrType],
// [ErrRule], [ErrInvalid], ...) and the error of the package that refused the
// definition, so errors.Is(err, appraisal.ErrTotalMismatch) and
// errors.As(err, &qualityErr) work. An escalation finding comes as a
// [*FindingError] carrying its stable code.
//
// Unknown keys are refused in every mapping, with the key that was probably
// meant. A value that cannot be decoded is reported once: the packages'
// errors that would only repeat it (a zero value they then see) are dropped.
//
// # The format
//
// The top-level keys are:
//
//	version          1: the format's version; any other is refused (required)
//	name, doc        the policy's name (required) and a description
//	facts            work-order facts by name: a kind, or {kind, doc}; kinds are
//	                 string, bool, int, decimal, duration, time, strings
//	scorecard_facts  per-subject facts for scorecard rule items (default: facts)
//	calendars        by name: {zone, week, holidays, exceptions, label},
//	                 {builtin: china-office-2025} or {builtin: 24x7, zone},
//	                 or {file: spec.json} (an sla.Spec in JSON, relative to the file)
//	clocks           SLA clocks by name (sla.ClockSpec): start, pause, resume,
//	                 stop, reset, cancel (conditions: a rule, or {name, when}),
//	                 targets [{name, when, calendar, within | slots | deadline,
//	                 not_before}], warnings [{name, percent | before | after}],
//	                 on_target_change; not_before (a time rule, such as
//	                 appointment_start) makes a stop before it early, not on time
//	targets          indicator targets by name (quality.Target): baseline,
//	                 challenge, direction, baseline_score, gate, tiers, cap
//	machines         escalation machines by name: version, initial, levels,
//	                 states, timers, counters, transitions, start
//	scales           rating scales by name: {builtin: ten_point | sms | nps |
//	                 csat | ces} with fields overriding it, or a full spec
//	metrics          survey.MetricsOptions: min_sample, places, rounding
//	sampling         the callback ruleset: seed, rules [{id, layer, when, rate,
//	                 reason, stratum, doc}], quota {daily_min, monthly_above, ...}
//	scorecards       appraisal cards by id: total, normalize, missing, round,
//	                 items [{id, points | weight, target | deduction |
//	                 year_on_year | checklist | rule | card}]
//	stars            star ratings by name: {card, bands}
//	rankings         ranking specs by name: {by: wilson | beta | score, ...}
//	ledger           the money rules (appraisal.Tariff): id (default: name),
//	                 currency, rules [{id, event, rates [{from, amount}],
//	                 round, liability [{role, share, cap}]}]
//
// Sections keyed by name are mappings from the name to the definition; the
// name is the key and is not written again inside. Durations are Go
// durations with an optional leading number of days ("3m", "20m", "1h30m",
// "48h", "15d"); numbers are exact decimals read from their text; instants
// carry their offset (2025-07-01T00:00:00+08:00); windows are "08:30-12:00".
// A scorecard item's target may be the name of a target declared under
// targets, a rule item may be its source alone, a fact its kind alone, and a
// condition its rule alone. YAML anchors and aliases may be used for
// repeated values; merge keys (<<) are not supported. The keys and values
// are described for editors by the JSON Schema in schema.json (draft
// 2020-12), which a test keeps in step with the Go types.
//
// # The run section
//
// The top-level run key says how work-order data feeds the definitions when
// orders are replayed (servq run does this): which string facts name who an
// order belongs to (dimensions), when an order is finished (done), which
// orders each escalation machine runs (machines), where the callback reply
// is (callback), the counts and rates kept per subject (measures), and which
// scorecards, star ratings, rankings and money events those feed:
//
//	run:
//	  dimensions: [technician, station]
//	  done: event == "closed"
//	  callback: {reply: rating, by: [order_type], eligible: event != "cancelled"}
//	  measures:
//	    repair_satisfaction: {where: callback_rated && order_type == "repair", hit: callback_satisfied}
//	    dissatisfied: {count: callback_rated && !callback_satisfied}
//	  scorecards:
//	    station: {subject: station}      # each item takes the measure of its id
//	  ledger:
//	    - {event: callback_dissatisfied, when: callback_rated && !callback_satisfied,
//	       subject: technician, linked: {station-head: station}}
//
// It is compiled like every other key, into [Run] (Policy.Run; nil without a
// run key). Its rules read the declared facts and "event" ([FactEvent]);
// rules about finished orders (callback.eligible, measures, ledger) also
// read the outcome facts ([OutcomeFields]: callback_rated, sla_met,
// escalation_level, done_at, ...), so the facts key may not declare those
// names. Every name it uses must exist: a dimension must be a declared
// string fact, a scorecard, star rating, ranking, machine, scale, measure,
// money event or liability role must be defined, and an error says which
// was meant. A measure feeding a scorecard item must suit the item's method
// (a rate for a target, a count for a deduction).
//
// # Example
//
// A station's broadband repair policy: the 20-minute contact clock on a desk
// that never closes, the repair satisfaction target of 90% (challenge 98%) on
// the 10-point scale where only 10 counts, 20% of repairs called back, and a
// penalty per dissatisfied customer raised from 100 to 200 yuan and charged
// to the station head as well:
//
//	version: 1
//	name: repair-2025
//	facts:
//	  order_type: string
//	  do_not_call: bool
//	calendars:
//	  desk: {builtin: 24x7, zone: Asia/Shanghai}
//	clocks:
//	  contact:
//	    start: ['event == "dispatched"']
//	    stop: ['event == "customer_contacted"']
//	    targets: [{name: twenty_minutes, calendar: desk, within: 20m}]
//	targets:
//	  repair_satisfaction: {baseline: 0.90, challenge: 0.98, direction: higher_is_better}
//	scales:
//	  ten_point: {builtin: ten_point}
//	metrics: {min_sample: 30, places: 4, rounding: half_up}
//	sampling:
//	  seed: 2025-07 callback
//	  rules:
//	    - {id: do-not-call, layer: exclusion, when: do_not_call, reason: do_not_call}
//	    - {id: repairs, layer: rate, when: order_type == "repair", rate: 0.2}
//	scorecards:
//	  station:
//	    total: 100
//	    missing: zero
//	    items:
//	      - {id: repair_satisfaction, points: 100, target: repair_satisfaction}
//	ledger:
//	  currency: CNY
//	  rules:
//	    - id: callback-dissatisfied
//	      event: callback_dissatisfied
//	      rates:
//	        - {amount: -100}
//	        - {from: 2025-06-01T00:00:00+08:00, amount: -200}
//	      liability: [{role: station-head, share: 1}]
//
// The files in testdata/ express the four operators' programmes: broadband,
// complaints (step limits, batch slots, the complaint machine, the 40/60
// half-year card), appliance (the 48-hour / 300-hour / 15-day overdue
// ladder, satisfied-then-close, the SMS scale, provider rankings) and cabletv
// (3 and 20 minutes, 20% sampling, the five-star employee).
//
// # Hash
//
// Policy.Hash is a SHA-256 of the whole document's values, the run section
// included — not of its bytes:
// comments, layout, quoting and the order of keys in a mapping do not change
// it, any value does — and of the files it refers to. Reports and receipts
// carry it so that a result can be traced to the exact policy that made it.
//
// Time zones are loaded with time.LoadLocation: a program that must run
// where the system has no zone database imports time/tzdata.
package policy
