package escalation

import (
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
)

// Env is what a definition's names refer to outside itself.
type Env struct {
	// Schema declares the facts guards may read; nil when the definition has
	// no guards.
	Schema *quality.Schema
	// Calendars are the calendars timers may name. The name "" is round the
	// clock unless the map gives it another calendar.
	Calendars map[string]*sla.Calendar
	// Clocks are the sla clocks timers may name (TimerSpec.Clock); nil when no
	// timer waits on a clock threshold.
	Clocks *sla.Clocks
}

func (e Env) compilers() compilers {
	return compilers{
		guard: func(src string) (guard, error) {
			if e.Schema == nil {
				return nil, errorf(ErrInvalidDefinition, "guard %q: no facts schema given to Compile", src)
			}
			return quality.Compile(src, e.Schema, quality.KindBool)
		},
		calendar: func(name string) (calendar, bool) {
			if c, ok := e.Calendars[name]; ok && c != nil {
				return c, true
			}
			if name == "" {
				return roundTheClock, true
			}
			return nil, false
		},
		clocks: e.Clocks,
	}
}

// roundTheClock is the calendar of timers that name none. Working time on it
// is elapsed time whatever its zone, so UTC serves every order.
var roundTheClock = sla.TwentyFourSeven(time.UTC)

// Compile validates a definition and compiles its guards (quality bool rules
// over env.Schema) and timers (offsets on env.Calendars) into a [Machine]. It
// refuses a definition with any finding, returning a *[ValidationError] that
// lists them all and wraps [ErrInvalidDefinition] and the rules' errors.
func Compile(def Definition, env Env) (*Machine, error) {
	return build(def, env.compilers())
}

// MustCompile is [Compile] for definitions known to be valid (constants in
// code); it panics on error.
func MustCompile(def Definition, env Env) *Machine {
	m, err := Compile(def, env)
	if err != nil {
		panic(err)
	}
	return m
}

// Validate returns every finding in a definition, in the definition's order;
// none means [Compile] accepts it. Graph checks (reachability, dead ends,
// cycles, timer order) run only when every name resolves.
func Validate(def Definition, env Env) []Finding {
	return validate(def, env.compilers()).out
}
