// Package sla holds business calendars and the SLA clocks that run on them.
//
// Every time limit of a service operator runs on a calendar: "answer within 20
// working hours" counts office hours only, skips public holidays and counts
// China's make-up working days (调休, a Saturday or Sunday that is a working
// day); "call the customer within 20 minutes" runs on a desk that never
// closes. This package computes such limits exactly and fast, and it never
// reads the clock or the local zone: instants and the *time.Location come
// from the caller.
//
// # Calendars
//
// A [Spec] is plain data, in one time zone: for each weekday, a list of
// working windows on the wall clock ("08:30-12:00", "13:30-17:30"; a window
// such as "22:00-06:00" runs past midnight and belongs to the day it starts
// on; "00:00-24:00" is a whole day), and dated exceptions:
//
//   - "closed" closes whole days (a holiday, a span of days): the days' own
//     windows are removed, including the part of an overnight window that
//     runs into the next morning;
//   - "closed-hours" closes wall-clock windows on the given days, whichever
//     day's window the time belongs to;
//   - "override" replaces the days' windows (a make-up working day, a half
//     day).
//
// [Compile] checks a Spec against its *time.Location and builds a [Calendar].
// It refuses, with a [*SpecError] naming the faulty part ("week.mon[1]",
// "exceptions[3]"): a week without any working window (no time limit could
// ever end), windows that overlap within a day or an overnight window that
// runs into the next day's windows (including across an override), times
// outside 00:00–24:00, empty windows, dates that do not exist, two exceptions
// that set the hours of the same day, an unknown version, and a zone name
// other than the location's. [TwentyFourSeven] is the calendar of a desk that
// never closes; [Intersect] and [Union] combine two calendars of one zone.
// [ChinaOffice2025] and [ChinaHolidays2025] ship the 2025 State Council
// holiday arrangement as data.
//
// A Spec marshals to JSON with a "version" field; [ParseSpec] (and
// Spec.UnmarshalJSON) read it strictly, refusing unknown versions, unknown
// fields and invalid calendars with positioned errors.
//
// # Working time
//
// An instant is working time when the wall clock in the calendar's zone then
// shows a time inside one of that day's windows (or inside the overnight part
// of the previous day's window). Working time is the real time elapsed while
// that is so. A window is half-open, [start, end): its start is working time,
// its end is not, so 17:30 is outside 08:30–17:30 and two windows may touch
// (12:00–13:00 and 13:00–14:00 make one stretch).
//
// [Calendar.Between](a, b) is the working time in [a, b) (negative when b is
// before a). [Calendar.Add](t, d) is the earliest instant u at or after t with
// Between(t, u) == d: counting starts at the next window when t is outside
// one, and a result can be the end of a window (17:30 rather than 08:30 the
// next morning). A negative d counts backwards: the latest u at or before t
// with Between(u, t) == -d, which can be the start of a window. [Calendar.IsWorking],
// [Calendar.NextWorking] (t, or the start of the next stretch) and
// [Calendar.PrevWorking] (t, or the end of the last stretch) locate
// working time; [Calendar.Segments] cuts a span into working and non-working
// pieces with reasons ("closed: Spring Festival (春节)"), for explanations.
//
// Worked example: the Chinese office of [ChinaOffice2025], 08:30–12:00 and
// 13:30–17:30 Monday to Friday, closed 28 January to 4 February 2025 for the
// Spring Festival. A complaint received Monday 27 January at 09:00 must be
// answered within 24 working hours:
//
//	Mon 27 Jan  09:00–12:00, 13:30–17:30    7h    total  7h
//	28 Jan – 4 Feb   closed: Spring Festival      0h
//	Wed 5 Feb   08:30–12:00, 13:30–17:30    7h30  total 14h30
//	Thu 6 Feb   08:30–12:00, 13:30–17:30    7h30  total 22h
//	Fri 7 Feb   08:30–10:30                 2h    total 24h
//
// so Add(Mon 27 Jan 09:00, 24h) is Friday 7 February 10:30, and Between of
// those two instants is 24h. (Sunday 26 January, a make-up working day, lies
// before the start and does not count.)
//
// The laws that hold, for any calendar and instants a <= b <= c (within the
// years [MinYear] to [MaxYear]; results not cut at those ends):
//
//   - Between(a, c) == Between(a, b) + Between(b, c);
//   - Add(a, Between(a, b)) == max(a, PrevWorking(b)); in particular it is b
//     when the time just before b is working time (b working and not the
//     first instant of a stretch, or b the end of one);
//   - Add(t, d) is non-decreasing in t and in d, Between(t, Add(t, d)) == d,
//     and Add(Add(t, d), -d) == NextWorking(t) for d > 0;
//   - Add(Add(t, d1), d2) == Add(t, d1+d2) when d1 and d2 have the same sign
//     (both >= 0 or both <= 0); with opposite signs it does not hold:
//     Add(Add(t, 1h), -1h) is the start of the next stretch, not t, when t is
//     outside working time.
//
// # Daylight-saving time
//
// Windows are wall-clock times; working time is real time. A window that
// spans a change counts the real hours: 00:00–06:00 on the night the clocks
// go forward in New York holds 5 hours, on the night they go back 7. A 24×7
// calendar counts real time: 24 hours after Saturday 8 March 2025 12:00 EST
// is Sunday 9 March 13:00 EDT.
//
// Wall times that do not exist (the hour skipped when clocks go forward) are
// never shown, so they hold no working time: a window 02:00–03:00 on that day
// is empty, 01:30–03:30 holds one hour, and a window that starts in the gap
// starts in effect when the clocks jump. Wall times that occur twice (the hour
// repeated when clocks go back) are working time both times they are shown: a
// window 01:00–02:00 on that night holds two real hours, and a window that
// ends at 01:30 is working from its start to the first 01:30 and again from
// the second 01:00 to the second 01:30. These rules follow from the one
// definition above and need no special case; Australia/Lord_Howe's
// half-hour change works the same way.
//
// # Speed
//
// [Compile] lays the working time of the years [DefaultIndexFrom] to
// [DefaultIndexTo] (exclusive) out as sorted real intervals with cumulative
// sums, with a table of each day's first interval (about 280 KB for an
// office with a lunch break; a millisecond or two to build); [CompileRange]
// chooses other years. Add, Between, IsWorking, NextWorking and PrevWorking
// inside those years are searches in that index: their cost does not grow
// with the span (tens of nanoseconds) and they do not allocate. Outside the
// indexed years the answers are the same, computed by building the intervals
// of the years concerned at each call (tens of microseconds per year).
// A calendar covers the years [MinYear] (1900) to [MaxYear] (2499): instants
// outside are moved to those ends, and Add stops there; this also bounds the
// cost of the slower path for a calendar with very little working time.
//
// # Clocks
//
// An SLA clock measures one time limit of one work order: "the fault reaches
// the technician within 3 minutes of the call", "the department answers
// within 20 working hours". A [ClockSpec] declares a clock as plain data (a
// policy file decodes into it); [CompileClocks] checks the specs of the clocks
// one kind of order carries and compiles them into a [Clocks] value, which is
// immutable and shared by all orders.
//
// A clock is a pure fold over the order's events. An [Event] has an id, an
// instant, a name ("dispatched", "status_changed") and the order's facts as
// they stand after it. [Clocks.Fold] applies events to a [State] and returns
// the new State; nothing else changes and nothing reads the clock (event
// instants lie after 1970 and before 2200; budgets and warning thresholds are
// at most 50 years). Questions
// about an instant — [Clocks.Status], [Clocks.History], [Clocks.NextWake],
// [Clocks.ThresholdAt], [Clocks.Explain] — take the state and the instant.
//
// # Conditions and cycles
//
// Six lists of conditions say what an event does to a clock. A condition is
// a boolean quality rule over the order's facts and the string fact "event",
// the event's name, such as
//
//	event == "status_changed" && status == "pending_customer"
//
// Per event and per clock, at most one lifecycle change and one pause change
// happen, in this order:
//
//  1. in an open cycle, a Cancel condition ends it (cancelled: no verdict),
//     else a Stop condition ends it (stopped: met or missed); an event that
//     ends a cycle starts nothing;
//  2. otherwise a Reset condition ends the open cycle, if any, and starts a
//     new one at the same instant, elapsed time back at zero;
//  3. otherwise, with no open cycle, a Start condition starts a new cycle;
//  4. then a running clock pauses when a Pause condition holds (the
//     condition's name is kept for explanations), and a paused clock resumes
//     when a Resume condition holds.
//
// Each start opens a new cycle, numbered from 1: a reopened order runs cycle
// 2 while cycle 1 stays in the history with its verdict. Several clocks of
// one order read the same events with different conditions: the call to the
// customer never pauses; the repair pauses while the customer or the parts
// are awaited.
//
// A condition whose text requires a name (event == "x", event in ["x", "y"],
// or such a test joined to the rest by &&) is not evaluated at all for events
// of other names: the clocks compare the name and evaluate only the rest of
// the rule, so such events need not carry the facts the rest reads. Other
// events must carry every fact a condition reads ([quality.ErrMissingFact]).
//
// # Targets
//
// A cycle's target is chosen by the clock's [TargetSpec]s in order, first
// match (priority, product, customer tier …); the last has no condition. A
// target counts working time on a named [Calendar] (office hours or a 24×7
// desk) and is one of:
//
//   - Within: a budget of working time. The due instant is where the cycle's
//     count reaches the budget, computed with [Calendar.Add]; pauses push it
//     later.
//   - Slots: the first batch slot strictly after the cycle's start (10:00
//     and 15:00, Monday to Saturday, in the calendar's zone; with SkipClosed,
//     slots that are not working instants of the calendar are skipped, so the
//     Spring Festival has none).
//   - Deadline: an instant taken from the facts by a time rule (the end of
//     the appointment window).
//
// A slot or a deadline is an instant that a pause cannot move, so a clock
// that has Pause conditions must use Within targets (CompileClocks refuses
// the others). For an instant target, the budget shown is the working time
// from the cycle's start to the instant.
//
// Any target may also have a NotBefore rule, a time rule over the facts
// (the start of the appointment window), evaluated whenever the target is
// chosen, as a deadline is. A cycle that stops strictly before that instant
// is early: the technician arrived before the window opened, which the
// operators do not count as on time (arrival inside the agreed window, 95%
// on-time fulfilment). The appointment 2025-07-01 14:00–16:00 in Shanghai,
// as a target with NotBefore "appointment_start" and Deadline
// "appointment_end":
//
//	arrived 13:40   stopped, early            not met
//	arrived 14:00   stopped                   met (the window's start is inside it)
//	arrived 14:30   stopped                   met
//	arrived 16:00   stopped                   met (Due is the last on-time instant)
//	arrived 16:10   stopped, breached at 16:00  not met
//
// The not-before instant moves nothing else: not the due instant, the
// elapsed time, a warning or a breach; a pause does not move it either.
//
// When, later in a cycle, another target becomes the first match (priority
// raised; an appointment moved, which changes a deadline or a not-before
// instant), the clock applies its [TargetChange] policy.
// The default, [KeepElapsed], keeps the working time already elapsed — counted
// again on the new target's calendar over the same running stretches — and
// computes the due instant from the new target; if the new budget was already
// used up, the clock is breached since the instant it was. The target chosen
// at the start stays in the status as the original target, with its own due
// instant and breach, so a report can say "due 09:30 under normal, 13:00
// under urgent". A moved not-before instant alone keeps the track as it is;
// the original target keeps the window first agreed, so a report can say
// "early for the window first agreed, on time for the one the customer
// moved it to". [KeepFirst] ignores later matches.
//
// # Status, warnings and breaches
//
// A [Status] gives a clock's latest cycle at an instant: its phase, the
// working time elapsed, the budget, the remaining time (negative once
// overrun), the due instant, the percentage used ([Status.PercentUsed], rounded
// down), whether and when the target was breached, and the same for the
// original target. Due is the last instant on time: a cycle stopped at Due
// met its target; at every later instant a running clock is breached
// (BreachedAt is that Due). While a Within target is paused its due instant
// is unknown and Due is zero, unless it was already breached. NotBefore is
// the first instant on time, when the target has one, and a cycle stopped
// before it is Early. [Status.Met] is a verdict on a stopped cycle: neither
// breached nor early. Cancelled and reset cycles have no verdict.
//
// Warnings are thresholds of elapsed working time against the current
// target: a percentage of the budget (50, 75, 100%, rounded up to the
// nanosecond), an amount before the due instant ("2 working hours left"), or
// an amount elapsed whatever the budget (the overdue stages at 48 hours, 300
// hours and 15 days). [Status.Reached] holds those reached.
//
// # Wake-ups
//
// A host does not poll: after each fold it asks [Clocks.NextWake] for the
// first instant after now at which a status changes by the passing of time
// alone — a warning reached or a target breached — and sets one timer.
// Nothing changes before that instant, and something changes exactly at it.
// A warning is reached where [Calendar.Add] of the remaining working time
// lands, which on office hours can be the end of a window (Tuesday 17:30
// rather than Wednesday 08:30); a breach happens one nanosecond after Due. A
// paused or stopped clock never wakes, and an early stop needs no wake-up:
// it is known at the stop. [Clocks.ThresholdAt] gives the instant
// of one named warning, for escalation timers.
//
// # Late and duplicate events
//
// CRMs deliver events late and twice. An event whose id was already applied
// is ignored, whatever its other fields. An event older than the last event
// applied is refused with an error wrapping [ErrLateEvent]: a fold never
// rewrites the past. The host that learns of such an event appends it to the
// order's events and calls [Clocks.Replay], which sorts them by instant
// (stably: events at one instant keep their order) and folds from the zero
// State. Events at the same instant as the last one are not late. A fold is
// atomic: on any error (a late or invalid event, a rule that cannot be
// evaluated) it returns the state it was given and an [*EventError] naming the
// event, the clock and the rule.
//
// # State
//
// A State is a value: Fold never changes the state it is given, so folding
// all events equals folding a prefix and then the rest. It encodes to JSON
// exactly (instants as RFC 3339 in UTC with nanoseconds, durations as integer
// nanoseconds) with a "version" field; decoding refuses other versions,
// unknown fields and inconsistent states, and a state used with clock
// definitions other than those that folded it is refused with
// [ErrStateMismatch]. Statuses, wake-ups and explanations are identical after
// a round trip.
//
// [Clocks.Explain] returns a [Timeline] of counted and uncounted pieces — each
// uncounted piece with its reason: outside working hours, closed for a
// holiday (from [Calendar.Segments]), or paused by which condition — and the
// marks where something happened, among them a breach and an early stop
// ("stopped early: window not before 2025-07-01 14:00:00").
//
// A [Within] is a mergeable aggregate of waits against a limit: the hotline's
// share of calls answered by a person within 15 seconds (target 85%). It
// keeps exact counts in a [quality.Rate]; shards merged equal one pass.
//
// Worked example: an ordinary repair (8 working hours on the 2025 office
// calendar) dispatched on Monday 29 September 2025 at 16:00, paused while the
// customer is awaited, across the National Day holiday (closed 1–8 October):
//
//	t0 Mon 29 Sep 16:00  dispatched           16:00–17:30 counts        1h30  total 1h30
//	                                          17:30–08:30 outside hours
//	                     Tue 30 Sep           08:30–10:00 counts        1h30  total 3h
//	t1 Tue 30 Sep 10:00  status pending_customer: paused (waiting for customer)
//	t2 Wed  1 Oct 10:00  status in_progress: resumed; closed until 9 Oct
//	                     Thu  9 Oct           08:30–09:30 counts        1h    total 4h   warning "half" (50%) at 09:30
//	                                          09:30–12:00 counts        2h30  total 6h30
//	                                          13:30–14:00 counts        30m   total 7h   warning "1h before" at 14:00
//	                                          14:00–15:00 counts        1h    total 8h   Due: Thu 9 Oct 15:00
//	t3 Thu  9 Oct 16:00  resolved: 9h elapsed, stopped, breached (BreachedAt 15:00)
//
// After t2, NextWake returns 09:30 on 9 October (the first warning), then
// 14:00, then 15:00 and one nanosecond (the breach); while paused between t1
// and t2 it returns nothing. Had the priority been raised to urgent (4 hours
// on the 24×7 desk) at t2, KeepElapsed would count the running stretch on the
// 24×7 calendar (Monday 16:00 to Tuesday 10:00: 18 hours, past the 4 hours
// since Monday 20:00, so breached since then), and the status would keep
// "normal" with its due instant of 9 October 15:00 as the original target.
package sla
