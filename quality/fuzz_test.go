package quality

import (
	"errors"
	"strings"
	"testing"
)

var sentinels = []error{ErrSyntax, ErrUnknownName, ErrType, ErrResultKind, ErrUnsafe, ErrLimit,
	ErrDivisionByZero, ErrMissingFact, ErrFactType}

// checkRuleError fails unless err is a positioned *Error or ErrorList whose
// errors each wrap a sentinel.
func checkRuleError(t *testing.T, src string, err error) {
	t.Helper()
	var list []*Error
	var e *Error
	var l ErrorList
	switch {
	case errors.As(err, &l):
		list = l
	case errors.As(err, &e):
		list = []*Error{e}
	default:
		t.Fatalf("Compile(%q) = %T %v, want *Error or ErrorList", src, err, err)
	}
	for _, e := range list {
		if e.Line < 1 || e.Column < 1 {
			t.Fatalf("Compile(%q): error without a place: %v", src, e)
		}
		known := false
		for _, s := range sentinels {
			known = known || errors.Is(e, s)
		}
		if !known {
			t.Fatalf("Compile(%q): error wraps no sentinel: %v", src, e)
		}
		if strings.Contains(e.Message, "internal error") {
			t.Fatalf("Compile(%q): %v", src, e)
		}
	}
}

// FuzzCompile compiles arbitrary text: it must never panic or hang, must
// refuse with positioned errors, and a rule it accepts must evaluate without
// panicking.
func FuzzCompile(f *testing.F) {
	seeds := []string{
		"satisfied / rated >= 0.9 && rated >= 30",
		"satisfied / rated >= 0.98",
		"answered15s / calls >= 0.85",
		`round(reward * tens - penalty * dissatisfied + fee * 0.05, 2, "half_up")`,
		`called - received <= duration("20m")`,
		`count(tags, # startsWith "re") > 0 && kind in ["repair", "install"]`,
		`let r = satisfied / rated; if vip { r >= 0.98 } else { r >= 0.9 }`,
		`kind + ":" + upper(trim(kind)) != ""`,
		`fee * (0.1 + 0.2) == 3.75`,
		`all(1..10, # * rated > 0)`,
		"kind == \"维修\" && 名字",
	}
	for _, h := range hostileRules {
		s := h.rule
		if len(s) > 4000 {
			s = s[:4000]
		}
		seeds = append(seeds, s)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	kinds := []Kind{KindBool, KindDecimal, KindDuration, KindTime, KindString}
	f.Fuzz(func(t *testing.T, src string) {
		for _, k := range kinds {
			r, err := Compile(src, callbackSchema, k)
			if err != nil {
				checkRuleError(t, src, err)
				continue
			}
			_, err = r.Eval(july())
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("Eval(%q) = %T %v, want *Error", src, err, err)
				}
			}
		}
	})
}
