// Package report renders what the engine found: the run report as text or
// JSON, the difference between two runs, and one order's explanation.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/cmd/servq/internal/engine"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/survey"
)

// JSON writes the result as indented JSON.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Source describes the data a result was made from.
type Source struct {
	Data   string `json:"path"`
	Format string `json:"format"`
}

// Text writes the run report.
func Text(w io.Writer, r *engine.Result, src Source) error {
	p := &printer{w: w}
	p.header(r, src)
	p.rows(r)
	p.clocks(r)
	p.machines(r)
	p.sampling(r)
	p.satisfaction(r)
	p.measures(r)
	p.scorecards(r)
	p.rankings(r)
	p.ledger(r)
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}

// table writes rows aligned in columns; numbers should be right-aligned by
// the caller's padding where it matters.
func (p *printer) table(indent string, rows [][]string) {
	if p.err != nil || len(rows) == 0 {
		return
	}
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range rows {
		// Left-align the first column by padding it ourselves.
		fmt.Fprint(tw, indent+strings.Join(row, "\t")+"\t\n")
	}
	p.err = tw.Flush()
}

func short(hash string) string {
	h := strings.TrimPrefix(hash, "sha256:")
	if len(h) > 12 {
		h = h[:12]
	}
	return h
}

func (p *printer) header(r *engine.Result, src Source) {
	p.f("servq run: policy %s (%s)", r.Policy.Name, short(r.Policy.Hash))
	p.f("\ndata: %s (%s), as of %s\n", src.Data, src.Format, instant(r.AsOf))
}

func instant(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02 15:04:05 -07:00")
}

func num(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// pct writes a rate as "96.94% (950/980)", or "n/a (0/0)".
func pct(r quality.Rate) string {
	if !r.Defined() {
		return "n/a (0/0)"
	}
	return r.Percent(2, quality.HalfUp) + " (" + r.String() + ")"
}

func (p *printer) rows(r *engine.Result) {
	c := r.Counts
	p.f("\nrows     %s read = %s applied + %s duplicates + %s rejected\n", num(c.Rows), num(c.Applied), num(c.Duplicates), num(c.Rejected))
	if len(r.Rejected) > 0 {
		var parts []string
		for _, rc := range r.Rejected {
			parts = append(parts, fmt.Sprintf("%s %s", rc.Reason, num(rc.Count)))
		}
		p.f("  rejected: %s\n", strings.Join(parts, ", "))
		for _, rej := range r.Rejections {
			msg := firstLine(rej.Message)
			if !strings.HasPrefix(msg, "workorder: line") {
				msg = fmt.Sprintf("line %d: order %s: %s", rej.Line, rej.Order, msg)
			}
			p.f("  %s\n", msg)
		}
		if int64(len(r.Rejections)) < c.Rejected {
			p.f("  ... %s more\n", num(c.Rejected-int64(len(r.Rejections))))
		}
	}
	p.f("orders   %s finished, %s open at the end\n", num(r.Orders.Finished), num(r.Orders.Open))
	if len(r.Problems) > 0 {
		var parts []string
		var total int64
		for _, rc := range r.Problems {
			parts = append(parts, fmt.Sprintf("%s %s", rc.Reason, num(rc.Count)))
			total += rc.Count
		}
		p.f("  problems folding finished orders: %s\n", strings.Join(parts, ", "))
		for _, pr := range r.ProblemList {
			p.f("  order %s: %s: %s\n", pr.Order, pr.Part, firstLine(pr.Message))
		}
		if int64(len(r.ProblemList)) < total {
			p.f("  ... %s more\n", num(total-int64(len(r.ProblemList))))
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (p *printer) clocks(r *engine.Result) {
	if len(r.Clocks) == 0 {
		return
	}
	p.f("\nSLA clocks (cycles of finished orders; open: still running when the order finished / at the end of the data)\n")
	// An "early" column when a clock has early stops (arrivals before the
	// appointment window: targets with not_before).
	early := slices.ContainsFunc(r.Clocks, func(c engine.ClockSummary) bool { return c.Early > 0 })
	head := []string{"clock", "cycles", "met", "late", "cancelled", "reset", "open", "open breached", "on time"}
	if early {
		head = slices.Insert(head, 4, "early")
	}
	rows := [][]string{head}
	for _, c := range r.Clocks {
		row := []string{c.Name, num(c.Cycles), num(c.Met), num(c.Late), num(c.Cancelled), num(c.Reset),
			num(c.OpenAtDone + c.OpenAtEnd), num(c.OpenBreached), pct(c.OnTime)}
		if early {
			row = slices.Insert(row, 4, num(c.Early))
		}
		rows = append(rows, row)
	}
	p.leftTable("", rows)
}

// leftTable is table with the first column left-aligned.
func (p *printer) leftTable(indent string, rows [][]string) {
	width := 0
	for _, r := range rows {
		width = max(width, len([]rune(r[0])))
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		first := r[0] + strings.Repeat(" ", width-len([]rune(r[0])))
		out[i] = append([]string{first}, r[1:]...)
	}
	p.table(indent, out)
}

func (p *printer) machines(r *engine.Result) {
	for _, m := range r.Machines {
		p.f("\nescalation %s v%d: %s orders, %s ended in a terminal state, %s events unhandled\n",
			m.Name, m.Version, num(m.Orders), num(m.Terminal), num(m.Unhandled))
		if len(m.Levels) > 0 {
			var parts []string
			for _, l := range m.Levels {
				name := "no level"
				if l.Level > 0 {
					name = fmt.Sprintf("level %d", l.Level)
				}
				if l.Name != "" {
					name += " (" + l.Name + ")"
				}
				parts = append(parts, fmt.Sprintf("%s %s", name, num(l.Orders)))
			}
			p.f("  highest level of finished orders: %s\n", strings.Join(parts, ", "))
		}
		if len(m.Actions) > 0 {
			rows := [][]string{{"action", "count"}}
			for _, a := range m.Actions {
				name := a.Kind
				if a.Role != "" {
					name += " " + a.Role
				}
				if a.Code != "" {
					name += " " + a.Code
				}
				rows = append(rows, []string{name, num(a.Count)})
			}
			p.leftTable("", rows)
		}
	}
}

func (p *printer) sampling(r *engine.Result) {
	s := r.Sampling
	if s == nil {
		return
	}
	p.f("\ncallback sampling (seed %q, ruleset %s, periods %s): %s decided, %s selected, %s excluded\n",
		s.Seed, short(s.Ruleset), strings.Join(s.Periods, ", "), num(s.Decided), num(s.Selected), num(s.Excluded))
	rows := [][]string{{"rule", "layer", "rate", "decided", "selected"}}
	for _, rule := range s.Rules {
		rate := ""
		if rule.Layer == "rate" {
			rate = rule.Rate.String()
		}
		rows = append(rows, []string{rule.ID, rule.Layer, rate, num(rule.Decided), num(rule.Selected)})
	}
	rows = append(rows, []string{"(no rule)", "default", "", num(s.Default), "0"})
	p.leftTable("", rows)
	for _, f := range s.Floors {
		if f.Short > 0 {
			p.f("  rule %s: %s selected of %s matched, below the floor ceil(%s × %s) = %s: %s to add when the period closes\n",
				f.Rule, num(f.Selected), num(f.Matched), f.Rate, num(f.Matched), num(f.Floor), num(f.Short))
		} else {
			p.f("  rule %s: %s selected of %s matched, at or above the floor of %s\n", f.Rule, num(f.Selected), num(f.Matched), num(f.Floor))
		}
	}
	if cb := r.Callback; cb != nil {
		p.f("  replies: %s of %s selected orders replied; %s selected without a reply; %s replies from orders not selected\n",
			num(cb.SelectedReplied), num(cb.Selected), num(cb.SelectedUnreplied), num(cb.RepliedUnselected))
	}
}

func (p *printer) satisfaction(r *engine.Result) {
	for _, t := range r.Satisfaction {
		by := strings.Join(t.By, ", ")
		if by == "" {
			by = "all orders"
		}
		p.f("\nsatisfaction by %s\n", by)
		rows := [][]string{{"group", "eligible", "rated", "satisfied", "satisfaction", "95% interval", "status", "one more unsatisfied", "participation"}}
		for _, m := range t.Rows {
			g := m.Group.String()
			if g == "" {
				g = "(all)"
			}
			s := m.Satisfaction
			rows = append(rows, []string{g, num(m.Counts.Eligible), num(m.Counts.Rated), num(m.Counts.Satisfied),
				rateValue(s), interval(s), s.Status.String(), swing(s), rateValue(m.Participation)})
		}
		p.leftTable("", rows)
	}
	if q := r.Quota; q != nil {
		p.f("\nparticipation quota: %d %s below the daily minimum, %d %s not above the monthly rate\n", len(q.Daily), plural("technician-day", len(q.Daily)), len(q.Monthly), plural("technician", len(q.Monthly)))
		for i, d := range q.Daily {
			if i == 10 {
				p.f("  ... %d more days\n", len(q.Daily)-10)
				break
			}
			p.f("  %s on %s: %d rated of %d orders, minimum %d\n", d.Technician, d.Day, d.Rated, d.Orders, d.Minimum)
		}
		for _, m := range q.Monthly {
			reach := "reachable"
			if !m.Reachable {
				reach = "not reachable"
			}
			p.f("  %s: participation %s, not above %s; %d more ratings needed (%s); %d of %d days short\n",
				m.Technician, pct(m.Participation), m.Above, m.Needed, reach, m.DaysShort, m.Days)
		}
	}
}

func rateValue(m survey.RateMetric) string {
	if !m.Rate.Defined() {
		return "n/a (0/0)"
	}
	return percentOf(m.Value) + " (" + m.Rate.String() + ")"
}

// percentOf writes a fraction as a percentage: 0.9333 is 93.33%.
func percentOf(d decimal.Decimal) string {
	return d.Shift(2).String() + "%"
}

func interval(m survey.RateMetric) string {
	if !m.Rate.Defined() {
		return "-"
	}
	return "[" + percentOf(m.Interval.Low) + ", " + percentOf(m.Interval.High) + "]"
}

func swing(m survey.RateMetric) string {
	if !m.Rate.Defined() {
		return "-"
	}
	return m.Swing.Shift(2).String() + " pts"
}

func measureText(v engine.MeasureValue) string {
	if v.Count != nil {
		return num(*v.Count)
	}
	return pct(*v.Rate)
}

func (p *printer) measures(r *engine.Result) {
	if len(r.Measures) == 0 {
		return
	}
	p.f("\nmeasures (finished orders)\n")
	rows := [][]string{{"measure", "kind", "total"}}
	for _, m := range r.Measures {
		rows = append(rows, []string{m.Name, m.Kind, measureText(m.Total)})
	}
	p.leftTable("", rows)
	// Per subject of each dimension: one table per dimension, a column per
	// measure.
	if len(r.Measures[0].By) == 0 {
		return
	}
	for di, dv := range r.Measures[0].By {
		p.f("\nmeasures by %s\n", dv.Dimension)
		head := []string{dv.Dimension, "orders"}
		for _, m := range r.Measures {
			head = append(head, m.Name)
		}
		rows := [][]string{head}
		for si, s := range dv.Subjects {
			row := []string{subjectName(s.Subject), num(s.Orders)}
			for _, m := range r.Measures {
				row = append(row, measureText(m.By[di].Subjects[si].Value))
			}
			rows = append(rows, row)
		}
		p.leftTable("", rows)
	}
}

func subjectName(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func (p *printer) scorecards(r *engine.Result) {
	for _, c := range r.Scorecards {
		p.f("\nscorecard %s (by %s, total %s, version %s)\n", c.Name, c.Subject, c.Total, short(c.Version))
		var from []string
		for _, in := range c.Inputs {
			m := in.Measure
			if m == "" {
				m = "missing (not in the data)"
			}
			from = append(from, fmt.Sprintf("%s ← %s", in.Item, m))
		}
		p.f("  inputs: %s\n", strings.Join(from, "; "))
		head := []string{c.Subject, "points"}
		for _, in := range c.Inputs {
			head = append(head, in.Item)
		}
		rows := [][]string{head}
		for _, s := range c.Scores {
			if s.Error != "" {
				rows = append(rows, []string{subjectName(s.Subject), "error: " + firstLine(s.Error)})
				continue
			}
			row := []string{subjectName(s.Subject), s.Points.String()}
			for _, in := range c.Inputs {
				pts := "-"
				if s.Tree != nil {
					if n, ok := findNode(s.Tree.Items, in.Item); ok {
						pts = n.Points.String()
					}
				}
				row = append(row, pts)
			}
			rows = append(rows, row)
		}
		p.leftTable("", rows)
	}
	for _, st := range r.Stars {
		p.f("\nstar rating %s (by %s, version %s)\n", st.Name, st.Subject, short(st.Version))
		rows := [][]string{{st.Subject, "stars", "points", "why"}}
		for _, s := range st.Ratings {
			if s.Error != "" {
				rows = append(rows, []string{subjectName(s.Subject), "-", "-", "error: " + firstLine(s.Error)})
				continue
			}
			rows = append(rows, []string{subjectName(s.Subject), strings.Repeat("★", s.Stars) + fmt.Sprintf(" %d", s.Stars), s.Points.String(), s.Why})
		}
		p.leftTable("", rows)
	}
}

func (p *printer) rankings(r *engine.Result) {
	for _, rk := range r.Rankings {
		p.f("\nranking %s (%s by %s)\n", rk.Name, rk.Subject, rk.By+" of "+rk.Measure)
		if rk.Error != "" {
			p.f("  error: %s\n", rk.Error)
			continue
		}
		rows := [][]string{{"position", rk.Subject, "rate", "statistic (4 places)", "decided by"}}
		for _, e := range rk.Ranked {
			pos := fmt.Sprint(e.Position)
			if e.Position == 0 {
				pos = "-"
			}
			rate := pct(e.Rate)
			if rk.By == "score" {
				rate = e.Score.String()
			}
			decided := e.DecidedBy.String()
			if e.Position == 1 {
				decided = "-"
			}
			if e.Reason != "" {
				decided = e.Reason
			}
			rows = append(rows, []string{pos, subjectName(e.Subject), rate, e.Stat.StringFixed(4), decided})
		}
		p.table("", rows)
	}
}

func (p *printer) ledger(r *engine.Result) {
	l := r.Ledger
	if l == nil {
		return
	}
	p.f("\nledger (%s, money rules %s): %s lines, total %s\n", l.Currency, short(l.Version), num(l.Lines), money(l.Total))
	if len(l.Accounts) == 0 {
		return
	}
	var rules []string
	seen := map[string]bool{}
	for _, a := range l.Accounts {
		for _, rt := range a.Rules {
			k := rt.Rule + " " + rt.Kind.String()
			if !seen[k] {
				seen[k] = true
				rules = append(rules, k)
			}
		}
	}
	sort.Strings(rules)
	head := append([]string{"subject", "total", "lines"}, rules...)
	rows := [][]string{head}
	for _, a := range l.Accounts {
		row := []string{a.Subject, money(a.Total), num(a.Lines)}
		for _, k := range rules {
			cell := "-"
			for _, rt := range a.Rules {
				if rt.Rule+" "+rt.Kind.String() == k {
					cell = money(rt.Amount)
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	p.leftTable("", rows)
}

// money writes an amount with at least two decimal places and never rounds
// it: amounts are sums of lines each rounded by its rule.
func money(d decimal.Decimal) string {
	return d.StringFixed(max(2, -d.Exponent()))
}
