package sla

import (
	"errors"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// Clocks is a compiled set of named SLA clocks, the clocks every work order
// of one kind carries (dispatch, contact, repair …). Build it with
// [CompileClocks]; it is immutable and safe for concurrent use. The zero
// Clocks has no clocks.
//
// Clocks folds an order's events into a [State] ([Clocks.Fold]) and answers,
// for any instant, each clock's [Status], the next instant a host must wake
// up ([Clocks.NextWake]) and an explanation ([Clocks.Explain]).
type Clocks struct {
	clocks   []*clock
	eventIDs map[string]int // the event names the rules test, numbered
	names    nameTable      // eventIDs for lookups during folds
	visit    [][]visit      // per event number + 1: the clocks such an event can change
}

// ClockEnv is what clock definitions refer to by name.
type ClockEnv struct {
	// Schema declares the order's facts. The clocks add the string fact
	// "event" (the event's name), so the schema must not declare it.
	Schema *quality.Schema
	// Calendars are the calendars targets name in [TargetSpec.Calendar].
	Calendars map[string]*Calendar
	// Rule options (precision, limits) for every rule of the clocks.
	RuleOptions []quality.Option
}

// visit is a clock that an event can change: by a condition for its name,
// or (targetOnly) only by choosing another target, which needs a cycle.
type visit struct {
	clock      int32
	targetOnly bool
}

// clock is one compiled ClockSpec.
type clock struct {
	spec     ClockSpec
	name     string
	conds    [numActs][]cond
	targets  []target
	warnings []warning
	policy   TargetChange
	// targetFacts are the facts the targets' rules read. When they are equal
	// on two consecutive events, the second chooses the same target; with
	// sameTargets false (a rule reads the event's name) that is not known.
	targetFacts []string
	sameTargets bool
	// fixedTarget: one target, without a deadline or a not-before rule;
	// re-choosing it is pointless.
	fixedTarget bool
	// retargets: a later event can change the target (not KeepFirst, not
	// fixedTarget).
	retargets bool
	// acts[id+1] holds bit a when a condition of kind a can hold for the
	// event numbered id (-1: a name no rule tests); see [Clocks.numberEvents].
	acts []uint8
}

// cond is a compiled Condition.
type cond struct {
	name string // the condition's name, or its rule text
	path string // "pause[0].when"
	rule clockRule
}

// target is a compiled TargetSpec.
type target struct {
	name     string
	path     string     // "targets[1]"
	when     *clockRule // nil: every order
	cal      *Calendar
	within   time.Duration
	slots    *slotRule
	deadline *clockRule
	// notBefore: an arrival before its value is early (nil: no lower bound).
	notBefore *clockRule
}

// warning is a compiled WarningSpec: a threshold of elapsed working time
// computed from the target's budget.
type warning struct {
	name     string
	num, den uint64        // Percent as num/den
	before   time.Duration // Before, when num == 0
	after    time.Duration // After, when num == 0 and before == 0
}

// maxWarnings is the most warnings a clock may declare (they are a bit set).
const maxWarnings = 64

// CompileClocks checks and compiles clock definitions. It reports every
// problem it finds, not only the first: the error joins one
// [*ClockSpecError] per problem (each wraps [ErrClockSpec], and a rule that
// does not compile also wraps its [quality.Error] with the line and column).
// Clock names must be distinct.
func CompileClocks(env ClockEnv, specs ...ClockSpec) (*Clocks, error) {
	var errs []error
	schema, err := eventSchema(env.Schema)
	if err != nil {
		return nil, &ClockSpecError{Err: err}
	}
	cs := &Clocks{}
	seen := map[string]bool{}
	for i := range specs {
		c, cerrs := compileClock(&specs[i], schema, env)
		if specs[i].Name != "" && seen[specs[i].Name] {
			cerrs = append(cerrs, &ClockSpecError{Clock: specs[i].Name, Path: "name", Err: errorf("clock %q defined twice", specs[i].Name)})
		}
		seen[specs[i].Name] = true
		errs = append(errs, cerrs...)
		if len(cerrs) == 0 {
			cs.clocks = append(cs.clocks, c)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	cs.numberEvents()
	return cs, nil
}

// MustCompileClocks is [CompileClocks] for definitions known to be valid (Go
// constants); it panics on an error.
func MustCompileClocks(env ClockEnv, specs ...ClockSpec) *Clocks {
	cs, err := CompileClocks(env, specs...)
	if err != nil {
		panic(err)
	}
	return cs
}

// eventSchema returns the order's schema extended with the fact "event".
func eventSchema(s *quality.Schema) (*quality.Schema, error) {
	if s == nil {
		return nil, errorf("no facts schema (ClockEnv.Schema)")
	}
	if _, ok := s.Field(eventFact); ok {
		return nil, errorf("the facts schema declares %q, which the clocks set to the event's name", eventFact)
	}
	return s.Extend(quality.Field{Name: eventFact, Kind: quality.KindString, Doc: "the name of the event being applied"})
}

func compileClock(sp *ClockSpec, schema *quality.Schema, env ClockEnv) (*clock, []error) {
	var errs []error
	fail := func(path string, err error) {
		errs = append(errs, &ClockSpecError{Clock: sp.Name, Path: path, Err: err})
	}
	c := &clock{spec: cloneClockSpec(*sp), name: sp.Name, policy: sp.OnTargetChange}
	if sp.Name == "" {
		fail("name", errorf("empty clock name"))
	}
	switch c.policy {
	case TargetChangeInvalid:
		c.policy = KeepElapsed
	case KeepElapsed, KeepFirst:
	default:
		fail("on_target_change", errorf("unknown policy %d", int(c.policy)))
	}
	lists := [numActs][]Condition{sp.Start, sp.Pause, sp.Resume, sp.Stop, sp.Reset, sp.Cancel}
	for a, list := range lists {
		for i, cd := range list {
			path := actFields[a] + "[" + strconv.Itoa(i) + "].when"
			if cd.When == "" {
				fail(path, errorf("empty condition"))
				continue
			}
			r, err := compileClockRule(cd.When, schema, quality.KindBool, env.RuleOptions)
			if err != nil {
				fail(path, err)
				continue
			}
			name := cd.Name
			if name == "" {
				name = cd.When
			}
			c.conds[a] = append(c.conds[a], cond{name: name, path: path, rule: r})
		}
	}
	if len(sp.Start) == 0 {
		fail("start", errorf("no start condition"))
	}
	pausable := len(sp.Pause) > 0
	if pausable != (len(sp.Resume) > 0) {
		fail("resume", errorf("pause and resume conditions come together (%d pause, %d resume)", len(sp.Pause), len(sp.Resume)))
	}
	c.targets, errs = compileTargets(sp, schema, env, pausable, errs)
	c.warnings, errs = compileWarnings(sp, errs)
	c.sameTargets = true
	for _, t := range c.targets {
		for _, r := range []*clockRule{t.when, t.deadline, t.notBefore} {
			if r == nil {
				continue
			}
			if r.withEvent || r.restrict {
				c.sameTargets = false
			}
			if r.eval != nil {
				c.targetFacts = append(c.targetFacts, r.eval.Facts()...)
			}
		}
	}
	c.fixedTarget = len(c.targets) == 1 && c.targets[0].when == nil && c.targets[0].deadline == nil && c.targets[0].notBefore == nil
	c.retargets = c.policy != KeepFirst && !c.fixedTarget
	slices.Sort(c.targetFacts)
	c.targetFacts = slices.Compact(c.targetFacts)
	return c, errs
}

func compileTargets(sp *ClockSpec, schema *quality.Schema, env ClockEnv, pausable bool, errs []error) ([]target, []error) {
	fail := func(path string, err error) {
		errs = append(errs, &ClockSpecError{Clock: sp.Name, Path: path, Err: err})
	}
	if len(sp.Targets) == 0 {
		fail("targets", errorf("no target"))
	}
	var out []target
	names := map[string]bool{}
	for i, ts := range sp.Targets {
		path := "targets[" + strconv.Itoa(i) + "]"
		t := target{name: ts.Name, path: path, within: ts.Within}
		if ts.Name == "" {
			fail(path+".name", errorf("empty target name"))
		} else if names[ts.Name] {
			fail(path+".name", errorf("target %q defined twice", ts.Name))
		}
		names[ts.Name] = true
		last := i == len(sp.Targets)-1
		switch {
		case ts.When == "" && !last:
			fail(path+".when", errorf("only the last target may have no condition (the targets after it could never match)"))
		case ts.When != "" && last:
			fail(path+".when", errorf("the last target must have no condition, so that every order has a target"))
		case ts.When != "":
			r, err := compileClockRule(ts.When, schema, quality.KindBool, env.RuleOptions)
			if err != nil {
				fail(path+".when", err)
			} else {
				t.when = &r
			}
		}
		t.cal = env.Calendars[ts.Calendar]
		if t.cal == nil {
			fail(path+".calendar", errorf("unknown calendar %q", ts.Calendar))
		}
		kinds := 0
		if ts.Within != 0 {
			kinds++
			if ts.Within < 0 || ts.Within > maxSpan {
				fail(path+".within", errorf("budget %v: want above 0 and at most %v (50 years)", ts.Within, maxSpan))
			}
		}
		if ts.Slots != nil {
			kinds++
			if t.cal != nil {
				r, err := compileSlots(ts.Slots, t.cal)
				if err != nil {
					fail(path+".slots", err)
				}
				t.slots = r
			}
		}
		if ts.Deadline != "" {
			kinds++
			r, err := compileClockRule(ts.Deadline, schema, quality.KindTime, env.RuleOptions)
			if err != nil {
				fail(path+".deadline", err)
			} else {
				t.deadline = &r
			}
		}
		if ts.NotBefore != "" {
			r, err := compileClockRule(ts.NotBefore, schema, quality.KindTime, env.RuleOptions)
			if err != nil {
				fail(path+".not_before", err)
			} else {
				t.notBefore = &r
			}
		}
		if kinds != 1 {
			fail(path, errorf("set exactly one of within, slots and deadline (%d set)", kinds))
		}
		if pausable && (ts.Slots != nil || ts.Deadline != "") {
			fail(path, errorf("a clock that pauses needs budgets (within): a slot or a deadline is an instant that a pause cannot move"))
		}
		out = append(out, t)
	}
	return out, errs
}

func compileWarnings(sp *ClockSpec, errs []error) ([]warning, []error) {
	fail := func(path string, err error) {
		errs = append(errs, &ClockSpecError{Clock: sp.Name, Path: path, Err: err})
	}
	if len(sp.Warnings) > maxWarnings {
		fail("warnings", errorf("%d warnings, at most %d", len(sp.Warnings), maxWarnings))
	}
	var out []warning
	names := map[string]bool{}
	for i, ws := range sp.Warnings {
		path := "warnings[" + strconv.Itoa(i) + "]"
		if ws.Name == "" {
			fail(path+".name", errorf("empty warning name"))
		} else if names[ws.Name] {
			fail(path+".name", errorf("warning %q defined twice", ws.Name))
		}
		names[ws.Name] = true
		w := warning{name: ws.Name, before: ws.Before, after: ws.After}
		kinds := 0
		if !ws.Percent.IsZero() {
			kinds++
			num, den, err := percentRatio(ws.Percent)
			if err != nil {
				fail(path+".percent", err)
			}
			w.num, w.den = num, den
		}
		if ws.Before != 0 {
			kinds++
			if ws.Before < 0 || ws.Before > maxSpan {
				fail(path+".before", errorf("lead %v: want above 0 and at most 50 years", ws.Before))
			}
		}
		if ws.After != 0 {
			kinds++
			if ws.After < 0 || ws.After > maxSpan {
				fail(path+".after", errorf("elapsed time %v: want above 0 and at most 50 years", ws.After))
			}
		}
		if kinds != 1 {
			fail(path, errorf("set exactly one of percent, before and after (%d set)", kinds))
		}
		out = append(out, w)
	}
	return out, errs
}

// percentRatio returns p as num/den, refusing p <= 0, p > 1000 and more than
// six decimal places.
func percentRatio(p decimal.Decimal) (uint64, uint64, error) {
	if p.Sign() <= 0 || p.GreaterThan(decimal.NewFromInt(1000)) {
		return 0, 0, errorf("percent %s: want above 0 and at most 1000", p)
	}
	exp := p.Exponent()
	coef := p.Coefficient()
	for exp < 0 && new(big.Int).Rem(coef, big.NewInt(10)).Sign() == 0 {
		coef.Quo(coef, big.NewInt(10))
		exp++
	}
	if exp < -6 {
		return 0, 0, errorf("percent %s: at most six decimal places", p)
	}
	num, den := coef.Uint64(), uint64(1)
	for ; exp < 0; exp++ {
		den *= 10
	}
	for ; exp > 0; exp-- {
		num *= 10
	}
	return num, den, nil
}

// threshold returns the elapsed working time at which w is reached against
// a target with the given budget.
func (w *warning) threshold(budget time.Duration) time.Duration {
	switch {
	case w.num != 0:
		return mulDivCeil(budget, w.num, 100*w.den)
	case w.before != 0:
		return max(0, budget-w.before)
	}
	return w.after
}

// mulDivCeil returns ⌈d·num/den⌉ for d >= 0, saturating at the largest
// Duration.
func mulDivCeil(d time.Duration, num, den uint64) time.Duration {
	if d <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(d), num)
	if hi >= den {
		return math.MaxInt64
	}
	q, r := bits.Div64(hi, lo, den)
	if r != 0 {
		q++
	}
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(q)
}

// Names returns the clocks' names, in definition order.
func (cs *Clocks) Names() []string {
	out := make([]string, len(cs.clocks))
	for i, c := range cs.clocks {
		out[i] = c.name
	}
	return out
}

// Specs returns copies of the definitions the clocks were compiled from.
func (cs *Clocks) Specs() []ClockSpec {
	out := make([]ClockSpec, len(cs.clocks))
	for i, c := range cs.clocks {
		out[i] = cloneClockSpec(c.spec)
	}
	return out
}

// Warnings returns the names of a clock's warnings, in definition order: bit
// i of [Status.Reached] is warning i.
func (cs *Clocks) Warnings(clockName string) ([]string, error) {
	c, _, err := cs.lookup(clockName)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(c.warnings))
	for i, w := range c.warnings {
		out[i] = w.name
	}
	return out, nil
}

// lookup finds a clock by name.
func (cs *Clocks) lookup(name string) (*clock, int, error) {
	for i, c := range cs.clocks {
		if c.name == name {
			return c, i, nil
		}
	}
	return nil, -1, errorf("%w %q", ErrUnknownClock, name)
}

func cloneClockSpec(s ClockSpec) ClockSpec {
	cl := func(cs []Condition) []Condition { return append([]Condition(nil), cs...) }
	s.Start, s.Pause, s.Resume = cl(s.Start), cl(s.Pause), cl(s.Resume)
	s.Stop, s.Reset, s.Cancel = cl(s.Stop), cl(s.Reset), cl(s.Cancel)
	s.Targets = append([]TargetSpec(nil), s.Targets...)
	for i, t := range s.Targets {
		if t.Slots != nil {
			sl := *t.Slots
			sl.Times = append([]TimeOfDay(nil), sl.Times...)
			s.Targets[i].Slots = &sl
		}
	}
	s.Warnings = append([]WarningSpec(nil), s.Warnings...)
	return s
}
