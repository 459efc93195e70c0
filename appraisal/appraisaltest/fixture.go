package appraisaltest

import (
	"strconv"
	"strings"
	"time"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality/qualitytest"
)

// ScoreAll scores every subject's inputs on sc and returns the results sorted
// by subject, failing tb on an error: one side of a scoring change.
func ScoreAll(tb qualitytest.TB, sc *appraisal.Scorecard, inputs map[string]appraisal.Inputs) []appraisal.Result {
	tb.Helper()
	out := make([]appraisal.Result, 0, len(inputs))
	for _, s := range sortedKeys(inputs) {
		r, err := sc.Score(s, inputs[s])
		if err != nil {
			tb.Fatalf("appraisaltest: scoring %s: %v", s, err)
		}
		out = append(out, r)
	}
	return out
}

// PostAll posts events in order with p and returns the ledger of their
// lines, failing tb on an error: the money side of a scoring change.
func PostAll(tb qualitytest.TB, p *appraisal.Poster, events []appraisal.Event) *appraisal.Ledger {
	tb.Helper()
	l, err := appraisal.NewLedger(p.Currency())
	if err != nil {
		tb.Fatalf("appraisaltest: %v", err)
	}
	var lines []appraisal.Line
	for _, ev := range events {
		if lines, err = p.AppendPost(lines[:0], ev); err != nil {
			tb.Fatalf("appraisaltest: posting %s: %v", ev.ID, err)
		}
		if err := l.Add(lines...); err != nil {
			tb.Fatalf("appraisaltest: adding the lines of %s: %v", ev.ID, err)
		}
	}
	return l
}

// ParseEvents reads ledger events from text, one per line: the instant
// ("2024-07-08 11:00", a wall-clock time in loc, or RFC 3339), the event's
// id, its kind and its subject, then optionally units=N and the linked
// managers as role=subject. Blank lines and text after // are ignored.
//
//	2024-06-30 17:00  WO-1  rated_10               T-0412
//	2024-07-08 11:00  WO-3  callback_dissatisfied  T-0412  station-head=M-07
//	2024-07-09 10:00  WO-4  rated_10               T-0413  units=2
//
// A malformed line fails tb with its number.
func ParseEvents(tb qualitytest.TB, loc *time.Location, text string) []appraisal.Event {
	tb.Helper()
	var out []appraisal.Event
	for n, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		var at time.Time
		var err error
		if len(f) > 1 && strings.Count(f[0], "-") == 2 && !strings.Contains(f[0], "T") {
			at, err = time.ParseInLocation("2006-01-02 15:04", f[0]+" "+f[1], loc)
			f = f[2:]
		} else {
			at, err = time.Parse(time.RFC3339, f[0])
			f = f[1:]
		}
		if err != nil {
			tb.Fatalf("appraisaltest: event line %d: instant: %v", n+1, err)
		}
		if len(f) < 3 {
			tb.Fatalf("appraisaltest: event line %d: want an instant, an id, a kind and a subject", n+1)
		}
		ev := appraisal.Event{ID: f[0], Kind: f[1], Subject: f[2], At: at}
		for _, tok := range f[3:] {
			k, v, ok := strings.Cut(tok, "=")
			switch {
			case !ok || v == "":
				tb.Fatalf("appraisaltest: event line %d: %q: want units=N or role=subject", n+1, tok)
			case k == "units":
				u, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					tb.Fatalf("appraisaltest: event line %d: units: %v", n+1, err)
				}
				ev.Units = u
			default:
				ev.Linked = append(ev.Linked, appraisal.Link{Role: k, Subject: v})
			}
		}
		out = append(out, ev)
	}
	return out
}
