// Command gen writes the appliance scenario's data: a month of after-sales
// orders of the providers serving the Nanchang branch's counties, as
// work-order events (data.jsonl), and the org chart of their engineers
// (org.csv).
//
// The same flags give byte-identical files. From the module root:
//
//	go run ./examples/appliance/gen -dir examples/appliance     # the shipped files
//	go generate ./examples/appliance                            # the same
//
// Larger volumes: -scale 20 gives about 45,000 orders (290,000 events,
// 42 MB); -technicians 2000 -scale 22 about a million orders (6.5 million
// events):
//
//	go run ./examples/appliance/gen -data /tmp/appliance.jsonl -scale 20
//	go run ./cmd/servq run examples/appliance /tmp/appliance.jsonl
//
// Flags:
//
//	-dir DIR          where to write data.jsonl and org.csv (default ".")
//	-data FILE        write the events there instead ("-": standard output; org.csv is not written)
//	-seed N           the orders' seed (default 17)
//	-org-seed N       the org chart's seed (default 1: the branch of every scenario)
//	-technicians N    the number of engineers (default 100)
//	-from, -to DATE   orders arrive from the day of -from up to, not including, -to
//	                  (default 2025-07-01 to 2025-08-01)
//	-scale F          multiplies the orders per engineer and day (default 1: about one)
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/servq/servq/examples/internal/branch"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, logw io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(logw)
	cfg := defaultConfig()
	dir := fs.String("dir", ".", "where to write data.jsonl and org.csv")
	dataPath := fs.String("data", "", `write the events to this file instead ("-": standard output)`)
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "the orders' seed")
	fs.Uint64Var(&cfg.OrgSeed, "org-seed", cfg.OrgSeed, "the org chart's seed")
	fs.IntVar(&cfg.Technicians, "technicians", cfg.Technicians, "the number of engineers")
	from := fs.String("from", cfg.From.Format(time.DateOnly), "first day of arrivals")
	to := fs.String("to", cfg.To.Format(time.DateOnly), "day after the last day of arrivals")
	fs.Float64Var(&cfg.Scale, "scale", cfg.Scale, "multiplies the orders per engineer and day")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if cfg.From, err = time.ParseInLocation(time.DateOnly, *from, branch.Zone); err != nil {
		return fmt.Errorf("-from: %v", err)
	}
	if cfg.To, err = time.ParseInLocation(time.DateOnly, *to, branch.Zone); err != nil {
		return fmt.Errorf("-to: %v", err)
	}
	if err := cfg.validate(); err != nil {
		return err
	}

	writeData := func(path string) error {
		out, closeOut, err := create(path)
		if err != nil {
			return err
		}
		st, err := generate(cfg, out)
		if err := closeOut(err); err != nil {
			return err
		}
		fmt.Fprintf(logw, "gen: %s: %d orders, %d events\n", path, st.Orders, st.Events)
		return nil
	}
	if *dataPath != "" {
		return writeData(*dataPath)
	}
	if err := writeData(filepath.Join(*dir, "data.jsonl")); err != nil {
		return err
	}
	out, closeOut, err := create(filepath.Join(*dir, "org.csv"))
	if err != nil {
		return err
	}
	return closeOut(writeOrg(cfg, out))
}

// create opens path for writing ("-" is standard output) and returns a
// function that flushes and closes it, keeping the first error.
func create(path string) (io.Writer, func(error) error, error) {
	if path == "-" {
		bw := bufio.NewWriter(os.Stdout)
		return bw, func(err error) error {
			if ferr := bw.Flush(); err == nil {
				err = ferr
			}
			return err
		}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	bw := bufio.NewWriter(f)
	return bw, func(err error) error {
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}, nil
}
