package sla

import (
	"errors"
	"strconv"
)

// Sentinel errors of calendar specifications, for errors.Is. Every error from
// [Compile], [ParseSpec], [Intersect] and [Union] wraps one of them in a
// [*SpecError].
var (
	// ErrInvalidSpec: a malformed or out-of-range field (a bad time of day, a
	// date that does not exist, a missing window, an unknown kind or field).
	ErrInvalidSpec = errors.New("sla: invalid calendar spec")
	// ErrOverlappingWindows: two windows of a day overlap, or an overnight
	// window runs into the next day's windows.
	ErrOverlappingWindows = errors.New("sla: overlapping windows")
	// ErrConflictingExceptions: two exceptions that replace a day's windows
	// (closed, override) fall on the same day and disagree.
	ErrConflictingExceptions = errors.New("sla: conflicting exceptions")
	// ErrNoWorkingTime: the weekly hours hold no working time, so a due date
	// could never be reached.
	ErrNoWorkingTime = errors.New("sla: calendar has no working time")
	// ErrZoneMismatch: the spec's zone is not the location given, or two
	// calendars to combine are in different zones.
	ErrZoneMismatch = errors.New("sla: time zone mismatch")
	// ErrSpecVersion: the spec's version is missing or not one this package
	// reads.
	ErrSpecVersion = errors.New("sla: unknown calendar spec version")
)

// SpecError says what is wrong with a calendar specification and where.
type SpecError struct {
	// Err is one of the sentinel errors above.
	Err error
	// Path locates the faulty part of the spec, as in its JSON form:
	// "week.mon[1]", "exceptions[3].to". Empty when the fault is the whole
	// spec.
	Path string
	// Line and Column locate the fault in JSON input (1-based, columns in
	// bytes) when it was found while decoding; zero otherwise.
	Line, Column int
	// Message says what is wrong.
	Message string
}

// Error returns "sla: calendar spec: 3:14: week.mon[1]: message".
func (e *SpecError) Error() string {
	s := "sla: calendar spec: "
	if e.Line > 0 {
		s += strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column) + ": "
	}
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.Message
}

// Unwrap returns the sentinel error.
func (e *SpecError) Unwrap() error { return e.Err }

func specErr(sentinel error, path, msg string) *SpecError {
	return &SpecError{Err: sentinel, Path: path, Message: msg}
}
