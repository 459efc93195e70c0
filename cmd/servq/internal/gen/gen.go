// Package gen generates work-order data for the test policy
// (cmd/servq/testdata/broadband) at any volume: a branch of counties,
// stations and technicians taking installation, move and repair orders at a
// steady rate, each order with about ten events, written in time order across
// orders as a CRM's event log would be. It is seeded and deterministic.
//
// The rate is fixed, so a larger volume spans more days rather than holding
// more orders open at once: the orders open at any instant (and so servq run's
// memory) stay about the same while the number of events grows, which is what
// the throughput and memory figures measure.
package gen

import (
	"container/heap"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/workorder"
)

// Options say what to generate.
type Options struct {
	Orders int           // orders to generate
	Seed   uint64        // the random seed
	Every  time.Duration // time between two orders' creation; 0 means 10s
	Start  time.Time     // the first order's creation; zero means 2025-07-01 08:00 +08:00
	// Technicians, Stations and Counties size the branch; zero means 100, 10, 5.
	Technicians, Stations, Counties int
}

// Schema is the facts of the test policy that the generator writes.
var Schema = quality.MustSchema(
	quality.Field{Name: "order_type", Kind: quality.KindString},
	quality.Field{Name: "priority", Kind: quality.KindInt},
	quality.Field{Name: "appointment_end", Kind: quality.KindTime},
	quality.Field{Name: "customer_postponed", Kind: quality.KindBool},
	quality.Field{Name: "test_order", Kind: quality.KindBool},
	quality.Field{Name: "do_not_call", Kind: quality.KindBool},
	quality.Field{Name: "smart_tv", Kind: quality.KindBool},
	quality.Field{Name: "days_since_last_callback", Kind: quality.KindInt},
	quality.Field{Name: "technician", Kind: quality.KindString},
	quality.Field{Name: "station", Kind: quality.KindString},
	quality.Field{Name: "county", Kind: quality.KindString},
	quality.Field{Name: "rating", Kind: quality.KindString},
)

// Stats count what was written.
type Stats struct {
	Orders, Events int64
	// MaxPending is the most events waiting to be written at once (the
	// generator's own memory bound).
	MaxPending int
}

type pending struct {
	ev  workorder.Event
	seq int64
}

type queue []pending

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if !q[i].ev.At.Equal(q[j].ev.At) {
		return q[i].ev.At.Before(q[j].ev.At)
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(pending)) }
func (q *queue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// Generate writes opts.Orders orders' events to w as JSONL.
func Generate(w io.Writer, opts Options) (Stats, error) {
	if opts.Every == 0 {
		opts.Every = 10 * time.Second
	}
	if opts.Start.IsZero() {
		opts.Start = time.Date(2025, 7, 1, 8, 0, 0, 0, time.FixedZone("", 8*3600))
	}
	if opts.Technicians == 0 {
		opts.Technicians = 100
	}
	if opts.Stations == 0 {
		opts.Stations = 10
	}
	if opts.Counties == 0 {
		opts.Counties = 5
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5e7_0a11))
	enc := workorder.NewEncoder(w, Schema)
	var st Stats
	var q queue
	var seq int64
	push := func(ev workorder.Event) {
		seq++
		heap.Push(&q, pending{ev: ev, seq: seq})
	}
	flush := func(until time.Time) error {
		for q.Len() > 0 && !q[0].ev.At.After(until) {
			p := heap.Pop(&q).(pending)
			if err := enc.Encode(p.ev); err != nil {
				return err
			}
			st.Events++
		}
		return nil
	}
	counties := make([]string, opts.Counties)
	for i := range counties {
		counties[i] = fmt.Sprintf("County-%02d", i+1)
	}
	for i := 0; i < opts.Orders; i++ {
		created := opts.Start.Add(time.Duration(i) * opts.Every)
		if err := flush(created); err != nil {
			return st, err
		}
		order(rng, i, created, counties, opts, push)
		st.Orders++
		st.MaxPending = max(st.MaxPending, q.Len())
	}
	if err := flush(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		return st, err
	}
	return st, nil
}

// order pushes the events of one order.
func order(rng *rand.Rand, i int, created time.Time, counties []string, opts Options, push func(workorder.Event)) {
	id := fmt.Sprintf("WO-%08d", i+1)
	tech := rng.IntN(opts.Technicians)
	station := tech * opts.Stations / opts.Technicians
	county := station * opts.Counties / opts.Stations
	kind := "repair"
	switch r := rng.IntN(100); {
	case r < 30:
		kind = "install"
	case r < 40:
		kind = "move"
	}
	priority := 1
	if kind == "repair" && rng.IntN(10) == 0 {
		priority = 2
	}
	minutes := func(lo, hi int) time.Duration { return time.Duration(lo+rng.IntN(hi-lo+1)) * time.Minute }
	at := created
	ev := func(name string, facts quality.Facts) {
		push(workorder.Event{Order: id, Name: name, At: at, Facts: facts})
	}
	ev("created", quality.Facts{
		"order_type":               kind,
		"priority":                 priority,
		"customer_postponed":       false,
		"test_order":               rng.IntN(200) == 0,
		"do_not_call":              rng.IntN(50) == 0,
		"smart_tv":                 rng.IntN(20) == 0,
		"days_since_last_callback": rng.IntN(365),
		"technician":               fmt.Sprintf("T%03d", tech+1),
		"station":                  fmt.Sprintf("ST-%02d", station+1),
		"county":                   counties[county],
	})
	if rng.IntN(100) == 0 {
		at = at.Add(minutes(5, 60))
		ev("cancelled", nil)
		return
	}
	at = at.Add(minutes(1, 4))
	ev("dispatched", nil)
	at = at.Add(minutes(0, 2))
	ev("accepted", nil)
	at = at.Add(minutes(3, 26)) // contact within 20 minutes, mostly
	ev("customer_contacted", nil)
	at = at.Add(minutes(1, 5))
	window := at.Add(minutes(120, 600))
	ev("appointment_agreed", quality.Facts{"appointment_end": window})
	arrive := window.Add(-minutes(0, 240))
	if rng.IntN(20) == 0 {
		arrive = window.Add(minutes(1, 60)) // late
	}
	if earliest := at.Add(10 * time.Minute); arrive.Before(earliest) {
		arrive = earliest
	}
	at = arrive.Add(-minutes(5, 10))
	ev("on_the_way", nil)
	at = arrive
	ev("arrived", nil)
	if rng.IntN(10) == 0 {
		at = at.Add(minutes(10, 60))
		ev("postponed", quality.Facts{"customer_postponed": true})
		at = at.Add(minutes(240, 1200))
		ev("resumed", quality.Facts{"customer_postponed": false})
	} else {
		at = at.Add(minutes(5, 30))
		ev("work_started", nil)
	}
	at = at.Add(minutes(20, 180))
	ev("fixed", nil)
	if rng.IntN(100) < 40 {
		at = at.Add(minutes(60, 1440))
		rating := "10"
		switch r := rng.IntN(100); {
		case r < 6:
			rating = fmt.Sprint(1 + rng.IntN(9))
		case r < 7:
			rating = ""
		}
		ev("callback", quality.Facts{"rating": rating})
	}
	at = at.Add(minutes(1, 30))
	ev("closed", nil)
}
