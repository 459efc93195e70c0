package policy

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
)

// The run section (the top-level run key) says how work-order data feeds the
// policy's definitions when orders are replayed (servq run): which facts name
// who an order belongs to, when an order is finished, which fact holds the
// callback reply, the measures counted per subject, and which scorecards,
// star ratings, rankings and money rules they feed. The decl types below are
// its format; Run is its compiled form.

// runDecl is the run section as written.
type runDecl struct {
	Dimensions []string         `yaml:"dimensions" doc:"String facts naming who or what an order belongs to (technician, station, county); figures are kept per value of each."`
	Done       string           `yaml:"done" doc:"A bool rule over the facts and event: when it holds after an event the order is finished. Empty: every order is finished at the end of the data."`
	Machines   []runMachineDecl `yaml:"machines" policy:"keyed=name" doc:"Which orders each escalation machine runs, by machine name; a machine not listed runs every order from its first event."`
	Callback   *runCallbackDecl `yaml:"callback" doc:"Where the callback reply is and how it is read."`
	Measures   []runMeasureDecl `yaml:"measures" policy:"keyed=name" doc:"Per-subject counts (count) and rates (where with hit) over finished orders, by name."`
	Scorecards []runCardDecl    `yaml:"scorecards" policy:"keyed=name" doc:"Whom each scorecard scores, and which measure feeds each item, by scorecard id."`
	Stars      []runCardDecl    `yaml:"stars" policy:"keyed=name" doc:"Whom each star rating rates, and which measure feeds each item of its card, by star rating name."`
	Rankings   []runRankingDecl `yaml:"rankings" policy:"keyed=name" doc:"Whom each ranking ranks, by which rate measure or scorecard, by ranking name."`
	Ledger     []runLedgerDecl  `yaml:"ledger" doc:"Events of the money rules raised by finished orders."`
}

type runMachineDecl struct {
	Name string `yaml:"name"`
	When string `yaml:"when" doc:"A bool rule over the facts and event: the order starts in the machine at the first event for which it holds. Empty: the order's first event."`
}

type runCallbackDecl struct {
	Scale    string   `yaml:"scale" doc:"The scale replies are read on; optional when the policy has exactly one."`
	Reply    string   `yaml:"reply" policy:"required" doc:"The string fact holding the customer's reply (\"10\", \"A\")."`
	By       []string `yaml:"by" doc:"Further string facts satisfaction is split by (order_type)."`
	Eligible string   `yaml:"eligible" doc:"A bool rule over the finished order's facts and outcomes: whether it is in the survey's population. Empty: every finished order the sampling policy does not exclude."`
}

type runMeasureDecl struct {
	Name  string `yaml:"name"`
	Doc   string `yaml:"doc" doc:"What the measure means, for readers of reports."`
	Count string `yaml:"count" doc:"A bool rule over the finished order's facts and outcomes: the measure counts the orders for which it holds."`
	Where string `yaml:"where" doc:"A bool rule: the orders a rate is taken over (with hit)."`
	Hit   string `yaml:"hit" doc:"A bool rule: the orders among where that count as hits (with where)."`
}

type runCardDecl struct {
	Name    string            `yaml:"name"`
	Subject string            `yaml:"subject" policy:"required" doc:"The dimension whose values are scored."`
	Inputs  map[string]string `yaml:"inputs" doc:"Measures feeding items, by item id; an item not listed takes the measure of its own id, if any."`
	Facts   map[string]string `yaml:"facts" doc:"Measures giving the scorecard facts rule items read: an int fact takes a count, a decimal fact a rate."`
}

type runRankingDecl struct {
	Name      string `yaml:"name"`
	Subject   string `yaml:"subject" policy:"required" doc:"The dimension whose values are ranked."`
	Measure   string `yaml:"measure" doc:"The rate measure ranked by (rankings by wilson or beta)."`
	Scorecard string `yaml:"scorecard" doc:"The bound scorecard whose points rank (rankings by score)."`
}

type runLedgerDecl struct {
	Event   string            `yaml:"event" policy:"required" doc:"The kind of event, as the money rules name it."`
	When    string            `yaml:"when" policy:"required" doc:"A bool rule over the finished order's facts and outcomes."`
	Subject string            `yaml:"subject" policy:"required" doc:"The dimension whose value is paid or charged."`
	Units   string            `yaml:"units" doc:"A decimal rule giving how many units; empty: 1."`
	At      string            `yaml:"at" doc:"A time rule giving the instant that selects the rate; empty: done_at."`
	Linked  map[string]string `yaml:"linked" doc:"Dimensions naming the linked managers, by liability role of the money rules (station-head: station)."`
}

// Fact names the run section's rules read besides the policy's facts:
// FactEvent in every rule, and the outcome facts (OutcomeFields) in rules
// over finished orders (callback.eligible, measures, ledger).
const (
	FactEvent             = "event"
	FactCallbackSelected  = "callback_selected"
	FactCallbackExcluded  = "callback_excluded"
	FactCallbackReplied   = "callback_replied"
	FactCallbackRated     = "callback_rated"
	FactCallbackSatisfied = "callback_satisfied"
	FactCallbackReply     = "callback_reply"
	FactSLAMet            = "sla_met"
	FactSLABreached       = "sla_breached"
	FactEscalationLevel   = "escalation_level"
	FactCreatedAt         = "created_at"
	FactDoneAt            = "done_at"
)

// OutcomeFields returns the outcome facts, with their documentation: what a
// replay knows of a finished order, added to its facts for the run section's
// rules over finished orders. The slice is the caller's.
func OutcomeFields() []quality.Field {
	return []quality.Field{
		{Name: FactCallbackSelected, Kind: quality.KindBool, Doc: "the sampling policy selected the order for a callback"},
		{Name: FactCallbackExcluded, Kind: quality.KindBool, Doc: "the sampling policy excluded the order (never called)"},
		{Name: FactCallbackReplied, Kind: quality.KindBool, Doc: "the order has a reply (the callback's reply fact is set)"},
		{Name: FactCallbackRated, Kind: quality.KindBool, Doc: "the reply counts as a rating on the scale"},
		{Name: FactCallbackSatisfied, Kind: quality.KindBool, Doc: "the reply is rated and satisfied on the scale (on the 10-point scale: a 10)"},
		{Name: FactCallbackReply, Kind: quality.KindString, Doc: "the reply's label on the scale, \"\" without a reply"},
		{Name: FactSLAMet, Kind: quality.KindStrings, Doc: "the clocks whose latest cycle stopped on time"},
		{Name: FactSLABreached, Kind: quality.KindStrings, Doc: "the clocks whose latest cycle missed its target (stopped late, or running past due when the order finished)"},
		{Name: FactEscalationLevel, Kind: quality.KindInt, Doc: "the highest warning level any escalation machine reached"},
		{Name: FactCreatedAt, Kind: quality.KindTime, Doc: "the instant of the order's first event"},
		{Name: FactDoneAt, Kind: quality.KindTime, Doc: "the instant the order was finished"},
	}
}

// eventField is the fact every run-section rule reads besides the policy's:
// the name of the event at hand.
var eventField = quality.Field{Name: FactEvent, Kind: quality.KindString, Doc: "the name of the event at hand"}

// Run is the compiled run section: every rule type-checked against the
// policy's facts (plus FactEvent, plus the outcome facts for rules over
// finished orders), and every name it uses checked to exist in the policy.
// Names are kept as names; lists keep the file's order except Machines,
// which is sorted. It is read-only.
type Run struct {
	// Dimensions are the string facts naming who an order belongs to, in the
	// file's order.
	Dimensions []string
	// Done is the bool rule (over EventSchema) that finishes an order; nil
	// when every order is finished at the end of the data.
	Done *quality.Rule
	// EventSchema is the policy's facts plus FactEvent.
	EventSchema *quality.Schema
	// OutcomeSchema is EventSchema plus OutcomeFields.
	OutcomeSchema *quality.Schema
	// Machines holds every escalation machine of the policy, by name.
	Machines []RunMachine
	// Callback says how replies are read; nil when absent.
	Callback *RunCallback
	// Measures are the per-subject counts and rates, in the file's order.
	Measures []RunMeasure
	// Scorecards and Stars bind scorecards and star ratings to a subject.
	Scorecards []RunCard
	Stars      []RunCard
	// Rankings bind rankings to a subject and what they rank by.
	Rankings []RunRanking
	// Ledger raises events of the money rules from finished orders.
	Ledger []RunLedgerEvent
}

// RunMachine is an escalation machine and the orders it runs.
type RunMachine struct {
	Name string
	// When (over EventSchema) starts an order in the machine at the first
	// event for which it holds; nil means the order's first event.
	When *quality.Rule
}

// RunCallback says where the callback reply is and how it is read.
type RunCallback struct {
	// Scale names a scale of the policy (resolved when the file leaves it
	// out and the policy has one).
	Scale string
	// Reply is the string fact holding the reply.
	Reply string
	// By are further string facts satisfaction is split by.
	By []string
	// Eligible (over OutcomeSchema) says whether a finished order is in the
	// survey's population; nil means every one not excluded by sampling.
	Eligible *quality.Rule
}

// MeasureKind says whether a measure counts orders or rates them.
type MeasureKind uint8

// The measure kinds; the zero value is invalid.
const (
	MeasureInvalid MeasureKind = iota
	MeasureCount
	MeasureRate
)

// String returns "count", "rate" or "invalid".
func (k MeasureKind) String() string {
	switch k {
	case MeasureCount:
		return "count"
	case MeasureRate:
		return "rate"
	}
	return "invalid"
}

// RunMeasure is a count (Count) or a rate (Hit among Where) over a subject's
// finished orders; the rules are bool rules over OutcomeSchema.
type RunMeasure struct {
	Name, Doc         string
	Kind              MeasureKind
	Count, Where, Hit *quality.Rule
}

// RunCard binds a scorecard (or a star rating's card) to a subject.
type RunCard struct {
	// Name is the scorecard's id or the star rating's name.
	Name string
	// Subject is the dimension whose values are scored.
	Subject string
	// Inputs holds every item of the card, in the card's order, with the
	// measure feeding it ("" when none: the card's missing policy applies).
	Inputs []RunInput
	// Facts are the scorecard facts fed by measures, sorted by fact.
	Facts []RunInput
}

// RunInput is an item (or a scorecard fact) and the measure feeding it.
type RunInput struct {
	Name    string
	Measure string
}

// RunRanking binds a ranking to a subject: by a rate measure (wilson,
// beta) or by a bound scorecard's points (score).
type RunRanking struct {
	Name, Subject      string
	Measure, Scorecard string
}

// RunLedgerEvent raises an event of the money rules for each finished order
// for which When holds; the rules are over OutcomeSchema.
type RunLedgerEvent struct {
	Event   string
	When    *quality.Rule
	Subject string
	// Units (decimal) is nil for 1; At (time) is nil for done_at.
	Units, At *quality.Rule
	// Linked are the liability roles and the dimensions naming the linked
	// managers, sorted by role.
	Linked []RunLink
}

// RunLink is a liability role and the dimension naming its manager.
type RunLink struct {
	Role, Dimension string
}

var identRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// run compiles the run section; it runs after every other section, whose
// names it refers to.
func (c *compiler) run() {
	spec := c.doc.Run
	if spec == nil {
		return
	}
	pol := c.pol
	r := &Run{}
	clash := false
	for _, f := range append([]quality.Field{eventField}, OutcomeFields()...) {
		if _, ok := pol.Schema.Field(f.Name); ok {
			c.failKey("facts."+f.Name, ErrInvalid, nil, "rename the policy's fact", "the run section adds the fact %q (%s); the policy may not declare it", f.Name, f.Doc)
			clash = true
		}
	}
	if clash {
		return
	}
	var err error
	if r.EventSchema, err = pol.Schema.Extend(eventField); err == nil {
		r.OutcomeSchema, err = r.EventSchema.Extend(OutcomeFields()...)
	}
	if err != nil { // cannot happen: no clash was found
		c.failAt("run", ErrInvalid, err, "", "%s", cleanMessage(err))
		return
	}
	rule := func(path, src string, schema *quality.Schema, kind quality.Kind) *quality.Rule {
		if src == "" {
			return nil
		}
		rl, err := quality.Compile(src, schema, kind)
		if err != nil {
			if !c.ruleErrors(path, err) {
				c.failAt(path, ErrRule, err, "", "%s", cleanMessage(err))
			}
			return nil
		}
		return rl
	}
	stringFact := func(path, name string) bool {
		f, ok := pol.Schema.Field(name)
		switch {
		case !ok:
			c.failAt(path, ErrReference, nil, suggest(name, factNames(pol.Schema)), "no fact %q in the policy", name)
			return false
		case f.Kind != quality.KindString:
			c.failAt(path, ErrInvalid, nil, "", "fact %q is a %s; it must be a string", name, f.Kind)
			return false
		case !identRE.MatchString(name):
			c.failAt(path, ErrInvalid, nil, "", "fact %q names a group dimension, so it must be lower case: letters, digits and _", name)
			return false
		}
		return true
	}

	// Dimensions.
	dims := map[string]bool{}
	for i, d := range spec.Dimensions {
		path := fmt.Sprintf("run.dimensions[%d]", i)
		switch {
		case dims[d]:
			c.failAt(path, ErrInvalid, nil, "", "dimension %q listed twice", d)
		case d == "day" || d == "period":
			c.failAt(path, ErrInvalid, nil, "", "%q is a dimension servq adds itself (the day the order was finished, the month it was created)", d)
		case stringFact(path, d):
			dims[d] = true
			r.Dimensions = append(r.Dimensions, d)
		}
	}
	dim := func(path, name string) bool {
		if !dims[name] {
			c.failAt(path, ErrReference, nil, "list it in run.dimensions", "%q is not a dimension", name)
			return false
		}
		return true
	}

	r.Done = rule("run.done", spec.Done, r.EventSchema, quality.KindBool)

	// Machines: every machine of the policy runs; the section may restrict
	// each to the orders for which its rule holds.
	bound := map[string]runMachineDecl{}
	for _, m := range spec.Machines {
		if _, ok := pol.Machines[m.Name]; !ok {
			c.failKey("run.machines."+m.Name, ErrReference, nil, suggest(m.Name, pol.MachineNames()), "no machine %q in the policy", m.Name)
			continue
		}
		bound[m.Name] = m
	}
	for _, name := range pol.MachineNames() {
		rm := RunMachine{Name: name}
		if b, ok := bound[name]; ok {
			rm.When = rule("run.machines."+name+".when", b.When, r.EventSchema, quality.KindBool)
		}
		r.Machines = append(r.Machines, rm)
	}

	c.runCallback(r, spec.Callback, rule, stringFact, dims)
	measures := c.runMeasures(r, spec.Measures, rule)

	// Scorecards and star ratings.
	for _, b := range spec.Scorecards {
		sc, ok := pol.Scorecards[b.Name]
		if !ok {
			c.failKey("run.scorecards."+b.Name, ErrReference, nil, suggest(b.Name, pol.ScorecardNames()), "no scorecard %q in the policy", b.Name)
			continue
		}
		if rc, ok := c.runCard("run.scorecards."+b.Name, b, sc, measures, dim); ok {
			r.Scorecards = append(r.Scorecards, rc)
		}
	}
	for _, b := range spec.Stars {
		st, ok := pol.Stars[b.Name]
		if !ok {
			c.failKey("run.stars."+b.Name, ErrReference, nil, suggest(b.Name, pol.StarNames()), "no star rating %q in the policy", b.Name)
			continue
		}
		if rc, ok := c.runCard("run.stars."+b.Name, b, st.Scorecard(), measures, dim); ok {
			r.Stars = append(r.Stars, rc)
		}
	}

	// Rankings.
	var boundCards []string
	for _, s := range r.Scorecards {
		boundCards = append(boundCards, s.Name)
	}
	for _, b := range spec.Rankings {
		path := "run.rankings." + b.Name
		rs, ok := pol.Rankings[b.Name]
		if !ok {
			c.failKey(path, ErrReference, nil, suggest(b.Name, pol.RankingNames()), "no ranking %q in the policy", b.Name)
			continue
		}
		rr := RunRanking{Name: b.Name, Subject: b.Subject}
		if rs.By == appraisal.RankScore {
			if !slices.Contains(boundCards, b.Scorecard) {
				c.failAt(pathOr(path, ".scorecard", b.Scorecard), ErrReference, nil, suggest(b.Scorecard, boundCards), "a ranking by score names a bound scorecard: scorecard: NAME")
				continue
			}
			rr.Scorecard = b.Scorecard
		} else {
			if k, ok := measures[b.Measure]; !ok || k != MeasureRate {
				c.failAt(pathOr(path, ".measure", b.Measure), ErrReference, nil, suggest(b.Measure, sortedKeys(measures)), "a ranking by %s names a rate measure: measure: NAME", rs.By)
				continue
			}
			rr.Measure = b.Measure
		}
		if dim(path+".subject", b.Subject) {
			r.Rankings = append(r.Rankings, rr)
		}
	}

	c.runLedger(r, spec.Ledger, rule, dim)
	pol.Run = r
}

// pathOr returns path+key when the key was written (value non-empty), else
// path, so that an error lands on the value at fault or on the definition.
func pathOr(path, key, value string) string {
	if value == "" {
		return path
	}
	return path + key
}

type ruleFunc func(path, src string, schema *quality.Schema, kind quality.Kind) *quality.Rule

func (c *compiler) runCallback(r *Run, cb *runCallbackDecl, rule ruleFunc, stringFact func(path, name string) bool, dims map[string]bool) {
	if cb == nil {
		return
	}
	pol := c.pol
	rc := &RunCallback{Scale: cb.Scale, Reply: cb.Reply,
		Eligible: rule("run.callback.eligible", cb.Eligible, r.OutcomeSchema, quality.KindBool)}
	if rc.Scale == "" {
		if names := pol.ScaleNames(); len(names) == 1 {
			rc.Scale = names[0]
		} else {
			c.failAt("run.callback", ErrMissingKey, nil, "", "name the scale: the policy has %d scales", len(names))
		}
	} else if _, ok := pol.Scales[rc.Scale]; !ok {
		c.failAt("run.callback.scale", ErrReference, nil, suggest(rc.Scale, pol.ScaleNames()), "no scale %q in the policy", rc.Scale)
	}
	if cb.Reply != "" {
		stringFact("run.callback.reply", cb.Reply)
	}
	for i, b := range cb.By {
		path := fmt.Sprintf("run.callback.by[%d]", i)
		if dims[b] || b == "day" || b == "period" {
			c.failAt(path, ErrInvalid, nil, "", "%q is already a dimension", b)
			continue
		}
		if stringFact(path, b) {
			rc.By = append(rc.By, b)
		}
	}
	if pol.Metrics == nil {
		c.failAt("run.callback", ErrReference, nil, "add metrics: {min_sample: 30, places: 4, rounding: half_up}", "the policy has no metrics settings, which satisfaction figures need")
	}
	r.Callback = rc
}

// runMeasures compiles the measures and returns their kinds by name.
func (c *compiler) runMeasures(r *Run, decls []runMeasureDecl, rule ruleFunc) map[string]MeasureKind {
	kinds := map[string]MeasureKind{}
	for _, m := range decls {
		path := "run.measures." + m.Name
		rm := RunMeasure{Name: m.Name, Doc: m.Doc}
		switch {
		case m.Count != "" && m.Where == "" && m.Hit == "":
			rm.Kind = MeasureCount
			rm.Count = rule(path+".count", m.Count, r.OutcomeSchema, quality.KindBool)
		case m.Count == "" && m.Where != "" && m.Hit != "":
			rm.Kind = MeasureRate
			rm.Where = rule(path+".where", m.Where, r.OutcomeSchema, quality.KindBool)
			rm.Hit = rule(path+".hit", m.Hit, r.OutcomeSchema, quality.KindBool)
		default:
			c.failKey(path, ErrInvalid, nil, "count: RULE, or where: RULE with hit: RULE", "a measure is a count or a rate")
			continue
		}
		kinds[m.Name] = rm.Kind
		r.Measures = append(r.Measures, rm)
	}
	return kinds
}

// runCard checks a scorecard binding: its subject, its inputs against the
// card's items and the measures' kinds, its facts against the scorecard
// facts.
func (c *compiler) runCard(path string, b runCardDecl, sc *appraisal.Scorecard, measures map[string]MeasureKind, dim func(path, name string) bool) (RunCard, bool) {
	rc := RunCard{Name: b.Name, Subject: b.Subject}
	ok := dim(path+".subject", b.Subject)
	items := sc.ItemIDs()
	for _, item := range sortedKeys(b.Inputs) {
		if !slices.Contains(items, item) {
			c.failKey(path+".inputs."+item, ErrReference, nil, suggest(item, items), "the card has no input item %q", item)
		}
	}
	for _, item := range items {
		in := RunInput{Name: item}
		name, explicit := b.Inputs[item]
		if !explicit {
			name = item
		}
		if k, found := measures[name]; found {
			in.Measure = name
			if why := fits(sc.Method(item), k); why != "" {
				c.failAt(path+".inputs."+item, ErrInvalid, nil, "", "item %q (%s) %s", item, sc.Method(item), why)
			}
		} else if explicit {
			c.failAt(path+".inputs."+item, ErrReference, nil, suggest(name, sortedKeys(measures)), "no measure %q", name)
		}
		rc.Inputs = append(rc.Inputs, in)
	}
	for _, f := range sortedKeys(b.Facts) {
		fp := path + ".facts." + f
		field, found := c.pol.ScorecardSchema.Field(f)
		if !found {
			c.failKey(fp, ErrReference, nil, suggest(f, factNames(c.pol.ScorecardSchema)), "no scorecard fact %q in the policy", f)
			continue
		}
		k, found := measures[b.Facts[f]]
		if !found {
			c.failAt(fp, ErrReference, nil, suggest(b.Facts[f], sortedKeys(measures)), "no measure %q", b.Facts[f])
			continue
		}
		if !(field.Kind == quality.KindInt && k == MeasureCount || field.Kind == quality.KindDecimal && k == MeasureRate) {
			c.failAt(fp, ErrInvalid, nil, "an int fact takes a count, a decimal fact a rate", "fact %q is a %s and measure %q a %s", f, field.Kind, b.Facts[f], k)
			continue
		}
		rc.Facts = append(rc.Facts, RunInput{Name: f, Measure: b.Facts[f]})
	}
	return rc, ok
}

// fits says why a measure of kind k cannot feed an item scored by m, or "".
func fits(m appraisal.Method, k MeasureKind) string {
	switch m {
	case appraisal.MethodLinear, appraisal.MethodSteps:
		if k == MeasureRate {
			return ""
		}
		return "is scored against a target and needs a rate measure (where/hit)"
	case appraisal.MethodDeduction:
		if k == MeasureCount {
			return ""
		}
		return "deducts per event and needs a count measure"
	}
	return "cannot take a measure: its input comes from outside the work-order data"
}

func (c *compiler) runLedger(r *Run, decls []runLedgerDecl, rule ruleFunc, dim func(path, name string) bool) {
	pol := c.pol
	if len(decls) > 0 && pol.Ledger == nil {
		c.failAt("run.ledger", ErrReference, nil, "", "the policy has no ledger (money rules)")
	}
	var kinds, roles []string
	if pol.Ledger != nil {
		for _, mr := range pol.Ledger.Tariff().Rules {
			kinds = append(kinds, mr.Event)
			for _, l := range mr.Liability {
				roles = append(roles, l.Role)
			}
		}
	}
	for i, b := range decls {
		path := fmt.Sprintf("run.ledger[%d]", i)
		if pol.Ledger != nil && b.Event != "" && !slices.Contains(kinds, b.Event) {
			c.failAt(path+".event", ErrReference, nil, suggest(b.Event, kinds), "no money rule prices the event %q", b.Event)
		}
		le := RunLedgerEvent{
			Event:   b.Event,
			When:    rule(path+".when", b.When, r.OutcomeSchema, quality.KindBool),
			Subject: b.Subject,
			Units:   rule(path+".units", b.Units, r.OutcomeSchema, quality.KindDecimal),
			At:      rule(path+".at", b.At, r.OutcomeSchema, quality.KindTime),
		}
		if b.Subject != "" {
			dim(path+".subject", b.Subject)
		}
		for _, role := range sortedKeys(b.Linked) {
			lp := path + ".linked." + role
			if pol.Ledger != nil && !slices.Contains(roles, role) {
				c.failKey(lp, ErrReference, nil, suggest(role, roles), "no money rule charges the role %q", role)
			}
			dim(lp, b.Linked[role])
			le.Linked = append(le.Linked, RunLink{Role: role, Dimension: b.Linked[role]})
		}
		r.Ledger = append(r.Ledger, le)
	}
}

func factNames(s *quality.Schema) []string {
	var names []string
	for _, f := range s.Fields() {
		names = append(names, f.Name)
	}
	return names
}
