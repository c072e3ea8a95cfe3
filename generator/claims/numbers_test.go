package claims

import (
	"regexp"
	"slices"
	"testing"
)

// numberPattern is the rule numbers implements, as the package doc states
// it; the tests hold the two to agree.
var numberPattern = regexp.MustCompile(`\d+(?:[.,]\d+)*(?:\s*[–-]\s*\d+(?:[.,]\d+)*)?`)

func TestNumbers(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"no digits here", nil},
		{"2.5 hours", []string{"2.5"}},
		{"up to 1–2 weeks", []string{"1–2"}},
		{"10 - 20 sessions and 10-20 more", []string{"10 - 20", "10-20"}},
		{"n = 1,000 and 1, 2", []string{"1,000", "1", "2"}},
		{"≥ 3 and −4", []string{"3", "4"}},
		{"ended at 2. Then", []string{"2"}},
		{"R-107 and 5-HT and COVID-19", []string{"107", "5", "19"}},
		{"1..2 and 3.,4 and 5–", []string{"1", "2", "3", "4", "5"}},
		{"0.5–1.0 mg/kg, 2019-03", []string{"0.5–1.0", "2019-03"}},
		{"1 –x and 7 –\u00a08", []string{"1", "7", "8"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := numbers(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("numbers(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if re := numberPattern.FindAllString(tt.text, -1); !slices.Equal(got, re) {
				t.Errorf("numbers(%q) = %q, the pattern gives %q", tt.text, got, re)
			}
		})
	}
}

// FuzzNumbers holds numbers to the regular expression it implements.
func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"2.5 hours", "1–2", "10 -\t20", "1,000.5-3", "≥ 3", "x9-", "1 –\n2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := numbers(text), numberPattern.FindAllString(text, -1); !slices.Equal(got, want) {
			t.Errorf("numbers(%q) = %q, the pattern gives %q", text, got, want)
		}
	})
}
