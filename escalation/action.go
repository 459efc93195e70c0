package escalation

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// ActionKind says what an action asks the host to do.
type ActionKind uint8

const (
	// ActionInvalid is the zero ActionKind.
	ActionInvalid ActionKind = iota
	// ActionNotify alerts a Role (Note says about what).
	ActionNotify
	// ActionAssign hands the order to a Role.
	ActionAssign
	// ActionRaiseLevel raises the order's warning level to Level (levels never
	// go down); Role defaults to the level's role.
	ActionRaiseLevel
	// ActionRecordPenalty records a penalty decision identified by Code
	// (for example "one_vote_veto").
	ActionRecordPenalty
	// ActionCompensate grants the customer a compensation identified by Code
	// (for example "timer_gift" or "free_replacement").
	ActionCompensate
	// ActionResetClock asks the host to reset the sla clock named Code (the
	// satisfaction loop restarts the clocks of a reopened order).
	ActionResetClock
	// ActionCustom is a host-defined action identified by Code.
	ActionCustom
)

var actionKindNames = [...]string{"invalid", "notify", "assign", "raise_level", "record_penalty", "compensate", "reset_clock", "custom"}

// String returns the kind's name, for example "notify" or "raise_level".
func (k ActionKind) String() string {
	if int(k) < len(actionKindNames) {
		return actionKindNames[k]
	}
	return "invalid"
}

// MarshalText encodes the kind by name.
func (k ActionKind) MarshalText() ([]byte, error) {
	return marshalEnum("action kind", k.String(), k != ActionInvalid && int(k) < len(actionKindNames))
}

// UnmarshalText decodes a kind name such as "notify".
func (k *ActionKind) UnmarshalText(b []byte) error {
	v, err := unmarshalEnum("action kind", actionKindNames[:], b)
	*k = ActionKind(v)
	return err
}

// An Action is data: what the host should do when a state is entered or left, a
// transition is taken, a timer fires or a counter reaches its threshold. The
// machine itself only applies ActionRaiseLevel to the order's level; every
// other effect is the host's.
type Action struct {
	// Kind says what to do.
	Kind ActionKind `json:"kind"`
	// Role is who: required for notify and assign.
	Role string `json:"role,omitempty"`
	// Level is the level to raise to (1 = Definition.Levels[0]); raise_level only.
	Level int `json:"level,omitempty"`
	// Code identifies the penalty, compensation, clock or custom action;
	// required for those kinds.
	Code string `json:"code,omitempty"`
	// Note is free text for the person notified.
	Note string `json:"note,omitempty"`
}

// An Emitted action is an [Action] that became due during a step.
type Emitted struct {
	// ID is derived from the order, the machine's name and version, the firing
	// number, the cycle and the action's position in the firing, so replaying
	// the same inputs yields the same ids and a host can deduplicate.
	ID ActionID `json:"id"`
	// Action is what to do.
	Action Action `json:"action"`
	// Due is the instant the action became due (a timer's deadline or an
	// event's instant), in UTC.
	Due time.Time `json:"due"`
	// Lateness is how long after Due the step ran (now − Due, never negative).
	Lateness time.Duration `json:"lateness"`
	// Seq is the order's firing number that emitted the action.
	Seq uint64 `json:"seq"`
	// Cycle is the order's cycle (reopenings so far) when it was emitted.
	Cycle int `json:"cycle"`
	// Cause is the index in the step's trace of the entry that emitted it.
	Cause int `json:"cause"`
}

// An ActionID identifies one emitted action of one order. It is the first 16
// bytes of the SHA-256 of a fixed encoding of (order, machine name, machine
// version, firing number, cycle, position); see [NewActionID]. The zero
// ActionID identifies nothing.
type ActionID [16]byte

// NewActionID returns the id of the action at position index of firing seq of
// an order in the given cycle. The encoding hashed is: the 12 bytes
// "escalation/1", then order and machine each as a uvarint length and its
// bytes, then version, seq, cycle and index as uvarints. (Orders ids and
// machine names of up to about 40 bytes together fit one SHA-256 block.)
func NewActionID(order, machine string, version int, seq uint64, cycle, index int) ActionID {
	var buf [160]byte
	b := append(buf[:0], "escalation/1"...)
	b = binary.AppendUvarint(b, uint64(len(order)))
	b = append(b, order...)
	b = binary.AppendUvarint(b, uint64(len(machine)))
	b = append(b, machine...)
	b = binary.AppendUvarint(b, uint64(version))
	b = binary.AppendUvarint(b, seq)
	b = binary.AppendUvarint(b, uint64(cycle))
	b = binary.AppendUvarint(b, uint64(index))
	sum := sha256.Sum256(b)
	var id ActionID
	copy(id[:], sum[:16])
	return id
}

// IsZero reports whether id is the zero ActionID.
func (id ActionID) IsZero() bool { return id == ActionID{} }

// String returns the id as 32 lowercase hex digits.
func (id ActionID) String() string { return hex.EncodeToString(id[:]) }

// MarshalText encodes the id as 32 lowercase hex digits.
func (id ActionID) MarshalText() ([]byte, error) {
	out := make([]byte, hex.EncodedLen(len(id)))
	hex.Encode(out, id[:])
	return out, nil
}

// UnmarshalText decodes 32 hex digits.
func (id *ActionID) UnmarshalText(b []byte) error {
	if len(b) != hex.EncodedLen(len(id)) {
		return errorf(ErrFormat, "action id %q: want 32 hex digits", b)
	}
	var v ActionID
	if _, err := hex.Decode(v[:], b); err != nil {
		return errorf(ErrFormat, "action id %q: %v", b, err)
	}
	*id = v
	return nil
}
