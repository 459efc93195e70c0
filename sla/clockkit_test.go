package sla_test

import (
	"encoding/json"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/sla/slatest"
)

// Properties of the clocks on drawn calendars and drawn orders, from the test
// kit's generators (slatest.Calendars, slatest.Events): the clocks agree with
// the calendar they count on.

var kitSchema = quality.MustSchema(
	quality.Field{Name: "status", Kind: quality.KindString},
	quality.Field{Name: "priority", Kind: quality.KindString},
)

func kitOn(name string) []sla.Condition { return []sla.Condition{{When: `event == "` + name + `"`}} }

// kitClocks are a clock that never pauses and one that does, both counting
// working hours on cal.
func kitClocks(t *rapid.T, cal *sla.Calendar) *sla.Clocks {
	budget := time.Duration(rapid.IntRange(1, 40).Draw(t, "budget quarters")) * 15 * time.Minute
	cs, err := sla.CompileClocks(sla.ClockEnv{Schema: kitSchema, Calendars: map[string]*sla.Calendar{"office": cal}},
		sla.ClockSpec{Name: "contact", Start: kitOn("dispatched"), Stop: kitOn("customer_called"),
			Reset: kitOn("reopened"), Cancel: kitOn("withdrawn"),
			Targets: []sla.TargetSpec{{Name: "budget", Calendar: "office", Within: budget}}},
		sla.ClockSpec{Name: "repair", Start: kitOn("dispatched"), Stop: kitOn("resolved"), Reset: kitOn("reopened"),
			Pause:   []sla.Condition{{Name: "waiting for customer", When: `event == "status_changed" && status == "pending_customer"`}},
			Resume:  []sla.Condition{{When: `event == "status_changed" && status == "in_progress"`}},
			Targets: []sla.TargetSpec{{Name: "budget", Calendar: "office", Within: budget}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestKitClocksAgreeWithTheirCalendar: a clock that never pauses has counted
// exactly the calendar's working time from its cycle's start to its end (or
// now), is due where the calendar adds its budget to the start, and is
// breached exactly when it ran past that instant (always when its count
// passed the budget); a clock that pauses never counts more than that. Calendars and orders are drawn by the test kit.
func TestKitClocksAgreeWithTheirCalendar(t *testing.T) {
	calendars := slatest.Calendars(slatest.CalendarOptions{MaxExceptions: 3})
	rapid.Check(t, func(t *rapid.T) {
		dc := calendars.Draw(t, "calendar")
		cs := kitClocks(t, dc.Calendar)
		events := slatest.Events(cs, slatest.StreamOptions{Schema: kitSchema, Location: dc.Location,
			From: dc.Near.AddDate(0, 0, -3), Days: 6, Duplicates: true}).Draw(t, "events")
		s, err := cs.Fold(sla.State{}, events...)
		if err != nil {
			t.Fatalf("fold: %v", err)
		}
		now := s.LastEvent().Add(time.Duration(rapid.Int64Range(0, 3*24*3600).Draw(t, "later")) * time.Second)
		for _, name := range []string{"contact", "repair"} {
			h, err := cs.History(s, name, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range h {
				end := now
				if !st.Phase.Open() {
					end = st.Ended
				}
				counted := dc.Calendar.Between(st.Started, end)
				if name == "repair" {
					if st.Elapsed > counted {
						t.Fatalf("repair cycle %d counted %v, more than the %v of working time from %v to %v", st.Cycle, st.Elapsed, counted, st.Started, end)
					}
					continue
				}
				if st.Elapsed != counted {
					t.Fatalf("cycle %d (%v) counted %v; the calendar has %v from %v to %v", st.Cycle, st.Phase, st.Elapsed, counted, st.Started, end)
				}
				if st.Phase == sla.Cancelled || st.Phase == sla.Reset {
					continue
				}
				if due := dc.Calendar.Add(st.Started, st.Budget); !st.Due.Equal(due) {
					t.Fatalf("cycle %d due %v; the calendar adds %v to %v at %v", st.Cycle, st.Due, st.Budget, st.Started, due)
				}
				// Due is the last instant on time: breached exactly when the cycle
				// ran (or runs) past it, which can be with the budget just used up
				// when the calendar closes after Due.
				if st.Breached != end.After(st.Due) || (st.Breached && !st.BreachedAt.Equal(st.Due)) {
					t.Fatalf("cycle %d: breached %v at %v, due %v, end %v", st.Cycle, st.Breached, st.BreachedAt, st.Due, end)
				}
				if st.Elapsed > st.Budget && !st.Breached {
					t.Fatalf("cycle %d: %v counted of %v and not breached", st.Cycle, st.Elapsed, st.Budget)
				}
			}
		}
	})
}

// TestKitStatusesSurviveJSON: after a JSON round trip of the state, every
// clock's status at a later instant is the same, compared as the test kit
// compares statuses.
func TestKitStatusesSurviveJSON(t *testing.T) {
	calendars := slatest.Calendars(slatest.CalendarOptions{MaxExceptions: 2})
	rapid.Check(t, func(t *rapid.T) {
		dc := calendars.Draw(t, "calendar")
		cs := kitClocks(t, dc.Calendar)
		events := slatest.Events(cs, slatest.StreamOptions{Schema: kitSchema, Location: dc.Location, From: dc.Near.AddDate(0, 0, -2), Days: 4}).Draw(t, "events")
		s, err := cs.Fold(sla.State{}, events...)
		if err != nil {
			t.Fatalf("fold: %v", err)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back sla.State
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		qualitytest.ExpectEqual(t, "state after JSON", s, back, slatest.Options())
		now := s.LastEvent().Add(time.Duration(rapid.Int64Range(0, 7*24*3600).Draw(t, "later")) * time.Second)
		qualitytest.ExpectEqual(t, "statuses after JSON", slatest.Statuses(t, cs, s, now), slatest.Statuses(t, cs, back, now), slatest.Options())
	})
}
