package survey

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// QuotaSpec is the participation quota every technician must meet (DOMAIN
// §3): at least DailyMin rated customers on each working day on which the
// technician had orders, and a monthly participation rate (rated ÷ eligible
// orders) strictly above MonthlyAbove.
type QuotaSpec struct {
	// DailyMin is the number of rated customers required per technician per
	// day with orders; 0 disables the daily quota and top-ups.
	DailyMin int64 `json:"daily_min"`
	// MonthlyAbove is the participation rate a technician's month must
	// exceed (0.2: "above 20%"); 0 disables the monthly check.
	MonthlyAbove decimal.Decimal `json:"monthly_above"`
	// TechnicianDim and DayDim name the group dimensions that hold the
	// technician and the day in the aggregates [QuotaSpec.Check] reads;
	// empty means "technician" and "day".
	TechnicianDim string `json:"technician_dim,omitempty"`
	DayDim        string `json:"day_dim,omitempty"`
	// Stratum is the stratum of quota top-up tickets; empty means "quota".
	Stratum string `json:"stratum,omitempty"`
}

// OperatorQuota is the quota in force from 22 June: at least 1 rated
// customer per technician per working day with orders, and a monthly
// individual participation rate above 20%.
func OperatorQuota() QuotaSpec {
	return QuotaSpec{DailyMin: 1, MonthlyAbove: decimal.New(2, -1)}
}

// Validate reports an error wrapping [ErrInvalidRuleset] for a negative
// DailyMin, a MonthlyAbove outside [0, 1), or badly spelled dimension names.
func (q QuotaSpec) Validate() error {
	_, err := q.normalized()
	return err
}

func (q QuotaSpec) normalized() (QuotaSpec, error) {
	if q.TechnicianDim == "" {
		q.TechnicianDim = "technician"
	}
	if q.DayDim == "" {
		q.DayDim = "day"
	}
	if q.Stratum == "" {
		q.Stratum = "quota"
	}
	switch {
	case q.DailyMin < 0:
		return q, fmt.Errorf("%w: quota: daily minimum %d", ErrInvalidRuleset, q.DailyMin)
	case q.MonthlyAbove.Sign() < 0 || q.MonthlyAbove.Cmp(decimal.NewFromInt(1)) >= 0:
		return q, fmt.Errorf("%w: quota: monthly participation must be above %s (want 0 to 1, 1 excluded)", ErrInvalidRuleset, q.MonthlyAbove)
	case !validDimName(q.TechnicianDim) || !validDimName(q.DayDim) || q.TechnicianDim == q.DayDim:
		return q, fmt.Errorf("%w: quota: dimensions %q and %q", ErrInvalidRuleset, q.TechnicianDim, q.DayDim)
	}
	return q, nil
}

// DayShortfall is a technician's working day below the daily minimum.
type DayShortfall struct {
	Group      Group  `json:"group"` // the technician-day group
	Technician string `json:"technician"`
	Day        string `json:"day"`
	Orders     int64  `json:"orders"`  // eligible orders that day
	Rated      int64  `json:"rated"`   // rated customers that day
	Minimum    int64  `json:"minimum"` // QuotaSpec.DailyMin
	Missing    int64  `json:"missing"` // Minimum − Rated
}

// MonthShortfall is a technician whose participation over the aggregate's
// days is not above the monthly rate.
type MonthShortfall struct {
	// Group is the technician's group without the day (technician and
	// period, or whatever other dimensions the day groups carry).
	Group         Group           `json:"group"`
	Technician    string          `json:"technician"`
	Participation quality.Rate    `json:"participation"` // rated ÷ eligible orders
	Above         decimal.Decimal `json:"above"`         // QuotaSpec.MonthlyAbove
	// Needed is how many more of the month's orders must be rated for the
	// rate to exceed Above (with no more orders); Reachable says whether
	// enough unrated orders are left for that.
	Needed    int64 `json:"needed"`
	Reachable bool  `json:"reachable"`
	Days      int   `json:"days"`       // days with orders
	DaysShort int   `json:"days_short"` // of which below the daily minimum
}

// QuotaReport lists the shortfalls: days sorted by technician, then day,
// then group; technicians by technician, then group.
type QuotaReport struct {
	Daily   []DayShortfall   `json:"daily"`
	Monthly []MonthShortfall `json:"monthly"`
}

// Check reads the groups of a that have both the technician and the day
// dimension (one group per technician per day with orders; add each eligible
// order to its technician-day group) and reports the days below DailyMin and
// the technicians whose participation is not above MonthlyAbove. Rated
// customers are counted as the aggregate's scale counts them (see
// [Counts.Rated]). Days without orders have no group and are never short:
// "unless no order was dispatched".
//
// The month is everything a holds for the technician's other dimensions:
// give Check an aggregate of one month (or include a period dimension).
func (q QuotaSpec) Check(a *Aggregate) (QuotaReport, error) {
	q, err := q.normalized()
	if err != nil {
		return QuotaReport{}, err
	}
	rep := QuotaReport{Daily: []DayShortfall{}, Monthly: []MonthShortfall{}}
	type month struct {
		tech            string
		rated, eligible int64
		days, daysShort int
	}
	months := map[Group]*month{}
	var keys []Group
	for _, g := range a.Groups() { // sorted: the report is deterministic
		tech, ok1 := g.Value(q.TechnicianDim)
		day, ok2 := g.Value(q.DayDim)
		if !ok1 || !ok2 {
			continue
		}
		c := a.scale.Count(a.Tally(g))
		mk := g.Without(q.DayDim)
		m := months[mk]
		if m == nil {
			m = &month{tech: tech}
			months[mk] = m
			keys = append(keys, mk)
		}
		m.rated += c.Rated
		m.eligible += c.Eligible
		if c.Eligible > 0 {
			m.days++
		}
		if c.Eligible > 0 && c.Rated < q.DailyMin {
			m.daysShort++
			rep.Daily = append(rep.Daily, DayShortfall{
				Group: g, Technician: tech, Day: day, Orders: c.Eligible, Rated: c.Rated,
				Minimum: q.DailyMin, Missing: q.DailyMin - c.Rated,
			})
		}
	}
	slices.SortFunc(rep.Daily, func(a, b DayShortfall) int {
		return cmp.Or(cmp.Compare(a.Technician, b.Technician), cmp.Compare(a.Day, b.Day), a.Group.Compare(b.Group))
	})
	if q.MonthlyAbove.IsZero() {
		return rep, nil
	}
	slices.SortFunc(keys, func(a, b Group) int {
		return cmp.Or(cmp.Compare(months[a].tech, months[b].tech), a.Compare(b))
	})
	for _, mk := range keys {
		m := months[mk]
		if m.eligible == 0 {
			continue
		}
		// rated/eligible > above  ⇔  rated > above·eligible  ⇔  rated ≥ floor(above·eligible) + 1
		need := q.MonthlyAbove.Mul(decimal.NewFromInt(m.eligible)).Floor().IntPart() + 1
		if m.rated >= need {
			continue
		}
		rep.Monthly = append(rep.Monthly, MonthShortfall{
			Group: mk, Technician: m.tech,
			Participation: quality.Rate{Num: m.rated, Den: m.eligible},
			Above:         q.MonthlyAbove,
			Needed:        need - m.rated,
			Reachable:     need <= m.eligible,
			Days:          m.days, DaysShort: m.daysShort,
		})
	}
	return rep, nil
}
