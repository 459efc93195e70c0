// Command servq is the tool of policy writers: it checks a policy file,
// runs its test cases, evaluates a rule, replays work-order data through it,
// compares two versions of it, draws its escalation machines and explains
// what it did with one order.
//
// Usage:
//
//	servq check POLICY [DATA]          report every error in a policy (and in data)
//	servq test POLICY                  run the policy's test cases
//	servq eval [-p POLICY] [-f name=value]... [--explain] RULE
//	servq run POLICY [DATA]            the main job: replay data, report figures and money
//	servq diff OLD NEW [DATA]          what a policy change does to every subject
//	servq graph POLICY                 the escalation machines as Mermaid or DOT
//	servq explain POLICY [DATA] ORDER  one order's timeline
//	servq help [COMMAND]
//
// POLICY is a policy file, or a directory holding policy.yaml; DATA is a
// .jsonl or .csv file (optionally .gz), or a directory holding data.jsonl or
// data.csv, and defaults to the policy directory's. So
//
//	go run ./cmd/servq run examples/broadband
//
// replays the broadband example's data through its policy.
//
// Exit status: 0 when all is well, 1 when something was found (policy errors,
// failing test cases, rejected data, differences between policies), 2 for a
// usage error (unknown command or flag, wrong arguments, missing files).
package main

import (
	"io"
	"os"
)

func main() {
	os.Exit(Main(os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, terminal: stderrIsTerminal()}))
}

// stderrIsTerminal reports whether standard error is a terminal (a
// character device), where a progress bar may be drawn.
func stderrIsTerminal() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// The exit statuses.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// env is the process's environment as the commands see it, so that tests
// run them in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	terminal       bool // stderr is a terminal
}
