package engine

import (
	"time"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
)

// Trace is everything the engine did with one order (servq explain).
type Trace struct {
	Order string
	// Events are the order's rows in data order, with what became of each
	// and the machine steps each caused.
	Events []TraceEvent
	// Finished says whether the order was finished (done rule, or the end
	// of the data without one); DoneAt is when. Open says it was still open
	// at the end of the data.
	Finished bool
	DoneAt   time.Time
	Open     bool
	// Clocks are the clocks' timelines when the order was finished (or at
	// the end of the data).
	Clocks []TraceClock
	// MachineStates are the machines' states when the order was finished.
	MachineStates []MachineState
	// Sampling is the callback sampling decision, with its receipt.
	Sampling *survey.Decision
	// Eligible says whether the order counted in the survey (participation's
	// population).
	Eligible bool
	// Outcomes are the order's facts with the outcome facts.
	Outcomes quality.Facts
	// Measures are the measures the order counted in.
	Measures []TraceMeasure
	// Lines are the money lines the order made.
	Lines []appraisal.Line
}

// TraceEvent is one row of the traced order.
type TraceEvent struct {
	Line     int
	Name     string
	At       time.Time
	ID       string
	Facts    quality.Facts
	Status   string
	Machines []TraceStep
}

// TraceStep is what one machine did on an event (its timers caught up before
// it, and the event).
type TraceStep struct {
	Machine string
	Trace   []escalation.Entry
	Actions []escalation.Emitted
}

// TraceClock is one clock's timeline.
type TraceClock struct {
	Clock    string
	Timeline sla.Timeline
	Status   sla.Status
	Error    string
}

// MachineState is a machine's final state for one order.
type MachineState struct {
	Machine  string
	State    string
	Level    int
	Cycle    int
	Terminal bool
}

// TraceMeasure is one measure an order counted in: Num of Den (a count has
// Den 0).
type TraceMeasure struct {
	Name, Kind string
	Num, Den   int64
}

// Trace returns the trace of the order named in Options.Trace, or nil.
// Call it after Finish.
func (e *Engine) Trace() *Trace { return e.trace }
