package workorder

import (
	"time"
)

// fault is a value that does not convert: the sentinel and the message.
type fault struct {
	err error
	msg string
}

// zones caches the fixed zones of the offsets seen, so that decoding an
// instant does not allocate a *time.Location each time, and so that an offset
// never maps to the machine's local zone (time.Parse would name it after the
// local zone when the offsets agree, making output depend on the machine).
type zones map[int]*time.Location

func (z zones) get(offset int) *time.Location {
	if offset == 0 {
		return time.UTC
	}
	if loc, ok := z[offset]; ok {
		return loc
	}
	loc := time.FixedZone("", offset)
	z[offset] = loc
	return loc
}

// parseInstant reads an RFC 3339 instant with its offset:
//
//	2025-07-01T09:00:00+08:00
//	2025-07-01T09:00:00.250Z
//	2025-07-01 09:00:00+08:00   (a space for the T, as RFC 3339 allows)
//
// An instant without an offset is refused with ErrNoOffset. The second 60 (a
// leap second) is refused, as Go's time package cannot represent it.
func parseInstant(s []byte, z zones) (time.Time, *fault) {
	// YYYY-MM-DDTHH:MM:SS is 19 bytes.
	if len(s) < 19 {
		if len(s) == 10 && s[4] == '-' && s[7] == '-' {
			return time.Time{}, &fault{ErrNoOffset, "a date without a time of day and offset: write " + quote(string(s)+"T00:00:00+08:00") + " or with \"Z\" for UTC"}
		}
		return time.Time{}, &fault{ErrValue, "want an RFC 3339 instant such as \"2025-07-01T09:00:00+08:00\", got " + quoteTrunc(s)}
	}
	bad := func() (time.Time, *fault) {
		return time.Time{}, &fault{ErrValue, "want an RFC 3339 instant such as \"2025-07-01T09:00:00+08:00\", got " + quoteTrunc(s)}
	}
	num := func(b []byte) (int, bool) {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(s[0:4])
	month, ok2 := num(s[5:7])
	day, ok3 := num(s[8:10])
	hour, ok4 := num(s[11:13])
	minute, ok5 := num(s[14:16])
	sec, ok6 := num(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' ||
		(s[10] != 'T' && s[10] != 't' && s[10] != ' ') {
		return bad()
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, &fault{ErrValue, "no such instant: " + quoteTrunc(s)}
	}
	rest := s[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		scale := 100000000
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			if i > 9 {
				return time.Time{}, &fault{ErrValue, "more than 9 digits of a second (nanoseconds) in " + quoteTrunc(s)}
			}
			nsec += int(rest[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == 1 {
			return bad()
		}
		rest = rest[i:]
	}
	var offset int
	switch {
	case len(rest) == 0:
		return time.Time{}, &fault{ErrNoOffset, "the instant " + quoteTrunc(s) + " has no offset: add the zone's offset, such as \"+08:00\", or \"Z\" for UTC"}
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := num(rest[1:3])
		om, ok2 := num(rest[4:6])
		if !ok1 || !ok2 {
			return bad()
		}
		if oh > 23 || om > 59 {
			return time.Time{}, &fault{ErrValue, "offset out of range in " + quoteTrunc(s)}
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return bad()
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, z.get(offset)), nil
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// appendInstant writes t as RFC 3339 with nanoseconds as needed and its
// offset ("Z" for UTC).
func appendInstant(b []byte, t time.Time) []byte {
	return t.AppendFormat(b, time.RFC3339Nano)
}
