package slug

import "testing"

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		// Figure titles of the review, as the figure ids have been.
		{"Registered ketamine trials by indication", "registered-ketamine-trials-by-indication"},
		{"Adverse-event signals for intranasal esketamine by category", "adverse-event-signals-for-intranasal-esketamine-by-category"},
		{"Doses, by route (mg/kg).", "doses-by-route-mg-kg"},
		{"  Leading and trailing  ", "leading-and-trailing"},
		{"A – B", "a-b"},
		// Glossary abbreviations, as the term anchors have been.
		{"TRD", "trd"},
		{"STAR*D", "star-d"},
		{"IL-6", "il-6"},
		{"mTORC1", "mtorc1"},
		{"SSRI/SNRI", "ssri-snri"},
		{"TNF-α", "tnf-"},
		// Letters outside ASCII are dropped without doubling a dash.
		{"Ketamine: α and β", "ketamine-and-"},
		{"Ménière", "mnire"},
		{"α", ""},
		{"", ""},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// siteSlug is the rule figure ids were made by before this package; on
// ASCII text Make must agree with it, so that no figure id moves.
func siteSlug(s string) string {
	var b []byte
	dash := false
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b = append(b, byte(r))
			dash = false
		} else if !dash && len(b) > 0 {
			b = append(b, '-')
			dash = true
		}
	}
	if len(b) > 0 && b[len(b)-1] == '-' {
		b = b[:len(b)-1]
	}
	return string(b)
}

func FuzzMakeASCII(f *testing.F) {
	for _, s := range []string{"Bioavailability by route", "a--b", "-x-", "Doses, by route (mg/kg)."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range s {
			if r >= 0x80 {
				return
			}
		}
		if got, want := Make(s), siteSlug(s); got != want {
			t.Errorf("Make(%q) = %q, the figure ids' rule gives %q", s, got, want)
		}
	})
}
