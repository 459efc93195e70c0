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
	Order string `json:"order"`
	// Events are the order's rows in data order, with what became of each
	// and the machine steps each caused.
	Events []TraceEvent `json:"events,omitempty"`
	// Finished says whether the order was finished (done rule, or the end
	// of the data without one); DoneAt is when. Open says it was still open
	// at the end of the data.
	Finished bool      `json:"finished"`
	DoneAt   time.Time `json:"done_at,omitzero"`
	Open     bool      `json:"open"`
	// Clocks are the clocks' timelines when the order was finished (or at
	// the end of the data).
	Clocks []TraceClock `json:"clocks,omitempty"`
	// MachineStates are the machines' states when the order was finished.
	MachineStates []MachineState `json:"machine_states,omitempty"`
	// Sampling is the callback sampling decision, with its receipt.
	Sampling *survey.Decision `json:"sampling,omitempty"`
	// Eligible says whether the order counted in the survey (participation's
	// population).
	Eligible bool `json:"eligible"`
	// Outcomes are the order's facts with the outcome facts.
	Outcomes quality.Facts `json:"outcomes,omitempty"`
	// Measures are the measures the order counted in.
	Measures []TraceMeasure `json:"measures,omitempty"`
	// Lines are the money lines the order made.
	Lines []appraisal.Line `json:"lines,omitempty"`
}

// TraceEvent is one row of the traced order.
type TraceEvent struct {
	Line     int           `json:"line"`
	Name     string        `json:"name"`
	At       time.Time     `json:"at"`
	ID       string        `json:"id,omitempty"`
	Facts    quality.Facts `json:"facts,omitempty"`
	Status   string        `json:"status"`
	Machines []TraceStep   `json:"machines,omitempty"`
}

// TraceStep is what one machine did on an event (its timers caught up before
// it, and the event).
type TraceStep struct {
	Machine string               `json:"machine"`
	Trace   []escalation.Entry   `json:"trace,omitempty"`
	Actions []escalation.Emitted `json:"actions,omitempty"`
}

// TraceClock is one clock's timeline.
type TraceClock struct {
	Clock    string       `json:"clock"`
	Timeline sla.Timeline `json:"timeline"`
	Status   sla.Status   `json:"status"`
	Error    string       `json:"error,omitempty"`
}

// MachineState is a machine's final state for one order.
type MachineState struct {
	Machine  string `json:"machine"`
	State    string `json:"state"`
	Level    int    `json:"level"`
	Cycle    int    `json:"cycle"`
	Terminal bool   `json:"terminal"`
}

// TraceMeasure is one measure an order counted in: Num of Den (a count has
// Den 0).
type TraceMeasure struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Num  int64  `json:"num"`
	Den  int64  `json:"den"`
}

// Trace returns the trace of the order named in Options.Trace, or nil.
// Call it after Finish.
func (e *Engine) Trace() *Trace { return e.trace }
