// Command gen writes the appliance scenario's data: a month of after-sales
// orders of the providers serving the Nanchang branch's counties, as
// work-order events (data.jsonl), and the org chart of their engineers
// (org.csv).
//
// The same flags give byte-identical files. From the module root:
//
//	go run ./examples/appliance/gen -dir examples/appliance     # the shipped files
//	go generate ./examples/appliance                            # the same
//
// Larger volumes: -scale 20 gives about 45,000 orders (290,000 events,
// 42 MB); -technicians 2000 -scale 22 about a million orders (6.5 million
// events):
//
//	go run ./examples/appliance/gen -data /tmp/appliance.jsonl -scale 20
//	go run ./cmd/servq run examples/appliance /tmp/appliance.jsonl
//
// Flags:
//
//	-dir DIR          where to write data.jsonl and org.csv (default ".")
//	-data FILE        write the events there instead ("-": standard output; org.csv is not written)
//	-seed N           the orders' seed (default 17)
//	-org-seed N       the org chart's seed (default 1: the branch of every scenario)
//	-technicians N    the number of engineers (default 100)
//	-from, -to DATE   orders arrive from the day of -from up to, not including, -to
//	                  (default 2025-07-01 to 2025-08-01)
//	-scale F          multiplies the orders per engineer and day (default 1: about one)
package main

import (
	"fmt"
	"io"

	"github.com/servq/servq/examples/internal/gencmd"
)

func main() { gencmd.Main(run) }

func run(args []string, logw io.Writer) error {
	fs := gencmd.NewFlagSet(logw)
	cfg := defaultConfig()
	dir, data := gencmd.OutputFlags(fs, "data.jsonl and org.csv")
	cfg.Flags(fs, "the orders' seed", "the number of engineers")
	fs.Float64Var(&cfg.Scale, "scale", cfg.Scale, "multiplies the orders per engineer and day")
	if err := gencmd.Parse(fs, args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	events := func(w io.Writer) (string, error) {
		st, err := generate(cfg, w)
		return fmt.Sprintf("%d orders, %d events", st.Orders, st.Events), err
	}
	return gencmd.WriteOutputs(logw, *dir, *data, events,
		gencmd.File{Name: "org.csv", Write: func(w io.Writer) error { return writeOrg(cfg, w) }})
}
