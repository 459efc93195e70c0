package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/quality"
)

// Display rounding, stated once: percentages and scores half up to 2 places,
// money half up to the fen.
const (
	displayPlaces = 2
	displayMode   = quality.HalfUp
	moneyPlaces   = 2
	moneyMode     = quality.HalfUp
)

// line is one technician's (or the station's) figures for the month.
type line struct {
	Name        string
	Repair      quality.Rate
	Install     quality.Rate
	OnTime      quality.Rate
	RepairAtt   decimal.Decimal // attainment; meaningless when Repair is undefined
	InstallAtt  decimal.Decimal
	OnTimeAtt   decimal.Decimal
	Tens        int64
	Unsatisfied int64
	Money       decimal.Decimal // yuan, rounded to moneyPlaces
}

// report is the month's result: one line per technician and the station line.
type report struct {
	Station string
	Month   string
	Lines   []line
	Total   line
}

// buildReport scores every technician against the policy and adds the
// station's line: rates merged over all technicians, money summed.
func buildReport(m month, p policy) (report, error) {
	rep := report{Station: m.Station, Month: m.Month}
	var repairs, installs, onTimes []quality.Rate
	money := decimal.Zero
	for _, t := range m.Technicians {
		l := line{
			Name:        t.Name,
			Repair:      quality.Rate{Num: t.RepairSatisfied, Den: t.RepairRated},
			Install:     quality.Rate{Num: t.InstallSatisfied, Den: t.InstallRated},
			OnTime:      quality.Rate{Num: t.OnTime, Den: t.Appointments},
			Tens:        t.RepairSatisfied + t.InstallSatisfied,
			Unsatisfied: (t.RepairRated - t.RepairSatisfied) + (t.InstallRated - t.InstallSatisfied),
		}
		l.score(p)
		tens, unsatisfied := int(l.Tens), int(l.Unsatisfied)
		if int64(tens) != l.Tens || int64(unsatisfied) != l.Unsatisfied {
			return report{}, fmt.Errorf("%s: counts too large", t.Name)
		}
		v, err := p.Money.EvalDecimal(quality.Facts{"tens": tens, "unsatisfied": unsatisfied})
		if err != nil {
			return report{}, fmt.Errorf("%s: money rule: %w", t.Name, err)
		}
		l.Money = moneyMode.Round(v, moneyPlaces)
		money = money.Add(l.Money)
		repairs, installs, onTimes = append(repairs, l.Repair), append(installs, l.Install), append(onTimes, l.OnTime)
		rep.Lines = append(rep.Lines, l)
	}
	st := line{Name: "Station", Money: money}
	var err error
	for _, merge := range []struct {
		into  *quality.Rate
		rates []quality.Rate
	}{{&st.Repair, repairs}, {&st.Install, installs}, {&st.OnTime, onTimes}} {
		if *merge.into, err = quality.MergeRates(merge.rates...); err != nil {
			return report{}, err
		}
	}
	for _, l := range rep.Lines {
		st.Tens += l.Tens
		st.Unsatisfied += l.Unsatisfied
	}
	st.score(p)
	rep.Total = st
	return rep, nil
}

// score sets the attainments of l's rates against the policy's targets.
func (l *line) score(p policy) {
	l.RepairAtt, _ = p.Repair.AttainmentRate(l.Repair)
	l.InstallAtt, _ = p.Install.AttainmentRate(l.Install)
	l.OnTimeAtt, _ = p.OnTime.AttainmentRate(l.OnTime)
}

// write renders the report as aligned text.
func (rep report) write(w io.Writer) error {
	var b strings.Builder
	title := "Monthly service quality"
	if rep.Station != "" {
		title += " — " + rep.Station
	}
	if rep.Month != "" {
		title += ", " + rep.Month
	}
	fmt.Fprintf(&b, "%s\n%s\n\n", title, strings.Repeat("=", utf8.RuneCountInString(title)))
	b.WriteString("Targets: repair satisfaction 90% → 98%, installation/move satisfaction 95% → 100%\n")
	b.WriteString("         (score 0.60 at the baseline, 1.00 at the challenge, 0 below the baseline);\n")
	b.WriteString("         appointments on time 95% (met or not).\n")
	fmt.Fprintf(&b, "Money:   %s  (yuan for the month)\n", moneyRule)
	b.WriteString("         +20 per customer who gives a 10, -200 per dissatisfied customer.\n\n")

	tb := table{
		header: []string{"Technician", "Repair satisfied", "Score", "Install/move satisfied", "Score", "On time", "≥95%", "10s", "<10", "Money"},
		right:  []bool{false, true, true, true, true, true, false, true, true, true},
	}
	for _, l := range rep.Lines {
		tb.add(l.cells())
	}
	tb.rule()
	tb.add(rep.Total.cells())
	tb.write(&b)

	b.WriteString("\nBelow the baseline (satisfaction) or the target (on time):\n")
	below := 0
	for _, l := range rep.Lines {
		var what []string
		if l.Repair.Defined() && l.RepairAtt.IsZero() {
			what = append(what, "repair "+l.Repair.Percent(displayPlaces, displayMode))
		}
		if l.Install.Defined() && l.InstallAtt.IsZero() {
			what = append(what, "install/move "+l.Install.Percent(displayPlaces, displayMode))
		}
		if l.OnTime.Defined() && l.OnTimeAtt.IsZero() {
			what = append(what, "on time "+l.OnTime.Percent(displayPlaces, displayMode))
		}
		if len(what) > 0 {
			fmt.Fprintf(&b, "  %s: %s\n", l.Name, strings.Join(what, ", "))
			below++
		}
	}
	if below == 0 {
		b.WriteString("  nobody\n")
	}
	b.WriteString("\nRates and scores are rounded half up to 2 places, money half up to 0.01 yuan.\n")
	b.WriteString("Only a 10 counts as satisfied. n/a: nobody rated (the rate is undefined, not 0%).\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func (l line) cells() []string {
	rate := func(r quality.Rate) string {
		if !r.Defined() {
			return r.Percent(displayPlaces, displayMode)
		}
		return r.Percent(displayPlaces, displayMode) + " (" + r.String() + ")"
	}
	score := func(r quality.Rate, a decimal.Decimal) string {
		if !r.Defined() {
			return "n/a"
		}
		return displayMode.Round(a, displayPlaces).StringFixed(displayPlaces)
	}
	met := "n/a"
	if l.OnTime.Defined() {
		met = "no"
		if l.OnTimeAtt.Equal(decimal.NewFromInt(1)) {
			met = "yes"
		}
	}
	return []string{
		l.Name,
		rate(l.Repair), score(l.Repair, l.RepairAtt),
		rate(l.Install), score(l.Install, l.InstallAtt),
		rate(l.OnTime), met,
		fmt.Sprint(l.Tens), fmt.Sprint(l.Unsatisfied),
		l.Money.StringFixed(moneyPlaces),
	}
}

// table lays out columns of text, each left- or right-aligned.
type table struct {
	header []string
	right  []bool
	rows   [][]string // a nil row is a rule
}

func (t *table) add(cells []string) { t.rows = append(t.rows, cells) }
func (t *table) rule()              { t.rows = append(t.rows, nil) }

func (t *table) write(b *strings.Builder) {
	width := make([]int, len(t.header))
	for _, r := range append([][]string{t.header}, t.rows...) {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	total := 0
	for _, w := range width {
		total += w
	}
	total += 2 * (len(width) - 1)
	writeRow := func(r []string) {
		var sb strings.Builder
		for i, c := range r {
			if i > 0 {
				sb.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if t.right[i] {
				sb.WriteString(pad + c)
			} else {
				sb.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(sb.String(), " ") + "\n")
	}
	writeRow(t.header)
	b.WriteString(strings.Repeat("-", total) + "\n")
	for _, r := range t.rows {
		if r == nil {
			b.WriteString(strings.Repeat("-", total) + "\n")
			continue
		}
		writeRow(r)
	}
}
