package policy

import (
	"fmt"
	"reflect"
	"time"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/escalation"
	"github.com/servq/servq/quality"
	"github.com/servq/servq/sla"
	"github.com/servq/servq/survey"
	"go.yaml.in/yaml/v3"
)

// FormatVersion is the version of the policy file format this package reads:
// a file says `version: 1`. Any other version is refused.
const FormatVersion = 1

// The structs below are the policy file format. The decoder (decode.go) reads
// the YAML into them by their `yaml` tags, or, for the packages' own
// plain-data specs embedded here, by their `json` tags; schema.json describes
// the same keys and a test keeps the two in step. `doc` tags are the
// descriptions editors show.

// document is the whole file.
type document struct {
	Version        int                    `yaml:"version" policy:"required" doc:"Format version of this file; must be 1."`
	Name           string                 `yaml:"name" policy:"required" doc:"Name of the policy, shown in reports and receipts."`
	Doc            string                 `yaml:"doc" doc:"Free text for the people who read the policy."`
	Facts          []factDecl             `yaml:"facts" policy:"keyed=name" doc:"The work-order facts every rule may read, by name: a kind (string, bool, int, decimal, duration, time, strings) or {kind, doc}."`
	ScorecardFacts []factDecl             `yaml:"scorecard_facts" policy:"keyed=name" doc:"Facts per appraised subject that scorecard rule items read; when absent they read the work-order facts."`
	Calendars      []calendarDecl         `yaml:"calendars" policy:"keyed=name" doc:"Business calendars by name: inline weekly hours and exceptions, a built-in, or a calendar spec JSON file."`
	Clocks         []sla.ClockSpec        `yaml:"clocks" policy:"keyed=name" doc:"SLA clocks by name: start, pause, resume, stop, reset and cancel conditions, targets and warnings."`
	Targets        []targetDecl           `yaml:"targets" policy:"keyed=name" doc:"Indicator targets by name: baseline, challenge and direction (repair satisfaction 0.90 / 0.98)."`
	Machines       []machineDecl          `yaml:"machines" policy:"keyed=name" doc:"Escalation state machines by name."`
	Scales         []scaleDecl            `yaml:"scales" policy:"keyed=name" doc:"Rating scales by name: a built-in (ten_point, sms, nps, csat, ces) or points and a satisfied set."`
	Metrics        *survey.MetricsOptions `yaml:"metrics" doc:"How satisfaction metrics are reported: minimum sample, decimal places, rounding."`
	Sampling       *samplingDecl          `yaml:"sampling" doc:"The callback sampling policy: seed, exclusion/mandatory/rate rules and the participation quota."`
	Scorecards     []appraisal.Card       `yaml:"scorecards" policy:"keyed=id" doc:"Scorecards by id: a declared total and items scored by target, deduction, year on year, checklist, rule or nested card."`
	Stars          []starDecl             `yaml:"stars" policy:"keyed=name" doc:"Star ratings by name (five-star employee): a card and bands from the most stars down."`
	Rankings       []rankDecl             `yaml:"rankings" policy:"keyed=name" doc:"Ranking specifications by name: wilson, beta or score."`
	Ledger         *appraisal.Tariff      `yaml:"ledger" doc:"Money rules: rewards and penalties per event kind at effective-dated rates, with linked managers' liability."`
	Run            *runDecl               `yaml:"run" doc:"How work-order data feeds the rules when orders are replayed (servq run): dimensions, when an order is done, the callback reply, measures, and the scorecards, stars, rankings and money events they feed."`
}

// factDecl is one declared fact; written as its kind alone or as {kind, doc}.
type factDecl struct {
	Name string   `yaml:"name"`
	Kind factKind `yaml:"kind" policy:"required" doc:"string, bool, int, decimal, duration, time or strings."`
	Doc  string   `yaml:"doc" doc:"What the fact means, for policy writers."`
}

// factKind is a quality.Kind read by name.
type factKind quality.Kind

var kindNames = map[string]quality.Kind{
	"string": quality.KindString, "bool": quality.KindBool, "int": quality.KindInt,
	"decimal": quality.KindDecimal, "duration": quality.KindDuration, "time": quality.KindTime,
	"strings": quality.KindStrings,
}

func (k *factKind) UnmarshalText(b []byte) error {
	kind, ok := kindNames[string(b)]
	if !ok {
		return fmt.Errorf("unknown kind %q (want string, bool, int, decimal, duration, time or strings)", string(b))
	}
	*k = factKind(kind)
	return nil
}

// calendarDecl is a calendar: exactly one of Builtin, File, or inline hours
// (Week), with optional holidays and exceptions added to the first and last.
type calendarDecl struct {
	Name       string          `yaml:"name"`
	Builtin    string          `yaml:"builtin" doc:"A shipped calendar: china-office-2025 (Asia/Shanghai office hours, 2025 holidays and make-up days) or 24x7 (never closes; needs zone)."`
	File       string          `yaml:"file" doc:"A calendar spec in JSON (sla.Spec), relative to this file."`
	Zone       string          `yaml:"zone" doc:"IANA time zone, such as Asia/Shanghai."`
	Label      string          `yaml:"label" doc:"Name shown in explanations; the calendar's key when absent."`
	Week       *weekDecl       `yaml:"week" doc:"Working windows of each weekday, such as 08:30-12:00."`
	Holidays   string          `yaml:"holidays" doc:"Shipped public holidays to add: china-2025 (closures, and make-up working days with Monday's hours)."`
	Exceptions []sla.Exception `yaml:"exceptions" doc:"Dated closures, closed hours and overrides."`
}

// weekDecl holds a week's working windows. weekdays (Monday to Friday) and
// every_day fill several days at once; a day written out replaces them.
type weekDecl struct {
	EveryDay []sla.Window `yaml:"every_day" doc:"Windows for all seven days."`
	Weekdays []sla.Window `yaml:"weekdays" doc:"Windows for Monday to Friday."`
	Mon      []sla.Window `yaml:"mon"`
	Tue      []sla.Window `yaml:"tue"`
	Wed      []sla.Window `yaml:"wed"`
	Thu      []sla.Window `yaml:"thu"`
	Fri      []sla.Window `yaml:"fri"`
	Sat      []sla.Window `yaml:"sat"`
	Sun      []sla.Window `yaml:"sun"`
}

// targetDecl is a named quality target.
type targetDecl struct {
	Name           string `yaml:"name"`
	quality.Target `yaml:",inline"`
}

// machineDecl is an escalation.Definition.
type machineDecl struct {
	Name        string           `yaml:"name"`
	Version     int              `yaml:"version" policy:"required" doc:"The machine's version, 1 or more; raise it whenever the machine changes."`
	Doc         string           `yaml:"doc"`
	Initial     string           `yaml:"initial" policy:"required" doc:"The state a new order starts in."`
	Levels      []levelDecl      `yaml:"levels" doc:"Warning levels 1, 2, ... in order."`
	States      []stateDecl      `yaml:"states" policy:"required" doc:"Every state; at least one terminal."`
	Timers      []timerDecl      `yaml:"timers"`
	Counters    []counterDecl    `yaml:"counters"`
	Transitions []transitionDecl `yaml:"transitions"`
	Start       []string         `yaml:"start" doc:"Named timers armed when an order starts."`
}

type levelDecl struct {
	Name string `yaml:"name" policy:"required"`
	Role string `yaml:"role" doc:"The role alerted at this level."`
	Doc  string `yaml:"doc"`
}

type stateDecl struct {
	Name     string              `yaml:"name" policy:"required"`
	Terminal bool                `yaml:"terminal" doc:"An order ends here."`
	Doc      string              `yaml:"doc"`
	Entry    []escalation.Action `yaml:"entry" doc:"Actions when an order enters the state."`
	Exit     []escalation.Action `yaml:"exit" doc:"Actions when an order leaves the state."`
}

type timerDecl struct {
	Name     string              `yaml:"name" policy:"required"`
	Scope    escalation.Scope    `yaml:"scope" policy:"required" doc:"state (armed on entering State, cancelled on leaving) or named (armed by start lists)."`
	State    string              `yaml:"state" doc:"The state a state timer belongs to."`
	Deadline deadlineDecl        `yaml:"deadline" policy:"required"`
	Repeat   repeatDecl          `yaml:"repeat"`
	Actions  []escalation.Action `yaml:"actions"`
	Doc      string              `yaml:"doc"`
}

type deadlineDecl struct {
	Calendar string        `yaml:"calendar" doc:"Calendar on which After counts; empty: round the clock."`
	After    time.Duration `yaml:"after" doc:"Working time from arming to the deadline, such as 30m or 24h."`
}

type repeatDecl struct {
	Every time.Duration `yaml:"every"`
	Times int           `yaml:"times"`
}

type counterDecl struct {
	Name      string              `yaml:"name" policy:"required"`
	Threshold int                 `yaml:"threshold" policy:"required"`
	To        string              `yaml:"to" doc:"State the order moves to at the threshold."`
	Actions   []escalation.Action `yaml:"actions"`
	Doc       string              `yaml:"doc"`
}

type transitionDecl struct {
	From    string              `yaml:"from" policy:"required"`
	On      string              `yaml:"on" doc:"The event that triggers the transition (or timer)."`
	Timer   string              `yaml:"timer" doc:"The timer whose firing triggers the transition (or on)."`
	Guard   string              `yaml:"guard" doc:"A bool rule over the facts; empty means always."`
	To      string              `yaml:"to"`
	Actions []escalation.Action `yaml:"actions"`
	Start   []string            `yaml:"start"`
	Stop    []string            `yaml:"stop"`
	Count   []string            `yaml:"count"`
	Reset   []string            `yaml:"reset"`
	Reopen  bool                `yaml:"reopen" doc:"Start a new cycle of the order (satisfied, then close)."`
	Doc     string              `yaml:"doc"`
}

// scaleDecl is a rating scale: a built-in, whose fields given here replace
// the built-in's, or a full specification.
type scaleDecl struct {
	Name         string          `yaml:"name"`
	Builtin      string          `yaml:"builtin" doc:"ten_point, sms, nps (9/6 cut-offs), csat or ces."`
	Points       []string        `yaml:"points"`
	Satisfied    []string        `yaml:"satisfied"`
	Promoters    []string        `yaml:"promoters"`
	Detractors   []string        `yaml:"detractors"`
	Blank        survey.Handling `yaml:"blank" doc:"exclude or unsatisfied."`
	Unrecognized survey.Handling `yaml:"unrecognized" doc:"exclude or unsatisfied."`
}

// samplingDecl is a survey.RulesetSpec without its version (the file has one).
type samplingDecl struct {
	Name  string            `yaml:"name"`
	Seed  string            `yaml:"seed" policy:"required" doc:"Mixed into every ticket; change it to draw afresh."`
	Rules []survey.RuleSpec `yaml:"rules"`
	Quota survey.QuotaSpec  `yaml:"quota"`
}

// starDecl is a star rating.
type starDecl struct {
	Name              string `yaml:"name"`
	appraisal.StarDef `yaml:",inline"`
}

// rankDecl is a ranking specification.
type rankDecl struct {
	Name               string `yaml:"name"`
	appraisal.RankSpec `yaml:",inline"`
}

func init() {
	// A fact may be written as its kind alone: `rated: int`.
	shorthands[reflect.TypeOf(factDecl{})] = func(d *decoder, n *yaml.Node, path string, v reflect.Value) {
		d.decode(n, path+".kind", v.FieldByName("Kind"), 0)
	}
	// A condition may be written as its rule alone.
	shorthands[reflect.TypeOf(sla.Condition{})] = func(d *decoder, n *yaml.Node, path string, v reflect.Value) {
		d.nodes[path+".when"] = n
		v.FieldByName("When").SetString(n.Value)
	}
	// A rule item may be written as its source alone.
	shorthands[reflect.TypeOf(appraisal.Formula{})] = func(d *decoder, n *yaml.Node, path string, v reflect.Value) {
		d.nodes[path+".source"] = n
		v.FieldByName("Source").SetString(n.Value)
	}
	// A scorecard item's target may name a top-level target.
	shorthands[reflect.TypeOf(quality.Target{})] = func(d *decoder, n *yaml.Node, path string, v reflect.Value) {
		d.refs = append(d.refs, targetRef{name: n.Value, path: path, dst: v})
	}
}
