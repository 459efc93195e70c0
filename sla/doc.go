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
package sla
