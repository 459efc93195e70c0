package escalation_test

import (
	"errors"
	"testing"

	"github.com/servq/servq/escalation"
)

// TestActionIDEncoding pins the documented encoding: the expected ids were
// computed independently (Python's hashlib over the bytes NewActionID
// documents). Hosts store these ids; changing them is a breaking change.
func TestActionIDEncoding(t *testing.T) {
	for _, tc := range []struct {
		order, machine string
		version        int
		seq            uint64
		cycle, index   int
		want           string
	}{
		{"C-20250701-001", "complaint", 1, 5, 0, 1, "cbecaaa01020d8635fad0c53feea4b6a"},
		{"投诉-1", "complaint", 2, 300, 1, 0, "050f86fff50dcec23beadbfac3836660"},
	} {
		id := escalation.NewActionID(tc.order, tc.machine, tc.version, tc.seq, tc.cycle, tc.index)
		if id.String() != tc.want {
			t.Errorf("%+v: %s", tc, id)
		}
		var back escalation.ActionID
		text, _ := id.MarshalText()
		if err := back.UnmarshalText(text); err != nil || back != id {
			t.Errorf("text round trip: %v %v", back, err)
		}
	}
	var id escalation.ActionID
	for _, bad := range []string{"", "abc", "zz" + escalation.NewActionID("a", "b", 1, 1, 0, 0).String()[2:]} {
		if err := id.UnmarshalText([]byte(bad)); !errors.Is(err, escalation.ErrFormat) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestActionIDsDistinct: ids differ in every input they are derived from.
func TestActionIDsDistinct(t *testing.T) {
	base := escalation.NewActionID("o", "m", 1, 1, 0, 0)
	for i, other := range []escalation.ActionID{
		escalation.NewActionID("o2", "m", 1, 1, 0, 0),
		escalation.NewActionID("o", "m2", 1, 1, 0, 0),
		escalation.NewActionID("o", "m", 2, 1, 0, 0),
		escalation.NewActionID("o", "m", 1, 2, 0, 0),
		escalation.NewActionID("o", "m", 1, 1, 1, 0),
		escalation.NewActionID("o", "m", 1, 1, 0, 1),
		escalation.NewActionID("om", "", 1, 1, 0, 0), // lengths keep fields apart
	} {
		if other == base || other.IsZero() {
			t.Errorf("%d: %s", i, other)
		}
	}
}

func TestEnumsText(t *testing.T) {
	for _, k := range []escalation.ActionKind{escalation.ActionNotify, escalation.ActionAssign, escalation.ActionRaiseLevel,
		escalation.ActionRecordPenalty, escalation.ActionCompensate, escalation.ActionResetClock, escalation.ActionCustom} {
		b, err := k.MarshalText()
		var back escalation.ActionKind
		if err != nil || back.UnmarshalText(b) != nil || back != k {
			t.Errorf("%v: %s %v", k, b, err)
		}
	}
	for _, s := range []escalation.Scope{escalation.ScopeState, escalation.ScopeNamed} {
		b, err := s.MarshalText()
		var back escalation.Scope
		if err != nil || back.UnmarshalText(b) != nil || back != s {
			t.Errorf("%v: %s %v", s, b, err)
		}
	}
	for _, s := range []escalation.EventStatus{escalation.StatusTick, escalation.StatusApplied, escalation.StatusUnhandled,
		escalation.StatusRepeated, escalation.StatusStale} {
		b, err := s.MarshalText()
		var back escalation.EventStatus
		if err != nil || back.UnmarshalText(b) != nil || back != s {
			t.Errorf("%v: %s %v", s, b, err)
		}
	}
	for k := escalation.EntryStart; k <= escalation.EntryCounter; k++ {
		b, err := k.MarshalText()
		var back escalation.EntryKind
		if err != nil || back.UnmarshalText(b) != nil || back != k {
			t.Errorf("%v: %s %v", k, b, err)
		}
	}
	var k escalation.ActionKind
	if err := k.UnmarshalText([]byte("invalid")); !errors.Is(err, escalation.ErrFormat) {
		t.Errorf("the zero kind's name decodes: %v", err)
	}
	if _, err := escalation.ActionInvalid.MarshalText(); err == nil {
		t.Error("the zero kind encodes")
	}
	if escalation.ScopeInvalid.String() != "invalid" || escalation.Scope(9).String() != "invalid" {
		t.Error("scope names")
	}
}
