package appraisal

import (
	"errors"
	"strings"
	"testing"

	"github.com/servq/servq/quality"
)

// fiveStar is the five-star employee rating [003]: attitude, skill,
// knowledge, volume, proactive sales and customer satisfaction. Attitude
// problems are zero tolerance [001]: each complaint costs 5 points, and five
// stars need attitude at full marks whatever the total.
func fiveStar() StarDef {
	return StarDef{
		Card: Card{ID: "five-star", Name: "five-star employee", Total: dec("100"), Missing: MissingZero, Items: []Item{
			{ID: "attitude", Points: dec("20"), Deduction: &Deduction{Per: dec("5")}},
			{ID: "skill", Points: dec("20"), Target: &quality.Target{Baseline: dec("0.8"), Challenge: dec("0.95"), Direction: quality.HigherIsBetter}},   // first-time-fix rate
			{ID: "knowledge", Points: dec("15"), Target: &quality.Target{Baseline: dec("60"), Challenge: dec("100"), Direction: quality.HigherIsBetter}}, // exam score
			{ID: "volume", Points: dec("15"), Target: &quality.Target{Baseline: dec("80"), Challenge: dec("120"), Direction: quality.HigherIsBetter}},    // orders a month
			{ID: "sales", Name: "proactive sales", Points: dec("10"), Target: &quality.Target{Baseline: dec("0"), Challenge: dec("5"), Direction: quality.HigherIsBetter}},
			{ID: "satisfaction", Points: dec("20"), Target: repairSatisfaction()},
		}},
		Bands: []StarBand{
			{Stars: 5, Min: dec("90"), Floors: []Floor{{Item: "attitude", Min: dec("20")}}},
			{Stars: 4, Min: dec("80")},
			{Stars: 3, Min: dec("70")},
			{Stars: 2, Min: dec("60")},
			{Stars: 1, Min: dec("0")},
		},
	}
}

func TestFiveStarEmployee(t *testing.T) {
	s, err := NewStarScale(fiveStar(), nil)
	if err != nil {
		t.Fatal(err)
	}
	best := Inputs{
		"attitude":     CountInput(0),
		"skill":        RateInput(19, 20),
		"knowledge":    ValueInput(dec("92")),
		"volume":       ValueInput(dec("130")),
		"sales":        ValueInput(dec("4")),
		"satisfaction": RateInput(49, 50),
	}
	tests := []struct {
		name  string
		edit  func(Inputs)
		stars int
		why   string
	}{
		{"excellent", func(Inputs) {}, 5, "5 stars: 95.00 points ≥ 90, every floor met"},
		{"one attitude complaint", func(in Inputs) { in["attitude"] = CountInput(1) }, 4, "4 stars: 90.00 points ≥ 80; missed 5 stars: attitude scored 15.00, below its floor 20"},
		{"average", func(in Inputs) {
			in["skill"] = RateInput(17, 20)
			in["satisfaction"] = RateInput(47, 50)
			in["sales"] = ValueInput(dec("1"))
		}, 2, "2 stars: 65.67 points ≥ 60"}, // 20 + 6.67 + 12 + 15 + 2 + 10
		{"no figures but attitude", func(in Inputs) {
			for k := range in {
				if k != "attitude" {
					delete(in, k)
				}
			}
		}, 1, "1 stars: 20.00 points ≥ 0; missed 5 stars need 90 points, 20.00 scored"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Inputs{}
			for k, v := range best {
				in[k] = v
			}
			tt.edit(in)
			got, err := s.Rate("T-0412", in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Stars != tt.stars || !strings.Contains(got.Why, tt.why) || got.Ruleset != s.Version() || got.Result.Ruleset != s.Scorecard().Version() {
				t.Errorf("stars %d (%s), want %d (%s)\n%s", got.Stars, got.Why, tt.stars, tt.why, got.Result.Tree.Text())
			}
		})
	}
}

func TestStarScaleErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*StarDef)
		want string
	}{
		{"no bands", func(d *StarDef) { d.Bands = nil }, "at least one band"},
		{"six stars", func(d *StarDef) { d.Bands[0].Stars = 6 }, "from 1 to 5"},
		{"out of order", func(d *StarDef) { d.Bands[1].Stars = 5 }, "most stars down"},
		{"more stars, fewer points", func(d *StarDef) { d.Bands[1].Min = dec("95") }, "never need fewer points"},
		{"floor on no item", func(d *StarDef) { d.Bands[0].Floors[0].Item = "manners" }, `"manners" is not an item`},
		{"min above the total", func(d *StarDef) { d.Bands[0].Min = dec("101") }, "outside [0, 100]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			def := fiveStar()
			tt.edit(&def)
			_, err := NewStarScale(def, nil)
			if !errors.Is(err, ErrInvalidCard) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
