package survey

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
)

func decideAll(t interface{ Fatal(...any) }, s *Sampler, n int, f orderFacts) []Decision {
	var ds []Decision
	for i := range n {
		d, err := s.Decide(fmt.Sprintf("WO%06d", i), f)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	return ds
}

func selectedSet(ds ...[]Decision) map[string]bool {
	out := map[string]bool{}
	for _, list := range ds {
		for _, d := range list {
			if d.Outcome == Selected {
				out[d.Order] = true
			}
		}
	}
	return out
}

// "At least 20% of repairs": 100 repairs in a period get at least 20
// callbacks once the floor is settled.
func TestSettleFloorsOperatorCase(t *testing.T) {
	s := mustRuleset(t, operatorSpec("0.2")).Period("2025-07")
	ds := decideAll(t, s, 100, plain("repair", "broadband"))
	drawn := len(selectedSet(ds))
	extra, err := s.SettleFloors(ds)
	if err != nil {
		t.Fatal(err)
	}
	if total := drawn + len(extra); total != max(drawn, 20) {
		t.Errorf("drawn %d + %d added = %d, want %d", drawn, len(extra), total, max(drawn, 20))
	}
	for i, d := range extra {
		if d.Outcome != Selected || d.Receipt.Layer != LayerFloorTop || d.Receipt.Rule != "repairs" {
			t.Errorf("extra %d: %+v", i, d)
		}
		if i > 0 && extra[i-1].Receipt.Ticket > d.Receipt.Ticket {
			t.Error("extra picks not in ticket order")
		}
	}
	t.Logf("drawn %d of 100, added %d; first receipt: %s", drawn, len(extra), firstWhy(extra))
	// Settling again with the extra picks applied adds nothing.
	applied := slices.Clone(ds)
	for _, e := range extra {
		for i := range applied {
			if applied[i].Order == e.Order {
				applied[i].Outcome = Selected
			}
		}
	}
	if more, _ := s.SettleFloors(applied); len(more) != 0 {
		t.Errorf("second settlement added %d", len(more))
	}
}

func firstWhy(ds []Decision) string {
	if len(ds) == 0 {
		return "(none)"
	}
	return ds[0].Receipt.Why
}

// Settled floors: at least ceil(rate × n) selected, a superset of the draw,
// exactly the k lowest tickets, and monotone in the rate.
func TestSettleFloorsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 300).Draw(t, "n")
		r1, r2 := genRate().Draw(t, "r1"), genRate().Draw(t, "r2")
		if r1.GreaterThan(r2) {
			r1, r2 = r2, r1
		}
		settle := func(rate decimal.Decimal) map[string]bool {
			s := mustRuleset(t, operatorSpec(rate.String())).Period("2025-07")
			ds := decideAll(t, s, n, plain("repair", "broadband"))
			extra, err := s.SettleFloors(ds)
			if err != nil {
				t.Fatal(err)
			}
			sel := selectedSet(ds, extra)
			need := int(rate.Mul(decimal.NewFromInt(int64(n))).Ceil().IntPart())
			if len(sel) < need {
				t.Fatalf("rate %s: %d of %d selected, need %d", rate, len(sel), n, need)
			}
			for id := range selectedSet(ds) {
				if !sel[id] {
					t.Fatalf("settling dropped %s", id)
				}
			}
			// the selected orders are exactly the len(sel) lowest tickets
			sorted := slices.Clone(ds)
			slices.SortFunc(sorted, byTicket)
			for i, d := range sorted {
				if sel[d.Order] != (i < len(sel)) {
					t.Fatalf("rate %s: order %s at rank %d selected=%v with %d selected", rate, d.Order, i, sel[d.Order], len(sel))
				}
			}
			return sel
		}
		lo, hi := settle(r1), settle(r2)
		for id := range lo {
			if !hi[id] {
				t.Fatalf("%s selected at %s but not at %s", id, r1, r2)
			}
		}
	})
}

// Excluded and mandatory orders never enter a floor settlement; foreign and
// duplicate decisions are refused.
func TestSettleFloorsInputs(t *testing.T) {
	s := mustRuleset(t, operatorSpec("0.2")).Period("2025-07")
	var ds []Decision
	for i := range 50 {
		f := plain("repair", "broadband")
		if i%2 == 0 {
			f.DoNotCall = true
		}
		d, _ := s.Decide(fmt.Sprintf("WO%06d", i), f)
		ds = append(ds, d)
	}
	extra, err := s.SettleFloors(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range extra {
		for _, d := range ds {
			if d.Order == e.Order && d.Outcome == Excluded {
				t.Fatalf("excluded order %s added", e.Order)
			}
		}
	}
	if got := len(selectedSet(ds, extra)); got < 5 { // ceil(0.2 × 25)
		t.Errorf("%d selected of 25 repairs", got)
	}
	if _, err := s.SettleFloors(append(ds, ds[1])); !errors.Is(err, ErrDuplicateOrder) {
		t.Errorf("duplicate: %v", err)
	}
	other := mustRuleset(t, operatorSpec("0.2")).Period("2025-08")
	if _, err := other.SettleFloors(ds); !errors.Is(err, ErrForeignDecision) {
		t.Errorf("another period: %v", err)
	}
}

// The daily quota: at least 1 rated customer per technician per working day.
func TestTopUpOperatorCases(t *testing.T) {
	s := mustRuleset(t, operatorSpec("0.2")).Period("2025-07")
	orders := func(statuses ...CallStatus) []DayOrder {
		var out []DayOrder
		for i, st := range statuses {
			out = append(out, DayOrder{ID: fmt.Sprintf("WO20250715-%02d", i), Status: st})
		}
		return out
	}
	tests := []struct {
		name   string
		orders []DayOrder
		needed int64
		picks  int
		short  int64
	}{
		{"three repairs, none drawn: add one", orders(CallOpen, CallOpen, CallOpen), 1, 1, 0},
		{"already rated", orders(CallRated, CallOpen, CallOpen), 0, 0, 0},
		{"a pending callback covers the day", orders(CallPending, CallOpen), 0, 0, 0},
		{"the pending callback failed: add another", orders(CallFailed, CallOpen), 1, 1, 0},
		{"only excluded and failed orders left", orders(CallFailed, CallExcluded), 1, 0, 1},
		{"no orders that day: nothing needed", nil, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := s.TopUp("T017", "2025-07-15", tc.orders)
			if err != nil {
				t.Fatal(err)
			}
			if res.Needed != tc.needed || len(res.Picks) != tc.picks || res.Short != tc.short {
				t.Errorf("needed %d picks %d short %d, want %d %d %d", res.Needed, len(res.Picks), res.Short, tc.needed, tc.picks, tc.short)
			}
			for _, p := range res.Picks {
				i := slices.IndexFunc(tc.orders, func(o DayOrder) bool { return o.ID == p.Order })
				if i < 0 || tc.orders[i].Status != CallOpen {
					t.Errorf("picked %s, which is not open", p.Order)
				}
				if p.Receipt.Layer != LayerQuotaTop || p.Receipt.Ticket != TicketOf("2025-07 callback", "2025-07", "quota", p.Order) {
					t.Errorf("receipt %+v", p.Receipt)
				}
			}
		})
	}
	if _, err := s.TopUp("T017", "2025-07-15", []DayOrder{{ID: "a", Status: CallOpen}, {ID: "a", Status: CallRated}}); !errors.Is(err, ErrDuplicateOrder) {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := s.TopUp("T017", "2025-07-15", []DayOrder{{ID: "a"}}); !errors.Is(err, ErrInvalidRuleset) {
		t.Errorf("invalid status: %v", err)
	}
}

// Top-ups pick only open orders, do not depend on the order of the list,
// and a larger daily minimum keeps the smaller one's picks.
func TestTopUpProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 20).Draw(t, "n")
		var orders []DayOrder
		for i := range n {
			orders = append(orders, DayOrder{ID: fmt.Sprintf("WO%03d", i), Status: rapid.SampledFrom([]CallStatus{CallRated, CallPending, CallFailed, CallOpen, CallExcluded}).Draw(t, "status")})
		}
		m1 := rapid.Int64Range(0, 5).Draw(t, "m1")
		m2 := m1 + rapid.Int64Range(0, 5).Draw(t, "more")
		pick := func(min int64, list []DayOrder) []string {
			spec := operatorSpec("0.2")
			spec.Quota.DailyMin = min
			res, err := mustRuleset(t, spec).Period("2025-07").TopUp("T017", "2025-07-15", list)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, p := range res.Picks {
				ids = append(ids, p.Order)
			}
			if res.Needed != int64(len(ids))+res.Short {
				t.Fatalf("needed %d = %d picks + %d short?", res.Needed, len(ids), res.Short)
			}
			return ids
		}
		small := pick(m1, orders)
		for _, id := range small {
			if orders[slices.IndexFunc(orders, func(o DayOrder) bool { return o.ID == id })].Status != CallOpen {
				t.Fatalf("picked %s, not open", id)
			}
		}
		if shuffled := pick(m1, rapid.Permutation(orders).Draw(t, "shuffled")); !slices.Equal(shuffled, small) {
			t.Fatalf("picks depend on the listing order: %v vs %v", small, shuffled)
		}
		big := pick(m2, orders)
		if len(big) < len(small) || !slices.Equal(big[:len(small)], small) {
			t.Fatalf("minimum %d picks %v, minimum %d picks %v", m1, small, m2, big)
		}
	})
}

// Quota monitoring over a month of technician-days: days below the daily
// minimum and technicians not above 20% participation, with the numbers.
func TestQuotaCheck(t *testing.T) {
	ten := MustScale(TenPoint())
	a := NewAggregate(ten)
	day := func(tech, d string, rated []string, unrated int) {
		g := MustGroup("technician", tech, "day", d, "period", "2025-07")
		for _, r := range rated {
			a.AddReply(g, r)
		}
		for range unrated {
			_ = a.Add(g, Answer{})
		}
	}
	// T017: 3 days, 10 orders, 2 rated: 20% is not above 20%; 1 day short.
	day("T017", "2025-07-01", []string{"10"}, 3)
	day("T017", "2025-07-02", []string{"9"}, 2)
	day("T017", "2025-07-03", nil, 3)
	// T018: 2 days, 10 orders, 3 rated: 30%; day 2 has only a blank reply
	// (excluded by the scale, so not rated).
	day("T018", "2025-07-01", []string{"10", "10", "8"}, 2)
	day("T018", "2025-07-02", []string{""}, 4)
	// T019: one day, every order rated.
	day("T019", "2025-07-01", []string{"10", "10"}, 0)
	// A county group in the same aggregate is ignored.
	_ = a.Add(MustGroup("county", "Xinjian"), Answer{})

	rep, err := OperatorQuota().Check(a)
	if err != nil {
		t.Fatal(err)
	}
	wantDaily := []DayShortfall{
		{Group: MustGroup("technician", "T017", "day", "2025-07-03", "period", "2025-07"), Technician: "T017", Day: "2025-07-03", Orders: 3, Rated: 0, Minimum: 1, Missing: 1},
		{Group: MustGroup("technician", "T018", "day", "2025-07-02", "period", "2025-07"), Technician: "T018", Day: "2025-07-02", Orders: 5, Rated: 0, Minimum: 1, Missing: 1},
	}
	if !slices.Equal(rep.Daily, wantDaily) {
		t.Errorf("daily:\n%+v\nwant\n%+v", rep.Daily, wantDaily)
	}
	if len(rep.Monthly) != 1 {
		t.Fatalf("monthly: %+v", rep.Monthly)
	}
	m := rep.Monthly[0]
	if m.Technician != "T017" || m.Group != MustGroup("technician", "T017", "period", "2025-07") ||
		m.Participation != (quality.Rate{Num: 2, Den: 10}) || m.Needed != 1 || !m.Reachable || m.Days != 3 || m.DaysShort != 1 {
		t.Errorf("monthly: %+v", m)
	}

	// Counting blank replies as ratings changes T018's second day.
	spec := TenPoint()
	spec.Blank = CountUnsatisfied
	b := NewAggregate(MustScale(spec))
	for _, g := range a.Groups() {
		_ = b.AddTally(g, a.Tally(g))
	}
	rep, _ = OperatorQuota().Check(b)
	if len(rep.Daily) != 1 || rep.Daily[0].Technician != "T017" {
		t.Errorf("with blanks counted: %+v", rep.Daily)
	}

	// "Above 20%": 25 orders need 6 rated (5/25 is exactly 20%).
	c := NewAggregate(ten)
	g := MustGroup("technician", "T020", "day", "2025-07-01")
	for i := range 25 {
		if i < 5 {
			c.AddReply(g, "10")
		} else {
			_ = c.Add(g, Answer{})
		}
	}
	rep, _ = OperatorQuota().Check(c)
	if len(rep.Monthly) != 1 || rep.Monthly[0].Needed != 1 {
		t.Errorf("5 of 25: %+v", rep.Monthly)
	}
	if _, err := (QuotaSpec{DailyMin: 1, TechnicianDim: "Tech"}).Check(c); !errors.Is(err, ErrInvalidRuleset) {
		t.Errorf("bad dimension: %v", err)
	}
}
