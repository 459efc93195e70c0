package main

import (
	"flag"
	"fmt"
	"strings"
)

type graphOpts struct {
	format  string
	machine string
}

func init() {
	register(&command{
		name:    "graph",
		args:    "[flags] POLICY",
		summary: "draw the policy's escalation machines as Mermaid or Graphviz DOT",
		help: `Graph writes each escalation machine of POLICY as a diagram: a Mermaid state
diagram (stateDiagram-v2, which GitHub renders inside a mermaid code block) or a
Graphviz digraph (dot -Tsvg). Machines come in name order, separated by a blank
line; --machine picks one.`,
		flags: func(fs *flag.FlagSet) any {
			o := &graphOpts{}
			fs.StringVar(&o.format, "format", "mermaid", "diagram `format`: mermaid or dot")
			fs.StringVar(&o.machine, "machine", "", "draw only the machine with this `name`")
			return o
		},
		run:   runGraph,
		nargs: [2]int{1, 1},
	})
}

func runGraph(e env, o any, args []string) int {
	opts := o.(*graphOpts)
	if opts.format != "mermaid" && opts.format != "dot" {
		return fail(e, "graph", usageError{fmt.Errorf("--format %q: want mermaid or dot", opts.format)})
	}
	cfg, code := loadPolicy(e, "graph", args[0])
	if cfg == nil {
		return code
	}
	names := cfg.Policy.MachineNames()
	if opts.machine != "" {
		if _, ok := cfg.Policy.Machines[opts.machine]; !ok {
			return fail(e, "graph", usageError{fmt.Errorf("no machine %q in the policy (it has: %s)", opts.machine, strings.Join(names, ", "))})
		}
		names = []string{opts.machine}
	}
	if len(names) == 0 {
		fmt.Fprintf(e.stderr, "servq graph: the policy has no escalation machines\n")
		return exitFindings
	}
	for i, name := range names {
		def := cfg.Policy.Machines[name].Definition()
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if opts.format == "dot" {
			fmt.Fprint(e.stdout, ensureNewline(def.DOT()))
		} else {
			fmt.Fprint(e.stdout, ensureNewline(def.Mermaid()))
		}
	}
	return exitOK
}

func ensureNewline(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}
