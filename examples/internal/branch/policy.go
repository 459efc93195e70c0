package branch

import (
	"os"
	"strings"

	"github.com/servq/servq/policy"
)

// LoadPolicy loads a scenario's policy.yaml for its generator, which needs
// the facts schema (to encode events) and the callback sampling ruleset (to
// call back exactly the customers the policy selects, as a call centre
// does). The file's run section, which only servq run reads, is left out
// before policy.Parse sees the rest; line numbers in errors are kept.
func LoadPolicy(path string) (*policy.Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return policy.Parse(path, WithoutRunSection(data))
}

// WithoutRunSection returns the policy text without its top-level run key
// and the lines under it (each replaced by an empty line, so that the other
// lines keep their numbers).
func WithoutRunSection(data []byte) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	var b strings.Builder
	in := false
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		if trimmed != "" && l[0] != ' ' && l[0] != '\t' && l[0] != '#' {
			in = strings.HasPrefix(l, "run:")
		}
		if in {
			if strings.HasSuffix(l, "\n") {
				b.WriteByte('\n')
			}
			continue
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}
