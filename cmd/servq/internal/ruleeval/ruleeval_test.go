package ruleeval

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

var schema = quality.MustSchema(
	quality.Field{Name: "satisfied", Kind: quality.KindInt},
	quality.Field{Name: "rated", Kind: quality.KindInt},
	quality.Field{Name: "fee", Kind: quality.KindDecimal},
	quality.Field{Name: "tags", Kind: quality.KindStrings},
	quality.Field{Name: "note", Kind: quality.KindString},
)

// flat lists a tree as "text = value" or "text (note)", depth first.
func flat(n *Node) []string {
	line := n.Text
	if n.Value != "" {
		line += " = " + n.Value
	} else if n.Note != "" {
		line += " (" + n.Note + ")"
	}
	out := []string{line}
	for _, c := range n.Children {
		out = append(out, flat(c)...)
	}
	return out
}

func TestExplain(t *testing.T) {
	tests := []struct {
		rule  string
		facts quality.Facts
		want  []string
	}{
		{"satisfied / rated >= 0.9 && rated >= 30", quality.Facts{"satisfied": 28, "rated": 30}, []string{
			"satisfied / rated >= 0.9 && rated >= 30 = true",
			"satisfied / rated >= 0.9 = true", "satisfied / rated = 0.9333333333333333", "satisfied = 28", "rated = 30", "0.9 (literal)",
			"rated >= 30 = true", "rated = 30", "30 (literal)",
		}},
		{"rated > 0 && satisfied / rated >= 0.9", quality.Facts{"satisfied": 0, "rated": 0}, []string{
			"rated > 0 && satisfied / rated >= 0.9 = false",
			"rated > 0 = false", "rated = 0", "0 (literal)",
			"satisfied / rated >= 0.9 (not reached: an operand before it is false)",
			"satisfied / rated (not reached: an operand before it is false)",
			"satisfied (not reached: an operand before it is false)",
			"rated (not reached: an operand before it is false)",
			"0.9 (literal)",
		}},
		{`round(fee * 1.1, 2, "half_up") + (rated > 0 ? 1 : 0)`, quality.Facts{"fee": decimal.RequireFromString("10.05"), "rated": 1}, []string{
			`round(fee * 1.1, 2, "half_up") + (rated > 0 ? 1 : 0) = 12.06`,
			`round(fee * 1.1, 2, "half_up") = 11.06`, "fee * 1.1 = 11.055", "fee = 10.05", "1.1 (literal)", "2 (literal)", `"half_up" (literal)`,
			"(rated > 0 ? 1 : 0) = 1", "rated > 0 = true", "rated = 1", "0 (literal)", "1 (literal)", "0 (literal)",
		}},
		{`any(tags, # == "vip") || note == "春节"`, quality.Facts{"tags": []string{"vip"}, "note": "春节"}, []string{
			`any(tags, # == "vip") || note == "春节" = true`,
			`any(tags, # == "vip") = true`, `tags = ["vip"]`, `# == "vip" (evaluated for each element (#))`,
			`note == "春节" (not reached: an operand before it is true)`,
			`note (not reached: an operand before it is true)`, `"春节" (literal)`,
		}},
	}
	for _, tt := range tests {
		n, err := Explain(tt.rule, schema, tt.facts)
		if err != nil {
			t.Fatalf("%s: %v", tt.rule, err)
		}
		if diff := cmp.Diff(tt.want, flat(n)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.rule, diff)
		}
	}
}

func TestCompileKinds(t *testing.T) {
	for src, want := range map[string]quality.Kind{
		"rated >= 3":      quality.KindBool,
		"satisfied / 3":   quality.KindDecimal,
		`note + "!"`:      quality.KindString,
		`duration("20m")`: quality.KindDuration,
	} {
		r, err := Compile(src, schema, quality.KindInvalid)
		if err != nil || r.Result() != want {
			t.Errorf("Compile(%q) = %v, %v; want kind %v", src, r, err, want)
		}
	}
	if _, err := Compile("nope > 1", schema, quality.KindInvalid); err == nil {
		t.Error("an unknown name compiled")
	}
}
