package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// servq runs the command in-process and returns its exit status, standard
// output and standard error.
func servq(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

// TestStdin: run reads standard input with --data-format, and gives the
// report it gives for the file (but for the data's name).
func TestStdin(t *testing.T) {
	data, err := os.ReadFile("testdata/broadband/data.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	code, fromStdin, stderr := servq(t, string(data), "run", "--max-rejected", "-1", "--data-format", "jsonl", "testdata/broadband", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, fromFile, _ := servq(t, "", "run", "--max-rejected", "-1", "testdata/broadband")
	fromFile = strings.Replace(fromFile, "data: testdata/broadband/data.jsonl (jsonl)", "data: - (jsonl)", 1)
	if diff := cmp.Diff(fromFile, fromStdin); diff != "" {
		t.Errorf("standard input (-file +stdin):\n%s", diff)
	}
	if code, _, stderr := servq(t, "", "run", "testdata/broadband", "-"); code != exitUsage || !strings.Contains(stderr, "--data-format") {
		t.Errorf("stdin without a format: exit %d, %q", code, stderr)
	}
}

// TestGolden runs every subcommand on the test policy and data and compares
// what it prints, and its exit status, with testdata/golden/NAME.golden.
// go test -run TestGolden -update rewrites the files; review the diff.
func TestGolden(t *testing.T) {
	const bb = "testdata/broadband"
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"usage", nil, exitUsage},
		{"help", []string{"help"}, exitOK},
		{"help-run", []string{"help", "run"}, exitOK},
		{"run-dash-h", []string{"run", "-h"}, exitOK},
		{"unknown-command", []string{"rnu", bb}, exitUsage},
		{"run-no-args", []string{"run"}, exitUsage},
		{"run-bad-flag", []string{"run", "--fromat", "json", bb}, exitUsage},
		{"run-bad-format", []string{"run", "--format", "xml", bb}, exitUsage},
		{"run-missing-policy", []string{"run", "testdata/nowhere"}, exitUsage},
		{"check", []string{"check", bb}, exitOK},
		{"check-data", []string{"check", bb, bb + "/data.jsonl"}, exitFindings},
		{"check-bad-policy", []string{"check", "testdata/bad"}, exitFindings},
		{"check-bad-run-section", []string{"check", "testdata/badrun/policy.yaml"}, exitFindings},
		{"run", []string{"run", bb}, exitFindings},
		{"run-max-rejected", []string{"run", "--max-rejected", "5", bb}, exitOK},
		{"run-json", []string{"run", bb, "--format", "json", "--max-rejected=-1"}, exitOK},
		{"run-as-of", []string{"run", "--as-of", "2025-07-10T00:00:00+08:00", "--max-rejected", "-1", bb}, exitOK},
		{"diff", []string{"diff", bb, "testdata/broadband-v2"}, exitFindings},
		{"diff-same", []string{"diff", bb, bb + "/policy.yaml"}, exitOK},
		{"diff-json", []string{"diff", "--format", "json", bb, "testdata/broadband-v2", bb + "/data.jsonl"}, exitFindings},
		{"graph-mermaid", []string{"graph", bb}, exitOK},
		{"graph-dot", []string{"graph", "--format", "dot", "--machine", "repair_overdue", bb}, exitOK},
		{"graph-unknown-machine", []string{"graph", "--machine", "nope", bb}, exitUsage},
		{"explain-late-contact", []string{"explain", bb, "WO-002"}, exitOK},
		{"explain-escalated", []string{"explain", bb, bb + "/data.jsonl", "WO-006"}, exitOK},
		{"explain-open", []string{"explain", bb, "WO-008"}, exitOK},
		{"explain-unknown-order", []string{"explain", bb, "WO-999"}, exitFindings},
		{"test", []string{"test", bb}, exitOK},
		{"test-failing", []string{"test", "--cases", "testdata/failing_test.yaml", bb}, exitFindings},
		{"eval", []string{"eval", "-f", "satisfied=28", "-f", "rated=30", "satisfied / rated >= 0.9 && rated >= 30"}, exitOK},
		{"eval-explain", []string{"eval", "--explain", "-f", "satisfied=0", "-f", "rated=0", "rated > 0 && satisfied / rated >= 0.9"}, exitOK},
		{"eval-policy", []string{"eval", "-p", bb, "-f", "order_type=repair", "-f", "callback_rated=true", "-f", "callback_satisfied=false", "--explain",
			`callback_rated && !callback_satisfied && order_type == "repair"`}, exitOK},
		{"eval-division-by-zero", []string{"eval", "-f", "satisfied=0", "-f", "rated=0", "satisfied / rated"}, exitFindings},
		{"eval-unknown-fact", []string{"eval", "-p", bb, "-f", "ordertype=repair", "true"}, exitUsage},
		{"eval-json", []string{"eval", "--format", "json", "-f", "due=2025-07-01T16:00:00+08:00", "-f", "promised=20m", "due + promised"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := servq(t, "", tt.args...)
			got := "$ servq " + strings.Join(tt.args, " ") + "\n# exit " + strconv.Itoa(code) + "\n## stdout\n" + stdout + "## stderr\n" + stderr
			path := filepath.Join("testdata", "golden", tt.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
			}
			if code != tt.code {
				t.Errorf("exit status %d, want %d", code, tt.code)
			}
		})
	}
}
