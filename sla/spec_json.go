package sla

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// MarshalJSON writes the week as {"mon": [...], ..., "sun": [...]}, Monday
// first, leaving out days without windows.
func (w Week) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	for k := 1; k <= 7; k++ {
		d := k % 7
		if len(w[d]) == 0 {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.WriteString(`"` + dayKeys[d] + `":`)
		b, err := json.Marshal(w[d])
		if err != nil {
			return nil, err
		}
		buf.Write(b)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads a week written by MarshalJSON; keys other than "mon" …
// "sun" are refused.
func (w *Week) UnmarshalJSON(b []byte) error {
	var raw map[string][]Window
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	var out Week
	for k, v := range raw {
		d := -1
		for i, name := range dayKeys {
			if k == name {
				d = i
			}
		}
		if d < 0 {
			return specErr(ErrInvalidSpec, "week", "unknown day "+strconv.Quote(k)+`: want "mon", "tue", "wed", "thu", "fri", "sat" or "sun"`)
		}
		out[d] = v
	}
	*w = out
	return nil
}

// MarshalJSON writes the spec with its version (SpecVersion when Version is 0).
func (s Spec) MarshalJSON() ([]byte, error) {
	type plain Spec
	p := plain(s)
	if p.Version == 0 {
		p.Version = SpecVersion
	}
	return json.Marshal(p)
}

// UnmarshalJSON reads a spec strictly: unknown fields, a missing or unknown
// version, malformed values and trailing data are refused with a [*SpecError]
// that gives the line and column or the path of the fault. The spec's
// meaning (overlaps, working time) is checked too, as [ParseSpec] does; only
// the zone is left for [Compile].
func (s *Spec) UnmarshalJSON(b []byte) error {
	v, err := ParseSpec(b)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSpec decodes and checks a calendar spec from JSON. It refuses, with a
// [*SpecError]: malformed JSON and unknown fields (with line and column), a
// missing or unknown version (ErrSpecVersion), and everything [Compile]
// refuses except a zone mismatch, which needs the location.
func ParseSpec(data []byte) (Spec, error) {
	type plain Spec
	var head struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Spec{}, jsonErr(data, err)
	}
	if head.Version == nil {
		return Spec{}, specErr(ErrSpecVersion, "version", "missing version (this package reads version "+strconv.Itoa(SpecVersion)+")")
	}
	if *head.Version != SpecVersion {
		return Spec{}, specErr(ErrSpecVersion, "version", "version "+strconv.Itoa(*head.Version)+" is not known (this package reads version "+strconv.Itoa(SpecVersion)+")")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p plain
	if err := dec.Decode(&p); err != nil {
		return Spec{}, jsonErr(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		e := specErr(ErrInvalidSpec, "", "data after the spec")
		e.Line, e.Column = lineCol(data, dec.InputOffset())
		return Spec{}, e
	}
	spec := Spec(p)
	if _, err := buildModel(&spec); err != nil {
		return Spec{}, err
	}
	return spec, nil
}

// jsonErr turns a decoding error into a *SpecError with a position.
func jsonErr(data []byte, err error) error {
	e := &SpecError{Err: ErrInvalidSpec, Message: err.Error()}
	var se *SpecError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// A field's own UnmarshalText or UnmarshalJSON refused its value; the
		// json package adds no position to such errors.
		c := *se
		return &c
	case errors.As(err, &syn):
		e.Line, e.Column = lineCol(data, syn.Offset)
		e.Message = syn.Error()
	case errors.As(err, &typ):
		e.Line, e.Column = lineCol(data, typ.Offset)
		e.Path = typ.Field
		e.Message = "cannot read JSON " + typ.Value + " as " + typeName(typ.Type.String())
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		e.Line, e.Column = lineCol(data, int64(len(data)))
		e.Message = "unexpected end of JSON input"
	default:
		msg := err.Error()
		if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
			e.Message = "unknown field " + f
			if i := bytes.Index(data, []byte(f)); i >= 0 {
				e.Line, e.Column = lineCol(data, int64(i))
			}
		} else {
			e.Message = strings.TrimPrefix(msg, "json: ")
		}
	}
	return e
}

func typeName(t string) string {
	switch t {
	case "sla.Spec", "sla.plain":
		return "a spec"
	case "int":
		return "a number"
	}
	return strings.TrimPrefix(t, "sla.")
}

// lineCol returns the 1-based line and byte column of offset off in data.
func lineCol(data []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}
