package sla

import (
	"testing"
	"time"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// Test fixtures of the clocks: the operators' facts, calendars and clocks of
// ../shared/DOMAIN.md §1, and helpers for scripted scenarios.

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// orderSchema declares the facts of a work order used by the clocks below.
func orderSchema() *quality.Schema {
	return quality.MustSchema(
		quality.Field{Name: "status", Kind: quality.KindString},
		quality.Field{Name: "priority", Kind: quality.KindString},
		quality.Field{Name: "level", Kind: quality.KindString},
		quality.Field{Name: "human_caused", Kind: quality.KindBool},
		quality.Field{Name: "appointment_end", Kind: quality.KindTime},
	)
}

// env returns the schema and the calendars: a 24×7 desk and the Chinese
// office of 2025 (08:30–12:00, 13:30–17:30 Monday to Friday, 2025 holidays).
func testEnv(t testing.TB) ClockEnv {
	t.Helper()
	loc := shanghai(t)
	office, err := Compile(ChinaOffice2025(), loc)
	if err != nil {
		t.Fatal(err)
	}
	return ClockEnv{Schema: orderSchema(), Calendars: map[string]*Calendar{"24x7": TwentyFourSeven(loc), "office": office}}
}

func on(name string) []Condition { return []Condition{{When: `event == "` + name + `"`}} }

func within(name, cal string, d time.Duration) []TargetSpec {
	return []TargetSpec{{Name: name, Calendar: cal, Within: d}}
}

func pct(p int64) decimal.Decimal { return decimal.NewFromInt(p) }

// The operators' clocks (DOMAIN.md §1).
var (
	// Repair "report-and-fix": the fault reaches the technician within 3
	// minutes of the call; the technician calls the customer within 20
	// minutes of receiving it; arrival inside the agreed window.
	dispatchClock = ClockSpec{Name: "dispatch", Start: on("call_ended"), Stop: on("dispatched"),
		Targets: within("3 minutes", "24x7", 3*time.Minute)}
	contactClock = ClockSpec{Name: "contact", Start: on("dispatched"), Stop: on("customer_called"),
		Targets:  within("20 minutes", "24x7", 20*time.Minute),
		Warnings: []WarningSpec{{Name: "50%", Percent: pct(50)}, {Name: "75%", Percent: pct(75)}, {Name: "100%", Percent: pct(100)}}}
	arrivalClock = ClockSpec{Name: "arrival", Start: on("appointment_agreed"), Stop: on("arrived"),
		Targets: []TargetSpec{{Name: "window", Calendar: "24x7", Deadline: "appointment_end"}}}
	// The repair pauses while waiting for the customer or for parts.
	repairClock = ClockSpec{Name: "repair", Start: on("dispatched"),
		Pause: []Condition{
			{Name: "waiting for customer", When: `event == "status_changed" && status == "pending_customer"`},
			{Name: "waiting for parts", When: `event == "status_changed" && status == "pending_parts"`},
		},
		Resume: []Condition{{Name: "work resumed", When: `event == "status_changed" && status == "in_progress"`}},
		Stop:   on("resolved"),
		Reset:  on("reopened"),
		Cancel: on("withdrawn"),
		Targets: []TargetSpec{
			{Name: "urgent", When: `priority == "urgent"`, Calendar: "24x7", Within: 4 * time.Hour},
			{Name: "normal", Calendar: "office", Within: 8 * time.Hour},
		},
		Warnings: []WarningSpec{{Name: "half", Percent: pct(50)}, {Name: "1h before", Before: time.Hour}}}
	// Overdue stages of an after-sales order: 48 hours (the timer becomes a
	// gift), 300 hours (free replacement), 15 days (replacement).
	overdueClock = ClockSpec{Name: "overdue", Start: on("accepted"), Stop: on("resolved"),
		Targets: within("48 hours", "24x7", 48*time.Hour),
		Warnings: []WarningSpec{
			{Name: "gift", After: 48 * time.Hour},
			{Name: "free replacement", After: 300 * time.Hour},
			{Name: "15 days", After: 15 * 24 * time.Hour},
		}}

	// The complaint line, step by step.
	submitClock = ClockSpec{Name: "submit", Start: on("call_ended"), Stop: on("submitted"),
		Targets: within("5 minutes", "24x7", 5*time.Minute)}
	cityDispatchClock = ClockSpec{Name: "to city", Start: on("submitted"), Stop: on("sent_to_city"),
		Targets: within("30 minutes", "24x7", 30*time.Minute)}
	superviseClock = ClockSpec{Name: "supervise", Start: on("submitted"), Stop: on("answered"),
		Targets: within("3 hours", "24x7", 3*time.Hour)}
	deptDispatchClock = ClockSpec{Name: "to department", Start: on("city_received"), Stop: on("sent_to_department"),
		Targets: within("30 minutes", "24x7", 30*time.Minute)}
	cityReturnClock = ClockSpec{Name: "city return", Start: on("city_received"), Stop: on("returned"),
		Targets: within("24 hours", "24x7", 24*time.Hour)}
	answerClock = ClockSpec{Name: "answer", Start: on("department_received"), Stop: on("answered"),
		Targets: []TargetSpec{
			{Name: "provincial 24h", When: `level == "province"`, Calendar: "office", Within: 24 * time.Hour},
			{Name: "20 hours", Calendar: "office", Within: 20 * time.Hour},
		}}
	penaltyClock = ClockSpec{Name: "penalty report", Start: []Condition{{When: `event == "responsibility_decided" && human_caused`}},
		Stop: on("penalty_reported"), Targets: within("one week", "24x7", 7*24*time.Hour)}
	classifyClock = ClockSpec{Name: "classify", Start: on("submitted"), Stop: on("forwarded"),
		Targets: []TargetSpec{{Name: "next batch", Calendar: "24x7",
			Slots: &SlotSpec{Times: []TimeOfDay{HM(10, 0), HM(15, 0)}, Days: WeekdaysMonSat}}}}

	// Business halls.
	queueClock = ClockSpec{Name: "queue", Start: on("ticket_taken"), Stop: on("called"),
		Targets: within("15 minutes", "24x7", 15*time.Minute)}
	counterClock = ClockSpec{Name: "counter", Start: on("called"), Stop: on("served"),
		Targets: within("10 minutes", "24x7", 10*time.Minute)}
)

// script builds an order's events at named instants.
type script struct {
	t     testing.TB
	loc   *time.Location
	facts quality.Facts
	n     int
}

func newScript(t testing.TB) *script {
	return &script{t: t, loc: shanghai(t), facts: quality.Facts{
		"status": "new", "priority": "normal", "level": "city", "human_caused": false,
		"appointment_end": time.Time{},
	}}
}

// at parses "2006-01-02 15:04:05" (or without seconds) in Shanghai.
func (s *script) at(v string) time.Time {
	s.t.Helper()
	layout := "2006-01-02 15:04:05"
	if len(v) == len("2006-01-02 15:04") {
		layout = "2006-01-02 15:04"
	}
	t, err := time.ParseInLocation(layout, v, s.loc)
	if err != nil {
		s.t.Fatal(err)
	}
	return t
}

// ev returns an event named name at instant when, after applying the fact
// changes kv (name, value, name, value …) to the order's facts.
func (s *script) ev(when, name string, kv ...any) Event {
	s.t.Helper()
	next := make(quality.Facts, len(s.facts))
	for k, v := range s.facts {
		next[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		next[kv[i].(string)] = kv[i+1]
	}
	s.facts = next
	s.n++
	return Event{ID: "e" + itoa(s.n), At: s.at(when), Name: name, Facts: next}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func mustCompile(t testing.TB, specs ...ClockSpec) *Clocks {
	t.Helper()
	cs, err := CompileClocks(testEnv(t), specs...)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func mustFold(t testing.TB, cs *Clocks, s State, events ...Event) State {
	t.Helper()
	out, err := cs.Fold(s, events...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustStatus(t testing.TB, cs *Clocks, s State, name string, now time.Time) Status {
	t.Helper()
	st, err := cs.Status(s, name, now)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
