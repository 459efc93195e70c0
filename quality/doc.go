// Package quality holds the shared core of servq: declared facts, rules that
// policy writers edit, exact decimals, and the targets and rates that
// service-quality scorecards are made of.
//
// # Facts
//
// A rule reads facts: named, typed values that the host computes and passes
// in, such as the number of customers who rated a repair and the number who
// gave it a 10. A [Schema] declares the facts a rule may name, each with a
// [Kind]: string, bool, int, decimal, duration, time, or strings (a list of
// strings). Hosts pass values as [Facts], a map from name to value in the
// kind's Go type (int, decimal.Decimal, time.Time, ...), or as a struct whose
// type was given to [SchemaOf], with one field per fact.
//
// There is no clock in a rule. When a rule needs "now", the evaluation time is
// an ordinary fact of kind time that the host passes, like any other. Times
// carry their own location; a rule has no default time zone.
//
// # Rules
//
// A rule is a short expression in expr's language (github.com/expr-lang/expr)
// with the restrictions below. [Compile] checks it against a schema and the
// kind of value it must give, once; the compiled [Rule] is then evaluated
// many times, from many goroutines if need be:
//
//	rule, err := quality.Compile("satisfied / rated >= 0.9 && rated >= 30",
//		schema, quality.KindBool)
//	ok, err := rule.EvalBool(quality.Facts{"satisfied": 93, "rated": 100})
//
// Compile reports every mistake it can find at once, each as an [*Error]
// with the line and column (counted in runes, so Chinese text lines up), the
// line of the rule with a caret under the place, and a hint such as
// `did you mean "rated"?`:
//
//	quality: 1:13: unknown name "rate" (did you mean "rated"?)
//	 | satisfied / rate >= 0.9
//	 |             ^
//
// The language has the operators && || ! (and, or, not), == != < <= > >=,
// + - * / % on numbers, + on strings, in and not in, contains, startsWith,
// endsWith, matches, constant ranges such as 1..10, c ? a : b and
// if c { a } else { b }, and let name = value; to name a part. Its functions
// are all, any, none, one, filter and count over a list (with # for the
// element), len, lower, upper, trim, min, max, abs,
// round(x, places, mode) and duration("20m").
//
// # Exact decimals
//
// A number with a fraction or an exponent, such as 0.9 or 1.5e2, is an exact
// decimal taken from the rule's text, never a float64: 0.1 + 0.2 == 0.3 holds.
// Whole numbers are ints, and mixing ints with decimals gives decimals. An int
// divided by an int is an exact decimal too (1 / 2 is 0.5, never 0).
//
// A quotient is rounded to [DefaultPrecision] (16) decimal places, half away
// from zero, unless [WithPrecision] says otherwise: 2 / 3 is
// 0.6666666666666667. A comparison with a quotient on either side is exact,
// whatever the precision: satisfied / rated >= 0.9 compares the fractions by
// cross-multiplication and never rounds. Rounding a result is explicit:
// round(x, 2, "half_up") with one of the modes of [Rounding] ("half_up",
// "half_even", "down", "up", "floor", "ceiling").
//
// Division by zero is an error naming its place, never Inf, NaN or a panic.
// So is an int overflow, and a decimal of more than [Limits].MaxDigits
// digits.
//
// # Worked example
//
// A station's July callbacks: 100 customers rated a repair, 93 of them gave a
// 10 (only a 10 counts as satisfied), 7 did not. The repair satisfaction target
// has a baseline of 90% and a challenge of 98%; each dissatisfied customer
// costs the team 200 yuan and each 10 earns 20 yuan.
//
//	rule                                      value
//	satisfied / rated >= 0.9 && rated >= 30   true   (93/100 ≥ 90/100, 100 ≥ 30)
//	satisfied / rated >= 0.98                 false  (93/100 < 98/100)
//	satisfied / rated                         0.93
//	20 * satisfied - 200 * (rated - satisfied) 460   (1860 − 1400 yuan)
//	round(satisfied * 100 / rated, 1, "half_up") 93.0
//
// With rated = 0 the first rule fails with an error wrapping
// [ErrDivisionByZero] at line 1, column 11 (the '/'); guard it with
// rated > 0 && ... when an empty month should count as not met.
//
// # Safety profile
//
// Policy writers are trusted with figures, not with the process. A rule is
// refused at compile time, with a positioned error wrapping [ErrUnsafe] or
// [ErrLimit], when it:
//
//   - is longer than MaxSource bytes (default 8192), nests brackets or prefix
//     operators deeper than MaxNesting (32) — checked before parsing, so a
//     million nested brackets cost a scan, not a crash — or has more than
//     MaxNodes (1000) syntax nodes;
//   - calls a function outside the list above: now, date, repeat, map,
//     reduce, sortBy and the rest of expr's builtins are refused, as are
//     method calls on facts (name.Repeat(3)), field access and indexing;
//   - loops inside a loop: all, any, none, one, filter and count may not
//     appear in the condition of another, nor may in test membership in a fact
//     list there (a hidden second loop);
//   - uses a range whose bounds are not constants, or one longer than
//     MaxRange (1000);
//   - matches against a pattern that is not a constant string (the pattern
//     is compiled, and an invalid one refused, at compile time);
//   - joins strings with + inside the condition of a loop; strings built
//     elsewhere are limited to MaxString bytes (4096) at evaluation.
//
// The limits are set with [WithLimits]; a zero field keeps its default. With
// these rules an evaluation does work proportional to the rule's size times
// the length of one list fact, and allocates no more than that.
//
// # Targets and rates
//
// Targets (a baseline, a challenge and a direction, scored as attainment) and
// rates (an exact numerator and denominator) are described on their types:
// see [Target] and [Rate].
package quality
