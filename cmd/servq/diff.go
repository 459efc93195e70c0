package main

import (
	"flag"
	"fmt"
	"slices"
	"time"

	"github.com/servq/servq/cmd/servq/internal/engine"
	"github.com/servq/servq/cmd/servq/internal/load"
	"github.com/servq/servq/cmd/servq/internal/report"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/workorder"
)

type diffOpts struct {
	format     string
	asOf       string
	dataFormat string
}

func init() {
	register(&command{
		name:    "diff",
		args:    "[flags] OLD NEW [DATA]",
		summary: "what a policy change does to every subject's points and money",
		help: `Diff replays the same data through two versions of a policy and lists, for each
scorecard, star rating and measure both have, and for the ledger, the subjects
whose figure moved: old, new and the change, the largest moves first. It is how
a policy writer shows what a change of scoring does before it ships.

DATA defaults to OLD's directory's data file (or NEW's). The data is read once
when both policies declare the same facts, twice otherwise. Exit status 1 when
anything moved (as diff(1) does), 0 when nothing did.`,
		flags: func(fs *flag.FlagSet) any {
			o := &diffOpts{}
			fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
			fs.StringVar(&o.asOf, "as-of", "", "the `instant` (RFC 3339) the replays end at (default: the latest in the data)")
			fs.StringVar(&o.dataFormat, "data-format", "", "the data's `format`, jsonl or csv (default: from the extension)")
			return o
		},
		run:   runDiff,
		nargs: [2]int{2, 3},
	})
}

func sameFacts(a, b *quality.Schema) bool {
	fa, fb := a.Fields(), b.Fields()
	return slices.EqualFunc(fa, fb, func(x, y quality.Field) bool { return x.Name == y.Name && x.Kind == y.Kind })
}

func runDiff(e env, o any, args []string) int {
	opts := o.(*diffOpts)
	if opts.format != "text" && opts.format != "json" {
		return fail(e, "diff", usageError{fmt.Errorf("--format %q: want text or json", opts.format)})
	}
	asOf, err := parseAsOf(opts.asOf)
	if err != nil {
		return fail(e, "diff", err)
	}
	oldCfg, code := loadPolicy(e, "diff", args[0])
	if oldCfg == nil {
		return code
	}
	newCfg, code := loadPolicy(e, "diff", args[1])
	if newCfg == nil {
		return code
	}
	dataArg := ""
	if len(args) == 3 {
		dataArg = args[2]
	}
	path, err := load.DataPath(dataArg, args[0])
	if err != nil && dataArg == "" {
		path, err = load.DataPath("", args[1])
	}
	if err != nil {
		return fail(e, "diff", usageError{err})
	}
	if path == "-" {
		return fail(e, "diff", usageError{fmt.Errorf("diff reads its data from a file, not standard input")})
	}
	var results [2]*engine.Result
	var format workorder.Format
	if sameFacts(oldCfg.Policy.Schema, newCfg.Policy.Schema) {
		res, f, code := replayBoth(e, oldCfg, newCfg, path, opts.dataFormat, asOf)
		if res[0] == nil {
			return code
		}
		results, format = res, f
	} else {
		for i, cfg := range []*engine.Config{oldCfg, newCfg} {
			rp, code := replay(e, "diff", cfg, args[i], path, opts.dataFormat, asOf, "", false)
			if rp == nil {
				return code
			}
			results[i], format = rp.result, rp.data.Format
		}
	}
	d := report.Compare(results[0], results[1])
	src := report.Source{Data: path, Format: format.String()}
	if opts.format == "json" {
		err = report.JSON(e.stdout, d)
	} else {
		err = report.DiffText(e.stdout, d, src)
	}
	if err != nil {
		return fail(e, "diff", err)
	}
	if d.Moves() {
		return exitFindings
	}
	return exitOK
}

// replayBoth decodes the data once and feeds every event to both engines.
func replayBoth(e env, a, b *engine.Config, path, dataFormat string, asOf time.Time) ([2]*engine.Result, workorder.Format, int) {
	tuneGC()
	var none [2]*engine.Result
	var f workorder.Format
	var err error
	if dataFormat != "" {
		if f, err = workorder.ParseFormat(dataFormat); err != nil {
			return none, 0, fail(e, "diff", usageError{err})
		}
	}
	data, err := load.OpenData(path, f)
	if err != nil {
		return none, 0, fail(e, "diff", usageError{err})
	}
	defer data.Close()
	dec, err := workorder.NewDecoder(data, data.Format, a.Policy.Schema)
	if err != nil {
		return none, 0, fail(e, "diff", fmt.Errorf("%s: %w", path, err))
	}
	engines := []*engine.Engine{engine.New(a, engine.Options{}), engine.New(b, engine.Options{})}
	if err := engine.ReplayAll(dec, engines); err != nil {
		return none, 0, fail(e, "diff", fmt.Errorf("%s: %w", path, err))
	}
	var out [2]*engine.Result
	for i, eng := range engines {
		if out[i], err = eng.Finish(asOf); err != nil {
			return none, 0, fail(e, "diff", err)
		}
	}
	return out, data.Format, exitOK
}
