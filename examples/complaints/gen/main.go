// Command gen writes the complaints scenario's data: a month of complaints to
// the Nanchang branch's complaint line as work-order events (data.jsonl), the
// counties' indicators measured outside the complaint data (indicators.csv,
// read by the embedding program) and the org chart (org.csv).
//
// The same flags give byte-identical files. From the module root:
//
//	go run ./examples/complaints/gen -dir examples/complaints     # the shipped files
//	go generate ./examples/complaints                             # the same
//
// Larger volumes (2,000 technicians over three months: about 19,000
// complaints, 190,000 events, 27 MB):
//
//	go run ./examples/complaints/gen -data /tmp/complaints.jsonl -technicians 2000 -to 2025-12-15
//	go run ./cmd/servq run examples/complaints /tmp/complaints.jsonl
//
// Flags:
//
//	-dir DIR          where to write data.jsonl, indicators.csv and org.csv (default ".")
//	-data FILE        write the events there instead ("-": standard output; the other files are not written)
//	-seed N           the complaints' seed (default 9)
//	-org-seed N       the org chart's seed (default 1: the branch of every scenario)
//	-technicians N    the branch's size (default 100)
//	-from, -to DATE   complaints arrive from the day of -from up to, not including, -to
//	                  (default 2025-09-15 to 2025-10-15: National Day's golden week inside)
//	-rate R           complaints per on-duty technician per day (default 0.15)
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
	dir, data := gencmd.OutputFlags(fs, "data.jsonl, indicators.csv and org.csv")
	cfg.Flags(fs, "the complaints' seed", "the branch's number of technicians")
	fs.Float64Var(&cfg.Rate, "rate", cfg.Rate, "complaints per on-duty technician per day")
	if err := gencmd.Parse(fs, args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	events := func(w io.Writer) (string, error) {
		st, err := generate(cfg, w)
		return fmt.Sprintf("%d complaints, %d events", st.Complaints, st.Events), err
	}
	return gencmd.WriteOutputs(logw, *dir, *data, events,
		gencmd.File{Name: "indicators.csv", Write: func(w io.Writer) error { return writeIndicators(cfg, w) }},
		gencmd.File{Name: "org.csv", Write: func(w io.Writer) error { return cfg.Org().WriteRoster(w) }})
}
