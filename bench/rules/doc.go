// Package rules compares the rules of github.com/servq/servq/quality with raw
// expr (github.com/expr-lang/expr, same text, a reused vm.VM), with the same
// computation written in Go, and with cel-go (cel.dev/cel-go), in the same
// run:
//
//	go test -run '^$' -bench . -count 10 ./rules | tee new.txt
//	benchstat new.txt
//
// Two rules are measured:
//
//   - the bool rule satisfied / rated >= 0.9 && rated >= 30 over int facts.
//     quality decides the quotient comparison exactly, by cross-multiplying;
//     raw expr divides in float64; CEL divides ints as ints, so its text
//     converts to double first: double(satisfied) / double(rated) >= 0.9.
//   - a money rule, round(reward * tens - penalty * dissatisfied + fee * 0.05,
//     2, "half_up"), over decimal facts in quality and plain Go (shopspring
//     decimal). Neither expr nor CEL has decimals: raw expr is not run on it,
//     and CEL computes it in float64 (inexact; shown only for scale).
//
// Facts are passed as a map (quality.Facts, or the activation CEL builds
// once) and, for quality, also as a struct given to quality.SchemaOf.
//
// TestSameAnswers checks that every contender agrees before their speed is
// compared. TestPairedRatios (run with -run PairedRatios -ratios) measures
// the speed ratios by alternating short runs of the contenders, which keeps
// the ratios steady on a busy machine.
package rules
