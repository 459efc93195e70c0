package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"

	"github.com/servq/servq/cmd/servq/internal/casetest"
	"github.com/servq/servq/cmd/servq/internal/load"
)

type testOpts struct {
	cases   string
	run     string
	verbose bool
}

func init() {
	register(&command{
		name:    "test",
		args:    "[flags] POLICY",
		summary: "run the policy's test cases (POLICY_test.yaml beside it)",
		help: `Test runs the test cases written beside POLICY: policy_test.yaml in a policy
directory, NAME_test.yaml beside NAME.yaml (or --cases FILE). Each test gives
inputs and the results the policy writer expects: a rule's value, a clock's
status after some events, an escalation machine's state and actions, a callback
sampling decision, how a reply reads on a scale, a scorecard's points, a star
rating, the money lines of an event. Only the results listed under want are
checked.

The format, with an example of each kind of test:

  version: 1
  tests:
    - name: only a 10 is satisfied
      reply: "9"
      want: {rated: true, satisfied: false}
    - name: contact 20 minutes after dispatch is on time
      clock: contact
      facts: {order_type: repair, priority: 1, customer_postponed: false}
      events:
        - {event: dispatched, at: 2025-07-01T09:00:00+08:00}
        - {event: customer_contacted, at: 2025-07-01T09:20:00+08:00}
      want: {phase: stopped, breached: false, elapsed: 20m}
    - name: a repair unfixed for 48 hours reaches the county
      machine: repair_overdue
      events: [{event: dispatched, at: 2025-07-01T09:00:00+08:00}]
      until: 2025-07-03T09:00:00+08:00
      want: {state: open, level: 2}
    - name: installations are always called back
      sample: WO-1
      period: 2025-07
      facts: {order_type: install, test_order: false, do_not_call: false, smart_tv: false, days_since_last_callback: 90}
      want: {outcome: selected, layer: mandatory, rule: installs}
    - name: 28 of 30 satisfied repairs
      score: station
      inputs: {repair_satisfaction: {rate: 28/30}}
      want: {items: {repair_satisfaction: 10}}
    - name: a dissatisfied customer in July costs 200 yuan, also to the station head
      ledger: callback_dissatisfied
      subject: T001
      at: 2025-07-02T10:00:00+08:00
      linked: {station-head: ST-01}
      want: {total: -400, lines: [{subject: T001, amount: -200}, {subject: ST-01, role: station-head, amount: -200}]}
    - name: a rule of the run section
      rule: callback_rated && !callback_satisfied
      facts: {callback_rated: true, callback_satisfied: false}
      want: true

Exit status 1 when a test fails or the test file has errors.`,
		flags: func(fs *flag.FlagSet) any {
			o := &testOpts{}
			fs.StringVar(&o.cases, "cases", "", "the test `file` (default: beside the policy)")
			fs.StringVar(&o.run, "run", "", "run only the tests whose names match this `regexp`")
			fs.BoolVar(&o.verbose, "v", false, "print what each test computed")
			return o
		},
		run:   runTest,
		nargs: [2]int{1, 1},
	})
}

func plural(word string, n int) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func runTest(e env, o any, args []string) int {
	opts := o.(*testOpts)
	var filter *regexp.Regexp
	if opts.run != "" {
		var err error
		if filter, err = regexp.Compile(opts.run); err != nil {
			return fail(e, "test", usageError{fmt.Errorf("-run: %v", err)})
		}
	}
	cfg, code := loadPolicy(e, "test", args[0])
	if cfg == nil {
		return code
	}
	path := opts.cases
	if path == "" {
		pp, _ := load.PolicyPath(args[0])
		path = casetest.PathFor(pp)
		if _, err := os.Stat(path); err != nil {
			return fail(e, "test", usageError{fmt.Errorf("no test file %s beside the policy (or give --cases FILE)", path)})
		}
	}
	file, probs := casetest.Read(path)
	for _, p := range probs {
		fmt.Fprintln(e.stderr, p)
	}
	if file == nil {
		return exitFindings
	}
	results := casetest.Run(cfg, file, filter)
	pass, failed := 0, 0
	for _, r := range results {
		if r.Pass {
			pass++
			fmt.Fprintf(e.stdout, "PASS  %s\n", r.Case.Name)
		} else {
			failed++
			fmt.Fprintf(e.stdout, "FAIL  %s\n", r.Case.Name)
			for _, p := range r.Problems {
				fmt.Fprintf(e.stdout, "      %s\n", p)
			}
		}
		if opts.verbose || !r.Pass {
			for _, g := range r.Got {
				fmt.Fprintf(e.stdout, "      got %s\n", g)
			}
		}
	}
	fmt.Fprintf(e.stdout, "%d passed, %d failed", pass, failed)
	if len(probs) > 0 {
		fmt.Fprintf(e.stdout, ", %d %s in %s", len(probs), plural("problem", len(probs)), path)
	}
	fmt.Fprintln(e.stdout)
	if failed > 0 || len(probs) > 0 {
		return exitFindings
	}
	return exitOK
}
