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
