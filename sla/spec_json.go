package sla

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"reflect"
	"slices"
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
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		v := raw[k]
		d := slices.Index(dayKeys[:], k)
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
// [*SpecError]: malformed JSON, values of the wrong type and unknown fields
// (with line and column), a missing or unknown version (ErrSpecVersion),
// malformed times, windows, dates and kinds (with their path, such as
// "week.mon[1]"), and everything [Compile] refuses except a zone mismatch,
// which needs the location.
func ParseSpec(data []byte) (Spec, error) {
	var head struct {
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Spec{}, jsonErr(data, err)
	}
	if len(head.Version) == 0 || string(head.Version) == "null" {
		return Spec{}, specErr(ErrSpecVersion, "version", "missing version (this package reads version "+strconv.Itoa(SpecVersion)+")")
	}
	if string(head.Version) != strconv.Itoa(SpecVersion) {
		return Spec{}, specErr(ErrSpecVersion, "version", "version "+string(head.Version)+" is not known (this package reads version "+strconv.Itoa(SpecVersion)+")")
	}
	type rawException struct {
		Kind    string   `json:"kind"`
		From    string   `json:"from"`
		To      string   `json:"to"`
		Windows []string `json:"windows"`
		Reason  string   `json:"reason"`
	}
	var raw struct {
		Version    int                 `json:"version"`
		Name       string              `json:"name"`
		Zone       string              `json:"zone"`
		Week       map[string][]string `json:"week"`
		Exceptions []rawException      `json:"exceptions"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Spec{}, jsonErr(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		e := specErr(ErrInvalidSpec, "", "data after the spec")
		e.Line, e.Column = lineCol(data, dec.InputOffset())
		return Spec{}, e
	}
	spec := Spec{Version: raw.Version, Name: raw.Name, Zone: raw.Zone}
	at := func(path string, err error) error {
		var se *SpecError
		if errors.As(err, &se) {
			c := *se
			c.Path = path
			return &c
		}
		return err
	}
	windows := func(path string, in []string) ([]Window, error) {
		var out []Window
		for i, w := range in {
			v, err := ParseWindow(w)
			if err != nil {
				return nil, at(path+"["+strconv.Itoa(i)+"]", err)
			}
			out = append(out, v)
		}
		return out, nil
	}
	for _, key := range slices.Sorted(maps.Keys(raw.Week)) { // sorted: the first error is the same every time
		ws := raw.Week[key]
		d := slices.Index(dayKeys[:], key)
		if d < 0 {
			return Spec{}, specErr(ErrInvalidSpec, "week", "unknown day "+strconv.Quote(key)+`: want "mon", "tue", "wed", "thu", "fri", "sat" or "sun"`)
		}
		var err error
		if spec.Week[d], err = windows("week."+key, ws); err != nil {
			return Spec{}, err
		}
	}
	for i, re := range raw.Exceptions {
		p := "exceptions[" + strconv.Itoa(i) + "]"
		var e Exception
		if err := e.Kind.UnmarshalText([]byte(re.Kind)); err != nil {
			return Spec{}, at(p+".kind", err)
		}
		var err error
		if e.From, err = ParseDate(re.From); err != nil {
			return Spec{}, at(p+".from", err)
		}
		if re.To != "" {
			if e.To, err = ParseDate(re.To); err != nil {
				return Spec{}, at(p+".to", err)
			}
		}
		if e.Windows, err = windows(p+".windows", re.Windows); err != nil {
			return Spec{}, err
		}
		e.Reason = re.Reason
		spec.Exceptions = append(spec.Exceptions, e)
	}
	if _, err := buildModel(&spec); err != nil {
		return Spec{}, err
	}
	return spec, nil
}

// jsonErr turns a decoding error into a *SpecError with a position.
func jsonErr(data []byte, err error) error {
	e := &SpecError{Err: ErrInvalidSpec, Message: err.Error()}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		e.Line, e.Column = lineCol(data, syn.Offset)
		e.Message = strings.TrimPrefix(syn.Error(), "json: ")
	case errors.As(err, &typ):
		e.Line, e.Column = lineCol(data, typ.Offset)
		e.Path = typ.Field
		e.Message = "cannot read JSON " + typ.Value + " here: want " + kindName(typ.Type.Kind())
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		e.Line, e.Column = lineCol(data, int64(len(data)))
		e.Message = "unexpected end of JSON input"
	default:
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
			e.Message = "unknown field " + f
			if i := bytes.Index(data, []byte(f)); i >= 0 {
				e.Line, e.Column = lineCol(data, int64(i))
			}
		} else {
			e.Message = msg
		}
	}
	return e
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Int:
		return "a whole number"
	case reflect.Slice:
		return "a list"
	}
	return "an object"
}

// lineCol returns the 1-based line and byte column of offset off in data.
func lineCol(data []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}
