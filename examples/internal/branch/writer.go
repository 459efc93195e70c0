package branch

import (
	"bufio"
	"container/heap"
	"fmt"
	"io"
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/workorder"
)

// Writer writes the events of many orders as one JSONL stream in time
// order, the way a CRM exports them: events of different orders interleave,
// each order's events keep their order. It holds only the events not yet
// written (those of orders still open), not the whole month.
//
// Add an order's events (in time order) when the order is generated, and
// call Flush with the next order's creation instant before adding it:
// every event up to that instant is then final and written. Close writes
// the rest.
type Writer struct {
	bw    *bufio.Writer
	enc   *workorder.Encoder
	held  eventHeap
	seq   int64
	count int64
	// cutoff, when set, drops events at or after it (SetCutoff).
	cutoff int64
	hasCut bool
	cut    int64
	// flushed is the bound of the latest Flush: an event added before it
	// would be written out of order.
	flushed    int64
	hasFlushed bool
}

// NewWriter returns a Writer encoding events with facts of schema to w.
func NewWriter(w io.Writer, schema *quality.Schema) *Writer {
	bw := bufio.NewWriterSize(w, 1<<16)
	return &Writer{bw: bw, enc: workorder.NewEncoder(bw, schema)}
}

// Add holds the events of one order until they are due. The events must be
// in time order (equal instants keep their order) and after the bound of
// every earlier Flush; Add refuses them otherwise, because they could no
// longer be written in order.
func (w *Writer) Add(events ...workorder.Event) error {
	for i, ev := range events {
		if i > 0 && ev.At.Before(events[i-1].At) {
			return fmt.Errorf("branch: order %s: event %s at %s is before %s at %s",
				ev.Order, ev.Name, ev.At.Format(time.RFC3339), events[i-1].Name, events[i-1].At.Format(time.RFC3339))
		}
		at := ev.At.UnixNano()
		if w.hasFlushed && at < w.flushed {
			return fmt.Errorf("branch: order %s: event %s at %s is before %s, up to which events are already written",
				ev.Order, ev.Name, ev.At.Format(time.RFC3339), time.Unix(0, w.flushed).In(ev.At.Location()).Format(time.RFC3339Nano))
		}
		if w.hasCut && at >= w.cutoff {
			w.cut++
			continue
		}
		heap.Push(&w.held, heldEvent{ev: ev, at: at, seq: w.seq})
		w.seq++
	}
	return nil
}

// Flush writes every held event at or before until, in time order (events
// at the same instant in the order they were added).
func (w *Writer) Flush(until time.Time) error {
	u := until.UnixNano()
	if !w.hasFlushed || u > w.flushed {
		w.flushed, w.hasFlushed = u, true
	}
	for len(w.held) > 0 && w.held[0].at <= u {
		h := heap.Pop(&w.held).(heldEvent)
		if err := w.enc.Encode(h.ev); err != nil {
			return err
		}
		w.count++
	}
	return nil
}

// Close writes every held event and flushes the output.
func (w *Writer) Close() error {
	for len(w.held) > 0 {
		h := heap.Pop(&w.held).(heldEvent)
		if err := w.enc.Encode(h.ev); err != nil {
			return err
		}
		w.count++
	}
	return w.bw.Flush()
}

// SetCutoff makes the Writer drop every event at or after t: the data is
// an export taken at t, so orders created near its end are still open, with
// their clocks running and their escalations live, as in any real export.
func (w *Writer) SetCutoff(t time.Time) {
	w.cutoff, w.hasCut = t.UnixNano(), true
}

// Dropped returns the number of events dropped by the cutoff.
func (w *Writer) Dropped() int64 { return w.cut }

// Count returns the number of events written so far.
func (w *Writer) Count() int64 { return w.count }

type heldEvent struct {
	ev  workorder.Event
	at  int64
	seq int64
}

type eventHeap []heldEvent

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(heldEvent)) }
func (h *eventHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
