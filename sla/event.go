package sla

import (
	"time"

	"github.com/servq/servq/quality"
)

// Event is one timestamped event of a work order, as the clocks see it.
//
// Facts are the order's facts as they stand after the event (a full
// snapshot, not a change): the clocks' conditions are evaluated on them, with
// the fact "event" set to Name. The clocks never keep or change the map.
type Event struct {
	// ID identifies the event; a repeated ID is ignored, whatever its other
	// fields, so that an at-least-once delivery cannot count twice.
	ID string
	// At is the event's instant, after 1970 and before 2200. Events are
	// applied in the order given; one older than the last applied event is
	// refused with [ErrLateEvent].
	At time.Time
	// Name is the event's kind, such as "created" or "status_changed"; rules
	// see it as the string fact "event".
	Name string
	// Facts are the order's facts after the event.
	Facts quality.Facts
}

// validate checks the fields every event needs.
func (e *Event) validate() error {
	switch {
	case e.ID == "":
		return errorf("%w: empty id", ErrInvalidEvent)
	case e.Name == "":
		return errorf("%w: empty name", ErrInvalidEvent)
	case e.At.IsZero():
		return errorf("%w: zero instant", ErrInvalidEvent)
	case !e.At.After(minEventTime) || !e.At.Before(maxEventTime):
		return errorf("%w: instant %s outside 1970 to 2200", ErrInvalidEvent, e.At.UTC().Format(time.RFC3339Nano))
	}
	return nil
}

// eventFacts builds the facts a rule sees for an event: the event's facts
// plus "event". It reuses one map across the events of a fold, and keeps the
// boxed event names so that a name is boxed into an interface once. It
// serves one event until [eventFacts.next] (it keeps no pointer to the
// event, so that a fold's events need not escape to the heap).
type eventFacts struct {
	built bool // m holds the facts of the present event
	m     quality.Facts
	names []string
	boxes []any
}

// next moves on to another event.
func (f *eventFacts) next() { f.built = false }

// of returns the facts of e plus "event", building them once per event.
func (f *eventFacts) of(e *Event) quality.Facts {
	if f.built {
		return f.m
	}
	f.built = true
	if f.m == nil {
		f.m = make(quality.Facts, len(e.Facts)+1)
	} else {
		clear(f.m)
	}
	for k, v := range e.Facts {
		f.m[k] = v
	}
	f.m[eventFact] = f.box(e.Name)
	return f.m
}

func (f *eventFacts) box(name string) any {
	for i, n := range f.names {
		if n == name {
			return f.boxes[i]
		}
	}
	b := any(name)
	f.names = append(f.names, name)
	f.boxes = append(f.boxes, b)
	return b
}

// eventFact is the name of the fact that holds the event's name.
const eventFact = "event"
