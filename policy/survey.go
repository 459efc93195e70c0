package policy

import (
	"github.com/servq/servq/survey"
)

// Built-in scales a policy may name.
var builtinScales = map[string]func() survey.ScaleSpec{
	"ten_point": survey.TenPoint,
	"sms":       func() survey.ScaleSpec { return survey.SMS() },
	"nps":       func() survey.ScaleSpec { return survey.NPS(9, 6) },
	"csat":      survey.CSAT,
	"ces":       survey.CES,
}

// scales builds the rating scales.
func (c *compiler) scales() {
	for _, sd := range c.doc.Scales {
		path := pathOf("scales", sd.Name)
		var spec survey.ScaleSpec
		if sd.Builtin != "" {
			f, ok := builtinScales[sd.Builtin]
			if !ok {
				c.failAt(path+".builtin", ErrReference, nil, suggest(sd.Builtin, sortedKeys(builtinScales)), "unknown built-in scale %q", sd.Builtin)
				continue
			}
			spec = f()
		}
		spec.Name = sd.Name
		if sd.Points != nil {
			spec.Points = sd.Points
		}
		if sd.Satisfied != nil {
			spec.Satisfied = sd.Satisfied
		}
		if sd.Promoters != nil {
			spec.Promoters = sd.Promoters
		}
		if sd.Detractors != nil {
			spec.Detractors = sd.Detractors
		}
		if sd.Blank != 0 {
			spec.Blank = sd.Blank
		}
		if sd.Unrecognized != 0 {
			spec.Unrecognized = sd.Unrecognized
		}
		s, err := survey.NewScale(spec)
		if err != nil {
			hint := ""
			if sd.Builtin == "sms" && len(spec.Satisfied) == 0 {
				hint = "the sms scale has no default satisfied set: declare one, such as [A, B]"
			}
			c.failAt(path, ErrInvalid, err, hint, "%s", cleanMessage(err))
			continue
		}
		c.pol.Scales[sd.Name] = s
	}
}

// metrics checks the metrics options.
func (c *compiler) metrics() {
	if c.doc.Metrics == nil {
		return
	}
	if err := c.doc.Metrics.Validate(); err != nil {
		c.failAt("metrics", ErrInvalid, err, "declare min_sample (at least 1), places (0 to 12) and rounding", "%s", cleanMessage(err))
		return
	}
	m := *c.doc.Metrics
	c.pol.Metrics = &m
}

// sampling compiles the callback ruleset. The quota is checked on its own,
// so that a bad quota does not hide the rules' errors.
func (c *compiler) sampling() {
	sd := c.doc.Sampling
	if sd == nil {
		return
	}
	spec := survey.RulesetSpec{Version: survey.RulesetVersion, Name: sd.Name, Seed: sd.Seed, Rules: sd.Rules, Quota: sd.Quota}
	ok := true
	if err := sd.Quota.Validate(); err != nil {
		c.failAt("sampling.quota", ErrInvalid, err, "", "%s", cleanMessage(err))
		spec.Quota, ok = survey.QuotaSpec{}, false
	}
	if spec.Seed == "" {
		spec.Seed, ok = "-", false // reported by the decoder; check the rules all the same
	}
	if spec.Name == "" {
		spec.Name = c.doc.Name
	}
	rs, err := survey.NewRuleset(spec, c.pol.Schema)
	if err != nil {
		res := leaves[*survey.RuleError](err)
		for _, re := range res {
			path := "sampling.rules[" + itoa(re.Index) + "]"
			if c.ruleErrors(path+".when", re) {
				continue
			}
			c.failAt(path, ErrInvalid, re, "", "%s", cleanMessage(re.Err))
		}
		if len(res) == 0 {
			c.failAt("sampling", ErrInvalid, err, "", "%s", cleanMessage(err))
		}
		return
	}
	if ok {
		c.pol.Sampling = rs
	}
}
