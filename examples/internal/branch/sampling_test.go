package branch_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/servq/servq/examples/internal/branch"
)

func TestDayOf(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2025, 6, 22, 0, 0, 0, 0, branch.Zone),
		time.Date(2025, 6, 22, 8, 30, 0, 0, branch.Zone),
		time.Date(2025, 6, 22, 23, 59, 59, 999999999, branch.Zone),
	} {
		if got, want := branch.DayOf(at), branch.Date(2025, 6, 22); !got.Equal(want) || got.Location() != branch.Zone {
			t.Errorf("DayOf(%s) = %s, want %s", at, got, want)
		}
	}
}

func TestLoadSamplingPolicy(t *testing.T) {
	const path = "../../broadband/policy.yaml"
	pol, err := branch.LoadSamplingPolicy(path)
	if err != nil {
		t.Fatal(err)
	}
	if pol.Sampling == nil {
		t.Fatal("no sampling rules")
	}
	// The same policy without its sampling section.
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	noSampling := regexp.MustCompile(`(?ms)^sampling:\n(?:[ #].*?\n)*`).ReplaceAllString(string(src), "")
	if strings.Contains(noSampling, "sampling:") || noSampling == string(src) {
		t.Fatal("the sampling section was not removed")
	}
	bare := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(bare, []byte(noSampling), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := branch.LoadPolicy(bare); err != nil {
		t.Fatalf("the policy without sampling does not load: %v", err)
	}
	_, err = branch.LoadSamplingPolicy(bare)
	if !errors.Is(err, branch.ErrNoSampling) || err.Error() != bare+": the policy has no sampling rules" {
		t.Errorf("err = %v, want %s: %v", err, bare, branch.ErrNoSampling)
	}
	if _, err := branch.LoadSamplingPolicy(filepath.Join(t.TempDir(), "none.yaml")); err == nil || errors.Is(err, branch.ErrNoSampling) {
		t.Errorf("missing file: err = %v", err)
	}
}

// One sampler per month, kept: the month's quotas see all its orders.
func TestSamplers(t *testing.T) {
	pol, err := branch.LoadSamplingPolicy("../../broadband/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := branch.NewSamplers(pol.Sampling)
	june := s.For(time.Date(2025, 6, 22, 9, 0, 0, 0, branch.Zone))
	if june == nil {
		t.Fatal("no sampler")
	}
	if s.For(time.Date(2025, 6, 30, 23, 59, 0, 0, branch.Zone)) != june {
		t.Error("two samplers for June")
	}
	july := s.For(time.Date(2025, 7, 1, 0, 0, 0, 0, branch.Zone))
	if july == june {
		t.Error("July has June's sampler")
	}
	if s.For(time.Date(2025, 6, 1, 0, 0, 0, 0, branch.Zone)) != june || s.For(time.Date(2025, 7, 31, 0, 0, 0, 0, branch.Zone)) != july {
		t.Error("a month's sampler was not kept")
	}
}

func TestRating(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		if got := branch.Rating(r, 1); got != "10" {
			t.Fatalf("happy 1: %s", got)
		}
	}
	counts := map[string]int{}
	const n = 20000
	for range n {
		counts[branch.Rating(r, 0)]++
	}
	want := map[string]float64{"9": 0.55, "8": 0.20, "7": 0.10, "6": 0.05, "5": 0.05, "3": 0.03, "1": 0.02}
	for mark, c := range counts {
		p, ok := want[mark]
		if !ok {
			t.Errorf("happy 0: mark %s drawn %d times", mark, c)
			continue
		}
		if got := float64(c) / n; got < p-0.02 || got > p+0.02 {
			t.Errorf("happy 0: mark %s in %.3f of calls, want about %.2f", mark, got, p)
		}
	}
}
