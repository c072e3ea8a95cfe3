package input

import (
	"errors"
	"math"
	"testing"
)

func TestDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  error
	}{
		{"70", 70, nil},
		{" 70.5 ", 70.5, nil},
		{"0,5", 0.5, nil},
		{".5", 0.5, nil},
		{"5.", 5, nil},
		{"0", 0, nil},
		{"", 0, ErrEmpty},
		{"   ", 0, ErrEmpty},
		{"-1", 0, ErrNotNumber},
		{"+1", 0, ErrNotNumber},
		{"1e3", 0, ErrNotNumber},
		{"NaN", 0, ErrNotNumber},
		{"Inf", 0, ErrNotNumber},
		{"0x10", 0, ErrNotNumber},
		{"1.2.3", 0, ErrNotNumber},
		{"1,000.5", 0, ErrNotNumber},
		// A decimal comma only where it cannot be a thousands separator.
		{"70,5", 70.5, nil},
		{"0,125", 0.125, nil},
		{"1,5", 1.5, nil},
		{"1234,5", 1234.5, nil},
		{"12,34", 12.34, nil},
		{"1,5000", 1.5, nil},
		{"0,500", 0.5, nil},
		{",500", 0.5, nil},
		{"1,000", 0, ErrAmbiguousComma},
		{"1,500", 0, ErrAmbiguousComma},
		{" 12,345 ", 0, ErrAmbiguousComma},
		{"123,456", 0, ErrAmbiguousComma},
		{"1,000,000", 0, ErrNotNumber},
		{"1.000,5", 0, ErrNotNumber},
		{"-1,500", 0, ErrNotNumber},
		{"1,50x", 0, ErrNotNumber},
		{"1,2,3", 0, ErrNotNumber},
		{"70kg", 0, ErrNotNumber},
		{".", 0, ErrNotNumber},
		{"<img src=x onerror=alert(1)>", 0, ErrNotNumber},
		{"1_000", 0, ErrNotNumber},
		{"٣", 0, ErrNotNumber},
		{"123456789012345678901234567890123", 0, ErrNotNumber},
	}
	for _, tt := range tests {
		got, err := Decimal(tt.in)
		if !errors.Is(err, tt.err) || err == nil && got != tt.want {
			t.Errorf("Decimal(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		d    int
		want string
	}{{35, 2, "35"}, {0.875, 3, "0.875"}, {4.4800001, 2, "4.48"}, {150, 1, "150"}, {0.0004, 3, "0"}, {-0.0001, 2, "0"}, {2.5, 0, "3"}, {0.0000005, 6, "0.000001"}, {123456.75, 1, "123456.8"}, {-1.25, 1, "-1.3"}} {
		if got := Format(tt.v, tt.d); got != tt.want {
			t.Errorf("Format(%v, %d) = %q, want %q", tt.v, tt.d, got, tt.want)
		}
	}
}

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"70", "0,5", "1e3", "NaN", " 1.5 ", "", "-0", "9999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Decimal(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("Decimal(%q) = %v", s, v)
		}
	})
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n          float64
		d          int
		one, other string
		want       string
	}{
		{0, 0, "caution applies", "cautions apply", "0 cautions apply"},
		{1, 0, "caution applies", "cautions apply", "1 caution applies"},
		{2, 0, "caution applies", "cautions apply", "2 cautions apply"},
		{3, 0, "device", "devices", "3 devices"},
		{1, 0, "device", "devices", "1 device"},
		{1.4, 0, "device", "devices", "1 device"}, // printed as 1, so read as one
		{1.5, 1, "minute", "minutes", "1.5 minutes"},
		{1.04, 1, "minute", "minutes", "1 minute"},
		{40, 0, "minute", "minutes", "40 minutes"},
		{11, 0, "page", "pages", "11 pages"},
		{21, 0, "page", "pages", "21 pages"},
	} {
		if got := Count(tt.n, tt.d, tt.one, tt.other); got != tt.want {
			t.Errorf("Count(%v, %d, %q, %q) = %q, want %q", tt.n, tt.d, tt.one, tt.other, got, tt.want)
		}
	}
}

// TestDecimalCommaRule enumerates one-comma inputs: a comma is refused as
// ambiguous exactly in the thousands form (1 to 3 digits, the first not 0,
// then exactly 3 digits) and read as a decimal point everywhere else.
func TestDecimalCommaRule(t *testing.T) {
	heads := []string{"", "0", "1", "7", "01", "10", "12", "123", "012", "1234", "9999"}
	tails := []string{"", "5", "05", "50", "500", "000", "125", "5000", "0001"}
	ambiguous, decimal := 0, 0
	for _, h := range heads {
		for _, tl := range tails {
			s := h + "," + tl
			v, err := Decimal(s)
			if len(h) >= 1 && len(h) <= 3 && h[0] != '0' && len(tl) == 3 {
				ambiguous++
				if !errors.Is(err, ErrAmbiguousComma) {
					t.Errorf("Decimal(%q) = %v, %v; want ErrAmbiguousComma", s, v, err)
				}
				continue
			}
			want, perr := Decimal(h + "." + tl)
			if !errors.Is(err, perr) || v != want {
				t.Errorf("Decimal(%q) = %v, %v; Decimal(%q) = %v, %v", s, v, err, h+"."+tl, want, perr)
			}
			if err == nil {
				decimal++
			}
		}
	}
	if ambiguous == 0 || decimal == 0 {
		t.Errorf("%d ambiguous and %d decimal cases; the enumeration misses one kind", ambiguous, decimal)
	}
}
