package sla

import (
	"time"

	"github.com/shopspring/decimal"
)

// ClockSpec declares one named SLA clock as plain data: when it starts,
// pauses, resumes, stops, resets and is cancelled, which target applies, and
// which warnings it raises. A policy file decodes into ClockSpecs; build them
// into a [Clocks] value with [CompileClocks]. The JSON field names are the
// ones shown in the struct tags.
//
// Each condition is a boolean quality rule over the order's facts and the
// string fact "event" (the event's name), such as
//
//	event == "status_changed" && status == "pending_customer"
//
// The clock applies at most one lifecycle change and one pause change per
// event, in this order (see the package documentation, # Clocks):
//
//  1. an open cycle ends when a Cancel condition holds, else when a Stop
//     condition holds (the event then starts nothing);
//  2. otherwise a Reset condition ends the open cycle, if any, and starts a
//     new one at the event's instant;
//  3. otherwise, with no open cycle, a Start condition starts a new cycle
//     (a reopened order starts cycle 2, 3 …; earlier cycles stay in the history);
//  4. then, in an open cycle, a running clock pauses when a Pause condition
//     holds, and a paused clock resumes when a Resume condition holds.
type ClockSpec struct {
	// Name identifies the clock within its order ("dispatch", "contact").
	Name string `json:"name"`

	// Start lists the conditions that start a cycle; at least one is required.
	Start []Condition `json:"start"`
	// Pause and Resume come together: both empty (a clock that never pauses,
	// such as the call to the customer) or both set (the repair waits for the
	// customer or for parts). A clock that can pause must use [TargetSpec.Within]
	// targets: a deadline or a batch slot is an instant that a pause cannot move.
	Pause  []Condition `json:"pause,omitempty"`
	Resume []Condition `json:"resume,omitempty"`
	// Stop ends the cycle: the order met or missed its target.
	Stop []Condition `json:"stop,omitempty"`
	// Reset ends the open cycle (if any) and starts a new one at once, with
	// its elapsed time back at zero.
	Reset []Condition `json:"reset,omitempty"`
	// Cancel ends the cycle without a verdict: the order left the SLA (an
	// invalid complaint, a duplicate order).
	Cancel []Condition `json:"cancel,omitempty"`

	// Targets are tried in order on the event that starts a cycle; the first
	// whose When holds applies. The last target must have no When, so that
	// every cycle has a target.
	Targets []TargetSpec `json:"targets"`

	// OnTargetChange says what happens when, later in a cycle, a different
	// target becomes the first match (priority raised, product changed). The
	// zero value means [KeepElapsed].
	OnTargetChange TargetChange `json:"on_target_change,omitempty"`

	// Warnings are thresholds reported in each status and in the next
	// wake-up; at most 64 per clock.
	Warnings []WarningSpec `json:"warnings,omitempty"`
}

// Condition is a named boolean rule.
type Condition struct {
	// Name appears in explanations ("paused: waiting for customer"). Empty
	// means the rule text itself.
	Name string `json:"name,omitempty"`
	// When is a boolean quality rule over the order's facts and "event".
	When string `json:"when"`
}

// TargetSpec is one target of a clock: a budget of working time, a batch
// slot or a deadline taken from the facts; exactly one of Within, Slots and
// Deadline is set. Any of them may also have a NotBefore instant: a cycle
// stopped before it is early (the technician arrived before the appointment
// window opened) and did not meet the target.
type TargetSpec struct {
	// Name identifies the target in statuses and in the state ("p1", "default").
	Name string `json:"name"`
	// When chooses the target (first match wins); empty matches every order.
	When string `json:"when,omitempty"`
	// Calendar names the calendar, in [ClockEnv.Calendars], on which working
	// time is counted (business hours, or a 24×7 desk). Required.
	Calendar string `json:"calendar"`

	// Within is a budget of working time on the calendar: the clock is due
	// when that much working time has elapsed in the cycle. Pauses push the
	// due instant later.
	Within time.Duration `json:"within,omitempty"`
	// Slots makes the due instant the first batch slot strictly after the
	// cycle's start (10:00 and 15:00, Monday to Saturday).
	Slots *SlotSpec `json:"slots,omitempty"`
	// Deadline is a quality rule of kind time over the facts (such as
	// "appointment_end"): the due instant is its value. A changed value on a
	// later event is a target change.
	Deadline string `json:"deadline,omitempty"`

	// NotBefore is a quality rule of kind time over the facts (such as
	// "appointment_start"), allowed with every kind of target: a cycle that
	// stops strictly before its value is early ([Status.Early]) and does not
	// meet the target, whatever its due instant. It is evaluated when the
	// target is chosen, as Deadline is: when the cycle starts and, unless the
	// clock keeps its first target ([KeepFirst]), on every later event that
	// chooses the target again; a changed value is a target change. Empty
	// means no lower bound.
	NotBefore string `json:"not_before,omitempty"`
}

// SlotSpec declares batch slots: the wall-clock times, on the given weekdays,
// in the zone of the target's calendar. The complaint line forwards at 10:00
// and 15:00, Monday to Saturday:
//
//	SlotSpec{Times: []TimeOfDay{HM(10, 0), HM(15, 0)}, Days: WeekdaysMonSat}
type SlotSpec struct {
	// Times are wall-clock times of day ("10:00" in JSON); 24:00 is refused.
	Times []TimeOfDay `json:"times"`
	// Days are the weekdays on which the slots run (["mon", …] in JSON).
	Days Weekdays `json:"days"`
	// SkipClosed skips every slot that is not a working instant of the
	// target's calendar (a public holiday, a closed afternoon); otherwise the
	// slots follow Times and Days only.
	SkipClosed bool `json:"skip_closed,omitempty"`
}

// WarningSpec is one warning threshold; exactly one of Percent, Before and
// After is set. A warning is reached when the cycle's elapsed working time
// reaches its threshold, measured against the current target.
type WarningSpec struct {
	// Name appears in statuses and explanations ("half", "supervise").
	Name string `json:"name"`
	// Percent of the target's budget, such as 50, 75 or 100 (at most six
	// decimal places, above 0 and at most 1000). The threshold is rounded up to
	// the nanosecond, so that a reached warning always means at least that
	// share is used.
	Percent decimal.Decimal `json:"percent"`
	// Before is an amount of working time before the due instant ("two working
	// hours before due"). When the budget is shorter, it is reached at the start.
	Before time.Duration `json:"before,omitempty"`
	// After is an amount of working time elapsed (the overdue stages: 48 hours,
	// 300 hours, 15 days), whatever the budget.
	After time.Duration `json:"after,omitempty"`
}

// TargetChange is the policy applied when a different target becomes the
// first match in the middle of a cycle.
type TargetChange uint8

const (
	// TargetChangeInvalid is not a policy; in a [ClockSpec] the zero value
	// selects [KeepElapsed].
	TargetChangeInvalid TargetChange = iota
	// KeepElapsed keeps the working time already elapsed in the cycle
	// (recounted on the new target's calendar over the same running stretches)
	// and recomputes the due instant from the new target. The original target
	// and its due instant stay in the status, so a report can show both: the
	// order was due at 12:00 under "normal", and is due at 10:30 under "urgent".
	KeepElapsed
	// KeepFirst fixes the target when the cycle starts; later matches are
	// ignored.
	KeepFirst
)

var targetChangeNames = [...]string{KeepElapsed: "keep_elapsed", KeepFirst: "keep_first"}

// String returns "keep_elapsed", "keep_first" or "invalid".
func (p TargetChange) String() string {
	if p == TargetChangeInvalid || int(p) >= len(targetChangeNames) {
		return "invalid"
	}
	return targetChangeNames[p]
}

// MarshalText encodes the policy as its name; the invalid zero value encodes
// as "" (the default of a [ClockSpec]).
func (p TargetChange) MarshalText() ([]byte, error) {
	if p == TargetChangeInvalid {
		return nil, nil
	}
	if int(p) >= len(targetChangeNames) {
		return nil, &ClockSpecError{Path: "on_target_change", Err: errorf("unknown policy %d", int(p))}
	}
	return []byte(targetChangeNames[p]), nil
}

// UnmarshalText decodes a policy name; "" gives the zero value (the default).
func (p *TargetChange) UnmarshalText(b []byte) error {
	switch string(b) {
	case "":
		*p = TargetChangeInvalid
	case "keep_elapsed":
		*p = KeepElapsed
	case "keep_first":
		*p = KeepFirst
	default:
		return &ClockSpecError{Path: "on_target_change", Err: errorf("unknown policy %q (want keep_elapsed or keep_first)", string(b))}
	}
	return nil
}
