package engine

import (
	"errors"
	"github.com/servq/servq/policy"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/survey"
)

// Result is what a run found: the JSON of servq run --format json, and what
// the text report shows.
type Result struct {
	Policy     PolicyInfo    `json:"policy"`
	AsOf       time.Time     `json:"as_of"`
	Counts     Counts        `json:"counts"`
	Rejected   []ReasonCount `json:"rejected_by_reason"`
	Rejections []Rejection   `json:"rejections"`
	Orders     OrderSummary  `json:"orders"`
	Problems   []ReasonCount `json:"problems_by_part"`
	// ProblemList holds the first problems in detail.
	ProblemList []Problem `json:"problems"`

	Clocks       []ClockSummary      `json:"clocks"`
	Machines     []MachineSummary    `json:"machines"`
	Sampling     *SamplingSummary    `json:"sampling,omitempty"`
	Callback     *CallbackSummary    `json:"callback,omitempty"`
	Satisfaction []SatisfactionTable `json:"satisfaction,omitempty"`
	Quota        *survey.QuotaReport `json:"quota,omitempty"`
	Measures     []MeasureSummary    `json:"measures,omitempty"`
	Scorecards   []CardSummary       `json:"scorecards,omitempty"`
	Stars        []StarSummary       `json:"stars,omitempty"`
	Rankings     []RankingSummary    `json:"rankings,omitempty"`
	Ledger       *LedgerSummary      `json:"ledger,omitempty"`
}

// PolicyInfo names the rules a result was made by.
type PolicyInfo struct {
	Name string `json:"name"`
	File string `json:"file"`
	// Hash is the policy's hash, which covers the whole file, its run
	// section included.
	Hash string `json:"hash"`
}

// ReasonCount is a count by reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int64  `json:"count"`
}

// OrderSummary counts orders.
type OrderSummary struct {
	Finished int64 `json:"finished"`
	Open     int64 `json:"open"`
}

// OpenSummary counts the orders open at the end of the data.
type OpenSummary struct{ Orders int64 }

// ClockSummary counts one clock's cycles over finished orders, and its open
// cycles at the end of the data.
type ClockSummary struct {
	Name   string `json:"name"`
	Cycles int64  `json:"cycles"`
	Met    int64  `json:"met"`
	Late   int64  `json:"late"`
	// Early counts cycles stopped before their target's not-before instant
	// (an arrival before the appointment window): neither met nor late.
	Early     int64 `json:"early,omitempty"`
	Cancelled int64 `json:"cancelled"`
	Reset     int64 `json:"reset"`
	// OpenAtDone counts cycles still running or paused when their order was
	// finished; OpenAtEnd those of orders still open at the end of the data.
	// OpenBreached counts the open ones already past due.
	OpenAtDone   int64 `json:"open_at_done"`
	OpenAtEnd    int64 `json:"open_at_end"`
	OpenBreached int64 `json:"open_breached"`
	// OnTime is Met over Met + Late + Early (the stopped cycles with a
	// verdict).
	OnTime quality.Rate `json:"on_time"`
}

// MachineSummary is one escalation machine over the orders it ran.
type MachineSummary struct {
	Name      string        `json:"name"`
	Version   int           `json:"version"`
	Orders    int64         `json:"orders"`
	Terminal  int64         `json:"terminal"`
	Unhandled int64         `json:"unhandled_events"`
	Levels    []LevelCount  `json:"levels"`
	Actions   []ActionCount `json:"actions"`
}

// LevelCount is how many finished orders ended at a warning level.
type LevelCount struct {
	Level  int    `json:"level"`
	Name   string `json:"name,omitempty"`
	Orders int64  `json:"orders"`
}

// ActionCount is how many times an action became due.
type ActionCount struct {
	Kind  string `json:"kind"`
	Role  string `json:"role,omitempty"`
	Code  string `json:"code,omitempty"`
	Count int64  `json:"count"`
}

// SamplingSummary is the callback sample drawn from the finished orders.
type SamplingSummary struct {
	Ruleset  string         `json:"ruleset"`
	Seed     string         `json:"seed"`
	Periods  []string       `json:"periods"`
	Rules    []RuleSummary  `json:"rules"`
	Default  int64          `json:"default"`
	Selected int64          `json:"selected"`
	Excluded int64          `json:"excluded"`
	Decided  int64          `json:"decided"`
	Problems int64          `json:"problems"`
	Floors   []FloorSummary `json:"floors"`
}

// RuleSummary is what one sampling rule decided.
type RuleSummary struct {
	ID       string          `json:"id"`
	Layer    string          `json:"layer"`
	Rate     decimal.Decimal `json:"rate,omitzero"`
	Decided  int64           `json:"decided"`
	Selected int64           `json:"selected"`
}

// FloorSummary checks a rate rule's share: at least ceil(rate × matched)
// selections over the run ("at least 20% of repairs"); Short is how many
// more the per-order draw left to add (survey's SettleFloors adds them).
type FloorSummary struct {
	Rule     string          `json:"rule"`
	Rate     decimal.Decimal `json:"rate"`
	Matched  int64           `json:"matched"`
	Selected int64           `json:"selected"`
	Floor    int64           `json:"floor"`
	Short    int64           `json:"short"`
}

// CallbackSummary compares the sample with the replies in the data.
type CallbackSummary struct {
	// Eligible counts the finished orders in the survey's population.
	Eligible          int64 `json:"eligible"`
	Selected          int64 `json:"selected"`
	Excluded          int64 `json:"excluded"`
	SelectedReplied   int64 `json:"selected_replied"`
	SelectedUnreplied int64 `json:"selected_unreplied"`
	RepliedUnselected int64 `json:"replied_unselected"`
}

// SatisfactionTable is the survey metrics of one grouping.
type SatisfactionTable struct {
	By   []string         `json:"by"`
	Rows []survey.Metrics `json:"rows"`
}

// MeasureSummary is one measure, overall and per subject of each dimension.
type MeasureSummary struct {
	Name  string           `json:"name"`
	Kind  string           `json:"kind"`
	Doc   string           `json:"doc,omitempty"`
	Total MeasureValue     `json:"total"`
	By    []DimensionValue `json:"by"`
}

// MeasureValue is a count, or a rate with its exact counts.
type MeasureValue struct {
	Count *int64        `json:"count,omitempty"`
	Rate  *quality.Rate `json:"rate,omitempty"`
}

// DimensionValue is a measure per subject of one dimension.
type DimensionValue struct {
	Dimension string          `json:"dimension"`
	Subjects  []SubjectMetric `json:"subjects"`
}

// SubjectMetric is one subject's value of a measure.
type SubjectMetric struct {
	Subject string       `json:"subject"`
	Orders  int64        `json:"orders"`
	Value   MeasureValue `json:"value"`
}

// CardSummary is one scorecard over the subjects of its dimension.
type CardSummary struct {
	Name    string          `json:"name"`
	Subject string          `json:"subject"`
	Version string          `json:"version"`
	Total   decimal.Decimal `json:"total"`
	Inputs  []CardInput     `json:"inputs"`
	Scores  []SubjectScore  `json:"scores"`
}

// CardInput says where an item's input came from.
type CardInput struct {
	Item    string `json:"item"`
	Method  string `json:"method"`
	Measure string `json:"measure,omitempty"` // "" when missing
}

// SubjectScore is one subject's points on a card, with the explanation.
type SubjectScore struct {
	Subject string          `json:"subject"`
	Points  decimal.Decimal `json:"points"`
	Max     decimal.Decimal `json:"max"`
	Error   string          `json:"error,omitempty"`
	Tree    *appraisal.Node `json:"tree,omitempty"`
}

// StarSummary is a star rating over the subjects of its dimension.
type StarSummary struct {
	Name    string         `json:"name"`
	Subject string         `json:"subject"`
	Version string         `json:"version"`
	Ratings []SubjectStars `json:"ratings"`
}

// SubjectStars is one subject's stars.
type SubjectStars struct {
	Subject string          `json:"subject"`
	Stars   int             `json:"stars"`
	Points  decimal.Decimal `json:"points"`
	Why     string          `json:"why"`
	Error   string          `json:"error,omitempty"`
}

// RankingSummary is a ranking of the subjects of a dimension.
type RankingSummary struct {
	Name    string             `json:"name"`
	Subject string             `json:"subject"`
	By      string             `json:"by"`
	Measure string             `json:"measure"`
	Ranked  []appraisal.Ranked `json:"ranked"`
	Error   string             `json:"error,omitempty"`
}

// LedgerSummary is the money posted.
type LedgerSummary struct {
	Currency string              `json:"currency"`
	Version  string              `json:"version"`
	Lines    int64               `json:"lines"`
	Total    decimal.Decimal     `json:"total"`
	Accounts []appraisal.Account `json:"accounts"`
}

func (e *Engine) result(asOf time.Time, open OpenSummary) (*Result, error) {
	cfg := e.cfg
	r := &Result{
		Policy:      PolicyInfo{Name: cfg.Policy.Name, File: cfg.Policy.File, Hash: cfg.Policy.Hash},
		AsOf:        asOf,
		Counts:      e.counts,
		Rejected:    reasons(e.byReason),
		Rejections:  e.rejections,
		Orders:      OrderSummary{Finished: e.finished, Open: open.Orders},
		Problems:    reasons(e.byProblem),
		ProblemList: e.problems,
	}
	if r.Rejections == nil {
		r.Rejections = []Rejection{}
	}
	if r.ProblemList == nil {
		r.ProblemList = []Problem{}
	}
	for _, c := range e.clocks {
		c.OnTime = quality.Rate{Num: c.Met, Den: c.Met + c.Late + c.Early}
		r.Clocks = append(r.Clocks, c)
	}
	if r.Clocks == nil {
		r.Clocks = []ClockSummary{}
	}
	r.Machines = []MachineSummary{}
	for i, mc := range cfg.machines {
		acc := e.mach[i]
		ms := MachineSummary{Name: mc.name, Version: mc.m.Version(), Orders: acc.orders, Terminal: acc.terminal, Unhandled: acc.unhandled,
			Levels: []LevelCount{}, Actions: []ActionCount{}}
		levels := mc.m.Definition().Levels
		for lv, n := range acc.levels {
			if n == 0 {
				continue
			}
			lc := LevelCount{Level: lv, Orders: n}
			if lv > 0 && lv <= len(levels) {
				lc.Name = levels[lv-1].Name
			}
			ms.Levels = append(ms.Levels, lc)
		}
		for k, n := range acc.actions {
			ms.Actions = append(ms.Actions, ActionCount{Kind: k.kind.String(), Role: k.role, Code: k.code, Count: n})
		}
		sort.Slice(ms.Actions, func(a, b int) bool {
			x, y := ms.Actions[a], ms.Actions[b]
			if x.Kind != y.Kind {
				return x.Kind < y.Kind
			}
			if x.Role != y.Role {
				return x.Role < y.Role
			}
			return x.Code < y.Code
		})
		r.Machines = append(r.Machines, ms)
	}
	if s := e.sampling; s != nil {
		rs := cfg.Policy.Sampling
		ss := &SamplingSummary{Ruleset: rs.Hash(), Seed: rs.Spec().Seed, Periods: sortedKeys(s.periods), Default: s.defaults,
			Problems: e.byProblem["sampling"], Floors: []FloorSummary{}}
		for _, id := range s.order {
			rule := *s.rules[id]
			ss.Rules = append(ss.Rules, rule)
			ss.Decided += rule.Decided
			ss.Selected += rule.Selected
			switch rule.Layer {
			case "exclusion":
				ss.Excluded += rule.Decided
			case "rate":
				floor := ceilRate(rule.Rate, rule.Decided)
				ss.Floors = append(ss.Floors, FloorSummary{Rule: id, Rate: rule.Rate, Matched: rule.Decided, Selected: rule.Selected,
					Floor: floor, Short: max(0, floor-rule.Selected)})
			}
		}
		ss.Decided += s.defaults
		r.Sampling = ss
	}
	if cfg.callback != nil {
		cb := e.callback
		r.Callback = &cb
		if err := e.satisfaction(r); err != nil {
			return nil, err
		}
	}
	e.measureSummaries(r)
	e.cardSummaries(r)
	if err := e.rankingSummaries(r); err != nil {
		return nil, err
	}
	if e.ledger != nil {
		accts := e.ledger.Accounts()
		if accts == nil {
			accts = []appraisal.Account{}
		}
		r.Ledger = &LedgerSummary{Currency: e.ledger.Currency(), Version: cfg.Policy.Ledger.Version(), Lines: e.ledger.Lines(),
			Total: e.ledger.Total(), Accounts: accts}
	}
	return r, nil
}

// ceilRate returns ceil(rate × n) exactly.
func ceilRate(rate decimal.Decimal, n int64) int64 {
	return rate.Mul(decimal.NewFromInt(n)).Ceil().IntPart()
}

func reasons(m map[string]int64) []ReasonCount {
	out := []ReasonCount{}
	for _, k := range sortedKeys(m) {
		out = append(out, ReasonCount{Reason: k, Count: m[k]})
	}
	return out
}

func (e *Engine) satisfaction(r *Result) error {
	cb := e.cfg.callback
	groupings := [][]string{append([]string{}, cb.by...)}
	for _, d := range e.cfg.dims {
		groupings = append(groupings, append([]string{d}, cb.by...))
	}
	for _, by := range groupings {
		a, err := e.agg.Rollup(by...)
		if err != nil {
			return err
		}
		rows, err := a.Report(cb.metrics)
		if err != nil {
			return err
		}
		if rows == nil {
			rows = []survey.Metrics{}
		}
		r.Satisfaction = append(r.Satisfaction, SatisfactionTable{By: by, Rows: rows})
	}
	if rs := e.cfg.Policy.Sampling; rs != nil {
		q := rs.Spec().Quota
		tech := q.TechnicianDim
		if tech == "" {
			tech = "technician"
		}
		day := q.DayDim
		if day == "" {
			day = "day"
		}
		if _, ok := e.cfg.dimIndex[tech]; ok && day == "day" && (q.DailyMin > 0 || !q.MonthlyAbove.IsZero()) {
			a, err := e.agg.Rollup(tech, "day", "period")
			if err != nil {
				return err
			}
			rep, err := q.Check(a)
			if err != nil {
				return err
			}
			if rep.Daily == nil {
				rep.Daily = []survey.DayShortfall{}
			}
			if rep.Monthly == nil {
				rep.Monthly = []survey.MonthShortfall{}
			}
			r.Quota = &rep
		}
	}
	return nil
}

func (e *Engine) value(m measureCfg, a acc) MeasureValue {
	if m.kind == policy.MeasureCount {
		n := a.num
		return MeasureValue{Count: &n}
	}
	rate := quality.Rate{Num: a.num, Den: a.den}
	return MeasureValue{Rate: &rate}
}

func (e *Engine) measureSummaries(r *Result) {
	for mi, m := range e.cfg.measures {
		ms := MeasureSummary{Name: m.name, Kind: m.kind.String(), Doc: m.doc, Total: e.value(m, e.overall[mi]), By: []DimensionValue{}}
		for di, d := range e.cfg.dims {
			dv := DimensionValue{Dimension: d, Subjects: []SubjectMetric{}}
			for _, s := range sortedKeys(e.subjects[di]) {
				sa := e.subjects[di][s]
				dv.Subjects = append(dv.Subjects, SubjectMetric{Subject: s, Orders: sa.orders, Value: e.value(m, sa.measures[mi])})
			}
			ms.By = append(ms.By, dv)
		}
		r.Measures = append(r.Measures, ms)
	}
}

// inputs builds a subject's scorecard inputs from its measures.
func (e *Engine) inputs(c cardCfg, sa *subjectAcc) appraisal.Inputs {
	in := appraisal.Inputs{}
	var facts quality.Facts
	if len(c.facts) > 0 {
		facts = quality.Facts{}
		for _, f := range c.facts {
			a := sa.measures[f.measure]
			switch f.kind {
			case quality.KindInt:
				facts[f.name] = int(a.num)
			case quality.KindDecimal:
				if a.den > 0 {
					facts[f.name] = decimal.NewFromInt(a.num).DivRound(decimal.NewFromInt(a.den), quality.DefaultPrecision)
				}
			}
		}
	}
	for _, it := range c.inputs {
		switch {
		case it.method == appraisal.MethodRule && facts != nil:
			in[it.item] = appraisal.FactsInput(facts)
		case it.measure < 0:
		default:
			a := sa.measures[it.measure]
			switch it.method {
			case appraisal.MethodLinear, appraisal.MethodSteps:
				in[it.item] = appraisal.RateInput(a.num, a.den)
			case appraisal.MethodDeduction:
				in[it.item] = appraisal.CountInput(a.num)
			}
		}
	}
	return in
}

func (e *Engine) cardSummaries(r *Result) {
	cardInputs := func(c cardCfg) []CardInput {
		out := []CardInput{}
		for _, it := range c.inputs {
			ci := CardInput{Item: it.item, Method: it.method.String()}
			if it.measure >= 0 {
				ci.Measure = e.cfg.measures[it.measure].name
			} else if it.method == appraisal.MethodRule && len(c.facts) > 0 {
				ci.Measure = "(scorecard facts)"
			}
			out = append(out, ci)
		}
		return out
	}
	for _, c := range e.cfg.cards {
		cs := CardSummary{Name: c.name, Subject: e.cfg.dims[c.subject], Version: c.sc.Version(), Total: c.sc.Total(),
			Inputs: cardInputs(c), Scores: []SubjectScore{}}
		for _, s := range sortedKeys(e.subjects[c.subject]) {
			res, err := c.sc.Score(s, e.inputs(c, e.subjects[c.subject][s]))
			ss := SubjectScore{Subject: s}
			if err != nil {
				ss.Error = err.Error()
			} else {
				ss.Points, ss.Max = res.Points, res.Max
				tree := res.Tree
				ss.Tree = &tree
			}
			cs.Scores = append(cs.Scores, ss)
		}
		r.Scorecards = append(r.Scorecards, cs)
	}
	for _, c := range e.cfg.stars {
		st := StarSummary{Name: c.name, Subject: e.cfg.dims[c.subject], Version: c.stars.Version(), Ratings: []SubjectStars{}}
		for _, s := range sortedKeys(e.subjects[c.subject]) {
			res, err := c.stars.Rate(s, e.inputs(c, e.subjects[c.subject][s]))
			ss := SubjectStars{Subject: s}
			if err != nil {
				ss.Error = err.Error()
			} else {
				ss.Stars, ss.Why, ss.Points = res.Stars, res.Why, res.Result.Points
			}
			st.Ratings = append(st.Ratings, ss)
		}
		r.Stars = append(r.Stars, st)
	}
}

func (e *Engine) rankingSummaries(r *Result) error {
	for _, rc := range e.cfg.rankings {
		rs := RankingSummary{Name: rc.name, Subject: e.cfg.dims[rc.subject], By: rc.spec.By.String(), Ranked: []appraisal.Ranked{}}
		var entries []appraisal.Entry
		subs := e.subjects[rc.subject]
		if rc.card >= 0 {
			card := r.Scorecards[rc.card]
			rs.Measure = "scorecard " + card.Name
			for _, sc := range card.Scores {
				if sc.Error != "" {
					continue
				}
				entries = append(entries, appraisal.Entry{Subject: sc.Subject, Score: sc.Points, N: subs[sc.Subject].orders})
			}
		} else {
			rs.Measure = e.cfg.measures[rc.measure].name
			for _, s := range sortedKeys(subs) {
				a := subs[s].measures[rc.measure]
				entries = append(entries, appraisal.Entry{Subject: s, Rate: quality.Rate{Num: a.num, Den: a.den}})
			}
		}
		ranked, err := appraisal.Rank(entries, rc.spec)
		if err != nil {
			if !errors.Is(err, appraisal.ErrInvalidRanking) {
				return err
			}
			rs.Error = err.Error()
		} else if ranked != nil {
			rs.Ranked = ranked
		}
		r.Rankings = append(r.Rankings, rs)
	}
	return nil
}
