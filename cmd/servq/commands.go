package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/servq/servq/quality"
)

// command is one subcommand.
type command struct {
	name    string
	args    string // positional arguments, for the usage line
	summary string
	help    string // what it does, after the usage line
	flags   func(fs *flag.FlagSet) any
	run     func(e env, opts any, args []string) int
	nargs   [2]int // least and most positional arguments
}

var commands []*command

func register(c *command) { commands = append(commands, c) }

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// Main runs servq with the arguments after the program name and returns the
// exit status.
func Main(args []string, e env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" {
			c := lookup(args[1])
			if c == nil {
				fmt.Fprintf(e.stderr, "servq help: unknown command %q\n", args[1])
				usage(e.stderr)
				return exitUsage
			}
			commandHelp(e.stdout, c)
			return exitOK
		}
		usage(e.stdout)
		return exitOK
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(e.stderr, "servq: unknown command %q%s\n", args[0], commandHint(args[0]))
		usage(e.stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("servq "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var opts any
	if c.flags != nil {
		opts = c.flags(fs)
	}
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		commandHelp(e.stdout, c)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "servq %s: %v\n", c.name, err)
		fmt.Fprintf(e.stderr, "usage: servq %s %s\nRun 'servq help %s' for details.\n", c.name, c.args, c.name)
		return exitUsage
	}
	if len(pos) < c.nargs[0] || (c.nargs[1] >= 0 && len(pos) > c.nargs[1]) {
		fmt.Fprintf(e.stderr, "servq %s: %s\n", c.name, argCountMessage(c, len(pos)))
		fmt.Fprintf(e.stderr, "usage: servq %s %s\nRun 'servq help %s' for details.\n", c.name, c.args, c.name)
		return exitUsage
	}
	return c.run(e, opts, pos)
}

func argCountMessage(c *command, n int) string {
	switch {
	case n < c.nargs[0] && n == 0:
		return "missing arguments"
	case n < c.nargs[0]:
		return fmt.Sprintf("want at least %d arguments, got %d", c.nargs[0], n)
	}
	return fmt.Sprintf("want at most %d arguments, got %d", c.nargs[1], n)
}

// parseInterspersed parses flags wherever they appear among the positional
// arguments (servq run POLICY --format json), up to a "--".
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// flag stops at the first non-flag argument, or after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `servq: service-quality policies for policy writers.

Usage:

  servq <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
POLICY is a policy file, or a directory holding policy.yaml. DATA is a .jsonl
or .csv file of work-order events (optionally .gz), or a directory holding
data.jsonl or data.csv; it defaults to the policy directory's.

Exit status: 0 when all is well, 1 when something was found (errors in a
policy, failing tests, rejected data, differences), 2 for a usage error.

Run 'servq help <command>' for a command's flags.
`)
}

func commandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "usage: servq %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.help))
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	if c.flags == nil {
		return
	}
	c.flags(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	fmt.Fprintf(w, "\nFlags:\n")
	for _, n := range names {
		f := fs.Lookup(n)
		kind, usage := flag.UnquoteUsage(f)
		dash := "--"
		if len(n) == 1 {
			dash = "-"
		}
		line := "  " + dash + n
		if kind != "" {
			line += " " + kind
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "%s\n      %s%s\n", line, usage, def)
	}
}

func commandHint(name string) string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return didYouMean(name, names)
}

// didYouMean returns ` (did you mean "x"?)` for the candidate that name most
// likely misspells ([quality.Closest], the rule of every hint in servq), or
// "" when none is close.
func didYouMean(name string, candidates []string) string {
	if best := quality.Closest(name, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// usageError is an error in the arguments (a missing file, a bad flag
// value): exit status 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// fail prints an error and returns its exit status: 2 for usage errors, 1
// otherwise.
func fail(e env, cmd string, err error) int {
	fmt.Fprintf(e.stderr, "servq %s: %v\n", cmd, err)
	var u usageError
	if errors.As(err, &u) {
		return exitUsage
	}
	return exitFindings
}
