package engine

import (
	"fmt"
	"slices"
	"sort"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/policy"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/survey"
)

// Config is a policy and its run section (Policy.Run) laid out for the
// engine: names turned into indices. It is immutable and may drive any
// number of engines.
type Config struct {
	Policy *policy.Policy

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

type measureCfg struct {
	name, doc string
	kind      policy.MeasureKind
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
// facts for the run section's measures and ledger rules. Package policy
// declares them (the run section's rules are compiled against them there).
const (
	FactEvent             = policy.FactEvent
	FactCallbackSelected  = policy.FactCallbackSelected
	FactCallbackExcluded  = policy.FactCallbackExcluded
	FactCallbackReplied   = policy.FactCallbackReplied
	FactCallbackRated     = policy.FactCallbackRated
	FactCallbackSatisfied = policy.FactCallbackSatisfied
	FactCallbackReply     = policy.FactCallbackReply
	FactSLAMet            = policy.FactSLAMet
	FactSLABreached       = policy.FactSLABreached
	FactEscalationLevel   = policy.FactEscalationLevel
	FactCreatedAt         = policy.FactCreatedAt
	FactDoneAt            = policy.FactDoneAt
)

// OutcomeFields are the outcome facts, with their documentation.
var OutcomeFields = policy.OutcomeFields()

// Compile builds the engine's configuration from a loaded policy and its
// compiled run section (pol.Run), which package policy has already checked:
// every rule type-checked, every name resolved. Without a run section the
// engine replays clocks and machines only, finishing every order at the end
// of the data; the error then says why the policy's facts cannot take the
// facts servq adds.
func Compile(pol *policy.Policy) (*Config, error) {
	c := &Config{Policy: pol, dimIndex: map[string]int{}}
	run := pol.Run
	if run == nil {
		var err error
		if c.eventSchema, err = pol.Schema.Extend(quality.Field{Name: FactEvent, Kind: quality.KindString, Doc: "the name of the event at hand"}); err != nil {
			return nil, fmt.Errorf("%s: cannot add the fact %q: %w", pol.File, FactEvent, err)
		}
		if c.outcomeSchema, err = c.eventSchema.Extend(OutcomeFields...); err != nil {
			return nil, fmt.Errorf("%s: cannot add the outcome facts: %w", pol.File, err)
		}
		for _, name := range pol.MachineNames() {
			c.machines = append(c.machines, newMachineCfg(name, pol.Machines[name], nil))
		}
		return c, nil
	}
	c.eventSchema, c.outcomeSchema = run.EventSchema, run.OutcomeSchema
	for _, d := range run.Dimensions {
		c.dimIndex[d] = len(c.dims)
		c.dims = append(c.dims, d)
	}
	c.done = run.Done
	for _, m := range run.Machines {
		c.machines = append(c.machines, newMachineCfg(m.Name, pol.Machines[m.Name], m.When))
	}
	if cb := run.Callback; cb != nil {
		c.callback = &callbackCfg{scaleName: cb.Scale, scale: pol.Scales[cb.Scale], reply: cb.Reply,
			eligible: cb.Eligible, by: cb.By, metrics: *pol.Metrics}
	}
	measureIndex := map[string]int{}
	for _, m := range run.Measures {
		measureIndex[m.Name] = len(c.measures)
		c.measures = append(c.measures, measureCfg{name: m.Name, doc: m.Doc, kind: m.Kind, count: m.Count, where: m.Where, hit: m.Hit})
	}
	measure := func(name string) int {
		if i, ok := measureIndex[name]; ok {
			return i
		}
		return -1
	}
	cardOf := func(b policy.RunCard, sc *appraisal.Scorecard, stars *appraisal.StarScale) cardCfg {
		cc := cardCfg{name: b.Name, sc: sc, stars: stars, subject: c.dimIndex[b.Subject]}
		for _, in := range b.Inputs {
			cc.inputs = append(cc.inputs, itemInput{item: in.Name, method: sc.Method(in.Name), measure: measure(in.Measure)})
		}
		for _, f := range b.Facts {
			field, _ := pol.ScorecardSchema.Field(f.Name)
			cc.facts = append(cc.facts, factInput{name: f.Name, kind: field.Kind, measure: measure(f.Measure)})
		}
		return cc
	}
	cardIndex := map[string]int{}
	for _, b := range run.Scorecards {
		cardIndex[b.Name] = len(c.cards)
		c.cards = append(c.cards, cardOf(b, pol.Scorecards[b.Name], nil))
	}
	for _, b := range run.Stars {
		st := pol.Stars[b.Name]
		c.stars = append(c.stars, cardOf(b, st.Scorecard(), st))
	}
	for _, b := range run.Rankings {
		rc := rankCfg{name: b.Name, spec: pol.Rankings[b.Name], subject: c.dimIndex[b.Subject], measure: measure(b.Measure), card: -1}
		if i, ok := cardIndex[b.Scorecard]; ok && b.Scorecard != "" {
			rc.card = i
		}
		c.rankings = append(c.rankings, rc)
	}
	for _, b := range run.Ledger {
		lc := ledgerCfg{event: b.Event, when: b.When, subject: c.dimIndex[b.Subject], units: b.Units, at: b.At}
		for _, l := range b.Linked {
			lc.linked = append(lc.linked, linkCfg{role: l.Role, dim: c.dimIndex[l.Dimension]})
		}
		c.ledger = append(c.ledger, lc)
	}
	return c, nil
}

func newMachineCfg(name string, m *escalation.Machine, when *quality.Rule) machineCfg {
	mc := machineCfg{name: name, m: m, when: when, events: map[string]bool{}}
	for _, e := range m.Events() {
		mc.events[e] = true
	}
	return mc
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
