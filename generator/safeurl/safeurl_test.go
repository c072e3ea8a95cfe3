package safeurl

import (
	"strings"
	"testing"
)

// attacks are URLs that must never become a live link, in the forms that
// slip past a prefix check: case, leading white space and controls, tabs
// and newlines inside the scheme, other dangerous schemes, and
// scheme-relative addresses.
var attacks = []string{
	"javascript:alert(document.domain)",
	"JaVaScRiPt:alert(1)",
	" javascript:alert(1)",
	"\x01\x02javascript:alert(1)",
	"\x00javascript:alert(1)",
	"java\tscript:alert(1)",
	"java\nscript:alert(1)",
	"jav\r\nascript:alert(1)",
	"javascript\t:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
	"vbscript:msgbox(1)",
	"file:///etc/passwd",
	"//evil.example/x",
	"\\\\evil.example/x",
	"/\\evil.example/x",
	" //evil.example/x",
}

func TestLinkRefusesAttacks(t *testing.T) {
	for _, u := range attacks {
		if err := Link(u); err == nil {
			t.Errorf("Link(%q) = nil, want an error", u)
		}
		if err := Image(u); err == nil {
			t.Errorf("Image(%q) = nil, want an error", u)
		}
		if err := Web(u); err == nil {
			t.Errorf("Web(%q) = nil, want an error", u)
		}
	}
}

func TestWebRefusesWhatIsNotAFullHTTPAddress(t *testing.T) {
	for _, u := range []string{
		"&#106;avascript:alert(1)", // an entity is text in a URL, not a letter
		"javascript%3Aalert(1)",    // so is a percent-escape
		"java&#x09;script:alert(1)",
		"www.example.org/page",
		"https:example.org",
		"https://",
		"https://exa mple.org/",
		"https://example.org/\x7f",
		"mailto:someone@example.org",
		"ftp://example.org/file",
	} {
		if err := Web(u); err == nil {
			t.Errorf("Web(%q) = nil, want an error", u)
		}
	}
}

func TestAllowed(t *testing.T) {
	for _, tc := range []struct {
		check func(string) error
		name  string
		urls  []string
	}{
		{Web, "Web", []string{"https://www.ema.europa.eu/en/medicines/human/EPAR/spravato", "HTTP://example.org/a?b=c#d", "https://doi.org/10.1016/j.biopsych.2020.01.001"}},
		{Link, "Link", []string{"https://example.org/", "http://example.org", "mailto:editor@example.org", "page.md", "../routes/iv.md#dose", "#heading", "/about/", "?q=1"}},
		{Image, "Image", []string{"figure.png", "/img/a.svg", "https://example.org/a.png"}},
	} {
		for _, u := range tc.urls {
			if err := tc.check(u); err != nil {
				t.Errorf("%s(%q) = %v, want nil", tc.name, u, err)
			}
		}
	}
}

func TestScheme(t *testing.T) {
	for raw, want := range map[string]string{
		"https://x":         "https",
		"  JaVa\tScRiPt:x":  "javascript",
		"a+b-c.d:x":         "a+b-c.d",
		"1http://x":         "",
		"page.md":           "",
		":x":                "",
		"%6aavascript:x":    "",
		"":                  "",
		"\x1f\x20mailto:me": "mailto",
	} {
		if got := Scheme(raw); got != want {
			t.Errorf("Scheme(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestErrorsSayWhatToDo(t *testing.T) {
	for _, err := range []error{Web("javascript:x"), Web("www.x.org"), Link("javascript:x"), Link("//x"), Image("data:x")} {
		if msg := err.Error(); !strings.Contains(msg, "http") {
			t.Errorf("error %q does not name what is allowed", msg)
		}
	}
}
