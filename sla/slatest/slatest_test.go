package slatest_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/sla/slatest"
)

// The repair line's facts and clocks (DOMAIN.md §1).
var schema = quality.MustSchema(
	quality.Field{Name: "status", Kind: quality.KindString},
	quality.Field{Name: "priority", Kind: quality.KindString},
	quality.Field{Name: "visits", Kind: quality.KindInt},
	quality.Field{Name: "amount", Kind: quality.KindDecimal},
	quality.Field{Name: "appointment_end", Kind: quality.KindTime},
)

func on(name string) []sla.Condition { return []sla.Condition{{When: `event == "` + name + `"`}} }

var specs = []sla.ClockSpec{
	{Name: "contact", Start: on("dispatched"), Stop: on("customer_called"),
		Targets:  []sla.TargetSpec{{Name: "20 minutes", Calendar: "24x7", Within: 20 * time.Minute}},
		Warnings: []sla.WarningSpec{{Name: "half", Percent: decimal.NewFromInt(50)}}},
	{Name: "repair", Start: on("dispatched"),
		Pause: []sla.Condition{
			{Name: "waiting for customer", When: `event == "status_changed" && status == "pending_customer"`},
			{Name: "waiting for parts", When: `event == "status_changed" && status in ["pending_parts"]`},
		},
		Resume: []sla.Condition{{When: `event == "status_changed" && status == "in_progress"`}},
		Stop:   on("resolved"), Reset: on("reopened"), Cancel: []sla.Condition{{When: `event == "withdrawn" || visits > 3`}},
		Targets: []sla.TargetSpec{
			{Name: "urgent", When: `priority == "urgent"`, Calendar: "24x7", Within: 4 * time.Hour},
			{Name: "big", When: `amount >= 1000.5`, Calendar: "office", Within: 16 * time.Hour},
			{Name: "normal", Calendar: "office", Within: 8 * time.Hour},
		},
		Warnings: []sla.WarningSpec{{Name: "1h before", Before: time.Hour}}},
	{Name: "arrival", Start: on("appointment_agreed"), Stop: on("arrived"),
		Targets: []sla.TargetSpec{{Name: "window", Calendar: "24x7", Deadline: "appointment_end"}}},
	{Name: "classify", Start: on("submitted"), Stop: on("forwarded"),
		Targets: []sla.TargetSpec{{Name: "next batch", Calendar: "china",
			Slots: &sla.SlotSpec{Times: []sla.TimeOfDay{sla.HM(10, 0), sla.HM(15, 0)}, Days: sla.WeekdaysMonSat, SkipClosed: true}}}},
}

// clocksOn compiles the clocks with office as the repair's office calendar;
// the batch slots run on the Chinese office calendar of 2025 (a drawn calendar
// may have no working instant at 10:00 or 15:00, and no slot at all).
func clocksOn(t qualitytest.TB, office *sla.Calendar) *sla.Clocks {
	t.Helper()
	china, err := sla.Compile(sla.ChinaOffice2025(), slatest.Location(t, "Asia/Shanghai"))
	if err != nil {
		t.Fatalf("%v", err)
	}
	cs, err := sla.CompileClocks(sla.ClockEnv{Schema: schema, Calendars: map[string]*sla.Calendar{
		"24x7": sla.TwentyFourSeven(office.Location()), "office": office, "china": china}}, specs...)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return cs
}

func shanghaiOffice(t testing.TB) *sla.Calendar {
	t.Helper()
	c, err := sla.Compile(sla.ChinaOffice2025(), slatest.Location(t, "Asia/Shanghai"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCalendarsAreValid: over many draws, every calendar's spec compiles in
// its zone, survives JSON, and has working time; the draws include overnight
// windows, each kind of exception and zones with daylight-saving changes.
func TestCalendarsAreValid(t *testing.T) {
	seen := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		dc := slatest.Calendars(slatest.CalendarOptions{}).Draw(t, "calendar")
		if _, err := sla.Compile(dc.Spec, dc.Location); err != nil {
			t.Fatalf("spec does not compile: %v", err)
		}
		b, err := json.Marshal(dc.Spec)
		if err != nil {
			t.Fatal(err)
		}
		back, err := sla.ParseSpec(b)
		if err != nil {
			t.Fatalf("ParseSpec(%s): %v", b, err)
		}
		qualitytest.ExpectEqual(t, "spec after JSON", dc.Calendar.Spec(), back, slatest.Options())
		if got := dc.Calendar.Between(dc.Near.AddDate(0, 0, -14), dc.Near.AddDate(0, 0, 14)); got <= 0 {
			t.Fatalf("no working time in four weeks around %v", dc.Near)
		}
		for _, ws := range dc.Spec.Week {
			for _, w := range ws {
				if w.Overnight() {
					seen["overnight"]++
				}
			}
		}
		for _, e := range dc.Spec.Exceptions {
			seen[e.Kind.String()]++
		}
		if dc.Location.String() != "UTC" && dc.Location.String() != "Asia/Shanghai" && dc.Location.String() != "Asia/Kolkata" {
			seen["dst zone"]++
		}
		x := dc.Instants().Draw(t, "instant")
		if y := dc.Calendar.NextWorking(x); y.Before(x) {
			t.Fatalf("NextWorking(%v) = %v", x, y)
		}
	})
	for _, k := range []string{"overnight", "closed", "closed-hours", "override", "dst zone"} {
		if seen[k] == 0 {
			t.Errorf("no draw had %s", k)
		}
	}
}

// TestCalendarsHonourOptions: the caller's locations and index years are used.
func TestCalendarsHonourOptions(t *testing.T) {
	ny := slatest.Location(t, "America/New_York")
	rapid.Check(t, func(t *rapid.T) {
		dc := slatest.Calendars(slatest.CalendarOptions{Locations: []*time.Location{ny}, IndexFrom: 2024, IndexTo: 2027, MaxExceptions: -1}).Draw(t, "calendar")
		if dc.Location != ny || len(dc.Spec.Exceptions) != 0 {
			t.Fatalf("zone %v, %d exceptions", dc.Location, len(dc.Spec.Exceptions))
		}
		if from, to := dc.Calendar.IndexYears(); from != 2024 || to != 2027 {
			t.Fatalf("index years %d-%d", from, to)
		}
	})
}

// TestEventsFoldWithoutError: over many draws the clocks fold every stream
// (also on drawn calendars in other zones), and the streams make the clocks
// pause (at some point of an order), stop, reset, cancel and change targets.
func TestEventsFoldWithoutError(t *testing.T) {
	office := shanghaiOffice(t)
	seen := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		cal, loc := office, office.Location()
		if rapid.Bool().Draw(t, "drawn calendar?") {
			dc := slatest.Calendars(slatest.CalendarOptions{}).Draw(t, "calendar")
			cal, loc = dc.Calendar, dc.Location
		}
		cs := clocksOn(t, cal)
		events := slatest.Events(cs, slatest.StreamOptions{Schema: schema, Location: loc, Duplicates: true}).Draw(t, "events")
		for i, e := range events {
			if e.ID == "" || e.Name == "" || len(e.Facts) != len(schema.Fields()) {
				t.Fatalf("event %d: %+v", i, e)
			}
			if i > 0 && e.At.Before(events[i-1].At) && e.ID != events[i-1].ID {
				if seenID(events[:i], e.ID) {
					continue // a second delivery of an earlier event
				}
				t.Fatalf("event %d at %v is before event %d at %v", i, e.At, i-1, events[i-1].At)
			}
		}
		s, err := cs.Fold(sla.State{}, events...)
		if err != nil {
			t.Fatalf("fold: %v", err)
		}
		last := events[0].At
		for _, e := range events {
			if e.At.After(last) {
				last = e.At
			}
		}
		now := last.Add(time.Hour)
		for _, name := range cs.Names() {
			h, err := cs.History(s, name, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range h {
				seen[name+" "+st.Phase.String()]++
				if st.Target != st.OriginalTarget {
					seen["target change"]++
				}
			}
		}
		// A pause at any point of the order, not only one still in force
		// an hour after the last event (which few draws end with).
		tl, err := cs.Explain(s, "repair", now)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tl.Marks {
			if m.Kind == sla.MarkPaused {
				seen["repair pause"]++
			}
		}
	})
	for _, k := range []string{"repair pause", "repair stopped", "repair reset", "repair cancelled", "repair running",
		"contact stopped", "arrival stopped", "classify stopped", "target change"} {
		if seen[k] == 0 {
			t.Errorf("no draw had %s (seen: %v)", k, seen)
		}
	}
}

func seenID(events []sla.Event, id string) bool {
	for _, e := range events {
		if e.ID == id {
			return true
		}
	}
	return false
}

// TestEventsOptions: names, values, gaps and the event count are the
// caller's.
func TestEventsOptions(t *testing.T) {
	cs := clocksOn(t, shanghaiOffice(t))
	from := time.Date(2025, 9, 29, 8, 0, 0, 0, time.UTC)
	gen := slatest.Events(cs, slatest.StreamOptions{Schema: schema, From: from, Days: 1, MaxEvents: 3,
		Gaps: []time.Duration{time.Hour}, Names: []string{"dispatched", "resolved"}, Values: map[string][]any{"priority": {"urgent"}}})
	rapid.Check(t, func(t *rapid.T) {
		events := gen.Draw(t, "events")
		if len(events) > 3 || events[0].At.Before(from) || !events[0].At.Before(from.Add(24*time.Hour)) {
			t.Fatalf("%d events, first at %v", len(events), events[0].At)
		}
		for i, e := range events {
			if e.Name != "dispatched" && e.Name != "resolved" {
				t.Fatalf("event %d: name %q not among the names given", i, e.Name)
			}
			if e.Facts["priority"] != "urgent" {
				t.Fatalf("event %d: priority %v", i, e.Facts["priority"])
			}
			if i > 0 && e.At.Sub(events[i-1].At) != time.Hour {
				t.Fatalf("gap %v", e.At.Sub(events[i-1].At))
			}
		}
		if _, err := cs.Fold(sla.State{}, events...); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOrderFixture(t *testing.T) {
	loc := slatest.Location(t, "Asia/Shanghai")
	cs := clocksOn(t, shanghaiOffice(t))
	o := slatest.NewOrder(t, "WO-1", loc, quality.Facts{"status": "new", "priority": "normal", "visits": 0, "amount": decimal.Zero, "appointment_end": time.Time{}})
	o.At("2025-09-29 16:00", "dispatched")
	o.At("+18h", "status_changed", "status", "pending_customer")
	o.At("2025-10-01 10:00", "status_changed", "status", "in_progress")
	o.At("16:00", "note_added").Again()
	o.AtID("r1", "2025-10-09 16:00", "resolved")

	parsed := slatest.ParseOrder(t, loc, schema, `
		WO-1  status=new priority=normal visits=0 amount=0 appointment_end=0001-01-01T00:00:00Z
		2025-09-29 16:00  dispatched            // Monday
		+18h              status_changed status=pending_customer
		2025-10-01 10:00  status_changed status="in_progress"
		16:00             note_added            #WO-1/4
		16:00             note_added            #WO-1/4
		2025-10-09 16:00  resolved              #r1
	`)
	if d := qualitytest.Diff(o.Events(), parsed.Events()); d != "" {
		t.Fatalf("built and parsed orders differ:\n%s", d)
	}
	if got := o.Events()[1].At; !got.Equal(time.Date(2025, 9, 30, 10, 0, 0, 0, loc)) {
		t.Fatalf("+18h gave %v", got)
	}
	if got := o.Events()[3].At; !got.Equal(time.Date(2025, 10, 1, 16, 0, 0, 0, loc)) {
		t.Fatalf("16:00 gave %v", got)
	}
	s, err := cs.Fold(sla.State{}, o.Events()...)
	if err != nil {
		t.Fatal(err)
	}
	if s.Events() != 5 {
		t.Fatalf("%d distinct events applied, want 5", s.Events())
	}
	// The worked example of package sla: paused across the National Day
	// holiday, 9 working hours by Thursday 16:00, breached at 15:00.
	st, err := cs.Status(s, "repair", o.Time("2025-10-09 17:00"))
	if err != nil {
		t.Fatal(err)
	}
	want := sla.Status{Clock: "repair", Cycle: 1, Phase: sla.Stopped,
		Started: time.Date(2025, 9, 29, 16, 0, 0, 0, loc), Ended: time.Date(2025, 10, 9, 16, 0, 0, 0, loc),
		Target: "normal", Elapsed: 9 * time.Hour, Budget: 8 * time.Hour, Remaining: -time.Hour,
		Due: time.Date(2025, 10, 9, 15, 0, 0, 0, loc), Breached: true, BreachedAt: time.Date(2025, 10, 9, 15, 0, 0, 0, loc),
		OriginalTarget: "normal", OriginalDue: time.Date(2025, 10, 9, 15, 0, 0, 0, loc), OriginalBreached: true,
		OriginalBreachedAt: time.Date(2025, 10, 9, 15, 0, 0, 0, loc), Reached: 1}
	qualitytest.ExpectEqual(t, "repair status", want, st, slatest.Options())
}

func TestParseOrderErrors(t *testing.T) {
	loc := slatest.Location(t, "Asia/Shanghai")
	for _, c := range []struct{ text, want string }{
		{"", "no order line"},
		{"WO-1 colour=red", "line 1: colour: no such fact"},
		{"WO-1\n2025-09-29 16:00 dispatched visits=many", `line 2: visits: strconv.Atoi: parsing "many"`},
		{"WO-1\n+1h dispatched", "line 2: instant \"+1h\": a duration needs an earlier event"},
		{"WO-1\n2025-09-29 dispatched", "line 2: instant \"2025-09-29 dispatched\""},
		{"WO-1\n2025-09-29 16:00", "line 2: want an instant and an event name"},
		{"WO-1 status=\"new", "line 1: unterminated quote"},
	} {
		var rec qualitytest.Recorder
		if !rec.Run(func(tb testing.TB) { slatest.ParseOrder(tb, loc, schema, c.text) }) || !strings.Contains(rec.String(), c.want) {
			t.Errorf("ParseOrder(%q): %q, want a failure with %q", c.text, rec.String(), c.want)
		}
	}
	var rec qualitytest.Recorder
	if !rec.Run(func(tb testing.TB) { slatest.NewOrder(tb, "WO-1", loc, nil).At("2025-09-29 16:00", "x", "status") }) ||
		!strings.Contains(rec.String(), "pairs") {
		t.Errorf("odd facts: %q", rec.String())
	}
}

func TestOptions(t *testing.T) {
	office := shanghaiOffice(t)
	cs := clocksOn(t, office)
	loc := office.Location()
	o := slatest.NewOrder(t, "WO-1", loc, quality.Facts{"status": "new", "priority": "normal", "visits": 0, "amount": decimal.Zero, "appointment_end": time.Time{}})
	o.At("2025-09-29 16:00", "dispatched")
	s1, err := cs.Fold(sla.State{}, o.Events()...)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := cs.Fold(s1, sla.Event{ID: "x", At: o.Time("+1h"), Name: "customer_called", Facts: o.Facts()})
	if err != nil {
		t.Fatal(err)
	}
	var back sla.State
	b, _ := json.Marshal(s1)
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(s1, back, slatest.Options()) || cmp.Equal(s1, s2, slatest.Options()) {
		t.Fatal("states: a round trip differs, or different states are equal")
	}
	if d := qualitytest.Diff(s1, s2, slatest.Options()); !strings.Contains(d, `.json["seen"][1]: want (missing), got "x"`) {
		t.Fatalf("state diff does not name the events: %s", d)
	}
	now := o.Time("+2h")
	a, b2 := slatest.Statuses(t, cs, s1, now), slatest.Statuses(t, cs, back, now)
	for i := range a {
		a[i].Due = a[i].Due.UTC() // another location, the same instant
	}
	qualitytest.ExpectEqual(t, "statuses after a round trip", a, b2, slatest.Options())
	other, err := sla.CompileRange(sla.ChinaOffice2025(), loc, 2025, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(office, other, slatest.Options()) || cmp.Equal(office, sla.TwentyFourSeven(loc), slatest.Options()) {
		t.Fatal("calendars compare by index years, or differing calendars are equal")
	}
	var rec qualitytest.Recorder
	rec.Run(func(tb testing.TB) { slatest.Statuses(tb, cs, s1, time.Date(2025, 9, 29, 0, 0, 0, 0, loc)) })
	if !rec.Failed() || !errors.Is(statusErr(cs, s1, loc), sla.ErrStatusBeforeState) {
		t.Fatalf("Statuses before the state: %q", rec.String())
	}
}

func statusErr(cs *sla.Clocks, s sla.State, loc *time.Location) error {
	_, err := cs.Status(s, "repair", time.Date(2025, 9, 29, 0, 0, 0, 0, loc))
	return err
}
