package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/servq/servq/sla"
)

// Built-in calendars and holiday sets a policy may name.
const (
	BuiltinChinaOffice2025 = "china-office-2025" // sla.ChinaOffice2025, in Asia/Shanghai
	Builtin24x7            = "24x7"              // sla.TwentyFourSeven, in the zone given
	HolidaysChina2025      = "china-2025"        // sla.ChinaHolidays2025, make-up days with Monday's hours
)

// calendars compiles every calendar. Broken calendars get a round-the-clock
// stand-in in c.calRefs so that clocks and timers naming them are still
// checked without a second, misleading error.
func (c *compiler) calendars() {
	c.calRefs = map[string]*sla.Calendar{}
	for _, cd := range c.doc.Calendars {
		cal := c.calendar(cd)
		if cal != nil {
			c.pol.Calendars[cd.Name] = cal
			c.calRefs[cd.Name] = cal
		} else {
			c.calRefs[cd.Name] = sla.TwentyFourSeven(time.UTC)
		}
	}
}

func (c *compiler) calendar(cd calendarDecl) *sla.Calendar {
	path := pathOf("calendars", cd.Name)
	sources := 0
	for _, set := range []bool{cd.Builtin != "", cd.File != "", cd.Week != nil} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		c.failAt(path, ErrInvalid, nil, "write one of builtin, file, or week (with zone)", "a calendar needs exactly one of builtin, file and week (%d given)", sources)
		return nil
	}
	var spec sla.Spec
	userExc := 0 // index in spec.Exceptions of the first exception written here
	switch {
	case cd.Builtin == Builtin24x7:
		if cd.Holidays != "" || len(cd.Exceptions) > 0 {
			c.failAt(path+".builtin", ErrInvalid, nil, "", "a 24x7 calendar has no holidays or exceptions")
			return nil
		}
		if cd.Zone == "" {
			c.failAt(path, ErrMissingKey, nil, "such as Asia/Shanghai", "a 24x7 calendar needs a zone")
			return nil
		}
		loc := c.location(path, cd.Zone)
		if loc == nil {
			return nil
		}
		return sla.TwentyFourSeven(loc)
	case cd.Builtin == BuiltinChinaOffice2025:
		spec = sla.ChinaOffice2025()
		if cd.Zone != "" && cd.Zone != spec.Zone {
			c.failAt(path+".zone", ErrInvalid, nil, "leave zone out", "%s is in %s, not %s", BuiltinChinaOffice2025, spec.Zone, cd.Zone)
			return nil
		}
		if cd.Holidays != "" {
			c.failAt(path+".holidays", ErrInvalid, nil, "", "%s already has its holidays", BuiltinChinaOffice2025)
			return nil
		}
		userExc = len(spec.Exceptions)
	case cd.Builtin != "":
		c.failAt(path+".builtin", ErrReference, nil, suggest(cd.Builtin, []string{BuiltinChinaOffice2025, Builtin24x7}), "unknown built-in calendar %q", cd.Builtin)
		return nil
	case cd.File != "":
		s, ok := c.specFile(path, cd.File)
		if !ok {
			return nil
		}
		spec = s
		if cd.Zone != "" && spec.Zone != "" && cd.Zone != spec.Zone {
			c.failAt(path+".zone", ErrInvalid, nil, "", "the file's zone is %s, not %s", spec.Zone, cd.Zone)
			return nil
		}
		if spec.Zone == "" {
			spec.Zone = cd.Zone
		}
		userExc = len(spec.Exceptions)
	default:
		spec = sla.Spec{Version: sla.SpecVersion, Zone: cd.Zone, Week: cd.Week.week()}
		if cd.Zone == "" {
			c.failAt(path, ErrMissingKey, nil, "such as Asia/Shanghai", "missing key \"zone\"")
			return nil
		}
	}
	spec.Name = cd.Name
	if cd.Label != "" {
		spec.Name = cd.Label
	}
	spec.Exceptions = append(spec.Exceptions, cd.Exceptions...)
	holidays := len(spec.Exceptions)
	switch cd.Holidays {
	case "":
	case HolidaysChina2025:
		mon := spec.Week[time.Monday]
		if len(mon) == 0 {
			c.failAt(path+".holidays", ErrInvalid, nil, "make-up working days take Monday's hours", "%s needs working hours on Monday", HolidaysChina2025)
			return nil
		}
		spec.Exceptions = append(spec.Exceptions, sla.ChinaHolidays2025(mon...)...)
	default:
		c.failAt(path+".holidays", ErrReference, nil, suggest(cd.Holidays, []string{HolidaysChina2025}), "unknown holidays %q", cd.Holidays)
		return nil
	}
	if spec.Zone == "" {
		c.failAt(path, ErrMissingKey, nil, "such as Asia/Shanghai", "missing key \"zone\"")
		return nil
	}
	loc := c.location(path, spec.Zone)
	if loc == nil {
		return nil
	}
	cal, err := sla.Compile(spec, loc)
	if err != nil {
		for _, se := range leaves[*sla.SpecError](err) {
			p := c.specPath(path, cd, se.Path, userExc, holidays)
			c.failAt(p, ErrInvalid, se, "", "%s", se.Message)
		}
		if len(leaves[*sla.SpecError](err)) == 0 {
			c.failAt(path, ErrInvalid, err, "", "%s", cleanMessage(err))
		}
		return nil
	}
	return cal
}

// specPath maps a calendar spec's error path ("week.mon[1]", "exceptions[3].to")
// to the policy's: a day filled by weekdays or every_day, an exception that
// came from the built-in or the holidays.
func (c *compiler) specPath(path string, cd calendarDecl, p string, userExc, holidays int) string {
	switch {
	case strings.HasPrefix(p, "week."):
		day, rest, _ := strings.Cut(strings.TrimPrefix(p, "week."), "[")
		if rest != "" {
			rest = "[" + rest
		}
		if _, ok := c.nodes[path+".week."+day]; ok || cd.Week == nil {
			return path + "." + p
		}
		if cd.Week.Weekdays != nil && day != "sat" && day != "sun" {
			return path + ".week.weekdays" + rest
		}
		return path + ".week.every_day" + rest
	case strings.HasPrefix(p, "exceptions["):
		i, rest, ok := splitIndex(p, "exceptions")
		if !ok {
			return path
		}
		switch {
		case i < userExc:
			if cd.File != "" {
				return path + ".file"
			}
			return path + ".builtin"
		case i >= holidays:
			return path + ".holidays"
		}
		return path + ".exceptions[" + strconv.Itoa(i-userExc) + "]" + rest
	case p == "":
		return path
	}
	return path + "." + p
}

// week builds the spec's week: weekdays and every_day first, days written out
// replacing them.
func (w *weekDecl) week() sla.Week {
	var wk sla.Week
	if w == nil {
		return wk
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if w.EveryDay != nil {
			wk[d] = w.EveryDay
		}
		if w.Weekdays != nil && d != time.Saturday && d != time.Sunday {
			wk[d] = w.Weekdays
		}
	}
	for d, ws := range [7][]sla.Window{w.Sun, w.Mon, w.Tue, w.Wed, w.Thu, w.Fri, w.Sat} {
		if ws != nil {
			wk[d] = ws
		}
	}
	return wk
}

// location loads a time zone, reporting an unknown one at path.zone.
func (c *compiler) location(path, zone string) *time.Location {
	if zone == "" || zone == "Local" || strings.HasPrefix(zone, "/") || strings.Contains(zone, "..") {
		c.failAt(path+".zone", ErrReference, nil, "write an IANA zone such as Asia/Shanghai", "%q is not a time zone", zone)
		return nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		c.failAt(path+".zone", ErrReference, err, "write an IANA zone such as Asia/Shanghai", "unknown time zone %q", zone)
		return nil
	}
	return loc
}

// specFile reads a calendar spec JSON file relative to the policy; its errors
// are placed in that file.
func (c *compiler) specFile(path, name string) (sla.Spec, bool) {
	full := name
	if !filepath.IsAbs(full) {
		full = filepath.Join(c.dir, name)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		hint := ""
		if errors.Is(err, os.ErrNotExist) {
			hint = "the path is relative to the policy file"
		}
		c.failAt(path+".file", ErrReference, err, hint, "cannot read %s: %v", name, errors.Unwrap(err))
		return sla.Spec{}, false
	}
	c.files = append(c.files, fileRef{name: name, data: data})
	spec, err := sla.ParseSpec(data)
	if err != nil {
		src := newSource(full, data)
		for _, se := range leaves[*sla.SpecError](err) {
			e := &Error{File: full, Line: se.Line, Column: se.Column, Path: se.Path, Err: ErrInvalid, Cause: se, Message: se.Message}
			if se.Line == 0 && se.Path != "" {
				if l, col, ok := jsonPlace(data, se.Path); ok {
					e.Line, e.Column = l, col
				}
			}
			if e.Line == 0 {
				// No place in the JSON: point at the file reference.
				n, _ := c.node(path + ".file")
				e.File, e.Path = c.src.name, path+".file"
				if se.Path != "" {
					e.Message = se.Path + ": " + se.Message
				}
				if n != nil {
					e.Line, e.Column, e.srcLine = n.Line, n.Column, c.src.line(n.Line)
				}
			} else {
				e.srcLine = src.line(e.Line)
				if se.Line != 0 {
					e.Column = runeColumn(e.srcLine, se.Column)
				}
			}
			c.errs = append(c.errs, e)
		}
		if len(leaves[*sla.SpecError](err)) == 0 {
			c.failAt(path+".file", ErrInvalid, err, "", "%s", cleanMessage(err))
		}
		return sla.Spec{}, false
	}
	return spec, true
}

// splitIndex reads "name[i]rest" into i and rest.
func splitIndex(p, name string) (i int, rest string, ok bool) {
	s, found := strings.CutPrefix(p, name+"[")
	if !found {
		return 0, "", false
	}
	num, rest, found := strings.Cut(s, "]")
	if !found {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	if err != nil {
		return 0, "", false
	}
	return i, rest, true
}

// runeColumn converts a 1-based byte column in line to a rune column.
func runeColumn(line string, col int) int {
	if col <= 1 {
		return col
	}
	if col-1 > len(line) {
		return utf8.RuneCountInString(line) + col - len(line)
	}
	return utf8.RuneCountInString(line[:col-1]) + 1
}

// jsonPlace returns the 1-based line and rune column of the value at path
// ("week.mon[1]", "exceptions[3].to") in a JSON document; ok is false when
// the path is not found.
func jsonPlace(data []byte, path string) (line, col int, ok bool) {
	var segs []string
	for _, part := range strings.Split(path, ".") {
		name, idx, _ := strings.Cut(part, "[")
		if name != "" {
			segs = append(segs, name)
		}
		for idx != "" {
			var i string
			i, idx, _ = strings.Cut(idx, "]")
			segs = append(segs, "["+i)
			idx = strings.TrimPrefix(idx, "[")
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	off, found := jsonWalk(data, dec, segs)
	if !found {
		return 0, 0, false
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1, true
}

func jsonWalk(data []byte, dec *json.Decoder, segs []string) (int, bool) {
	off := int(dec.InputOffset())
	for off < len(data) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
		off++
	}
	if len(segs) == 0 {
		return off, true
	}
	tok, err := dec.Token()
	if err != nil {
		return 0, false
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return 0, false
			}
			if key == segs[0] {
				return jsonWalk(data, dec, segs[1:])
			}
			if !jsonSkip(dec) {
				return 0, false
			}
		}
	case json.Delim('['):
		want, err := strconv.Atoi(strings.TrimPrefix(segs[0], "["))
		if err != nil {
			return 0, false
		}
		for i := 0; dec.More(); i++ {
			if i == want {
				return jsonWalk(data, dec, segs[1:])
			}
			if !jsonSkip(dec) {
				return 0, false
			}
		}
	}
	return 0, false
}

// jsonSkip consumes one value.
func jsonSkip(dec *json.Decoder) bool {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return true
		}
	}
}
