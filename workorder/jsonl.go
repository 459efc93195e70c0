package workorder

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/servq/servq/quality"
)

// jsonRow parses one JSONL row. It is a strict JSON reader specialised to the
// row's shape: an object with the keys order, event, at, id and facts, facts
// being an object of scalars and lists of strings. Anything it accepts is valid
// JSON (the fuzz target checks this against encoding/json); it refuses
// duplicate keys and invalid UTF-8, which encoding/json lets through.
type jsonRow struct {
	b    []byte
	i    int
	line int

	schema *quality.Schema
	zones  zones
	in     *interner
	buf    []byte // scratch for unescaped strings
}

// rowFail is a row error found while parsing; parsing stops at the first.
type rowFail struct {
	field string
	err   error
	msg   string
}

func (p *jsonRow) fail(field string, err error, msg string) *rowFail {
	return &rowFail{field: field, err: err, msg: msg}
}

func (p *jsonRow) syntax(msg string) *rowFail {
	return p.fail("", ErrSyntax, msg+" at column "+strconv.Itoa(p.col()))
}

// col is the 1-based column, in bytes, of the parser's position.
func (p *jsonRow) col() int { return p.i + 1 }

func (p *jsonRow) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonRow) peek() byte {
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// parse fills ev (whose Facts map has been cleared) from the row.
func (p *jsonRow) parse(ev *Event) *rowFail {
	p.ws()
	if p.peek() != '{' {
		if p.i >= len(p.b) {
			return p.syntax("empty row")
		}
		return p.syntax("want a JSON object starting with '{'")
	}
	p.i++
	var seen [5]bool // order, event, at, id, facts
	var haveAt bool
	p.ws()
	if p.peek() == '}' {
		p.i++
	} else {
		for {
			key, f := p.member("key")
			if f != nil {
				return f
			}
			slot := -1
			switch string(key) {
			case "order":
				slot = 0
			case "event":
				slot = 1
			case "at":
				slot = 2
			case "id":
				slot = 3
			case "facts":
				slot = 4
			}
			if slot < 0 {
				name := string(key)
				if _, ok := kindOf(p.schema, name); ok {
					return p.fail(name, ErrUnknownField, "facts go inside \"facts\": {\""+name+"\": ...}")
				}
				return p.fail(name, ErrUnknownField, "unknown key; a row has order, event, at, id and facts"+suggest(name, nil, reservedColumns...))
			}
			if seen[slot] {
				return p.fail(string(key), ErrDuplicateField, "key given twice")
			}
			seen[slot] = true
			switch slot {
			case 0, 1, 3:
				name := [...]string{"order", "event", "", "id"}[slot]
				if p.null() {
					break
				}
				if p.peek() != '"' {
					if f := p.skipValue(); f != nil {
						return f
					}
					return p.fail(name, ErrValue, "want a string")
				}
				s, f := p.str()
				if f != nil {
					return f
				}
				switch slot {
				case 0:
					ev.Order = string(s)
				case 1:
					ev.Name = p.in.internBytes(s)
				case 3:
					ev.ID = string(s)
				}
			case 2:
				if p.null() {
					break
				}
				if p.peek() != '"' {
					if f := p.skipValue(); f != nil {
						return f
					}
					return p.fail("at", ErrValue, "want an RFC 3339 instant in a string, such as \"2025-07-01T09:00:00+08:00\"")
				}
				s, f := p.str()
				if f != nil {
					return f
				}
				t, bad := parseInstant(s, p.zones)
				if bad != nil {
					return p.fail("at", bad.err, bad.msg)
				}
				ev.At = t
				haveAt = true
			case 4:
				if f := p.facts(ev); f != nil {
					return f
				}
			}
			more, f := p.more("")
			if f != nil {
				return f
			}
			if !more {
				break
			}
		}
	}
	p.ws()
	if p.i != len(p.b) {
		return p.syntax("unexpected data after the object")
	}
	switch {
	case ev.Order == "":
		return p.fail("order", ErrMissing, "no order id")
	case ev.Name == "":
		return p.fail("event", ErrMissing, "no event name")
	case !haveAt:
		return p.fail("at", ErrMissing, "no instant")
	}
	return nil
}

// null consumes a null literal and reports whether there was one.
func (p *jsonRow) null() bool {
	if len(p.b)-p.i >= 4 && string(p.b[p.i:p.i+4]) == "null" {
		p.i += 4
		return true
	}
	return false
}

// facts parses the facts object (or null) into ev.Facts.
func (p *jsonRow) facts(ev *Event) *rowFail {
	if p.null() {
		return nil
	}
	if p.peek() != '{' {
		if f := p.skipValue(); f != nil {
			return f
		}
		return p.fail("facts", ErrValue, "want an object of facts")
	}
	p.i++
	p.ws()
	if p.peek() == '}' {
		p.i++
		return nil
	}
	for {
		key, f := p.member("fact name")
		if f != nil {
			return f
		}
		kind, ok := kindOf(p.schema, string(key))
		if !ok {
			name := string(key)
			return p.fail("facts."+name, ErrUnknownField, "no such fact in the policy's schema"+suggest(name, p.schema))
		}
		name := p.in.internBytes(key)
		if _, dup := ev.Facts[name]; dup {
			return p.fail("facts."+name, ErrDuplicateField, "fact given twice")
		}
		v, f := p.factValue(name, kind)
		if f != nil {
			return f
		}
		if v != nil {
			if ev.Facts == nil {
				ev.Facts = make(quality.Facts, 8)
			}
			ev.Facts[name] = v
		}
		more, f := p.more(" in facts")
		if f != nil || !more {
			return f
		}
	}
}

// member reads the name of an object's member and the ':' after it; what
// names it in errors ("key", "fact name").
func (p *jsonRow) member(what string) ([]byte, *rowFail) {
	p.ws()
	if p.peek() != '"' {
		return nil, p.syntax("want a " + what + " in double quotes")
	}
	key, f := p.str()
	if f != nil {
		return nil, f
	}
	p.ws()
	if p.peek() != ':' {
		return nil, p.syntax("want ':' after the " + what)
	}
	p.i++
	p.ws()
	return key, nil
}

// more reads what follows an object's member: a ',' before another member
// (true) or the object's closing '}' (false); where ends the error's text.
func (p *jsonRow) more(where string) (bool, *rowFail) {
	p.ws()
	switch p.peek() {
	case ',':
		p.i++
		return true, nil
	case '}':
		p.i++
		return false, nil
	}
	return false, p.syntax("want ',' or '}'" + where)
}

// factValue parses one fact's value of kind k; null gives nil (not given).
func (p *jsonRow) factValue(name string, k quality.Kind) (any, *rowFail) {
	if p.null() {
		return nil, nil
	}
	c := p.peek()
	wrong := func(want string) (any, *rowFail) {
		start := p.i
		if f := p.skipValue(); f != nil {
			return nil, f
		}
		return nil, p.fail("facts."+name, ErrValue, "want "+want+", got "+rawTrunc(p.b[start:p.i]))
	}
	bad := func(err error, msg string) (any, *rowFail) {
		return nil, p.fail("facts."+name, err, msg)
	}
	switch k {
	case quality.KindString:
		if c != '"' {
			return wrong("a string")
		}
		s, f := p.str()
		if f != nil {
			return nil, f
		}
		return p.in.internBytes(s), nil
	case quality.KindBool:
		if len(p.b)-p.i >= 4 && string(p.b[p.i:p.i+4]) == "true" {
			p.i += 4
			return true, nil
		}
		if len(p.b)-p.i >= 5 && string(p.b[p.i:p.i+5]) == "false" {
			p.i += 5
			return false, nil
		}
		return wrong("true or false")
	case quality.KindInt:
		if c != '-' && (c < '0' || c > '9') {
			return wrong("a whole number")
		}
		num := p.number()
		n, msg := parseInt(num)
		if msg != "" {
			return bad(ErrValue, msg)
		}
		return n, nil
	case quality.KindDecimal:
		var num []byte
		switch {
		case c == '-' || (c >= '0' && c <= '9'):
			num = p.number()
		case c == '"':
			s, f := p.str()
			if f != nil {
				return nil, f
			}
			num = s
		default:
			return wrong("a decimal number")
		}
		d, msg := parseDecimal(num)
		if msg != "" {
			return bad(ErrValue, msg)
		}
		return d, nil
	case quality.KindDuration:
		if c != '"' {
			return wrong("a duration in a string, such as \"20m\"")
		}
		s, f := p.str()
		if f != nil {
			return nil, f
		}
		d, msg := parseDuration(s)
		if msg != "" {
			return bad(ErrValue, msg)
		}
		return d, nil
	case quality.KindTime:
		if c != '"' {
			return wrong("an RFC 3339 instant in a string")
		}
		s, f := p.str()
		if f != nil {
			return nil, f
		}
		t, ft := parseInstant(s, p.zones)
		if ft != nil {
			return bad(ft.err, ft.msg)
		}
		return t, nil
	case quality.KindStrings:
		if c != '[' {
			return wrong("a list of strings")
		}
		p.i++
		list := []string{}
		p.ws()
		if p.peek() == ']' {
			p.i++
			return list, nil
		}
		for {
			p.ws()
			if p.peek() != '"' {
				return wrong("a string in the list")
			}
			s, f := p.str()
			if f != nil {
				return nil, f
			}
			if len(list) == MaxListLen {
				return bad(ErrValue, "list longer than "+itoa(MaxListLen)+" elements")
			}
			list = append(list, p.in.internBytes(s))
			p.ws()
			if p.peek() == ',' {
				p.i++
				continue
			}
			if p.peek() == ']' {
				p.i++
				return list, nil
			}
			return nil, p.syntax("want ',' or ']' in the list")
		}
	}
	return wrong("a value of kind " + k.String())
}

// number consumes the bytes of a number token (validated by the caller's
// conversion, which refuses malformed numbers).
func (p *jsonRow) number() []byte {
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			p.i++
		default:
			return p.b[start:p.i]
		}
	}
	return p.b[start:p.i]
}

// str consumes a JSON string and returns its contents, unescaped. The result
// aliases the row or the parser's scratch buffer: copy it to keep it.
func (p *jsonRow) str() ([]byte, *rowFail) {
	p.i++ // the opening quote
	start := p.i
	// Fast path: no escapes.
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			if !utf8.Valid(s) {
				return nil, p.fail("", ErrSyntax, "string is not valid UTF-8 at column "+strconv.Itoa(start))
			}
			return s, nil
		case c == '\\':
			return p.strSlow(start)
		case c < 0x20:
			return nil, p.syntax("control character in a string")
		}
		p.i++
	}
	return nil, p.syntax("unterminated string")
}

func (p *jsonRow) strSlow(start int) ([]byte, *rowFail) {
	p.buf = append(p.buf[:0], p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			if !utf8.Valid(p.buf) {
				return nil, p.fail("", ErrSyntax, "string is not valid UTF-8 at column "+strconv.Itoa(start))
			}
			return p.buf, nil
		case c < 0x20:
			return nil, p.syntax("control character in a string")
		case c != '\\':
			p.buf = append(p.buf, c)
			p.i++
			continue
		}
		p.i++
		if p.i >= len(p.b) {
			return nil, p.syntax("unterminated string")
		}
		e := p.b[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			p.buf = append(p.buf, e)
		case 'b':
			p.buf = append(p.buf, '\b')
		case 'f':
			p.buf = append(p.buf, '\f')
		case 'n':
			p.buf = append(p.buf, '\n')
		case 'r':
			p.buf = append(p.buf, '\r')
		case 't':
			p.buf = append(p.buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return nil, p.syntax("bad \\u escape")
			}
			if utf16.IsSurrogate(r) {
				// A pair \uD83D\uDE00; a lone surrogate becomes U+FFFD, as
				// encoding/json does.
				r2 := rune(-1)
				if len(p.b)-p.i >= 6 && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					var ok2 bool
					r2, ok2 = p.hex4()
					if !ok2 {
						return nil, p.syntax("bad \\u escape")
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
					} else {
						p.i = save
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			p.buf = utf8.AppendRune(p.buf, r)
		default:
			return nil, p.syntax("bad escape \\" + string(rune(e)))
		}
	}
	return nil, p.syntax("unterminated string")
}

func (p *jsonRow) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// skipValue consumes any JSON value (to report a wrong type after checking
// that the row is at least well formed there). Nesting is bounded.
func (p *jsonRow) skipValue() *rowFail {
	return p.skip(0)
}

func (p *jsonRow) skip(depth int) *rowFail {
	if depth > 64 {
		return p.syntax("nested too deeply")
	}
	p.ws()
	switch c := p.peek(); {
	case c == '"':
		_, f := p.str()
		return f
	case c == '{' || c == '[':
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		p.i++
		p.ws()
		if p.peek() == closer {
			p.i++
			return nil
		}
		for {
			p.ws()
			if c == '{' {
				if p.peek() != '"' {
					return p.syntax("want a key in double quotes")
				}
				if _, f := p.str(); f != nil {
					return f
				}
				p.ws()
				if p.peek() != ':' {
					return p.syntax("want ':' after the key")
				}
				p.i++
			}
			if f := p.skip(depth + 1); f != nil {
				return f
			}
			p.ws()
			if p.peek() == ',' {
				p.i++
				continue
			}
			if p.peek() == closer {
				p.i++
				return nil
			}
			return p.syntax("want ',' or '" + string(closer) + "'")
		}
	case c == '-' || (c >= '0' && c <= '9'):
		if !validNumber(p.number()) {
			return p.syntax("malformed number")
		}
		return nil
	case c == 't' && len(p.b)-p.i >= 4 && string(p.b[p.i:p.i+4]) == "true":
		p.i += 4
		return nil
	case c == 'f' && len(p.b)-p.i >= 5 && string(p.b[p.i:p.i+5]) == "false":
		p.i += 5
		return nil
	case c == 'n' && p.null():
		return nil
	}
	return p.syntax("want a JSON value")
}
