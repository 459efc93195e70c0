// Package workorder reads and writes work-order events: the data that servq
// replays through a policy's SLA clocks, escalation machines, callback
// sampling, surveys, scorecards and ledger.
//
// # The event
//
// A work order's history is a sequence of events. Each event has
//
//   - order: the work order's id, a non-empty string ("WO-20250701-0001");
//   - event: the event's name, a non-empty string ("created", "dispatched",
//     "customer_called", "completed", "callback", "closed"); the policy's
//     rules see it as the fact "event";
//   - at: the instant, in RFC 3339 with its UTC offset
//     ("2025-07-01T09:00:00+08:00", "2025-07-01T01:00:00Z"; a space may stand
//     for the T, and up to nine digits of a second are allowed). An instant
//     without an offset is refused ([ErrNoOffset]): "09:00" means nothing
//     until one knows where;
//   - id (optional): the event's own id. Two events of an order with the same
//     id are one event delivered twice: the second is recognised and ignored.
//     Without an id, every row is a distinct event;
//   - facts (optional): the facts of the order that this event sets or
//     changes, by the names the policy's schema declares. An event lists only
//     what it sets; the order's facts are those of all its events so far, the
//     later value winning. A fact the schema does not declare is an error
//     ([ErrUnknownField], with a "did you mean" hint), never silently ignored.
//
// # Fact values
//
// Each fact is converted to the Go type of its kind in the schema
// ([quality.Kind]):
//
//	kind      JSONL                               CSV cell
//	string    "T017"                              T017
//	bool      true, false                         true, false (also TRUE, True, 1, 0)
//	int       3 (no fraction, no exponent)        3
//	decimal   12.50 or "12.50" (exact, from text) 12.50
//	duration  "20m", "1h30m" (Go syntax)          20m
//	time      "2025-07-01T16:00:00+08:00"         2025-07-01T16:00:00+08:00
//	strings   ["a", "b"]                          a|b, or a JSON array ["a","b"] ("[]" is empty)
//
// A decimal is exact: 0.1 stays 0.1, never a float. It may have at most
// [MaxDigits] digits and an exponent within ±MaxDigits. A null in JSONL and an
// empty cell in CSV mean "not given" (so CSV cannot set a string fact to the
// empty string). A value that does not convert is an error ([ErrValue]) naming
// the fact and what was expected.
//
// # JSONL
//
// One JSON object per line, with the keys order, event, at, id and facts (any
// order; no other key; no key twice):
//
//	{"order":"WO-1","event":"created","at":"2025-07-01T09:00:00+08:00","facts":{"order_type":"repair","technician":"T017"}}
//	{"order":"WO-1","event":"dispatched","at":"2025-07-01T09:02:30+08:00","id":"ev-881"}
//	{"order":"WO-1","event":"callback","at":"2025-07-02T10:00:00+08:00","facts":{"rating":"10"}}
//
// Blank lines are skipped; a UTF-8 byte-order mark on the first line is
// ignored; lines may end in "\n" or "\r\n". Strings must be valid UTF-8.
//
// # CSV
//
// A header row names the columns: order, event and at are required, id is
// optional, and every other column is a fact of the schema, in any order. A
// header that lacks a required column, names one twice or names an unknown
// fact is refused as a whole ([*HeaderError]): every row would be wrong.
//
//	order,event,at,id,order_type,technician,rating
//	WO-1,created,2025-07-01T09:00:00+08:00,,repair,T017,
//	WO-1,callback,2025-07-02T10:00:00+08:00,,,,10
//
// Quoting follows RFC 4180 ([encoding/csv]); a quoted cell may span lines (and
// a "\r\n" inside it reads as "\n"). Every record must have as many fields as
// the header.
//
// # Streaming, errors and counts
//
// A [Decoder] reads one row at a time and holds only that row: memory does not
// grow with the input. A malformed row comes back from [Decoder.Next] as a
// [*RowError] with its line number, the field at fault and the reason; the
// decoder skips it and goes on. [Decoder.Counts] says how many rows were read,
// decoded and rejected, and Read == Decoded + Rejected always: nothing is
// dropped silently. A line longer than [MaxLineBytes] is a rejected row in
// JSONL; in CSV, where a record cannot be resynchronised, it ends decoding.
//
// # Worked example
//
// With a schema declaring order_type (string), technician (string) and
// rating (string), the JSONL input
//
//	{"order":"WO-1","event":"created","at":"2025-07-01T09:00:00+08:00","facts":{"order_type":"repair","technician":"T017"}}
//	{"order":"WO-2","event":"created","at":"2025-07-01T09:05:00"}
//	{"order":"WO-1","event":"callback","at":"2025-07-02T10:00:00+08:00","facts":{"ratnig":"10"}}
//	{"order":"WO-1","event":"callback","at":"2025-07-02T10:00:00+08:00","facts":{"rating":"10"}}
//
// decodes to two events (lines 1 and 4) and two rejections:
//
//	workorder: line 2: at: the instant "2025-07-01T09:05:00" has no offset: add the zone's offset, such as "+08:00", or "Z" for UTC
//	workorder: line 3: facts.ratnig: no such fact in the policy's schema (did you mean "rating"?)
//
// and the counts read 4 = decoded 2 + rejected 2.
//
// An [Encoder] (JSONL) and a [CSVEncoder] write events in the same format;
// what they write decodes back to equal events.
package workorder
