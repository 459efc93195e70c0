//go:build race

package survey

// raceEnabled is true under the race detector, which makes sync.Pool (used
// by the rule engine) drop pooled values and so allocate.
const raceEnabled = true
