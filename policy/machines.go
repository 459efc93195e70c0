package policy

import (
	"errors"

	"github.com/servq/servq/escalation"
)

// FindingError is an escalation validation finding as an error: the cause of
// a policy Error about a machine. errors.As reaches it (and its Code);
// it unwraps to the finding's own error, such as a guard's quality error.
type FindingError struct {
	Machine string // the machine's name in the policy
	escalation.Finding
}

// Error returns "machine complaint: states[3]: unreachable-state: ...".
func (e *FindingError) Error() string {
	return "machine " + e.Machine + ": " + e.Finding.String()
}

// Unwrap returns the finding's underlying error, if any.
func (e *FindingError) Unwrap() error { return e.Finding.Err }

// machines compiles the escalation machines; every validation finding is
// placed at the node its path names.
func (c *compiler) machines() {
	for _, md := range c.doc.Machines {
		path := pathOf("machines", md.Name)
		def := md.definition()
		m, err := escalation.Compile(def, escalation.Env{Schema: c.pol.Schema, Calendars: c.calRefs})
		if err == nil {
			c.pol.Machines[md.Name] = m
			continue
		}
		var ve *escalation.ValidationError
		if !errors.As(err, &ve) {
			c.failAt(path, ErrInvalid, err, "", "%s", cleanMessage(err))
			continue
		}
		for _, f := range ve.Findings {
			p := path
			if f.Path != "" {
				p += "." + f.Path
			}
			fe := &FindingError{Machine: md.Name, Finding: f}
			if f.Code == escalation.CodeRuleType && c.ruleErrors(p, fe) {
				continue
			}
			c.failAt(p, ErrInvalid, fe, "", "%s (%s)", f.Message, f.Code)
		}
	}
}

// definition converts the file's machine into an escalation.Definition.
func (md machineDecl) definition() escalation.Definition {
	def := escalation.Definition{
		Name: md.Name, Version: md.Version, Doc: md.Doc, Initial: md.Initial, Start: md.Start,
	}
	for _, l := range md.Levels {
		def.Levels = append(def.Levels, escalation.LevelDef{Name: l.Name, Role: l.Role, Doc: l.Doc})
	}
	for _, s := range md.States {
		def.States = append(def.States, escalation.StateDef{Name: s.Name, Terminal: s.Terminal, Doc: s.Doc, Entry: s.Entry, Exit: s.Exit})
	}
	for _, t := range md.Timers {
		def.Timers = append(def.Timers, escalation.TimerDef{
			Name: t.Name, Scope: t.Scope, State: t.State,
			Deadline: escalation.TimerSpec{Calendar: t.Deadline.Calendar, After: t.Deadline.After},
			Repeat:   escalation.Repeat{Every: t.Repeat.Every, Times: t.Repeat.Times},
			Actions:  t.Actions, Doc: t.Doc,
		})
	}
	for _, k := range md.Counters {
		def.Counters = append(def.Counters, escalation.CounterDef{Name: k.Name, Threshold: k.Threshold, To: k.To, Actions: k.Actions, Doc: k.Doc})
	}
	for _, t := range md.Transitions {
		def.Transitions = append(def.Transitions, escalation.Transition{
			From: t.From, On: t.On, Timer: t.Timer, Guard: t.Guard, To: t.To, Actions: t.Actions,
			Start: t.Start, Stop: t.Stop, Count: t.Count, Reset: t.Reset, Reopen: t.Reopen, Doc: t.Doc,
		})
	}
	return def
}
