package escalation

import (
	"strconv"
	"strings"
	"time"
)

// MaxSimulationSteps bounds the steps of one [Machine.Simulate].
const MaxSimulationSteps = 10000

// A Timeline is the result of [Machine.Simulate]: every step a punctual host
// would have run for one order, for policy writers to read.
type Timeline struct {
	// Machine and Version identify the definition simulated.
	Machine string
	Version int
	// Order is the simulated order's id.
	Order string
	// Location is the zone the text rendering shows instants in (the start
	// instant's location).
	Location *time.Location
	// Steps are the steps in order: the start, each wake-up and each event.
	Steps []Result
	// Final is the order's state after the last step.
	Final State
}

// Simulate runs a definition over a list of events the way a punctual host
// would: it starts an order at start, wakes it exactly at every wake-up before
// each event (so no action is late), applies each event at its instant, and
// after the last event keeps waking it until until (or, when until is zero,
// until no timer is armed). Events must be in time order, at or after start;
// each needs its At. Timer guards read facts at the start and until the first
// event, then the facts of the latest event.
func (m *Machine) Simulate(order string, start time.Time, facts any, events []Event, until time.Time) (Timeline, error) {
	loc := start.Location()
	tl := Timeline{Machine: m.def.Name, Version: m.def.Version, Order: order, Location: loc}
	res, err := m.Start(order, start, facts)
	if err != nil {
		return tl, err
	}
	tl.Steps = append(tl.Steps, res)
	st := res.State
	wakeUntil := func(limit time.Time, all bool) error {
		for w := st.Wake(); !w.IsZero() && (all || !w.After(limit)); w = st.Wake() {
			if len(tl.Steps) >= MaxSimulationSteps {
				return errorf(ErrRunaway, "simulation of order %q: more than %d steps", order, MaxSimulationSteps)
			}
			r, err := m.Tick(st, w, facts)
			if err != nil {
				return err
			}
			tl.Steps = append(tl.Steps, r)
			st = r.State
		}
		return nil
	}
	for i, ev := range events {
		if ev.At.IsZero() {
			return tl, errorf(ErrInput, "simulation: events[%d] %q has no instant", i, ev.Name)
		}
		if ev.At.Before(st.Now) {
			return tl, errorf(ErrInput, "simulation: events[%d] %q at %s is before the previous step", i, ev.Name, ev.At.Format(time.RFC3339))
		}
		if err := wakeUntil(ev.At, false); err != nil {
			return tl, err
		}
		facts = ev.Facts
		r, err := m.Step(st, ev, ev.At)
		if err != nil {
			return tl, err
		}
		tl.Steps = append(tl.Steps, r)
		st = r.State
	}
	if err := wakeUntil(until, until.IsZero()); err != nil {
		return tl, err
	}
	tl.Final = st
	return tl, nil
}

// String renders the timeline as text, one line per trace entry and one
// indented line per action, instants in the timeline's location:
//
//	2025-07-01 09:00:00  start                  received
//	2025-07-01 09:03:00  event submit           received → submitted
//	2025-07-01 12:03:00  timer supervision      submitted            level 1
//	                       raise_level 1 (back_office_supervisor)
func (tl Timeline) String() string {
	loc := tl.Location
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	b.WriteString(tl.Machine + " v" + strconv.Itoa(tl.Version) + ", order " + tl.Order + ", times in " + loc.String() + "\n")
	for _, r := range tl.Steps {
		for ei, e := range r.Trace {
			line := e.At.In(loc).Format("2006-01-02 15:04:05") + "  " + pad(describe(e), 28) + "  "
			move := e.To
			if e.From != e.To {
				move = e.From + " → " + e.To
			}
			line += pad(move, 28)
			if e.Level > 0 {
				line += "  level " + strconv.Itoa(e.Level)
			}
			if e.Cycle > 0 {
				line += "  cycle " + strconv.Itoa(e.Cycle)
			}
			b.WriteString(strings.TrimRight(line, " "))
			b.WriteByte('\n')
			for _, a := range r.Actions {
				if a.Cause == ei {
					b.WriteString(strings.Repeat(" ", 23) + a.Action.String() + "\n")
				}
			}
		}
	}
	return b.String()
}

func describe(e Entry) string {
	switch e.Kind {
	case EntryStart:
		return "start"
	case EntryTimer:
		s := "timer " + e.Timer
		if e.Guard != "" {
			s += " [" + e.Guard + "]"
		}
		return s
	case EntryEvent:
		s := "event " + e.Event
		if e.Guard != "" {
			s += " [" + e.Guard + "]"
		}
		return s
	case EntryUnhandled:
		return "event " + e.Event + " (unhandled: " + e.Note + ")"
	case EntryIgnored:
		return "event " + e.Event + " (ignored: " + e.Note + ")"
	case EntryCounter:
		return "counter " + e.Counter + " = " + strconv.Itoa(e.Value)
	}
	return e.Kind.String()
}

func pad(s string, n int) string {
	if k := len([]rune(s)); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// String renders an action in one line: "notify back_office_lead: dispatch
// overdue", "raise_level 2 (county_manager)", "compensate timer_gift".
func (a Action) String() string {
	var s string
	switch a.Kind {
	case ActionNotify, ActionAssign:
		s = a.Kind.String() + " " + a.Role
	case ActionRaiseLevel:
		s = a.Kind.String() + " " + strconv.Itoa(a.Level)
		if a.Role != "" {
			s += " (" + a.Role + ")"
		}
	default:
		s = a.Kind.String() + " " + a.Code
	}
	if a.Note != "" {
		s += ": " + a.Note
	}
	return s
}
