package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/servq/servq/cmd/servq/internal/engine"
	"github.com/servq/servq/cmd/servq/internal/load"
	"github.com/servq/servq/cmd/servq/internal/progress"
	"github.com/servq/servq/cmd/servq/internal/report"
	"github.com/servq/servq/workorder"
)

type runOpts struct {
	format      string
	asOf        string
	dataFormat  string
	maxRejected int64
	progress    string
}

func runFlags(fs *flag.FlagSet) *runOpts {
	o := &runOpts{}
	fs.StringVar(&o.format, "format", "text", "report `format`: text or json")
	fs.StringVar(&o.asOf, "as-of", "", "the `instant` (RFC 3339) the run ends at: clocks of open orders are read then; default the latest instant in the data")
	fs.StringVar(&o.dataFormat, "data-format", "", "the data's `format`, jsonl or csv (default: from the file's extension; required for -)")
	fs.Int64Var(&o.maxRejected, "max-rejected", 0, "exit with status 1 when more than `n` rows are rejected (-1: never)")
	fs.StringVar(&o.progress, "progress", "auto", "progress bar on standard error, `mode` auto (when it is a terminal), always or never")
	return o
}

func init() {
	register(&command{
		name:    "run",
		args:    "[flags] POLICY [DATA]",
		summary: "replay work-order data through a policy: clocks, escalations, callback sample, scores, money",
		help: `Run streams the work-order events of DATA through POLICY: each order's SLA
clocks and escalation machines as its events arrive, and, when the policy's run
section says the order is done, its callback sampling decision, its reply, the
measures, scorecards and money lines it counts towards. Memory grows with the
orders open at one time and with the number of groups (technicians, stations,
days), not with the number of events.

The report lists the rows read and what became of each (applied, duplicate,
rejected with its line and reason: nothing is dropped silently), the clocks'
on-time rates, the escalations, the sample drawn, satisfaction with honest
intervals, the participation quota, each scorecard's points per subject and the
ledger's money per subject. --format json writes the same as JSON.

For speed, the garbage collector runs at GOGC=400 unless GOGC is set in the
environment: memory stays proportional to the orders open at once.

DATA defaults to the policy directory's data.jsonl or data.csv; - reads standard
input (give --data-format). Exit status 1 when more than --max-rejected rows are
rejected or the policy has errors.`,
		flags: func(fs *flag.FlagSet) any { return runFlags(fs) },
		run:   runRun,
		nargs: [2]int{1, 2},
	})
}

// replay loads a policy and data and runs the engine over them.
type replayed struct {
	cfg    *engine.Config
	result *engine.Result
	trace  *engine.Trace
	data   *load.Data
}

func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, usageError{fmt.Errorf("--as-of %q: want an RFC 3339 instant with its offset, such as 2025-07-31T24:00:00+08:00", s)}
	}
	return t, nil
}

// loadPolicy resolves and compiles a policy argument, printing its errors.
func loadPolicy(e env, cmd, arg string) (*engine.Config, int) {
	path, err := load.PolicyPath(arg)
	if err != nil {
		return nil, fail(e, cmd, usageError{err})
	}
	cfg, err := load.Policy(path)
	if err != nil {
		var errs load.Errors
		if errors.As(err, &errs) {
			for _, pe := range errs {
				fmt.Fprintf(e.stderr, "%v\n", pe)
			}
			fmt.Fprintf(e.stderr, "servq %s: %s: %d error(s)\n", cmd, path, len(errs))
			return nil, exitFindings
		}
		return nil, fail(e, cmd, usageError{err})
	}
	return cfg, exitOK
}

// tuneGC lets the heap grow to five times the live data between garbage
// collections (GOGC=400) unless the environment sets GOGC. A replay
// allocates a little for every event and keeps little alive (the open
// orders), so collecting less often takes about a third off its CPU time;
// peak memory stays proportional to the open orders, not to the events.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// replay runs one policy over the data.
func replay(e env, cmd string, cfg *engine.Config, policyArg, dataArg, dataFormat string, asOf time.Time, trace string, bar bool) (*replayed, int) {
	tuneGC()
	path, err := load.DataPath(dataArg, policyArg)
	if err != nil {
		return nil, fail(e, cmd, usageError{err})
	}
	var f workorder.Format
	if dataFormat != "" {
		if f, err = workorder.ParseFormat(dataFormat); err != nil {
			return nil, fail(e, cmd, usageError{err})
		}
	}
	if path == "-" {
		// Standard input of the environment.
		return replayReader(e, cmd, cfg, path, f, asOf, trace)
	}
	data, err := load.OpenData(path, f)
	if err != nil {
		return nil, fail(e, cmd, usageError{err})
	}
	defer data.Close()
	dec, err := workorder.NewDecoder(data, data.Format, cfg.Policy.Schema)
	if err != nil {
		return nil, fail(e, cmd, fmt.Errorf("%s: %w", path, err))
	}
	eng := engine.New(cfg, engine.Options{Trace: trace})
	var rows atomic.Int64
	var b *progress.Bar
	if bar {
		b = progress.Start(e.stderr, data.Size, data.BytesRead, rows.Load)
	}
	err = eng.Replay(dec, func() { rows.Store(eng.Counts().Rows) })
	b.Stop()
	if err != nil {
		return nil, fail(e, cmd, fmt.Errorf("%s: %w", path, err))
	}
	res, err := eng.Finish(asOf)
	if err != nil {
		return nil, fail(e, cmd, err)
	}
	return &replayed{cfg: cfg, result: res, trace: eng.Trace(), data: data}, exitOK
}

func replayReader(e env, cmd string, cfg *engine.Config, path string, f workorder.Format, asOf time.Time, trace string) (*replayed, int) {
	if f == workorder.FormatInvalid {
		return nil, fail(e, cmd, usageError{errors.New("data from standard input: give its format with --data-format jsonl or csv")})
	}
	dec, err := workorder.NewDecoder(e.stdin, f, cfg.Policy.Schema)
	if err != nil {
		return nil, fail(e, cmd, err)
	}
	eng := engine.New(cfg, engine.Options{Trace: trace})
	if err := eng.Replay(dec, nil); err != nil {
		return nil, fail(e, cmd, err)
	}
	res, err := eng.Finish(asOf)
	if err != nil {
		return nil, fail(e, cmd, err)
	}
	return &replayed{cfg: cfg, result: res, trace: eng.Trace(), data: &load.Data{Path: path, Format: f}}, exitOK
}

func showProgress(e env, mode string) (bool, error) {
	switch mode {
	case "auto":
		return e.terminal, nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, usageError{fmt.Errorf("--progress %q: want auto, always or never", mode)}
}

func runRun(e env, o any, args []string) int {
	opts := o.(*runOpts)
	if opts.format != "text" && opts.format != "json" {
		return fail(e, "run", usageError{fmt.Errorf("--format %q: want text or json", opts.format)})
	}
	asOf, err := parseAsOf(opts.asOf)
	if err != nil {
		return fail(e, "run", err)
	}
	bar, err := showProgress(e, opts.progress)
	if err != nil {
		return fail(e, "run", err)
	}
	cfg, code := loadPolicy(e, "run", args[0])
	if cfg == nil {
		return code
	}
	dataArg := ""
	if len(args) > 1 {
		dataArg = args[1]
	}
	rp, code := replay(e, "run", cfg, args[0], dataArg, opts.dataFormat, asOf, "", bar)
	if rp == nil {
		return code
	}
	src := report.Source{Data: rp.data.Path, Format: rp.data.Format.String()}
	if opts.format == "json" {
		err = report.JSON(e.stdout, struct {
			Data   report.Source  `json:"data"`
			Result *engine.Result `json:"result"`
		}{src, rp.result})
	} else {
		err = report.Text(e.stdout, rp.result, src)
	}
	if err != nil {
		return fail(e, "run", err)
	}
	if opts.maxRejected >= 0 && rp.result.Counts.Rejected > opts.maxRejected {
		fmt.Fprintf(e.stderr, "servq run: %d rows rejected (more than --max-rejected %d)\n", rp.result.Counts.Rejected, opts.maxRejected)
		return exitFindings
	}
	return exitOK
}
