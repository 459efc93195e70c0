package appraisal

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The parsers of outside input: a ledger, a line and a tally that a host
// stored, and a card that a policy file declared. Whatever the bytes, decoding
// must not panic, and what decodes must encode back to what decodes again.

func FuzzLedgerJSON(f *testing.F) {
	f.Add([]byte(`{"version":1,"currency":"CNY","lines":0,"total":"0","accounts":[],"reversed":[]}`))
	f.Add([]byte(`{"version":1,"currency":"CNY","lines":2,"total":"-150","accounts":[{"subject":"T-1","total":"-150","lines":2,"rules":[{"rule":"r","kind":"direct","lines":1,"amount":"-200"},{"rule":"r","kind":"linked","lines":1,"amount":"50"}]}],"reversed":[{"line":"a","by":"b"}]}`))
	f.Add([]byte(`{"version":2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var l Ledger
		if err := json.Unmarshal(data, &l); err != nil {
			return
		}
		out, err := json.Marshal(&l)
		if err != nil {
			t.Fatalf("decoded but cannot encode: %v", err)
		}
		var back Ledger
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		again, _ := json.Marshal(&back)
		if string(again) != string(out) {
			t.Fatalf("not stable:\n%s\n%s", out, again)
		}
		// The decoded ledger is usable: merging it into an empty one gives it back.
		m, _ := NewLedger(l.Currency())
		if err := m.Merge(&l); err != nil {
			t.Fatal(err)
		}
		if merged, _ := json.Marshal(m); string(merged) != string(out) {
			t.Fatalf("merge into empty:\n%s\n%s", merged, out)
		}
	})
}

func FuzzLineJSON(f *testing.F) {
	lines, _ := MustPoster(incentives()).Post(Event{ID: "E", Kind: "callback_dissatisfied", Subject: "T", At: day(2024, 6, 3, 0, 0, 0), Linked: []Link{{Role: "county-manager", Subject: "C"}}})
	for _, l := range lines {
		b, _ := json.Marshal(l)
		f.Add(b)
	}
	f.Add([]byte(`{"version":1,"kind":"reversal","round":{"mode":"floor","places":3}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var l Line
		if err := json.Unmarshal(data, &l); err != nil {
			return
		}
		out, err := json.Marshal(l)
		if err != nil {
			return // a decoded zero enum (kind, mode) does not encode: refused, not panicking
		}
		var back Line
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if !cmp.Equal(l, back) {
			t.Fatalf("round trip: %s", cmp.Diff(l, back))
		}
	})
}

func FuzzTallyJSON(f *testing.F) {
	f.Add([]byte(`{"version":1,"subjects":[{"subject":"T-1","rate":{"num":9,"den":10}}]}`))
	f.Add([]byte(`{"version":1,"subjects":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var tl Tally
		if err := json.Unmarshal(data, &tl); err != nil {
			return
		}
		out, err := json.Marshal(&tl)
		if err != nil {
			t.Fatal(err)
		}
		var back Tally
		if err := json.Unmarshal(out, &back); err != nil || !cmp.Equal(back.Entries(), tl.Entries()) {
			t.Fatalf("round trip of %s: %v", out, err)
		}
		if _, err := Rank(tl.Entries(), RankSpec{By: RankWilson}); err != nil {
			t.Fatalf("a decoded tally does not rank: %v", err)
		}
	})
}

// FuzzScorecardJSON decodes a card as a policy loader would, compiles it and
// scores a subject with no inputs: errors are fine, panics are not.
func FuzzScorecardJSON(f *testing.F) {
	for _, c := range []Card{halfYearCard(), provincialCard(false), fiveStar().Card} {
		b, _ := json.Marshal(c)
		f.Add(b)
	}
	f.Add([]byte(`{"id":"c","total":"10","missing":"redistribute","normalize":true,"items":[{"id":"a","points":"3","deduction":{"per":"1"}},{"id":"b","weight":"0.5","checklist":{"checks":["x"],"mode":"all"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Card
		if err := json.Unmarshal(data, &c); err != nil {
			return
		}
		s, err := NewScorecard(c, provincialSchema())
		if err != nil {
			return
		}
		in := Inputs{}
		for _, id := range s.ItemIDs() {
			switch s.Method(id) {
			case MethodDeduction:
				in[id] = CountInput(2)
			case MethodLinear, MethodSteps:
				in[id] = RateInput(9, 10)
			}
		}
		r, err := s.Score("s", in)
		if err != nil {
			return
		}
		if r.Points.Sign() < 0 || r.Points.Cmp(r.Max) > 0 {
			t.Fatalf("points %s outside [0, %s]", r.Points, r.Max)
		}
	})
}
