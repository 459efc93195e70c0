// Command gen writes the complaints scenario's data: a month of complaints to
// the Nanchang branch's complaint line as work-order events (data.jsonl), the
// counties' indicators measured outside the complaint data (indicators.csv,
// read by the embedding program) and the org chart (org.csv).
//
// The same flags give byte-identical files. From the module root:
//
//	go run ./examples/complaints/gen -dir examples/complaints     # the shipped files
//	go generate ./examples/complaints                             # the same
//
// Larger volumes (2,000 technicians over three months: about 19,000
// complaints, 190,000 events, 27 MB):
//
//	go run ./examples/complaints/gen -data /tmp/complaints.jsonl -technicians 2000 -to 2025-12-15
//	go run ./cmd/servq run examples/complaints /tmp/complaints.jsonl
//
// Flags:
//
//	-dir DIR          where to write data.jsonl, indicators.csv and org.csv (default ".")
//	-data FILE        write the events there instead ("-": standard output; the other files are not written)
//	-seed N           the complaints' seed (default 9)
//	-org-seed N       the org chart's seed (default 1: the branch of every scenario)
//	-technicians N    the branch's size (default 100)
//	-from, -to DATE   complaints arrive from the day of -from up to, not including, -to
//	                  (default 2025-09-15 to 2025-10-15: National Day's golden week inside)
//	-rate R           complaints per on-duty technician per day (default 0.15)
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
	dir := fs.String("dir", ".", "where to write data.jsonl, indicators.csv and org.csv")
	dataPath := fs.String("data", "", `write the events to this file instead ("-": standard output)`)
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "the complaints' seed")
	fs.Uint64Var(&cfg.OrgSeed, "org-seed", cfg.OrgSeed, "the org chart's seed")
	fs.IntVar(&cfg.Technicians, "technicians", cfg.Technicians, "the branch's number of technicians")
	from := fs.String("from", cfg.From.Format(time.DateOnly), "first day of arrivals")
	to := fs.String("to", cfg.To.Format(time.DateOnly), "day after the last day of arrivals")
	fs.Float64Var(&cfg.Rate, "rate", cfg.Rate, "complaints per on-duty technician per day")
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

	if *dataPath != "" {
		out, closeOut, err := create(*dataPath)
		if err != nil {
			return err
		}
		st, err := generate(cfg, out)
		if err := closeOut(err); err != nil {
			return err
		}
		fmt.Fprintf(logw, "gen: %s: %d complaints, %d events\n", *dataPath, st.Complaints, st.Events)
		return nil
	}

	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"data.jsonl", func(w io.Writer) error {
			st, err := generate(cfg, w)
			if err == nil {
				fmt.Fprintf(logw, "gen: %s: %d complaints, %d events\n", filepath.Join(*dir, "data.jsonl"), st.Complaints, st.Events)
			}
			return err
		}},
		{"indicators.csv", func(w io.Writer) error { return writeIndicators(cfg, w) }},
		{"org.csv", func(w io.Writer) error { return newOrg(cfg).WriteRoster(w) }},
	}
	for _, f := range files {
		out, closeOut, err := create(filepath.Join(*dir, f.name))
		if err != nil {
			return err
		}
		if err := closeOut(f.write(out)); err != nil {
			return err
		}
	}
	return nil
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
