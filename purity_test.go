package servq

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// libraryPackages are the pure packages. Their non-test sources, and those of
// their sub-packages other than test-helper packages (whose names end in "test",
// like net/http/httptest), must not read the clock, draw random numbers, start
// goroutines, do I/O, touch the decimal package's globals, or import anything
// beyond the standard library, expr, decimal and each other.
var libraryPackages = []string{"quality", "sla", "escalation", "survey", "appraisal"}

// forbiddenImports are standard-library packages that read the clock's
// randomness, do I/O or escape the type system.
var forbiddenImports = map[string]string{
	"math/rand":    "randomness: derive choices from a hash of the inputs",
	"math/rand/v2": "randomness: derive choices from a hash of the inputs",
	"crypto/rand":  "randomness: derive choices from a hash of the inputs",
	"os":           "I/O: the caller passes data in",
	"os/exec":      "I/O: the caller passes data in",
	"os/signal":    "I/O: the caller passes data in",
	"io/ioutil":    "I/O: the caller passes data in",
	"io/fs":        "I/O: the caller passes data in",
	"net":          "I/O: the caller passes data in",
	"net/http":     "I/O: the caller passes data in",
	"syscall":      "I/O: the caller passes data in",
	"log":          "I/O: return values, let the host log",
	"log/slog":     "I/O: return values, let the host log",
	"unsafe":       "unsafe: not needed by rule code",
	"plugin":       "I/O: the caller passes data in",
}

// forbiddenSelectors are package-qualified names a pure package must not use.
var forbiddenSelectors = map[string]string{
	"time.Now":                    "the clock: take the instant as an argument",
	"time.Since":                  "the clock: take the instant as an argument",
	"time.Until":                  "the clock: take the instant as an argument",
	"time.Local":                  "the local zone: take a *time.Location from the caller",
	"time.LoadLocation":           "the zone database: take a *time.Location from the caller",
	"time.LoadLocationFromTZData": "the zone database: take a *time.Location from the caller",
	"time.Sleep":                  "timers: return the next wake-up instead",
	"time.After":                  "timers: return the next wake-up instead",
	"time.AfterFunc":              "timers: return the next wake-up instead",
	"time.Tick":                   "timers: return the next wake-up instead",
	"time.NewTimer":               "timers: return the next wake-up instead",
	"time.NewTicker":              "timers: return the next wake-up instead",
	"fmt.Print":                   "I/O: return values, let the host print",
	"fmt.Printf":                  "I/O: return values, let the host print",
	"fmt.Println":                 "I/O: return values, let the host print",
	"fmt.Scan":                    "I/O: the caller passes data in",
	"fmt.Scanf":                   "I/O: the caller passes data in",
	"fmt.Scanln":                  "I/O: the caller passes data in",
	// decimal's package globals are shared mutable state (DivisionPrecision is a
	// data race when written); rules pass precision explicitly instead.
	"decimal.DivisionPrecision":            "decimal global: pass precision explicitly (DivRound)",
	"decimal.PowPrecisionNegativeExponent": "decimal global: pass precision explicitly",
	"decimal.MarshalJSONWithoutQuotes":     "decimal global: marshal explicitly",
	"decimal.ExpMaxIterations":             "decimal global: pass precision explicitly",
}

// forbiddenMethods are method names whose decimal implementations read a package
// global: Decimal.Div reads DivisionPrecision and Decimal.Pow reads
// PowPrecisionNegativeExponent. Use DivRound and an explicit precision.
var forbiddenMethods = map[string]string{
	"Div": "decimal.Decimal.Div reads the DivisionPrecision global: use DivRound with an explicit precision",
	"Pow": "decimal.Decimal.Pow reads a package global: use PowWithPrecision",
}

func allowedImport(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if !strings.Contains(first, ".") {
		return true // standard library (checked against forbiddenImports separately)
	}
	for _, p := range []string{"github.com/expr-lang/expr", "github.com/shopspring/decimal"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	for _, p := range libraryPackages {
		lib := "github.com/servq/servq/" + p
		if path == lib || strings.HasPrefix(path, lib+"/") {
			return !isTestHelperPath(path)
		}
	}
	return false
}

func isTestHelperPath(path string) bool {
	return strings.HasSuffix(filepath.Base(path), "test")
}

// impurities returns one line per rule broken in the Go file named name.
func impurities(name string, src []byte) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var found []string
	report := func(pos token.Pos, format string, args ...any) {
		found = append(found, fset.Position(pos).String()+": "+fmt.Sprintf(format, args...))
	}
	local := map[string]string{} // local name → import path
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if why, bad := forbiddenImports[path]; bad {
			report(imp.Pos(), "imports %s (%s)", path, why)
		} else if !allowedImport(path) {
			report(imp.Pos(), "imports %s: library packages may import only the standard library, expr, decimal and each other", path)
		}
		name := filepath.Base(path)
		if strings.HasPrefix(path, "github.com/shopspring/decimal") {
			name = "decimal"
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		local[name] = path
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			report(n.Pos(), "starts a goroutine: library packages are pure; the host runs work concurrently")
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				if path, ok := local[id.Name]; ok {
					key := filepath.Base(path) + "." + n.Sel.Name
					if why, bad := forbiddenSelectors[key]; bad {
						report(n.Pos(), "uses %s (%s)", key, why)
					}
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if why, bad := forbiddenMethods[sel.Sel.Name]; bad {
					if _, isPkg := local[identName(sel.X)]; !isPkg {
						report(n.Pos(), "calls .%s (%s)", sel.Sel.Name, why)
					}
				}
			}
		}
		return true
	})
	return found, nil
}

func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func TestLibraryPackagesArePure(t *testing.T) {
	var files []string
	for _, pkg := range libraryPackages {
		err := filepath.WalkDir(pkg, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != pkg && (isTestHelperPath(path) || d.Name() == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no library sources found: run the test from the module root")
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		found, err := impurities(name, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			t.Error(f)
		}
	}
}

// TestPurityCheckCatches proves the check itself: each source below breaks one
// rule and must be reported.
func TestPurityCheckCatches(t *testing.T) {
	bad := map[string]string{
		"clock":      `package p; import "time"; func f() time.Time { return time.Now() }`,
		"local":      `package p; import "time"; var z = time.Local`,
		"load":       `package p; import "time"; func f() { time.LoadLocation("Asia/Shanghai") }`,
		"rand":       `package p; import "math/rand"; var x = rand.Int()`,
		"randv2":     `package p; import "math/rand/v2"; var x = rand.Int()`,
		"goroutine":  `package p; func f() { go f() }`,
		"os":         `package p; import "os"; var x = os.Args`,
		"net":        `package p; import "net/http"; var x = http.Get`,
		"print":      `package p; import "fmt"; func f() { fmt.Println() }`,
		"decglobal":  `package p; import "github.com/shopspring/decimal"; func f() { decimal.DivisionPrecision = 3 }`,
		"decread":    `package p; import "github.com/shopspring/decimal"; var p = decimal.DivisionPrecision`,
		"decdiv":     `package p; import "github.com/shopspring/decimal"; func f(a, b decimal.Decimal) decimal.Decimal { return a.Div(b) }`,
		"renamed":    `package p; import t "time"; var x = t.Now()`,
		"thirdparty": `package p; import "github.com/google/go-cmp/cmp"; var x = cmp.Equal`,
		"cmd":        `package p; import "github.com/servq/servq/cmd/servq"; var x = servq.X`,
		"testhelper": `package p; import "github.com/servq/servq/sla/slatest"; var x = slatest.X`,
	}
	for name, src := range bad {
		found, err := impurities(name+".go", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(found) == 0 {
			t.Errorf("%s: not reported: %s", name, src)
		}
	}
	good := `package p
import (
	"time"
	"github.com/expr-lang/expr"
	"github.com/shopspring/decimal"
	"github.com/servq/servq/quality"
)
func f(now time.Time, a, b decimal.Decimal) (time.Time, decimal.Decimal) {
	_ = expr.Compile
	_ = quality.Kind(0)
	return now.Add(time.Hour), a.DivRound(b, 16)
}`
	found, err := impurities("good.go", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 0 {
		t.Errorf("pure source reported: %v", found)
	}
}
