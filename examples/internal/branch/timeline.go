package branch

import (
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/workorder"
)

// Timeline builds one order's events: a cursor instant that moves forward,
// and the events emitted at it.
//
//	tl := branch.NewTimeline(o.ID, o.Created)
//	tl.Emit("created", quality.Facts{"order_type": o.Kind, "technician": o.Tech.ID})
//	tl.After(branch.LogNormal(r, 2*time.Minute, 0.5)).Emit("dispatched", nil)
//	w.Add(tl.Events()...)
type Timeline struct {
	order  string
	at     time.Time
	events []workorder.Event
}

// NewTimeline starts the timeline of order at the instant at.
func NewTimeline(order string, at time.Time) *Timeline {
	return &Timeline{order: order, at: at.In(Zone)}
}

// At returns the cursor instant.
func (t *Timeline) At() time.Time { return t.at }

// After moves the cursor forward by d (a negative d is taken as 0).
func (t *Timeline) After(d time.Duration) *Timeline {
	if d > 0 {
		t.at = t.at.Add(d)
	}
	return t
}

// To moves the cursor to at, if at is later.
func (t *Timeline) To(at time.Time) *Timeline {
	if at.After(t.at) {
		t.at = at.In(Zone)
	}
	return t
}

// Emit appends the event name at the cursor, with the facts it sets (nil
// for none).
func (t *Timeline) Emit(name string, facts quality.Facts) *Timeline {
	t.events = append(t.events, workorder.Event{Order: t.order, Name: name, At: t.at, Facts: facts})
	return t
}

// Events returns the events emitted so far, in order.
func (t *Timeline) Events() []workorder.Event { return t.events }
