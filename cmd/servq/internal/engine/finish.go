package engine

import (
	"fmt"
	"github.com/servq/servq/policy"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
)

// finish folds a finished order into the aggregates: clock outcomes,
// machine outcomes, the sampling decision, the reply, the measures and the
// money lines. The order's facts receive the outcome facts.
func (e *Engine) finish(o *order, at time.Time) {
	e.finished++
	tracing := e.trace != nil && o.id == e.trace.Order
	if tracing {
		e.trace.Finished = true
		e.trace.DoneAt = at
	}
	// The outcome facts go into a map reused from order to order: the
	// order's facts plus the outcomes (open orders' maps stay small).
	f := e.outcome
	clear(f)
	for k, v := range o.facts {
		f[k] = v
	}

	// Clocks: every cycle is counted; the latest cycle gives the outcome.
	var met, breached []string
	if cs := e.cfg.Policy.Clocks; cs != nil {
		for ci, name := range cs.Names() {
			hist, err := cs.History(o.clocks, name, at)
			if err != nil {
				e.problem(o, "clock", err)
				continue
			}
			sum := &e.clocks[ci]
			for _, st := range hist {
				if st.Cycle == 0 {
					continue
				}
				sum.Cycles++
				switch st.Phase {
				case sla.Stopped:
					switch {
					case st.Breached:
						sum.Late++
					case st.Early:
						sum.Early++
					default:
						sum.Met++
					}
				case sla.Cancelled:
					sum.Cancelled++
				case sla.Reset:
					sum.Reset++
				case sla.Running, sla.Paused:
					sum.OpenAtDone++
					if st.Breached {
						sum.OpenBreached++
					}
				}
			}
			if n := len(hist); n > 0 && hist[n-1].Cycle > 0 {
				last := hist[n-1]
				switch {
				case last.Met():
					met = append(met, name)
				case last.Breached:
					breached = append(breached, name)
				}
			}
		}
		if tracing {
			e.traceClocks(o, at)
		}
	}
	if met == nil {
		met = []string{}
	}
	if breached == nil {
		breached = []string{}
	}

	// Machines.
	level := 0
	for i, mc := range e.cfg.machines {
		st := o.machines[i]
		if st.Machine == "" {
			continue
		}
		acc := &e.mach[i]
		if mc.m.Terminal(st) {
			acc.terminal++
		}
		for len(acc.levels) <= st.Level {
			acc.levels = append(acc.levels, 0)
		}
		acc.levels[st.Level]++
		level = max(level, st.Level)
		if tracing {
			e.trace.MachineStates = append(e.trace.MachineStates, MachineState{Machine: mc.name, State: st.Current, Level: st.Level, Cycle: st.Cycle, Terminal: mc.m.Terminal(st)})
		}
	}

	// Sampling.
	selected, excluded := false, false
	period := o.created.Format("2006-01")
	if s := e.sampling; s != nil {
		sampler := s.periods[period]
		if sampler == nil {
			sampler = e.cfg.Policy.Sampling.Period(period)
			s.periods[period] = sampler
		}
		d, err := sampler.Decide(o.id, f)
		if err != nil {
			e.problem(o, "sampling", err)
		} else {
			selected = d.Outcome == survey.Selected
			excluded = d.Outcome == survey.Excluded
			if r := s.rules[d.Receipt.Rule]; r != nil {
				r.Decided++
				if selected {
					r.Selected++
				}
			} else {
				s.defaults++
			}
			if tracing {
				e.trace.Sampling = &d
			}
		}
	}

	// The reply.
	replied, rated, satisfied, label := false, false, false, ""
	var ans survey.Answer
	cb := e.cfg.callback
	if cb != nil {
		if v, ok := f[cb.reply].(string); ok {
			replied = true
			ans = cb.scale.Parse(v)
			e.tally = survey.Tally{}
			e.tally.Add(ans)
			c := cb.scale.Count(e.tally)
			rated, satisfied = c.Rated == 1, c.Satisfied == 1
			if _, isPoint := ans.Point(); isPoint {
				label = cb.scale.Format(ans)
			}
		}
	}

	f[FactCallbackSelected] = selected
	f[FactCallbackExcluded] = excluded
	f[FactCallbackReplied] = replied
	f[FactCallbackRated] = rated
	f[FactCallbackSatisfied] = satisfied
	f[FactCallbackReply] = label
	f[FactSLAMet] = met
	f[FactSLABreached] = breached
	f[FactEscalationLevel] = level
	f[FactCreatedAt] = o.created
	f[FactDoneAt] = at
	if tracing {
		e.trace.Outcomes = cloneFacts(f)
	}

	// The survey: every eligible order counts, rated or not (participation
	// is rated ÷ eligible).
	if cb != nil {
		eligible := !excluded
		if eligible && cb.eligible != nil {
			var err error
			if eligible, err = cb.eligible.EvalBool(f); err != nil {
				e.problem(o, "callback eligible", err)
				eligible = false
			}
		}
		if eligible {
			e.callback.Eligible++
			g, err := e.group(o, at, period)
			if err != nil {
				e.problem(o, "callback", err)
			} else if err := e.agg.Add(g, ans); err != nil {
				e.problem(o, "callback", err)
			}
		}
		if tracing {
			e.trace.Eligible = eligible
		}
		switch {
		case selected && replied:
			e.callback.SelectedReplied++
		case selected:
			e.callback.SelectedUnreplied++
		case replied:
			e.callback.RepliedUnselected++
		}
	}
	if selected {
		e.callback.Selected++
	}
	if excluded {
		e.callback.Excluded++
	}

	// Measures, per subject of each dimension and overall.
	var subs []*subjectAcc
	for di, d := range e.cfg.dims {
		v, _ := f[d].(string)
		sa := e.subjects[di][v]
		if sa == nil {
			sa = &subjectAcc{measures: make([]acc, len(e.cfg.measures))}
			e.subjects[di][v] = sa
		}
		sa.orders++
		subs = append(subs, sa)
	}
	for mi, m := range e.cfg.measures {
		var num, den int64
		switch m.kind {
		case policy.MeasureCount:
			ok, err := m.count.EvalBool(f)
			if err != nil {
				e.problem(o, "measure "+m.name, err)
				continue
			}
			if ok {
				num = 1
			}
		case policy.MeasureRate:
			in, err := m.where.EvalBool(f)
			if err != nil {
				e.problem(o, "measure "+m.name, err)
				continue
			}
			if !in {
				continue
			}
			den = 1
			hit, err := m.hit.EvalBool(f)
			if err != nil {
				e.problem(o, "measure "+m.name, err)
				continue
			}
			if hit {
				num = 1
			}
		}
		e.overall[mi].num += num
		e.overall[mi].den += den
		for _, sa := range subs {
			sa.measures[mi].num += num
			sa.measures[mi].den += den
		}
		if tracing && (num > 0 || den > 0) {
			e.trace.Measures = append(e.trace.Measures, TraceMeasure{Name: m.name, Kind: m.kind.String(), Num: num, Den: den})
		}
	}

	// Money.
	for _, lc := range e.cfg.ledger {
		ok, err := lc.when.EvalBool(f)
		if err != nil {
			e.problem(o, "ledger "+lc.event, err)
			continue
		}
		if !ok {
			continue
		}
		ev := appraisal.Event{ID: o.id, Kind: lc.event, At: at}
		ev.Subject, _ = f[e.cfg.dims[lc.subject]].(string)
		if ev.Subject == "" {
			e.problem(o, "ledger "+lc.event, fmt.Errorf("no %s to charge or pay", e.cfg.dims[lc.subject]))
			continue
		}
		if lc.units != nil {
			u, err := lc.units.EvalDecimal(f)
			if err != nil {
				e.problem(o, "ledger "+lc.event, err)
				continue
			}
			if !u.IsInteger() || u.Sign() < 0 || !u.LessThan(decimal.NewFromInt(1<<62)) {
				e.problem(o, "ledger "+lc.event, fmt.Errorf("units %s is not a whole number of at least 0", u))
				continue
			}
			if u.IsZero() {
				continue
			}
			ev.Units = u.IntPart()
		}
		if lc.at != nil {
			t, err := lc.at.EvalTime(f)
			if err != nil {
				e.problem(o, "ledger "+lc.event, err)
				continue
			}
			ev.At = t
		}
		for _, l := range lc.linked {
			if s, _ := f[e.cfg.dims[l.dim]].(string); s != "" {
				ev.Linked = append(ev.Linked, appraisal.Link{Role: l.role, Subject: s})
			}
		}
		var err2 error
		e.lines, err2 = e.cfg.Policy.Ledger.AppendPost(e.lines[:0], ev)
		if err2 != nil {
			e.problem(o, "ledger "+lc.event, err2)
			continue
		}
		if err := e.ledger.Add(e.lines...); err != nil {
			e.problem(o, "ledger "+lc.event, err)
			continue
		}
		if tracing {
			e.trace.Lines = append(e.trace.Lines, e.lines...)
		}
	}
}

// group is the finest survey group of an order: its dimensions, the
// callback's split facts, the day it was finished and the month it was
// created.
func (e *Engine) group(o *order, at time.Time, period string) (survey.Group, error) {
	nv := make([]string, 0, 2*(len(e.cfg.dims)+len(e.cfg.callback.by)+2))
	for _, d := range e.cfg.dims {
		v, _ := o.facts[d].(string)
		nv = append(nv, d, v)
	}
	for _, b := range e.cfg.callback.by {
		v, _ := o.facts[b].(string)
		nv = append(nv, b, v)
	}
	nv = append(nv, "day", at.Format("2006-01-02"), "period", period)
	return survey.GroupOf(nv...)
}

func (e *Engine) traceClocks(o *order, at time.Time) {
	cs := e.cfg.Policy.Clocks
	if cs == nil {
		return
	}
	for _, name := range cs.Names() {
		tl, err := cs.Explain(o.clocks, name, at)
		if err != nil {
			e.trace.Clocks = append(e.trace.Clocks, TraceClock{Clock: name, Error: err.Error()})
			continue
		}
		st, _ := cs.Status(o.clocks, name, at)
		e.trace.Clocks = append(e.trace.Clocks, TraceClock{Clock: name, Timeline: tl, Status: st})
	}
}
