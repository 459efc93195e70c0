// Command quickstart is servq's main job until the CLI lands: it reads a
// maintenance station's month of callback results per technician, computes
// each technician's repair and installation/move satisfaction (exact rates),
// scores them against the operators' targets (repair 90% → 98%,
// installation/move 95% → 100%, on-time arrival 95%), evaluates the policy
// writer's money rule (+20 yuan per 10, -200 yuan per dissatisfied customer)
// and prints an aligned report.
//
// Usage:
//
//	go run ./examples/quickstart             # the shipped technicians.csv
//	go run ./examples/quickstart month.csv   # your own file, same columns
//
// The shipped data is embedded, so the program runs from any directory.
package main

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
)

//go:embed technicians.csv
var shippedCSV []byte

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is the whole program: args are the command-line arguments after the
// program name, the report goes to w.
func run(args []string, w io.Writer) error {
	data := shippedCSV
	switch len(args) {
	case 0:
	case 1:
		var err error
		if data, err = os.ReadFile(args[0]); err != nil {
			return err
		}
	default:
		return errors.New("usage: quickstart [technicians.csv]")
	}
	m, err := readMonth(data)
	if err != nil {
		return err
	}
	p, err := newPolicy()
	if err != nil {
		return err
	}
	rep, err := buildReport(m, p)
	if err != nil {
		return err
	}
	return rep.write(w)
}
