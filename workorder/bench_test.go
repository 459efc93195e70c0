package workorder

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/servq/servq/quality"
)

// benchInput is n JSONL rows shaped like the operators' data: a creation with
// the order's facts, then events with one or two facts.
func benchInput(n int) []byte {
	var buf bytes.Buffer
	enc := NewEncoder(&buf, testSchema)
	t0 := time.Date(2025, 7, 1, 8, 0, 0, 0, cst)
	for i := range n {
		ev := Event{Order: fmt.Sprintf("WO-202507-%06d", i/10), At: t0.Add(time.Duration(i) * time.Minute)}
		switch i % 10 {
		case 0:
			ev.Name = "created"
			ev.Facts = quality.Facts{"order_type": "repair", "postponed": false, "visits": 0, "tags": []string{"fiber"}}
		case 9:
			ev.Name = "callback"
			ev.Facts = quality.Facts{"rating": "10"}
		default:
			ev.Name = "status_changed"
			ev.ID = fmt.Sprintf("ev-%d", i)
			ev.Facts = quality.Facts{"visits": i % 10, "appointment_end": t0.Add(4 * time.Hour)}
		}
		if err := enc.Encode(ev); err != nil {
			panic(err)
		}
	}
	return buf.Bytes()
}

// BenchmarkDecodeJSONL decodes rows with the Decoder.
func BenchmarkDecodeJSONL(b *testing.B) {
	in := benchInput(10000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		d, _ := NewDecoder(bytes.NewReader(in), JSONL, testSchema)
		var ev Event
		for {
			if err := d.Next(&ev); err != nil {
				if err == io.EOF {
					break
				}
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecodeJSONLStdlib decodes the same rows with encoding/json into a
// struct with untyped facts: the yardstick of the throughput figure.
func BenchmarkDecodeJSONLStdlib(b *testing.B) {
	in := benchInput(10000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	type row struct {
		Order string         `json:"order"`
		Event string         `json:"event"`
		At    time.Time      `json:"at"`
		ID    string         `json:"id"`
		Facts map[string]any `json:"facts"`
	}
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(in))
		for sc.Scan() {
			var r row
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
