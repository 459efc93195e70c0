package appraisal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Tariff is a ledger definition: plain data that a policy file declares and
// [NewPoster] checks and compiles. Every amount is in Currency.
type Tariff struct {
	// ID names the tariff in explanations ("technician-incentives-2024").
	ID string `json:"id"`
	// Currency is the ISO 4217 code of every amount ("CNY").
	Currency string `json:"currency"`
	// Rules turn events into money lines; several rules may price one kind
	// of event, each giving its own line.
	Rules []MoneyRule `json:"rules"`
}

// MoneyRule prices one kind of event: each event of kind Event gives its
// subject a line of Units × the rate in effect at the event's instant,
// rounded as Round says, and each linked manager named by the event in one of
// the Liability roles a line of their share.
type MoneyRule struct {
	// ID names the rule on every line it makes ("callback-dissatisfied").
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Event is the kind of event the rule prices ("callback_dissatisfied").
	Event string `json:"event"`
	// Rates are the amounts per unit, each in effect from its From instant
	// until the next one's, in increasing order of From. A penalty is
	// negative (-200), a reward positive (20). The first rate may leave From
	// zero to be in effect from the beginning of time; events before the
	// first From are refused with ErrNoRate.
	Rates []DatedRate `json:"rates"`
	// Round is how each line is rounded; nil means half up to 0.01.
	Round *Round `json:"round,omitempty"`
	// Liability charges linked managers (联挂考核) a share of each line.
	Liability []Liability `json:"liability,omitempty"`
}

// DatedRate is an amount per unit in effect from an instant. Write From with
// the zone the rule was announced in (2024-07-01T00:00:00+08:00) so that the
// boundary is the operator's midnight.
type DatedRate struct {
	From   time.Time       `json:"from,omitzero"`
	Amount decimal.Decimal `json:"amount"`
}

// Liability charges the manager in Role a Share of the subject's line,
// rounded by the rule's rounding and limited to Cap in absolute value when a
// cap is set. The derived line references the subject's line.
type Liability struct {
	Role  string           `json:"role"`
	Share decimal.Decimal  `json:"share"`
	Cap   *decimal.Decimal `json:"cap,omitempty"`
}

// Event is one thing that happened to a subject and may cost or earn money: a
// customer found dissatisfied by callback, a customer who rated 10.
type Event struct {
	// ID identifies the event; line IDs derive from it ("WO-1001/callback").
	ID string `json:"id"`
	// Kind selects the rules that price it.
	Kind string `json:"kind"`
	// Subject is who is paid or charged: a technician, a provider.
	Subject string `json:"subject"`
	// At is when it happened; it selects the rate in effect.
	At time.Time `json:"at"`
	// Units is how many (orders, customers); zero means 1.
	Units int64 `json:"units,omitempty"`
	// Linked are the managers linked to the subject, by role.
	Linked []Link `json:"linked,omitempty"`
}

// Link names a manager linked to an event's subject and the manager's role
// ("station-head"), which selects the rule's Liability.
type Link struct {
	Role    string `json:"role"`
	Subject string `json:"subject"`
}

// Poster is a compiled [Tariff]: it turns events into ledger lines. It is
// immutable and safe for concurrent use.
type Poster struct {
	def     Tariff
	version string
	byKind  map[string][]*moneyRule
}

type moneyRule struct {
	id        string
	rates     []DatedRate
	round     Round
	liability []Liability
}

// NewPoster checks a tariff and compiles it. Every problem is reported: the
// error is a [*DefinitionError] wrapping [ErrInvalidTariff], or [Errors].
func NewPoster(def Tariff) (*Poster, error) {
	var errs []error
	fail := func(path, field, format string, args ...any) {
		errs = append(errs, &DefinitionError{Err: ErrInvalidTariff, Path: path, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if def.ID == "" {
		fail("", "id", "a tariff needs an id")
	}
	if !validCurrency(def.Currency) {
		fail(def.ID, "currency", "%q is not an ISO 4217 code (three capital letters, such as CNY)", def.Currency)
	}
	if len(def.Rules) == 0 {
		fail(def.ID, "rules", "a tariff needs at least one rule")
	}
	p := &Poster{def: def, byKind: map[string][]*moneyRule{}}
	ids := map[string]bool{}
	for i, r := range def.Rules {
		path := fmt.Sprintf("%s.rules[%d]", def.ID, i)
		if r.ID != "" {
			path = def.ID + "." + r.ID
		}
		switch {
		case r.ID == "":
			fail(path, "id", "a rule needs an id")
		case strings.ContainsAny(r.ID, "/ \t\n"):
			fail(path, "id", "%q: a rule id has no slashes or spaces (line ids are built from it)", r.ID)
		case ids[r.ID]:
			fail(path, "id", "%q is used by another rule", r.ID)
		}
		ids[r.ID] = true
		if r.Event == "" {
			fail(path, "event", "a rule needs the kind of event it prices")
		}
		if len(r.Rates) == 0 {
			fail(path, "rates", "a rule needs at least one rate")
		}
		for j, dr := range r.Rates {
			if j > 0 && !dr.From.After(r.Rates[j-1].From) {
				fail(path, fmt.Sprintf("rates[%d].from", j), "%s is not after the previous rate's %s: list rates in increasing order of their effective instants", dr.From.Format(time.RFC3339), r.Rates[j-1].From.Format(time.RFC3339))
			}
		}
		if r.Round != nil {
			if msg := r.Round.check(); msg != "" {
				fail(path, "round", "%s", msg)
			}
		}
		roles := map[string]bool{}
		for j, l := range r.Liability {
			f := fmt.Sprintf("liability[%d]", j)
			switch {
			case l.Role == "":
				fail(path, f+".role", "a liability needs a role")
			case roles[l.Role]:
				fail(path, f+".role", "%q is listed twice", l.Role)
			}
			roles[l.Role] = true
			if l.Share.Sign() <= 0 || l.Share.Cmp(decOne) > 0 {
				fail(path, f+".share", "%s: a share is in (0, 1]", l.Share)
			}
			if l.Cap != nil && l.Cap.Sign() <= 0 {
				fail(path, f+".cap", "%s: a cap is positive (leave it out for none)", l.Cap)
			}
		}
		mr := &moneyRule{id: r.ID, rates: slices.Clone(r.Rates), round: r.Round.resolve(defaultRound), liability: slices.Clone(r.Liability)}
		if r.Round == nil || r.Round.check() == "" {
			for j, dr := range mr.rates {
				// A rate with no more places than the rounding is held with
				// exactly that many, so that whole units need no rounding.
				if fixedRate := mr.round.Mode.Round(dr.Amount, mr.round.Places); fixedRate.Equal(dr.Amount) {
					mr.rates[j].Amount = fixedRate
				}
			}
		}
		p.byKind[r.Event] = append(p.byKind[r.Event], mr)
	}
	if err := collected(errs); err != nil {
		return nil, err
	}
	// The version hashes instants in UTC: 2024-07-01T00:00:00+08:00 and
	// 2024-06-30T16:00:00Z are the same effective instant.
	canon := def
	canon.Rules = slices.Clone(def.Rules)
	for i := range canon.Rules {
		canon.Rules[i].Rates = slices.Clone(canon.Rules[i].Rates)
		for j := range canon.Rules[i].Rates {
			canon.Rules[i].Rates[j].From = canon.Rules[i].Rates[j].From.UTC()
		}
	}
	b, err := json.Marshal(struct {
		Format int    `json:"format"`
		Tariff Tariff `json:"tariff"`
	}{1, canon})
	if err != nil {
		return nil, &DefinitionError{Err: ErrInvalidTariff, Path: def.ID, Message: "cannot encode the tariff: " + err.Error(), Cause: err}
	}
	sum := sha256.Sum256(b)
	p.version = "sha256:" + hex.EncodeToString(sum[:])
	return p, nil
}

// MustPoster is [NewPoster] for tariffs written in Go source; it panics on an
// error.
func MustPoster(def Tariff) *Poster {
	p, err := NewPoster(def)
	if err != nil {
		panic(err)
	}
	return p
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

// Version returns the ruleset version of the tariff: "sha256:" and the hex
// SHA-256 of its canonical JSON (effective instants in UTC). Every line
// carries it.
func (p *Poster) Version() string { return p.version }

// Currency returns the tariff's currency.
func (p *Poster) Currency() string { return p.def.Currency }

// Tariff returns the definition the poster was compiled from.
func (p *Poster) Tariff() Tariff { return p.def }

// Post returns the lines an event makes: for each rule pricing its kind, in
// the tariff's order, the subject's line and then one line per linked manager
// whose role the rule charges. An event no rule prices makes no lines.
func (p *Poster) Post(ev Event) ([]Line, error) { return p.AppendPost(nil, ev) }

// AppendPost is [Poster.Post] appending to dst, for hosts that reuse a buffer.
// On error dst is returned unchanged.
//
// Each line's amount is Units × the rate in effect at ev.At, rounded by the
// rule; a linked line's is the share of the subject's rounded amount, rounded
// by the rule and then limited to the cap. Line IDs are the event ID and the
// rule ID ("WO-1001/callback-dissatisfied"), and for linked lines the role and
// manager after them ("WO-1001/callback-dissatisfied/station-head:M-07").
func (p *Poster) AppendPost(dst []Line, ev Event) ([]Line, error) {
	rules := p.byKind[ev.Kind]
	if len(rules) == 0 {
		return dst, nil
	}
	switch {
	case ev.ID == "":
		return dst, fmt.Errorf("%w: an event needs an id (kind %q, subject %q)", ErrInvalidEvent, ev.Kind, ev.Subject)
	case ev.Subject == "":
		return dst, fmt.Errorf("%w: event %s has no subject", ErrInvalidEvent, ev.ID)
	case ev.Units < 0:
		return dst, fmt.Errorf("%w: event %s has %d units", ErrInvalidEvent, ev.ID, ev.Units)
	case ev.At.IsZero():
		return dst, fmt.Errorf("%w: event %s has no instant", ErrInvalidEvent, ev.ID)
	}
	for i, a := range ev.Linked {
		for _, b := range ev.Linked[:i] {
			if a == b {
				return dst, fmt.Errorf("%w: event %s links %s as %s twice", ErrInvalidEvent, ev.ID, a.Subject, a.Role)
			}
		}
	}
	units := ev.Units
	if units == 0 {
		units = 1
	}
	start := len(dst)
	for _, r := range rules {
		rate, ok := r.rateAt(ev.At)
		if !ok {
			return dst[:start], fmt.Errorf("%w: event %s at %s is before rule %s's first rate (from %s)", ErrNoRate, ev.ID, ev.At.Format(time.RFC3339), r.id, r.rates[0].From.Format(time.RFC3339))
		}
		raw := rate.Amount
		if units != 1 {
			raw = raw.Mul(decimal.NewFromInt(units))
		}
		src := Line{
			ID:        ev.ID + "/" + r.id,
			Kind:      LineDirect,
			Event:     ev.ID,
			Rule:      r.id,
			Ruleset:   p.version,
			Subject:   ev.Subject,
			At:        ev.At,
			Effective: rate.From,
			Units:     units,
			Rate:      rate.Amount,
			Raw:       raw,
			Amount:    r.round.Apply(raw),
			Currency:  p.def.Currency,
			Round:     r.round,
		}
		dst = append(dst, src)
		for _, l := range r.liability {
			for _, link := range ev.Linked {
				if link.Role != l.Role {
					continue
				}
				if link.Subject == "" {
					return dst[:start], fmt.Errorf("%w: event %s links role %s to no subject", ErrInvalidEvent, ev.ID, link.Role)
				}
				d := src
				d.ID = src.ID + "/" + l.Role + ":" + link.Subject
				d.Kind = LineLinked
				d.Subject = link.Subject
				d.Role = l.Role
				d.Source = src.ID
				d.Share = l.Share
				d.Raw = src.Amount.Mul(l.Share)
				d.Amount = r.round.Apply(d.Raw)
				if l.Cap != nil && d.Amount.Abs().Cmp(*l.Cap) > 0 {
					d.Amount = *l.Cap
					if src.Amount.Sign() < 0 {
						d.Amount = l.Cap.Neg()
					}
					c := *l.Cap // the line's own copy: hosts may edit lines
					d.Cap = &c
				}
				dst = append(dst, d)
			}
		}
	}
	return dst, nil
}

// rateAt returns the rate in effect at t.
func (r *moneyRule) rateAt(t time.Time) (DatedRate, bool) {
	// The last rate whose From is not after t.
	i, _ := slices.BinarySearchFunc(r.rates, t, func(dr DatedRate, t time.Time) int {
		if dr.From.After(t) {
			return 1
		}
		return -1
	})
	if i == 0 {
		return DatedRate{}, false
	}
	return r.rates[i-1], true
}
