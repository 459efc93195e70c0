package gen

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/servq/servq/workorder"
)

// TestGenerate: the data is deterministic for a seed, in time order overall
// and per order, about ten events per order, and decodes without a rejection.
func TestGenerate(t *testing.T) {
	var a, b bytes.Buffer
	st, err := Generate(&a, Options{Orders: 500, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(&b, Options{Orders: 500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs with one seed differ")
	}
	if st.Orders != 500 || st.Events < 9*500 || st.Events > 12*500 {
		t.Errorf("stats %+v: want about ten events per order", st)
	}
	d, err := workorder.NewDecoder(&a, workorder.JSONL, Schema)
	if err != nil {
		t.Fatal(err)
	}
	var prev time.Time
	last := map[string]time.Time{}
	var ev workorder.Event
	for {
		err := d.Next(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ev.At.Before(prev) {
			t.Fatalf("line %d at %v is before the line above (%v)", ev.Line, ev.At, prev)
		}
		if ev.At.Before(last[ev.Order]) {
			t.Fatalf("line %d: order %s goes back in time", ev.Line, ev.Order)
		}
		prev, last[ev.Order] = ev.At, ev.At
	}
	if c := d.Counts(); c.Rejected != 0 || c.Decoded != st.Events {
		t.Errorf("counts %+v, stats %+v", c, st)
	}
}
