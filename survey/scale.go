package survey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPoints is the largest number of answers a scale may have. The 0–10 NPS
// scale, the largest in use, has 11.
const MaxPoints = 16

// Handling says what a blank or unrecognized answer does to the rates. Blank
// is a reply with nothing in it (an empty SMS, a keypress timeout);
// unrecognized is a reply that is not an answer on the scale ("E", "11",
// "ok thanks"). Orders with no reply at all are not rated whatever the
// handling.
//
// The zero value, [HandlingInvalid], is not a handling: a scale must declare
// both, so that nobody discovers after the fact that empty replies were
// quietly counted (or quietly dropped).
type Handling uint8

// The handlings.
const (
	HandlingInvalid Handling = iota // not a handling; the zero value

	// Exclude leaves the answer out of every rate: it is neither rated nor
	// satisfied, and the order counts only as eligible (participation's
	// denominator). The answer is still counted in Tally.Blank or
	// Tally.Unrecognized.
	Exclude

	// CountUnsatisfied counts the answer as a rating that is not satisfied:
	// it is in the satisfaction denominator but not the numerator, it counts
	// as rated for participation, and on a scale with NPS classes it counts
	// as a detractor.
	CountUnsatisfied
)

var handlingNames = [...]string{Exclude: "exclude", CountUnsatisfied: "unsatisfied"}

// Valid reports whether h is [Exclude] or [CountUnsatisfied].
func (h Handling) Valid() bool { return h == Exclude || h == CountUnsatisfied }

// String returns "exclude" or "unsatisfied", or "Handling(0)" for values that
// are not handlings.
func (h Handling) String() string {
	if h.Valid() {
		return handlingNames[h]
	}
	return "Handling(" + strconv.Itoa(int(h)) + ")"
}

// MarshalText encodes h as its name; [HandlingInvalid] is an error.
func (h Handling) MarshalText() ([]byte, error) {
	if !h.Valid() {
		return nil, fmt.Errorf("%w: cannot encode %v", ErrInvalidScale, h)
	}
	return []byte(handlingNames[h]), nil
}

// UnmarshalText decodes "exclude" or "unsatisfied".
func (h *Handling) UnmarshalText(text []byte) error {
	for v := Exclude; v <= CountUnsatisfied; v++ {
		if string(text) == handlingNames[v] {
			*h = v
			return nil
		}
	}
	return fmt.Errorf("%w: handling %q (want exclude or unsatisfied)", ErrInvalidScale, text)
}

// ScaleSpec describes a rating scale as data: the answers it accepts and what
// each one counts as. [NewScale] checks it and returns a [Scale].
//
// Labels are the answers in canonical spelling: "10", "A". Parsing is more
// lenient than the labels (see [Scale.Parse]), so a label must already be in
// the form parsing produces: no surrounding spaces, no full-width characters,
// digits without leading zeros, and no two labels equal under case folding.
type ScaleSpec struct {
	// Name identifies the scale in aggregates and reports ("ten-point").
	Name string `json:"name"`
	// Points are the answers, 2 to MaxPoints labels, in display order.
	Points []string `json:"points"`
	// Satisfied are the answers counted as satisfied; at least one.
	Satisfied []string `json:"satisfied"`
	// Promoters and Detractors are the NPS classes: both empty (the scale
	// has no NPS) or both non-empty and disjoint. Answers in neither class
	// are passives.
	Promoters  []string `json:"promoters,omitempty"`
	Detractors []string `json:"detractors,omitempty"`
	// Blank and Unrecognized declare what empty and unparseable replies do.
	Blank        Handling `json:"blank"`
	Unrecognized Handling `json:"unrecognized"`
}

// TenPoint is the operators' 10-point satisfaction scale, 1 to 10, on which
// only 10 is satisfied ("10 is satisfied, 9 is not satisfied"). Blank and
// unrecognized replies are excluded; change the fields to count them.
func TenPoint() ScaleSpec {
	return ScaleSpec{
		Name:         "ten-point",
		Points:       numberLabels(1, 10),
		Satisfied:    []string{"10"},
		Blank:        Exclude,
		Unrecognized: Exclude,
	}
}

// SMS is the four-level SMS survey sent after completion: A very satisfied,
// B satisfied, C dissatisfied, D very dissatisfied, answered with a letter.
// satisfied names the letters that count as satisfied, such as "A", "B"; the
// operator declares it, there is no default. Blank and unrecognized replies
// are excluded.
func SMS(satisfied ...string) ScaleSpec {
	return ScaleSpec{
		Name:         "sms-abcd",
		Points:       []string{"A", "B", "C", "D"},
		Satisfied:    slices.Clone(satisfied),
		Blank:        Exclude,
		Unrecognized: Exclude,
	}
}

// NPS is the 0–10 "would you recommend us" scale. Answers from promoterMin to
// 10 are promoters and from 0 to detractorMax detractors; the usual cut-offs
// are NPS(9, 6). Promoters also count as satisfied. [NewScale] refuses
// cut-offs that leave a class empty or make the classes overlap. Blank and
// unrecognized replies are excluded.
func NPS(promoterMin, detractorMax int) ScaleSpec {
	prom := numberLabels(max(promoterMin, 0), 10)
	if promoterMin < 0 || promoterMin > 10 {
		prom = []string{strconv.Itoa(promoterMin)} // refused by NewScale, with the number
	}
	det := numberLabels(0, min(detractorMax, 10))
	if detractorMax < 0 || detractorMax > 10 {
		det = []string{strconv.Itoa(detractorMax)}
	}
	return ScaleSpec{
		Name:         "nps",
		Points:       numberLabels(0, 10),
		Satisfied:    slices.Clone(prom),
		Promoters:    prom,
		Detractors:   det,
		Blank:        Exclude,
		Unrecognized: Exclude,
	}
}

// CSAT is the 1–5 customer-satisfaction scale scored top-2-box: 4 and 5 are
// satisfied. Blank and unrecognized replies are excluded.
func CSAT() ScaleSpec {
	return ScaleSpec{
		Name:         "csat",
		Points:       numberLabels(1, 5),
		Satisfied:    []string{"4", "5"},
		Blank:        Exclude,
		Unrecognized: Exclude,
	}
}

// CES is the 1–7 customer-effort scale ("the company made it easy to handle
// my issue", 1 strongly disagree to 7 strongly agree) scored top-3-box: 5, 6
// and 7 count as satisfied. Blank and unrecognized replies are excluded.
func CES() ScaleSpec {
	return ScaleSpec{
		Name:         "ces",
		Points:       numberLabels(1, 7),
		Satisfied:    []string{"5", "6", "7"},
		Blank:        Exclude,
		Unrecognized: Exclude,
	}
}

func numberLabels(lo, hi int) []string {
	var out []string
	for i := lo; i <= hi; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// Scale is a checked rating scale. It parses replies into [Answer] values and
// classifies them. A Scale is immutable and safe for concurrent use; the zero
// Scale is not usable (make one with [NewScale]).
type Scale struct {
	spec       ScaleSpec
	satisfied  uint16 // bit i set: point i is satisfied
	promoters  uint16
	detractors uint16
}

// NewScale checks spec and returns the scale. Errors wrap [ErrInvalidScale].
func NewScale(spec ScaleSpec) (*Scale, error) {
	fail := func(format string, args ...any) (*Scale, error) {
		return nil, fmt.Errorf("%w: %q: "+format, append([]any{ErrInvalidScale, spec.Name}, args...)...)
	}
	if strings.TrimSpace(spec.Name) == "" || !utf8.ValidString(spec.Name) {
		return fail("a scale needs a name")
	}
	if n := len(spec.Points); n < 2 || n > MaxPoints {
		return fail("%d points; a scale has 2 to %d", n, MaxPoints)
	}
	for i, l := range spec.Points {
		if err := checkLabel(l); err != nil {
			return fail("point %d: %v", i+1, err)
		}
		for _, prev := range spec.Points[:i] {
			if strings.EqualFold(prev, l) {
				return fail("points %q and %q are the same answer", prev, l)
			}
		}
	}
	s := &Scale{spec: cloneSpec(spec)}
	var err error
	if s.satisfied, err = s.mask("satisfied", spec.Satisfied); err != nil {
		return nil, err
	}
	if s.satisfied == 0 {
		return fail("no answer is satisfied; declare the satisfied set")
	}
	if s.promoters, err = s.mask("promoters", spec.Promoters); err != nil {
		return nil, err
	}
	if s.detractors, err = s.mask("detractors", spec.Detractors); err != nil {
		return nil, err
	}
	if (s.promoters == 0) != (s.detractors == 0) {
		return fail("promoters and detractors are both declared or both empty")
	}
	if s.promoters&s.detractors != 0 {
		return fail("an answer is both a promoter and a detractor")
	}
	if !spec.Blank.Valid() {
		return fail("declare what a blank reply does (exclude or unsatisfied)")
	}
	if !spec.Unrecognized.Valid() {
		return fail("declare what an unrecognized reply does (exclude or unsatisfied)")
	}
	return s, nil
}

// MustScale is like [NewScale] but panics on error. Use it for the scales
// built into a program, such as MustScale(TenPoint()).
func MustScale(spec ScaleSpec) *Scale {
	s, err := NewScale(spec)
	if err != nil {
		panic(err)
	}
	return s
}

// mask turns a list of labels into a bit set, refusing labels that are not
// points and labels listed twice.
func (s *Scale) mask(what string, labels []string) (uint16, error) {
	var m uint16
	for _, l := range labels {
		i := slices.Index(s.spec.Points, l)
		if i < 0 {
			return 0, fmt.Errorf("%w: %q: %s answer %q is not a point of the scale", ErrInvalidScale, s.spec.Name, what, l)
		}
		if m&(1<<i) != 0 {
			return 0, fmt.Errorf("%w: %q: %s answer %q listed twice", ErrInvalidScale, s.spec.Name, what, l)
		}
		m |= 1 << i
	}
	return m, nil
}

// checkLabel refuses labels that parsing could never produce.
func checkLabel(l string) error {
	switch {
	case l == "":
		return fmt.Errorf("empty label")
	case !utf8.ValidString(l):
		return fmt.Errorf("label %q is not valid UTF-8", l)
	case normalize(l) != l:
		return fmt.Errorf("label %q is not canonical (want %q)", l, normalize(l))
	}
	for _, r := range l {
		if !unicode.IsPrint(r) || r == utf8.RuneError {
			return fmt.Errorf("label %q has a non-printing character", l)
		}
	}
	return nil
}

func cloneSpec(s ScaleSpec) ScaleSpec {
	s.Points = slices.Clone(s.Points)
	s.Satisfied = slices.Clone(s.Satisfied)
	s.Promoters = slices.Clone(s.Promoters)
	s.Detractors = slices.Clone(s.Detractors)
	return s
}

// Spec returns the scale's description (a copy).
func (s *Scale) Spec() ScaleSpec { return cloneSpec(s.spec) }

// Name returns the scale's name.
func (s *Scale) Name() string { return s.spec.Name }

// Len returns the number of points.
func (s *Scale) Len() int { return len(s.spec.Points) }

// Label returns the canonical label of point i (0-based, in ScaleSpec.Points
// order); it panics if i is out of range, like a slice index.
func (s *Scale) Label(i int) string { return s.spec.Points[i] }

// HasNPS reports whether the scale declares promoters and detractors.
func (s *Scale) HasNPS() bool { return s.promoters != 0 }

// Satisfied reports whether a is an answer on the scale counted as satisfied.
// Blank and unrecognized answers are never satisfied.
func (s *Scale) Satisfied(a Answer) bool {
	i, ok := a.Point()
	return ok && i < s.Len() && s.satisfied&(1<<i) != 0
}

// Equal reports whether two scales have the same specification: same name,
// points in the same order, same classes and handlings. Aggregates merge only
// when their scales are equal.
func (s *Scale) Equal(o *Scale) bool {
	if s == nil || o == nil {
		return s == o
	}
	return s.spec.Name == o.spec.Name &&
		slices.Equal(s.spec.Points, o.spec.Points) &&
		s.satisfied == o.satisfied && s.promoters == o.promoters && s.detractors == o.detractors &&
		s.spec.Blank == o.spec.Blank && s.spec.Unrecognized == o.spec.Unrecognized
}

// MarshalJSON encodes the scale as its [ScaleSpec].
func (s *Scale) MarshalJSON() ([]byte, error) { return json.Marshal(s.spec) }

// UnmarshalJSON decodes a [ScaleSpec] and checks it as [NewScale] does;
// unknown fields are refused.
func (s *Scale) UnmarshalJSON(data []byte) error {
	var spec ScaleSpec
	if err := decodeStrict(data, &spec); err != nil {
		return fmt.Errorf("%w: scale: %w", ErrInvalidScale, err)
	}
	v, err := NewScale(spec)
	if err != nil {
		return err
	}
	*s = *v
	return nil
}

// decodeStrict decodes one JSON value into v, refusing unknown fields and
// trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}
