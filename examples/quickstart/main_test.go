package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden from the current output")

// TestReportGolden runs the program on the shipped data and compares the
// report with testdata/report.golden. After an intended change of the report,
// run `go test ./examples/quickstart -update` and review the diff.
func TestReportGolden(t *testing.T) {
	var out bytes.Buffer
	if err := run(nil, &out); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("report differs from %s (-want +got):\n%s", golden, diff)
	}
	// The file given on the command line is read the same way.
	var fromFile bytes.Buffer
	if err := run([]string{"technicians.csv"}, &fromFile); err != nil {
		t.Fatal(err)
	}
	if fromFile.String() != out.String() {
		t.Error("the report of technicians.csv read from disk differs from the embedded one")
	}
}

// TestReportFigures checks figures of the shipped data by hand, so the golden
// file is not the only witness.
func TestReportFigures(t *testing.T) {
	m, err := readMonth(shippedCSV)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPolicy()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := buildReport(m, p)
	if err != nil {
		t.Fatal(err)
	}
	if m.Station != "Xinhua Road maintenance station" || m.Month != "2025-07" || len(rep.Lines) != 12 {
		t.Fatalf("read %q %q with %d technicians", m.Station, m.Month, len(rep.Lines))
	}
	byName := map[string]line{}
	for _, l := range rep.Lines {
		byName[l.Name] = l
	}
	d := decimal.RequireFromString
	// Wang Qiang: repair 14/15 → 0.6 + 0.4 × 5/12 = 23/30; install 12/12 → 1;
	// 26 tens and 1 unsatisfied → 26 × 20 - 200 = 320 yuan.
	wang := byName["Wang Qiang"]
	if got := quality.HalfUp.Round(wang.RepairAtt, 6); !got.Equal(d("0.766667")) {
		t.Errorf("Wang Qiang repair score = %s, want 23/30", wang.RepairAtt)
	}
	if !wang.InstallAtt.Equal(d("1")) || !wang.Money.Equal(d("320")) {
		t.Errorf("Wang Qiang: install score %s, money %s; want 1, 320", wang.InstallAtt, wang.Money)
	}
	// Zhou Tao: repair 5/7 is below the 90% baseline: gated to 0; 14 tens and
	// 3 unsatisfied → 280 - 600 = -320 yuan; 18/21 on time misses 95%.
	zhou := byName["Zhou Tao"]
	if !zhou.RepairAtt.IsZero() || !zhou.Money.Equal(d("-320")) || !zhou.OnTimeAtt.IsZero() {
		t.Errorf("Zhou Tao: repair score %s, money %s, on time %s", zhou.RepairAtt, zhou.Money, zhou.OnTimeAtt)
	}
	// Li Na: repair 9/10 is exactly the baseline (0.6); 19/20 on time meets 95%.
	li := byName["Li Na"]
	if !li.RepairAtt.Equal(d("0.6")) || !li.OnTimeAtt.Equal(d("1")) {
		t.Errorf("Li Na: repair score %s, on time %s", li.RepairAtt, li.OnTimeAtt)
	}
	// Chen Jie did no installations: undefined, not 0%.
	if chen := byName["Chen Jie"]; chen.Install.Defined() || chen.OnTime.Defined() {
		t.Errorf("Chen Jie: install %v, on time %v; want undefined", chen.Install, chen.OnTime)
	}
	// The station's rates are the merged counts, and its money the sum.
	var num, den int64
	sum := decimal.Zero
	for _, tech := range m.Technicians {
		num += tech.RepairSatisfied
		den += tech.RepairRated
	}
	for _, l := range rep.Lines {
		sum = sum.Add(l.Money)
	}
	if rep.Total.Repair != (quality.Rate{Num: num, Den: den}) || !rep.Total.Money.Equal(sum) {
		t.Errorf("station: repair %v (want %d/%d), money %s (want %s)", rep.Total.Repair, num, den, rep.Total.Money, sum)
	}
}

func TestReadMonthErrors(t *testing.T) {
	const header = "technician,repair_rated,repair_satisfied,install_rated,install_satisfied,appointments,on_time\n"
	tests := []struct{ name, csv, want string }{
		{"empty", "", "no header"},
		{"wrong header", "name,rated\n", "wrong number of fields"},
		{"renamed column", strings.Replace(header, "on_time", "ontime", 1), "header is"},
		{"no rows", header, "no technicians"},
		{"negative", header + "A,-1,0,0,0,0,0\n", "repair_rated: \"-1\" is not a count"},
		{"not a number", header + "A,1,x,0,0,0,0\n", "repair_satisfied: \"x\""},
		{"more satisfied than rated", header + "A,1,2,0,0,0,0\n", "repair_satisfied 2 exceeds repair_rated 1"},
		{"more on time than appointments", header + "A,1,1,0,0,3,4\n", "line 2: on_time 4 exceeds appointments 3"},
		{"no name", header + " ,1,1,0,0,0,0\n", "empty technician name"},
		{"short row", header + "A,1,1\n", "wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readMonth([]byte(tt.csv))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("readMonth error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if err := run([]string{"a", "b"}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("two arguments: error %v, want usage", err)
	}
	if err := run([]string{filepath.Join(t.TempDir(), "missing.csv")}, &bytes.Buffer{}); err == nil {
		t.Error("a missing file gave no error")
	}
}
