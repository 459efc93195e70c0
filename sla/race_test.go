//go:build race

package sla

// raceEnabled: sync.Pool drops items at random under the race detector (the
// rules' virtual machines are pooled), so allocation counts of folds that run
// a rule on the virtual machine are not meaningful there.
const raceEnabled = true
