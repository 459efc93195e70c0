package main

import (
	"testing"

	"github.com/servq/servq/examples/internal/gencmd/gencmdtest"
)

// The shipped data is what the generator writes with its defaults, run
// after run; seeds and volume behave; bad flags are refused.
func TestGenerator(t *testing.T) { gencmdtest.Scenario(t, scenario) }
