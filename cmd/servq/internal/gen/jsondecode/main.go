// Command jsondecode is the yardstick of servq run's throughput: it only
// decodes a JSONL file of work-order events with encoding/json, one line at a
// time, into a struct with the facts as a map, and prints how long that took.
//
//	go run ./cmd/servq/internal/gen/jsondecode /tmp/orders.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

type row struct {
	Order string         `json:"order"`
	Event string         `json:"event"`
	At    time.Time      `json:"at"`
	ID    string         `json:"id"`
	Facts map[string]any `json:"facts"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: jsondecode FILE.jsonl")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	start := time.Now()
	sc := bufio.NewScanner(bufio.NewReaderSize(f, 1<<20))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var n, bytes int64
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			fmt.Fprintf(os.Stderr, "line %d: %v\n", n+1, err)
			os.Exit(1)
		}
		n++
		bytes += int64(len(sc.Bytes())) + 1
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	d := time.Since(start)
	fmt.Printf("jsondecode: %d rows, %.1f MB in %v: %.0f rows/s, %.1f MB/s\n", n, float64(bytes)/1e6, d.Round(time.Millisecond),
		float64(n)/d.Seconds(), float64(bytes)/1e6/d.Seconds())
}
