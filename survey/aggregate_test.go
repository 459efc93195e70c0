package survey

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

type event struct {
	g     Group
	reply string
	rated bool
}

func genEvents(s *Scale) *rapid.Generator[[]event] {
	groups := []Group{
		MustGroup("technician", "T017", "day", "2025-07-01"),
		MustGroup("technician", "T017", "day", "2025-07-02"),
		MustGroup("technician", "T018", "day", "2025-07-01"),
		MustGroup("county", "Xinjian", "order_type", "repair"),
		{},
	}
	var replies []string
	for i := 0; i < s.Len(); i++ {
		replies = append(replies, s.Label(i))
	}
	replies = append(replies, "", " ", "?", "１０")
	return rapid.SliceOf(rapid.Custom(func(t *rapid.T) event {
		return event{
			g:     rapid.SampledFrom(groups).Draw(t, "group"),
			reply: rapid.SampledFrom(replies).Draw(t, "reply"),
			rated: rapid.Bool().Draw(t, "rated"),
		}
	}))
}

func genScale() *rapid.Generator[*Scale] {
	return rapid.Custom(func(t *rapid.T) *Scale {
		spec := rapid.SampledFrom([]ScaleSpec{TenPoint(), SMS("A", "B"), NPS(9, 6), CSAT(), CES()}).Draw(t, "scale")
		spec.Blank = rapid.SampledFrom([]Handling{Exclude, CountUnsatisfied}).Draw(t, "blank")
		spec.Unrecognized = rapid.SampledFrom([]Handling{Exclude, CountUnsatisfied}).Draw(t, "unrecognized")
		return MustScale(spec)
	})
}

func aggregateOf(t rapid.TB, s *Scale, events []event) *Aggregate {
	a := NewAggregate(s)
	for _, e := range events {
		ans := Answer{}
		if e.rated {
			ans = s.Parse(e.reply)
		}
		if err := a.Add(e.g, ans); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// Shards merged in any order equal one pass over all the answers: same
// tallies, same JSON bytes, same metrics.
func TestMergeEqualsOnePass(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScale().Draw(t, "scale")
		events := genEvents(s).Draw(t, "events")
		whole := aggregateOf(t, s, events)

		k := rapid.IntRange(1, 5).Draw(t, "shards")
		shards := make([][]event, k)
		for _, e := range events {
			i := rapid.IntRange(0, k-1).Draw(t, "shard")
			shards[i] = append(shards[i], e)
		}
		order := rapid.Permutation(shards).Draw(t, "order")
		merged := NewAggregate(s)
		for _, sh := range order {
			if err := merged.Merge(aggregateOf(t, s, sh)); err != nil {
				t.Fatal(err)
			}
		}
		if !merged.Equal(whole) {
			t.Fatal("merged shards differ from one pass")
		}
		b1, _ := json.Marshal(whole)
		b2, _ := json.Marshal(merged)
		if string(b1) != string(b2) {
			t.Fatalf("JSON differs:\n%s\n%s", b1, b2)
		}
		r1, err1 := whole.Report(opts)
		r2, err2 := merged.Report(opts)
		j1, _ := json.Marshal(r1)
		j2, _ := json.Marshal(r2)
		if err1 != nil || err2 != nil || string(j1) != string(j2) {
			t.Fatalf("reports differ: %v %v", err1, err2)
		}
	})
}

// An aggregate round-trips through JSON exactly.
func TestAggregateJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScale().Draw(t, "scale")
		a := aggregateOf(t, s, genEvents(s).Draw(t, "events"))
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back Aggregate
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !back.Equal(a) {
			t.Fatalf("round trip changed %s", b)
		}
		b2, _ := json.Marshal(&back)
		if string(b) != string(b2) {
			t.Fatalf("bytes differ:\n%s\n%s", b, b2)
		}
	})
}

func TestAggregateJSON(t *testing.T) {
	sms := MustScale(SMS("A", "B"))
	a := NewAggregate(sms)
	g := MustGroup("technician", "T017", "day", "2025-07-01")
	for _, r := range []string{"A", "b", "C", "", "x"} {
		a.AddReply(g, r)
	}
	_ = a.Add(g, Answer{})
	b, _ := json.Marshal(a)
	want := `{"version":1,"scale":{"name":"sms-abcd","points":["A","B","C","D"],"satisfied":["A","B"],"blank":"exclude","unrecognized":"exclude"},` +
		`"groups":[{"group":"day=2025-07-01;technician=T017","not_rated":1,"blank":1,"unrecognized":1,"points":[1,1,1,0]}]}`
	if string(b) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", b, want)
	}
	scale := `"scale":{"name":"sms-abcd","points":["A","B","C","D"],"satisfied":["A","B"],"blank":"exclude","unrecognized":"exclude"}`
	bad := []struct {
		json string
		want error
	}{
		{`{` + scale + `,"groups":[]}`, ErrVersion},
		{`{"version":2,` + scale + `,"groups":[]}`, ErrVersion},
		{`{"version":1,"groups":[]}`, ErrInvalidJSON},
		{`{"version":1,` + scale + `,"groups":[],"extra":0}`, ErrInvalidJSON},
		{`{"version":1,` + scale + `,"groups":[{"group":"a=1","not_rated":0,"blank":0,"unrecognized":0,"points":[1,1,1]}]}`, ErrInvalidJSON},
		{`{"version":1,` + scale + `,"groups":[{"group":"a=1","not_rated":-1,"blank":0,"unrecognized":0,"points":[1,1,1,1]}]}`, ErrInvalidJSON},
		{`{"version":1,` + scale + `,"groups":[{"group":"a=1","not_rated":0,"blank":0,"unrecognized":0,"points":[1,1,1,1]},{"group":"a=1","not_rated":0,"blank":0,"unrecognized":0,"points":[1,1,1,1]}]}`, ErrInvalidJSON},
		{`{"version":1,` + scale + `,"groups":[{"group":"b=1;a=1","not_rated":0,"blank":0,"unrecognized":0,"points":[1,1,1,1]}]}`, ErrInvalidGroup},
		{`{"version":1,"scale":{"name":"x","points":["A"],"satisfied":["A"],"blank":"exclude","unrecognized":"exclude"},"groups":[]}`, ErrInvalidScale},
	}
	for _, tc := range bad {
		var a Aggregate
		if err := json.Unmarshal([]byte(tc.json), &a); !errors.Is(err, tc.want) {
			t.Errorf("Unmarshal(%s) = %v, want %v", tc.json, err, tc.want)
		}
	}
}

func TestAggregateErrors(t *testing.T) {
	sms := NewAggregate(MustScale(SMS("A", "B")))
	ten := NewAggregate(MustScale(TenPoint()))
	if err := sms.Add(Group{}, MustScale(TenPoint()).Parse("10")); !errors.Is(err, ErrAnswer) {
		t.Errorf("adding a 10 to the SMS survey: %v", err)
	}
	if err := sms.Merge(ten); !errors.Is(err, ErrScaleMismatch) {
		t.Errorf("merging scales: %v", err)
	}
	// Same points, different satisfied set: different scales.
	if err := NewAggregate(MustScale(SMS("A"))).Merge(sms); !errors.Is(err, ErrScaleMismatch) {
		t.Errorf("merging SMS {A} with SMS {A,B}: %v", err)
	}
	var tl Tally
	tl.Points[5] = 1
	if err := sms.AddTally(Group{}, tl); !errors.Is(err, ErrAnswer) {
		t.Errorf("tally beyond the scale: %v", err)
	}
	if err := sms.AddTally(Group{}, Tally{Blank: -1}); !errors.Is(err, ErrAnswer) {
		t.Errorf("negative tally: %v", err)
	}
	if err := sms.AddTally(Group{}, Tally{NotRated: math.MaxInt64 - 1}); err != nil {
		t.Fatal(err)
	}
	before := sms.Tally(Group{})
	other := NewAggregate(sms.Scale())
	_ = other.AddTally(MustGroup("a", "1"), Tally{NotRated: 5})
	_ = other.AddTally(Group{}, Tally{NotRated: 2})
	if err := sms.Merge(other); err == nil || !strings.Contains(err.Error(), "overflow") {
		t.Errorf("overflowing merge: %v", err)
	}
	if sms.Tally(Group{}) != before || sms.Len() != 1 {
		t.Error("a failed merge changed the aggregate")
	}
}

// Technician-days roll up to stations and to the whole month.
func TestRollup(t *testing.T) {
	ten := MustScale(TenPoint())
	a := NewAggregate(ten)
	add := func(tech, station, day string, replies ...string) {
		g := MustGroup("technician", tech, "station", station, "day", day)
		for _, r := range replies {
			a.AddReply(g, r)
		}
	}
	add("T017", "Xinjian-1", "2025-07-01", "10", "10", "9")
	add("T017", "Xinjian-1", "2025-07-02", "10")
	add("T018", "Xinjian-1", "2025-07-01", "8")
	add("T019", "Anyi-2", "2025-07-01", "10", "10")
	st, err := a.Rollup("station")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"station=Anyi-2": "2/2", "station=Xinjian-1": "3/5"}
	for _, g := range st.Groups() {
		m, _ := st.Metrics(g, opts)
		if got := m.Satisfaction.Rate.String(); got != want[g.String()] {
			t.Errorf("%s: %s, want %s", g, got, want[g.String()])
		}
	}
	if st.Len() != 2 {
		t.Errorf("%d station groups", st.Len())
	}
	all, _ := a.Rollup()
	if m, _ := all.Metrics(Group{}, opts); m.Satisfaction.Rate.String() != "5/7" {
		t.Errorf("month: %v", m.Satisfaction.Rate)
	}
	t17 := a.Filter(func(g Group) bool { v, _ := g.Value("technician"); return v == "T017" })
	if t17.Len() != 2 {
		t.Errorf("filter kept %d groups", t17.Len())
	}
}

var sinkAgg *Aggregate

// BenchmarkAggregate1M adds one million parsed answers to an aggregate of
// 300 technicians × 30 days (9,000 groups); ns/op is per million answers.
func BenchmarkAggregate1M(b *testing.B) {
	ten := MustScale(TenPoint())
	groups := make([]Group, 9000)
	for i := range groups {
		groups[i] = MustGroup("technician", fmt.Sprintf("T%03d", i%300), "day", fmt.Sprintf("2025-07-%02d", i/300+1))
	}
	answers := make([]Answer, 1<<10)
	for i := range answers {
		answers[i] = ten.Parse(fmt.Sprint(i%10 + 1))
		if i%7 == 0 {
			answers[i] = Answer{}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		a := NewAggregate(ten)
		for i := range 1_000_000 {
			_ = a.Add(groups[i%9000], answers[i&1023])
		}
		sinkAgg = a
	}
}

// BenchmarkMergeShards merges 10 shards of 9,000 groups.
func BenchmarkMergeShards(b *testing.B) {
	ten := MustScale(TenPoint())
	shards := make([]*Aggregate, 10)
	for s := range shards {
		shards[s] = NewAggregate(ten)
		for i := range 9000 {
			_ = shards[s].Add(MustGroup("technician", fmt.Sprintf("T%03d", i%300), "day", fmt.Sprintf("2025-07-%02d", i/300+1)), ten.Parse("10"))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		a := NewAggregate(ten)
		for _, s := range shards {
			_ = a.Merge(s)
		}
		sinkAgg = a
	}
}

// BenchmarkAggregate1MReplies parses and adds one million SMS-style text
// replies (" 10 ", "9", "", ...) to 9,000 technician-day groups.
func BenchmarkAggregate1MReplies(b *testing.B) {
	ten := MustScale(TenPoint())
	groups := make([]Group, 9000)
	for i := range groups {
		groups[i] = MustGroup("technician", fmt.Sprintf("T%03d", i%300), "day", fmt.Sprintf("2025-07-%02d", i/300+1))
	}
	replies := []string{"10", " 10 ", "9", "010", "8", "", "10", "7", "x", "10\n"}
	b.ReportAllocs()
	for b.Loop() {
		a := NewAggregate(ten)
		for i := range 1_000_000 {
			a.AddReply(groups[i%9000], replies[i%len(replies)])
		}
		sinkAgg = a
	}
}

var sinkReport []Metrics

// BenchmarkReport computes the metrics (exact intervals included) of 300
// technicians' months.
func BenchmarkReport(b *testing.B) {
	ten := MustScale(TenPoint())
	a := NewAggregate(ten)
	for i := range 300 * 60 {
		g := MustGroup("technician", fmt.Sprintf("T%03d", i%300), "period", "2025-07")
		a.AddReply(g, fmt.Sprint(10-i%4))
	}
	b.ReportAllocs()
	for b.Loop() {
		r, err := a.Report(opts)
		if err != nil {
			b.Fatal(err)
		}
		sinkReport = r
	}
}
