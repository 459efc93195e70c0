// Command sla-clocks runs the complaint line's SLA clocks (../../shared/DOMAIN.md
// §1) over one scripted complaint, the way a CRM host would: it folds each
// event into the order's clock state, sets one timer for the next wake-up,
// reports what changed when the timer fires, and ends with each clock's
// verdict and the explanation of one clock.
//
//	go run ./examples/sla-clocks
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sla-clocks:", err)
		os.Exit(1)
	}
}

// complaintClocks are the complaint line's time limits, step by step.
func complaintClocks() []sla.ClockSpec {
	on := func(event string) []sla.Condition { return []sla.Condition{{When: `event == "` + event + `"`}} }
	within := func(name, cal string, d time.Duration) []sla.TargetSpec {
		return []sla.TargetSpec{{Name: name, Calendar: cal, Within: d}}
	}
	pct := func(p int64) decimal.Decimal { return decimal.NewFromInt(p) }
	return []sla.ClockSpec{
		// The front desk submits the complaint within 5 minutes of the call.
		{Name: "submit", Start: on("call_ended"), Stop: on("submitted"), Targets: within("5 min", "24x7", 5*time.Minute)},
		// Classification and forwarding run in batches at 10:00 and 15:00, Mon–Sat.
		{Name: "classify", Start: on("submitted"), Stop: on("forwarded"), Targets: []sla.TargetSpec{{
			Name: "next batch", Calendar: "24x7",
			Slots: &sla.SlotSpec{Times: []sla.TimeOfDay{sla.HM(10, 0), sla.HM(15, 0)}, Days: sla.WeekdaysMonSat},
		}}},
		// The back office dispatches to the city within 30 minutes of submission …
		{Name: "to city", Start: on("submitted"), Stop: on("sent_to_city"), Targets: within("30 min", "24x7", 30*time.Minute)},
		// … and supervises the complaint when it is not answered within 3 hours.
		{Name: "supervise", Start: on("submitted"), Stop: on("answered"), Targets: within("3 h", "24x7", 3*time.Hour)},
		// The city's quality office dispatches to the department within 30
		// minutes and returns the order within 24 hours.
		{Name: "to department", Start: on("city_received"), Stop: on("sent_to_department"), Targets: within("30 min", "24x7", 30*time.Minute)},
		{Name: "city return", Start: on("city_received"), Stop: on("returned"), Targets: within("24 h", "24x7", 24*time.Hour)},
		// The department answers within 20 working hours; provincial
		// departments within 24.
		{Name: "answer", Start: on("department_received"), Stop: on("answered"),
			Targets: []sla.TargetSpec{
				{Name: "provincial 24 wh", When: `level == "province"`, Calendar: "office", Within: 24 * time.Hour},
				{Name: "20 wh", Calendar: "office", Within: 20 * time.Hour},
			},
			Warnings: []sla.WarningSpec{{Name: "50%", Percent: pct(50)}, {Name: "75%", Percent: pct(75)}, {Name: "2 wh left", Before: 2 * time.Hour}},
		},
		// Penalties for human-caused complaints are reported within one week.
		{Name: "penalty", Start: []sla.Condition{{When: `event == "responsibility_decided" && human_caused`}},
			Stop: on("penalty_reported"), Targets: within("one week", "24x7", 7*24*time.Hour)},
	}
}

// step is one event of the scripted complaint: its id, its instant in
// Shanghai, its name, and the facts it changes.
type step struct {
	id, at, name string
	set          quality.Facts
}

var script = []step{
	{"c1", "2025-09-26 14:50", "call_ended", nil}, // Friday
	{"c2", "2025-09-26 14:54", "submitted", nil},
	{"c3", "2025-09-26 15:00", "forwarded", nil},
	{"c4", "2025-09-26 15:31", "sent_to_city", nil},
	{"c5", "2025-09-26 15:40", "city_received", nil},
	{"c6", "2025-09-26 16:05", "sent_to_department", nil},
	{"c7", "2025-09-26 16:30", "department_received", quality.Facts{"level": "province"}},
	{"c7", "2025-09-26 16:30", "department_received", quality.Facts{"level": "province"}}, // delivered twice
	{"c8", "2025-09-30 11:00", "answered", nil},
	{"c9", "2025-09-30 15:00", "returned", nil},
	{"c10", "2025-10-01 10:00", "responsibility_decided", quality.Facts{"human_caused": true}},
	{"c11", "2025-10-07 16:00", "penalty_reported", nil},
}

func run(w io.Writer) error {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	office, err := sla.Compile(sla.ChinaOffice2025(), loc)
	if err != nil {
		return err
	}
	schema := quality.MustSchema(
		quality.Field{Name: "level", Kind: quality.KindString, Doc: "city or province: who answers"},
		quality.Field{Name: "human_caused", Kind: quality.KindBool, Doc: "the complaint was caused by a person"},
	)
	cs, err := sla.CompileClocks(sla.ClockEnv{Schema: schema,
		Calendars: map[string]*sla.Calendar{"24x7": sla.TwentyFourSeven(loc), "office": office}}, complaintClocks()...)
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "A complaint through the complaint line's clocks (Asia/Shanghai, office calendar of 2025).")
	fmt.Fprintln(w)
	facts := quality.Facts{"level": "city", "human_caused": false}
	state := sla.State{}
	now := time.Time{}
	for _, st := range script {
		at, err := time.ParseInLocation("2006-01-02 15:04", st.at, loc)
		if err != nil {
			return err
		}
		// The host's single timer fires before the event arrives.
		for !now.IsZero() {
			wake, ok, err := cs.NextWake(state, now)
			if err != nil {
				return err
			}
			if !ok || !wake.Before(at) {
				break
			}
			if err := report(w, cs, state, now, wake, "timer"); err != nil {
				return err
			}
			now = wake
		}
		next := make(quality.Facts, len(facts))
		for k, v := range facts {
			next[k] = v
		}
		for k, v := range st.set {
			next[k] = v
		}
		facts = next
		before := state
		state, err = cs.Fold(state, sla.Event{ID: st.id, At: at, Name: st.name, Facts: next})
		if err != nil {
			return err
		}
		if before.Events() == state.Events() {
			fmt.Fprintf(w, "%s  %s (id %s again: ignored)\n", at.Format("Mon 01-02 15:04"), st.name, st.id)
			continue
		}
		if now.IsZero() {
			now = at
		}
		if err := report(w, cs, before, now, at, st.name); err != nil {
			return err
		}
		if err := changes(w, cs, before, state, now, at); err != nil {
			return err
		}
		now = at
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "Verdicts:")
	end := now.Add(time.Hour)
	for _, name := range cs.Names() {
		st, err := cs.Status(state, name, end)
		if err != nil {
			return err
		}
		verdict := "met"
		switch {
		case st.Phase == sla.NotStarted:
			verdict = "not started"
		case st.Breached:
			verdict = "MISSED by " + late(st)
		case st.Phase != sla.Stopped:
			verdict = st.Phase.String()
		}
		fmt.Fprintf(w, "  %-13s %-16s due %-15s used %-9v %s\n", name, st.Target, fmtTime(st.Due), st.Elapsed, verdict)
	}

	tl, err := cs.Explain(state, "answer", end)
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Why the provincial answer was on time (24 working hours):")
	fmt.Fprint(w, tl)
	return nil
}

// report prints the event (or timer) and what passing time changed from
// from to to: warnings reached and breaches.
func report(w io.Writer, cs *sla.Clocks, s sla.State, from, to time.Time, what string) error {
	if what == "timer" {
		fmt.Fprintf(w, "%s  timer\n", fmtTime(to))
	} else {
		fmt.Fprintf(w, "%s  %s\n", to.Format("Mon 01-02 15:04"), what)
	}
	for _, name := range cs.Names() {
		a, err := cs.Status(s, name, from)
		if err != nil {
			return err
		}
		b, err := cs.Status(s, name, to)
		if err != nil {
			return err
		}
		for _, warn := range b.Warnings() {
			if !slices.Contains(a.Warnings(), warn) {
				fmt.Fprintf(w, "    %-13s warning %s (%v of %v used)\n", name, warn, b.Elapsed, b.Budget)
			}
		}
		if b.Breached && !a.Breached {
			fmt.Fprintf(w, "    %-13s BREACHED: due %s\n", name, fmtTime(b.Due))
		}
	}
	return nil
}

// changes prints the clocks an event started or stopped.
func changes(w io.Writer, cs *sla.Clocks, before, after sla.State, prev, at time.Time) error {
	for _, name := range cs.Names() {
		a, err := cs.Status(before, name, prev)
		if err != nil {
			return err
		}
		b, err := cs.Status(after, name, at)
		if err != nil {
			return err
		}
		switch {
		case b.Cycle != a.Cycle:
			fmt.Fprintf(w, "    %-13s started: %s, due %s\n", name, b.Target, fmtTime(b.Due))
		case b.Phase != a.Phase && b.Phase == sla.Stopped && b.Breached:
			fmt.Fprintf(w, "    %-13s stopped after %v: late by %s\n", name, b.Elapsed, late(b))
		case b.Phase != a.Phase && b.Phase == sla.Stopped:
			fmt.Fprintf(w, "    %-13s stopped after %v: on time\n", name, b.Elapsed)
		}
	}
	return nil
}

// late says by how much working time (real time on a 24×7 desk) a clock
// overran its target.
func late(st sla.Status) string { return (-st.Remaining).String() }

// fmtTime prints an instant as "Mon 01-02 15:04:05", with nanoseconds when
// it has any (a breach begins one nanosecond after the due instant).
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	s := t.Format("Mon 01-02 15:04:05")
	if ns := t.Nanosecond(); ns != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%09d", ns), "0")
	}
	return s
}
