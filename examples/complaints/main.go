// Command complaints embeds servq's packages directly, without the policy
// file, the way a CRM developer would: it replays the complaint data through
// the county's step clocks (package sla), counts each county's complaints,
// timely ones, escalated ones and callback ratings (package survey's
// 10-point scale, where only a 10 is satisfied), and scores the half-year
// appraisal (package appraisal): customer satisfaction 40%, the provincial
// 100-point card 60%, with the card's items measured outside the complaint
// data (hotline quality, dial tests, ...) read from indicators.csv.
//
// It shows first that the card as the programme lists it, 94 points declared
// as 100, is refused, and then scores the card normalised to 100.
//
//	go run ./examples/complaints                      # the shipped data (embedded)
//	go run ./examples/complaints -data d.jsonl -indicators i.csv
//
// The same policy, with the rest of the complaint line (batch slots, the
// escalation machine, sampling, penalties), is examples/complaints/policy.yaml:
//
//	go run ./cmd/servq run examples/complaints
package main

//go:generate go run ./gen -dir .

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

//go:embed data.jsonl
var shippedData []byte

//go:embed indicators.csv
var shippedIndicators []byte

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "complaints:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("complaints", flag.ContinueOnError)
	dataPath := fs.String("data", "", "complaint events (JSONL); default: the shipped data.jsonl")
	indPath := fs.String("indicators", "", "the counties' other indicators (CSV); default: the shipped indicators.csv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, ind := shippedData, shippedIndicators
	var err error
	if *dataPath != "" {
		if data, err = os.ReadFile(*dataPath); err != nil {
			return err
		}
	}
	if *indPath != "" {
		if ind, err = os.ReadFile(*indPath); err != nil {
			return err
		}
	}

	// 1. The card as listed: its items add up to 94, and it declares 100.
	fmt.Fprintln(w, "The provincial card as the programme lists it:")
	_, err = appraisal.NewScorecard(provincialCard(false), escalatedFacts)
	var te *appraisal.TotalError
	if !errors.As(err, &te) || !errors.Is(err, appraisal.ErrTotalMismatch) {
		return fmt.Errorf("the 94-point card was not refused as it should be: %v", err)
	}
	fmt.Fprintf(w, "  refused: %v\n\n", err)

	// 2. The half-year appraisal with the card normalised to 100.
	card, err := appraisal.NewScorecard(halfYearCard(), escalatedFacts)
	if err != nil {
		return err
	}
	counties, err := replay(bytes.NewReader(data))
	if err != nil {
		return err
	}
	others, err := readIndicators(ind)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(counties))
	for name := range counties {
		names = append(names, name)
	}
	slices.Sort(names)

	fmt.Fprintf(w, "Half-year appraisal (40%% satisfaction, 60%% the card scaled 100/94), version %s\n\n", card.Version())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "county\tcomplaints\tinvalid\ttimely\tsatisfied\tGM/regulator/media\tsatisfaction pts\tcard pts\tpoints\t")
	results := map[string]appraisal.Result{}
	var entries []appraisal.Entry
	for _, name := range names {
		t := counties[name]
		in, err := inputs(t, others[name])
		if err != nil {
			return fmt.Errorf("county %s: %w", name, err)
		}
		res, err := card.Score(name, in)
		if err != nil {
			return err
		}
		results[name] = res
		entries = append(entries, appraisal.Entry{Subject: name, Score: res.Points, N: t.valid})
		sat, _ := res.Item("satisfaction")
		prov, _ := res.Item("provincial")
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d/%d\t%d/%d\t%d/%d/%d\t%s\t%s\t%s\t\n", name, t.complaints, t.invalid,
			t.timely, t.valid, t.satisfied, t.rated, t.byChannel["gm_line"], t.byChannel["regulator"], t.byChannel["media"],
			sat.Points.StringFixed(2), prov.Points.StringFixed(2), res.Points.StringFixed(2))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	ranked, err := appraisal.Rank(entries, appraisal.RankSpec{By: appraisal.RankScore})
	if err != nil {
		return err
	}
	fmt.Fprint(w, "\nRanking:")
	for _, r := range ranked {
		fmt.Fprintf(w, " %d. %s (%s)", r.Position, r.Subject, r.Score.StringFixed(2))
	}
	fmt.Fprintln(w)

	// 3. Every point of the top county, explained.
	top := ranked[0].Subject
	fmt.Fprintf(w, "\nWhy %s scores %s:\n\n", top, results[top].Points.StringFixed(2))
	fmt.Fprint(w, indent(results[top].Tree.Text(), "  "))
	return nil
}

// indicator is one county's row of indicators.csv.
type indicator struct {
	hotline, keyAccounts, halls, mobileRate, dialTests decimal.Decimal
	meetingsHeld, meetingsEffective, supervisors       bool
}

// readIndicators reads indicators.csv: the card's items measured outside
// the complaint data.
func readIndicators(data []byte) (map[string]indicator, error) {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, err
	}
	want := []string{"county", "hotline", "key_accounts", "halls", "mobile_complaint_rate", "dial_tests",
		"meetings_held", "meetings_effective", "supervisors_appointed"}
	if len(rows) == 0 || !slices.Equal(rows[0], want) {
		return nil, fmt.Errorf("indicators: want the header %s", strings.Join(want, ","))
	}
	out := map[string]indicator{}
	for i, row := range rows[1:] {
		var in indicator
		var errs []error
		num := func(s string) decimal.Decimal {
			d, err := decimal.NewFromString(s)
			errs = append(errs, err)
			return d
		}
		flag := func(s string) bool {
			b, err := strconv.ParseBool(s)
			errs = append(errs, err)
			return b
		}
		in.hotline, in.keyAccounts, in.halls = num(row[1]), num(row[2]), num(row[3])
		in.mobileRate, in.dialTests = num(row[4]), num(row[5])
		in.meetingsHeld, in.meetingsEffective, in.supervisors = flag(row[6]), flag(row[7]), flag(row[8])
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("indicators: line %d: %w", i+2, err)
		}
		out[row[0]] = in
	}
	return out, nil
}

// inputs are one county's measurements for the half-year card.
func inputs(t *countyTally, in indicator) (appraisal.Inputs, error) {
	if in.hotline.IsZero() && in.dialTests.IsZero() {
		return nil, errors.New("no row in the indicators")
	}
	return appraisal.Inputs{
		"satisfaction":          appraisal.RateInput(t.satisfied, t.rated),
		"hotline":               appraisal.ValueInput(in.hotline),
		"key_accounts":          appraisal.ValueInput(in.keyAccounts),
		"halls":                 appraisal.ValueInput(in.halls),
		"complaint_timeliness":  appraisal.RateInput(t.timely, t.valid),
		"mobile_complaint_rate": appraisal.ValueInput(in.mobileRate),
		"dial_tests":            appraisal.ValueInput(in.dialTests),
		"quality_meetings":      appraisal.ChecksInput(map[string]bool{"held": in.meetingsHeld, "effective": in.meetingsEffective}),
		"social_supervisors":    appraisal.ChecksInput(map[string]bool{"appointed": in.supervisors}),
		"escalated_complaints": appraisal.FactsInput(quality.Facts{
			"gm_line": int(t.byChannel["gm_line"]), "regulator": int(t.byChannel["regulator"]), "media": int(t.byChannel["media"])}),
	}, nil
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(prefix + l)
		}
	}
	return b.String()
}
