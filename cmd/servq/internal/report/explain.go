package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/servq/servq/cmd/servq/internal/engine"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
)

// Explain writes one order's timeline: its rows and what became of each, the
// machine steps with their traces, each clock's counted and uncounted
// stretches with reasons, the sampling receipt, the outcome facts, the
// measures it counted in and its money lines.
func Explain(w io.Writer, t *engine.Trace, r *engine.Result, src Source) error {
	p := &printer{w: w}
	p.f("order %s — policy %s (%s), data %s\n", t.Order, r.Policy.Name, short(r.Policy.Hash), src.Data)
	if len(t.Events) == 0 {
		p.f("\nno row of the data names this order\n")
		return p.err
	}
	switch {
	case t.Finished:
		p.f("finished at %s\n", instant(t.DoneAt))
	case t.Open:
		p.f("still open at the end of the data (%s)\n", instant(r.AsOf))
	}

	p.f("\nevents\n")
	for _, ev := range t.Events {
		where := fmt.Sprintf("line %d", ev.Line)
		if ev.Line == 0 {
			where = "end"
		}
		id := ""
		if ev.ID != "" {
			id = " id " + ev.ID
		}
		p.f("  %-8s %s  %-20s%s  %s\n", where, instant(ev.At), ev.Name, id, ev.Status)
		if len(ev.Facts) > 0 {
			p.f("           facts: %s\n", factsText(ev.Facts))
		}
		for _, st := range ev.Machines {
			for _, en := range st.Trace {
				p.f("           %s: %s\n", st.Machine, entryText(en, ev.At.Location()))
			}
			for _, a := range st.Actions {
				late := ""
				if a.Lateness > 0 {
					late = fmt.Sprintf(" (%s late)", a.Lateness)
				}
				p.f("           %s: → %s, due %s%s\n", st.Machine, a.Action, instant(a.Due.In(ev.At.Location())), late)
			}
		}
	}

	if len(t.Clocks) > 0 {
		p.f("\nclocks\n")
		for _, c := range t.Clocks {
			if c.Error != "" {
				p.f("  %s: %s\n", c.Clock, c.Error)
				continue
			}
			p.f("  %s: %s\n", c.Clock, statusText(c.Status))
			if c.Status.Cycle == 0 {
				continue
			}
			for _, line := range strings.Split(strings.TrimRight(c.Timeline.String(), "\n"), "\n") {
				if line != "" {
					p.f("    %s\n", line)
				}
			}
		}
	}
	if len(t.MachineStates) > 0 {
		p.f("\nmachines\n")
		for _, m := range t.MachineStates {
			end := ""
			if m.Terminal {
				end = " (terminal)"
			}
			p.f("  %s: state %s%s, level %d, cycle %d\n", m.Machine, m.State, end, m.Level, m.Cycle)
		}
	}
	if d := t.Sampling; d != nil {
		p.f("\ncallback sampling\n")
		p.f("  %s by %s", d.Outcome, d.Receipt.Layer)
		if d.Receipt.Rule != "" {
			p.f(" rule %s", d.Receipt.Rule)
		}
		p.f(": %s\n", d.Receipt.Why)
		if d.Receipt.Stratum != "" {
			p.f("  ticket %s (%s) in stratum %q at rate %s\n", d.Receipt.Ticket, d.Receipt.Ticket.Fraction(4), d.Receipt.Stratum, d.Receipt.Rate)
		}
		p.f("  period %s, seed %q, ruleset %s\n", d.Receipt.Period, d.Receipt.Seed, short(d.Receipt.Ruleset))
	}
	if t.Outcomes != nil {
		p.f("\noutcomes\n")
		for _, f := range engine.OutcomeFields {
			p.f("  %-19s %s\n", f.Name, valueText(t.Outcomes[f.Name]))
		}
		p.f("  %-19s %v\n", "survey eligible", t.Eligible)
	}
	if len(t.Measures) > 0 {
		p.f("\nmeasures\n")
		for _, m := range t.Measures {
			if m.Kind == "count" {
				p.f("  %-22s counted\n", m.Name)
			} else if m.Num > 0 {
				p.f("  %-22s in the population and a hit\n", m.Name)
			} else {
				p.f("  %-22s in the population, not a hit\n", m.Name)
			}
		}
	}
	if len(t.Lines) > 0 {
		p.f("\nmoney lines\n")
		for _, l := range t.Lines {
			who := l.Subject
			if l.Role != "" {
				who = l.Role + " " + l.Subject
			}
			eff := "from the beginning"
			if !l.Effective.IsZero() {
				eff = "from " + l.Effective.Format("2006-01-02")
			}
			how := fmt.Sprintf("%d × %s (rate %s)", l.Units, l.Rate, eff)
			if l.Kind.String() == "linked" {
				how = fmt.Sprintf("share %s of %s", l.Share, l.Source)
			}
			p.f("  %-10s %-28s %10s %s  %s: %s, %s\n", l.Kind, who, money(l.Amount), l.Currency, l.Rule, how, l.Round)
		}
	}
	return p.err
}

func statusText(s sla.Status) string {
	if s.Cycle == 0 {
		return "not started"
	}
	out := fmt.Sprintf("cycle %d %s, target %s, elapsed %s of %s", s.Cycle, s.Phase, s.Target, s.Elapsed, s.Budget)
	if !s.Due.IsZero() {
		out += ", due " + instant(s.Due)
	}
	switch {
	case s.Breached:
		out += ", BREACHED"
	case s.Early:
		out += ", EARLY (not before " + instant(s.NotBefore) + ")"
	case s.Met():
		out += ", met"
	}
	if w := s.Warnings(); len(w) > 0 {
		out += ", warnings " + strings.Join(w, ", ")
	}
	return out
}

// entryText writes a machine trace entry on one line.
func entryText(e escalation.Entry, loc *time.Location) string {
	var b strings.Builder
	b.WriteString(e.At.In(loc).Format("01-02 15:04:05") + " " + e.Kind.String())
	switch {
	case e.Timer != "":
		b.WriteString(" " + e.Timer)
	case e.Event != "":
		b.WriteString(" " + e.Event)
	case e.Counter != "":
		fmt.Fprintf(&b, " %s = %d", e.Counter, e.Value)
	}
	if e.Kind == escalation.EntryStart {
		b.WriteString(": in " + e.To)
	} else if e.From != e.To {
		b.WriteString(": " + e.From + " → " + e.To)
	} else if e.From != "" {
		b.WriteString(": stays " + e.From)
	}
	if e.Guard != "" {
		b.WriteString(" [" + e.Guard + "]")
	}
	if e.Level > 0 {
		fmt.Fprintf(&b, ", level %d", e.Level)
	}
	if e.Note != "" {
		b.WriteString(" (" + e.Note + ")")
	}
	return b.String()
}

func factsText(f quality.Facts) string {
	names := make([]string, 0, len(f))
	for k := range f {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=" + valueText(f[n])
	}
	return strings.Join(parts, " ")
}

func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case string:
		return fmt.Sprintf("%q", x)
	case time.Time:
		return instant(x)
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}
