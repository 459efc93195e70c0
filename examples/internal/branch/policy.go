package branch

import (
	"errors"
	"fmt"
	"time"

	"github.com/servq/servq/policy"
	"github.com/servq/servq/survey"
)

// ErrNoSampling is returned (wrapped, with the policy's path) by
// LoadSamplingPolicy for a policy without sampling rules.
var ErrNoSampling = errors.New("the policy has no sampling rules")

// LoadPolicy loads a scenario's policy.yaml for its generator, which needs
// the facts schema (to encode events) and the callback sampling ruleset (to
// call back exactly the customers the policy selects, as a call centre
// does). It is policy.Load: the file, run section included, is one policy.
func LoadPolicy(path string) (*policy.Policy, error) {
	return policy.Load(path)
}

// LoadSamplingPolicy is LoadPolicy for a generator that calls back the
// customers the policy's sampling rules select: a policy without sampling
// rules is an error ("PATH: the policy has no sampling rules", ErrNoSampling).
func LoadSamplingPolicy(path string) (*policy.Policy, error) {
	pol, err := LoadPolicy(path)
	if err != nil {
		return nil, err
	}
	if pol.Sampling == nil {
		return nil, fmt.Errorf("%s: %w", path, ErrNoSampling)
	}
	return pol, nil
}

// Samplers hands out the callback sampler of each month: the sampling
// rules' sampler for the period "2006-01" of an order's creation, made on
// first use and kept, so that the month's quotas count every order of the
// month.
type Samplers struct {
	rules    *survey.Ruleset
	byPeriod map[string]*survey.Sampler
}

// NewSamplers returns the samplers of the sampling rules.
func NewSamplers(rules *survey.Ruleset) *Samplers {
	return &Samplers{rules: rules, byPeriod: map[string]*survey.Sampler{}}
}

// For returns the sampler of the month of created (in created's location).
func (s *Samplers) For(created time.Time) *survey.Sampler {
	period := created.Format("2006-01")
	sm := s.byPeriod[period]
	if sm == nil {
		sm = s.rules.Period(period)
		s.byPeriod[period] = sm
	}
	return sm
}
