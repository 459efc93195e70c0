package appraisal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// Scorecard is a compiled [Card]: checked, with its rules compiled, ready to
// score any number of subjects. It is immutable and safe for concurrent use.
type Scorecard struct {
	def     Card
	schema  *quality.Schema
	version string
	root    *node
	items   map[string]*node // leaf items by ID
	leaves  []*node          // leaf items in card order
}

// node is a compiled item or card.
type node struct {
	path    string
	id      string
	name    string
	method  Method
	full    decimal.Decimal // declared full points within the enclosing card
	missing Missing         // resolved policy for this item when its input is missing

	target    quality.Target // MethodLinear, MethodSteps
	text      string         // the target or rounding, described once for explanations
	deduction Deduction
	yoy       YearOnYear
	checklist Checklist
	rule      *quality.Rule

	// A card (the root, or an item with MethodCard).
	round        Round   // rounding of the card's items
	childMissing Missing // the items' default missing-input policy
	total        decimal.Decimal
	sum          decimal.Decimal // the items' declared points added up
	items        []*node
}

var decOne = decimal.NewFromInt(1)

// NewScorecard checks def and compiles it. schema declares the facts that the
// card's rule items may use; it may be nil when the card has none.
//
// Every problem is reported, not just the first: the error is a
// [*DefinitionError] or [*TotalError], or [Errors] holding several. A card
// whose items do not add up to its Total is refused with a [*TotalError]
// (errors.Is ErrTotalMismatch) unless the card sets Normalize.
func NewScorecard(def Card, schema *quality.Schema) (*Scorecard, error) {
	c := &compiler{schema: schema, seen: map[string]string{}}
	if def.ID == "" {
		c.fail(ErrInvalidCard, "", "id", "a card needs an id")
	}
	if def.Missing == MissingInherit {
		c.fail(ErrInvalidCard, def.ID, "missing", "a top-level card must declare its missing-input policy: fail, zero or redistribute")
	}
	if def.ID != "" {
		c.seen[def.ID] = def.ID // explanation nodes are found by ID: the card's too
	}
	root := c.card(def.ID, def.ID, &def, defaultRound, def.Missing)
	if err := collected(c.errs); err != nil {
		return nil, err
	}
	root.full = def.Total
	root.missing = MissingFail
	s := &Scorecard{def: def, schema: schema, root: root, items: map[string]*node{}}
	var walk func(n *node)
	walk = func(n *node) {
		for _, it := range n.items {
			if it.method == MethodCard {
				walk(it)
				continue
			}
			s.items[it.id] = it
			s.leaves = append(s.leaves, it)
		}
	}
	walk(root)
	v, err := version(def, schema)
	if err != nil {
		return nil, err
	}
	s.version = v
	return s, nil
}

// MustScorecard is [NewScorecard] for cards written in Go source; it panics on
// an error.
func MustScorecard(def Card, schema *quality.Schema) *Scorecard {
	s, err := NewScorecard(def, schema)
	if err != nil {
		panic(err)
	}
	return s
}

// Version returns the ruleset version of the card: "sha256:" and the hex
// SHA-256 of the card's canonical JSON together with its facts schema. Equal
// definitions have equal versions; any change to an item, a figure, a rule or
// a rounding changes it. Every [Result] carries it.
func (s *Scorecard) Version() string { return s.version }

// Card returns the definition the scorecard was compiled from.
func (s *Scorecard) Card() Card { return s.def }

// Total returns the card's declared total.
func (s *Scorecard) Total() decimal.Decimal { return s.def.Total }

// ItemIDs returns the IDs of the items that take inputs (every item but
// nested cards), in card order.
func (s *Scorecard) ItemIDs() []string {
	ids := make([]string, len(s.leaves))
	for i, n := range s.leaves {
		ids[i] = n.id
	}
	return ids
}

// Method returns the scoring method of the item with the given ID, or
// MethodInvalid if the card has no such input item.
func (s *Scorecard) Method(id string) Method {
	if n, ok := s.items[id]; ok {
		return n.method
	}
	return MethodInvalid
}

// version hashes the canonical JSON of a card and its schema.
func version(def Card, schema *quality.Schema) (string, error) {
	type fact struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
	}
	doc := struct {
		Format int    `json:"format"`
		Card   Card   `json:"card"`
		Facts  []fact `json:"facts,omitempty"`
	}{Format: 1, Card: def}
	if schema != nil {
		for _, f := range schema.Fields() {
			doc.Facts = append(doc.Facts, fact{f.Name, f.Kind.String()})
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", &DefinitionError{Err: ErrInvalidCard, Path: def.ID, Message: "cannot encode the card: " + err.Error(), Cause: err}
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

func (m Missing) valid() bool { return missingNames.valid(uint8(m)) }

type compiler struct {
	schema *quality.Schema
	seen   map[string]string // item ID → path where first declared
	errs   []error
}

func (c *compiler) fail(sentinel error, path, field, format string, args ...any) {
	c.errs = append(c.errs, &DefinitionError{Err: sentinel, Path: path, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (c *compiler) failCause(path, field string, cause error) {
	c.errs = append(c.errs, &DefinitionError{Err: ErrInvalidCard, Path: path, Field: field, Message: cause.Error(), Cause: cause})
}

// card compiles a card found at path; round and missing are the enclosing
// card's rounding and items' default policy.
func (c *compiler) card(path, id string, def *Card, round Round, missing Missing) *node {
	n := &node{path: path, id: id, name: def.Name, method: MethodCard, total: def.Total, childMissing: missing}
	if def.Round != nil {
		if msg := def.Round.check(); msg != "" {
			c.fail(ErrInvalidCard, path, "round", "%s", msg)
		}
	}
	n.round = def.Round.resolve(round)
	n.text = n.round.String()
	if def.Missing != MissingInherit {
		if !def.Missing.valid() {
			c.fail(ErrInvalidCard, path, "missing", "%v is not a policy", def.Missing)
		} else {
			n.childMissing = def.Missing
		}
	}
	if def.Total.Sign() <= 0 {
		c.fail(ErrInvalidCard, path, "total", "%s: a card's total must be positive", def.Total)
	}
	if len(def.Items) == 0 {
		c.fail(ErrInvalidCard, path, "items", "a card needs at least one item")
	}
	sum := decimal.Zero
	shares := make([]ItemPoints, 0, len(def.Items))
	for i := range def.Items {
		it := c.item(path, &def.Items[i], def.Total, n)
		if it == nil {
			continue
		}
		n.items = append(n.items, it)
		sum = sum.Add(it.full)
		shares = append(shares, ItemPoints{ID: it.id, Points: it.full})
	}
	n.sum = sum
	if len(n.items) == len(def.Items) && def.Total.Sign() > 0 && !sum.Equal(def.Total) && !def.Normalize {
		c.errs = append(c.errs, &TotalError{Card: path, Declared: def.Total, Sum: sum, Items: shares})
	}
	return n
}

// item compiles one item of the card parent, whose total is total. It returns
// nil when the item's points cannot be known (the card's total check is then
// skipped: the item's own error says why).
func (c *compiler) item(cardPath string, it *Item, total decimal.Decimal, parent *node) *node {
	path := cardPath + "/" + it.ID
	ok := true
	switch {
	case it.ID == "":
		c.fail(ErrInvalidCard, cardPath, "items", "an item needs an id")
		path = cardPath + "/?"
	case strings.ContainsAny(it.ID, "/ \t\n"):
		c.fail(ErrInvalidCard, path, "id", "%q: an item id has no slashes or spaces", it.ID)
	default:
		if first, dup := c.seen[it.ID]; dup {
			c.fail(ErrInvalidCard, path, "id", "%q is already used by %s: item ids key the inputs and must be unique across nested cards", it.ID, first)
		} else {
			c.seen[it.ID] = path
		}
	}
	n := &node{path: path, id: it.ID, name: it.Name, missing: parent.childMissing}
	switch {
	case !it.Points.IsZero() && !it.Weight.IsZero():
		c.fail(ErrInvalidCard, path, "points", "both points and weight are set: give one")
		ok = false
	case !it.Points.IsZero():
		if it.Points.Sign() < 0 {
			c.fail(ErrInvalidCard, path, "points", "%s: must be positive", it.Points)
			ok = false
		}
		n.full = it.Points
	case !it.Weight.IsZero():
		if it.Weight.Sign() < 0 || it.Weight.Cmp(decOne) > 0 {
			c.fail(ErrInvalidCard, path, "weight", "%s: a weight is a share of the card's total, in (0, 1]", it.Weight)
			ok = false
		}
		n.full = it.Weight.Mul(total)
	default:
		c.fail(ErrInvalidCard, path, "points", "neither points nor weight is set")
		ok = false
	}
	if it.Missing != MissingInherit {
		if !it.Missing.valid() {
			c.fail(ErrInvalidCard, path, "missing", "%v is not a policy", it.Missing)
		} else {
			n.missing = it.Missing
		}
	}
	m, count := it.method()
	switch count {
	case 0:
		c.fail(ErrInvalidCard, path, "", "no scoring method: set one of target, deduction, year_on_year, checklist, rule, card")
		return nilIf(ok, n)
	case 1:
	default:
		c.fail(ErrInvalidCard, path, "", "%d scoring methods set: set exactly one of target, deduction, year_on_year, checklist, rule, card", count)
		return nilIf(ok, n)
	}
	n.method = m
	switch m {
	case MethodLinear, MethodSteps:
		if err := it.Target.Validate(); err != nil {
			c.failCause(path, "target", err)
		}
		n.target = *it.Target
		n.text = describeTarget(n.target)
	case MethodDeduction:
		d := *it.Deduction
		if d.Per.Sign() <= 0 {
			c.fail(ErrInvalidCard, path, "deduction.per", "%s: the points deducted per event must be positive", d.Per)
		}
		if d.Floor.Sign() < 0 || (ok && d.Floor.Cmp(n.full) >= 0) {
			c.fail(ErrInvalidCard, path, "deduction.floor", "%s: the floor must be in [0, %s)", d.Floor, n.full)
		}
		n.deduction = d
	case MethodYearOnYear:
		y := *it.YearOnYear
		if y.Per < 0 {
			c.fail(ErrInvalidCard, path, "year_on_year.per", "%d: must be positive (or left out for 1)", y.Per)
		}
		// Probe the relative target on a base of 1: the checks that do not
		// depend on the subject's own figure.
		if _, err := y.target(decOne); err != nil {
			c.failCause(path, "year_on_year", err)
		}
		n.yoy = y
	case MethodChecklist:
		cl := *it.Checklist
		if len(cl.Checks) == 0 {
			c.fail(ErrInvalidCard, path, "checklist.checks", "a checklist needs at least one check")
		}
		names := map[string]bool{}
		for i, ch := range cl.Checks {
			if ch == "" || names[ch] {
				c.fail(ErrInvalidCard, path, fmt.Sprintf("checklist.checks[%d]", i), "%q: check names are non-empty and unique", ch)
			}
			names[ch] = true
		}
		if !checklistNames.valid(uint8(cl.Mode)) {
			c.fail(ErrInvalidCard, path, "checklist.mode", "%v: want proportional or all", cl.Mode)
		}
		n.checklist = Checklist{Checks: append([]string(nil), cl.Checks...), Mode: cl.Mode}
	case MethodRule:
		if c.schema == nil {
			c.fail(ErrInvalidCard, path, "rule", "the card has a rule item but no facts schema was given")
			break
		}
		r, err := quality.Compile(it.Rule.Source, c.schema, quality.KindDecimal)
		if err != nil {
			c.failCause(path, "rule", err)
			break
		}
		n.rule = r
	case MethodCard:
		sub := c.card(path, it.ID, it.Card, parent.round, parent.childMissing)
		if it.Card.ID != "" && it.Card.ID != it.ID {
			c.fail(ErrInvalidCard, path, "card.id", "%q differs from the item's id %q: leave it out or make them equal", it.Card.ID, it.ID)
		}
		sub.full, sub.name, sub.missing = n.full, firstNonEmpty(it.Name, it.Card.Name), n.missing
		return nilIf(ok, sub)
	}
	return nilIf(ok, n)
}

func nilIf(ok bool, n *node) *node {
	if !ok {
		return nil
	}
	return n
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// target returns the year-on-year target for last year's value base.
func (y YearOnYear) target(base decimal.Decimal) (quality.Target, error) {
	t, err := quality.YearOnYear(base, y.Change)
	if err != nil {
		return t, err
	}
	t.BaselineScore, t.Gate, t.Cap = y.BaselineScore, y.Gate, y.Cap
	return t, t.Validate()
}
