package sla_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/servq/servq/sla"
)

// FuzzParseSpec feeds arbitrary bytes to the calendar decoder. It must never
// panic; whatever it accepts must compile (in UTC), re-encode and decode to
// the same spec, and give a calendar whose Add and Between agree.
func FuzzParseSpec(f *testing.F) {
	china, _ := json.Marshal(sla.ChinaOffice2025())
	f.Add(china)
	f.Add([]byte(`{"version":1,"zone":"UTC","week":{"mon":["22:00-06:00"],"sat":["00:00-24:00"]}}`))
	f.Add([]byte(`{"version":1,"week":{"tue":["08:30-12:00","13:30-17:30"]},"exceptions":[{"kind":"closed-hours","from":"2025-03-04","to":"2025-03-11","windows":["23:00-01:00"]}]}`))
	f.Add([]byte(`{"version":1,"week":{"mon":["08:30-12:00","11:00-13:00"]}}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`{"version":1,"week":{"mon":["09:00-17:00"]},"exceptions":[{"kind":"override","from":"2025-01-26","windows":["20:00-10:00"]}]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := sla.ParseSpec(data)
		if err != nil {
			var se *sla.SpecError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *SpecError", err)
			}
			return
		}
		spec.Zone = "UTC"
		c, err := sla.CompileRange(spec, time.UTC, 2024, 2026)
		if err != nil {
			t.Fatalf("accepted spec does not compile: %v", err)
		}
		b, err := json.Marshal(c.Spec())
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := sla.ParseSpec(b)
		if err != nil {
			t.Fatalf("re-decode %s: %v", b, err)
		}
		if diff := cmp.Diff(c.Spec(), back); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
		t0 := time.Date(2025, 1, 27, 9, 0, 0, 0, time.UTC)
		if got := c.Between(t0, c.Add(t0, 300*time.Hour)); got != 300*time.Hour {
			t.Fatalf("Between(t, Add(t, 300h)) = %v", got)
		}
	})
}
