package sla

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestRetargetPausedAtDueNotBreached: a budget used up exactly when the
// clock paused is not breached (a cycle stopped or paused at Due is on
// time), also when a target change re-counts it. Before the fix, a change
// made while paused (urgent -> normal -> urgent) marked the urgent target
// breached at the pause, although the order that stayed urgent was not.
func TestRetargetPausedAtDueNotBreached(t *testing.T) {
	cs := mustCompile(t, repairClock)
	sc := newScript(t)
	stayed := mustFold(t, cs, State{},
		sc.ev("2025-07-01 00:00", "dispatched", "priority", "urgent"),
		sc.ev("2025-07-01 04:00", "status_changed", "status", "pending_customer"))
	changed := mustFold(t, cs, stayed,
		sc.ev("2025-07-01 04:30", "priority_changed", "priority", "normal"),
		sc.ev("2025-07-01 05:00", "priority_changed", "priority", "urgent"))
	now := sc.at("2025-07-01 06:00")
	a, b := mustStatus(t, cs, stayed, "repair", now), mustStatus(t, cs, changed, "repair", now)
	if a.Breached || a.Elapsed != a.Budget || a != b {
		t.Errorf("stayed urgent:\n%+v\nchanged back to urgent:\n%+v", a, b)
	}
	// Running on past the due instant after resuming is a breach either way.
	next := sc.ev("2025-07-01 07:00", "status_changed", "status", "in_progress")
	later := sc.at("2025-07-01 07:00:01")
	a, b = mustStatus(t, cs, mustFold(t, cs, stayed, next), "repair", later), mustStatus(t, cs, mustFold(t, cs, changed, next), "repair", later)
	if !a.Breached || a != b {
		t.Errorf("after resuming:\n%+v\n%+v", a, b)
	}
}

// TestPropertyRetargetSameBudget: switching between two targets with the
// same budget and calendar (priority raised and lowered) recounts the
// cycle to exactly what the clock counts with a single target: elapsed
// time, due instant, breach and warnings, however the clock paused.
func TestPropertyRetargetSameBudget(t *testing.T) {
	for _, cal := range []string{"24x7", "office"} {
		twin, single := repairClock, repairClock
		twin.Name, single.Name = "twin", "single"
		twin.Targets = []TargetSpec{
			{Name: "urgent", When: `priority == "urgent"`, Calendar: cal, Within: 4 * time.Hour},
			{Name: "normal", Calendar: cal, Within: 4 * time.Hour},
		}
		single.Targets = []TargetSpec{{Name: "normal", Calendar: cal, Within: 4 * time.Hour}}
		cs := mustCompile(t, twin, single)
		loc := shanghai(t)
		t.Run(cal, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				o := genOrder(t, loc, 25)
				s := foldAll(t, cs, o.events)
				now := drawAfter(t, o.last, "now")
				h1, _ := cs.History(s, "twin", now)
				h2, _ := cs.History(s, "single", now)
				for i := range h1 {
					a, b := h1[i], h2[i]
					if a.Phase != b.Phase || a.Elapsed != b.Elapsed || !a.Due.Equal(b.Due) || a.Breached != b.Breached ||
						!a.BreachedAt.Equal(b.BreachedAt) || a.Reached != b.Reached {
						t.Fatalf("cycle %d at %v:\n%+v\n%+v", i+1, now, a, b)
					}
				}
			})
		})
	}
}
