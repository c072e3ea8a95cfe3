package release

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxComponentDigits bounds each version component so that it fits an int
// and compares numerically.
const maxComponentDigits = 9

// checkVersion says what is wrong with v as a release version, or returns
// nil: dot-separated numbers, at least two (1.0, 1.2.3), without leading
// zeros, so that a version has one spelling and one file name.
func checkVersion(v string) error {
	if v == "" {
		return fmt.Errorf("the version is empty; write it as dot-separated numbers such as 1.0 or 1.2.3")
	}
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return fmt.Errorf("version %q is not dot-separated numbers; write it as 1.0, 1.2.3 and so on", v)
	}
	for _, p := range parts {
		if p == "" || len(p) > maxComponentDigits || strings.Trim(p, "0123456789") != "" {
			return fmt.Errorf("version %q is not dot-separated numbers; write it as 1.0, 1.2.3 and so on", v)
		}
		if len(p) > 1 && p[0] == '0' {
			return fmt.Errorf("version %q has a number with a leading zero; write %q", v, canonical(parts))
		}
	}
	return nil
}

// canonical drops the leading zeros of each component.
func canonical(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		n, _ := strconv.Atoi(p)
		out[i] = strconv.Itoa(n)
	}
	return strings.Join(out, ".")
}

// CompareVersions orders two valid versions numerically per component
// (1.9 < 1.10); a version that is a prefix of another comes first
// (1.0 < 1.0.0 < 1.0.1). It returns -1, 0 or +1.
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, _ := strconv.Atoi(pa[i])
		nb, _ := strconv.Atoi(pb[i])
		switch {
		case na < nb:
			return -1
		case na > nb:
			return 1
		}
	}
	switch {
	case len(pa) < len(pb):
		return -1
	case len(pa) > len(pb):
		return 1
	}
	return 0
}

// checkDate says what is wrong with d as a release date, or returns nil.
func checkDate(d string) error {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil || t.Format(time.DateOnly) != d {
		return fmt.Errorf("date %q is not a real date written YYYY-MM-DD (such as 2026-03-01)", d)
	}
	return nil
}
