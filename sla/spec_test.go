package sla_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/servq/servq/sla"
)

func TestParseSpecErrors(t *testing.T) {
	cases := []struct {
		in        string
		sentinel  error
		path      string
		line, col int
		msg       string
	}{
		{`{"version":1,"week":{"mon":["08:30-12:00","25:00-26:00"]}}`, sla.ErrInvalidSpec, "week.mon[1]", 0, 0, `time of day "25:00"`},
		{`{"version":1,"week":{"mon":["08:30"]}}`, sla.ErrInvalidSpec, "week.mon[0]", 0, 0, "want HH:MM-HH:MM"},
		{`{"version":1,"week":{"mon":["08:30-12:00"]},"exceptions":[{"kind":"shut","from":"2025-01-01"}]}`, sla.ErrInvalidSpec, "exceptions[0].kind", 0, 0, `"shut"`},
		{`{"version":1,"week":{"mon":["08:30-12:00"]},"exceptions":[{"kind":"closed","from":"2025-02-30"}]}`, sla.ErrInvalidSpec, "exceptions[0].from", 0, 0, "real date"},
		{`{"version":1,"week":{"mon":["08:30-12:00"]},"exceptions":[{"kind":"closed","from":"2025-02-03","to":"2025-01-01"}]}`, sla.ErrInvalidSpec, "exceptions[0].to", 0, 0, "before"},
		{`{"version":1,"week":{"mon":["08:30-12:00"]},"extra":1}`, sla.ErrInvalidSpec, "", 1, 45, `unknown field "extra"`},
		{`{"version":1,"week":{"mon":["08:30-12:00"]}} x`, sla.ErrInvalidSpec, "", 1, 47, "invalid character"},
		{`{"version":1,"week":{"mon":["08:30-12:00"]}`, sla.ErrInvalidSpec, "", 1, 44, "unexpected end"},
		{"{\n \"version\": 1,\n \"week\": {\"mon\": [\"08:30-12:00\", 5]}\n}", sla.ErrInvalidSpec, "week", 3, 35, "cannot read JSON number"},
		{`{"version":1,"name":3,"week":{"mon":["08:30-12:00"]}}`, sla.ErrInvalidSpec, "name", 1, 22, "want a string"},
		{`[]`, sla.ErrInvalidSpec, "", 1, 2, "want an object"},
		{`{"version":2,"week":{"mon":["08:30-12:00"]}}`, sla.ErrSpecVersion, "version", 0, 0, "version 2 is not known"},
		{`{"version":"1"}`, sla.ErrSpecVersion, "version", 0, 0, "not known"},
		{`{"week":{"mon":["08:30-12:00"]}}`, sla.ErrSpecVersion, "version", 0, 0, "missing version"},
		{`{"version":1,"week":{"monday":["08:30-12:00"]}}`, sla.ErrInvalidSpec, "week", 0, 0, `unknown day "monday"`},
		{`{"version":1,"week":{"mon":["08:30-12:00","11:00-12:30"]}}`, sla.ErrOverlappingWindows, "week.mon[1]", 0, 0, "overlaps"},
		{`{"version":1,"week":{}}`, sla.ErrNoWorkingTime, "week", 0, 0, "no day of the week"},
		{`{"version":1,"week":{"mon":["09:00-17:00"]},"exceptions":[{"kind":"override","from":"2025-01-26"}]}`, sla.ErrInvalidSpec, "exceptions[0].windows", 0, 0, "needs windows"},
	}
	for _, tc := range cases {
		_, err := sla.ParseSpec([]byte(tc.in))
		var se *sla.SpecError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &se) {
			t.Errorf("ParseSpec(%s) = %v, want %v", tc.in, err, tc.sentinel)
			continue
		}
		if se.Path != tc.path || se.Line != tc.line || se.Column != tc.col || !strings.Contains(se.Message, tc.msg) {
			t.Errorf("ParseSpec(%s) = %q (path %q, %d:%d), want path %q, %d:%d, message with %q",
				tc.in, err, se.Path, se.Line, se.Column, tc.path, tc.line, tc.col, tc.msg)
		}
		if !strings.HasPrefix(err.Error(), "sla: ") {
			t.Errorf("error %q lacks the package prefix", err)
		}
		// json.Unmarshal into a Spec refuses the same input.
		var s sla.Spec
		if json.Unmarshal([]byte(tc.in), &s) == nil {
			t.Errorf("json.Unmarshal accepted %s", tc.in)
		}
	}
}

// TestSpecJSONForm pins the JSON form of a spec.
func TestSpecJSONForm(t *testing.T) {
	spec := sla.Spec{
		Name: "night desk",
		Zone: "Europe/London",
		Week: sla.Week{time.Monday: {sla.MustWindow("08:30-12:00"), sla.MustWindow("22:00-06:00")}, time.Sunday: {sla.MustWindow("10:00-12:00:30")}},
		Exceptions: []sla.Exception{
			sla.ClosedDays(sla.DateOf(2025, 12, 25), sla.DateOf(2025, 12, 26), "Christmas"),
			sla.ClosedHours(sla.DateOf(2025, 3, 3), sla.Date{}, "drill", sla.MustWindow("09:00-10:00")),
			sla.OverrideDays(sla.DateOf(2025, 12, 24), sla.Date{}, "Christmas Eve", sla.MustWindow("08:30-12:00")),
		},
	}
	b, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"version":1,"name":"night desk","zone":"Europe/London","week":{"mon":["08:30-12:00","22:00-06:00"],"sun":["10:00-12:00:30"]},` +
		`"exceptions":[{"kind":"closed","from":"2025-12-25","to":"2025-12-26","reason":"Christmas"},` +
		`{"kind":"closed-hours","from":"2025-03-03","windows":["09:00-10:00"],"reason":"drill"},` +
		`{"kind":"override","from":"2025-12-24","windows":["08:30-12:00"],"reason":"Christmas Eve"}]}`
	if string(b) != want {
		t.Fatalf("JSON:\n got %s\nwant %s", b, want)
	}
	back, err := sla.ParseSpec(b)
	if err != nil {
		t.Fatal(err)
	}
	spec.Version = sla.SpecVersion
	if diff := cmp.Diff(spec, back); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	if _, err := json.Marshal(sla.Spec{Week: sla.Week{time.Monday: {{Start: -1, End: 5}}}}); err == nil {
		t.Errorf("marshalled an invalid time of day")
	}
}

func TestTextForms(t *testing.T) {
	for _, s := range []string{"00:00", "08:30", "23:59:59", "24:00"} {
		v, err := sla.ParseTimeOfDay(s)
		if err != nil || v.String() != s {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v", s, v, err)
		}
	}
	for _, s := range []string{"", "8:30", "24:01", "12:60", "12:00:60", "ab:cd", "12-00", "12:00:0"} {
		if _, err := sla.ParseTimeOfDay(s); !errors.Is(err, sla.ErrInvalidSpec) {
			t.Errorf("ParseTimeOfDay(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"2025-01-28", "2024-02-29", "0001-01-01", "9999-12-31"} {
		d, err := sla.ParseDate(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"2025-02-29", "2025-13-01", "0000-01-01", "2025-1-28", "20250128", "2025-01-28T00"} {
		if _, err := sla.ParseDate(s); !errors.Is(err, sla.ErrInvalidSpec) {
			t.Errorf("ParseDate(%q) = %v", s, err)
		}
	}
	if d := sla.DateOf(2025, 1, 26); d.Weekday() != time.Sunday || d.AddDays(13) != sla.DateOf(2025, 2, 8) {
		t.Errorf("Date arithmetic: %v %v", d.Weekday(), d.AddDays(13))
	}
	w := sla.MustWindow("22:00-06:00")
	if !w.Overnight() || w.Length() != 8*time.Hour || w.String() != "22:00-06:00" {
		t.Errorf("window %v: overnight %v length %v", w, w.Overnight(), w.Length())
	}
	var week sla.Week
	if err := json.Unmarshal([]byte(`{"tue":["08:30-12:00"],"sun":["22:00-06:00"]}`), &week); err != nil ||
		len(week[time.Tuesday]) != 1 || week[time.Sunday][0] != sla.MustWindow("22:00-06:00") {
		t.Errorf("Week.UnmarshalJSON: %v %v", week, err)
	}
	for _, bad := range []string{`{"tues":["08:30-12:00"]}`, `{"tue":["8:30-12:00"]}`, `{"tue":"08:30-12:00"}`} {
		if err := json.Unmarshal([]byte(bad), &week); err == nil {
			t.Errorf("Week.UnmarshalJSON accepted %s", bad)
		}
	}
	var ex sla.Exception
	if err := json.Unmarshal([]byte(`{"kind":"closed","from":"2025-10-01","to":"2025-10-08"}`), &ex); err != nil || ex.To != sla.DateOf(2025, 10, 8) {
		t.Errorf("Exception: %+v %v", ex, err)
	}
	if err := json.Unmarshal([]byte(`{"kind":"open","from":"2025-10-01"}`), &ex); err == nil {
		t.Errorf("Exception accepted kind open")
	}
	kinds := map[sla.ExceptionKind]string{sla.ExceptionInvalid: "invalid", sla.ExceptionClosed: "closed", sla.ExceptionClosedHours: "closed-hours", sla.ExceptionOverride: "override", 9: "invalid(9)"}
	for k, s := range kinds {
		if k.String() != s {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), s)
		}
	}
}
