package survey

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAggregateJSON: decoding outside JSON never panics, and whatever is
// accepted encodes back to JSON that decodes to an equal aggregate and is
// then byte-stable.
func FuzzAggregateJSON(f *testing.F) {
	a := NewAggregate(MustScale(SMS("A", "B")))
	for _, r := range []string{"A", "b", "C", "", "x"} {
		a.AddReply(MustGroup("technician", "T017", "day", "2025-07-01"), r)
	}
	seed, _ := json.Marshal(a)
	f.Add(seed)
	f.Add([]byte(`{"version":1,"scale":{"name":"nps","points":["0","1"],"satisfied":["1"],"promoters":["1"],"detractors":["0"],"blank":"unsatisfied","unrecognized":"exclude"},"groups":[{"group":"","not_rated":1,"blank":0,"unrecognized":0,"points":[2,3]}]}`))
	f.Add([]byte(`{"version":1,"scale":null,"groups":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Aggregate
		if err := json.Unmarshal(data, &a); err != nil {
			return
		}
		b, err := json.Marshal(&a)
		if err != nil {
			t.Fatalf("accepted %s but cannot encode it: %v", data, err)
		}
		var back Aggregate
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(&a) {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		b2, _ := json.Marshal(&back)
		if !bytes.Equal(b, b2) {
			t.Fatalf("not byte-stable:\n%s\n%s", b, b2)
		}
	})
}

// FuzzRulesetJSON: decoding a policy file never panics; an accepted spec
// either builds a ruleset or is refused with an error, and a built ruleset's
// spec round-trips to the same hash.
func FuzzRulesetJSON(f *testing.F) {
	seed, _ := json.Marshal(operatorSpec("0.2"))
	f.Add(seed)
	f.Add([]byte(`{"version":1,"seed":"s","rules":[{"id":"r","layer":"rate","when":"order_type == \"repair\"","rate":"0.5"}],"quota":{"daily_min":1,"monthly_above":"0.2"}}`))
	f.Add([]byte(`{"version":1,"seed":"s","rules":[{"id":"x","layer":"exclusion","when":"is_test ||","reason":"test_order","rate":0}],"quota":{"daily_min":0,"monthly_above":0}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var spec RulesetSpec
		if err := json.Unmarshal(data, &spec); err != nil {
			return
		}
		rs, err := NewRuleset(spec, factsSchema)
		if err != nil {
			return
		}
		b, err := json.Marshal(rs.Spec())
		if err != nil {
			t.Fatal(err)
		}
		var back RulesetSpec
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		rs2, err := NewRuleset(back, factsSchema)
		if err != nil || rs2.Hash() != rs.Hash() {
			t.Fatalf("rebuilt from %s: %v", b, err)
		}
	})
}
