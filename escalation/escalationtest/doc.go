// Package escalationtest helps test escalation machines: go-cmp options for
// steps' results, rapid generators of valid machine definitions and of step
// scripts, invariant checks of every step, golden diagrams and simulated
// timelines, and the bridge from a work-order fixture to escalation events.
// It is imported only from _test.go files, beside package escalation as
// net/http/httptest is beside net/http; library code never imports it. It
// builds on quality/qualitytest, whose package documentation describes the
// test kits, the stable Diff text and the one -update flag.
//
// # Generators
//
// Definitions draws definitions of the shapes policy writers write: a chain
// of states to a terminal one, linked by events and by state or named
// timers, with extra transitions, guards over GuardSchema's facts, repeats,
// counters with thresholds, reopenings and warning levels. Many fail
// validation, as real drafts do; Machines draws only those that compile.
// Inputs draws step scripts (time passing, events arriving late, ticks),
// Step applies one and CheckResult checks what every step promises:
//
//	rapid.Check(t, func(t *rapid.T) {
//		m := escalationtest.Machines(escalation.Env{}).Draw(t, "machine")
//		res, _ := m.Start("WO-1", start, nil)
//		st := res.State
//		for i, in := range escalationtest.Inputs(m.Events(), escalationtest.GuardFacts()).Draw(t, "script") {
//			res := escalationtest.Step(t, m, st, in, i)
//			escalationtest.CheckResult(t, m, res, st.Now.Add(in.Advance))
//			st = res.State
//		}
//	})
//
// # Comparing
//
// Options compares results, states and timelines field by field, instants
// by instant. IgnoreVolatile leaves out an action's lateness and trace
// position, which depend on when the host woke the order, so that a late
// host's actions compare equal to a punctual one's; IgnoreActionIDs leaves
// out the ids, which change with the machine's version.
//
// # Golden files and fixtures
//
// GoldenDiagram keeps a definition's Mermaid or DOT drawing under
// testdata; GoldenTimeline a simulated order. FromSLA turns the events of a
// slatest.Order into escalation events, so one fixture drives an order's
// clocks and its machine.
package escalationtest
