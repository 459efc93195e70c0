package escalation_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
)

// complaintScript is one complaint's life as a host sees it: its events and
// the wake-ups between them (ticks), each with the instant it is processed.
func complaintScript() (start time.Time, steps []struct {
	ev  escalation.Event
	now time.Time
}) {
	start = time.Date(2025, 7, 1, 1, 0, 0, 0, time.UTC)
	f := quality.Facts{"invalid": false, "provincial": false, "cause": "human", "major": false, "common": false, "satisfied": false}
	ok := quality.Facts{"invalid": false, "provincial": false, "cause": "human", "major": false, "common": false, "satisfied": true}
	add := func(id, name string, d time.Duration, facts quality.Facts) {
		now := start.Add(d)
		ev := escalation.Event{Facts: facts}
		if name != "" {
			ev = escalation.Event{ID: id, Name: name, At: now, Facts: facts}
		}
		steps = append(steps, struct {
			ev  escalation.Event
			now time.Time
		}{ev, now})
	}
	add("1", "submit", 3*time.Minute, f)
	add("", "", 33*time.Minute, f) // the back office's 30 minutes
	add("2", "dispatch", 40*time.Minute, f)
	add("3", "assign", 60*time.Minute, f)
	add("", "", 3*time.Hour+3*time.Minute, f) // supervision
	add("4", "answer", 15*time.Hour, f)
	add("5", "return", 16*time.Hour, f)
	add("6", "decide", 17*time.Hour, f)
	add("7", "penalty_reported", 40*time.Hour, f)
	add("8", "callback", 50*time.Hour, ok)
	return start, steps
}

// BenchmarkComplaintStep measures one step (an event or a wake-up) of the
// complaint machine, cycling through a whole complaint's life; ns/op and
// allocs/op are per step. The host reuses one Result (StepInto).
func BenchmarkComplaintStep(b *testing.B) {
	m := mustCompile(complaintLine(), complaintFacts)
	start, steps := complaintScript()
	first, err := m.Start("C-bench", start, nil)
	if err != nil {
		b.Fatal(err)
	}
	var res escalation.Result
	st := first.State
	i := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for n := 0; n < b.N; n++ {
		s := steps[i]
		if err := m.StepInto(&res, st, s.ev, s.now); err != nil {
			b.Fatal(err)
		}
		st = res.State
		if i++; i == len(steps) {
			i, st = 0, first.State
		}
	}
	b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time the process has used (all threads, garbage
// collection included). On a machine shared with other work, ns/op counts the
// time the benchmark waited for a core; cpu-ns/op does not.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkComplaintStepNoGuards is the same life with the guards' facts
// evaluated nowhere: the steps whose transitions have no guard.
func BenchmarkComplaintStepUnguarded(b *testing.B) {
	m := mustCompile(complaintLine(), complaintFacts)
	start, steps := complaintScript()
	first, err := m.Start("C-bench", start, nil)
	if err != nil {
		b.Fatal(err)
	}
	// submit, the tick, and the supervision tick: no guard is evaluated.
	res, _ := m.Step(first.State, steps[0].ev, steps[0].now)
	var out escalation.Result
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if err := m.StepInto(&out, res.State, steps[1].ev, steps[1].now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkActionID(b *testing.B) {
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		_ = escalation.NewActionID("C-20250701-001", "complaint", 1, uint64(n), 0, 1)
	}
}

// TestComplaintScriptCloses keeps the benchmark honest: its script takes the
// complaint all the way to closed.
func TestComplaintScriptCloses(t *testing.T) {
	m := mustCompile(complaintLine(), complaintFacts)
	start, steps := complaintScript()
	res, err := m.Start("C-bench", start, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := res.State
	for _, s := range steps {
		res, err := m.Step(st, s.ev, s.now)
		if err != nil {
			t.Fatal(err)
		}
		if s.ev.Name != "" && res.Status != escalation.StatusApplied {
			t.Errorf("%s: %v", s.ev.Name, res.Status)
		}
		st = res.State
	}
	if st.Current != "closed" {
		t.Errorf("ends in %s", st.Current)
	}
}
