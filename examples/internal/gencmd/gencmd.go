// Package gencmd is the command-line driver shared by the scenarios' data
// generators (examples/*/gen): running the command and reporting its error,
// the flags every generator has (the branch's size and seeds, days in the
// branch's time zone) and writing the output files, buffered, with "-" for
// standard output.
//
// What a scenario generates stays in its own gen folder; this package only
// moves bytes from a scenario's write functions into files.
//
// # A generator's main
//
//	func main() { gencmd.Main(run) }
//
//	func run(args []string, logw io.Writer) error {
//		fs := gencmd.NewFlagSet(logw)
//		cfg := defaultConfig()
//		cfg.Branch.Flags(fs, "the orders' seed", "the number of engineers")
//		dir, data := gencmd.OutputFlags(fs, "data.jsonl and org.csv")
//		if err := gencmd.Parse(fs, args); err != nil {
//			return err
//		}
//		...
//		return gencmd.WriteOutputs(logw, *dir, *data, events, gencmd.File{Name: "org.csv", Write: writeOrg})
//	}
//
// # A scenario generator
//
// The generators that write one scenario's data.jsonl and org.csv into its
// folder, following its policy's sampling rules (broadband, cabletv), are
// a Scenario: a Config (seed, technicians, days, policy) given to the
// scenario's Generate, which returns Stats. Scenario.Run is their run
// function, and gencmdtest.Scenario their tests.
//
// # Files
//
// Every file is written through a bufio.Writer and closed; the first error
// of the write, the flush and the close is returned. The path "-" is
// standard output (flushed, not closed).
package gencmd

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/servq/servq/examples/internal/branch"
)

// Main runs a generator: run(os.Args[1:], os.Stderr). An error is printed
// as "gen: ERROR" and the process exits with status 1; -h (after the flag
// set printed its usage) exits with status 0.
func Main(run func(args []string, logw io.Writer) error) {
	err := run(os.Args[1:], os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	default:
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// NewFlagSet returns the flag set of a generator named "gen": it returns
// errors rather than exiting, and prints errors and usage to logw.
func NewFlagSet(logw io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(logw)
	return fs
}

// Parse parses args with fs; a generator takes flags only, so any argument
// left over is an error.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return nil
}

// DayVar defines a flag for a day written 2006-01-02, midnight in the
// branch's time zone (branch.Zone), stored in *p; its default is *p.
func DayVar(fs *flag.FlagSet, p *time.Time, name, usage string) {
	fs.Var((*day)(p), name, usage)
}

type day time.Time

func (d *day) String() string {
	if d == nil || time.Time(*d).IsZero() {
		return ""
	}
	return time.Time(*d).Format(time.DateOnly)
}

func (d *day) Set(s string) error {
	t, err := time.ParseInLocation(time.DateOnly, s, branch.Zone)
	if err != nil {
		return err
	}
	*d = day(t)
	return nil
}

// Create opens path for writing ("-" is standard output) and returns a
// buffered writer and the function that flushes and closes it, given the
// error of the writing and returning the first error.
func Create(path string) (w io.Writer, done func(error) error, err error) {
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

// WriteFile writes path ("-": standard output) with write.
func WriteFile(path string, write func(io.Writer) error) error {
	w, done, err := Create(path)
	if err != nil {
		return err
	}
	return done(write(w))
}

// Events writes a scenario's events and says what it wrote, for the log:
// "3944 orders, 29583 events".
type Events func(w io.Writer) (summary string, err error)

// WriteEvents writes the events to path ("-": standard output) and, once
// the file is complete, logs "gen: PATH: SUMMARY" to logw.
func WriteEvents(logw io.Writer, path string, events Events) error {
	var summary string
	err := WriteFile(path, func(w io.Writer) error {
		var err error
		summary, err = events(w)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(logw, "gen: %s: %s\n", path, summary)
	return nil
}

// File is a file a generator writes beside its events (an org chart, a
// table of indicators).
type File struct {
	Name  string // the file's name in the output folder: "org.csv"
	Write func(io.Writer) error
}

// OutputFlags defines the output flags of a generator that writes a
// folder: -dir (where to write data.jsonl and the files named in files,
// default ".") and -data (write only the events, to this file; "-":
// standard output). Pass the results to WriteOutputs.
func OutputFlags(fs *flag.FlagSet, files string) (dir, data *string) {
	dir = fs.String("dir", ".", "where to write "+files)
	data = fs.String("data", "", `write the events to this file instead ("-": standard output)`)
	return dir, data
}

// WriteOutputs writes what -dir and -data ask for: with data set, the
// events alone to that path; otherwise data.jsonl and then the other files,
// in their order, into dir.
func WriteOutputs(logw io.Writer, dir, data string, events Events, others ...File) error {
	if data != "" {
		return WriteEvents(logw, data, events)
	}
	if err := WriteEvents(logw, filepath.Join(dir, "data.jsonl"), events); err != nil {
		return err
	}
	for _, f := range others {
		if err := WriteFile(filepath.Join(dir, f.Name), f.Write); err != nil {
			return err
		}
	}
	return nil
}
