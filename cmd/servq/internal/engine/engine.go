// Package engine replays work-order events through a policy: the SLA clocks
// and escalation machines of each open order, then, when the order is
// finished, the callback sampling, the survey aggregates, the run section's
// measures and the ledger. It is the engine of servq run, diff and explain.
//
// # Streaming
//
// Events come one at a time, in any interleaving of orders, each order's
// events in time order. The engine keeps the state of open orders only: an
// order's facts, its clocks' state and its machines' states. When the run
// section's done rule holds after an event, the order is finished: its
// outcomes are folded into aggregates that grow with the number of groups
// (technicians, stations, days), and its state is dropped. Memory therefore
// grows with open orders and groups, never with the number of events.
//
// # Events
//
// An event applies atomically: the machines first catch up on their timers
// due before it (a punctual host would have woken them), then its facts are
// merged into the order's facts, the clocks fold it, and every machine that
// accepts its name steps; if any of these fails (a late event, a rule that
// cannot be evaluated), the event is rejected and the order is as before.
// An event whose id the order has already seen is a duplicate delivery and is
// skipped. The counts reconcile: events given = applied + duplicates +
// rejected.
package engine

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
	"github.com/servq/servq/workorder"
)

// Options configure an engine.
type Options struct {
	// Trace names an order whose every step is recorded (servq explain).
	Trace string
	// KeepRejections is how many rejections are kept with their details;
	// all are counted. Zero means 20.
	KeepRejections int
	// Retain is how long, in the data's time, the ids of finished orders
	// are remembered, so that an event arriving after its order was
	// finished (a late reply, a second delivery of the closing event) is
	// rejected rather than taken for a new order. Zero means 7 days;
	// negative, not at all. Memory grows with the orders finished within
	// this span.
	Retain time.Duration
}

// DefaultRetain is the default of Options.Retain.
const DefaultRetain = 7 * 24 * time.Hour

// Engine replays events. It is not safe for concurrent use.
type Engine struct {
	cfg  *Config
	opts Options

	orders   map[string]*order
	last     time.Time // the latest instant seen
	done     map[string]doneOrder
	nextTrim time.Time

	counts     Counts
	rejections []Rejection
	byReason   map[string]int64
	problems   []Problem
	byProblem  map[string]int64

	finished int64
	clocks   []ClockSummary
	mach     []machineAcc
	sampling *samplingAcc
	callback CallbackSummary
	agg      *survey.Aggregate
	subjects []map[string]*subjectAcc // per dimension: value → measures
	overall  []acc
	ledger   *appraisal.Ledger
	lines    []appraisal.Line

	trace *Trace

	// Scratch space reused from event to event.
	tally    survey.Tally
	undo     []saved
	steps    []escalation.State
	results  []escalation.Result
	factsCap int
	outcome  quality.Facts
}

// saved is a fact's value before an event changed it.
type saved struct {
	name string
	v    any
	had  bool
}

// doneOrder remembers a finished order for Options.Retain.
type doneOrder struct {
	at   time.Time
	line int
}

// order is the state of one open order.
type order struct {
	id       string
	facts    quality.Facts
	created  time.Time
	last     time.Time
	lastLine int
	clocks   sla.State
	machines []escalation.State // zero State (Machine == "") until started
	seen     []string
	events   int
}

// Counts reconcile the events the engine was given.
type Counts struct {
	// Rows is every row of the data: decoded events plus rows the decoder
	// rejected.
	Rows int64 `json:"rows"`
	// Events is the decoded events given to the engine.
	Events int64 `json:"events"`
	// Applied, Duplicates and Rejected partition the rows:
	// Rows == Applied + Duplicates + Rejected.
	Applied    int64 `json:"applied"`
	Duplicates int64 `json:"duplicates"`
	Rejected   int64 `json:"rejected"`
}

// Rejection is one row or event that was not applied, with its line.
type Rejection struct {
	Line    int    `json:"line"`
	Order   string `json:"order,omitempty"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// Problem is a failure met while folding a finished order (a rule of the run
// section that could not be evaluated, a money line that could not be
// priced). The order is still counted; the failing part is left out.
type Problem struct {
	Order   string `json:"order"`
	Part    string `json:"part"`
	Message string `json:"message"`
}

type acc struct{ num, den int64 }

type subjectAcc struct {
	orders   int64
	measures []acc
}

type machineAcc struct {
	orders, terminal, unhandled int64
	levels                      []int64 // orders by highest level reached (index = level)
	actions                     map[actionKey]int64
}

type actionKey struct {
	kind       escalation.ActionKind
	role, code string
}

type samplingAcc struct {
	periods  map[string]*survey.Sampler
	rules    map[string]*RuleSummary
	order    []string
	defaults int64
}

// New returns an engine for the config.
func New(cfg *Config, opts Options) *Engine {
	if opts.KeepRejections == 0 {
		opts.KeepRejections = 20
	}
	if opts.Retain == 0 {
		opts.Retain = DefaultRetain
	}
	e := &Engine{
		cfg:       cfg,
		opts:      opts,
		orders:    map[string]*order{},
		done:      map[string]doneOrder{},
		byReason:  map[string]int64{},
		byProblem: map[string]int64{},
		subjects:  make([]map[string]*subjectAcc, len(cfg.dims)),
		overall:   make([]acc, len(cfg.measures)),
	}
	for i := range e.subjects {
		e.subjects[i] = map[string]*subjectAcc{}
	}
	if cs := cfg.Policy.Clocks; cs != nil {
		for _, n := range cs.Names() {
			e.clocks = append(e.clocks, ClockSummary{Name: n})
		}
	}
	for range cfg.machines {
		e.mach = append(e.mach, machineAcc{actions: map[actionKey]int64{}})
	}
	if rs := cfg.Policy.Sampling; rs != nil {
		e.sampling = &samplingAcc{periods: map[string]*survey.Sampler{}, rules: map[string]*RuleSummary{}}
		for _, r := range rs.Spec().Rules {
			e.sampling.rules[r.ID] = &RuleSummary{ID: r.ID, Layer: r.Layer.String(), Rate: r.Rate}
			e.sampling.order = append(e.sampling.order, r.ID)
		}
	}
	e.factsCap = len(cfg.Policy.Schema.Fields()) + 1
	e.outcome = make(quality.Facts, len(cfg.outcomeSchema.Fields())+1)
	e.steps = make([]escalation.State, len(cfg.machines))
	e.results = make([]escalation.Result, len(cfg.machines))
	if cfg.callback != nil && cfg.callback.scale != nil {
		e.agg = survey.NewAggregate(cfg.callback.scale)
	}
	if cfg.Policy.Ledger != nil {
		e.ledger, _ = appraisal.NewLedger(cfg.Policy.Ledger.Currency())
	}
	if opts.Trace != "" {
		e.trace = &Trace{Order: opts.Trace}
	}
	return e
}

// RejectRow counts a row the decoder rejected.
func (e *Engine) RejectRow(err *workorder.RowError) {
	e.counts.Rows++
	e.reject(Rejection{Line: err.Line, Reason: err.Reason(), Message: err.Error()})
}

func (e *Engine) reject(r Rejection) {
	e.counts.Rejected++
	e.byReason[r.Reason]++
	if len(e.rejections) < e.opts.KeepRejections {
		e.rejections = append(e.rejections, r)
	}
}

func (e *Engine) problem(o *order, part string, err error) {
	e.byProblem[part]++
	if len(e.problems) < e.opts.KeepRejections {
		e.problems = append(e.problems, Problem{Order: o.id, Part: part, Message: err.Error()})
	}
}

// Apply applies one decoded event. It returns nil when the event was applied
// or skipped as a duplicate, and the rejection otherwise (already counted).
func (e *Engine) Apply(ev *workorder.Event) *Rejection {
	e.counts.Rows++
	e.counts.Events++
	if ev.At.After(e.last) {
		e.last = ev.At
	}
	o := e.orders[ev.Order]
	if o == nil {
		if d, ok := e.done[ev.Order]; ok {
			r := Rejection{Line: ev.Line, Order: ev.Order, Reason: "after_done",
				Message: fmt.Sprintf("event %s at %s: the order was finished at %s (line %d); events after it are not applied",
					ev.Name, ev.At.Format(time.RFC3339), d.at.Format(time.RFC3339), d.line)}
			e.reject(r)
			if e.trace != nil && ev.Order == e.trace.Order {
				e.trace.Events = append(e.trace.Events, TraceEvent{Line: ev.Line, Name: ev.Name, At: ev.At, ID: ev.ID, Facts: cloneFacts(ev.Facts), Status: "rejected: " + r.Message})
			}
			return &r
		}
		o = &order{id: ev.Order, facts: make(quality.Facts, e.factsCap), created: ev.At}
		if n := len(e.cfg.machines); n > 0 {
			o.machines = make([]escalation.State, n)
		}
		e.orders[ev.Order] = o
	}
	tracing := e.trace != nil && ev.Order == e.trace.Order
	if ev.ID != "" && slices.Contains(o.seen, ev.ID) {
		e.counts.Duplicates++
		if tracing {
			e.trace.Events = append(e.trace.Events, TraceEvent{Line: ev.Line, Name: ev.Name, At: ev.At, ID: ev.ID, Status: "duplicate: id seen before, skipped"})
		}
		return nil
	}
	rej := func(reason, msg string) *Rejection {
		r := Rejection{Line: ev.Line, Order: ev.Order, Reason: reason, Message: msg}
		e.reject(r)
		if tracing {
			e.trace.Events = append(e.trace.Events, TraceEvent{Line: ev.Line, Name: ev.Name, At: ev.At, ID: ev.ID, Facts: cloneFacts(ev.Facts), Status: "rejected: " + msg})
		}
		if o.events == 0 {
			delete(e.orders, o.id) // nothing of the order was applied
		}
		return &r
	}
	if ev.At.Before(o.last) {
		return rej("late", fmt.Sprintf("event %s at %s is before the order's previous event (line %d, %s); an order's events must be in time order",
			ev.Name, ev.At.Format(time.RFC3339), o.lastLine, o.last.Format(time.RFC3339)))
	}
	// The clocks and machines are given an id of the event's place in the
	// order (1, 2, ...): repeated deliveries are recognised here, by the
	// data's own ids, so the packages never see one.
	id := strconv.Itoa(o.events + 1)

	// The machines catch up on timers due before the event, with the facts
	// as they were.
	var te *TraceEvent
	if tracing {
		e.trace.Events = append(e.trace.Events, TraceEvent{Line: ev.Line, Name: ev.Name, At: ev.At, ID: ev.ID, Facts: cloneFacts(ev.Facts)})
		te = &e.trace.Events[len(e.trace.Events)-1]
	}
	for i := range e.cfg.machines {
		if err := e.catchUp(o, i, ev.At, te); err != nil {
			return rej("machine", fmt.Sprintf("machine %s: %v", e.cfg.machines[i].name, err))
		}
	}

	// Merge the event's facts, remembering what to restore.
	undo := e.undo[:0]
	for k, v := range ev.Facts {
		old, had := o.facts[k]
		undo = append(undo, saved{k, old, had})
		o.facts[k] = v
	}
	e.undo = undo
	oldEvent, hadEvent := o.facts[FactEvent]
	o.facts[FactEvent] = ev.Name
	restore := func() {
		for _, s := range undo {
			if s.had {
				o.facts[s.name] = s.v
			} else {
				delete(o.facts, s.name)
			}
		}
		if hadEvent {
			o.facts[FactEvent] = oldEvent
		} else {
			delete(o.facts, FactEvent)
		}
	}

	// Clocks.
	var clocks sla.State
	if cs := e.cfg.Policy.Clocks; cs != nil {
		s, err := cs.Fold(o.clocks, sla.Event{ID: id, At: ev.At, Name: ev.Name, Facts: o.facts})
		if err != nil {
			restore()
			reason := "clock"
			if errors.Is(err, sla.ErrLateEvent) {
				reason = "late"
			}
			return rej(reason, err.Error())
		}
		clocks = s
	}

	// Machines.
	steps, results := e.steps, e.results
	for i, mc := range e.cfg.machines {
		st := o.machines[i]
		res := &results[i]
		res.Actions, res.Trace, res.Status = res.Actions[:0], res.Trace[:0], escalation.StatusInvalid
		started := false
		if st.Machine == "" {
			ok := true
			if mc.when != nil {
				var err error
				if ok, err = mc.when.EvalBool(o.facts); err != nil {
					restore()
					return rej("machine", fmt.Sprintf("machine %s: when: %v", mc.name, err))
				}
			}
			if !ok {
				steps[i] = st
				continue
			}
			start, err := mc.m.Start(o.id, ev.At, o.facts)
			if err != nil {
				restore()
				return rej("machine", fmt.Sprintf("machine %s: start: %v", mc.name, err))
			}
			st = start.State
			started = true
			res.Actions = append(res.Actions, start.Actions...)
			res.Trace = append(res.Trace, start.Trace...)
		}
		if mc.events[ev.Name] && !mc.m.Terminal(st) {
			var step escalation.Result
			if started {
				res2, err := mc.m.Step(st, escalation.Event{ID: id, Name: ev.Name, At: ev.At, Facts: o.facts}, ev.At)
				if err != nil {
					restore()
					return rej("machine", fmt.Sprintf("machine %s: %v", mc.name, err))
				}
				step = res2
				res.Actions = append(res.Actions, step.Actions...)
				res.Trace = append(res.Trace, step.Trace...)
				res.Status = step.Status
				st = step.State
			} else {
				acts, trace := res.Actions, res.Trace
				if err := mc.m.StepInto(res, st, escalation.Event{ID: id, Name: ev.Name, At: ev.At, Facts: o.facts}, ev.At); err != nil {
					res.Actions, res.Trace = acts, trace
					restore()
					return rej("machine", fmt.Sprintf("machine %s: %v", mc.name, err))
				}
				st = res.State
			}
		}
		steps[i] = st
	}

	// Commit.
	o.clocks = clocks
	for i := range e.cfg.machines {
		if o.machines[i].Machine == "" && steps[i].Machine != "" {
			e.mach[i].orders++
		}
		o.machines[i] = steps[i]
		e.countActions(i, &results[i], te)
		if results[i].Status == escalation.StatusUnhandled {
			e.mach[i].unhandled++
		}
	}
	if ev.ID != "" {
		o.seen = append(o.seen, ev.ID)
	}
	o.last, o.lastLine = ev.At, ev.Line
	o.events++
	e.counts.Applied++
	if te != nil {
		te.Status = "applied"
	}

	if e.cfg.done != nil {
		done, err := e.cfg.done.EvalBool(o.facts)
		if err != nil {
			e.problem(o, "done", err)
		} else if done {
			e.finish(o, ev.At)
			delete(e.orders, o.id)
			if e.opts.Retain > 0 {
				e.done[o.id] = doneOrder{at: ev.At, line: ev.Line}
				e.trimDone()
			}
		}
	}
	return nil
}

// trimDone forgets finished orders older than Options.Retain, at most once
// per tenth of that span of data time.
func (e *Engine) trimDone() {
	if e.last.Before(e.nextTrim) {
		return
	}
	e.nextTrim = e.last.Add(e.opts.Retain / 10)
	cut := e.last.Add(-e.opts.Retain)
	for id, d := range e.done {
		if d.at.Before(cut) {
			delete(e.done, id)
		}
	}
}

// catchUp fires the timers of machine i due at or before t, one wake-up at
// a time, as a punctual host would.
func (e *Engine) catchUp(o *order, i int, t time.Time, te *TraceEvent) error {
	mc := e.cfg.machines[i]
	st := o.machines[i]
	if st.Machine == "" {
		return nil
	}
	for n := 0; ; n++ {
		w := st.Wake()
		if w.IsZero() || w.After(t) || mc.m.Terminal(st) {
			break
		}
		if n > escalation.MaxFirings {
			return fmt.Errorf("more than %d wake-ups before %s", escalation.MaxFirings, t.Format(time.RFC3339))
		}
		res, err := mc.m.Tick(st, w, o.facts)
		if err != nil {
			return err
		}
		e.countActions(i, &res, te)
		st = res.State
	}
	o.machines[i] = st
	return nil
}

func (e *Engine) countActions(i int, res *escalation.Result, te *TraceEvent) {
	for _, a := range res.Actions {
		e.mach[i].actions[actionKey{a.Action.Kind, a.Action.Role, a.Action.Code}]++
	}
	if te != nil && (len(res.Trace) > 0 || len(res.Actions) > 0) {
		te.Machines = append(te.Machines, TraceStep{Machine: e.cfg.machines[i].name, Trace: slices.Clone(res.Trace), Actions: slices.Clone(res.Actions)})
	}
}

// Finish ends the run at asOf (zero: the latest instant in the data): orders
// still open are finished there when the run section has no done rule, and
// otherwise reported as open. It returns the result.
func (e *Engine) Finish(asOf time.Time) (*Result, error) {
	if asOf.IsZero() {
		asOf = e.last
	}
	ids := make([]string, 0, len(e.orders))
	for id := range e.orders {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	open := OpenSummary{}
	for _, id := range ids {
		o := e.orders[id]
		at := asOf
		if at.Before(o.last) {
			at = o.last
		}
		var te *TraceEvent
		if e.trace != nil && id == e.trace.Order {
			e.trace.Events = append(e.trace.Events, TraceEvent{Name: "(end of data)", At: at, Status: "as of"})
			te = &e.trace.Events[len(e.trace.Events)-1]
		}
		for i := range e.cfg.machines {
			if err := e.catchUp(o, i, at, te); err != nil {
				e.problem(o, "machine", err)
			}
		}
		if e.cfg.done == nil {
			e.finish(o, at)
			continue
		}
		open.Orders++
		if cs := e.cfg.Policy.Clocks; cs != nil {
			for ci, name := range cs.Names() {
				st, err := cs.Status(o.clocks, name, at)
				if err != nil {
					e.problem(o, "clock", err)
					continue
				}
				if st.Phase.Open() {
					e.clocks[ci].OpenAtEnd++
					if st.Breached {
						e.clocks[ci].OpenBreached++
					}
				}
			}
		}
		if e.trace != nil && id == e.trace.Order {
			e.traceClocks(o, at)
			e.trace.Open = true
		}
	}
	e.orders = map[string]*order{}
	return e.result(asOf, open)
}

// Counts returns the counts so far.
func (e *Engine) Counts() Counts { return e.counts }

// Open returns the number of orders open now.
func (e *Engine) Open() int { return len(e.orders) }

func cloneFacts(f quality.Facts) quality.Facts {
	if len(f) == 0 {
		return nil
	}
	out := make(quality.Facts, len(f))
	for k, v := range f {
		out[k] = v
	}
	return out
}
