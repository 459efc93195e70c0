package qualitytest

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// Diff returns the differences between want and got, one per line, each
// as the path of the value that differs and both values:
//
//	.Points: want 54.67, got 58
//	.Tree.Items[2]: want {ID:on-site ...}, got (missing)
//
// or "" when they are equal. opts are go-cmp options; none means Options().
//
// Unlike cmp.Diff, whose output changes from run to run on purpose, the text is
// stable: slices are compared index by index (an element inserted at the
// front shows as every later element changed) and map keys in cmp's sorted
// order. Values print with their String methods (decimals as 16.67, rates as
// 14/15, instants in RFC 3339 with their offset).
func Diff(want, got any, opts ...cmp.Option) string {
	if len(opts) == 0 {
		opts = []cmp.Option{Options()}
	}
	var r reporter
	cmp.Equal(want, got, cmp.Options(opts), byIndex, cmp.Reporter(&r))
	if len(r.lines) == 0 && !cmp.Equal(want, got, opts...) {
		// The index-by-index view hid the difference (a nil slice against an
		// empty one inside an ignored path, say): say so rather than nothing.
		return "values differ: " + format(reflect.ValueOf(want)) + " != " + format(reflect.ValueOf(got))
	}
	return strings.Join(r.lines, "\n")
}

// ExpectEqual reports through tb, with Diff's text, when got differs from want,
// and returns whether they are equal. what names the value in the message
// ("T-0412's result"). opts are go-cmp options; none means Options().
func ExpectEqual(tb TB, what string, want, got any, opts ...cmp.Option) bool {
	tb.Helper()
	if len(opts) == 0 {
		opts = []cmp.Option{Options()}
	}
	if cmp.Equal(want, got, opts...) {
		return true
	}
	tb.Errorf("%s differs from what was expected:\n%s", what, indent(Diff(want, got, opts...), "    "))
	return false
}

// indexed is a slice as Diff sees it: its elements by index. A nil slice is a
// nil map, so that nil and empty slices still differ.
type indexed map[int]any

// byIndex compares slices index by index, so that Diff's text does not depend
// on go-cmp's (deliberately randomised) alignment of slice elements.
var byIndex = cmp.FilterValues(func(x, y any) bool {
	vx, vy := reflect.ValueOf(x), reflect.ValueOf(y)
	return vx.IsValid() && vy.IsValid() && vx.Kind() == reflect.Slice && vx.Type() == vy.Type()
}, cmp.Transformer("byIndex", func(x any) indexed {
	v := reflect.ValueOf(x)
	if v.IsNil() {
		return nil
	}
	m := make(indexed, v.Len())
	for i := 0; i < v.Len(); i++ {
		m[i] = v.Index(i).Interface()
	}
	return m
}))

// reporter collects one line per leaf that differs.
type reporter struct {
	path  cmp.Path
	lines []string
}

func (r *reporter) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }
func (r *reporter) PopStep()                 { r.path = r.path[:len(r.path)-1] }

func (r *reporter) Report(rs cmp.Result) {
	if rs.Equal() {
		return
	}
	vx, vy := r.path.Last().Values()
	r.lines = append(r.lines, fmt.Sprintf("%s: want %s, got %s", pathString(r.path), format(vx), format(vy)))
}

func pathString(p cmp.Path) string {
	var b strings.Builder
	for i, s := range p {
		switch s := s.(type) {
		case cmp.StructField:
			b.WriteString("." + s.Name())
		case cmp.SliceIndex:
			if k := s.Key(); k >= 0 {
				b.WriteString("[" + strconv.Itoa(k) + "]")
			} else {
				x, y := s.SplitKeys()
				fmt.Fprintf(&b, "[%d->%d]", x, y)
			}
		case cmp.MapIndex:
			if i > 0 {
				if t, ok := p[i-1].(cmp.Transform); ok && t.Name() == "byIndex" {
					fmt.Fprintf(&b, "[%d]", s.Key().Interface())
					continue
				}
			}
			k := s.Key()
			if k.Kind() == reflect.String {
				b.WriteString("[" + strconv.Quote(k.String()) + "]")
			} else {
				b.WriteString("[" + format(k) + "]")
			}
		case cmp.Transform:
			if s.Name() != "byIndex" && i > 0 {
				b.WriteString("." + s.Name())
			}
		}
	}
	if b.Len() == 0 {
		return "(value)"
	}
	return b.String()
}

const maxValue = 240

// format prints a value for a difference line.
func format(v reflect.Value) string {
	if !v.IsValid() {
		return "(missing)"
	}
	var s string
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case nil:
			s = "nil"
		case time.Time:
			s = x.Format(time.RFC3339Nano)
		case string:
			s = strconv.Quote(x)
		case decimal.Decimal:
			s = x.StringFixed(max(0, -x.Exponent())) // the digits as stored: 200.00, not 200
		case indexed:
			if x == nil {
				s = "nil"
			} else {
				s = fmt.Sprintf("[%d elements]", len(x))
			}
		case fmt.Stringer:
			if v.Kind() == reflect.Pointer && v.IsNil() {
				s = "nil"
			} else {
				s = x.String()
			}
		case error:
			s = x.Error()
		default:
			if v.Kind() == reflect.Pointer && v.IsNil() {
				s = "nil"
			} else {
				s = fmt.Sprintf("%+v", x)
			}
		}
	} else {
		s = fmt.Sprintf("%+v", v)
	}
	if len(s) > maxValue {
		cut := maxValue
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
