package survey

import (
	"errors"
	"testing"

	"pgregory.net/rapid"
)

func TestGroup(t *testing.T) {
	g := MustGroup("technician", "T017", "county", "Xinjian", "day", "2025-07-01")
	if got, want := g.String(), "county=Xinjian;day=2025-07-01;technician=T017"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if v, ok := g.Value("technician"); !ok || v != "T017" {
		t.Errorf("Value(technician) = %q, %v", v, ok)
	}
	if _, ok := g.Value("station"); ok {
		t.Error("Value(station) found")
	}
	if got := g.Project("county", "station").String(); got != "county=Xinjian" {
		t.Errorf("Project = %q", got)
	}
	if got := g.Without("day").String(); got != "county=Xinjian;technician=T017" {
		t.Errorf("Without = %q", got)
	}
	if !g.Has("day", "county") || g.Has("day", "station") {
		t.Error("Has is wrong")
	}
	odd := MustGroup("note", `a;b\c=d`)
	if got, want := odd.String(), `note=a\;b\\c=d`; got != want {
		t.Errorf("escaped String() = %q, want %q", got, want)
	}
	if v, _ := odd.Value("note"); v != `a;b\c=d` {
		t.Errorf("escaped Value = %q", v)
	}
	if !(Group{}).IsZero() || MustGroup().String() != "" {
		t.Error("empty group is not zero")
	}
	for _, bad := range [][]string{{"Technician", "x"}, {"1st", "x"}, {"a-b", "x"}, {"", "x"}, {"a", "x", "a", "y"}, {"a", "\xff"}, {"a"}} {
		if _, err := GroupOf(bad...); !errors.Is(err, ErrInvalidGroup) {
			t.Errorf("GroupOf(%q) = %v, want ErrInvalidGroup", bad, err)
		}
	}
	for _, bad := range []string{"a", "=x", "b=1;a=2", "a=1;a=2", `a=\x`, `a=x\`, "a=1;", ";a=1", "A=1", "a=\xff"} {
		if _, err := ParseGroup(bad); !errors.Is(err, ErrInvalidGroup) {
			t.Errorf("ParseGroup(%q) = %v, want ErrInvalidGroup", bad, err)
		}
	}
}

func genGroup() *rapid.Generator[Group] {
	return rapid.Custom(func(t *rapid.T) Group {
		names := rapid.SliceOfDistinct(rapid.SampledFrom([]string{"technician", "station", "county", "branch", "product_line", "order_type", "period", "day"}), rapid.ID[string]).Draw(t, "names")
		var dims []Dim
		for _, n := range names {
			dims = append(dims, Dim{n, rapid.StringOf(rapid.SampledFrom([]rune{'a', 'T', '0', '7', ';', '\\', '=', '县', ' '})).Draw(t, n)})
		}
		g, err := NewGroup(dims...)
		if err != nil {
			t.Fatal(err)
		}
		return g
	})
}

// A group's text form parses back to the same group with the same dimensions.
func TestGroupTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := genGroup().Draw(t, "g")
		back, err := ParseGroup(g.String())
		if err != nil || back != g {
			t.Fatalf("ParseGroup(%q) = %v, %v", g, back, err)
		}
		again, err := NewGroup(g.Dims()...)
		if err != nil || again != g {
			t.Fatalf("NewGroup(Dims()) = %v, %v", again, err)
		}
	})
}

// FuzzParseGroup: ParseGroup accepts only canonical text, which prints back
// unchanged and rebuilds from its dimensions.
func FuzzParseGroup(f *testing.F) {
	for _, s := range []string{"", "county=Xinjian;technician=T017", `note=a\;b\\c=d`, "a=", "a=1;b=", "b=1;a=2", `a=\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGroup(s)
		if err != nil {
			return
		}
		if g.String() != s {
			t.Fatalf("ParseGroup(%q).String() = %q", s, g.String())
		}
		again, err := NewGroup(g.Dims()...)
		if err != nil || again != g {
			t.Fatalf("NewGroup(Dims(%q)) = %v, %v", s, again, err)
		}
	})
}
