// Package quality holds the shared core of servq: declared facts, rules that
// policy writers edit, exact decimals, and the targets and rates that
// service-quality scorecards are made of.
//
// # Facts
//
// A rule reads facts: named, typed values that the host computes and passes
// in, such as how many customers rated a repair and how many of them gave it
// a 10. A [Schema] declares the facts a rule may name, each with a [Kind]:
// string, bool, int, decimal, duration, time, or strings (a list of strings).
// Other packages add their own facts with [Schema.Extend].
//
// The host passes the values for one evaluation either as [Facts], a map from
// name to a value of the kind's Go type (string, bool, int, decimal.Decimal,
// time.Duration, time.Time, []string), or as a value of the struct type given
// to [SchemaOf], whose fields carry `fact:"name"` tags. Every fact the rule
// names must be present with exactly its Go type: a missing fact is an error
// wrapping [ErrMissingFact], an int64 where an int is declared or a float64
// where a decimal is declared an error wrapping [ErrFactType]. Both are
// placed where the rule first names the fact.
//
// There is no clock in a rule: now() is not a function of the language.
// When a rule needs the time of evaluation, the schema declares it as an
// ordinary fact of kind time, such as "now", and the host passes it. Times
// carry their own location; a rule has no default time zone and cannot make
// a time from text.
//
// # Rules
//
// A rule is a short expression in the language of expr
// (github.com/expr-lang/expr), with exact decimals and the restrictions of
// the safety profile below. [Compile] checks it once, against a schema and the
// kind of value it must give (bool, decimal, duration, time or string), and
// returns a [Rule]; the rule is then evaluated many times, from many
// goroutines if need be:
//
//	rule, err := quality.Compile("satisfied / rated >= 0.9 && rated >= 30",
//		schema, quality.KindBool)
//	...
//	ok, err := rule.EvalBool(quality.Facts{"satisfied": 93, "rated": 100})
//
// The language has
//
//   - facts by name, literals ("repair", 30, 0.9, true) and lists of
//     strings or numbers (["repair", "install"]);
//   - the operators && || ! (also and, or, not), == != < <= > >=, and
//     arithmetic: numbers take + - * / %, durations and times take + and -
//     (time - time is a duration, time + duration a time), strings are
//     joined with +; in and not in, contains, startsWith, endsWith, and
//     matches with a constant pattern;
//   - constant ranges such as 1..10, c ? a : b, if c { a } else { b }, and
//     let name = value; rest to name a part of a rule;
//   - all, any, none, one, filter and count over a list, whose condition
//     names the element #: count(tags, # startsWith "re") > 0;
//   - len, lower, upper, trim, min, max, abs, round(x, places, mode) and
//     duration("20m") (a constant string in Go's duration syntax).
//
// Compile reports every mistake it can find at once, each an [*Error] with
// the line and column (counted in runes, so that rules in Chinese line up),
// the line of the rule with a caret under the place, and a hint; several
// come as an [ErrorList]:
//
//	quality: 1:13: unknown name "rate" (did you mean "rated"?)
//	 | satisfied / rate >= 0.9
//	 |             ^
//
// Each error wraps one sentinel for errors.Is: [ErrSyntax], [ErrUnknownName],
// [ErrType], [ErrResultKind], [ErrUnsafe], [ErrLimit] or [ErrDivisionByZero];
// evaluation adds [ErrMissingFact] and [ErrFactType].
//
// # Exact decimals
//
// A number with a fraction or an exponent, such as 0.9 or 1.5e2, is an exact
// decimal read from the rule's text, never a float64: 0.1 + 0.2 == 0.3 holds,
// and fee * (0.1 + 0.2) is exactly fee * 0.3. Whole numbers are ints; an int
// mixed with a decimal becomes a decimal, and an int divided by an int is an
// exact decimal (1 / 2 is 0.5, never 0 and never a float). Constant parts of
// a rule are computed, exactly, when it is compiled.
//
// A quotient used as a value keeps [DefaultPrecision] (16) decimal places,
// its last digit rounded half away from zero, unless [WithPrecision] sets
// another precision: 2 / 3 is 0.6666666666666667. A comparison with a
// quotient on either side does not round at all: satisfied / rated >= 0.9
// compares the fractions 93/100 and 9/10 by cross-multiplication, so
// 1 / 3 == 0.3333333333333333 is false. Rounding a result is always written
// out, with one of the modes of [Rounding]: round(x, 2, "half_up"), or
// "half_even", "down", "up", "floor", "ceiling".
//
// Evaluation never produces Inf, NaN or a wrapped-around number: a division
// by zero is an error wrapping [ErrDivisionByZero] placed at its '/', an int
// overflow and a decimal of more than [Limits].MaxDigits digits are errors
// wrapping [ErrLimit].
//
// # Worked example
//
// A county's July repair callbacks: 30 customers rated the repair and 28 gave
// a 10 (only a 10 counts as satisfied); 2 were dissatisfied. The repair target
// has a baseline of 90% and a challenge of 98% (DOMAIN.md). Each 10 earns the
// team 20 yuan and each dissatisfied customer costs it 200 yuan.
//
//	rule                                            value
//	satisfied / rated >= 0.9 && rated >= 30         true   (28/30 ≥ 9/10; 30 ≥ 30)
//	satisfied / rated >= 0.98                       false  (28/30 < 98/100)
//	satisfied / rated                               0.9333333333333333
//	round(satisfied * 100 / rated, 2, "half_up")    93.33
//	20 * satisfied - 200 * (rated - satisfied)      160    (560 − 400 yuan)
//
// In a month with no ratings (rated = 0) the first rule fails with an error
// wrapping ErrDivisionByZero at line 1, column 11, the '/'. A policy that
// counts an empty month as not met says so: rated > 0 && satisfied / rated >=
// 0.9, or rated >= 30 && satisfied / rated >= 0.9, since && stops at the
// first false.
//
// # Safety profile
//
// Policy writers are trusted with figures, not with the process. A rule is
// refused when it is compiled, with an error wrapping [ErrUnsafe] or
// [ErrLimit] at the offending place, when it
//
//   - is longer than MaxSource bytes (8192 by default), or nests brackets,
//     prefix operators, ternaries or lets deeper than MaxNesting (32); this is
//     checked by scanning the text before it is parsed, so a million opening
//     brackets cost one scan, never a crash;
//   - has more than MaxNodes (1000) syntax nodes;
//   - calls a function outside the language above: now, date, repeat, join,
//     map, reduce, sortBy, sum and the rest of expr's builtins are refused,
//     and so are method calls on facts (kind.Repeat(3)), field access,
//     indexing and slicing;
//   - loops inside a loop: all, any, none, one, filter and count may not
//     appear in the condition of another, and neither may in test membership
//     in a fact list there (a hidden second loop);
//   - uses a range whose bounds are not constants, or one longer than
//     MaxRange (1000) elements;
//   - matches against a pattern that is not a constant string; the pattern
//     is compiled with the rule, and an invalid one refused (ErrSyntax);
//   - builds strings without bound: + on strings is refused inside the
//     condition of a loop, and a string may join at most 16 fact strings
//     (so doubling one with let is refused). Evaluation also stops, with
//     ErrLimit, at a string longer than MaxString (4096) bytes;
//   - writes a decimal of more than MaxDigits (64) digits, or with an
//     exponent beyond ±MaxDigits; decimals computed at evaluation are held to
//     the same bound.
//
// [WithLimits] changes the limits; a zero field keeps its default, and each
// has a ceiling no configuration can exceed. Within them, an evaluation
// does work in proportion to the size of the rule times the length of one
// list fact, and holds no more memory than that.
//
// # Evaluation
//
// A compiled [Rule] is immutable and safe for concurrent use. It runs on
// expr's virtual machine and keeps a pool of machines, so evaluations do not
// allocate machines. A bool rule over ints, such as the first rule above,
// allocates nothing and runs as fast as expr itself runs the same text (which
// divides in float64). A tree of decimal operations runs as one Go function
// over decimal.Decimal values, and a rule that is a single decimal formula
// over facts, as money rules often are, runs without the virtual machine.
// So does a simple condition, such as order_type in ["install", "move"] &&
// !do_not_call: string facts compared (==, !=, in a list of literals) with
// literals or each other, int facts compared with int literals or each other,
// bool facts, and !, &&, || of those; a missing or mistyped fact sends it to
// the virtual machine, so values and errors are the same either way.
// The benchmarks in this package and in the module under bench/rules
// measure rules against plain Go, expr and cel-go.
//
// # Targets and rates
//
// A [Rate] keeps exact counts (14 satisfied of 15 rated). With nobody rated (0/0)
// it is undefined, not 0% and not NaN: [Rate.Value] reports ok == false and
// [Rate.Percent] prints "n/a (0/0)". Rates of disjoint populations merge exactly
// ([Rate.Merge]: 14/15 and 9/10 make 23/25), so shards add up to the month.
//
// A [Target] has a baseline, a challenge (full marks) and a [Direction];
// [Target.Attainment] is the fraction of full marks an actual value earns: linear
// from BaselineScore at the baseline to 1 at the challenge, or by step Tiers, with
// an optional Gate (0 below the baseline) and Cap (over-achievement up to, say,
// 1.2). Repair satisfaction 90% → 98% with 0.6 at the baseline scores 0.8 at 94%;
// [YearOnYear] and [Threshold] build relative and pass/fail targets.
//
// Nothing is rounded by a hidden default: every figure names its [Rounding]
// ([Rounding.Round] for decimals, [Rounding.RoundRat] for exact fractions).
package quality
