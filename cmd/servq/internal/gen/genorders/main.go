// Command genorders writes generated work-order data for the test policy
// (see package gen) as JSONL:
//
//	go run ./cmd/servq/internal/gen/genorders -orders 1000000 -o /tmp/orders.jsonl
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/servq/servq/cmd/servq/internal/gen"
)

func main() {
	orders := flag.Int("orders", 1000, "orders to generate")
	seed := flag.Uint64("seed", 1, "random seed")
	every := flag.Duration("every", 10*time.Second, "time between two orders' creation")
	out := flag.String("o", "-", "output file (- for standard output)")
	flag.Parse()
	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	st, err := gen.Generate(bw, gen.Options{Orders: *orders, Seed: *seed, Every: *every})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "genorders: %d orders, %d events (at most %d pending)\n", st.Orders, st.Events, st.MaxPending)
}
