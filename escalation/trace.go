package escalation

import "time"

// EntryKind says what a trace [Entry] records.
type EntryKind uint8

const (
	// EntryInvalid is the zero EntryKind.
	EntryInvalid EntryKind = iota
	// EntryStart: the order started in the initial state.
	EntryStart
	// EntryTimer: a timer fired at its deadline (and perhaps took a
	// transition).
	EntryTimer
	// EntryEvent: an event took a transition.
	EntryEvent
	// EntryUnhandled: an event arrived but no transition from the current state
	// accepted it (none declared, or no guard held).
	EntryUnhandled
	// EntryIgnored: an event was a repeated delivery or stale and did nothing.
	EntryIgnored
	// EntryCounter: a counter reached its threshold.
	EntryCounter
)

var entryKindNames = [...]string{"invalid", "start", "timer", "event", "unhandled", "ignored", "counter"}

// String returns the kind's name, for example "timer".
func (k EntryKind) String() string {
	if int(k) < len(entryKindNames) {
		return entryKindNames[k]
	}
	return "invalid"
}

// MarshalText encodes the kind by name.
func (k EntryKind) MarshalText() ([]byte, error) {
	return marshalEnum("entry kind", k.String(), k != EntryInvalid && int(k) < len(entryKindNames))
}

// UnmarshalText decodes a kind name.
func (k *EntryKind) UnmarshalText(b []byte) error {
	v, err := unmarshalEnum("entry kind", entryKindNames[:], b)
	*k = EntryKind(v)
	return err
}

// An Entry explains one thing that happened in a step: which timer fired,
// which event arrived, which transition was taken and which guard held.
type Entry struct {
	// Kind says what happened.
	Kind EntryKind `json:"kind"`
	// At is the instant it happened: a timer's deadline, an event's instant,
	// the start (UTC).
	At time.Time `json:"at"`
	// Seq is the order's firing number (unchanged for unhandled and ignored
	// events).
	Seq uint64 `json:"seq"`
	// Event and EventID name the event (event, unhandled and ignored entries).
	Event   string `json:"event,omitempty"`
	EventID string `json:"event_id,omitempty"`
	// Timer names the timer that fired (timer entries).
	Timer string `json:"timer,omitempty"`
	// Counter and Value name the counter that reached its threshold and its
	// new value (counter entries).
	Counter string `json:"counter,omitempty"`
	Value   int    `json:"value,omitempty"`
	// Transition is the index in Definition.Transitions of the transition
	// taken, -1 when none was.
	Transition int `json:"transition"`
	// Guard is the source of the guard that held ("" when the transition has
	// none); Rejected counts the transitions on the same trigger tried before
	// whose guards did not hold.
	Guard    string `json:"guard,omitempty"`
	Rejected int    `json:"rejected,omitempty"`
	// From and To are the states before and after (equal when the state did
	// not change).
	From string `json:"from"`
	To   string `json:"to"`
	// Level and Cycle are the order's level and cycle after the entry.
	Level int `json:"level,omitempty"`
	Cycle int `json:"cycle,omitempty"`
	// Note says why an event was ignored ("repeated", "stale") or left
	// unhandled ("no transition", "no guard held", "terminal state").
	Note string `json:"note,omitempty"`
}

// EventStatus says what became of the event given to a step.
type EventStatus uint8

const (
	// StatusInvalid is the zero EventStatus.
	StatusInvalid EventStatus = iota
	// StatusTick: the step had no event (a tick); only timers fired.
	StatusTick
	// StatusApplied: the event took a transition.
	StatusApplied
	// StatusUnhandled: no transition from the current state accepted the
	// event; it is recorded as seen, so its repetition is recognised.
	StatusUnhandled
	// StatusRepeated: an event with the same id and instant was already
	// applied; it did nothing.
	StatusRepeated
	// StatusStale: the event's instant is before an instant the order has
	// already been stepped to; it did nothing.
	StatusStale
)

var statusNames = [...]string{"invalid", "tick", "applied", "unhandled", "repeated", "stale"}

// String returns the status's name, for example "applied".
func (s EventStatus) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "invalid"
}

// MarshalText encodes the status by name.
func (s EventStatus) MarshalText() ([]byte, error) {
	return marshalEnum("event status", s.String(), s != StatusInvalid && int(s) < len(statusNames))
}

// UnmarshalText decodes a status name.
func (s *EventStatus) UnmarshalText(b []byte) error {
	v, err := unmarshalEnum("event status", statusNames[:], b)
	*s = EventStatus(v)
	return err
}
