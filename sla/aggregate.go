package sla

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"github.com/servq/servq/quality"
)

// WithinVersion is the version of the JSON form of a [Within].
const WithinVersion = 1

// ErrWithin is wrapped by the errors of [Within]: a limit that is not
// positive, a negative wait, merging aggregates with different limits, a
// count overflow, or bad JSON.
var ErrWithin = errors.New("sla: within aggregate")

// Within is the share of a population of waits that ended within a limit:
// the hotline's calls answered by a person within 15 seconds (target 85%),
// customers called within 20 minutes, hall visitors served within 15
// minutes. It keeps exact counts in a [quality.Rate] (Num: within the
// limit, Den: all), so that aggregates of shards (hours, agents, servers)
// merge into exactly the aggregate of one pass over all waits.
//
// A wait exactly at the limit is within it. A Within is a value: its methods
// return new values. The zero Within has no limit and is not usable; build
// one with [NewWithin].
//
// In JSON: {"version":1,"limit_ns":15000000000,"rate":{"num":17,"den":20}}.
type Within struct {
	Limit time.Duration // the longest wait that counts as within, > 0
	Rate  quality.Rate  // waits within the limit / all waits
}

// NewWithin returns an empty aggregate for the limit.
func NewWithin(limit time.Duration) (Within, error) {
	if limit <= 0 {
		return Within{}, errorf("%w: limit %v, want > 0", ErrWithin, limit)
	}
	return Within{Limit: limit}, nil
}

// Observe counts one wait that ended after wait (a call answered after 12
// seconds). A negative wait is refused.
func (w Within) Observe(wait time.Duration) (Within, error) {
	if err := w.valid(); err != nil {
		return w, err
	}
	if wait < 0 {
		return w, errorf("%w: negative wait %v", ErrWithin, wait)
	}
	add := quality.Rate{Den: 1}
	if wait <= w.Limit {
		add.Num = 1
	}
	return w.add(add)
}

// Miss counts one wait that never ended (a caller who hung up before a person
// answered): it is in the population and not within the limit.
func (w Within) Miss() (Within, error) {
	if err := w.valid(); err != nil {
		return w, err
	}
	return w.add(quality.Rate{Den: 1})
}

// Merge returns the aggregate of two disjoint populations with the same
// limit; merging shards in any order or grouping gives the counts of one
// pass. Different limits are refused.
func (w Within) Merge(o Within) (Within, error) {
	if err := w.valid(); err != nil {
		return w, err
	}
	if o.Limit != w.Limit {
		return w, errorf("%w: cannot merge limits %v and %v", ErrWithin, w.Limit, o.Limit)
	}
	return w.add(o.Rate)
}

func (w Within) add(r quality.Rate) (Within, error) {
	m, err := quality.MergeRates(w.Rate, r)
	if err != nil {
		return w, errorf("%w: %w", ErrWithin, err)
	}
	w.Rate = m
	return w, nil
}

func (w Within) valid() error {
	if w.Limit <= 0 {
		return errorf("%w: limit %v, want > 0 (build it with NewWithin)", ErrWithin, w.Limit)
	}
	return nil
}

// Meets reports whether the share reaches the target share exactly (85 of
// 100 calls within 15 s meets 85%: quality.Rate{Num: 85, Den: 100}). An
// empty population meets no target.
func (w Within) Meets(target quality.Rate) bool {
	return w.Rate.Defined() && target.Defined() && w.Rate.Cmp(target) >= 0
}

type withinJSON struct {
	Version int           `json:"version"`
	LimitNs *int64        `json:"limit_ns"`
	Rate    *quality.Rate `json:"rate"`
}

// MarshalJSON encodes the aggregate with its version.
func (w Within) MarshalJSON() ([]byte, error) {
	l := int64(w.Limit)
	return json.Marshal(withinJSON{Version: WithinVersion, LimitNs: &l, Rate: &w.Rate})
}

// UnmarshalJSON decodes an aggregate, refusing unknown fields, another
// version, a missing or non-positive limit and a missing rate.
func (w *Within) UnmarshalJSON(b []byte) error {
	var v withinJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return errorf("%w: %v", ErrWithin, err)
	}
	switch {
	case v.Version != WithinVersion:
		return errorf("%w: version %d, want %d", ErrWithin, v.Version, WithinVersion)
	case v.LimitNs == nil || *v.LimitNs <= 0:
		return errorf("%w: missing or non-positive limit_ns", ErrWithin)
	case v.Rate == nil:
		return errorf("%w: missing rate", ErrWithin)
	case v.Rate.Num > v.Rate.Den:
		return errorf("%w: more waits within the limit than waits (%v)", ErrWithin, *v.Rate)
	}
	*w = Within{Limit: time.Duration(*v.LimitNs), Rate: *v.Rate}
	return nil
}
