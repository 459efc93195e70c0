package surveytest

import (
	"slices"
	"strconv"
	"strings"

	"pgregory.net/rapid"

	"github.com/servq/servq/survey"
)

// Scales draws valid rating scales: the operators' built-in scales (TenPoint,
// SMS with a drawn satisfied set, NPS with drawn cut-offs, CSAT, CES) and
// custom ones of 2 to 16 points labelled by numbers ("0" to "15", from any
// start) or letters ("A" to "P"), with a non-empty satisfied set and, now and
// then, disjoint promoter and detractor classes. Blank and unrecognized
// replies are excluded or counted unsatisfied, as drawn. Every spec passes
// survey.NewScale.
func Scales() *rapid.Generator[survey.ScaleSpec] {
	handlings := rapid.SampledFrom([]survey.Handling{survey.Exclude, survey.CountUnsatisfied})
	return rapid.Custom(func(t *rapid.T) survey.ScaleSpec {
		var spec survey.ScaleSpec
		switch rapid.IntRange(0, 5).Draw(t, "scale") {
		case 0:
			spec = survey.TenPoint()
		case 1:
			spec = survey.SMS(rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"A", "B", "C", "D"}), 1, 4, rapid.ID[string]).Draw(t, "satisfied")...)
		case 2:
			d := rapid.IntRange(0, 9).Draw(t, "detractor max")
			spec = survey.NPS(rapid.IntRange(d+1, 10).Draw(t, "promoter min"), d)
		case 3:
			spec = survey.CSAT()
		case 4:
			spec = survey.CES()
		default:
			spec = custom(t)
		}
		spec.Blank = handlings.Draw(t, "blank")
		spec.Unrecognized = handlings.Draw(t, "unrecognized")
		return spec
	})
}

// custom draws a scale of numbers or letters.
func custom(t *rapid.T) survey.ScaleSpec {
	n := rapid.IntRange(2, survey.MaxPoints).Draw(t, "points")
	spec := survey.ScaleSpec{Name: "custom"}
	if rapid.Bool().Draw(t, "letters?") {
		for i := range n {
			spec.Points = append(spec.Points, string(rune('A'+i)))
		}
	} else {
		first := rapid.IntRange(0, 16-n).Draw(t, "first")
		for i := range n {
			spec.Points = append(spec.Points, strconv.Itoa(first+i))
		}
	}
	spec.Satisfied = rapid.SliceOfNDistinct(rapid.SampledFrom(spec.Points), 1, n, rapid.ID[string]).Draw(t, "satisfied")
	if n >= 2 && rapid.IntRange(0, 2).Draw(t, "nps?") == 0 {
		// Detractors from the bottom, promoters from the top, passives between.
		d := rapid.IntRange(1, n-1).Draw(t, "detractors")
		p := rapid.IntRange(1, n-d).Draw(t, "promoters")
		spec.Detractors = slices.Clone(spec.Points[:d])
		spec.Promoters = slices.Clone(spec.Points[n-p:])
	}
	return spec
}

// Reply is a customer's reply as a phone sends it, and what it means on its
// scale: Kind is survey.Point (Point is then the point's index),
// survey.Blank or survey.Unrecognized.
type Reply struct {
	Text  string
	Kind  survey.AnswerKind
	Point int
}

// unrecognized are replies that are no point of any scale Scales draws (nor
// of the built-in ones): nothing in them is a label after trimming, width
// folding and case folding.
var unrecognized = []string{"?", "ok thanks", "很满意", "10分", "A+", "-1", "yes", "1 0", "."}

// Replies draws replies to scale s as customers send them: a point's label
// as it is, in the other case, with spaces or ideographic spaces around it,
// in full-width forms (as Chinese phone keyboards send them) or, for
// numbers, with leading zeros; blank replies (empty, spaces, an ideographic
// space); and replies that are not on the scale. Points are about three
// replies in four.
func Replies(s *survey.Scale) *rapid.Generator[Reply] {
	var others []string
	for _, u := range unrecognized {
		if !onScale(s, u) {
			others = append(others, u)
		}
	}
	return rapid.Custom(func(t *rapid.T) Reply {
		switch k := rapid.IntRange(0, 7).Draw(t, "kind"); {
		case k == 0:
			return Reply{Text: rapid.SampledFrom([]string{"", " ", "\u3000", "\t\n"}).Draw(t, "blank"), Kind: survey.Blank}
		case k == 1 && len(others) > 0:
			return Reply{Text: rapid.SampledFrom(others).Draw(t, "unrecognized"), Kind: survey.Unrecognized}
		}
		i := rapid.IntRange(0, s.Len()-1).Draw(t, "point")
		text := s.Label(i)
		switch rapid.IntRange(0, 5).Draw(t, "spelling") {
		case 1:
			if strings.ToLower(text) != text {
				text = strings.ToLower(text)
			}
		case 2:
			text = rapid.SampledFrom([]string{" ", "\u3000", "\t"}).Draw(t, "before") + text + rapid.SampledFrom([]string{"", " ", "\u3000", "\r\n"}).Draw(t, "after")
		case 3:
			text = fullWidth(text)
		case 4:
			if _, err := strconv.Atoi(text); err == nil {
				text = strings.Repeat("0", rapid.IntRange(1, 3).Draw(t, "zeros")) + text
			}
		}
		return Reply{Text: text, Kind: survey.Point, Point: i}
	})
}

// onScale reports whether text, trimmed, is a label of s in any case.
func onScale(s *survey.Scale, text string) bool {
	for i := range s.Len() {
		if strings.EqualFold(strings.TrimSpace(text), s.Label(i)) {
			return true
		}
	}
	return false
}

// fullWidth writes ASCII letters, digits and signs in their full-width forms.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '!' && r <= '~' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// Answers draws answers on scale s: a point (about three in four), a blank
// or unrecognized reply, or no reply at all (the zero Answer, not rated).
func Answers(s *survey.Scale) *rapid.Generator[survey.Answer] {
	replies := Replies(s)
	return rapid.Custom(func(t *rapid.T) survey.Answer {
		if rapid.IntRange(0, 7).Draw(t, "rated?") == 0 {
			return survey.Answer{}
		}
		return s.Parse(replies.Draw(t, "reply").Text)
	})
}

// Tallies draws tallies on scale s: up to max orders in each outcome (not
// rated, blank, unrecognized, and each point of the scale).
func Tallies(s *survey.Scale, max int64) *rapid.Generator[survey.Tally] {
	return rapid.Custom(func(t *rapid.T) survey.Tally {
		count := rapid.Int64Range(0, max)
		tl := survey.Tally{NotRated: count.Draw(t, "not rated"), Blank: count.Draw(t, "blank"), Unrecognized: count.Draw(t, "unrecognized")}
		for i := range s.Len() {
			tl.Points[i] = count.Draw(t, "point "+s.Label(i))
		}
		return tl
	})
}

// Groups draws groups with the given dimensions, each valued from values:
// Groups([]string{"technician", "day"}, []string{"T017", "T018"}, []string{"2025-07-01", "2025-07-02"}).
// A dimension without a list of values takes "a", "b" or "c".
func Groups(names []string, values ...[]string) *rapid.Generator[survey.Group] {
	return rapid.Custom(func(t *rapid.T) survey.Group {
		dims := make([]survey.Dim, len(names))
		for i, name := range names {
			vs := []string{"a", "b", "c"}
			if i < len(values) && len(values[i]) > 0 {
				vs = values[i]
			}
			dims[i] = survey.Dim{Name: name, Value: rapid.SampledFrom(vs).Draw(t, name)}
		}
		g, err := survey.NewGroup(dims...)
		if err != nil {
			t.Fatalf("surveytest: %v", err)
		}
		return g
	})
}
