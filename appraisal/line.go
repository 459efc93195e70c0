package appraisal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Line is one money line of a ledger: who gets or pays how much, for which
// event, under which rule of which ruleset version, and how the amount was
// worked out. Lines are records that a host stores (an appeal reverses the
// stored lines); they encode to JSON with a "version" field.
//
// For a direct line Amount is Round applied to Raw = Units × Rate. For a
// linked line Raw = the source line's Amount × Share and Amount is Round
// applied to it, or ±Cap when that is smaller in absolute value (Cap is then
// set). A reversal line negates its source's Raw and Amount exactly and keeps
// its Rate, Share and Round: the original rate, whatever the tariff says now.
type Line struct {
	// ID is unique per line; derived from the event and rule IDs.
	ID   string   `json:"id"`
	Kind LineKind `json:"kind"`
	// Event and Rule are the event and money rule the line comes from;
	// Ruleset is the tariff's version hash.
	Event   string `json:"event"`
	Rule    string `json:"rule"`
	Ruleset string `json:"ruleset"`
	// Subject is who is paid (positive) or charged (negative).
	Subject string `json:"subject"`
	// Role is a linked manager's role; empty on direct lines.
	Role string `json:"role,omitempty"`
	// Source is the ID of the line a linked or reversal line derives from.
	Source string `json:"source,omitempty"`
	// At is the event's instant (a reversal's: the reversal's instant).
	At time.Time `json:"at"`
	// Effective is the From of the rate that priced the line (zero for a
	// rate in effect from the beginning).
	Effective time.Time `json:"effective,omitzero"`
	Units     int64     `json:"units"`
	// Rate is the amount per unit in effect at the event's instant.
	Rate decimal.Decimal `json:"rate"`
	// Share is a linked line's share of its source; zero otherwise.
	Share decimal.Decimal `json:"share,omitzero"`
	// Cap is set on a linked line whose amount the cap limited.
	Cap *decimal.Decimal `json:"cap,omitempty"`
	// Raw is the exact amount before rounding; Amount the rounded one.
	Raw      decimal.Decimal `json:"raw"`
	Amount   decimal.Decimal `json:"amount"`
	Currency string          `json:"currency"`
	// Round is the rule's rounding, which made Amount from Raw.
	Round Round `json:"round"`
	// Reason is why a reversal line reverses; zero on other lines.
	Reason Reason `json:"reason,omitempty"`
	// Reversal is the reversal's ID (an appeal number) on a reversal line.
	Reversal string `json:"reversal,omitempty"`
}

// Reversal undoes the lines of an event: an upheld appeal, or a complaint
// reclassified as not the subject's doing.
type Reversal struct {
	// ID identifies the reversal (the appeal's number); it is added to the
	// reversed lines' IDs.
	ID     string    `json:"id"`
	Reason Reason    `json:"reason"`
	At     time.Time `json:"at"`
}

// Reverse returns one reversal line per original line: the same subject,
// role, event, rule, ruleset, units, rate, share and rounding, with Raw and
// Amount negated, so that each original plus its reversal is exactly zero —
// at the original rate, even after the tariff has changed. Reverse the
// subject's line and its linked lines together: every line of the event is
// given back.
//
// The originals must be direct or linked lines (a reversal is not reversed
// again); the reversal needs an ID, a reason and an instant. The lines'
// IDs are the originals' followed by "/reversed:" and the reversal's ID.
// A [Ledger] refuses a second reversal of the same line.
func Reverse(original []Line, r Reversal) ([]Line, error) {
	switch {
	case r.ID == "":
		return nil, fmt.Errorf("%w: a reversal needs an id (the appeal's number)", ErrInvalidReversal)
	case !reasonNames.valid(uint8(r.Reason)):
		return nil, fmt.Errorf("%w: reversal %s: %v is not a reason (appeal_upheld, reclassified)", ErrInvalidReversal, r.ID, r.Reason)
	case r.At.IsZero():
		return nil, fmt.Errorf("%w: reversal %s has no instant", ErrInvalidReversal, r.ID)
	case len(original) == 0:
		return nil, fmt.Errorf("%w: reversal %s: no lines to reverse", ErrInvalidReversal, r.ID)
	}
	out := make([]Line, len(original))
	seen := make(map[string]bool, len(original))
	for i, l := range original {
		switch {
		case l.Kind != LineDirect && l.Kind != LineLinked:
			return nil, fmt.Errorf("%w: reversal %s: line %s is a %v line: only direct and linked lines are reversed", ErrInvalidReversal, r.ID, l.ID, l.Kind)
		case l.ID == "":
			return nil, fmt.Errorf("%w: reversal %s: a line without an id", ErrInvalidReversal, r.ID)
		case seen[l.ID]:
			return nil, fmt.Errorf("%w: reversal %s: line %s given twice", ErrAlreadyReversed, r.ID, l.ID)
		}
		seen[l.ID] = true
		rev := l
		rev.ID = l.ID + "/reversed:" + r.ID
		rev.Kind = LineReversal
		rev.Source = l.ID
		rev.At = r.At
		rev.Raw = l.Raw.Neg()
		rev.Amount = l.Amount.Neg()
		if l.Cap != nil {
			c := *l.Cap
			rev.Cap = &c
		}
		rev.Reason = r.Reason
		rev.Reversal = r.ID
		out[i] = rev
	}
	return out, nil
}

// lineVersion is the JSON format version of a Line.
const lineVersion = 1

// lineAlias has Line's fields without its methods.
type lineAlias Line

// MarshalJSON encodes the line with a "version" field (currently 1).
func (l Line) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Version int `json:"version"`
		lineAlias
	}{lineVersion, lineAlias(l)})
}

// UnmarshalJSON decodes a line written by MarshalJSON; unknown fields and
// other versions are refused.
func (l *Line) UnmarshalJSON(data []byte) error {
	var w struct {
		Version *int `json:"version"`
		lineAlias
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("appraisal: line: %w", err)
	}
	if w.Version == nil || *w.Version != lineVersion {
		return fmt.Errorf("%w: line version %v (want %d)", ErrVersion, deref(w.Version), lineVersion)
	}
	*l = Line(w.lineAlias)
	return nil
}

func deref(p *int) any {
	if p == nil {
		return "missing"
	}
	return *p
}
