package policy

import (
	"reflect"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
)

// clocks compiles the SLA clocks; each *sla.ClockSpecError is placed at the
// clock's field, and a condition, target choice, deadline or not_before rule
// that does not compile at its place inside the rule.
func (c *compiler) clocks() {
	if len(c.doc.Clocks) == 0 {
		return
	}
	env := sla.ClockEnv{Schema: c.pol.Schema, Calendars: c.calRefs}
	cs, err := sla.CompileClocks(env, c.doc.Clocks...)
	if err == nil {
		c.pol.Clocks = cs
		return
	}
	ces := leaves[*sla.ClockSpecError](err)
	for _, ce := range ces {
		path := "clocks"
		if ce.Clock != "" {
			path = pathOf("clocks", ce.Clock)
		}
		if ce.Path != "" {
			path += "." + ce.Path
		}
		if c.ruleErrors(path, ce) {
			continue
		}
		if ce.Path == "name" && ce.Clock == "" {
			continue // an empty key: reported by the decoder
		}
		c.failAt(path, ErrInvalid, ce, "", "%s", cleanMessage(ce.Err))
	}
	if len(ces) == 0 {
		c.failAt("clocks", ErrInvalid, err, "", "%s", cleanMessage(err))
	}
}

// targets validates the named targets and resolves the scorecard items that
// name one.
func (c *compiler) targets() {
	for _, td := range c.doc.Targets {
		path := pathOf("targets", td.Name)
		if err := td.Target.Validate(); err != nil {
			var te *quality.TargetError
			p := path
			msg := cleanMessage(err)
			if tes := leaves[*quality.TargetError](err); len(tes) > 0 {
				te = tes[0]
				if te.Field != "" {
					p = path + "." + te.Field
				}
				msg = te.Message
			}
			c.failAt(p, ErrInvalid, err, "", "%s", msg)
			continue
		}
		c.pol.Targets[td.Name] = td.Target
	}
	names := make([]string, 0, len(c.doc.Targets))
	for _, td := range c.doc.Targets {
		names = append(names, td.Name)
	}
	for _, r := range c.refs {
		found := false
		for _, td := range c.doc.Targets {
			if td.Name == r.name {
				r.dst.Set(reflect.ValueOf(td.Target))
				found = true
				break
			}
		}
		if !found {
			hint := suggest(r.name, names)
			if len(names) == 0 {
				hint = "declare it under targets, or write the target here as a mapping"
			}
			c.failAt(r.path, ErrReference, nil, hint, "no target named %q", r.name)
		}
	}
}
