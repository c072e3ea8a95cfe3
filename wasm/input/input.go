// Package input parses what a person types into a calculator field.
//
// Decimal accepts plain decimal numbers only: digits with at most one
// decimal point (a decimal comma is read as a point), surrounding spaces
// allowed. Signs, exponents, hexadecimal, "Inf", "NaN", thousands
// separators and units are refused, so that nothing a browser or a
// programming language would read differently slips through. Range checks
// are the caller's: they depend on what the value means.
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
	if !strings.Contains(s, ".") && strings.Count(s, ",") == 1 {
		s = strings.Replace(s, ",", ".", 1)
	}
	digits, points := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return 0, ErrNotNumber
		}
	}
	if digits == 0 || points > 1 {
		return 0, ErrNotNumber
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, ErrNotNumber
	}
	return v, nil
}

// Format prints v with at most decimals digits after the point and no
// trailing zeros: 35, 0.875, 4.48.
func Format(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
