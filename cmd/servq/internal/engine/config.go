package engine

import (
	"fmt"
	"regexp"
	"slices"
	"sort"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/cmd/servq/internal/binding"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/policy"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/survey"
)

// Config is a policy and its run section compiled for the engine: every rule
// of the run section type-checked, every name resolved. It is immutable and
// may drive any number of engines.
type Config struct {
	Policy  *policy.Policy
	Section *binding.Section

	dims     []string
	dimIndex map[string]int

	eventSchema   *quality.Schema // policy facts + event
	outcomeSchema *quality.Schema // + outcome facts

	done     *quality.Rule
	machines []machineCfg
	callback *callbackCfg
	measures []measureCfg
	cards    []cardCfg
	stars    []cardCfg
	rankings []rankCfg
	ledger   []ledgerCfg
}

type machineCfg struct {
	name   string
	m      *escalation.Machine
	when   *quality.Rule
	events map[string]bool
}

type callbackCfg struct {
	scaleName string
	scale     *survey.Scale
	reply     string
	eligible  *quality.Rule
	by        []string
	metrics   survey.MetricsOptions
}

type measureKind uint8

const (
	measureInvalid measureKind = iota
	measureCount
	measureRate
)

func (k measureKind) String() string {
	switch k {
	case measureCount:
		return "count"
	case measureRate:
		return "rate"
	}
	return "invalid"
}

type measureCfg struct {
	name, doc string
	kind      measureKind
	count     *quality.Rule
	where     *quality.Rule
	hit       *quality.Rule
}

type cardCfg struct {
	name    string
	sc      *appraisal.Scorecard
	stars   *appraisal.StarScale
	subject int
	inputs  []itemInput
	facts   []factInput
}

type itemInput struct {
	item    string
	method  appraisal.Method
	measure int // -1: missing
}

type factInput struct {
	name    string
	kind    quality.Kind
	measure int
}

type rankCfg struct {
	name    string
	spec    appraisal.RankSpec
	subject int
	measure int // rate measure, or -1
	card    int // scorecard index for RankScore, or -1
}

type ledgerCfg struct {
	event   string
	when    *quality.Rule
	subject int
	units   *quality.Rule
	at      *quality.Rule
	linked  []linkCfg
}

type linkCfg struct {
	role string
	dim  int
}

// Outcome facts: what the engine knows of a finished order, added to its
// facts for the run section's measures and ledger rules.
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

// OutcomeFields are the outcome facts, with their documentation.
var OutcomeFields = []quality.Field{
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

var identRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Compile checks the run section against the policy. Every problem is
// reported, each placed in the policy file (a binding.ErrorList).
func Compile(pol *policy.Policy, sec *binding.Section) (*Config, error) {
	c := &Config{Policy: pol, Section: sec, dimIndex: map[string]int{}}
	var errs binding.ErrorList
	fail := func(e *binding.Error) { errs = append(errs, e) }
	spec := sec.Spec

	var err error
	c.eventSchema, err = pol.Schema.Extend(quality.Field{Name: FactEvent, Kind: quality.KindString, Doc: "the name of the event at hand"})
	if err != nil {
		return nil, binding.ErrorList{sec.Errorf("run", "", "cannot add the fact \"event\": %v", err)}
	}
	for _, f := range OutcomeFields {
		if _, ok := pol.Schema.Field(f.Name); ok && sec.Present {
			fail(sec.Errorf("run", "rename the policy's fact", "the policy declares the fact %q, which servq run adds to finished orders (%s)", f.Name, f.Doc))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c.outcomeSchema, err = c.eventSchema.Extend(OutcomeFields...)
	if err != nil {
		return nil, binding.ErrorList{sec.Errorf("run", "", "cannot add the outcome facts: %v", err)}
	}
	rule := func(path, src string, schema *quality.Schema, kind quality.Kind) *quality.Rule {
		if src == "" {
			return nil
		}
		r, err := quality.Compile(src, schema, kind)
		if err != nil {
			errs = append(errs, sec.RuleError(path, err)...)
			return nil
		}
		return r
	}
	stringFact := func(path, name string) bool {
		f, ok := pol.Schema.Field(name)
		switch {
		case !ok:
			fail(sec.Errorf(path, factHint(pol.Schema, name), "no fact %q in the policy", name))
			return false
		case f.Kind != quality.KindString:
			fail(sec.Errorf(path, "", "fact %q is a %s; it must be a string", name, f.Kind))
			return false
		case !identRE.MatchString(name):
			fail(sec.Errorf(path, "", "fact %q names a group dimension, so it must be lower case: letters, digits and _", name))
			return false
		}
		return true
	}

	// Dimensions.
	for i, d := range spec.Dimensions {
		path := fmt.Sprintf("run.dimensions[%d]", i)
		if _, dup := c.dimIndex[d]; dup {
			fail(sec.Errorf(path, "", "dimension %q listed twice", d))
			continue
		}
		if d == "day" || d == "period" {
			fail(sec.Errorf(path, "", "%q is a dimension servq adds itself (the day the order was finished, the month it was created)", d))
			continue
		}
		if stringFact(path, d) {
			c.dimIndex[d] = len(c.dims)
			c.dims = append(c.dims, d)
		}
	}
	dim := func(path, name string) int {
		i, ok := c.dimIndex[name]
		if !ok {
			fail(sec.Errorf(path, "list it in run.dimensions", "%q is not a dimension", name))
			return -1
		}
		return i
	}

	c.done = rule("run.done", spec.Done, c.eventSchema, quality.KindBool)

	// Machines: every machine of the policy runs; the section may restrict
	// each to the orders for which its rule holds.
	bound := map[string]binding.Machine{}
	for _, m := range spec.Machines {
		if _, ok := pol.Machines[m.Name]; !ok {
			fail(sec.Errorf("run.machines."+m.Name, nameHint(m.Name, pol.MachineNames()), "no machine %q in the policy", m.Name))
			continue
		}
		bound[m.Name] = m
	}
	for _, name := range pol.MachineNames() {
		m := pol.Machines[name]
		mc := machineCfg{name: name, m: m, events: map[string]bool{}}
		for _, e := range m.Events() {
			mc.events[e] = true
		}
		if b, ok := bound[name]; ok {
			mc.when = rule("run.machines."+name+".when", b.When, c.eventSchema, quality.KindBool)
		}
		c.machines = append(c.machines, mc)
	}

	// Callback.
	if cb := spec.Callback; cb != nil {
		cc := &callbackCfg{scaleName: cb.Scale, reply: cb.Reply,
			eligible: rule("run.callback.eligible", cb.Eligible, c.outcomeSchema, quality.KindBool)}
		if cc.scaleName == "" {
			names := pol.ScaleNames()
			if len(names) == 1 {
				cc.scaleName = names[0]
			} else {
				fail(sec.Errorf("run.callback", "", "name the scale: the policy has %d scales", len(names)))
			}
		}
		if cc.scaleName != "" {
			if s, ok := pol.Scales[cc.scaleName]; ok {
				cc.scale = s
			} else {
				fail(sec.Errorf("run.callback.scale", nameHint(cc.scaleName, pol.ScaleNames()), "no scale %q in the policy", cc.scaleName))
			}
		}
		stringFact("run.callback.reply", cb.Reply)
		for i, b := range cb.By {
			path := fmt.Sprintf("run.callback.by[%d]", i)
			if _, isDim := c.dimIndex[b]; isDim || b == "day" || b == "period" {
				fail(sec.Errorf(path, "", "%q is already a dimension", b))
				continue
			}
			if stringFact(path, b) {
				cc.by = append(cc.by, b)
			}
		}
		if pol.Metrics == nil {
			fail(sec.Errorf("run.callback", "add metrics: {min_sample: 30, places: 4, rounding: half_up}", "the policy has no metrics settings, which satisfaction figures need"))
		} else {
			cc.metrics = *pol.Metrics
		}
		c.callback = cc
	}

	// Measures.
	measureIndex := map[string]int{}
	for _, m := range spec.Measures {
		path := "run.measures." + m.Name
		mc := measureCfg{name: m.Name, doc: m.Doc}
		switch {
		case m.Count != "" && m.Where == "" && m.Hit == "":
			mc.kind = measureCount
			mc.count = rule(path+".count", m.Count, c.outcomeSchema, quality.KindBool)
		case m.Count == "" && m.Where != "" && m.Hit != "":
			mc.kind = measureRate
			mc.where = rule(path+".where", m.Where, c.outcomeSchema, quality.KindBool)
			mc.hit = rule(path+".hit", m.Hit, c.outcomeSchema, quality.KindBool)
		default:
			fail(sec.Errorf(path, "count: RULE, or where: RULE with hit: RULE", "a measure is a count or a rate"))
			continue
		}
		measureIndex[m.Name] = len(c.measures)
		c.measures = append(c.measures, mc)
	}

	// Scorecards and star ratings.
	cardOf := func(kind string, b binding.Card, sc *appraisal.Scorecard, stars *appraisal.StarScale) (cardCfg, bool) {
		path := "run." + kind + "." + b.Name
		cc := cardCfg{name: b.Name, sc: sc, stars: stars, subject: dim(path+".subject", b.Subject)}
		items := sc.ItemIDs()
		for _, item := range sortedKeys(b.Inputs) {
			if !slices.Contains(items, item) {
				fail(sec.Errorf(path+".inputs."+item, nameHint(item, items), "the card has no input item %q", item))
			}
		}
		for _, item := range items {
			in := itemInput{item: item, method: sc.Method(item), measure: -1}
			name, explicit := b.Inputs[item]
			if !explicit {
				name = item
			}
			if mi, ok := measureIndex[name]; ok {
				in.measure = mi
				if err := fits(in.method, c.measures[mi].kind); err != "" {
					fail(sec.Errorf(path+".inputs."+item, "", "item %q (%s) %s", item, in.method, err))
				}
			} else if explicit {
				fail(sec.Errorf(path+".inputs."+item, nameHint(name, sortedKeys(measureIndex)), "no measure %q", name))
			}
			cc.inputs = append(cc.inputs, in)
		}
		for _, f := range sortedKeys(b.Facts) {
			fp := path + ".facts." + f
			field, ok := pol.ScorecardSchema.Field(f)
			if !ok {
				fail(sec.Errorf(fp, factHint(pol.ScorecardSchema, f), "no scorecard fact %q in the policy", f))
				continue
			}
			mi, ok := measureIndex[b.Facts[f]]
			if !ok {
				fail(sec.Errorf(fp, nameHint(b.Facts[f], sortedKeys(measureIndex)), "no measure %q", b.Facts[f]))
				continue
			}
			switch {
			case field.Kind == quality.KindInt && c.measures[mi].kind == measureCount,
				field.Kind == quality.KindDecimal && c.measures[mi].kind == measureRate:
			default:
				fail(sec.Errorf(fp, "an int fact takes a count, a decimal fact a rate", "fact %q is a %s and measure %q a %s", f, field.Kind, b.Facts[f], c.measures[mi].kind))
				continue
			}
			cc.facts = append(cc.facts, factInput{name: f, kind: field.Kind, measure: mi})
		}
		return cc, cc.subject >= 0
	}
	cardIndex := map[string]int{}
	for _, b := range spec.Scorecards {
		sc, ok := pol.Scorecards[b.Name]
		if !ok {
			fail(sec.Errorf("run.scorecards."+b.Name, nameHint(b.Name, pol.ScorecardNames()), "no scorecard %q in the policy", b.Name))
			continue
		}
		if cc, ok := cardOf("scorecards", b, sc, nil); ok {
			cardIndex[b.Name] = len(c.cards)
			c.cards = append(c.cards, cc)
		}
	}
	for _, b := range spec.Stars {
		st, ok := pol.Stars[b.Name]
		if !ok {
			fail(sec.Errorf("run.stars."+b.Name, nameHint(b.Name, pol.StarNames()), "no star rating %q in the policy", b.Name))
			continue
		}
		if cc, ok := cardOf("stars", b, st.Scorecard(), st); ok {
			c.stars = append(c.stars, cc)
		}
	}

	// Rankings.
	for _, b := range spec.Rankings {
		path := "run.rankings." + b.Name
		rs, ok := pol.Rankings[b.Name]
		if !ok {
			fail(sec.Errorf(path, nameHint(b.Name, pol.RankingNames()), "no ranking %q in the policy", b.Name))
			continue
		}
		rc := rankCfg{name: b.Name, spec: rs, subject: dim(path+".subject", b.Subject), measure: -1, card: -1}
		if rs.By == appraisal.RankScore {
			ci, ok := cardIndex[b.Scorecard]
			if !ok {
				fail(sec.Errorf(path, nameHint(b.Scorecard, sortedKeys(cardIndex)), "a ranking by score names a bound scorecard: scorecard: NAME"))
				continue
			}
			rc.card = ci
		} else {
			mi, ok := measureIndex[b.Measure]
			if !ok || c.measures[mi].kind != measureRate {
				fail(sec.Errorf(path, nameHint(b.Measure, sortedKeys(measureIndex)), "a ranking by %s names a rate measure: measure: NAME", rs.By))
				continue
			}
			rc.measure = mi
		}
		if rc.subject >= 0 {
			c.rankings = append(c.rankings, rc)
		}
	}

	// Ledger.
	if len(spec.Ledger) > 0 && pol.Ledger == nil {
		fail(sec.Errorf("run.ledger", "", "the policy has no ledger (money rules)"))
	}
	var kinds []string
	if pol.Ledger != nil {
		for _, r := range pol.Ledger.Tariff().Rules {
			kinds = append(kinds, r.Event)
		}
	}
	var roles []string
	if pol.Ledger != nil {
		for _, r := range pol.Ledger.Tariff().Rules {
			for _, l := range r.Liability {
				roles = append(roles, l.Role)
			}
		}
	}
	for i, b := range spec.Ledger {
		path := fmt.Sprintf("run.ledger[%d]", i)
		if pol.Ledger != nil && !slices.Contains(kinds, b.Event) {
			fail(sec.Errorf(path+".event", nameHint(b.Event, kinds), "no money rule prices the event %q", b.Event))
		}
		lc := ledgerCfg{
			event:   b.Event,
			when:    rule(path+".when", b.When, c.outcomeSchema, quality.KindBool),
			subject: dim(path+".subject", b.Subject),
			units:   rule(path+".units", b.Units, c.outcomeSchema, quality.KindDecimal),
			at:      rule(path+".at", b.At, c.outcomeSchema, quality.KindTime),
		}
		for _, role := range sortedKeys(b.Linked) {
			if pol.Ledger != nil && !slices.Contains(roles, role) {
				fail(sec.Errorf(path+".linked."+role, nameHint(role, roles), "no money rule charges the role %q", role))
			}
			lc.linked = append(lc.linked, linkCfg{role: role, dim: dim(path+".linked."+role, b.Linked[role])})
		}
		c.ledger = append(c.ledger, lc)
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool {
			if errs[i].Line != errs[j].Line {
				return errs[i].Line < errs[j].Line
			}
			return errs[i].Column < errs[j].Column
		})
		return nil, errs
	}
	return c, nil
}

// fits says why a measure of kind k cannot feed an item scored by m, or "".
func fits(m appraisal.Method, k measureKind) string {
	switch m {
	case appraisal.MethodLinear, appraisal.MethodSteps:
		if k == measureRate {
			return ""
		}
		return "is scored against a target and needs a rate measure (where/hit)"
	case appraisal.MethodDeduction:
		if k == measureCount {
			return ""
		}
		return "deducts per event and needs a count measure"
	}
	return "cannot take a measure: its input comes from outside the work-order data"
}

// Dimensions returns the dimension facts, in the section's order.
func (c *Config) Dimensions() []string { return slices.Clone(c.dims) }

// EventSchema returns the policy's facts plus "event".
func (c *Config) EventSchema() *quality.Schema { return c.eventSchema }

// OutcomeSchema returns the facts the run section's measures and ledger rules
// read.
func (c *Config) OutcomeSchema() *quality.Schema { return c.outcomeSchema }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func nameHint(name string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	if len(known) == 0 {
		return ""
	}
	return "known: " + join(known)
}

func factHint(s *quality.Schema, name string) string {
	var names []string
	for _, f := range s.Fields() {
		names = append(names, f.Name)
	}
	return nameHint(name, names)
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
