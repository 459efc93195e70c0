package branch

import (
	"github.com/servq/servq/policy"
)

// LoadPolicy loads a scenario's policy.yaml for its generator, which needs
// the facts schema (to encode events) and the callback sampling ruleset (to
// call back exactly the customers the policy selects, as a call centre
// does). It is policy.Load: the file, run section included, is one policy.
func LoadPolicy(path string) (*policy.Policy, error) {
	return policy.Load(path)
}
