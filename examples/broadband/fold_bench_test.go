package broadband_test

import (
	"errors"
	"io"
	"maps"
	"os"
	"strconv"
	"testing"

	"github.com/servq/servq/policy"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/workorder"
)

// shippedOrders reads the scenario's policy and data, and returns the
// policy's clocks and every order's events as the clocks take them: in the
// data's order, each with the order's facts as they stand after it (a
// snapshot, as servq run builds it).
func shippedOrders(tb testing.TB) (*sla.Clocks, [][]sla.Event) {
	pol, err := policy.Load("policy.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open("data.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	dec, err := workorder.NewDecoder(f, workorder.JSONL, pol.Schema)
	if err != nil {
		tb.Fatal(err)
	}
	index := map[string]int{}
	var orders [][]sla.Event
	var facts []map[string]any
	for {
		var ev workorder.Event
		err := dec.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		k, ok := index[ev.Order]
		if !ok {
			k = len(orders)
			index[ev.Order] = k
			orders = append(orders, nil)
			facts = append(facts, map[string]any{})
		}
		snap := maps.Clone(facts[k])
		maps.Copy(snap, ev.Facts)
		facts[k] = snap
		orders[k] = append(orders[k], sla.Event{ID: ev.Order + "/" + strconv.Itoa(ev.Line), At: ev.At, Name: ev.Name, Facts: snap})
	}
	return pol.Clocks, orders
}

// BenchmarkFoldShippedOrders folds every order of the shipped broadband data
// from the zero state through the policy's three clocks (contact, arrival,
// repair) and reports the time per order and per event besides the time for
// all of them: "batch" folds each order's events in one Fold, "one by one"
// folds them one Fold per event, as servq run does while it replays the data.
func BenchmarkFoldShippedOrders(b *testing.B) {
	cs, orders := shippedOrders(b)
	events := 0
	for _, o := range orders {
		events += len(o)
	}
	report := func(b *testing.B) {
		perRun := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(perRun/float64(len(orders)), "ns/order")
		b.ReportMetric(perRun/float64(events), "ns/event")
		b.ReportMetric(float64(events)/float64(len(orders)), "events/order")
	}
	b.Run("batch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, o := range orders {
				if _, err := cs.Fold(sla.State{}, o...); err != nil {
					b.Fatal(err)
				}
			}
		}
		report(b)
	})
	b.Run("one by one", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, o := range orders {
				var s sla.State
				for _, ev := range o {
					var err error
					if s, err = cs.Fold(s, ev); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
		report(b)
	})
}

// TestShippedOrdersFold: every order of the shipped data folds without an
// error (the benchmark above measures them).
func TestShippedOrdersFold(t *testing.T) {
	cs, orders := shippedOrders(t)
	if len(orders) == 0 {
		t.Fatal("no orders")
	}
	for _, o := range orders {
		if _, err := cs.Fold(sla.State{}, o...); err != nil {
			t.Fatalf("order %s: %v", o[0].ID, err)
		}
	}
}
