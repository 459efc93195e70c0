package survey

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// Ticket is an order's draw in one stratum: a position in [0, 1) written as
// the 64-bit fraction Ticket / 2^64. An order is picked at rate r when its
// ticket is below r; the same order in the same (seed, period, stratum) always
// draws the same ticket, so a rerun picks the same orders, and raising r only
// adds orders (every ticket below the old rate is below the new one).
//
// A Ticket encodes to text and JSON as 16 hexadecimal digits, such as
// "2f6a0c93d1e4b870", so that no JSON reader rounds it.
type Ticket uint64

// Fraction returns the ticket as a decimal in [0, 1), rounded down to places
// decimal places.
func (t Ticket) Fraction(places int32) decimal.Decimal {
	n := new(big.Int).SetUint64(uint64(t))
	n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
	n.Rsh(n, 64)
	return decimal.NewFromBigInt(n, -places)
}

// String returns the 16 hexadecimal digits.
func (t Ticket) String() string {
	s := strconv.FormatUint(uint64(t), 16)
	return "0000000000000000"[len(s):] + s
}

// MarshalText returns the 16 hexadecimal digits.
func (t Ticket) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads 16 hexadecimal digits.
func (t *Ticket) UnmarshalText(text []byte) error {
	if len(text) != 16 {
		return fmt.Errorf("%w: ticket %q (want 16 hexadecimal digits)", ErrInvalidJSON, text)
	}
	v, err := strconv.ParseUint(string(text), 16, 64)
	if err != nil {
		return fmt.Errorf("%w: ticket %q (want 16 hexadecimal digits)", ErrInvalidJSON, text)
	}
	*t = Ticket(v)
	return nil
}

// Draw computes the tickets of one (seed, period, stratum). It holds the hash
// of those three strings, so that drawing a ticket hashes only the order id:
// make one Draw per stratum and period and reuse it. A Draw is a small value,
// safe for concurrent use.
//
// The hash is specified so that any system can recompute a ticket:
//
//  1. Start from the FNV-1a 64-bit offset basis and feed, byte by byte with
//     FNV-1a (h ^= b; h *= 1099511628211), the domain tag "servq/survey/v1",
//     then for each of seed, period, stratum and order id its length as an
//     unsigned LEB128 varint followed by its bytes. The lengths keep
//     ("ab", "c") and ("a", "bc") apart.
//  2. Finish with MurmurHash3's 64-bit mixer (h ^= h>>33; h *= 0xff51afd7ed558ccd;
//     h ^= h>>33; h *= 0xc4ceb9fe1a85ec53; h ^= h>>33), which spreads every
//     input bit over the high bits that the rate comparison reads.
//
// The hash is not cryptographic: whoever knows the seed can tell which orders
// will be called back, so keep the seed with the quality team.
type Draw struct {
	prefix uint64 // FNV-1a state after the tag, seed, period and stratum
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	drawTag   = "servq/survey/v1"
)

// NewDraw returns the draw of (seed, period, stratum).
func NewDraw(seed, period, stratum string) Draw {
	h := uint64(fnvOffset)
	h = fnvString(h, drawTag)
	h = fnvField(h, seed)
	h = fnvField(h, period)
	h = fnvField(h, stratum)
	return Draw{prefix: h}
}

// Ticket returns the ticket of an order. It does not allocate.
func (d Draw) Ticket(orderID string) Ticket {
	return Ticket(mix64(fnvField(d.prefix, orderID)))
}

// TicketOf returns the ticket of an order in (seed, period, stratum); it is
// NewDraw(seed, period, stratum).Ticket(orderID).
func TicketOf(seed, period, stratum, orderID string) Ticket {
	return NewDraw(seed, period, stratum).Ticket(orderID)
}

func fnvField(h uint64, s string) uint64 {
	n := uint64(len(s))
	for n >= 0x80 {
		h = (h ^ (n&0x7f | 0x80)) * fnvPrime
		n >>= 7
	}
	h = (h ^ n) * fnvPrime
	return fnvString(h, s)
}

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// Threshold is a sampling rate turned into the integer bound tickets are
// compared with: a ticket t is admitted when t < floor(rate · 2^64), and every
// ticket is admitted at rate 1. The comparison is on integers, computed
// exactly from the decimal rate; no float is involved. The probability that a
// ticket is admitted is rate to within 2^−64. The zero Threshold admits
// nothing (rate 0).
type Threshold struct {
	bound uint64
	all   bool
	rate  decimal.Decimal
}

var two64 = new(big.Int).Lsh(big.NewInt(1), 64)

// NewThreshold returns the threshold of rate, a fraction from 0 to 1
// (0.2 for 20%). Other rates are refused with [ErrInvalidRate].
func NewThreshold(rate decimal.Decimal) (Threshold, error) {
	if rate.Sign() < 0 || rate.Cmp(decimal.NewFromInt(1)) > 0 {
		return Threshold{}, fmt.Errorf("%w: %s", ErrInvalidRate, rate)
	}
	if rate.Equal(decimal.NewFromInt(1)) {
		return Threshold{all: true, rate: rate}, nil
	}
	// floor(coefficient · 2^64 · 10^exponent)
	n := new(big.Int).Mul(rate.Coefficient(), two64)
	if e := rate.Exponent(); e >= 0 {
		n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
	} else {
		n.Quo(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-e)), nil))
	}
	return Threshold{bound: n.Uint64(), rate: rate}, nil
}

// Admits reports whether a ticket is picked at this rate. It does not
// allocate.
func (th Threshold) Admits(t Ticket) bool { return th.all || uint64(t) < th.bound }

// Rate returns the rate the threshold was made from.
func (th Threshold) Rate() decimal.Decimal { return th.rate }
