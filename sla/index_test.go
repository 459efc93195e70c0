package sla

import (
	"testing"
	"time"
)

// TestZonePeriodAgainstSampling checks zonePeriod against the offset sampled
// every 15 minutes, through the years where Go's ZoneBounds misreports the
// end of leap years under a zone's TZ rule.
func TestZonePeriodAgainstSampling(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Shanghai", "Pacific/Chatham"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		from := time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		to := time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		calls := 0
		for p := from; p < to; {
			off, end := zonePeriod(loc, p)
			calls++
			if end <= p {
				t.Fatalf("%s: period at %d ends at %d", name, p, end)
			}
			for s := p; s < min(end, to); s += 900 {
				if o := offsetAt(loc, s); int64(o) != off {
					t.Fatalf("%s: offset at %v is %d, period from %v says %d", name, time.Unix(s, 0).UTC(), o, time.Unix(p, 0).UTC(), off)
				}
			}
			p = end
		}
		if calls > 9*4+20 {
			t.Errorf("%s: %d periods in 9 years", name, calls)
		}
	}
}
