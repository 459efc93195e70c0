package appraisal

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/servq/servq/quality"
)

// Tally counts successes and trials per subject (satisfied callbacks over
// rated ones, per technician or provider) for ranking. It is an aggregate
// that merges: tallies of disjoint shards merged equal one tally of
// everything. It encodes to JSON with a "version" field.
//
// The zero Tally is empty and ready to use. A Tally is not safe for concurrent
// use.
type Tally struct {
	rates map[string]quality.Rate
}

// Add counts one trial for subject, a success or not.
func (t *Tally) Add(subject string, success bool) error {
	r := quality.Rate{Den: 1}
	if success {
		r.Num = 1
	}
	return t.AddRate(subject, r)
}

// AddRate counts r.Num successes in r.Den trials for subject. Negative counts,
// more successes than trials, an empty subject and counts that overflow int64
// are refused, and the tally is then unchanged.
func (t *Tally) AddRate(subject string, r quality.Rate) error {
	if subject == "" {
		return fmt.Errorf("%w: a tally entry needs a subject", ErrInvalidRanking)
	}
	if r.Num < 0 || r.Den < 0 || r.Num > r.Den {
		return fmt.Errorf("%w: subject %s: %v: want 0 ≤ successes ≤ trials", ErrInvalidRanking, subject, r)
	}
	sum, err := quality.MergeRates(t.rates[subject], r)
	if err != nil {
		return fmt.Errorf("%w: subject %s: %w", ErrInvalidRanking, subject, err)
	}
	if t.rates == nil {
		t.rates = map[string]quality.Rate{}
	}
	t.rates[subject] = sum
	return nil
}

// Merge adds o's counts to t; o is unchanged. On overflow t is unchanged.
func (t *Tally) Merge(o *Tally) error {
	sums := make(map[string]quality.Rate, len(o.rates))
	for _, s := range sortedKeys(o.rates) {
		sum, err := quality.MergeRates(t.rates[s], o.rates[s])
		if err != nil {
			return fmt.Errorf("%w: subject %s: %w", ErrInvalidRanking, s, err)
		}
		sums[s] = sum
	}
	if t.rates == nil && len(sums) > 0 {
		t.rates = map[string]quality.Rate{}
	}
	for s, r := range sums {
		t.rates[s] = r
	}
	return nil
}

// Rate returns subject's successes over trials (0/0 for an unknown subject).
func (t *Tally) Rate(subject string) quality.Rate { return t.rates[subject] }

// Entries returns one ranking entry per subject, sorted by subject.
func (t *Tally) Entries() []Entry {
	subjects := sortedKeys(t.rates)
	out := make([]Entry, len(subjects))
	for i, s := range subjects {
		out[i] = Entry{Subject: s, Rate: t.rates[s]}
	}
	return out
}

const tallyVersion = 1

type tallyJSON struct {
	Version  *int          `json:"version"`
	Subjects []tallyRecord `json:"subjects"`
}

type tallyRecord struct {
	Subject string       `json:"subject"`
	Rate    quality.Rate `json:"rate"`
}

// MarshalJSON encodes the tally as {"version":1,"subjects":[...]}, sorted by
// subject.
func (t *Tally) MarshalJSON() ([]byte, error) {
	v := tallyVersion
	w := tallyJSON{Version: &v, Subjects: []tallyRecord{}}
	for _, e := range t.Entries() {
		w.Subjects = append(w.Subjects, tallyRecord{e.Subject, e.Rate})
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes a tally written by MarshalJSON, refusing unknown
// fields, other versions, duplicate subjects and impossible counts.
func (t *Tally) UnmarshalJSON(data []byte) error {
	var w tallyJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("appraisal: tally: %w", err)
	}
	if w.Version == nil || *w.Version != tallyVersion {
		return fmt.Errorf("%w: tally version %v (want %d)", ErrVersion, deref(w.Version), tallyVersion)
	}
	var n Tally
	for _, rec := range w.Subjects {
		if _, dup := n.rates[rec.Subject]; dup {
			return fmt.Errorf("%w: tally: subject %s listed twice", ErrInvalidRanking, rec.Subject)
		}
		if err := n.AddRate(rec.Subject, rec.Rate); err != nil {
			return err
		}
	}
	*t = n
	return nil
}
