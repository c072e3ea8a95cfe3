// Package input parses what a person types into a calculator field, and
// prints the numbers the calculators show.
//
// Decimal accepts plain decimal numbers only: digits with at most one
// decimal point, surrounding spaces allowed, at most 15 significant digits.
// A decimal comma is read as a point only where no one could read it as a
// thousands separator: exactly one comma, no point, and not the thousands
// form (1 to 3 digits, the first not 0, a comma, exactly 3 digits): "70,5",
// "0,125" and "1234,5" are decimals, "1,500" is refused with
// ErrAmbiguousComma (1.5 or 1500?). Signs, exponents, hexadecimal, "Inf",
// "NaN", other thousands separators ("1,000,000", "1.000,5") and units are
// refused, so that nothing a browser or a programming language would read
// differently slips through.
// Range checks are the caller's: they depend on what the value means.
//
// Neither function uses strconv's float code: its tables would add about
// 20 KB to the WebAssembly module. Decimal divides an exact integer by an
// exact power of ten, which IEEE 754 rounds correctly, so the result is the
// float64 nearest to what was typed, as strconv.ParseFloat would give.
package input

import (
	"errors"
	"strconv"
	"strings"
)

// Errors Decimal returns.
var (
	ErrEmpty     = errors.New("enter a value")
	ErrNotNumber = errors.New("enter a number, such as 70 or 0.5")
	// ErrAmbiguousComma: "1,500" is 1.5 in much of Europe and 1500 in
	// English; a dose must not depend on which.
	ErrAmbiguousComma = errors.New("write a decimal point: 1.5 or 1500, not 1,500")
)

// MaxLength bounds what Decimal reads; longer input is not a number a
// person meant.
const MaxLength = 32

// Decimal parses s as a non-negative decimal number.
func Decimal(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrEmpty
	}
	if len(s) > MaxLength {
		return 0, ErrNotNumber
	}
	if c := strings.IndexByte(s, ','); c >= 0 && !strings.Contains(s, ".") && strings.Count(s, ",") == 1 {
		if c >= 1 && c <= 3 && s[0] != '0' && len(s)-c == 4 && digitsOnly(s[:c]) && digitsOnly(s[c+1:]) {
			return 0, ErrAmbiguousComma
		}
		s = s[:c] + "." + s[c+1:]
	}
	var mantissa uint64
	digits, significant, points, scale := 0, 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
			if mantissa > 0 || c != '0' {
				significant++
			}
			mantissa = mantissa*10 + uint64(c-'0')
			if points > 0 {
				scale++
			}
		case c == '.':
			points++
		default:
			return 0, ErrNotNumber
		}
	}
	if digits == 0 || points > 1 || significant > 15 || scale > 15 {
		return 0, ErrNotNumber
	}
	return float64(mantissa) / pow10[scale], nil
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Count prints n as Format does, followed by the noun in the form English
// uses for that printed number: one for exactly "1", other for everything
// else ("0 cautions apply", "1 caution applies", "1.5 minutes"). Both forms
// are given, so irregular plurals and verb agreement need no rules.
func Count(n float64, decimals int, one, other string) string {
	s := Format(n, decimals)
	if s == "1" {
		return s + " " + one
	}
	return s + " " + other
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// Format prints v rounded to at most decimals digits after the point (0 to
// 6), halves away from zero, with no trailing zeros: 35, 0.875, 4.48. It is
// for the magnitudes a calculator shows (below 10^12).
func Format(v float64, decimals int) string {
	decimals = max(0, min(decimals, 6))
	neg := v < 0
	if neg {
		v = -v
	}
	scaled := uint64(v*pow10[decimals] + 0.5)
	if scaled == 0 {
		return "0"
	}
	s := strconv.FormatUint(scaled, 10)
	if decimals > 0 {
		for len(s) <= decimals {
			s = "0" + s
		}
		s = s[:len(s)-decimals] + "." + s[len(s)-decimals:]
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if neg {
		s = "-" + s
	}
	return s
}
