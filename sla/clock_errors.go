package sla

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Sentinel errors of the clocks, for errors.Is. Every error the clocks return
// wraps exactly one of them (rule failures also wrap the quality error).
var (
	// ErrClockSpec is wrapped by every error [CompileClocks] reports about a
	// clock definition; each comes as a [*ClockSpecError] naming the field.
	ErrClockSpec = errors.New("sla: invalid clock definition")

	// ErrInvalidEvent is wrapped when an event has no id, no name or no instant.
	ErrInvalidEvent = errors.New("sla: invalid event")

	// ErrLateEvent is wrapped when an event is older than the last event
	// already applied to the state. The clocks never fold an event into the
	// past: the host replays the order's events in time order instead (see
	// [Clocks.Replay]).
	ErrLateEvent = errors.New("sla: late event")

	// ErrRule is wrapped when a condition, target choice or deadline rule fails
	// to evaluate on an event's facts (a missing fact, a fact of the wrong
	// type). The quality error is wrapped too.
	ErrRule = errors.New("sla: rule failed")

	// ErrNoSlot is wrapped when a batch-slot target finds no slot within
	// [maxSlotSearch] days of the instant it starts from.
	ErrNoSlot = errors.New("sla: no batch slot")

	// ErrUnknownClock is wrapped when a status or an explanation is asked for
	// a clock name that the clocks do not define.
	ErrUnknownClock = errors.New("sla: unknown clock")

	// ErrStateMismatch is wrapped when a state was folded by other clock
	// definitions (other clock or target names) than the ones it is given to.
	ErrStateMismatch = errors.New("sla: state does not match the clocks")

	// ErrStatusBeforeState is wrapped when a status is asked for an instant
	// before the last event applied to the state: a state knows the present
	// stretch only. Fold a prefix of the events to look at the past.
	ErrStatusBeforeState = errors.New("sla: status asked before the state's last event")

	// ErrInvalidState is wrapped by errors decoding a [State] from JSON.
	ErrInvalidState = errors.New("sla: invalid clock state")
)

// ClockSpecError reports one problem in a clock definition. Path names the
// field inside the clock, such as "pause[1].when" or "targets[0].within";
// when the problem is a rule that does not compile, Err also wraps the
// [quality.Error] with the line and column inside the rule.
type ClockSpecError struct {
	Clock string // the clock's name ("" when the name itself is missing)
	Path  string // the field, such as "targets[2].when"; "" for the whole clock
	Err   error  // the cause
}

// Error formats the error as "sla: clock "name": path: cause".
func (e *ClockSpecError) Error() string {
	s := "sla: clock " + strconv.Quote(e.Clock)
	if e.Path != "" {
		s += ": " + e.Path
	}
	return s + ": " + trimPrefix(e.Err.Error())
}

// Unwrap returns [ErrClockSpec] and the cause, for errors.Is and errors.As.
func (e *ClockSpecError) Unwrap() []error { return []error{ErrClockSpec, e.Err} }

// EventError reports an event that a fold could not apply. The fold is
// atomic: the state it was given is returned unchanged.
type EventError struct {
	Index int       // position of the event in the fold's arguments
	ID    string    // the event's id
	At    time.Time // the event's instant
	Clock string    // the clock whose rule failed; "" for late or invalid events
	Path  string    // the rule that failed, such as "pause[0].when"
	Err   error     // wraps ErrLateEvent, ErrInvalidEvent, ErrRule or ErrNoSlot
}

// Error formats the error as "sla: event "id" (#index): clock "name": path:
// cause".
func (e *EventError) Error() string {
	s := "sla: event " + strconv.Quote(e.ID) + " (#" + strconv.Itoa(e.Index) + ")"
	if e.Clock != "" {
		s += ": clock " + strconv.Quote(e.Clock)
	}
	if e.Path != "" {
		s += ": " + e.Path
	}
	return s + ": " + trimPrefix(e.Err.Error())
}

// Unwrap returns the cause.
func (e *EventError) Unwrap() error { return e.Err }

// trimPrefix drops a leading "sla: " so that wrapped messages read once.
func trimPrefix(s string) string {
	if len(s) > 5 && s[:5] == "sla: " {
		return s[5:]
	}
	return s
}

// errorf formats a cause without the package prefix (the wrapping error
// carries it).
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
