package escalation

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors, usable with [errors.Is]. Every error the package returns
// wraps one of them and starts with "escalation: ".
var (
	// ErrInvalidDefinition: Compile refused a definition; the error is a
	// *[ValidationError] listing every finding.
	ErrInvalidDefinition = errors.New("invalid definition")
	// ErrVersion: a state is pinned to another machine or version; the error is
	// a *[VersionError].
	ErrVersion = errors.New("machine version mismatch")
	// ErrFormat: persisted data (a state's JSON, an action id, an enum name) is
	// malformed or of an unknown format version.
	ErrFormat = errors.New("malformed data")
	// ErrState: a state does not fit its machine (unknown state, timer or
	// counter name; timers out of order).
	ErrState = errors.New("state does not fit the machine")
	// ErrInput: an input is unusable (an event without an id, an unknown event
	// name, an event after now, an empty order id).
	ErrInput = errors.New("bad input")
	// ErrTime: now is earlier than an instant the state has already reached.
	ErrTime = errors.New("time goes backwards")
	// ErrGuard: a guard could not be evaluated over the facts given; the error
	// is a *[GuardError] wrapping the rule's error.
	ErrGuard = errors.New("guard failed")
	// ErrRunaway: one step fired more than [MaxFirings] timers and transitions.
	ErrRunaway = errors.New("too many firings in one step")
	// ErrMigration: a migration is refused; the error lists why.
	ErrMigration = errors.New("migration refused")
)

// MaxFirings bounds the timer firings and transitions of one step. A definition
// that passes validation cannot loop without time passing, so only a step that
// catches up a very long gap can come near it.
const MaxFirings = 100000

// pkgError is an error with the package prefix that wraps a sentinel.
type pkgError struct {
	sentinel error
	msg      string
}

func (e *pkgError) Error() string { return "escalation: " + e.msg }
func (e *pkgError) Unwrap() error { return e.sentinel }

func errorf(sentinel error, format string, args ...any) error {
	return &pkgError{sentinel: sentinel, msg: fmt.Sprintf(format, args...)}
}

// A VersionError says a state is pinned to a machine other than the one asked
// to step it.
type VersionError struct {
	// Order is the order's id.
	Order string
	// StateMachine and StateVersion are what the state is pinned to.
	StateMachine string
	StateVersion int
	// Machine and Version are the machine asked to step it.
	Machine string
	Version int
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("escalation: order %q is pinned to %s v%d, not %s v%d (migrate it with Migrate)",
		e.Order, e.StateMachine, e.StateVersion, e.Machine, e.Version)
}

// Unwrap returns [ErrVersion].
func (e *VersionError) Unwrap() error { return ErrVersion }

// A GuardError says a guard could not be evaluated.
type GuardError struct {
	// Transition is the index of the transition in the definition.
	Transition int
	// Guard is the rule's source.
	Guard string
	// Err is the rule's error (a quality error).
	Err error
}

func (e *GuardError) Error() string {
	return fmt.Sprintf("escalation: guard of transitions[%d] %q: %v", e.Transition, e.Guard, e.Err)
}

// Unwrap returns [ErrGuard] and the rule's error.
func (e *GuardError) Unwrap() []error { return []error{ErrGuard, e.Err} }

func marshalEnum(what, name string, valid bool) ([]byte, error) {
	if !valid {
		return nil, errorf(ErrFormat, "invalid %s", what)
	}
	return []byte(name), nil
}

func unmarshalEnum(what string, names []string, b []byte) (int, error) {
	s := string(b)
	for i, n := range names {
		if i > 0 && n == s {
			return i, nil
		}
	}
	return 0, errorf(ErrFormat, "unknown %s %s", what, strconv.Quote(s))
}
