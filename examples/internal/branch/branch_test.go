package branch_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/servq/servq/examples/internal/branch"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/workorder"
)

var plan = branch.Plan{
	Seed: 7, Prefix: "BB",
	From: branch.Date(2025, 6, 16), To: branch.Date(2025, 7, 16),
	Demands: []branch.Demand{
		{Kind: "install", PerTechDay: 1.2, Hours: branch.OfficeHours},
		{Kind: "repair", PerTechDay: 0.9, Hours: branch.FaultHours, Weekend: 1.2},
	},
}

func TestOrgShape(t *testing.T) {
	org := branch.NewOrg(branch.Config{Seed: 1})
	if got, want := org.Size(), "6 counties, 16 stations, 100 technicians"; got != want {
		t.Fatalf("Size = %q, want %q", got, want)
	}
	ids := map[string]bool{}
	for i, tech := range org.Technicians {
		if tech.Index != i || ids[tech.ID] {
			t.Fatalf("technician %d: id %s index %d", i, tech.ID, tech.Index)
		}
		ids[tech.ID] = true
		if tech.Station.County != tech.County {
			t.Fatalf("%s: station %s not in county %s", tech.ID, tech.Station.ID, tech.County.Name)
		}
	}
	for _, st := range org.Stations {
		if n := len(st.Technicians); n < 5 || n > 8 {
			t.Errorf("station %s has %d technicians, want 5 to 8", st.ID, n)
		}
	}
	if org.Technicians[0].ID != "T001" || org.Technicians[99].ID != "T100" {
		t.Errorf("ids run %s..%s", org.Technicians[0].ID, org.Technicians[99].ID)
	}
}

func TestDeterministic(t *testing.T) {
	gen := func() ([]string, string) {
		org := branch.NewOrg(branch.Config{Seed: 1})
		var out []string
		for o := range org.Orders(plan) {
			out = append(out, fmt.Sprintf("%s %s %s %s %d", o.ID, o.Kind, o.Created.Format(time.RFC3339), o.Tech.ID, o.Rand().IntN(1000)))
		}
		var roster bytes.Buffer
		if err := org.WriteRoster(&roster); err != nil {
			t.Fatal(err)
		}
		return out, roster.String()
	}
	a, ra := gen()
	b, rb := gen()
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("two runs differ (-first +second):\n%s", diff)
	}
	if ra != rb {
		t.Fatal("rosters differ")
	}
	// About 2.1 orders per on-duty technician per day, 5 of 7 days on duty,
	// 30 days, 100 technicians: about 4,500.
	if n := len(a); n < 4000 || n > 5200 {
		t.Errorf("%d orders, want about 4,500", n)
	}
}

func TestOrdersInCreationOrder(t *testing.T) {
	org := branch.NewOrg(branch.Config{Seed: 1})
	var last time.Time
	var seq int64
	for o := range org.Orders(plan) {
		if o.Created.Before(last) || o.Seq != seq {
			t.Fatalf("order %s (seq %d) at %s after %s", o.ID, o.Seq, o.Created, last)
		}
		if !o.Tech.OnDuty(o.Created) {
			t.Fatalf("order %s to %s on a rest day", o.ID, o.Tech.ID)
		}
		last, seq = o.Created, seq+1
	}
}

func TestWriterTimeOrder(t *testing.T) {
	schema := quality.MustSchema(quality.Field{Name: "order_type", Kind: quality.KindString})
	var buf bytes.Buffer
	w := branch.NewWriter(&buf, schema)
	org := branch.NewOrg(branch.Config{Seed: 3, Technicians: 20})
	p := plan
	p.To = branch.Date(2025, 6, 20)
	var want int
	for o := range org.Orders(p) {
		if err := w.Flush(o.Created); err != nil {
			t.Fatal(err)
		}
		r := o.Rand()
		tl := branch.NewTimeline(o.ID, o.Created)
		tl.Emit("created", quality.Facts{"order_type": o.Kind})
		tl.After(branch.LogNormal(r, 3*time.Hour, 1)).Emit("fixed", nil)
		tl.After(branch.Uniform(r, time.Hour, 48*time.Hour)).Emit("closed", nil)
		if err := w.Add(tl.Events()...); err != nil {
			t.Fatal(err)
		}
		want += 3
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	dec, err := workorder.NewDecoder(&buf, workorder.JSONL, schema)
	if err != nil {
		t.Fatal(err)
	}
	var ev workorder.Event
	var last time.Time
	n := 0
	seen := map[string]string{}
	for dec.Next(&ev) == nil {
		if ev.At.Before(last) {
			t.Fatalf("line %d: %s before %s", ev.Line, ev.At, last)
		}
		prev := seen[ev.Order]
		switch {
		case ev.Name == "created" && prev != "",
			ev.Name == "fixed" && prev != "created",
			ev.Name == "closed" && prev != "fixed":
			t.Fatalf("line %d: %s %s after %q", ev.Line, ev.Order, ev.Name, prev)
		}
		seen[ev.Order] = ev.Name
		last = ev.At
		n++
	}
	if n != want || int64(n) != w.Count() {
		t.Fatalf("decoded %d events, wrote %d, want %d", n, w.Count(), want)
	}
}

func TestWriterRefusesBackwards(t *testing.T) {
	w := branch.NewWriter(&bytes.Buffer{}, nil)
	at := branch.Date(2025, 7, 1)
	err := w.Add(workorder.Event{Order: "X", Name: "b", At: at.Add(time.Hour)}, workorder.Event{Order: "X", Name: "a", At: at})
	if err == nil {
		t.Fatal("events out of order accepted")
	}
}

func TestCalendar(t *testing.T) {
	for _, c := range []struct {
		day     time.Time
		working bool
		holiday string
	}{
		{branch.Date(2025, 7, 1), true, ""},
		{branch.Date(2025, 7, 5), false, ""},                           // Saturday
		{branch.Date(2025, 6, 2), false, "Dragon Boat Festival (端午节)"}, // Monday off
		{branch.Date(2025, 9, 28), true, ""},                           // Sunday make-up day for National Day
		{branch.Date(2025, 10, 3), false, "National Day and Mid-Autumn Festival (国庆节、中秋节)"},
	} {
		if got := branch.IsWorkingDay(c.day); got != c.working {
			t.Errorf("IsWorkingDay(%s) = %v", c.day.Format(time.DateOnly), got)
		}
		if got, _ := branch.Holiday(c.day); got != c.holiday {
			t.Errorf("Holiday(%s) = %q, want %q", c.day.Format(time.DateOnly), got, c.holiday)
		}
	}
}

func TestWriterCutoff(t *testing.T) {
	var buf bytes.Buffer
	w := branch.NewWriter(&buf, nil)
	at := branch.Date(2025, 7, 1)
	w.SetCutoff(at.Add(2 * time.Hour))
	err := w.Add(
		workorder.Event{Order: "X", Name: "created", At: at},
		workorder.Event{Order: "X", Name: "fixed", At: at.Add(time.Hour)},
		workorder.Event{Order: "X", Name: "closed", At: at.Add(2 * time.Hour)},
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Count() != 2 || w.Dropped() != 1 || bytes.Contains(buf.Bytes(), []byte("closed")) {
		t.Fatalf("wrote %d, dropped %d:\n%s", w.Count(), w.Dropped(), buf.String())
	}
}

func TestWriterRefusesEventsBeforeFlush(t *testing.T) {
	w := branch.NewWriter(&bytes.Buffer{}, nil)
	at := branch.Date(2025, 7, 1)
	if err := w.Flush(at); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(workorder.Event{Order: "X", Name: "late", At: at.Add(-time.Second)}); err == nil {
		t.Fatal("an event before the flushed bound was accepted")
	}
	if err := w.Add(workorder.Event{Order: "X", Name: "ok", At: at}); err != nil {
		t.Fatal(err)
	}
}
