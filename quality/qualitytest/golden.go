package qualitytest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
)

// update is the -update flag of every servq test kit, registered once here.
var update = flag.Bool("update", false, "rewrite golden files with the current output (servq test kits)")

// Update reports whether the tests run with -update: golden helpers then
// rewrite their files instead of comparing. A test package that imports a
// servq test kit reads the flag with Update; it must not register its own
// -update flag, which would make the flag package panic.
func Update() bool { return *update }

// Golden compares got with the golden file at path (conventionally under
// testdata/) and reports a line diff through tb when they differ. With -update
// it writes got to the file instead, creating its directory. A missing file is
// reported with the command that creates it.
func Golden(tb TB, path string, got []byte) {
	tb.Helper()
	if Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatalf("golden file %s: %v", path, err)
			return
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatalf("golden file %s: %v", path, err)
			return
		}
		tb.Logf("golden file %s updated", path)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("golden file %s: %v (run the test with -update to create it)", path, err)
		return
	}
	if string(want) == string(got) {
		return
	}
	tb.Errorf("output differs from the golden file %s (-want +got); if the change is intended, run the test with -update:\n%s",
		path, LineDiff(string(want), string(got)))
}

// GoldenString is Golden for text.
func GoldenString(tb TB, path, got string) {
	tb.Helper()
	Golden(tb, path, []byte(got))
}

// GoldenJSON is Golden for v encoded as indented JSON with a final newline,
// so that a changed field shows as a changed line.
func GoldenJSON(tb TB, path string, v any) {
	tb.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatalf("golden file %s: encoding the value: %v", path, err)
		return
	}
	Golden(tb, path, append(b, '\n'))
}
