package casetest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/cmd/servq/internal/engine"
	"github.com/servq/servq/cmd/servq/internal/ruleeval"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
	"github.com/servq/servq/workorder"
)

// Result is one test's outcome.
type Result struct {
	Case     *Case
	Pass     bool
	Problems []Problem
	// Got lists what the test computed, for servq test -v.
	Got []string
}

// Run runs the cases whose names match filter (nil: all).
func Run(cfg *engine.Config, f *File, filter *regexp.Regexp) []Result {
	var out []Result
	for _, c := range f.Cases {
		if filter != nil && !filter.MatchString(c.Name) {
			continue
		}
		var probs []Problem
		r := &runner{cfg: cfg, c: c, probs: &probs}
		c.node.probs = &probs
		switch c.Kind {
		case "rule":
			r.rule()
		case "clock":
			r.clock()
		case "machine":
			r.machine()
		case "sample":
			r.sample()
		case "reply":
			r.reply()
		case "score":
			r.score(false)
		case "stars":
			r.score(true)
		case "ledger":
			r.ledger()
		}
		out = append(out, Result{Case: c, Pass: len(probs) == 0, Problems: probs, Got: r.got})
	}
	return out
}

type runner struct {
	cfg   *engine.Config
	c     *Case
	probs *[]Problem
	got   []string
}

func (r *runner) n() *node { return r.c.node }

func (r *runner) fail(line int, format string, args ...any) {
	*r.probs = append(*r.probs, Problem{File: r.c.node.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// want returns the want node, failing when it is absent.
func (r *runner) want(mapping bool) *node {
	w := r.n().key("want")
	if w == nil {
		r.fail(r.c.Line, "test %q has no want: say what the result should be", r.c.Name)
		return nil
	}
	if mapping && !w.isMap() {
		w.fail("want: a mapping of results, such as {phase: stopped, breached: false}")
		return nil
	}
	return w
}

// facts reads a mapping of facts typed by schema.
func (r *runner) facts(n *node, schema *quality.Schema) quality.Facts {
	out := quality.Facts{}
	if n == nil {
		return out
	}
	if !n.isMap() {
		n.fail("facts: want a mapping of fact names to values")
		return out
	}
	for _, p := range n.pairs() {
		f, ok := schema.Field(p.k)
		if !ok {
			r.fail(p.l, "no fact %q here%s", p.k, hint(p.k, schema))
			continue
		}
		v, err := value(p.v, f.Kind)
		if err != nil {
			r.fail(p.v.n.Line, "%s: %v", p.k, err)
			continue
		}
		out[p.k] = v
	}
	return out
}

// hint returns ` (did you mean "x"?)` for the fact of schema that name most
// likely misspells ([quality.Closest]), or "".
func hint(name string, schema *quality.Schema) string {
	var names []string
	for _, f := range schema.Fields() {
		names = append(names, f.Name)
	}
	if best := quality.Closest(name, names); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// value reads a node as a value of kind k: a scalar as a CSV cell, a list of
// scalars for strings.
func value(n *node, k quality.Kind) (any, error) {
	if k == quality.KindStrings && n.n.Kind == yaml.SequenceNode {
		list := []string{}
		for _, c := range n.n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("a list of strings holds text only")
			}
			list = append(list, c.Value)
		}
		return list, nil
	}
	if n.n.Kind != yaml.ScalarNode {
		return nil, fmt.Errorf("want a single value of kind %s", k)
	}
	return workorder.ParseValue(k, n.n.Value)
}

func (r *runner) instant(n *node, what string) (time.Time, bool) {
	s, ok := n.scalar()
	if !ok {
		return time.Time{}, false
	}
	v, err := workorder.ParseValue(quality.KindTime, s)
	if err != nil {
		n.fail("%s: %v", what, err)
		return time.Time{}, false
	}
	return v.(time.Time), true
}

type event struct {
	name  string
	at    time.Time
	facts quality.Facts // the order's facts after the event
	line  int
}

// events reads the events list: each event's facts are merged into the
// order's facts, as servq run does.
func (r *runner) events(schema *quality.Schema, base quality.Facts) []event {
	n := r.n().key("events")
	if n == nil {
		return nil
	}
	var out []event
	cur := quality.Facts{}
	for k, v := range base {
		cur[k] = v
	}
	for _, en := range n.list() {
		if !en.isMap() {
			en.fail("an event: {event: NAME, at: INSTANT, facts: {...}}")
			continue
		}
		en.done("event", "at", "facts")
		name, _ := en.key("event").scalar()
		if name == "" {
			en.fail("an event needs event: NAME")
			continue
		}
		atNode := en.key("at")
		if atNode == nil {
			en.fail("an event needs at: INSTANT")
			continue
		}
		at, ok := r.instant(atNode, "at")
		if !ok {
			continue
		}
		for k, v := range r.facts(en.key("facts"), schema) {
			cur[k] = v
		}
		snap := quality.Facts{}
		for k, v := range cur {
			snap[k] = v
		}
		out = append(out, event{name: name, at: at, facts: snap, line: en.n.Line})
	}
	return out
}

// check compares one expected result with what was got.
func (r *runner) check(want *node, key string, got any) {
	r.got = append(r.got, fmt.Sprintf("%s: %s", key, show(got)))
	w := want.key(key)
	if w == nil {
		return
	}
	ok, err := equal(w, got)
	if err != nil {
		r.fail(w.n.Line, "%s: %v", key, err)
		return
	}
	if !ok {
		r.fail(w.n.Line, "%s: got %s, want %s", key, show(got), wantText(w))
	}
}

func wantText(w *node) string {
	if w.n.Kind == yaml.SequenceNode {
		var parts []string
		for _, c := range w.n.Content {
			parts = append(parts, strconv.Quote(c.Value))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return w.n.Value
}

func show(v any) string {
	switch x := v.(type) {
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case string:
		return strconv.Quote(x)
	}
	return ruleeval.Format(v)
}

// equal compares a want node with a got value of a known Go type.
func equal(w *node, got any) (bool, error) {
	if l, ok := got.([]string); ok {
		if w.n.Kind != yaml.SequenceNode {
			return false, fmt.Errorf("want a list")
		}
		var want []string
		for _, c := range w.n.Content {
			want = append(want, c.Value)
		}
		return slices.Equal(l, want) || (len(l) == 0 && len(want) == 0), nil
	}
	if w.n.Kind != yaml.ScalarNode {
		return false, fmt.Errorf("want a single value")
	}
	s := w.n.Value
	switch x := got.(type) {
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return false, fmt.Errorf("want true or false, not %q", s)
		}
		return b == x, nil
	case int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return false, fmt.Errorf("want a whole number, not %q", s)
		}
		return n == x, nil
	case int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return false, fmt.Errorf("want a whole number, not %q", s)
		}
		return n == x, nil
	case decimal.Decimal:
		d, err := decimal.NewFromString(s)
		if err != nil {
			return false, fmt.Errorf("want a number, not %q", s)
		}
		return d.Equal(x), nil
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return false, fmt.Errorf("want a duration such as 20m, not %q", s)
		}
		return d == x, nil
	case time.Time:
		if s == "" || s == "none" {
			return x.IsZero(), nil
		}
		v, err := workorder.ParseValue(quality.KindTime, s)
		if err != nil {
			return false, err
		}
		return v.(time.Time).Equal(x), nil
	case string:
		return s == x, nil
	case fmt.Stringer:
		return s == x.String(), nil
	}
	return s == fmt.Sprint(got), nil
}

func (r *runner) rule() {
	n := r.n()
	n.done("name", "doc", "rule", "facts", "want")
	src, _ := n.key("rule").scalar()
	schema := r.cfg.OutcomeSchema()
	facts := r.facts(n.key("facts"), schema)
	w := r.want(false)
	if len(*r.probs) > 0 {
		return
	}
	rule, err := ruleeval.Compile(src, schema, quality.KindInvalid)
	if err != nil {
		r.fail(n.key("rule").n.Line, "the rule does not compile: %v", err)
		return
	}
	v, err := rule.Eval(facts)
	if err != nil {
		r.fail(n.key("rule").n.Line, "the rule fails: %v", err)
		return
	}
	r.got = append(r.got, "value: "+show(v))
	if w == nil {
		return
	}
	ok, err := equal(w, v)
	switch {
	case err != nil:
		r.fail(w.n.Line, "want: %v", err)
	case !ok:
		r.fail(w.n.Line, "got %s, want %s", show(v), wantText(w))
	}
}

func (r *runner) clock() {
	n := r.n()
	n.done("name", "doc", "clock", "facts", "events", "at", "want")
	name, _ := n.key("clock").scalar()
	cs := r.cfg.Policy.Clocks
	if cs == nil || !slices.Contains(cs.Names(), name) {
		r.fail(n.key("clock").n.Line, "the policy has no clock %q", name)
		return
	}
	schema := r.cfg.Policy.Schema
	evs := r.events(schema, r.facts(n.key("facts"), schema))
	w := r.want(true)
	if len(*r.probs) > 0 {
		return // the inputs are wrong: nothing to compute
	}
	if len(evs) == 0 {
		r.fail(r.c.Line, "a clock test needs events")
		return
	}
	var in []sla.Event
	for i, e := range evs {
		in = append(in, sla.Event{ID: "e" + strconv.Itoa(i+1), At: e.at, Name: e.name, Facts: e.facts})
	}
	st, err := cs.Fold(sla.State{}, in...)
	if err != nil {
		r.fail(r.c.Line, "the events do not fold: %v", err)
		return
	}
	at := evs[len(evs)-1].at
	if a := n.key("at"); a != nil {
		var ok bool
		if at, ok = r.instant(a, "at"); !ok {
			return
		}
	}
	s, err := cs.Status(st, name, at)
	if err != nil {
		r.fail(r.c.Line, "status: %v", err)
		return
	}
	if w == nil {
		return
	}
	w.done("phase", "target", "cycle", "elapsed", "remaining", "budget", "due", "breached", "met", "warnings")
	r.check(w, "phase", s.Phase.String())
	r.check(w, "target", s.Target)
	r.check(w, "cycle", s.Cycle)
	r.check(w, "elapsed", s.Elapsed)
	r.check(w, "remaining", s.Remaining)
	r.check(w, "budget", s.Budget)
	r.check(w, "due", s.Due)
	r.check(w, "breached", s.Breached)
	r.check(w, "met", s.Met())
	r.check(w, "warnings", append([]string{}, s.Warnings()...))
}

func (r *runner) machine() {
	n := r.n()
	n.done("name", "doc", "machine", "facts", "events", "start", "until", "want")
	name, _ := n.key("machine").scalar()
	m, ok := r.cfg.Policy.Machines[name]
	if !ok {
		r.fail(n.key("machine").n.Line, "the policy has no machine %q", name)
		return
	}
	schema := r.cfg.Policy.Schema
	base := r.facts(n.key("facts"), schema)
	evs := r.events(schema, base)
	w := r.want(true)
	if len(*r.probs) > 0 {
		return
	}
	var start, until time.Time
	if s := n.key("start"); s != nil {
		if start, ok = r.instant(s, "start"); !ok {
			return
		}
	} else if len(evs) > 0 {
		start = evs[0].at
	} else {
		r.fail(r.c.Line, "a machine test needs start: INSTANT or events")
		return
	}
	if u := n.key("until"); u != nil {
		if until, ok = r.instant(u, "until"); !ok {
			return
		}
	}
	var in []escalation.Event
	for i, e := range evs {
		in = append(in, escalation.Event{ID: "e" + strconv.Itoa(i+1), Name: e.name, At: e.at, Facts: e.facts})
	}
	if until.IsZero() && len(evs) > 0 {
		until = evs[len(evs)-1].at
	} else if until.IsZero() {
		until = start
	}
	tl, err := m.Simulate("test", start, base, in, until)
	if err != nil {
		r.fail(r.c.Line, "simulation: %v", err)
		return
	}
	var actions []string
	for _, st := range tl.Steps {
		for _, a := range st.Actions {
			actions = append(actions, a.Action.String())
		}
	}
	if actions == nil {
		actions = []string{}
	}
	if w == nil {
		return
	}
	w.done("state", "level", "cycle", "terminal", "actions")
	r.check(w, "state", tl.Final.Current)
	r.check(w, "level", tl.Final.Level)
	r.check(w, "cycle", tl.Final.Cycle)
	r.check(w, "terminal", m.Terminal(tl.Final))
	r.check(w, "actions", actions)
}

func (r *runner) sample() {
	n := r.n()
	n.done("name", "doc", "sample", "period", "facts", "want")
	rs := r.cfg.Policy.Sampling
	if rs == nil {
		r.fail(r.c.Line, "the policy has no sampling rules")
		return
	}
	order, _ := n.key("sample").scalar()
	period, ok := n.key("period").scalar()
	if !ok {
		r.fail(r.c.Line, "a sampling test needs period: such as 2025-07")
		return
	}
	facts := r.facts(n.key("facts"), r.cfg.Policy.Schema)
	w := r.want(true)
	if len(*r.probs) > 0 {
		return
	}
	d, err := rs.Period(period).Decide(order, facts)
	if err != nil {
		r.fail(r.c.Line, "decision: %v", err)
		return
	}
	if w == nil {
		return
	}
	w.done("outcome", "layer", "rule", "reason", "stratum")
	r.check(w, "outcome", d.Outcome.String())
	r.check(w, "layer", d.Receipt.Layer.String())
	r.check(w, "rule", d.Receipt.Rule)
	r.check(w, "reason", d.Receipt.Reason)
	r.check(w, "stratum", d.Receipt.Stratum)
}

func (r *runner) reply() {
	n := r.n()
	n.done("name", "doc", "reply", "scale", "want")
	text, _ := n.key("reply").scalar()
	var scale *survey.Scale
	if s := n.key("scale"); s != nil {
		name, _ := s.scalar()
		scale = r.cfg.Policy.Scales[name]
		if scale == nil {
			s.fail("the policy has no scale %q", name)
			return
		}
	} else if names := r.cfg.Policy.ScaleNames(); len(names) == 1 {
		scale = r.cfg.Policy.Scales[names[0]]
	} else {
		r.fail(r.c.Line, "say which scale: the policy has %d", len(names))
		return
	}
	w := r.want(true)
	a := scale.Parse(text)
	var t survey.Tally
	t.Add(a)
	c := scale.Count(t)
	label := ""
	if _, ok := a.Point(); ok {
		label = scale.Format(a)
	}
	if w == nil {
		return
	}
	w.done("rated", "satisfied", "label", "kind")
	r.check(w, "kind", a.Kind().String())
	r.check(w, "rated", c.Rated == 1)
	r.check(w, "satisfied", c.Satisfied == 1)
	r.check(w, "label", label)
}

// inputs reads scorecard inputs: item → {rate: 28/30}, {value: 0.96},
// {count: 2}, {checks: {...}}, {facts: {...}}, {rate, previous}.
func (r *runner) inputs(n *node) appraisal.Inputs {
	in := appraisal.Inputs{}
	if n == nil {
		return in
	}
	for _, p := range n.pairs() {
		if !p.v.isMap() {
			p.v.fail("%s: want {rate: 28/30}, {value: 0.96}, {count: 2}, {checks: {...}} or {facts: {...}}", p.k)
			continue
		}
		p.v.done("rate", "value", "count", "checks", "facts", "previous", "previous_value")
		var input appraisal.Input
		if v := p.v.key("rate"); v != nil {
			rate, err := parseRate(v)
			if err != nil {
				v.fail("%s: %v", p.k, err)
				continue
			}
			input.Rate = &rate
		}
		if v := p.v.key("previous"); v != nil {
			rate, err := parseRate(v)
			if err != nil {
				v.fail("%s: %v", p.k, err)
				continue
			}
			input.Previous = &rate
		}
		for key, dst := range map[string]**decimal.Decimal{"value": &input.Value, "previous_value": &input.PreviousValue} {
			if v := p.v.key(key); v != nil {
				s, _ := v.scalar()
				d, err := decimal.NewFromString(s)
				if err != nil {
					v.fail("%s: want a number, not %q", p.k, s)
					continue
				}
				*dst = &d
			}
		}
		if v := p.v.key("count"); v != nil {
			s, _ := v.scalar()
			c, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				v.fail("%s: want a whole number, not %q", p.k, s)
				continue
			}
			input.Count = &c
		}
		if v := p.v.key("checks"); v != nil {
			input.Checks = map[string]bool{}
			for _, cp := range v.pairs() {
				b, err := strconv.ParseBool(cp.v.n.Value)
				if err != nil {
					cp.v.fail("%s: want true or false", cp.k)
					continue
				}
				input.Checks[cp.k] = b
			}
		}
		if v := p.v.key("facts"); v != nil {
			input.Facts = r.facts(v, r.cfg.Policy.ScorecardSchema)
		}
		in[p.k] = input
	}
	return in
}

func parseRate(n *node) (quality.Rate, error) {
	s, _ := n.scalar()
	num, den, ok := strings.Cut(s, "/")
	if !ok {
		return quality.Rate{}, fmt.Errorf("want a rate as counts, such as 28/30, not %q", s)
	}
	a, err1 := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	b, err2 := strconv.ParseInt(strings.TrimSpace(den), 10, 64)
	if err1 != nil || err2 != nil {
		return quality.Rate{}, fmt.Errorf("want a rate as counts, such as 28/30, not %q", s)
	}
	return quality.NewRate(a, b)
}

func (r *runner) score(stars bool) {
	n := r.n()
	kind := "score"
	if stars {
		kind = "stars"
	}
	n.done("name", "doc", kind, "subject", "inputs", "want")
	name, _ := n.key(kind).scalar()
	subject := "subject"
	if s := n.key("subject"); s != nil {
		subject, _ = s.scalar()
	}
	in := r.inputs(n.key("inputs"))
	w := r.want(true)
	if len(*r.probs) > 0 {
		return
	}
	var res appraisal.Result
	var st appraisal.Stars
	var err error
	if stars {
		ss, ok := r.cfg.Policy.Stars[name]
		if !ok {
			r.fail(n.key(kind).n.Line, "the policy has no star rating %q", name)
			return
		}
		st, err = ss.Rate(subject, in)
		res = st.Result
	} else {
		sc, ok := r.cfg.Policy.Scorecards[name]
		if !ok {
			r.fail(n.key(kind).n.Line, "the policy has no scorecard %q", name)
			return
		}
		res, err = sc.Score(subject, in)
	}
	if err != nil {
		r.fail(r.c.Line, "scoring: %v", err)
		return
	}
	if w == nil {
		return
	}
	if stars {
		w.done("stars", "points", "items")
		r.check(w, "stars", st.Stars)
	} else {
		w.done("points", "max", "items")
		r.check(w, "max", res.Max)
	}
	r.check(w, "points", res.Points)
	if items := w.key("items"); items != nil {
		for _, p := range items.pairs() {
			node, ok := res.Item(p.k)
			if !ok {
				r.fail(p.l, "the card has no item %q", p.k)
				continue
			}
			r.check(items, p.k, node.Points)
		}
	}
}

func (r *runner) ledger() {
	n := r.n()
	n.done("name", "doc", "ledger", "subject", "at", "units", "linked", "want")
	if r.cfg.Policy.Ledger == nil {
		r.fail(r.c.Line, "the policy has no ledger")
		return
	}
	kind, _ := n.key("ledger").scalar()
	ev := appraisal.Event{ID: "test", Kind: kind}
	if s := n.key("subject"); s != nil {
		ev.Subject, _ = s.scalar()
	} else {
		r.fail(r.c.Line, "a ledger test needs subject: WHO")
		return
	}
	a := n.key("at")
	if a == nil {
		r.fail(r.c.Line, "a ledger test needs at: INSTANT (it selects the rate)")
		return
	}
	var ok bool
	if ev.At, ok = r.instant(a, "at"); !ok {
		return
	}
	if u := n.key("units"); u != nil {
		s, _ := u.scalar()
		units, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			u.fail("units: want a whole number")
			return
		}
		ev.Units = units
	}
	if l := n.key("linked"); l != nil {
		for _, p := range l.pairs() {
			who, _ := p.v.scalar()
			ev.Linked = append(ev.Linked, appraisal.Link{Role: p.k, Subject: who})
		}
	}
	w := r.want(true)
	lines, err := r.cfg.Policy.Ledger.Post(ev)
	if err != nil {
		r.fail(r.c.Line, "posting: %v", err)
		return
	}
	total := decimal.Zero
	for _, l := range lines {
		total = total.Add(l.Amount)
	}
	if w == nil {
		return
	}
	w.done("total", "lines")
	r.check(w, "total", total)
	wl := w.key("lines")
	if wl == nil {
		return
	}
	want := wl.list()
	if len(want) != len(lines) {
		r.fail(wl.n.Line, "lines: got %d, want %d", len(lines), len(want))
	}
	for i := 0; i < len(want) && i < len(lines); i++ {
		l, wn := lines[i], want[i]
		wn.done("subject", "role", "rule", "kind", "amount")
		r.check(wn, "subject", l.Subject)
		r.check(wn, "role", l.Role)
		r.check(wn, "rule", l.Rule)
		r.check(wn, "kind", l.Kind.String())
		r.check(wn, "amount", l.Amount)
	}
}
