package escalation

import (
	"bytes"
	"encoding/json"
	"time"
)

// StateFormat is the format version written in every [State]'s "version" field.
// A state of another format version is refused when decoded.
const StateFormat = 1

// A State is one order's position in a machine: everything a host persists
// between steps. It is a value: a step returns a new State and never changes
// the one it was given, so a host may keep the old one until the new one is
// stored. All instants in a State are in UTC, so a State round-trips through
// JSON exactly (reflect.DeepEqual holds after Marshal and Unmarshal).
//
// The zero State is not usable: states come from [Machine.Start], from
// decoding JSON, or from [Migrate].
type State struct {
	// Version is the format version, [StateFormat].
	Version int `json:"version"`
	// Machine and MachineVersion pin the definition that runs this order.
	Machine        string `json:"machine"`
	MachineVersion int    `json:"machine_version"`
	// Order is the order's id; it seeds the action ids.
	Order string `json:"order"`
	// Current is the name of the current state.
	Current string `json:"state"`
	// Entered is when the order entered Current.
	Entered time.Time `json:"entered"`
	// Level is the warning level reached (0 = none).
	Level int `json:"level,omitzero"`
	// Cycle counts the reopenings (the satisfaction loop).
	Cycle int `json:"cycle,omitzero"`
	// Seq counts the firings so far (start, transitions and timer firings).
	Seq uint64 `json:"seq"`
	// Now is the latest instant a step has been run at; events before it are
	// stale.
	Now time.Time `json:"now"`
	// Applied records the ids of the events applied at the latest event
	// instant, to recognise a repeated delivery.
	Applied Applied `json:"applied,omitzero"`
	// Timers are the armed timers, earliest deadline first (ties in the
	// definition's order).
	Timers []TimerState `json:"timers,omitempty"`
	// Counters are the counters with a value other than zero, in the
	// definition's order.
	Counters []CounterState `json:"counters,omitempty"`
}

// Applied records the events applied at the latest event instant.
type Applied struct {
	// At is the instant of the latest applied event.
	At time.Time `json:"at"`
	// IDs are the ids of the events applied at At, in the order applied.
	IDs []string `json:"ids"`
}

// IsZero reports whether no event has been applied.
func (a Applied) IsZero() bool { return a.At.IsZero() && len(a.IDs) == 0 }

func (a Applied) has(id string) bool {
	for _, x := range a.IDs {
		if x == id {
			return true
		}
	}
	return false
}

// A TimerState is one armed timer.
type TimerState struct {
	// Name is the timer's name in the definition.
	Name string `json:"name"`
	// Armed is when the timer was (re)started.
	Armed time.Time `json:"armed"`
	// Due is the absolute deadline, computed when the timer was armed (for a
	// clock timer, at the latest step); zero while a clock timer waits for its
	// clock to run.
	Due time.Time `json:"due,omitzero"`
	// Fired counts the firings so far (repeating timers).
	Fired int `json:"fired,omitzero"`
}

// A CounterState is one counter's value.
type CounterState struct {
	// Name is the counter's name in the definition.
	Name string `json:"name"`
	// Value is the count, 1 or more (counters at zero are not listed).
	Value int `json:"value"`
}

// Wake returns the earliest deadline of the armed timers: the instant a host
// must step the order again if no event arrives first. It is zero when no timer
// has a deadline.
func (s State) Wake() time.Time {
	if len(s.Timers) == 0 {
		return time.Time{}
	}
	return s.Timers[0].Due
}

// Timer returns the armed timer of that name.
func (s State) Timer(name string) (TimerState, bool) {
	for _, t := range s.Timers {
		if t.Name == name {
			return t, true
		}
	}
	return TimerState{}, false
}

// Counter returns the value of the named counter (0 if it is not listed).
func (s State) Counter(name string) int {
	for _, c := range s.Counters {
		if c.Name == name {
			return c.Value
		}
	}
	return 0
}

// stateJSON has State's fields without its methods, for decoding.
type stateJSON State

// UnmarshalJSON decodes a state, refusing unknown fields and format versions
// other than [StateFormat], and puts every instant in UTC.
func (s *State) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var v stateJSON
	if err := dec.Decode(&v); err != nil {
		return errorf(ErrFormat, "state: %v", err)
	}
	if v.Version != StateFormat {
		return errorf(ErrFormat, "state: format version %d, want %d", v.Version, StateFormat)
	}
	v.Entered = utc(v.Entered)
	v.Now = utc(v.Now)
	v.Applied.At = utc(v.Applied.At)
	if len(v.Applied.IDs) == 0 {
		v.Applied.IDs = nil
	}
	if len(v.Timers) == 0 {
		v.Timers = nil
	}
	for i := range v.Timers {
		v.Timers[i].Armed = utc(v.Timers[i].Armed)
		v.Timers[i].Due = utc(v.Timers[i].Due)
	}
	if len(v.Counters) == 0 {
		v.Counters = nil
	}
	*s = State(v)
	return nil
}

// utc returns t in UTC, keeping the zero time zero.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
