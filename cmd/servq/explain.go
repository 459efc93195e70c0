package main

import (
	"flag"
	"fmt"

	"github.com/servq/servq/cmd/servq/internal/report"
)

type explainOpts struct {
	format     string
	asOf       string
	dataFormat string
}

func init() {
	register(&command{
		name:    "explain",
		args:    "[flags] POLICY [DATA] ORDER",
		summary: "one order's timeline: clock stretches with reasons, machine steps, sampling receipt, money lines",
		help: `Explain replays DATA through POLICY and tells everything that happened to ORDER:
each of its rows and what became of it (applied, duplicate, rejected and why),
the steps of its escalation machines with the transitions, guards and actions,
each SLA clock's stretches of time counted and not counted (outside working
hours, a public holiday, paused for the customer) with its marks, the callback
sampling decision with its receipt (rule, ticket, rate, seed, ruleset hash),
the outcome facts, the measures it counted in and its money lines with the rate
in force and the rounding.

With two arguments, DATA is the policy directory's data file.`,
		flags: func(fs *flag.FlagSet) any {
			o := &explainOpts{}
			fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
			fs.StringVar(&o.asOf, "as-of", "", "the `instant` (RFC 3339) the replay ends at (default: the latest in the data)")
			fs.StringVar(&o.dataFormat, "data-format", "", "the data's `format`, jsonl or csv (default: from the extension)")
			return o
		},
		run:   runExplain,
		nargs: [2]int{2, 3},
	})
}

func runExplain(e env, o any, args []string) int {
	opts := o.(*explainOpts)
	if opts.format != "text" && opts.format != "json" {
		return fail(e, "explain", usageError{fmt.Errorf("--format %q: want text or json", opts.format)})
	}
	asOf, err := parseAsOf(opts.asOf)
	if err != nil {
		return fail(e, "explain", err)
	}
	policyArg, dataArg, orderID := args[0], "", args[len(args)-1]
	if len(args) == 3 {
		dataArg = args[1]
	}
	cfg, code := loadPolicy(e, "explain", policyArg)
	if cfg == nil {
		return code
	}
	rp, code := replay(e, "explain", cfg, policyArg, dataArg, opts.dataFormat, asOf, orderID, false)
	if rp == nil {
		return code
	}
	src := report.Source{Data: rp.data.Path, Format: rp.data.Format.String()}
	if opts.format == "json" {
		err = report.JSON(e.stdout, rp.trace)
	} else {
		err = report.Explain(e.stdout, rp.trace, rp.result, src)
	}
	if err != nil {
		return fail(e, "explain", err)
	}
	if len(rp.trace.Events) == 0 {
		fmt.Fprintf(e.stderr, "servq explain: no row of %s names order %q\n", rp.data.Path, orderID)
		return exitFindings
	}
	return exitOK
}
