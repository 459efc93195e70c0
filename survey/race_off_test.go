//go:build !race

package survey

const raceEnabled = false
