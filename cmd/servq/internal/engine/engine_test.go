package engine_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/servq/servq/cmd/servq/internal/engine"
	"github.com/servq/servq/cmd/servq/internal/gen"
	"github.com/servq/servq/cmd/servq/internal/load"
	"github.com/servq/servq/policy"
	"github.com/servq/servq/workorder"
)

const testPolicy = "../../testdata/broadband/policy.yaml"

var (
	cfgOnce sync.Once
	cfg     *engine.Config
	cfgErr  error
)

func config(t testing.TB) *engine.Config {
	t.Helper()
	cfgOnce.Do(func() { cfg, cfgErr = load.Policy(testPolicy) })
	if cfgErr != nil {
		t.Fatal(cfgErr)
	}
	return cfg
}

// generated returns the JSONL of n generated orders.
func generated(t testing.TB, n int, every time.Duration) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := gen.Generate(&buf, gen.Options{Orders: n, Seed: 7, Every: every}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// run replays JSONL through a new engine and returns the result.
func run(t testing.TB, data []byte, opts engine.Options) (*engine.Result, *engine.Engine) {
	t.Helper()
	c := config(t)
	dec, err := workorder.NewDecoder(bytes.NewReader(data), workorder.JSONL, c.Policy.Schema)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(c, opts)
	if err := e.Replay(dec, nil); err != nil {
		t.Fatal(err)
	}
	res, err := e.Finish(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return res, e
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestInterleavingDoesNotMatter: the engine's figures depend on each order's
// events and their order, not on how the orders' events are interleaved in
// the data (by time, by order, or any mix).
func TestInterleavingDoesNotMatter(t *testing.T) {
	data := generated(t, 25, 5*time.Minute)
	want, _ := run(t, data, engine.Options{})
	// Each order's lines, in order.
	var orders [][]string
	index := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var row struct{ Order string }
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatal(err)
		}
		i, ok := index[row.Order]
		if !ok {
			i = len(orders)
			index[row.Order] = i
			orders = append(orders, nil)
		}
		orders[i] = append(orders[i], line)
	}
	rapid.Check(t, func(rt *rapid.T) {
		next := make([]int, len(orders))
		var out []string
		for len(out) < countLines(orders) {
			// Pick any order with lines left.
			var open []int
			for i := range orders {
				if next[i] < len(orders[i]) {
					open = append(open, i)
				}
			}
			i := rapid.SampledFrom(open).Draw(rt, "order")
			out = append(out, orders[i][next[i]])
			next[i]++
		}
		got, _ := run(t, []byte(strings.Join(out, "\n")+"\n"), engine.Options{})
		if diff := cmp.Diff(jsonOf(t, want), jsonOf(t, got)); diff != "" {
			rt.Fatalf("result depends on the interleaving (-time order +other):\n%s", diff)
		}
	})
}

func countLines(orders [][]string) int {
	n := 0
	for _, o := range orders {
		n += len(o)
	}
	return n
}

// TestCountsReconcile corrupts rows of valid data at random (cut short,
// without offset, repeated, moved before its order's previous event, a
// misspelt fact, an unknown order whose first event is not a creation): every
// row is still accounted for, rows = applied + duplicates + rejected, and
// nothing is rejected that was not corrupted.
func TestCountsReconcile(t *testing.T) {
	data := generated(t, 25, 5*time.Minute)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	rapid.Check(t, func(rt *rapid.T) {
		out := append([]string(nil), lines...)
		corrupted := 0
		for range rapid.IntRange(0, 8).Draw(rt, "corruptions") {
			i := rapid.IntRange(0, len(out)-1).Draw(rt, "line")
			switch rapid.IntRange(0, 4).Draw(rt, "how") {
			case 0:
				out[i] = out[i][:len(out[i])/2]
			case 1:
				out[i] = strings.Replace(out[i], "+08:00", "", 1)
			case 2:
				out[i] = strings.Replace(out[i], `"event":"`, `"evnt":"`, 1)
			case 3:
				out[i] = strings.Replace(out[i], `"technician"`, `"techncian"`, 1)
			case 4:
				out = append(out, "") // a blank line is not a row
				continue
			}
			corrupted++
		}
		res, _ := run(t, []byte(strings.Join(out, "\n")+"\n"), engine.Options{})
		c := res.Counts
		rows := 0
		for _, l := range out {
			if strings.TrimSpace(l) != "" {
				rows++
			}
		}
		if c.Rows != int64(rows) || c.Rows != c.Applied+c.Duplicates+c.Rejected {
			rt.Fatalf("counts %+v do not reconcile with %d rows", c, rows)
		}
		var byReason int64
		for _, r := range res.Rejected {
			byReason += r.Count
		}
		if byReason != c.Rejected {
			rt.Fatalf("rejections by reason add to %d, not %d", byReason, c.Rejected)
		}
		// A corrupted row may make later rows of its order fail too (a
		// creation lost), but with no corruption nothing is rejected.
		if corrupted == 0 && c.Rejected != 0 {
			rt.Fatalf("%d rows rejected from valid data: %+v", c.Rejected, res.Rejections)
		}
	})
}

// TestOpenOrdersBounded: the engine holds the orders open at one time, not
// every order it has seen. With an order every 10 minutes, each finished
// within about two days, at most a few hundred are open while thousands go by.
func TestOpenOrdersBounded(t *testing.T) {
	data := generated(t, 3000, 10*time.Minute)
	c := config(t)
	dec, err := workorder.NewDecoder(bytes.NewReader(data), workorder.JSONL, c.Policy.Schema)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(c, engine.Options{})
	maxOpen := 0
	var ev workorder.Event
	for {
		err := dec.Next(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if r := e.Apply(&ev); r != nil {
			t.Fatalf("rejected: %+v", r)
		}
		maxOpen = max(maxOpen, e.Open())
	}
	res, err := e.Finish(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Orders.Finished != 3000 || res.Orders.Open != 0 {
		t.Fatalf("orders %+v", res.Orders)
	}
	if maxOpen > 500 {
		t.Errorf("%d orders open at once out of 3000: the engine is not streaming", maxOpen)
	}
	t.Logf("at most %d of 3000 orders open at once", maxOpen)
}

const created = `"facts":{"order_type":"repair","priority":1,"test_order":false,"do_not_call":false,"smart_tv":false,"days_since_last_callback":90,"technician":"T001","station":"ST-01","county":"Xinjian"}`

// TestEventIsAtomic: an event that a clock cannot apply (its pause condition
// reads a fact the order does not have yet) is rejected as a whole: its facts
// are not kept and no machine moved; the next event applies as if it had not
// been.
func TestEventIsAtomic(t *testing.T) {
	data := `{"order":"A","event":"created","at":"2025-07-01T09:00:00+08:00",` + created + `}
{"order":"A","event":"dispatched","at":"2025-07-01T09:01:00+08:00","facts":{"priority":2}}
{"order":"A","event":"dispatched","at":"2025-07-01T09:02:00+08:00","facts":{"customer_postponed":false}}
{"order":"A","event":"fixed","at":"2025-07-01T15:00:00+08:00"}
{"order":"A","event":"closed","at":"2025-07-01T15:01:00+08:00"}
`
	res, e := run(t, []byte(data), engine.Options{Trace: "A"})
	if res.Counts.Rejected != 1 || len(res.Rejections) != 1 || res.Rejections[0].Line != 2 || res.Rejections[0].Reason != "clock" {
		t.Fatalf("rejections %+v", res.Rejections)
	}
	if !strings.Contains(res.Rejections[0].Message, `"customer_postponed"`) {
		t.Errorf("message %q does not name the missing fact", res.Rejections[0].Message)
	}
	// The repair clock started at 09:02 under the normal target: the
	// rejected event's priority 2 (urgent) was not kept.
	tr := e.Trace()
	var repair *engine.TraceClock
	for i := range tr.Clocks {
		if tr.Clocks[i].Clock == "repair" {
			repair = &tr.Clocks[i]
		}
	}
	if repair == nil || repair.Status.Target != "normal" || !repair.Status.Started.Equal(time.Date(2025, 7, 1, 9, 2, 0, 0, time.FixedZone("", 8*3600))) {
		t.Fatalf("repair clock %+v, want started 09:02 under normal", repair)
	}
	if p := tr.Outcomes["priority"]; p != 1 {
		t.Errorf("priority %v after the rejected event, want 1", p)
	}
	if m := res.Machines[0]; m.Orders != 1 || m.Terminal != 1 {
		t.Errorf("machine %+v: the order should have started once, at the second dispatch", m)
	}
}

// TestDuplicatesLateAndAfterDone: a second delivery of an event (same id) is
// skipped and counted; an event older than its order's previous one is
// rejected as late; an event for an order already finished is rejected, not
// taken for a new order.
func TestDuplicatesLateAndAfterDone(t *testing.T) {
	data := `{"order":"A","event":"created","at":"2025-07-01T09:00:00+08:00",` + created[:len(created)-1] + `,"customer_postponed":false}}
{"order":"A","event":"dispatched","at":"2025-07-01T09:01:00+08:00","id":"x1"}
{"order":"A","event":"dispatched","at":"2025-07-01T09:01:00+08:00","id":"x1"}
{"order":"A","event":"customer_contacted","at":"2025-07-01T09:00:30+08:00"}
{"order":"A","event":"closed","at":"2025-07-01T10:00:00+08:00"}
{"order":"A","event":"callback","at":"2025-07-01T11:00:00+08:00","facts":{"rating":"10"}}
`
	res, _ := run(t, []byte(data), engine.Options{})
	want := engine.Counts{Rows: 6, Events: 6, Applied: 3, Duplicates: 1, Rejected: 2}
	if res.Counts != want {
		t.Fatalf("counts %+v, want %+v", res.Counts, want)
	}
	var reasons []string
	for _, r := range res.Rejections {
		reasons = append(reasons, r.Reason)
	}
	if diff := cmp.Diff([]string{"late", "after_done"}, reasons); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
	if res.Orders.Finished != 1 {
		t.Errorf("finished %d orders, want 1", res.Orders.Finished)
	}
}

// TestNoDoneRule: without a done rule every order is finished at the end of
// the data, in order id order.
func TestNoDoneRule(t *testing.T) {
	src, err := os.ReadFile(testPolicy)
	if err != nil {
		t.Fatal(err)
	}
	const done = "  done: event == \"closed\" || event == \"cancelled\"\n"
	if !bytes.Contains(src, []byte(done)) {
		t.Fatalf("%s has no line %q", testPolicy, done)
	}
	pol, err := policy.Parse(testPolicy, bytes.Replace(src, []byte(done), nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	if pol.Run == nil || pol.Run.Done != nil {
		t.Fatalf("run section %+v, want one without a done rule", pol.Run)
	}
	c2, err := engine.Compile(pol)
	if err != nil {
		t.Fatal(err)
	}
	data := generated(t, 30, time.Hour)
	dec, _ := workorder.NewDecoder(bytes.NewReader(data), workorder.JSONL, c2.Policy.Schema)
	e := engine.New(c2, engine.Options{})
	if err := e.Replay(dec, nil); err != nil {
		t.Fatal(err)
	}
	if e.Open() != 30 {
		t.Fatalf("%d orders open before the end, want all 30", e.Open())
	}
	res, err := e.Finish(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Orders.Finished != 30 || res.Orders.Open != 0 {
		t.Errorf("orders %+v, want 30 finished", res.Orders)
	}
}

// TestRejectRowCounts: rows the decoder rejects are counted by the engine
// with their reason.
func TestRejectRowCounts(t *testing.T) {
	res, _ := run(t, []byte("{\"order\":\"A\"}\nnot json\n"), engine.Options{})
	if res.Counts.Rows != 2 || res.Counts.Rejected != 2 || res.Counts.Events != 0 {
		t.Fatalf("counts %+v", res.Counts)
	}
	for _, r := range res.Rejections {
		if !strings.HasPrefix(r.Message, "workorder: line") {
			t.Errorf("rejection %+v", r)
		}
	}
}

// TestCSVAndJSONLAgree: the same events in CSV and in JSONL give the same
// figures.
func TestCSVAndJSONLAgree(t *testing.T) {
	c := config(t)
	data := generated(t, 150, 5*time.Minute)
	dec, _ := workorder.NewDecoder(bytes.NewReader(data), workorder.JSONL, c.Policy.Schema)
	var csvBuf, jsonlBuf bytes.Buffer
	csvEnc := workorder.NewCSVEncoder(&csvBuf, c.Policy.Schema)
	jsonlEnc := workorder.NewEncoder(&jsonlBuf, c.Policy.Schema)
	for {
		var ev workorder.Event
		err := dec.Next(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ev.Facts["rating"] == "" && ev.Name == "callback" {
			// CSV cannot hold an empty string (an empty cell is "not
			// given"); a space is a blank reply too.
			ev.Facts["rating"] = " "
		}
		if err := csvEnc.Encode(ev); err != nil {
			t.Fatal(err)
		}
		if err := jsonlEnc.Encode(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := csvEnc.Flush(); err != nil {
		t.Fatal(err)
	}
	fromJSONL, _ := run(t, jsonlBuf.Bytes(), engine.Options{})
	csvDec, err := workorder.NewDecoder(&csvBuf, workorder.CSV, c.Policy.Schema)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(c, engine.Options{})
	if err := e.Replay(csvDec, nil); err != nil {
		t.Fatal(err)
	}
	fromCSV, err := e.Finish(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if fromCSV.Counts.Rows != fromJSONL.Counts.Rows || fromCSV.Counts.Rejected != 0 {
		t.Fatalf("counts: CSV %+v, JSONL %+v", fromCSV.Counts, fromJSONL.Counts)
	}
	if diff := cmp.Diff(jsonOf(t, fromJSONL), jsonOf(t, fromCSV)); diff != "" {
		t.Errorf("CSV and JSONL disagree (-jsonl +csv):\n%s", diff)
	}
}

// BenchmarkReplay replays generated orders (about ten events each) through
// the test policy; the bytes are the JSONL's.
func BenchmarkReplay(b *testing.B) {
	data := generated(b, 2000, 10*time.Second)
	c := config(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		dec, _ := workorder.NewDecoder(bytes.NewReader(data), workorder.JSONL, c.Policy.Schema)
		e := engine.New(c, engine.Options{})
		if err := e.Replay(dec, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := e.Finish(time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEarlyArrivals: with a not_before on the appointment window, an
// arrival before the window is counted early (neither met nor late) and
// lowers the on-time rate.
func TestEarlyArrivals(t *testing.T) {
	src, err := os.ReadFile(testPolicy)
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range [][2]string{
		{"  appointment_end: {", "  appointment_start: time\n  appointment_end: {"},
		{"{name: window, deadline: appointment_end, calendar: desk}", "{name: window, deadline: appointment_end, not_before: appointment_start, calendar: desk}"},
	} {
		if !bytes.Contains(src, []byte(edit[0])) {
			t.Fatalf("%s has no %q", testPolicy, edit[0])
		}
		src = bytes.Replace(src, []byte(edit[0]), []byte(edit[1]), 1)
	}
	pol, err := policy.Parse(testPolicy, src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := engine.Compile(pol)
	if err != nil {
		t.Fatal(err)
	}
	// The window 14:00-16:00; arrivals at 13:40 (early), 14:30 (met) and
	// 16:10 (late).
	var data strings.Builder
	for i, arrive := range []string{"13:40", "14:30", "16:10"} {
		order := "O" + string(rune('1'+i))
		for _, ev := range []struct{ at, name, facts string }{
			{"09:00", "appointment_agreed", `{"order_type":"install","appointment_start":"2025-07-01T14:00:00+08:00","appointment_end":"2025-07-01T16:00:00+08:00"}`},
			{arrive, "arrived", `{}`},
			{"17:00", "closed", `{}`},
		} {
			data.WriteString(`{"order":"` + order + `","event":"` + ev.name + `","at":"2025-07-01T` + ev.at + `:00+08:00","facts":` + ev.facts + "}\n")
		}
	}
	dec, err := workorder.NewDecoder(strings.NewReader(data.String()), workorder.JSONL, c.Policy.Schema)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(c, engine.Options{})
	if err := e.Replay(dec, nil); err != nil {
		t.Fatal(err)
	}
	res, err := e.Finish(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range res.Clocks {
		if cl.Name != "arrival" {
			continue
		}
		if cl.Cycles != 3 || cl.Early != 1 || cl.Met != 1 || cl.Late != 1 || cl.OnTime.Num != 1 || cl.OnTime.Den != 3 {
			t.Errorf("arrival clock %+v; want 3 cycles: 1 early, 1 met, 1 late, on time 1/3", cl)
		}
		return
	}
	t.Fatalf("no arrival clock in %+v", res.Clocks)
}
