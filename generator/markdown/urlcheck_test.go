package markdown

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"ketref/generator/safeurl"
)

// TestDangerousURLsAreLocatedErrors writes each attack into a page and
// expects a problem at the link or tag that carries it, and HTML in which
// nothing of it is live, with raw HTML off and on, and with a resolver that
// passes external links through as the site's does.
func TestDangerousURLsAreLocatedErrors(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		at        string // the problem is at the first occurrence of this
		rawOnly   bool   // raw HTML: only reported when raw HTML is on
	}{
		{name: "javascript link", src: "See [a](javascript:alert(document.domain)).", at: "[a]"},
		{name: "mixed case", src: "See [a](JaVaScRiPt:alert(1)).", at: "[a]"},
		{name: "decimal entity", src: "See [a](&#106;avascript:alert(1)).", at: "[a]"},
		{name: "hex entity", src: "See [a](&#x6A;avascript:alert(1)).", at: "[a]"},
		{name: "angle brackets and title", src: "See [a](<javascript:alert(1)> \"t\").", at: "[a]"},
		{name: "vbscript", src: "See [a](vbscript:msgbox(1)).", at: "[a]"},
		{name: "data link", src: "See [a](data:text/html,<script>alert(1)</script>).", at: "[a]"},
		{name: "scheme-relative", src: "See [a](//evil.example/x).", at: "[a]"},
		{name: "reference definition", src: "See [a][r].\n\n[r]: javascript:alert(1)\n", at: "[a]"},
		{name: "image", src: "Look: ![i](data:image/svg+xml;base64,PHN2Zz4=)", at: "![i]"},
		{name: "image javascript", src: "Look: ![i](javascript:alert(1))", at: "![i]"},
		{name: "autolink", src: "Go to <javascript:alert(1)> now.", at: "<javascript"},
		{name: "autolink data", src: "Go to <DATA:text/html,x> now.", at: "<DATA"},
		{name: "script block", src: "Text.\n\n<script>alert(1)</script>\n", at: "<script", rawOnly: true},
		{name: "event handler inline", src: "text <img src=x onerror=alert(1)> more", at: "<img", rawOnly: true},
		{name: "raw javascript href", src: "text <a href=\"javascript:alert(1)\">x</a>", at: "<a", rawOnly: true},
		{name: "raw entity href", src: "text <A HREF=\" &#106;avascript:alert(1)\">x</a>", at: "<A", rawOnly: true},
		{name: "raw form action", src: "<form action=\"javascript:alert(1)\"><button>go</button></form>\n", at: "<form", rawOnly: true},
		{name: "raw formaction", src: "<div>\n<button formaction=\"javascript:alert(1)\">go</button>\n</div>\n", at: "<button", rawOnly: true},
		{name: "raw iframe", src: "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>\n", at: "<iframe", rawOnly: true},
		{name: "raw svg animate", src: "<svg><a><animate attributeName=\"href\" to=\"javascript:alert(1)\"/><text>x</text></a></svg>\n", at: "<animate", rawOnly: true},
		{name: "raw meta refresh", src: "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">\n", at: "<meta", rawOnly: true},
		{name: "raw object", src: "<object data=\"javascript:alert(1)\"></object>\n", at: "<object", rawOnly: true},
		{name: "raw base", src: "<base href=\"//evil.example/\">\n", at: "<base", rawOnly: true},
		{name: "raw onclick in block", src: "<div class=\"x\"\n     onclick=\"alert(1)\">x</div>\n", at: "<div", rawOnly: true},
	} {
		for _, unsafe := range []bool{false, true} {
			name := tt.name
			if unsafe {
				name += "/raw HTML on"
			}
			t.Run(name, func(t *testing.T) {
				passThrough := func(l Link) (string, error) { return l.Dest, nil }
				res, err := New(Options{Unsafe: unsafe}).Convert(Document{Source: []byte(tt.src), Links: passThrough})
				if err != nil {
					t.Fatal(err)
				}
				if live := liveDanger(t, string(res.HTML)); len(live) > 0 {
					t.Errorf("live in the HTML: %q\n%s", live, res.HTML)
				}
				if tt.rawOnly && !unsafe {
					return // dropped whole, as raw HTML always is when off
				}
				want := strings.Index(tt.src, tt.at)
				if len(res.Problems) != 1 || res.Problems[0].Offset != want || res.Problems[0].Warning {
					t.Fatalf("problems = %+v, want one error at offset %d", res.Problems, want)
				}
				if msg := res.Problems[0].Msg; !strings.Contains(msg, "http") && !strings.Contains(msg, "not allowed") {
					t.Errorf("message %q does not say what to do", msg)
				}
			})
		}
	}
}

// TestSafeURLsAndRawHTMLStay: what is allowed renders as before.
func TestSafeURLsAndRawHTMLStay(t *testing.T) {
	src := "[w](https://example.org/a?b=1) [m](mailto:ed@example.org) [p](page.md#x) ![i](fig.png) <https://example.org/auto>\n\n" +
		"<table><tr><td><a href=\"https://example.org/t\" title=\"Note: x\">t</a></td></tr></table>\n\ntext <kbd>K</kbd> <abbr title=\"javascript: the language\">JS</abbr>\n"
	res, err := New(Options{Unsafe: true}).Convert(Document{Source: []byte(src), Links: func(l Link) (string, error) { return l.Dest, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Errorf("problems: %+v", res.Problems)
	}
	for _, want := range []string{`href="https://example.org/a?b=1"`, `href="mailto:ed@example.org"`, `href="page.md#x"`, `src="fig.png"`, `href="https://example.org/auto"`, `<a href="https://example.org/t" title="Note: x">`, "<kbd>K</kbd>", `<abbr title="javascript: the language">`} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("HTML lacks %s:\n%s", want, res.HTML)
		}
	}
}

// liveDanger parses page as a browser would and lists what could run
// script or leave the site: script-like elements, event handlers and URL
// attributes whose scheme is not http, https or mailto.
func liveDanger(t *testing.T, page string) []string {
	t.Helper()
	var found []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return found
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "base", "meta", "animate", "set", "form":
				found = append(found, "<"+tok.Data+">")
			}
			for _, a := range tok.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"), a.Key == "srcdoc":
					found = append(found, a.Key)
				case a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "formaction" || a.Key == "data":
					if safeurl.Link(a.Val) != nil {
						found = append(found, a.Key+"="+a.Val)
					}
				}
			}
		}
	}
}
