// Package civil does calendar arithmetic on plain dates (proleptic
// Gregorian, no time zones), so that the calculators can list session dates
// without the time package, which would add about 70 KB to the WebAssembly
// module.
package civil

import (
	"errors"
	"strconv"
)

// Date is a calendar day.
type Date struct {
	Year, Month, Day int
}

// ErrDate is returned for text that is not a valid YYYY-MM-DD date.
var ErrDate = errors.New("enter a date as YYYY-MM-DD")

// Parse reads "2026-01-05". Years outside 1900–2999 are refused: no
// treatment is planned there.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, ErrDate
	}
	// Digits only, converted by hand: strconv.Atoi's error type would pull
	// strconv.Quote and its Unicode tables into the WebAssembly module.
	num := func(t string) (int, bool) {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
			n = n*10 + int(t[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return Date{}, ErrDate
	}
	return Date{y, m, d}, nil
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if leap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// days counts days since 1970-01-01 (Howard Hinnant's days_from_civil).
func (d Date) days() int {
	y, m := d.Year, d.Month
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func fromDays(z int) Date {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, m, d}
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + n) }

// Weekday is "Monday" ... "Sunday".
func (d Date) Weekday() string {
	names := [...]string{"Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"}
	i := d.days() % 7
	if i < 0 {
		i += 7
	}
	return names[i]
}

// String is "2026-01-05".
func (d Date) String() string {
	pad := func(n, w int) string {
		s := strconv.Itoa(n)
		for len(s) < w {
			s = "0" + s
		}
		return s
	}
	return pad(d.Year, 4) + "-" + pad(d.Month, 2) + "-" + pad(d.Day, 2)
}
