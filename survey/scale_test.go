package survey

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// The operators' scales (DOMAIN §3) classify answers as the table says.
func TestStandardScales(t *testing.T) {
	tests := []struct {
		name      string
		spec      ScaleSpec
		reply     string
		satisfied bool
		class     string // "promoter", "passive", "detractor" or "" on scales without NPS
	}{
		// "10 is satisfied, 9 is not satisfied" [000]
		{"ten-point 10", TenPoint(), "10", true, ""},
		{"ten-point 9 is not satisfied", TenPoint(), "9", false, ""},
		{"ten-point 1", TenPoint(), "1", false, ""},
		// 4-level SMS, A very satisfied / B satisfied / C / D [002]
		{"sms A", SMS("A", "B"), "A", true, ""},
		{"sms b lower case", SMS("A", "B"), "b", true, ""},
		{"sms C", SMS("A", "B"), "C", false, ""},
		{"sms D", SMS("A", "B"), "D", false, ""},
		{"sms only A satisfied", SMS("A"), "B", false, ""},
		// NPS for business halls [001]
		{"nps 10", NPS(9, 6), "10", true, "promoter"},
		{"nps 9", NPS(9, 6), "9", true, "promoter"},
		{"nps 8", NPS(9, 6), "8", false, "passive"},
		{"nps 7", NPS(9, 6), "7", false, "passive"},
		{"nps 6", NPS(9, 6), "6", false, "detractor"},
		{"nps 0", NPS(9, 6), "0", false, "detractor"},
		{"nps stricter cut-offs 8", NPS(10, 7), "8", false, "passive"},
		{"nps stricter cut-offs 7", NPS(10, 7), "7", false, "detractor"},
		{"nps stricter cut-offs 9", NPS(10, 7), "9", false, "passive"},
		{"csat 4 top-2-box", CSAT(), "4", true, ""},
		{"csat 3", CSAT(), "3", false, ""},
		{"ces 5 top-3-box", CES(), "5", true, ""},
		{"ces 4", CES(), "4", false, ""},
		{"ces 7", CES(), "7", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewScale(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			a := s.Parse(tc.reply)
			if a.Kind() != Point {
				t.Fatalf("Parse(%q) = %v, want a point", tc.reply, a)
			}
			if got := s.Satisfied(a); got != tc.satisfied {
				t.Errorf("Satisfied(%q) = %v, want %v", tc.reply, got, tc.satisfied)
			}
			var tl Tally
			tl.Add(a)
			c := s.Count(tl)
			class := ""
			switch {
			case c.Promoters == 1:
				class = "promoter"
			case c.Detractors == 1:
				class = "detractor"
			case c.Passives == 1:
				class = "passive"
			}
			if class != tc.class {
				t.Errorf("class of %q = %q, want %q", tc.reply, class, tc.class)
			}
		})
	}
}

func TestParse(t *testing.T) {
	ten := MustScale(TenPoint())
	sms := MustScale(SMS("A", "B"))
	tests := []struct {
		scale *Scale
		reply string
		want  string // label, or "(blank)" / "(unrecognized)"
	}{
		{ten, "10", "10"},
		{ten, " 10 ", "10"},
		{ten, "\t10\n", "10"},
		{ten, "010", "10"},
		{ten, "１０", "10"},             // full-width digits from a phone keyboard
		{ten, "\u3000１０\u3000", "10"}, // ideographic spaces
		{ten, "9", "9"},
		{ten, "", "(blank)"},
		{ten, "   ", "(blank)"},
		{ten, "\u3000", "(blank)"},
		{ten, "0", "(unrecognized)"}, // the 10-point scale starts at 1
		{ten, "11", "(unrecognized)"},
		{ten, "9.5", "(unrecognized)"},
		{ten, "+10", "(unrecognized)"},
		{ten, "10分", "(unrecognized)"},
		{ten, "1 0", "(unrecognized)"},
		{sms, "A", "A"},
		{sms, "a", "A"},
		{sms, " b ", "B"},
		{sms, "Ｃ", "C"},
		{sms, "ｄ", "D"},
		{sms, "E", "(unrecognized)"},
		{sms, "AB", "(unrecognized)"},
		{sms, "满意", "(unrecognized)"},
		{sms, "\xff", "(unrecognized)"},
	}
	for _, tc := range tests {
		if got := tc.scale.Format(tc.scale.Parse(tc.reply)); got != tc.want {
			t.Errorf("%s: Parse(%q) = %s, want %s", tc.scale.Name(), tc.reply, got, tc.want)
		}
	}
}

// Parsing does not allocate for ASCII replies.
func TestParseNoAllocs(t *testing.T) {
	s := MustScale(TenPoint())
	for _, reply := range []string{" 10 ", "b", "9", "", "011"} {
		if n := testing.AllocsPerRun(100, func() { _ = s.Parse(reply) }); n != 0 {
			t.Errorf("Parse(%q) allocates %v times", reply, n)
		}
	}
}

func TestNewScaleErrors(t *testing.T) {
	mod := func(f func(*ScaleSpec)) ScaleSpec {
		s := TenPoint()
		f(&s)
		return s
	}
	tests := []struct {
		name string
		spec ScaleSpec
		want string
	}{
		{"no satisfied set", SMS(), "no answer is satisfied"},
		{"satisfied not a point", SMS("A", "E"), `satisfied answer "E" is not a point`},
		{"satisfied lower case", SMS("a"), `satisfied answer "a" is not a point`},
		{"satisfied twice", SMS("A", "A"), "listed twice"},
		{"nps overlap", NPS(6, 6), "both a promoter and a detractor"},
		{"nps promoters out of range", NPS(11, 6), `answer "11" is not a point`},
		{"nps detractors out of range", NPS(9, -1), `detractors answer "-1" is not a point`},
		{"blank undeclared", mod(func(s *ScaleSpec) { s.Blank = HandlingInvalid }), "blank reply"},
		{"unrecognized undeclared", mod(func(s *ScaleSpec) { s.Unrecognized = HandlingInvalid }), "unrecognized reply"},
		{"no name", mod(func(s *ScaleSpec) { s.Name = " " }), "needs a name"},
		{"one point", mod(func(s *ScaleSpec) { s.Points = []string{"10"} }), "1 points"},
		{"too many points", mod(func(s *ScaleSpec) { s.Points = numberLabels(0, 16) }), "17 points"},
		{"padded label", mod(func(s *ScaleSpec) { s.Points[0] = " 1" }), "not canonical"},
		{"leading zero label", mod(func(s *ScaleSpec) { s.Points[0] = "01" }), "not canonical"},
		{"full-width label", mod(func(s *ScaleSpec) { s.Points[0] = "１" }), "not canonical"},
		{"case-equal labels", ScaleSpec{Name: "x", Points: []string{"a", "A"}, Satisfied: []string{"a"}, Blank: Exclude, Unrecognized: Exclude}, "same answer"},
		{"promoters without detractors", mod(func(s *ScaleSpec) { s.Promoters = []string{"10"} }), "both declared or both empty"},
	}
	for _, tc := range tests {
		_, err := NewScale(tc.spec)
		if !errors.Is(err, ErrInvalidScale) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want ErrInvalidScale containing %q", tc.name, err, tc.want)
		}
	}
}

func TestScaleJSON(t *testing.T) {
	for _, spec := range []ScaleSpec{TenPoint(), SMS("A", "B"), NPS(9, 6), CSAT(), CES()} {
		s := MustScale(spec)
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Scale
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !back.Equal(s) {
			t.Errorf("round trip of %s changed the scale", b)
		}
	}
	bad := []string{
		`{"name":"x","points":["A","B"],"satisfied":["A"],"blank":"exclude"}`,                                    // unrecognized missing
		`{"name":"x","points":["A","B"],"satisfied":["A"],"blank":"exclude","unrecognized":"count"}`,             // bad handling
		`{"name":"x","points":["A","B"],"satisfied":["A"],"blank":"exclude","unrecognized":"exclude","extra":1}`, // unknown field
	}
	for _, b := range bad {
		var s Scale
		if err := json.Unmarshal([]byte(b), &s); !errors.Is(err, ErrInvalidScale) {
			t.Errorf("Unmarshal(%s) = %v, want ErrInvalidScale", b, err)
		}
	}
}

func TestEnumStrings(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{HandlingInvalid.String(), "Handling(0)"},
		{Exclude.String(), "exclude"},
		{CountUnsatisfied.String(), "unsatisfied"},
		{AnswerKindInvalid.String(), "AnswerKind(0)"},
		{NotRated.String(), "not rated"},
		{Point.String(), "point"},
		{Answer{}.String(), "not rated"},
		{StatusInvalid.String(), "Status(0)"},
		{StatusInsufficient.String(), "insufficient_sample"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if _, err := HandlingInvalid.MarshalText(); err == nil {
		t.Error("HandlingInvalid encodes")
	}
	if _, err := StatusInvalid.MarshalText(); err == nil {
		t.Error("StatusInvalid encodes")
	}
}

// FuzzParse: parsing any reply never panics, gives a valid kind, and a point
// answer formats back to a label that parses to the same answer; the reply
// matches the label after normalization.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"A", "b", " 10 ", "１０", "", "\u3000", "010", "9.5", "\xff", "ｂ"} {
		f.Add(s)
	}
	scales := []*Scale{MustScale(TenPoint()), MustScale(SMS("A", "B")), MustScale(NPS(9, 6))}
	f.Fuzz(func(t *testing.T, reply string) {
		for _, s := range scales {
			a := s.Parse(reply)
			switch a.Kind() {
			case Blank:
				if normalize(reply) != "" {
					t.Fatalf("%q blank but normalizes to %q", reply, normalize(reply))
				}
			case Unrecognized:
				if normalize(reply) == "" {
					t.Fatalf("%q unrecognized but blank", reply)
				}
			case Point:
				label := s.Format(a)
				if !strings.EqualFold(normalize(reply), label) {
					t.Fatalf("%q parsed as %q", reply, label)
				}
				if s.Parse(label) != a {
					t.Fatalf("label %q does not parse back", label)
				}
			default:
				t.Fatalf("%q: kind %v", reply, a.Kind())
			}
			if normalize(normalize(reply)) != normalize(reply) {
				t.Fatalf("normalize not idempotent on %q", reply)
			}
		}
	})
}

var sinkAnswer Answer

// BenchmarkParse parses one reply on the 10-point scale.
func BenchmarkParse(b *testing.B) {
	s := MustScale(TenPoint())
	replies := []string{"10", " 10 ", "9", "010", "8", "", "10", "7", "x", "10\n"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkAnswer = s.Parse(replies[i%len(replies)])
	}
}
