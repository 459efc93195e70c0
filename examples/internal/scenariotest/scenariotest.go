// Package scenariotest runs the servq command on a scenario's shipped data
// and compares what it prints with golden files, for the tests under
// examples/.
//
// The command's packages live under cmd/servq/internal, which examples/
// cannot import, so the tests run the command itself, as a user does: the
// first call builds cmd/servq once (with the go command that runs the test)
// into a temporary directory, and every call runs that binary with the
// module's root as its working directory. Reports then name the data as the
// README's commands do ("examples/broadband/data.jsonl").
//
//	func TestReport(t *testing.T) {
//		out := scenariotest.Servq(t, 0, "run", "--progress", "never", "examples/broadband")
//		scenariotest.Golden(t, "testdata/report.golden", out)
//	}
//
// Run the tests with -update to rewrite the golden files; review the diff
// (git diff) before committing it: it is what a change of rule or of data
// does to the report.
package scenariotest

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var build struct {
	once sync.Once
	bin  string
	root string
	err  error
}

// Root returns the module's root directory (where go.mod is).
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Binary returns the path of the servq command, built once per test
// process from the module's cmd/servq.
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		build.root = Root(t)
		goCmd, err := exec.LookPath("go")
		if err != nil {
			build.err = errors.New("the go command is not on PATH: " + err.Error())
			return
		}
		dir, err := os.MkdirTemp("", "servq-scenario-")
		if err != nil {
			build.err = err
			return
		}
		build.bin = filepath.Join(dir, "servq")
		cmd := exec.Command(goCmd, "build", "-o", build.bin, "./cmd/servq")
		cmd.Dir = build.root
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = errors.New("go build ./cmd/servq: " + err.Error() + "\n" + string(out))
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

// Main runs the tests and removes the command built for them: call it from
// a scenario's TestMain, os.Exit(scenariotest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if build.bin != "" {
		os.RemoveAll(filepath.Dir(build.bin))
	}
	return code
}

// Servq runs the servq command with args in the module's root and returns
// what it wrote to standard output. It fails the test when the exit status
// is not want, showing standard error.
func Servq(t testing.TB, want int, args ...string) string {
	t.Helper()
	bin := Binary(t)
	cmd := exec.Command(bin, args...)
	cmd.Dir = build.root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("servq %s: %v", strings.Join(args, " "), err)
	}
	if code != want {
		t.Fatalf("servq %s: exit status %d, want %d\nstderr:\n%s", strings.Join(args, " "), code, want, stderr.String())
	}
	return stdout.String()
}

// Golden compares got with the golden file at path (relative to the test's
// directory), or rewrites the file when the test runs with -update. A
// difference is shown line by line.
func Golden(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-golden +now); run with -update if the change is intended:\n%s", path, diff)
	}
}

// Explained is an order whose explanation a scenario keeps as a golden file,
// and why it was chosen.
type Explained struct{ Order, Why string }

// CommandGoldens checks what the servq command prints for the scenario in dir
// (a path from the module root, "examples/broadband"), each in a subtest:
// `servq run` against testdata/report.golden, `servq check` against
// testdata/check.golden, and `servq explain` of each explained order against
// testdata/explain-ORDER.golden.
func CommandGoldens(t *testing.T, dir string, explained ...Explained) {
	t.Run("run", func(t *testing.T) {
		Golden(t, "testdata/report.golden", Servq(t, 0, "run", "--progress", "never", dir))
	})
	t.Run("check", func(t *testing.T) {
		Golden(t, "testdata/check.golden", Servq(t, 0, "check", dir))
	})
	for _, e := range explained {
		t.Run("explain/"+e.Order, func(t *testing.T) {
			Golden(t, "testdata/explain-"+e.Order+".golden", Servq(t, 0, "explain", dir, e.Order))
		})
	}
}
