package survey

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// Outcome is what the sampler decided for an order. The zero value,
// [OutcomeInvalid], is never returned.
type Outcome uint8

// The outcomes.
const (
	OutcomeInvalid Outcome = iota // not an outcome; the zero value
	Selected                      // "selected": call the customer back
	NotSelected                   // "not_selected": do not call (may still be added by a top-up)
	Excluded                      // "excluded": never call
)

var outcomeNames = [...]string{Selected: "selected", NotSelected: "not_selected", Excluded: "excluded"}

// String returns "selected", "not_selected" or "excluded", or "Outcome(0)".
func (o Outcome) String() string {
	if o >= Selected && o <= Excluded {
		return outcomeNames[o]
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// MarshalText encodes the outcome's name; [OutcomeInvalid] is an error.
func (o Outcome) MarshalText() ([]byte, error) {
	if o < Selected || o > Excluded {
		return nil, fmt.Errorf("%w: cannot encode %v", ErrInvalidJSON, o)
	}
	return []byte(outcomeNames[o]), nil
}

// UnmarshalText decodes an outcome's name.
func (o *Outcome) UnmarshalText(text []byte) error {
	for v := Selected; v <= Excluded; v++ {
		if string(text) == outcomeNames[v] {
			*o = v
			return nil
		}
	}
	return fmt.Errorf("%w: outcome %q", ErrInvalidJSON, text)
}

// Receipt says why an order was or was not selected, with everything needed
// to check the decision later: the layer and rule, the exclusion reason, the
// order's ticket and the rate it was compared with, and the period, seed and
// ruleset hash it was drawn under. Rerunning the same ruleset on the same
// order and facts gives the same receipt.
type Receipt struct {
	Layer   Layer  `json:"layer"`
	Rule    string `json:"rule,omitempty"`   // the deciding rule's id; empty for LayerDefault and LayerQuotaTop
	Reason  string `json:"reason,omitempty"` // the exclusion's reason code
	Why     string `json:"why"`              // in plain words, quoting the rule
	Stratum string `json:"stratum,omitempty"`
	// Ticket and Rate are the draw: set on LayerRate, LayerFloorTop and
	// LayerQuotaTop receipts, zero on the others.
	Ticket  Ticket          `json:"ticket"`
	Rate    decimal.Decimal `json:"rate"`
	Period  string          `json:"period"`
	Seed    string          `json:"seed"`
	Ruleset string          `json:"ruleset"` // Ruleset.Hash
}

// Decision is the sampler's verdict on one order, with its receipt. Hosts
// keep decisions as the audit trail of the callback list; in JSON a decision
// carries "version": DecisionVersion.
type Decision struct {
	Order   string  `json:"order"`
	Outcome Outcome `json:"outcome"`
	Receipt Receipt `json:"receipt"`
}

// DecisionVersion is the "version" written into a [Decision]'s JSON and the
// only one decoded.
const DecisionVersion = 1

type decisionFields Decision // without methods

// MarshalJSON encodes the decision with "version": DecisionVersion.
func (d Decision) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Version int `json:"version"`
		decisionFields
	}{DecisionVersion, decisionFields(d)})
}

// UnmarshalJSON decodes what MarshalJSON writes, refusing unknown fields and
// a missing or unknown version ([ErrVersion]).
func (d *Decision) UnmarshalJSON(data []byte) error {
	var v struct {
		Version *int `json:"version"`
		decisionFields
	}
	if err := decodeStrict(data, &v); err != nil {
		return fmt.Errorf("%w: decision: %w", ErrInvalidJSON, err)
	}
	if v.Version == nil || *v.Version != DecisionVersion {
		return fmt.Errorf("%w: decision version %s (want %d)", ErrVersion, versionText(v.Version), DecisionVersion)
	}
	*d = Decision(v.decisionFields)
	return nil
}

// Sampler applies a ruleset to the orders of one period (a month, such as
// "2025-07"). The period is part of every ticket, so each period draws afresh
// while a rerun of the same period draws the same sample. A Sampler is
// immutable and safe for concurrent use.
type Sampler struct {
	rs     *Ruleset
	period string
	draws  []Draw // one per rate rule, in order
	quota  Draw
}

// Period returns the sampler for a period. The strings are hashed once here,
// so that each decision hashes only the order id.
func (rs *Ruleset) Period(period string) *Sampler {
	s := &Sampler{rs: rs, period: period, quota: NewDraw(rs.spec.Seed, period, rs.spec.Quota.Stratum)}
	for _, r := range rs.layers[LayerRate-LayerExclusion] {
		s.draws = append(s.draws, NewDraw(rs.spec.Seed, period, r.stratum))
	}
	return s
}

// Ruleset returns the sampler's ruleset.
func (s *Sampler) Ruleset() *Ruleset { return s.rs }

// Period returns the sampler's period.
func (s *Sampler) Period() string { return s.period }

func (s *Sampler) receipt(l Layer) Receipt {
	return Receipt{Layer: l, Period: s.period, Seed: s.rs.spec.Seed, Ruleset: s.rs.hash}
}

// Decide decides one order from its facts (a quality.Facts map, or the
// struct the ruleset's schema was made from):
//
//  1. the first exclusion rule that matches excludes it;
//  2. otherwise the first mandatory rule that matches selects it;
//  3. otherwise the first rate rule that matches draws the order's ticket in
//     the rule's stratum and selects it when the ticket is below the rate;
//  4. otherwise it is not selected (LayerDefault).
//
// Rules after the deciding one are not evaluated. An error (wrapping
// [ErrEval] and the rule engine's error) means a condition could not be
// evaluated on these facts; no decision is made.
func (s *Sampler) Decide(orderID string, facts any) (Decision, error) {
	d := Decision{Order: orderID}
	for li := range s.rs.layers {
		for ri := range s.rs.layers[li] {
			r := &s.rs.layers[li][ri]
			ok, err := r.cond.EvalBool(facts)
			if err != nil {
				return Decision{}, fmt.Errorf("%w: order %q, rule %q: %w", ErrEval, orderID, r.id, err)
			}
			if !ok {
				continue
			}
			d.Receipt = s.receipt(r.layer)
			d.Receipt.Rule = r.id
			switch r.layer {
			case LayerExclusion:
				d.Outcome = Excluded
				d.Receipt.Reason = r.reason
				d.Receipt.Why = r.whyHit
			case LayerMandatory:
				d.Outcome = Selected
				d.Receipt.Why = r.whyHit
			case LayerRate:
				t := s.draws[ri].Ticket(orderID)
				d.Receipt.Stratum, d.Receipt.Ticket, d.Receipt.Rate = r.stratum, t, r.threshold.rate
				if r.threshold.Admits(t) {
					d.Outcome, d.Receipt.Why = Selected, r.whyHit
				} else {
					d.Outcome, d.Receipt.Why = NotSelected, r.whyMiss
				}
			}
			return d, nil
		}
	}
	d.Outcome = NotSelected
	d.Receipt = s.receipt(LayerDefault)
	d.Receipt.Why = "no rule matched: not sampled"
	return d, nil
}
