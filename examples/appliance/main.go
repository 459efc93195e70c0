// Command appliance embeds servq's packages directly, without the policy
// file, the way a CRM developer would: it runs each overdue after-sales
// order through the overdue ladder (package escalation: 48 hours, 300 hours,
// 15 days), reads each customer's first answer to the SMS survey on the
// A/B/C/D scale (package survey: A and B are satisfied), and ranks the
// service providers fairly although some have only a dozen answers
// (package appraisal: the Wilson lower bound with a minimum sample, and a
// beta prior of 90% worth 20 answers).
//
//	go run ./examples/appliance                # the shipped data (embedded)
//	go run ./examples/appliance -data d.jsonl
//
// The policy file with the rest of the programme (the 20-minute contact
// clock, satisfied-then-close, sampling, the provider card) is
// examples/appliance/policy.yaml:
//
//	go run ./cmd/servq run examples/appliance
package main

//go:generate go run ./gen -dir .

import (
	"bytes"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/survey"
	"github.com/servq/servq/workorder"
	"github.com/shopspring/decimal"
)

//go:embed data.jsonl
var shippedData []byte

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "appliance:", err)
		os.Exit(1)
	}
}

// facts are the data's facts (the decoder refuses facts not declared).
var facts = quality.MustSchema(
	quality.Field{Name: "provider", Kind: quality.KindString},
	quality.Field{Name: "technician", Kind: quality.KindString},
	quality.Field{Name: "county", Kind: quality.KindString},
	quality.Field{Name: "order_type", Kind: quality.KindString},
	quality.Field{Name: "product", Kind: quality.KindString},
	quality.Field{Name: "smart_tv", Kind: quality.KindBool},
	quality.Field{Name: "do_not_call", Kind: quality.KindBool},
	quality.Field{Name: "overdue", Kind: quality.KindBool},
	quality.Field{Name: "visits", Kind: quality.KindInt},
	quality.Field{Name: "reply", Kind: quality.KindString},
	quality.Field{Name: "first_reply", Kind: quality.KindString},
)

// providerTally is one provider's finished orders.
type providerTally struct {
	orders, overdue, gifts, replacements, pastFifteen int64
	answered, satisfied                               int64
}

// order is one order being replayed.
type order struct {
	facts   quality.Facts
	ladder  escalation.State
	overdue bool
	actions []escalation.Emitted
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("appliance", flag.ContinueOnError)
	dataPath := fs.String("data", "", "after-sales events (JSONL); default: the shipped data.jsonl")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data := shippedData
	if *dataPath != "" {
		var err error
		if data, err = os.ReadFile(*dataPath); err != nil {
			return err
		}
	}
	ladder, err := escalation.Compile(overdueLadder(), escalation.Env{})
	if err != nil {
		return err
	}
	sms := survey.MustScale(survey.SMS("A", "B"))

	dec, err := workorder.NewDecoder(bytes.NewReader(data), workorder.JSONL, facts)
	if err != nil {
		return err
	}
	open := map[string]*order{}
	tallies := map[string]*providerTally{}
	var longest *order // the overdue order that waited longest, to show its ladder
	var longestID string
	var ev workorder.Event
	for {
		err := dec.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		o := open[ev.Order]
		if o == nil {
			o = &order{facts: quality.Facts{}}
			open[ev.Order] = o
		}
		for k, v := range ev.Facts {
			o.facts[k] = v
		}
		switch {
		case ev.Name == "overdue" && !o.overdue:
			// The order enters the ladder: level 1 and the timer left with
			// the customer at once, the 48-hour, 300-hour and 15-day
			// deadlines stored in its state.
			res, err := ladder.Start(ev.Order, ev.At, o.facts)
			if err != nil {
				return err
			}
			o.overdue, o.ladder = true, res.State
			o.actions = append(o.actions, res.Actions...)
		case ev.Name == "completed" && o.overdue && !ladder.Terminal(o.ladder):
			// Solved: the step first fires every deadline passed before it.
			res, err := ladder.Step(o.ladder, escalation.Event{ID: ev.ID, Name: "completed", At: ev.At, Facts: o.facts}, ev.At)
			if err != nil {
				return err
			}
			o.ladder = res.State
			o.actions = append(o.actions, res.Actions...)
		case ev.Name == "closed":
			delete(open, ev.Order)
			p := o.facts["provider"].(string)
			t := tallies[p]
			if t == nil {
				t = &providerTally{}
				tallies[p] = t
			}
			t.add(o, sms)
			if o.overdue && (longest == nil || o.onLadder() > longest.onLadder()) {
				longest, longestID = o, ev.Order
			}
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("%d orders never closed", len(open))
	}
	return report(w, tallies, longestID, longest)
}

// onLadder is how long a solved overdue order was on the ladder: from the
// start (its first action) to the step that solved it.
func (o *order) onLadder() time.Duration { return o.ladder.Entered.Sub(o.actions[0].Due) }

// add counts a finished order: its place on the ladder and the first
// answer of its customer (the order is served again until the answer is A
// or B, so only the first answer says how the service went).
func (t *providerTally) add(o *order, sms *survey.Scale) {
	t.orders++
	if o.overdue {
		t.overdue++
	}
	for _, a := range o.actions {
		switch {
		case a.Action.Code == "timer_gift":
			t.gifts++
		case a.Action.Code == "free_replacement":
			t.replacements++
		case a.Action.Kind == escalation.ActionRaiseLevel && a.Action.Level == 4:
			t.pastFifteen++
		}
	}
	if reply, ok := o.facts["first_reply"].(string); ok {
		if a := sms.Parse(reply); a.Kind() == survey.Point {
			t.answered++
			if sms.Satisfied(a) {
				t.satisfied++
			}
		}
	}
}

func report(w io.Writer, tallies map[string]*providerTally, longestID string, longest *order) error {
	names := make([]string, 0, len(tallies))
	var entries []appraisal.Entry
	for name, t := range tallies {
		names = append(names, name)
		entries = append(entries, appraisal.Entry{Subject: name, Rate: quality.Rate{Num: t.satisfied, Den: t.answered}})
	}
	slices.Sort(names)
	slices.SortFunc(entries, func(a, b appraisal.Entry) int { return strings.Compare(a.Subject, b.Subject) })
	wilson, err := appraisal.Rank(entries, appraisal.RankSpec{By: appraisal.RankWilson, MinN: 20})
	if err != nil {
		return err
	}
	beta, err := appraisal.Rank(entries, appraisal.RankSpec{By: appraisal.RankBeta, Alpha: decimal.NewFromInt(18), Beta: decimal.NewFromInt(2)})
	if err != nil {
		return err
	}
	place := func(rs []appraisal.Ranked, subject string) string {
		for _, r := range rs {
			if r.Subject == subject {
				if r.Position == 0 {
					return "- (" + r.Reason + ")"
				}
				return fmt.Sprintf("%d (%s)", r.Position, r.Stat.StringFixed(4))
			}
		}
		return "?"
	}

	fmt.Fprintln(w, "Service providers, July 2025: the overdue ladder and the first SMS answers")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "provider\torders\toverdue\tgifts (48 h)\treplaced (300 h)\tpast 15 days\tA or B first\tWilson rank (min 20)\tbeta rank (90% × 20)")
	for _, name := range names {
		t := tallies[name]
		rate := quality.Rate{Num: t.satisfied, Den: t.answered}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", name, t.orders, t.overdue, t.gifts, t.replacements, t.pastFifteen,
			rate.Percent(2, quality.HalfUp)+fmt.Sprintf(" (%d/%d)", t.satisfied, t.answered), place(wilson, name), place(beta, name))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if longest == nil {
		return nil
	}
	fmt.Fprintf(w, "\nThe longest overdue order, %s (%s, %s), on the ladder:\n", longestID, longest.facts["provider"], longest.facts["product"])
	zone := time.FixedZone("+08:00", 8*3600)
	for _, a := range longest.actions {
		what := a.Action.Kind.String()
		switch {
		case a.Action.Kind == escalation.ActionRaiseLevel:
			what += fmt.Sprintf(" %d", a.Action.Level)
		case a.Action.Role != "":
			what += " " + a.Action.Role
		}
		if a.Action.Code != "" {
			what += " " + a.Action.Code
		}
		if a.Action.Note != "" {
			what += ": " + a.Action.Note
		}
		fmt.Fprintf(w, "  %s  %s\n", a.Due.In(zone).Format("2006-01-02 15:04"), what)
	}
	fmt.Fprintf(w, "  %s  solved: %s on the ladder, level %d reached\n", longest.ladder.Entered.In(zone).Format("2006-01-02 15:04"),
		strings.TrimSuffix(longest.onLadder().Round(time.Minute).String(), "0s"), longest.ladder.Level)
	return nil
}
