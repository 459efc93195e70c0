package policy_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/servq/servq/policy"
)

// cheapCalendars matches a calendar definition with working hours in the
// sample policies: a built-in office or an inline week with its zone.
var cheapCalendars = regexp.MustCompile(`\{builtin: china-office-2025\}\n|\n    zone: Asia/Shanghai\n    week:\n      weekdays: .*\n    holidays: china-2025\n`)

// FuzzParse: Parse never panics; it returns either a policy with a hash or an
// ErrorList whose every error names the file, wraps a sentinel and has a
// message.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	shipped, _ := filepath.Glob("../examples/*/policy.yaml") // with run sections
	for _, name := range append(files, shipped...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		// Calendars with working hours are indexed over 50 years when they
		// compile, which under the fuzzer's instrumentation takes seconds:
		// the seeds keep every other section and use round-the-clock desks.
		src := cheapCalendars.ReplaceAllString(string(data), " {builtin: 24x7, zone: Asia/Shanghai}\n")
		f.Add([]byte(src))
	}
	for _, s := range []string{
		head + "clocks:\n  c:\n    start: ['event == \"x\" && raed > 0']\n    targets: [{name: s, calendar: desk, within: 1m}]\n",
		head + "machines:\n  m: {version: 1, initial: a, states: [{name: a}, {name: b, terminal: true}]}\n",
		"version: 1\nname: x\na: &a [1, *a]\n",
		"version: 1\nname: \"\\u00e9\"\nfacts: {x: int}\n",
		"version: 1\n---\nversion: 1\n",
	} {
		f.Add([]byte(s))
	}
	sentinels := []error{policy.ErrSyntax, policy.ErrVersion, policy.ErrUnknownKey, policy.ErrDuplicateKey,
		policy.ErrMissingKey, policy.ErrType, policy.ErrRule, policy.ErrReference, policy.ErrInvalid}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse("fuzz.yaml", data)
		if err == nil {
			if p == nil || p.Hash == "" || p.Schema == nil {
				t.Fatalf("no error and no usable policy")
			}
			return
		}
		var list policy.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error %T is not a non-empty ErrorList", err)
		}
		for _, e := range list {
			known := false
			for _, s := range sentinels {
				known = known || errors.Is(e.Err, s)
			}
			if !known || e.Message == "" || e.File == "" || e.Line < 0 || e.Column < 0 {
				t.Fatalf("malformed error %#v", e)
			}
			_ = e.Error()
		}
	})
}
