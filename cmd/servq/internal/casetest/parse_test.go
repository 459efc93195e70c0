package casetest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPathFor(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "policy.yaml")
	if got := PathFor(pol); got != filepath.Join(dir, "policy_test.yaml") {
		t.Errorf("PathFor = %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "policy.test.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := PathFor(pol); got != filepath.Join(dir, "policy.test.yaml") {
		t.Errorf("PathFor with policy.test.yaml = %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "policy_test.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := PathFor(pol); got != filepath.Join(dir, "policy_test.yaml") {
		t.Errorf("PathFor with both = %q, want policy_test.yaml", got)
	}
}
