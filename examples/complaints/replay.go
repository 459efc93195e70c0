package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
	"github.com/servq/servq/workorder"
)

// facts are the complaint data's facts (every fact the rows carry must be
// declared: the decoder refuses unknown ones).
var facts = quality.MustSchema(
	quality.Field{Name: "county", Kind: quality.KindString, Doc: "the county branch responsible"},
	quality.Field{Name: "department", Kind: quality.KindString, Doc: "the department the county assigns it to"},
	quality.Field{Name: "staff", Kind: quality.KindString, Doc: "the person responsible for a human-caused complaint"},
	quality.Field{Name: "channel", Kind: quality.KindString, Doc: "hotline, gm_line, regulator or media"},
	quality.Field{Name: "area", Kind: quality.KindString, Doc: "product, channel or support"},
	quality.Field{Name: "provincial", Kind: quality.KindBool, Doc: "a provincial department answers (24 hours)"},
	quality.Field{Name: "invalid", Kind: quality.KindBool, Doc: "judged invalid and closed at once"},
	quality.Field{Name: "cause", Kind: quality.KindString, Doc: "human, equipment, customer, other"},
	quality.Field{Name: "major", Kind: quality.KindBool},
	quality.Field{Name: "common", Kind: quality.KindBool},
	quality.Field{Name: "penalised", Kind: quality.KindBool, Doc: "the penalty decision was reported"},
	quality.Field{Name: "do_not_call", Kind: quality.KindBool},
	quality.Field{Name: "resolved", Kind: quality.KindBool, Doc: "the customer accepts the resolution"},
	quality.Field{Name: "rating", Kind: quality.KindString, Doc: "the callback rating, 1 to 10"},
)

// countyClocks are the steps a county answers for [004]: its quality office
// dispatches to the department within 30 minutes and returns the order
// within 24 hours; the department answers within 20 hours (a provincial one
// within 24); a penalty is reported within a week.
func countyClocks() []sla.ClockSpec {
	on := func(rule string) []sla.Condition { return []sla.Condition{{When: rule}} }
	within := func(name string, d time.Duration) []sla.TargetSpec {
		return []sla.TargetSpec{{Name: name, Calendar: "desk", Within: d}}
	}
	return []sla.ClockSpec{
		{Name: "county_dispatch", Start: on(`event == "dispatch"`), Stop: on(`event == "assign"`),
			Cancel: on(`event == "wrong_dispatch"`), Targets: within("30m", 30*time.Minute)},
		{Name: "county_return", Start: on(`event == "dispatch"`), Stop: on(`event == "return"`),
			Cancel: on(`event == "wrong_dispatch"`), Targets: within("24h", 24*time.Hour)},
		{Name: "answer", Start: on(`event == "assign" || (event == "callback" && !resolved)`), Stop: on(`event == "answer"`),
			Targets: []sla.TargetSpec{
				{Name: "provincial 24h", When: "provincial", Calendar: "desk", Within: 24 * time.Hour},
				{Name: "20h", Calendar: "desk", Within: 20 * time.Hour},
			}},
		{Name: "penalty", Start: on(`event == "decide" && (cause == "human" || major || common) && !penalised`),
			Stop: on(`event == "penalty_reported"`), Targets: within("one week", 7*24*time.Hour)},
	}
}

// countyTally is what one county's finished complaints add up to.
type countyTally struct {
	complaints, invalid int64
	valid, timely       int64 // valid complaints; those whose county steps kept every limit
	rated, satisfied    int64 // callback ratings; ratings of 10
	byChannel           map[string]int64
}

// open is one complaint being replayed.
type open struct {
	facts  quality.Facts
	clocks sla.State
}

// replay reads the events, folds each complaint's county clocks and, when it
// closes, adds it to its county's tally. The ten-point scale counts only a
// 10 as satisfied.
func replay(r io.Reader) (map[string]*countyTally, error) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return nil, err
	}
	cs, err := sla.CompileClocks(sla.ClockEnv{Schema: facts,
		Calendars: map[string]*sla.Calendar{"desk": sla.TwentyFourSeven(loc)}}, countyClocks()...)
	if err != nil {
		return nil, err
	}
	scale := survey.MustScale(survey.TenPoint())
	dec, err := workorder.NewDecoder(r, workorder.JSONL, facts)
	if err != nil {
		return nil, err
	}
	orders := map[string]*open{}
	counties := map[string]*countyTally{}
	var ev workorder.Event
	for {
		err := dec.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err // the shipped data has no malformed rows
		}
		o := orders[ev.Order]
		if o == nil {
			o = &open{facts: quality.Facts{}}
			orders[ev.Order] = o
		}
		for k, v := range ev.Facts {
			o.facts[k] = v
		}
		if o.clocks, err = cs.Fold(o.clocks, sla.Event{ID: ev.ID, At: ev.At, Name: ev.Name, Facts: o.facts}); err != nil {
			return nil, fmt.Errorf("line %d: %w", ev.Line, err)
		}
		if ev.Name != "close" {
			continue
		}
		delete(orders, ev.Order)
		county := o.facts["county"].(string)
		t := counties[county]
		if t == nil {
			t = &countyTally{byChannel: map[string]int64{}}
			counties[county] = t
		}
		t.complaints++
		t.byChannel[o.facts["channel"].(string)]++
		if o.facts["invalid"].(bool) {
			t.invalid++
			continue
		}
		t.valid++
		timely := true
		for _, name := range cs.Names() {
			st, err := cs.Status(o.clocks, name, ev.At)
			if err != nil {
				return nil, err
			}
			timely = timely && !st.Breached
		}
		if timely {
			t.timely++
		}
		if reply, ok := o.facts["rating"].(string); ok {
			a := scale.Parse(reply)
			if _, point := a.Point(); point {
				t.rated++
				if scale.Satisfied(a) {
					t.satisfied++
				}
			}
		}
	}
	if len(orders) > 0 {
		ids := make([]string, 0, len(orders))
		for id := range orders {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		return nil, fmt.Errorf("%d complaints never closed, such as %s", len(ids), ids[0])
	}
	return counties, nil
}
