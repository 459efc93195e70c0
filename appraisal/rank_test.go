package appraisal

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/quality"
)

func positions(rs []Ranked) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Subject
		if r.Position == 0 {
			out[i] += " (" + r.Reason + ")"
		}
	}
	return out
}

// smallSamples: a month of callbacks per technician. Few answers make raw
// rates noise [000]: 3 of 3 is "100%" and 14 of 15 "93.33%".
func smallSamples() []Entry {
	return []Entry{
		{Subject: "T-A", Rate: quality.Rate{Num: 3, Den: 3}},
		{Subject: "T-B", Rate: quality.Rate{Num: 95, Den: 100}},
		{Subject: "T-C", Rate: quality.Rate{Num: 14, Den: 15}},
		{Subject: "T-D", Rate: quality.Rate{Num: 1, Den: 1}},
		{Subject: "T-E", Rate: quality.Rate{}},
	}
}

func TestRankWilsonLowerBound(t *testing.T) {
	rs, err := Rank(smallSamples(), RankSpec{By: RankWilson, MinN: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"T-B", "T-C", "T-A", "T-D (insufficient sample: 1 < 3)", "T-E (insufficient sample: 0 < 3)"}
	if diff := cmp.Diff(want, positions(rs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Lower bounds at z = 1.96: 95/100 → 0.8882, 14/15 → 0.7018, 3/3 → 0.4385.
	for i, w := range []string{"0.8882", "0.7018", "0.4385"} {
		if got := rs[i].Stat.StringFixed(4); got != w && !strings.HasPrefix(rs[i].Stat.String(), w) {
			t.Errorf("%s: stat %s, want %s…", rs[i].Subject, rs[i].Stat, w)
		}
		if rs[i].Position != i+1 || rs[i].DecidedBy != map[bool]Decider{true: DecidedNone, false: DecidedScore}[i == 0] {
			t.Errorf("%s: position %d decided by %v", rs[i].Subject, rs[i].Position, rs[i].DecidedBy)
		}
	}
	// The bound is below the rate and conservative: 3/3 is not 100%.
	if rs[2].Stat.Cmp(dec("0.43849")) < 0 || rs[2].Stat.Cmp(dec("0.43850")) > 0 {
		t.Errorf("3/3 lower bound %s, want 0.43849… (3/6.8416)", rs[2].Stat)
	}
}

func TestRankWilsonUpperBoundWhenLowerIsBetter(t *testing.T) {
	// Complaint rates: 0 of 2 orders is not better than 1 of 100.
	rs, err := Rank([]Entry{
		{Subject: "few", Rate: quality.Rate{Num: 0, Den: 2}},
		{Subject: "many", Rate: quality.Rate{Num: 1, Den: 100}},
	}, RankSpec{By: RankWilson, Direction: quality.LowerIsBetter})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"many", "few"}, positions(rs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRankBetaShrinkage(t *testing.T) {
	// Prior: 90% satisfied, worth 20 answers (alpha 18, beta 2).
	rs, err := Rank(smallSamples(), RankSpec{By: RankBeta, Alpha: dec("18"), Beta: dec("2"), MinN: 1})
	if err != nil {
		t.Fatal(err)
	}
	// 95/100 → 113/120 = 0.9417; 14/15 → 32/35 = 0.9143; 3/3 → 21/23 = 0.9130;
	// 1/1 → 19/21 = 0.9048.
	want := []string{"T-B", "T-C", "T-A", "T-D", "T-E (insufficient sample: 0 < 1)"}
	if diff := cmp.Diff(want, positions(rs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := rs[2].Stat.StringFixed(4); got != "0.9130" {
		t.Errorf("3/3 shrunk to %s, want 0.9130 (21/23)", got)
	}
}

func TestRankTieBreaks(t *testing.T) {
	// Beta(1, 1): 1/2 and 2/4 both have posterior mean 1/2; the larger sample
	// goes first. Equal rates and samples fall back to subject order.
	rs, err := Rank([]Entry{
		{Subject: "Z", Rate: quality.Rate{Num: 1, Den: 2}},
		{Subject: "Y", Rate: quality.Rate{Num: 2, Den: 4}},
		{Subject: "X", Rate: quality.Rate{Num: 1, Den: 2}},
	}, RankSpec{By: RankBeta, Alpha: dec("1"), Beta: dec("1")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Y", "X", "Z"}, positions(rs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if rs[1].DecidedBy != DecidedSample || rs[2].DecidedBy != DecidedSubject {
		t.Errorf("decided by %v, %v", rs[1].DecidedBy, rs[2].DecidedBy)
	}
	// Scores: providers' monthly points; equal points, more orders first.
	rs, err = Rank([]Entry{
		{Subject: "P-1", Score: dec("86.5"), N: 20},
		{Subject: "P-2", Score: dec("91"), N: 3},
		{Subject: "P-3", Score: dec("86.5"), N: 40},
	}, RankSpec{By: RankScore, MinN: 5})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"P-3", "P-1", "P-2 (insufficient sample: 3 < 5)"}, positions(rs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRankRefusals(t *testing.T) {
	good := []Entry{{Subject: "A", Rate: quality.Rate{Num: 1, Den: 2}}}
	for _, tt := range []struct {
		entries []Entry
		spec    RankSpec
	}{
		{good, RankSpec{}},
		{good, RankSpec{By: RankBeta}},
		{good, RankSpec{By: RankWilson, Alpha: dec("1"), Beta: dec("1")}},
		{good, RankSpec{By: RankWilson, MinN: -1}},
		{good, RankSpec{By: RankWilson, Z: dec("-1")}},
		{[]Entry{{Subject: "A", Rate: quality.Rate{Num: 3, Den: 2}}}, RankSpec{By: RankWilson}},
		{[]Entry{{Subject: "A"}, {Subject: "A"}}, RankSpec{By: RankWilson}},
		{[]Entry{{Subject: ""}}, RankSpec{By: RankWilson}},
		{[]Entry{{Subject: "A", N: -1}}, RankSpec{By: RankScore}},
	} {
		if _, err := Rank(tt.entries, tt.spec); !errors.Is(err, ErrInvalidRanking) {
			t.Errorf("%+v %+v: err = %v", tt.entries, tt.spec, err)
		}
	}
}

func TestTallyFeedsTheRanking(t *testing.T) {
	var tl Tally
	// T-1: 9 of 10 satisfied ("only 10 counts"), T-2: 2 of 2.
	for i := range 10 {
		if err := tl.Add("T-1", i != 3); err != nil {
			t.Fatal(err)
		}
	}
	if err := tl.AddRate("T-2", quality.Rate{Num: 2, Den: 2}); err != nil {
		t.Fatal(err)
	}
	if tl.Rate("T-1") != (quality.Rate{Num: 9, Den: 10}) {
		t.Errorf("T-1 = %v", tl.Rate("T-1"))
	}
	rs, err := Rank(tl.Entries(), RankSpec{By: RankWilson})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"T-1", "T-2"}, positions(rs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	data, err := json.Marshal(&tl)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != `{"version":1,"subjects":[{"subject":"T-1","rate":{"num":9,"den":10}},{"subject":"T-2","rate":{"num":2,"den":2}}]}` {
		t.Errorf("JSON %s", data)
	}
	var back Tally
	if err := json.Unmarshal(data, &back); err != nil || !cmp.Equal(back.Entries(), tl.Entries()) {
		t.Errorf("round trip: %v %v", back.Entries(), err)
	}
	for _, bad := range []string{
		`{"version":2,"subjects":[]}`,
		`{"subjects":[]}`,
		`{"version":1,"subjects":[{"subject":"A","rate":{"num":3,"den":2}}]}`,
		`{"version":1,"subjects":[{"subject":"A","rate":{"num":1,"den":2}},{"subject":"A","rate":{"num":1,"den":2}}]}`,
	} {
		var x Tally
		if err := json.Unmarshal([]byte(bad), &x); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
	if err := tl.AddRate("T-3", quality.Rate{Num: -1, Den: 2}); !errors.Is(err, ErrInvalidRanking) {
		t.Errorf("negative count: %v", err)
	}
}
