package survey

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// SettleFloors turns each rate rule's expected share into a guaranteed floor
// over a closed population. Per-order draws pick each order with probability
// equal to the rate, so a period's 100 repairs may get 18 callbacks at 20%;
// when the period is over (or a batch is closed), pass all its decisions and
// SettleFloors returns the extra selections needed so that every rate rule
// has selected at least ceil(rate × orders it matched).
//
// The extra orders are those with the lowest tickets among the rule's orders
// not drawn, so the result is the orders with the k lowest tickets: a rerun
// adds the same orders, and a higher rate keeps every earlier pick. The
// returned decisions (LayerFloorTop) are in rule order, then ticket order.
// Decisions of other layers are ignored; an order listed twice is an error
// ([ErrDuplicateOrder]), as is a rate decision made under another ruleset or
// period ([ErrForeignDecision]).
func (s *Sampler) SettleFloors(ds []Decision) ([]Decision, error) {
	if err := distinctOrders(len(ds), func(i int) string { return ds[i].Order }); err != nil {
		return nil, err
	}
	byRule := map[string][]Decision{}
	for _, d := range ds {
		if d.Receipt.Layer != LayerRate {
			continue
		}
		if d.Receipt.Ruleset != s.rs.hash || d.Receipt.Period != s.period {
			return nil, fmt.Errorf("%w: order %q was drawn in period %q under ruleset %.12s…", ErrForeignDecision, d.Order, d.Receipt.Period, d.Receipt.Ruleset)
		}
		byRule[d.Receipt.Rule] = append(byRule[d.Receipt.Rule], d)
	}
	var out []Decision
	for ri, r := range s.rs.layers[LayerRate-LayerExclusion] {
		pop := byRule[r.id]
		need := r.threshold.rate.Mul(decimal.NewFromInt(int64(len(pop)))).Ceil().IntPart()
		var drawn int64
		var rest []Decision
		for _, d := range pop {
			if d.Outcome == Selected {
				drawn++
			} else {
				rest = append(rest, d)
			}
		}
		if drawn >= need {
			continue
		}
		slices.SortFunc(rest, byTicket)
		missing := min(need-drawn, int64(len(rest)))
		for i := range missing {
			d := rest[i]
			d.Outcome = Selected
			d.Receipt = s.receipt(LayerFloorTop)
			d.Receipt.Rule = r.id
			d.Receipt.Stratum = r.stratum
			d.Receipt.Ticket = s.draws[ri].Ticket(d.Order)
			d.Receipt.Rate = r.threshold.rate
			d.Receipt.Why = fmt.Sprintf("floor top-up for rule %q: %s of %d orders needs %d callbacks, the draw picked %d; added %s of %d, lowest tickets first",
				r.id, r.threshold.rate.Shift(2).String()+"%", len(pop), need, drawn, ordinal(i+1), missing)
			out = append(out, d)
		}
	}
	return out, nil
}

func byTicket(a, b Decision) int {
	if c := cmp.Compare(a.Receipt.Ticket, b.Receipt.Ticket); c != 0 {
		return c
	}
	return cmp.Compare(a.Order, b.Order)
}

func distinctOrders(n int, id func(int) string) error {
	seen := make(map[string]bool, n)
	for i := range n {
		if seen[id(i)] {
			return fmt.Errorf("%w: %q", ErrDuplicateOrder, id(i))
		}
		seen[id(i)] = true
	}
	return nil
}

func ordinal(n int64) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.FormatInt(n, 10) + suffix
}

// CallStatus is where an order of a technician's day stands for the daily
// quota. The zero value, [CallStatusInvalid], is refused.
type CallStatus uint8

// The call statuses.
const (
	CallStatusInvalid CallStatus = iota // not a status; the zero value
	CallRated                           // "rated": the customer gave a rating that counts
	CallPending                         // "pending": selected, callback not made yet
	CallFailed                          // "failed": called, no rating (not reached, refused, blank)
	CallOpen                            // "open": not selected and not excluded: may be added
	CallExcluded                        // "excluded": must not be called
)

var callStatusNames = [...]string{CallRated: "rated", CallPending: "pending", CallFailed: "failed", CallOpen: "open", CallExcluded: "excluded"}

// String returns the status's name, such as "pending", or "CallStatus(0)".
func (c CallStatus) String() string {
	if c >= CallRated && c <= CallExcluded {
		return callStatusNames[c]
	}
	return "CallStatus(" + strconv.Itoa(int(c)) + ")"
}

// MarshalText encodes the status's name; [CallStatusInvalid] is an error.
func (c CallStatus) MarshalText() ([]byte, error) {
	if c < CallRated || c > CallExcluded {
		return nil, fmt.Errorf("%w: cannot encode %v", ErrInvalidJSON, c)
	}
	return []byte(callStatusNames[c]), nil
}

// UnmarshalText decodes a status's name.
func (c *CallStatus) UnmarshalText(text []byte) error {
	for v := CallRated; v <= CallExcluded; v++ {
		if string(text) == callStatusNames[v] {
			*c = v
			return nil
		}
	}
	return fmt.Errorf("%w: call status %q", ErrInvalidJSON, text)
}

// DayOrder is one of a technician's orders on a day, with its call status.
type DayOrder struct {
	ID     string     `json:"id"`
	Status CallStatus `json:"status"`
}

// TopUp is the answer to "will this technician's day end below quota, and if
// so which orders should be added?".
type TopUp struct {
	Technician string `json:"technician"`
	Day        string `json:"day"`
	Minimum    int64  `json:"minimum"` // QuotaSpec.DailyMin
	Rated      int64  `json:"rated"`
	Pending    int64  `json:"pending"`
	// Needed is Minimum − Rated − Pending, at least 0: pending callbacks
	// count as coverage until they fail.
	Needed int64 `json:"needed"`
	// Picks are the orders to add (LayerQuotaTop), lowest quota ticket
	// first.
	Picks []Decision `json:"picks"`
	// Short is Needed − len(Picks): how many the day will miss because no
	// open order is left.
	Short int64 `json:"short"`
}

// TopUp names which of a technician's remaining orders to add to the
// callbacks so that the day reaches the daily minimum (QuotaSpec.DailyMin).
// Call it before the day ends with the day's orders and their statuses, and
// again when a pending callback fails: failed calls no longer count, so the
// next call picks a replacement.
//
// Open orders are ranked by their ticket in the quota stratum (seed, period,
// QuotaSpec.Stratum, order id), so the choice is deterministic, independent
// of the order in which orders are listed, and a larger minimum keeps the
// smaller one's picks. A day with no orders needs nothing. Errors:
// [ErrDuplicateOrder], or [ErrInvalidRuleset] for an invalid status.
func (s *Sampler) TopUp(technician, day string, orders []DayOrder) (TopUp, error) {
	if err := distinctOrders(len(orders), func(i int) string { return orders[i].ID }); err != nil {
		return TopUp{}, err
	}
	q := s.rs.spec.Quota
	res := TopUp{Technician: technician, Day: day, Minimum: q.DailyMin, Picks: []Decision{}}
	type cand struct {
		id string
		t  Ticket
	}
	var open []cand
	for _, o := range orders {
		switch o.Status {
		case CallRated:
			res.Rated++
		case CallPending:
			res.Pending++
		case CallOpen:
			open = append(open, cand{o.ID, s.quota.Ticket(o.ID)})
		case CallFailed, CallExcluded:
		default:
			return TopUp{}, fmt.Errorf("%w: order %q has call status %v", ErrInvalidRuleset, o.ID, o.Status)
		}
	}
	if len(orders) > 0 { // a day without orders is not a working day for the quota
		res.Needed = max(0, q.DailyMin-res.Rated-res.Pending)
	}
	slices.SortFunc(open, func(a, b cand) int {
		if c := cmp.Compare(a.t, b.t); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	n := min(res.Needed, int64(len(open)))
	for i := range n {
		d := Decision{Order: open[i].id, Outcome: Selected, Receipt: s.receipt(LayerQuotaTop)}
		d.Receipt.Stratum = q.Stratum
		d.Receipt.Ticket = open[i].t
		d.Receipt.Why = fmt.Sprintf("quota top-up: technician %q on %s has %d rated and %d pending of the %d required; added %s of %d from %d open orders, lowest quota ticket first",
			technician, day, res.Rated, res.Pending, q.DailyMin, ordinal(i+1), n, len(open))
		res.Picks = append(res.Picks, d)
	}
	res.Short = res.Needed - n
	return res, nil
}
