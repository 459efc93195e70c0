// Package binding reads the run section of a policy file: how servq run
// connects work-order data to the policy's clocks, machines, sampling,
// scorecards and money rules.
//
// The policy package compiles the rules themselves; it does not say which
// fact names the technician, which fact carries the callback reply, when an
// order is finished, which of an order's outcomes count towards a scorecard
// item, or which outcome earns a money line. The run section says that:
//
//	run:
//	  dimensions: [technician, station, county]   # string facts naming who an order belongs to
//	  done: event == "closed"                      # an order is finished (folded into the figures)
//	  machines:
//	    complaint: {when: event == "hung_up"}      # which orders a machine runs, from which event
//	  callback:
//	    scale: ten_point                           # the scale replies are read on
//	    reply: rating                              # the string fact holding the reply
//	    by: [order_type]                           # satisfaction is measured per order type too
//	    eligible: event != "cancelled"             # who counts in participation
//	  measures:                                    # per subject: counts and rates of finished orders
//	    repair_satisfaction: {where: callback_rated && order_type == "repair", hit: callback_satisfied}
//	    punctuality: {where: '"arrival" in sla_met || "arrival" in sla_breached', hit: '"arrival" in sla_met'}
//	    dissatisfied: {count: callback_rated && !callback_satisfied}
//	  scorecards:
//	    station: {subject: station}                # items take the measures of the same name
//	  rankings:
//	    stations: {subject: station, measure: repair_satisfaction}
//	  ledger:
//	    - event: callback_dissatisfied
//	      when: callback_rated && !callback_satisfied
//	      subject: technician
//	      linked: {station-head: station, county-manager: county}
//
// Rules in the run section read the order's facts, the fact "event" (the
// name of the event at hand) and, once the order is finished, its outcome
// facts (see the engine package): callback_selected, callback_excluded,
// callback_replied, callback_rated, callback_satisfied, callback_reply,
// sla_met, sla_breached, escalation_level, created_at, done_at.
package binding

// Spec is the run section, as written.
type Spec struct {
	// Dimensions are string facts naming who or what an order belongs to
	// (technician, station, county, provider). Metrics, measures, scorecards
	// and money lines are kept per value of each.
	Dimensions []string `yaml:"dimensions"`
	// Done is a bool rule over the order's facts and "event": when it holds
	// after an event, the order is finished, folded into the figures and
	// forgotten. Without it, every order is finished at the end of the data.
	Done string `yaml:"done"`
	// Machines say which orders each escalation machine runs: an order starts
	// in the machine at the first event for which When holds. A machine not
	// listed runs every order from its first event.
	Machines []Machine `yaml:"machines" binding:"keyed=name"`
	// Callback says how replies are read.
	Callback *Callback `yaml:"callback"`
	// Measures are per-subject counts and rates over finished orders.
	Measures []Measure `yaml:"measures" binding:"keyed=name"`
	// Scorecards and Stars say whom the policy's scorecards and star ratings
	// score, and which measure feeds each item.
	Scorecards []Card `yaml:"scorecards" binding:"keyed=name"`
	Stars      []Card `yaml:"stars" binding:"keyed=name"`
	// Rankings say whom the policy's rankings rank, by which measure.
	Rankings []Ranking `yaml:"rankings" binding:"keyed=name"`
	// Ledger turns finished orders into events of the policy's money rules.
	Ledger []LedgerEvent `yaml:"ledger"`
}

// Machine binds an escalation machine of the policy.
type Machine struct {
	Name string `yaml:"name"`
	// When is a bool rule over the facts and "event"; empty means the
	// order's first event.
	When string `yaml:"when"`
}

// Callback says where the callback reply is and how it is read.
type Callback struct {
	// Scale names a scale of the policy; optional when it has exactly one.
	Scale string `yaml:"scale"`
	// Reply is the string fact holding the customer's reply ("10", "A").
	Reply string `yaml:"reply" binding:"required"`
	// By are further string facts satisfaction is split by (order_type).
	By []string `yaml:"by"`
	// Eligible is a bool rule over the finished order's facts and outcomes:
	// whether it is in the survey's population (participation's
	// denominator). Orders the sampling policy excludes never are; empty
	// means every other finished order.
	Eligible string `yaml:"eligible"`
}

// Measure is a count or a rate over a subject's finished orders: Count, or
// Where with Hit (the rate Hit among Where).
type Measure struct {
	Name  string `yaml:"name"`
	Doc   string `yaml:"doc"`
	Count string `yaml:"count"`
	Where string `yaml:"where"`
	Hit   string `yaml:"hit"`
}

// Card binds a scorecard (or a star rating's card).
type Card struct {
	Name string `yaml:"name"`
	// Subject is the dimension whose values are scored.
	Subject string `yaml:"subject" binding:"required"`
	// Inputs map item ids to measures; an item not listed takes the measure
	// of its own id, and an item with neither is missing (its card's missing
	// policy applies: checklists and the like come from outside the data).
	Inputs map[string]string `yaml:"inputs"`
	// Facts map the scorecard facts that rule items read to measures: an int
	// fact takes a count, a decimal fact a rate's value.
	Facts map[string]string `yaml:"facts"`
}

// Ranking binds a ranking of the policy.
type Ranking struct {
	Name    string `yaml:"name"`
	Subject string `yaml:"subject" binding:"required"`
	// Measure is a rate measure (for wilson and beta) or a scorecard name
	// (for score, ranking by points).
	Measure   string `yaml:"measure"`
	Scorecard string `yaml:"scorecard"`
}

// LedgerEvent raises an event of the policy's money rules for each finished
// order for which When holds.
type LedgerEvent struct {
	// Event is the kind of event, as the money rules name it.
	Event string `yaml:"event" binding:"required"`
	// When is a bool rule over the finished order's facts and outcomes.
	When string `yaml:"when" binding:"required"`
	// Subject is the dimension whose value is paid or charged.
	Subject string `yaml:"subject" binding:"required"`
	// Units is an int rule giving how many (empty: 1).
	Units string `yaml:"units"`
	// At is a time rule giving the instant that selects the rate (empty:
	// done_at, the instant the order was finished).
	At string `yaml:"at"`
	// Linked maps the money rules' liability roles to the dimensions naming
	// the linked manager ("station-head: station").
	Linked map[string]string `yaml:"linked"`
}
