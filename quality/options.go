package quality

import "fmt"

// DefaultPrecision is the number of decimal places a quotient keeps when a
// rule divides and no [WithPrecision] option is given. The last kept digit is
// rounded half away from zero (half_up), as decimal.Decimal.DivRound does.
const DefaultPrecision = 16

// Limits bound what a rule may be and do: the safety profile for rule text
// written by people who are not programmers (see the package documentation).
// A zero field means the default given beside it; a negative field is an
// error.
type Limits struct {
	// MaxSource is the longest rule text accepted, in bytes. Default 8192.
	MaxSource int
	// MaxNesting bounds how deeply brackets and chains of prefix operators,
	// "let", "if" and "?" may nest, checked before parsing. Default 32.
	MaxNesting int
	// MaxNodes bounds the size of the parsed rule, in syntax-tree nodes.
	// Default 1000.
	MaxNodes int
	// MaxRange bounds the length of a range such as 1..10 (whose bounds must
	// be constants). Default 1000.
	MaxRange int
	// MaxString bounds the length, in bytes, of a string a rule builds with
	// "+"; a longer result is an evaluation error. Default 4096.
	MaxString int
	// MaxDigits bounds decimal values: a decimal literal, a decimal fact and
	// every decimal a rule computes must have at most MaxDigits digits in its
	// coefficient and a decimal exponent within ±MaxDigits. Default 64.
	MaxDigits int
}

// The default limits; see [Limits].
const (
	DefaultMaxSource  = 8192
	DefaultMaxNesting = 32
	DefaultMaxNodes   = 1000
	DefaultMaxRange   = 1000
	DefaultMaxString  = 4096
	DefaultMaxDigits  = 64
)

// hardMax bounds what WithLimits may raise a limit to, so that no
// configuration lets a rule crash the process: parser recursion stays
// shallow and decimal values stay small.
var hardMax = Limits{
	MaxSource:  1 << 20,
	MaxNesting: 256,
	MaxNodes:   100000,
	MaxRange:   1000000,
	MaxString:  1 << 20,
	MaxDigits:  1000,
}

func (l Limits) withDefaults() (Limits, error) {
	fields := []struct {
		name      string
		v         *int
		def, hard int
	}{
		{"MaxSource", &l.MaxSource, DefaultMaxSource, hardMax.MaxSource},
		{"MaxNesting", &l.MaxNesting, DefaultMaxNesting, hardMax.MaxNesting},
		{"MaxNodes", &l.MaxNodes, DefaultMaxNodes, hardMax.MaxNodes},
		{"MaxRange", &l.MaxRange, DefaultMaxRange, hardMax.MaxRange},
		{"MaxString", &l.MaxString, DefaultMaxString, hardMax.MaxString},
		{"MaxDigits", &l.MaxDigits, DefaultMaxDigits, hardMax.MaxDigits},
	}
	for _, f := range fields {
		switch {
		case *f.v == 0:
			*f.v = f.def
		case *f.v < 0 || *f.v > f.hard:
			return l, fmt.Errorf("%w: Limits.%s = %d: want 0 (default %d) up to %d", ErrLimit, f.name, *f.v, f.def, f.hard)
		}
	}
	return l, nil
}

// Option configures [Compile]. The set of options is closed: use the With...
// functions of this package.
type Option func(*config)

type config struct {
	precision int32
	limits    Limits
	err       error
	vmOnly    bool // no fast path (fast.go): every evaluation runs the virtual machine
}

// WithPrecision sets how many decimal places a quotient keeps (rounded half
// away from zero), from 0 to the MaxDigits limit. The default is
// [DefaultPrecision] (16). Comparisons with a quotient, such as
// satisfied / rated >= 0.9, are exact whatever the precision.
func WithPrecision(places int32) Option {
	return func(c *config) {
		if places < 0 {
			c.err = fmt.Errorf("%w: WithPrecision(%d): precision must not be negative", ErrLimit, places)
			return
		}
		c.precision = places
	}
}

// WithLimits sets the safety limits. Zero fields keep their defaults (see
// [Limits]).
func WithLimits(l Limits) Option {
	return func(c *config) { c.limits = l }
}

// vmOnly makes a rule run on the virtual machine even when it has the
// simple shape of fast.go; tests and benchmarks compare the two paths.
func vmOnly() Option {
	return func(c *config) { c.vmOnly = true }
}

func newConfig(opts []Option) (*config, error) {
	c := &config{precision: DefaultPrecision}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	l, err := c.limits.withDefaults()
	if err != nil {
		return nil, err
	}
	c.limits = l
	if int(c.precision) > l.MaxDigits {
		return nil, fmt.Errorf("%w: precision %d exceeds MaxDigits %d", ErrLimit, c.precision, l.MaxDigits)
	}
	return c, nil
}
