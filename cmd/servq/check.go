package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/servq/servq/cmd/servq/internal/engine"
	"github.com/servq/servq/cmd/servq/internal/load"
	"github.com/servq/servq/workorder"
)

type checkOpts struct {
	dataFormat string
	quiet      bool
}

func init() {
	register(&command{
		name:    "check",
		args:    "[flags] POLICY [DATA]",
		summary: "report every error in a policy file (and every malformed row of data)",
		help: `Check loads POLICY, compiles and type-checks every rule, runs every validation
and reports all the errors at once, each at file:line:column with the line and a
caret under the place (inside a rule, at its character). With DATA it also
decodes every row of the data against the policy's facts and reports each
malformed row with its line and reason.

On success it prints what the policy holds. Exit status 1 when anything is
wrong.`,
		flags: func(fs *flag.FlagSet) any {
			o := &checkOpts{}
			fs.StringVar(&o.dataFormat, "data-format", "", "the data's `format`, jsonl or csv (default: from the extension)")
			fs.BoolVar(&o.quiet, "q", false, "print nothing on success")
			return o
		},
		run:   runCheck,
		nargs: [2]int{1, 2},
	})
}

func runCheck(e env, o any, args []string) int {
	opts := o.(*checkOpts)
	cfg, code := loadPolicy(e, "check", args[0])
	if cfg == nil {
		return code
	}
	if !opts.quiet {
		summarize(e.stdout, cfg)
	}
	if len(args) < 2 {
		return exitOK
	}
	path, err := load.DataPath(args[1], args[0])
	if err != nil {
		return fail(e, "check", usageError{err})
	}
	var f workorder.Format
	if opts.dataFormat != "" {
		if f, err = workorder.ParseFormat(opts.dataFormat); err != nil {
			return fail(e, "check", usageError{err})
		}
	}
	data, err := load.OpenData(path, f)
	if err != nil {
		return fail(e, "check", usageError{err})
	}
	defer data.Close()
	dec, err := workorder.NewDecoder(data, data.Format, cfg.Policy.Schema)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
		return exitFindings
	}
	var ev workorder.Event
	for {
		err := dec.Next(&ev)
		if err == io.EOF {
			break
		}
		var re *workorder.RowError
		if errors.As(err, &re) {
			fmt.Fprintf(e.stderr, "%s:%d: %s\n", path, re.Line, strings.TrimPrefix(re.Error(), fmt.Sprintf("workorder: line %d: ", re.Line)))
			continue
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
			return exitFindings
		}
	}
	c := dec.Counts()
	if !opts.quiet || c.Rejected > 0 {
		fmt.Fprintf(e.stdout, "data %s: %d rows = %d decoded + %d rejected\n", path, c.Read, c.Decoded, c.Rejected)
	}
	if c.Rejected > 0 {
		return exitFindings
	}
	return exitOK
}

// summarize prints what a policy holds.
func summarize(w io.Writer, cfg *engine.Config) {
	p := cfg.Policy
	fmt.Fprintf(w, "policy %s (%s): ok\n", p.Name, p.Hash)
	line := func(what string, names []string) {
		if len(names) > 0 {
			fmt.Fprintf(w, "  %-11s %s\n", what, strings.Join(names, ", "))
		}
	}
	var facts []string
	for _, f := range p.Schema.Fields() {
		facts = append(facts, f.Name+" ("+f.Kind.String()+")")
	}
	line("facts", facts)
	line("calendars", p.CalendarNames())
	if p.Clocks != nil {
		line("clocks", p.Clocks.Names())
	}
	line("machines", p.MachineNames())
	line("targets", p.TargetNames())
	line("scales", p.ScaleNames())
	if p.Sampling != nil {
		var rules []string
		for _, r := range p.Sampling.Spec().Rules {
			rules = append(rules, r.ID)
		}
		line("sampling", rules)
	}
	line("scorecards", p.ScorecardNames())
	line("stars", p.StarNames())
	line("rankings", p.RankingNames())
	if p.Ledger != nil {
		var rules []string
		for _, r := range p.Ledger.Tariff().Rules {
			rules = append(rules, r.ID)
		}
		line("ledger", rules)
	}
	if p.Run != nil {
		fmt.Fprintf(w, "  run section: dimensions %s\n", strings.Join(p.Run.Dimensions, ", "))
	} else {
		fmt.Fprintf(w, "  no run section: servq run replays clocks and machines only, finishing every order at the end of the data\n")
	}
}
