package slatest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/quality/qualitytest"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/sla/slatest"
)

// repairClocks are the repair clock of package sla's worked example: 8
// working hours on the 2025 office calendar (4 hours round the clock when
// urgent), paused while the customer is awaited.
func repairClocks() (*sla.Clocks, *time.Location) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	office, err := sla.Compile(sla.ChinaOffice2025(), loc)
	if err != nil {
		panic(err)
	}
	schema := quality.MustSchema(
		quality.Field{Name: "status", Kind: quality.KindString},
		quality.Field{Name: "priority", Kind: quality.KindString},
	)
	on := func(name string) []sla.Condition { return []sla.Condition{{When: `event == "` + name + `"`}} }
	return sla.MustCompileClocks(sla.ClockEnv{Schema: schema, Calendars: map[string]*sla.Calendar{"office": office, "24x7": sla.TwentyFourSeven(loc)}},
		sla.ClockSpec{Name: "repair", Start: on("dispatched"), Stop: on("resolved"),
			Pause:  []sla.Condition{{Name: "waiting for customer", When: `event == "status_changed" && status == "pending_customer"`}},
			Resume: []sla.Condition{{When: `event == "status_changed" && status == "in_progress"`}},
			Targets: []sla.TargetSpec{
				{Name: "urgent", When: `priority == "urgent"`, Calendar: "24x7", Within: 4 * time.Hour},
				{Name: "normal", Calendar: "office", Within: 8 * time.Hour},
			}}), loc
}

// A repair order in a few lines, folded by the clocks; the expected status
// is wrong about the due instant, and the failure says where.
func ExampleNewOrder() {
	clocks, shanghai := repairClocks()
	var t qualitytest.Recorder // stands in for the test's *testing.T
	t.Run(func(t testing.TB) {
		o := slatest.NewOrder(t, "WO-1", shanghai, quality.Facts{"status": "new", "priority": "normal"})
		o.At("2025-09-29 16:00", "dispatched")
		o.At("+18h", "status_changed", "status", "pending_customer")
		o.At("2025-10-01 10:00", "status_changed", "status", "in_progress")
		o.At("2025-10-09 16:00", "resolved")

		state, err := clocks.Fold(sla.State{}, o.Events()...)
		if err != nil {
			t.Fatal(err)
		}
		got := slatest.Statuses(t, clocks, state, o.Time("+1h"))[0]
		fmt.Println(got.Phase, got.Elapsed, got.Due.Format("Mon 2 Jan 15:04"), got.Breached)

		want := got
		want.Due = o.Time("2025-10-09 14:00") // a mistaken expectation
		qualitytest.ExpectEqual(t, "repair status", want, got, slatest.Options())
	})
	fmt.Print(t.String())
	// Output:
	// stopped 9h0m0s Thu 9 Oct 15:00 true
	// repair status differs from what was expected:
	//     .Due: want 2025-10-09T14:00:00+08:00, got 2025-10-09T15:00:00+08:00
}

// The same order written as text, typed by the schema.
func ExampleParseOrder() {
	clocks, shanghai := repairClocks()
	schema := quality.MustSchema(
		quality.Field{Name: "status", Kind: quality.KindString},
		quality.Field{Name: "priority", Kind: quality.KindString},
	)
	var t qualitytest.Recorder
	t.Run(func(t testing.TB) {
		o := slatest.ParseOrder(t, shanghai, schema, `
			WO-1  status=new priority=normal
			2025-09-29 16:00  dispatched
			+18h              status_changed status=pending_customer   // the customer is away
			2025-10-01 10:00  status_changed status=in_progress
			2025-10-09 16:00  resolved
		`)
		state, err := clocks.Fold(sla.State{}, o.Events()...)
		if err != nil {
			t.Fatal(err)
		}
		st := slatest.Statuses(t, clocks, state, o.Last())[0]
		fmt.Println(len(o.Events()), "events:", st.Phase, st.Elapsed, "breached:", st.Breached)
	})
	fmt.Print(t.String())
	// Output:
	// 4 events: stopped 9h0m0s breached: true
}

// An explanation that no longer matches its golden file.
func ExampleGoldenTimeline() {
	clocks, shanghai := repairClocks()
	dir, err := os.MkdirTemp("", "slatest")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "repair.golden")

	var t qualitytest.Recorder
	t.Run(func(t testing.TB) {
		o := slatest.NewOrder(t, "WO-1", shanghai, quality.Facts{"status": "new", "priority": "normal"})
		o.At("2025-09-29 16:00", "dispatched")
		state, err := clocks.Fold(sla.State{}, o.Events()...)
		if err != nil {
			t.Fatal(err)
		}
		tl, err := clocks.Explain(state, "repair", o.Time("2025-09-30 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		// The golden file was written when the office closed at 17:00.
		old := strings.ReplaceAll(tl.String(), "17:30", "17:00")
		if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
			t.Fatal(err)
		}
		slatest.GoldenTimeline(t, path, tl)
	})
	fmt.Print(strings.ReplaceAll(t.String(), dir, "testdata"))
	// Output:
	// output differs from the golden file testdata/repair.golden (-want +got); if the change is intended, run the test with -update:
	// @@ want 1, got 1 @@
	//   clock repair
	// -   #1 2025-09-29 16:00:00 .. 2025-09-29 17:00:00  1h30m0s  counted
	// -   #1 2025-09-29 17:00:00 .. 2025-09-30 08:30:00  15h0m0s  not counted: outside working hours
	// +   #1 2025-09-29 16:00:00 .. 2025-09-29 17:30:00  1h30m0s  counted
	// +   #1 2025-09-29 17:30:00 .. 2025-09-30 08:30:00  15h0m0s  not counted: outside working hours
	//     #1 2025-09-30 08:30:00 .. 2025-09-30 09:00:00  30m0s  counted
	//     #1 2025-09-29 16:00:00  started: normal
}

// Every calendar the generator draws compiles; here twenty draws, as a
// property test would make them with rapid.Check.
func ExampleCalendars() {
	gen := slatest.Calendars(slatest.CalendarOptions{})
	compiled := 0
	for seed := range 20 {
		c := gen.Example(seed)
		if _, err := sla.Compile(c.Spec, c.Location); err == nil {
			compiled++
		}
	}
	fmt.Println(compiled, "of 20 drawn calendars compile")
	// Output:
	// 20 of 20 drawn calendars compile
}

// Every event stream the generator draws for a set of clocks folds.
func ExampleEvents() {
	clocks, shanghai := repairClocks()
	schema := quality.MustSchema(
		quality.Field{Name: "status", Kind: quality.KindString},
		quality.Field{Name: "priority", Kind: quality.KindString},
	)
	gen := slatest.Events(clocks, slatest.StreamOptions{Schema: schema, Location: shanghai, Duplicates: true})
	folded := 0
	for seed := range 20 {
		if _, err := clocks.Fold(sla.State{}, gen.Example(seed)...); err == nil {
			folded++
		}
	}
	fmt.Println(folded, "of 20 drawn orders fold")
	// Output:
	// 20 of 20 drawn orders fold
}
