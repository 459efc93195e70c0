package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// RulesetVersion is the "version" a [RulesetSpec] carries, in Go and in JSON.
const RulesetVersion = 1

// Layer is the part of the sampling policy that decided an order. Rules
// belong to one of the first three; the others name decisions made without a
// rule of their own. The zero value, [LayerInvalid], is not a layer.
type Layer uint8

// The layers, in the order an order meets them.
const (
	LayerInvalid   Layer = iota // not a layer; the zero value
	LayerExclusion              // "exclusion": never called (test order, do-not-call, ...)
	LayerMandatory              // "mandatory": always called (new installations, complaints)
	LayerRate                   // "rate": called when its ticket is below the rule's rate
	LayerFloorTop               // "floor_top_up": added so that a rate rule reaches its floor over a closed population
	LayerQuotaTop               // "quota_top_up": added so that a technician's day reaches the daily minimum
	LayerDefault                // "default": no rule matched; not called
)

var layerNames = [...]string{
	LayerExclusion: "exclusion", LayerMandatory: "mandatory", LayerRate: "rate",
	LayerFloorTop: "floor_top_up", LayerQuotaTop: "quota_top_up", LayerDefault: "default",
}

// String returns the layer's name, such as "mandatory", or "Layer(0)".
func (l Layer) String() string {
	if l >= LayerExclusion && l <= LayerDefault {
		return layerNames[l]
	}
	return "Layer(" + strconv.Itoa(int(l)) + ")"
}

// MarshalText encodes the layer's name; [LayerInvalid] is an error.
func (l Layer) MarshalText() ([]byte, error) {
	if l < LayerExclusion || l > LayerDefault {
		return nil, fmt.Errorf("%w: cannot encode %v", ErrInvalidRuleset, l)
	}
	return []byte(layerNames[l]), nil
}

// UnmarshalText decodes a layer's name.
func (l *Layer) UnmarshalText(text []byte) error {
	for v := LayerExclusion; v <= LayerDefault; v++ {
		if string(text) == layerNames[v] {
			*l = v
			return nil
		}
	}
	return fmt.Errorf("%w: layer %q", ErrInvalidRuleset, text)
}

// Reason codes for exclusions used in the operators' policies. A rule may use
// any other code spelled the same way (lower case, digits, '_').
const (
	ReasonTestOrder     = "test_order"     // an order raised to test the system
	ReasonInternal      = "internal"       // the customer is the operator itself or staff
	ReasonDuplicate     = "duplicate"      // the same work raised twice
	ReasonRecentContact = "recent_contact" // the customer was called back within the last N days
	ReasonDoNotCall     = "do_not_call"    // the customer asked not to be called
)

// RuleSpec is one sampling rule: a condition on the order's facts, written in
// the quality rule language, and what happens to orders that meet it.
type RuleSpec struct {
	// ID names the rule in receipts: lower case, digits, '_' and '-'.
	ID string `json:"id"`
	// Layer is LayerExclusion, LayerMandatory or LayerRate.
	Layer Layer `json:"layer"`
	// When is a boolean quality rule over the order's facts, such as
	// `order_type == "repair"` or `days_since_last_callback < 30`.
	When string `json:"when"`
	// Rate is the share of matching orders a LayerRate rule calls back, from
	// 0 to 1 (0.2 for "at least 20% of repairs"). Zero on other layers.
	Rate decimal.Decimal `json:"rate"`
	// Reason is an exclusion's reason code, such as ReasonDoNotCall.
	// Required on LayerExclusion, empty on other layers.
	Reason string `json:"reason,omitempty"`
	// Stratum is the name a LayerRate rule's draws are made in; empty means
	// the rule's ID. Keep the stratum when renaming a rule to keep its picks.
	Stratum string `json:"stratum,omitempty"`
	// Doc explains the rule to auditors; it is quoted in receipts.
	Doc string `json:"doc,omitempty"`
}

// RulesetSpec is a sampling policy as data. See the package documentation
// for how an order goes through the layers.
type RulesetSpec struct {
	// Version must be RulesetVersion.
	Version int `json:"version"`
	// Name identifies the policy for people ("2025-07 callback policy").
	Name string `json:"name,omitempty"`
	// Seed is mixed into every ticket. Change it to draw a new sample; keep
	// it to rerun the same one. Required.
	Seed string `json:"seed"`
	// Rules are the rules in declaration order. Within a layer the first
	// matching rule decides.
	Rules []RuleSpec `json:"rules"`
	// Quota is the per-technician participation quota.
	Quota QuotaSpec `json:"quota"`
}

// UnmarshalJSON decodes a spec, refusing unknown fields and a version other
// than RulesetVersion ([ErrVersion]).
func (s *RulesetSpec) UnmarshalJSON(data []byte) error {
	type plain RulesetSpec
	var v struct {
		plain
		Version *int `json:"version"`
	}
	if err := decodeStrict(data, &v); err != nil {
		return fmt.Errorf("%w: ruleset: %w", ErrInvalidJSON, err)
	}
	if v.Version == nil || *v.Version != RulesetVersion {
		return fmt.Errorf("%w: ruleset version %s (want %d)", ErrVersion, versionText(v.Version), RulesetVersion)
	}
	*s = RulesetSpec(v.plain)
	s.Version = *v.Version
	return nil
}

// Ruleset is a checked, compiled sampling policy. It is immutable and safe for
// concurrent use. Make a [Sampler] for each period with [Ruleset.Period].
type Ruleset struct {
	spec   RulesetSpec
	schema *quality.Schema
	hash   string
	layers [3][]rule // exclusions, mandatory, rate, each in declaration order
}

type rule struct {
	id, reason, stratum string
	layer               Layer
	cond                *quality.Rule
	threshold           Threshold
	whyHit, whyMiss     string
}

// NewRuleset checks spec, compiles every rule's condition against the facts
// schema (the facts a host passes for each order) and returns the ruleset.
// Errors wrap [ErrInvalidRuleset]; each faulty rule is reported as a
// [*RuleError] (all of them, joined), whose cause for a condition is the
// rule engine's positioned error.
func NewRuleset(spec RulesetSpec, facts *quality.Schema) (*Ruleset, error) {
	if spec.Version != RulesetVersion {
		return nil, fmt.Errorf("%w: ruleset version %d (want %d)", ErrVersion, spec.Version, RulesetVersion)
	}
	if spec.Seed == "" {
		return nil, fmt.Errorf("%w: a ruleset needs a seed", ErrInvalidRuleset)
	}
	if facts == nil {
		return nil, fmt.Errorf("%w: no facts schema", ErrInvalidRuleset)
	}
	q, err := spec.Quota.normalized()
	if err != nil {
		return nil, err
	}
	spec.Quota = q
	spec.Rules = append([]RuleSpec(nil), spec.Rules...)
	rs := &Ruleset{spec: spec, schema: facts}
	var errs []error
	seen := map[string]bool{}
	for i := range spec.Rules {
		r := &spec.Rules[i]
		if r.Layer == LayerRate && r.Stratum == "" {
			r.Stratum = r.ID
		}
		c, err := compileRule(*r, facts)
		if err == nil && seen[r.ID] {
			err = fmt.Errorf("%w: id %q used twice", ErrInvalidRuleset, r.ID)
		}
		seen[r.ID] = true
		if err != nil {
			errs = append(errs, &RuleError{Index: i, Rule: r.ID, Err: err})
			continue
		}
		rs.layers[r.Layer-LayerExclusion] = append(rs.layers[r.Layer-LayerExclusion], c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	rs.hash = hashSpec(spec, facts)
	return rs, nil
}

func compileRule(r RuleSpec, facts *quality.Schema) (rule, error) {
	bad := func(format string, args ...any) (rule, error) {
		return rule{}, fmt.Errorf("%w: "+format, append([]any{ErrInvalidRuleset}, args...)...)
	}
	if !validRuleID(r.ID) {
		return bad("id %q (want lower case letters, digits, '_' and '-')", r.ID)
	}
	if r.Layer != LayerExclusion && r.Layer != LayerMandatory && r.Layer != LayerRate {
		return bad("layer %v (want exclusion, mandatory or rate)", r.Layer)
	}
	if r.Layer == LayerExclusion && !validDimName(r.Reason) {
		return bad("an exclusion needs a reason code such as %q, got %q", ReasonDoNotCall, r.Reason)
	}
	if r.Layer != LayerExclusion && r.Reason != "" {
		return bad("reason %q on a %v rule (only exclusions have reasons)", r.Reason, r.Layer)
	}
	if r.Layer != LayerRate && (!r.Rate.IsZero() || r.Stratum != "") {
		return bad("rate or stratum on a %v rule (only rate rules draw)", r.Layer)
	}
	c := rule{id: r.ID, reason: r.Reason, stratum: r.Stratum, layer: r.Layer}
	if r.Layer == LayerRate {
		th, err := NewThreshold(r.Rate)
		if err != nil {
			return rule{}, fmt.Errorf("%w: %w", ErrInvalidRuleset, err)
		}
		c.threshold = th
	}
	cond, err := quality.Compile(r.When, facts, quality.KindBool)
	if err != nil {
		return rule{}, fmt.Errorf("%w: condition: %w", ErrInvalidRuleset, err)
	}
	c.cond = cond
	what := fmt.Sprintf("rule %q matched (%s)", r.ID, r.When)
	if r.Doc != "" {
		what += ": " + r.Doc
	}
	switch r.Layer {
	case LayerExclusion:
		c.whyHit = "excluded, reason " + r.Reason + ": " + what
	case LayerMandatory:
		c.whyHit = "mandatory callback: " + what
	case LayerRate:
		pct := r.Rate.Shift(2).String() + "%"
		c.whyHit = "drawn at rate " + pct + ": " + what + "; ticket below the rate"
		c.whyMiss = "not drawn at rate " + pct + ": " + what + "; ticket at or above the rate"
	}
	return c, nil
}

func validRuleID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// hashSpec returns the hex SHA-256 of a canonical JSON form of the spec (with
// defaults filled in; decimals written by String, so that neither "0.20" nor
// a host's decimal.MarshalJSONWithoutQuotes setting changes it) followed by
// the facts schema, one "name kind" line per fact: a change to any rule, rate,
// seed, quota or fact declaration changes the hash.
func hashSpec(spec RulesetSpec, facts *quality.Schema) string {
	type canonRule struct {
		ID, Layer, When, Rate, Reason, Stratum, Doc string
	}
	canon := struct {
		Version                                           int
		Name, Seed                                        string
		Rules                                             []canonRule
		DailyMin                                          int64
		MonthlyAbove, TechnicianDim, DayDim, QuotaStratum string
	}{
		Version: spec.Version, Name: spec.Name, Seed: spec.Seed, Rules: []canonRule{},
		DailyMin: spec.Quota.DailyMin, MonthlyAbove: spec.Quota.MonthlyAbove.String(),
		TechnicianDim: spec.Quota.TechnicianDim, DayDim: spec.Quota.DayDim, QuotaStratum: spec.Quota.Stratum,
	}
	for _, r := range spec.Rules {
		canon.Rules = append(canon.Rules, canonRule{r.ID, r.Layer.String(), r.When, r.Rate.String(), r.Reason, r.Stratum, r.Doc})
	}
	b, err := json.Marshal(canon)
	if err != nil {
		panic("survey: canonical ruleset does not encode: " + err.Error())
	}
	h := sha256.New()
	h.Write(b)
	for _, f := range facts.Fields() {
		h.Write([]byte("\n" + f.Name + " " + f.Kind.String()))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Hash returns the ruleset's fingerprint: the hex SHA-256 of its spec and
// facts schema. Receipts carry it, so that an auditor can tell which policy
// made a decision. Equal specs give equal hashes ("0.2" and "0.20" are the
// same rate).
func (rs *Ruleset) Hash() string { return rs.hash }

// Spec returns the spec with defaults filled in (a copy).
func (rs *Ruleset) Spec() RulesetSpec {
	s := rs.spec
	s.Rules = append([]RuleSpec(nil), s.Rules...)
	return s
}

// Schema returns the facts schema the conditions were compiled against.
func (rs *Ruleset) Schema() *quality.Schema { return rs.schema }
