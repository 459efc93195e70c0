package escalation

import (
	"strconv"
	"strings"
	"time"
)

// edge is one arrow of a diagram.
type edge struct {
	from, to string
	label    string
	timer    bool // triggered by a timer (drawn dashed in DOT)
}

// diagram collects the arrows and notes both renderings share: one arrow per
// transition, one per counter threshold that redirects it, and a self-arrow for
// each state timer that no transition consumes. Named timers that no
// transition consumes are listed in a note.
func (d Definition) diagram() (edges []edge, notes []string) {
	timerDef := func(name string) (TimerDef, bool) {
		for _, t := range d.Timers {
			if t.Name == name {
				return t, true
			}
		}
		return TimerDef{}, false
	}
	consumed := map[string]bool{}
	for _, t := range d.Transitions {
		var trigger string
		if t.Timer != "" {
			consumed[t.Timer] = true
			trigger = "timer " + t.Timer
			if tm, ok := timerDef(t.Timer); ok {
				trigger += " (" + tm.Deadline.label() + ")"
			}
		} else {
			trigger = t.On
		}
		if t.Guard != "" {
			trigger += " [" + t.Guard + "]"
		}
		var effects []string
		if tm, ok := timerDef(t.Timer); ok && t.Timer != "" {
			for _, a := range tm.Actions {
				effects = append(effects, a.short())
			}
		}
		if t.Reopen {
			effects = append(effects, "reopen")
		}
		for _, a := range t.Actions {
			effects = append(effects, a.short())
		}
		for _, c := range t.Count {
			e := "count " + c
			for _, cd := range d.Counters {
				if cd.Name == c && cd.To == "" && len(cd.Actions) > 0 {
					var as []string
					for _, a := range cd.Actions {
						as = append(as, a.short())
					}
					e += " (≥ " + strconv.Itoa(cd.Threshold) + ": " + strings.Join(as, ", ") + ")"
				}
			}
			effects = append(effects, e)
		}
		for _, c := range t.Reset {
			effects = append(effects, "reset "+c)
		}
		for _, s := range t.Start {
			effects = append(effects, "start "+s)
		}
		for _, s := range t.Stop {
			effects = append(effects, "stop "+s)
		}
		label := trigger
		if len(effects) > 0 {
			label += " / " + strings.Join(effects, ", ")
		}
		to := t.To
		if to == "" {
			to = t.From
		}
		edges = append(edges, edge{from: t.From, to: to, label: label, timer: t.Timer != ""})
		for _, c := range t.Count {
			for _, cd := range d.Counters {
				if cd.Name == c && cd.To != "" {
					l := trigger + " / " + c + " ≥ " + strconv.Itoa(cd.Threshold)
					for _, a := range cd.Actions {
						l += ", " + a.short()
					}
					edges = append(edges, edge{from: t.From, to: cd.To, label: l, timer: t.Timer != ""})
				}
			}
		}
	}
	for _, tm := range d.Timers {
		if consumed[tm.Name] {
			continue
		}
		label := "timer " + tm.Name + " (" + tm.Deadline.label() + ")"
		if tm.Repeat.Times > 0 {
			label += " ×" + strconv.Itoa(tm.Repeat.Times+1) + " every " + formatDuration(tm.Repeat.Every)
		}
		var acts []string
		for _, a := range tm.Actions {
			acts = append(acts, a.short())
		}
		if len(acts) > 0 {
			label += " / " + strings.Join(acts, ", ")
		}
		if tm.Scope == ScopeState {
			edges = append(edges, edge{from: tm.State, to: tm.State, label: label, timer: true})
		} else {
			notes = append(notes, "named "+label)
		}
	}
	return edges, notes
}

// label renders a deadline compactly: "30m", "20h on office", "clock repair
// at late".
func (s TimerSpec) label() string {
	if s.Clock != "" {
		return "clock " + s.Clock + " at " + s.Warning
	}
	l := formatDuration(s.After)
	if s.Calendar != "" {
		l += " on " + s.Calendar
	}
	return l
}

// short renders an action compactly for diagrams.
func (a Action) short() string {
	switch a.Kind {
	case ActionNotify, ActionAssign:
		return a.Kind.String() + " " + a.Role
	case ActionRaiseLevel:
		return "level " + strconv.Itoa(a.Level)
	}
	return a.Kind.String() + " " + a.Code
}

// formatDuration writes whole weeks and longer as days ("7d", "15d") and
// anything else in hours, minutes and seconds ("5m", "48h", "1h30m").
func formatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	if d >= 7*day && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.name)
			d -= n * u.unit
		}
	}
	if d > 0 {
		b.WriteString(d.String())
	}
	return b.String()
}

// Mermaid renders the definition as a Mermaid state diagram
// (stateDiagram-v2): one arrow per transition (labelled "trigger [guard] /
// effects"), a self-arrow per state timer no transition consumes, terminal
// states leading to [*], and a note on the initial state listing the named
// timers no transition consumes.
func (d Definition) Mermaid() string {
	id := func(s string) string { return "st_" + s }
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	b.WriteString("    %% " + mermaidText(d.Name) + " v" + strconv.Itoa(d.Version) + "\n")
	for _, s := range d.States {
		b.WriteString("    state \"" + mermaidText(s.Name) + "\" as " + id(s.Name) + "\n")
	}
	b.WriteString("    [*] --> " + id(d.Initial) + "\n")
	edges, notes := d.diagram()
	for _, e := range edges {
		b.WriteString("    " + id(e.from) + " --> " + id(e.to) + ": " + mermaidText(e.label) + "\n")
	}
	for _, s := range d.States {
		if s.Terminal {
			b.WriteString("    " + id(s.Name) + " --> [*]\n")
		}
	}
	if len(notes) > 0 {
		b.WriteString("    note right of " + id(d.Initial) + "\n")
		for _, n := range notes {
			b.WriteString("        " + mermaidText(n) + "\n")
		}
		b.WriteString("    end note\n")
	}
	return b.String()
}

// mermaidText keeps a label on one line and escapes the characters Mermaid
// reads as syntax (as entity codes).
func mermaidText(s string) string {
	r := strings.NewReplacer("\n", " ", "\r", " ", "#", "#35;", ";", "#59;", "\"", "#quot;")
	return r.Replace(s)
}

// DOT renders the definition as a Graphviz digraph: states as rounded boxes
// (terminal ones doubled), event transitions as solid arrows, timer ones
// dashed, and a note listing the named timers no transition consumes.
func (d Definition) DOT() string {
	var b strings.Builder
	b.WriteString("digraph " + dotQuote(d.Name+" v"+strconv.Itoa(d.Version)) + " {\n")
	b.WriteString("    rankdir=LR;\n")
	b.WriteString("    node [shape=box, style=rounded];\n")
	b.WriteString("    \"[*]\" [shape=point];\n")
	for _, s := range d.States {
		attrs := ""
		if s.Terminal {
			attrs = " [peripheries=2]"
		}
		b.WriteString("    " + dotQuote(s.Name) + attrs + ";\n")
	}
	b.WriteString("    \"[*]\" -> " + dotQuote(d.Initial) + ";\n")
	edges, notes := d.diagram()
	for _, e := range edges {
		attrs := "label=" + dotQuote(e.label)
		if e.timer {
			attrs += ", style=dashed"
		}
		b.WriteString("    " + dotQuote(e.from) + " -> " + dotQuote(e.to) + " [" + attrs + "];\n")
	}
	if len(notes) > 0 {
		var l strings.Builder
		for _, n := range notes {
			l.WriteString(n)
			l.WriteString("\n")
		}
		b.WriteString("    \"named timers\" [shape=note, label=" + dotQuote(l.String()) + "];\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// dotQuote quotes a DOT identifier, escaping quotes and backslashes; line
// breaks become left-justified breaks (\l).
func dotQuote(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "\"", "\\\"", "\n", "\\l")
	return "\"" + r.Replace(s) + "\""
}
