package policy

import (
	"strconv"
	"strings"

	"github.com/servq/servq/appraisal"
	"github.com/servq/servq/quality"
)

func itoa(i int) string { return strconv.Itoa(i) }

// cardPaths maps a card's appraisal paths ("provincial/hotline") to the
// policy's paths ("scorecards.provincial.items[0]"), walking nested cards.
func cardPaths(card *appraisal.Card, cardPath, yamlPath string, out map[string]string) {
	out[cardPath] = yamlPath
	for i := range card.Items {
		it := &card.Items[i]
		id := it.ID
		if id == "" {
			id = "?"
		}
		p, yp := cardPath+"/"+id, yamlPath+".items["+itoa(i)+"]"
		if _, dup := out[p]; !dup {
			out[p] = yp
		}
		if it.Card != nil {
			cardPaths(it.Card, p, yp+".card", out)
		}
	}
}

// cardErrors places the errors of NewScorecard or NewStarScale. root is the
// policy path of the card, starRoot that of its star rating (bands' errors),
// or "".
func (c *compiler) cardErrors(err error, card *appraisal.Card, root, starRoot string) {
	paths := map[string]string{}
	cardPaths(card, card.ID, root, paths)
	at := func(p string) string {
		if yp, ok := paths[p]; ok {
			return yp
		}
		return root
	}
	found := false
	for _, te := range leaves[*appraisal.TotalError](err) {
		found = true
		parts := make([]string, len(te.Items))
		for i, it := range te.Items {
			parts[i] = it.ID + " " + it.Points.String()
		}
		c.failAt(at(te.Card)+".total", ErrInvalid, te, "make the items add up to the total, or set normalize: true to scale them",
			"the items add up to %s, not the declared total %s (%s)", te.Sum, te.Declared, strings.Join(parts, " + "))
	}
	for _, de := range leaves[*appraisal.DefinitionError](err) {
		found = true
		p := at(de.Path)
		if starRoot != "" && strings.HasPrefix(de.Field, "bands") {
			p = starRoot
		}
		if de.Field != "" {
			p += "." + de.Field
		}
		if c.ruleErrors(p, de) {
			continue
		}
		msg := de.Message
		if tes := leaves[*quality.TargetError](de); len(tes) > 0 {
			if tes[0].Field != "" {
				p += "." + tes[0].Field
			}
			msg = tes[0].Message
		}
		c.failAt(p, ErrInvalid, de, "", "%s", msg)
	}
	if !found {
		c.failAt(root, ErrInvalid, err, "", "%s", cleanMessage(err))
	}
}

// scorecards compiles the scorecards.
func (c *compiler) scorecards() {
	for i := range c.doc.Scorecards {
		card := c.doc.Scorecards[i]
		path := pathOf("scorecards", card.ID)
		sc, err := appraisal.NewScorecard(card, c.pol.ScorecardSchema)
		if err != nil {
			c.cardErrors(err, &card, path, "")
			continue
		}
		c.pol.Scorecards[card.ID] = sc
	}
}

// stars compiles the star ratings; a card without an id takes the rating's
// name.
func (c *compiler) stars() {
	for _, sd := range c.doc.Stars {
		path := pathOf("stars", sd.Name)
		def := sd.StarDef
		if def.Card.ID == "" {
			def.Card.ID = sd.Name
		}
		ss, err := appraisal.NewStarScale(def, c.pol.ScorecardSchema)
		if err != nil {
			c.cardErrors(err, &def.Card, path+".card", path)
			continue
		}
		c.pol.Stars[sd.Name] = ss
	}
}

// rankings checks the ranking specifications (by ranking nothing).
func (c *compiler) rankings() {
	for _, rd := range c.doc.Rankings {
		path := pathOf("rankings", rd.Name)
		if _, err := appraisal.Rank(nil, rd.RankSpec); err != nil {
			p := path
			for _, de := range leaves[*appraisal.DefinitionError](err) {
				if de.Field != "" {
					p = path + "." + de.Field
				}
			}
			c.failAt(p, ErrInvalid, err, "", "%s", cleanMessage(err))
			continue
		}
		c.pol.Rankings[rd.Name] = rd.RankSpec
	}
}

// ledger compiles the money rules; a tariff without an id takes the policy's
// name.
func (c *compiler) ledger() {
	if c.doc.Ledger == nil {
		return
	}
	t := *c.doc.Ledger
	if t.ID == "" {
		t.ID = c.doc.Name
	}
	p, err := appraisal.NewPoster(t)
	if err == nil {
		c.pol.Ledger = p
		return
	}
	ruleIndex := map[string]int{}
	for i, r := range t.Rules {
		if _, dup := ruleIndex[r.ID]; !dup && r.ID != "" {
			ruleIndex[r.ID] = i
		}
	}
	des := leaves[*appraisal.DefinitionError](err)
	for _, de := range des {
		path := "ledger"
		rest, _ := strings.CutPrefix(de.Path, t.ID)
		rest = strings.TrimPrefix(rest, ".")
		switch {
		case rest == "":
		case strings.HasPrefix(rest, "rules["):
			path += "." + rest
		default:
			if i, ok := ruleIndex[rest]; ok {
				path += ".rules[" + itoa(i) + "]"
			}
		}
		if de.Field != "" {
			path += "." + de.Field
		}
		c.failAt(path, ErrInvalid, de, "", "%s", de.Message)
	}
	if len(des) == 0 {
		c.failAt("ledger", ErrInvalid, err, "", "%s", cleanMessage(err))
	}
}
