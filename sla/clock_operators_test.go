package sla

import (
	"slices"
	"testing"
	"time"

	"github.com/servq/servq/quality"
)

// TestOperatorsClocks checks each time limit of DOMAIN.md §1 on scripted
// orders: met exactly at the limit, missed just after it, on 24×7 desks and on
// the 2025 Chinese office calendar.
func TestOperatorsClocks(t *testing.T) {
	type want struct {
		phase    Phase
		target   string
		elapsed  time.Duration
		due      string // "" for none
		breached bool
		warnings []string
	}
	tests := []struct {
		name  string
		clock ClockSpec
		steps func(s *script) []Event
		now   string
		want  want
	}{
		{"dispatch within 3 minutes: met at 3:00", dispatchClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:00", "call_ended"), s.ev("2025-07-01 09:03:00", "dispatched")}
		}, "2025-07-01 10:00", want{Stopped, "3 minutes", 3 * time.Minute, "2025-07-01 09:03", false, nil}},
		{"dispatch within 3 minutes: missed at 3:01", dispatchClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:00", "call_ended"), s.ev("2025-07-01 09:03:01", "dispatched")}
		}, "2025-07-01 10:00", want{Stopped, "3 minutes", 3*time.Minute + time.Second, "2025-07-01 09:03", true, nil}},
		{"dispatch still running after 3 minutes is breached", dispatchClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:00", "call_ended")}
		}, "2025-07-01 09:03:00.000000001", want{Running, "3 minutes", 3*time.Minute + 1, "2025-07-01 09:03", true, nil}},
		{"contact within 20 minutes, 75% warning at 15:00", contactClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:03", "dispatched")}
		}, "2025-07-01 09:18", want{Running, "20 minutes", 15 * time.Minute, "2025-07-01 09:23", false, []string{"50%", "75%"}}},
		{"contact at midnight on a 24×7 desk counts real time", contactClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 23:50", "dispatched"), s.ev("2025-07-02 00:09", "customer_called")}
		}, "2025-07-02 01:00", want{Stopped, "20 minutes", 19 * time.Minute, "2025-07-02 00:10", false, []string{"50%", "75%"}}},
		{"arrival inside the appointment window is on time", arrivalClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:20", "appointment_agreed", "appointment_end", s.at("2025-07-01 16:00")),
				s.ev("2025-07-01 16:00", "arrived")}
		}, "2025-07-01 17:00", want{Stopped, "window", 6*time.Hour + 40*time.Minute, "2025-07-01 16:00", false, nil}},
		{"arrival after the window is late", arrivalClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:20", "appointment_agreed", "appointment_end", s.at("2025-07-01 16:00")),
				s.ev("2025-07-01 16:00:01", "arrived")}
		}, "2025-07-01 17:00", want{Stopped, "window", 6*time.Hour + 40*time.Minute + time.Second, "2025-07-01 16:00", true, nil}},
		{"complaint submitted within 5 minutes", submitClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:00", "call_ended"), s.ev("2025-07-01 09:04", "submitted")}
		}, "2025-07-01 09:30", want{Stopped, "5 minutes", 4 * time.Minute, "2025-07-01 09:05", false, nil}},
		{"back office dispatches to the city within 30 minutes", cityDispatchClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:04", "submitted"), s.ev("2025-07-01 09:40", "sent_to_city")}
		}, "2025-07-01 10:00", want{Stopped, "30 minutes", 36 * time.Minute, "2025-07-01 09:34", true, nil}},
		{"supervision at 3 hours", superviseClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:04", "submitted")}
		}, "2025-07-01 12:04:01", want{Running, "3 hours", 3*time.Hour + time.Second, "2025-07-01 12:04", true, nil}},
		{"city dispatches to the department within 30 minutes", deptDispatchClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 10:00", "city_received"), s.ev("2025-07-01 10:30", "sent_to_department")}
		}, "2025-07-01 11:00", want{Stopped, "30 minutes", 30 * time.Minute, "2025-07-01 10:30", false, nil}},
		{"city returns the order within 24 hours", cityReturnClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 10:00", "city_received"), s.ev("2025-07-02 09:00", "returned")}
		}, "2025-07-02 12:00", want{Stopped, "24 hours", 23 * time.Hour, "2025-07-02 10:00", false, nil}},
		{"department answers within 20 working hours (office calendar)", answerClock, func(s *script) []Event {
			// Tue 1 Jul 10:00: 6h on Tuesday (10:00–12:00, 13:30–17:30), 7h30 on
			// Wednesday, then 6h30 on Thursday (08:30–12:00, 13:30–16:30): due Thu 16:30.
			return []Event{s.ev("2025-07-01 10:00", "department_received")}
		}, "2025-07-03 12:00", want{Running, "20 hours", 6*time.Hour + 7*time.Hour + 30*time.Minute + 3*time.Hour + 30*time.Minute, "2025-07-03 16:30", false, nil}},
		{"provincial departments within 24 working hours across the Spring Festival", answerClock, func(s *script) []Event {
			// Mon 27 Jan 09:00 + 24 working hours = Fri 7 Feb 10:30 (the calendar's worked example).
			return []Event{s.ev("2025-01-27 09:00", "department_received", "level", "province"), s.ev("2025-02-07 10:30", "answered")}
		}, "2025-02-07 12:00", want{Stopped, "provincial 24h", 24 * time.Hour, "2025-02-07 10:30", false, nil}},
		{"penalty for a human-caused complaint reported within one week", penaltyClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 10:00", "responsibility_decided", "human_caused", true), s.ev("2025-07-08 10:00:01", "penalty_reported")}
		}, "2025-07-09 00:00", want{Stopped, "one week", 7*24*time.Hour + time.Second, "2025-07-08 10:00", true, nil}},
		{"no penalty clock when not human-caused", penaltyClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 10:00", "responsibility_decided")}
		}, "2025-07-09 00:00", want{NotStarted, "", 0, "", false, nil}},
		{"classified at the next batch slot (Sat 15:00 → Mon 10:00)", classifyClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-05 15:00", "submitted"), s.ev("2025-07-07 10:00", "forwarded")}
		}, "2025-07-07 11:00", want{Stopped, "next batch", 43 * time.Hour, "2025-07-07 10:00", false, nil}},
		{"classified too late for the 10:00 batch", classifyClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 09:00", "submitted"), s.ev("2025-07-01 10:00:01", "forwarded")}
		}, "2025-07-01 11:00", want{Stopped, "next batch", time.Hour + time.Second, "2025-07-01 10:00", true, nil}},
		{"overdue stages: 300 hours reached, 15 days not yet", overdueClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 10:00", "accepted")}
		}, "2025-07-13 22:00", want{Running, "48 hours", 300 * time.Hour, "2025-07-03 10:00", true, []string{"gift", "free replacement"}}},
		{"hall queue at most 15 minutes", queueClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 10:00", "ticket_taken"), s.ev("2025-07-01 10:15", "called")}
		}, "2025-07-01 11:00", want{Stopped, "15 minutes", 15 * time.Minute, "2025-07-01 10:15", false, nil}},
		{"counter at most 10 minutes", counterClock, func(s *script) []Event {
			return []Event{s.ev("2025-07-01 10:15", "called"), s.ev("2025-07-01 10:26", "served")}
		}, "2025-07-01 11:00", want{Stopped, "10 minutes", 11 * time.Minute, "2025-07-01 10:25", true, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := mustCompile(t, tt.clock)
			sc := newScript(t)
			s := mustFold(t, cs, State{}, tt.steps(sc)...)
			st := mustStatus(t, cs, s, tt.clock.Name, sc.at(tt.now))
			var due time.Time
			if tt.want.due != "" {
				due = sc.at(tt.want.due)
			}
			if st.Phase != tt.want.phase || st.Target != tt.want.target || st.Elapsed != tt.want.elapsed ||
				!st.Due.Equal(due) || st.Breached != tt.want.breached || !slices.Equal(st.Warnings(), tt.want.warnings) {
				t.Errorf("got phase %v target %q elapsed %v due %v breached %v warnings %v\nwant phase %v target %q elapsed %v due %v breached %v warnings %v",
					st.Phase, st.Target, st.Elapsed, st.Due, st.Breached, st.Warnings(),
					tt.want.phase, tt.want.target, tt.want.elapsed, due, tt.want.breached, tt.want.warnings)
			}
			if st.Breached && !st.BreachedAt.Equal(st.Due) {
				t.Errorf("BreachedAt %v, want the due instant %v", st.BreachedAt, st.Due)
			}
		})
	}
}

// TestOperatorsOverdueStagesWake follows the overdue stages of an
// after-sales order through the wake-ups a host would set: 48 hours (breach
// and gift), 300 hours, 15 days.
func TestOperatorsOverdueStagesWake(t *testing.T) {
	cs := mustCompile(t, overdueClock)
	sc := newScript(t)
	t0 := sc.at("2025-07-01 10:00")
	s := mustFold(t, cs, State{}, sc.ev("2025-07-01 10:00", "accepted"))
	now := t0
	var got []time.Duration
	for range 4 {
		w, ok, err := cs.NextWake(s, now)
		if err != nil || !ok {
			t.Fatalf("NextWake(%v) = %v, %v, %v", now, w, ok, err)
		}
		got = append(got, w.Sub(t0))
		now = w
	}
	want := []time.Duration{48 * time.Hour, 48*time.Hour + 1, 300 * time.Hour, 360 * time.Hour}
	if !slices.Equal(got, want) {
		t.Errorf("wake-ups after the start: %v, want %v", got, want)
	}
	if _, ok, _ := cs.NextWake(s, now); ok {
		t.Errorf("a wake-up after the last stage")
	}
}

// TestOperatorsComplaintLine folds one complaint through every step's clock
// at once and checks the verdicts.
func TestOperatorsComplaintLine(t *testing.T) {
	cs := mustCompile(t, submitClock, classifyClock, cityDispatchClock, superviseClock, deptDispatchClock,
		cityReturnClock, answerClock, penaltyClock)
	sc := newScript(t)
	events := []Event{
		sc.ev("2025-07-01 09:00", "call_ended"),
		sc.ev("2025-07-01 09:04", "submitted"),
		sc.ev("2025-07-01 09:30", "sent_to_city"),
		sc.ev("2025-07-01 09:45", "city_received"),
		sc.ev("2025-07-01 10:00", "forwarded"),
		sc.ev("2025-07-01 10:10", "sent_to_department"),
		sc.ev("2025-07-01 10:30", "department_received"),
		sc.ev("2025-07-01 16:00", "answered"),
		sc.ev("2025-07-02 09:00", "returned"),
		sc.ev("2025-07-02 11:00", "responsibility_decided", "human_caused", true),
		sc.ev("2025-07-04 17:00", "penalty_reported"),
	}
	s := mustFold(t, cs, State{}, events...)
	now := sc.at("2025-07-05 00:00")
	wantMet := map[string]bool{
		"submit": true, "classify": true, "to city": true, "supervise": false, // answered at 16:00, 6h56 after submission
		"to department": true, "city return": true, "answer": true, "penalty report": true,
	}
	for _, name := range cs.Names() {
		st := mustStatus(t, cs, s, name, now)
		if st.Phase != Stopped || st.Met() != wantMet[name] {
			t.Errorf("%s: phase %v met %v (elapsed %v of %v), want stopped, met %v", name, st.Phase, st.Met(), st.Elapsed, st.Budget, wantMet[name])
		}
	}
	if w, ok, err := cs.NextWake(s, now); ok || err != nil {
		t.Errorf("NextWake after every clock stopped = %v, %v, %v", w, ok, err)
	}
}

// TestOperatorsHotline: 85% of calls answered by a person within 15 seconds,
// counted per hour on shards and merged for the day.
func TestOperatorsHotline(t *testing.T) {
	waits := []time.Duration{} // one day of calls, by hour
	for h := range 24 {
		for i := range 10 + h%5 {
			waits = append(waits, time.Duration((h*7+i*3)%20)*time.Second) // 0..19 s
		}
	}
	onePass, _ := NewWithin(15 * time.Second)
	for _, w := range waits {
		var err error
		if onePass, err = onePass.Observe(w); err != nil {
			t.Fatal(err)
		}
	}
	merged, _ := NewWithin(15 * time.Second)
	for h := 0; h < len(waits); h += 13 {
		shard, _ := NewWithin(15 * time.Second)
		for _, w := range waits[h:min(h+13, len(waits))] {
			shard, _ = shard.Observe(w)
		}
		merged, _ = merged.Merge(shard)
	}
	if merged != onePass {
		t.Errorf("merged shards %v, one pass %v", merged.Rate, onePass.Rate)
	}
	var within int64
	for _, w := range waits {
		if w <= 15*time.Second {
			within++
		}
	}
	if onePass.Rate != (quality.Rate{Num: within, Den: int64(len(waits))}) {
		t.Errorf("rate %v, want %d/%d", onePass.Rate, within, len(waits))
	}
	target := quality.Rate{Num: 85, Den: 100}
	if got, want := onePass.Meets(target), within*100 >= 85*int64(len(waits)); got != want {
		t.Errorf("Meets(85%%) = %v with %v", got, onePass.Rate)
	}
}
