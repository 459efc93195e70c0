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
