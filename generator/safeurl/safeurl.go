// Package safeurl decides which URLs taken from content may become a live
// href or src.
//
// A browser does not read a URL the way net/url does: it drops leading and
// trailing control characters and spaces, deletes tabs and newlines
// anywhere, and compares schemes without regard to case, so
// " JaVa\tScript:alert(1)" runs script. Scheme reads a URL the browser's
// way (the WHATWG URL standard's scheme state), and the checks below
// allow schemes by name rather than refuse a list of known bad ones:
// whatever is not http or https (or mailto, for a link) is refused,
// including scheme-relative "//host" and "\\host", which leave the site
// on whatever scheme the page was loaded with.
package safeurl

import (
	"fmt"
	"net/url"
	"strings"
)

// Scheme returns the scheme a browser would see in raw, lower-cased, or ""
// when raw is relative.
func Scheme(raw string) string {
	s := browserForm(raw)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(s[:i])
		default:
			return ""
		}
	}
	return ""
}

// browserForm is raw as a browser's URL parser starts on it: without
// leading and trailing C0 controls and spaces, and without tabs and
// newlines.
func browserForm(raw string) string {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	return s
}

// schemeRelative reports whether raw, with no scheme, names another host
// ("//evil.example", "\\evil.example", "/\evil.example"): browsers read a
// backslash as a slash in http and https URLs.
func schemeRelative(raw string) bool {
	s := browserForm(raw)
	return len(s) >= 2 && (s[0] == '/' || s[0] == '\\') && (s[1] == '/' || s[1] == '\\')
}

// Web checks that raw is an absolute http or https URL with a host, written
// without spaces or control characters: what a bibliography's URL field
// must hold. The error says what is wrong, for a diagnostic.
func Web(raw string) error {
	switch sc := Scheme(raw); sc {
	case "http", "https":
	case "":
		return fmt.Errorf("URL %q is not an absolute http or https address; write it in full, starting with https://", raw)
	default:
		return fmt.Errorf("URL %q uses the scheme %q; only http and https addresses may be linked", raw, sc+":")
	}
	if i := strings.IndexFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f }); i >= 0 {
		return fmt.Errorf("URL %q contains a space or control character at byte %d; write the http or https address without it (as %%20 if it belongs there)", raw, i)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("URL %q has no host; write it in full, as https://host/path", raw)
	}
	return nil
}

// Link checks a link destination as it will be emitted: relative links are
// the resolver's business and pass; absolute ones must be http, https or
// mailto.
func Link(raw string) error {
	switch sc := Scheme(raw); sc {
	case "http", "https", "mailto":
		return nil
	case "":
		if schemeRelative(raw) {
			return fmt.Errorf("link %q leaves the site without a scheme; write it in full, starting with https://", raw)
		}
		return nil
	default:
		return fmt.Errorf("link %q uses the scheme %q, which could run code or leave the web; only http, https and mailto links are allowed", raw, sc+":")
	}
}

// Image checks an image source as it will be emitted: relative sources
// and http and https ones pass.
func Image(raw string) error {
	switch sc := Scheme(raw); sc {
	case "http", "https":
		return nil
	case "":
		if schemeRelative(raw) {
			return fmt.Errorf("image %q leaves the site without a scheme; write it in full, starting with https://", raw)
		}
		return nil
	default:
		return fmt.Errorf("image %q uses the scheme %q; images must be files in the content folder or http or https addresses", raw, sc+":")
	}
}
