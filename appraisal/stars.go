package appraisal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/servq/servq/quality"
	"github.com/shopspring/decimal"
)

// StarDef is a star rating ("five-star employee", 五星级员工): a scorecard of
// criteria — attitude, skill, knowledge, volume handled, proactive sales,
// customer satisfaction — and bands that turn its points into stars. Bands
// run from the most stars down; a subject gets the first band whose Min its
// points reach and whose every floor its items reach. A subject below every
// band gets 0 stars.
type StarDef struct {
	Card  Card       `json:"card"`
	Bands []StarBand `json:"bands"`
}

// StarBand is one rating: Stars (1 to 5) for at least Min points, provided
// each floor is met — attitude at full marks, say, because attitude problems
// are "zero tolerance".
type StarBand struct {
	Stars  int             `json:"stars"`
	Min    decimal.Decimal `json:"min"`
	Floors []Floor         `json:"floors,omitempty"`
}

// Floor requires an item to score at least Min points.
type Floor struct {
	Item string          `json:"item"`
	Min  decimal.Decimal `json:"min"`
}

// StarScale is a compiled [StarDef], immutable and safe for concurrent use.
type StarScale struct {
	card    *Scorecard
	bands   []StarBand
	version string
}

// Stars is a subject's rating: the stars, the band's reason, and the card's
// result with its explanation.
type Stars struct {
	Stars   int    `json:"stars"`
	Ruleset string `json:"ruleset"`
	// Why says which band was given, or which was missed and why.
	Why    string `json:"why"`
	Result Result `json:"result"`
}

// NewStarScale checks and compiles a star rating. Bands must have distinct
// stars from 5 down to 1 in decreasing order, non-increasing Min within
// [0, the card's total], and floors on items of the card.
func NewStarScale(def StarDef, schema *quality.Schema) (*StarScale, error) {
	card, err := NewScorecard(def.Card, schema)
	if err != nil {
		return nil, err
	}
	var errs []error
	fail := func(field, format string, args ...any) {
		errs = append(errs, &DefinitionError{Err: ErrInvalidCard, Path: def.Card.ID, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if len(def.Bands) == 0 {
		fail("bands", "a star scale needs at least one band")
	}
	for i, b := range def.Bands {
		f := "bands[" + strconv.Itoa(i) + "]"
		if b.Stars < 1 || b.Stars > 5 {
			fail(f+".stars", "%d: stars run from 1 to 5", b.Stars)
		}
		if b.Min.Sign() < 0 || b.Min.Cmp(def.Card.Total) > 0 {
			fail(f+".min", "%s is outside [0, %s]", b.Min, def.Card.Total)
		}
		if i > 0 {
			prev := def.Bands[i-1]
			if b.Stars >= prev.Stars {
				fail(f+".stars", "%d after %d: list bands from the most stars down", b.Stars, prev.Stars)
			}
			if b.Min.Cmp(prev.Min) > 0 {
				fail(f+".min", "%s is above the %d-star band's %s: more stars never need fewer points", b.Min, prev.Stars, prev.Min)
			}
		}
		for j, fl := range b.Floors {
			ff := f + ".floors[" + strconv.Itoa(j) + "]"
			n := card.findNode(fl.Item)
			if n == nil {
				fail(ff+".item", "%q is not an item of the card", fl.Item)
				continue
			}
			if fl.Min.Sign() < 0 {
				fail(ff+".min", "%s: a floor is not negative", fl.Min)
			}
		}
	}
	if err := collected(errs); err != nil {
		return nil, err
	}
	b, err := json.Marshal(struct {
		Format int        `json:"format"`
		Card   string     `json:"card"`
		Bands  []StarBand `json:"bands"`
	}{1, card.Version(), def.Bands})
	if err != nil {
		return nil, &DefinitionError{Err: ErrInvalidCard, Path: def.Card.ID, Message: "cannot encode the bands: " + err.Error(), Cause: err}
	}
	sum := sha256.Sum256(b)
	return &StarScale{card: card, bands: append([]StarBand(nil), def.Bands...), version: "sha256:" + hex.EncodeToString(sum[:])}, nil
}

// Version returns the ruleset version of the scale: a hash of the card's
// version and the bands.
func (s *StarScale) Version() string { return s.version }

// Scorecard returns the scale's compiled card.
func (s *StarScale) Scorecard() *Scorecard { return s.card }

// Rate scores a subject on the card and gives the stars of the first band it
// qualifies for.
func (s *StarScale) Rate(subject string, in Inputs) (Stars, error) {
	res, err := s.card.Score(subject, in)
	if err != nil {
		return Stars{}, err
	}
	out := Stars{Ruleset: s.version, Result: res, Why: "below every band"}
	var missed string
	for _, b := range s.bands {
		if res.Points.Cmp(b.Min) < 0 {
			if missed == "" {
				missed = strconv.Itoa(b.Stars) + " stars need " + b.Min.String() + " points, " + fixed(res.Points) + " scored"
			}
			continue
		}
		unmet := ""
		for _, fl := range b.Floors {
			if n, _ := res.Item(fl.Item); n.Points.Cmp(fl.Min) < 0 {
				unmet = fl.Item + " scored " + fixed(n.Points) + ", below its floor " + fl.Min.String()
				break
			}
		}
		if unmet != "" {
			if missed == "" {
				missed = strconv.Itoa(b.Stars) + " stars: " + unmet
			}
			continue
		}
		out.Stars = b.Stars
		out.Why = strconv.Itoa(b.Stars) + " stars: " + fixed(res.Points) + " points ≥ " + b.Min.String()
		if len(b.Floors) > 0 {
			out.Why += ", every floor met"
		}
		break
	}
	if missed != "" {
		out.Why += "; missed " + missed
	}
	return out, nil
}

// findNode returns the compiled item or nested card with the given ID.
func (s *Scorecard) findNode(id string) *node {
	var find func(n *node) *node
	find = func(n *node) *node {
		if n.id == id {
			return n
		}
		for _, c := range n.items {
			if f := find(c); f != nil {
				return f
			}
		}
		return nil
	}
	return find(s.root)
}
