package sla

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/quality"
	"pgregory.net/rapid"
)

// TestWithinHotline: 85% of calls answered by a person within 15 seconds.
func TestWithinHotline(t *testing.T) {
	w, err := NewWithin(15 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// 17 calls within 15 s (15 s exactly counts), 2 later, 1 abandoned.
	for i := range 17 {
		if w, err = w.Observe(time.Duration(i) * time.Second * 15 / 16); err != nil {
			t.Fatal(err)
		}
	}
	w, _ = w.Observe(15 * time.Second)
	w, _ = w.Observe(15*time.Second + time.Millisecond)
	w, _ = w.Miss()
	if w.Rate != (quality.Rate{Num: 18, Den: 20}) {
		t.Fatalf("rate %v, want 18/20", w.Rate)
	}
	if !w.Meets(quality.Rate{Num: 85, Den: 100}) || w.Meets(quality.Rate{Num: 91, Den: 100}) {
		t.Errorf("Meets wrong for %v", w.Rate)
	}
	if got := w.Rate.Percent(2, quality.HalfUp); got != "90.00%" {
		t.Errorf("percent %s", got)
	}
	empty, _ := NewWithin(15 * time.Second)
	if empty.Meets(quality.Rate{Num: 85, Den: 100}) {
		t.Errorf("an empty day meets the target")
	}
}

func TestWithinErrors(t *testing.T) {
	if _, err := NewWithin(0); !errors.Is(err, ErrWithin) {
		t.Errorf("zero limit: %v", err)
	}
	w, _ := NewWithin(15 * time.Second)
	if _, err := w.Observe(-time.Second); !errors.Is(err, ErrWithin) {
		t.Errorf("negative wait: %v", err)
	}
	o, _ := NewWithin(20 * time.Second)
	if _, err := w.Merge(o); !errors.Is(err, ErrWithin) {
		t.Errorf("different limits: %v", err)
	}
	if _, err := (Within{}).Observe(time.Second); !errors.Is(err, ErrWithin) {
		t.Errorf("zero Within: %v", err)
	}
	big := Within{Limit: time.Second, Rate: quality.Rate{Num: 1, Den: 1<<63 - 1}}
	if _, err := big.Miss(); !errors.Is(err, ErrWithin) || !errors.Is(err, quality.ErrRateOverflow) {
		t.Errorf("overflow: %v", err)
	}
	for _, bad := range []string{
		`{"version":2,"limit_ns":1,"rate":{"num":0,"den":0}}`,
		`{"version":1,"rate":{"num":0,"den":0}}`,
		`{"version":1,"limit_ns":0,"rate":{"num":0,"den":0}}`,
		`{"version":1,"limit_ns":1}`,
		`{"version":1,"limit_ns":1,"rate":{"num":3,"den":2}}`,
		`{"version":1,"limit_ns":1,"rate":{"num":0,"den":0},"x":1}`,
		`{"version":1,"limit_ns":1,"rate":{"num":-1,"den":0}}`,
	} {
		var w Within
		if err := w.UnmarshalJSON([]byte(bad)); !errors.Is(err, ErrWithin) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestWithinMergeProperty: any split of the waits into shards, merged in
// any order, equals one pass; and the aggregate round-trips through JSON.
func TestWithinMergeProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		limit := time.Duration(rapid.Int64Range(1, 60).Draw(t, "limit")) * time.Second
		waits := rapid.SliceOf(rapid.Int64Range(-1, 90_000)).Draw(t, "waits") // ms; -1 is a missed call
		add := func(w Within, ms int64) Within {
			var err error
			if ms < 0 {
				w, err = w.Miss()
			} else {
				w, err = w.Observe(time.Duration(ms) * time.Millisecond)
			}
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		one, _ := NewWithin(limit)
		for _, ms := range waits {
			one = add(one, ms)
		}
		shards := rapid.IntRange(1, 5).Draw(t, "shards")
		parts := make([]Within, shards)
		for i := range parts {
			parts[i], _ = NewWithin(limit)
		}
		for _, ms := range waits {
			k := rapid.IntRange(0, shards-1).Draw(t, "shard")
			parts[k] = add(parts[k], ms)
		}
		order := rapid.Permutation(parts).Draw(t, "order")
		merged, _ := NewWithin(limit)
		for _, p := range order {
			var err error
			if merged, err = merged.Merge(p); err != nil {
				t.Fatal(err)
			}
		}
		if merged != one {
			t.Fatalf("merged %v, one pass %v", merged.Rate, one.Rate)
		}
		b, err := json.Marshal(one)
		if err != nil {
			t.Fatal(err)
		}
		var back Within
		if err := json.Unmarshal(b, &back); err != nil || back != one {
			t.Fatalf("round trip %s: %v %v", b, back, err)
		}
		if !strings.HasPrefix(string(b), `{"version":1,`) {
			t.Fatalf("JSON %s", b)
		}
	})
}
