package site

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"ketref/generator/headers"
	"ketref/generator/wasmbuild"
)

// buildReview builds the review's content with the project's templates and
// calculators, and returns the output folder.
func buildReview(t *testing.T, baseURL string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	_, err := Build(Options{
		Content: os.DirFS("../../content"), Templates: os.DirFS("../../templates"),
		ContentRoot: "content", TemplatesRoot: "templates", Out: out, BaseURL: baseURL,
		Wasm: &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"},
	})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return out
}

// htmlFiles lists the .html files under out, slash-separated.
func htmlFiles(t *testing.T, out string) []string {
	t.Helper()
	var files []string
	for _, f := range listFiles(t, out) {
		if strings.HasSuffix(f, ".html") {
			files = append(files, f)
		}
	}
	if len(files) < 100 {
		t.Fatalf("only %d pages built", len(files))
	}
	return files
}

// isRedirect reports whether page is an alias's redirect page.
func isRedirect(page []byte) bool { return bytes.Contains(page, []byte(`http-equiv="refresh"`)) }

// TestReviewSitemap: the sitemap lists every page a reader can reach (the
// reference pages, the glossary, the calculators) and neither 404.html nor
// the aliases' redirect pages; 404.html asks not to be indexed.
func TestReviewSitemap(t *testing.T) {
	const base = "https://example.org/review/"
	out := buildReview(t, base)
	src, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(src, &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	listed := map[string]int{}
	for _, u := range sm.URLs {
		listed[u.Loc]++
	}
	want := map[string]bool{}
	for _, f := range htmlFiles(t, out) {
		page, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		loc := base + strings.TrimSuffix(f, "index.html")
		switch {
		case f == "404.html", f == "offline/index.html", isRedirect(page):
			if listed[loc] > 0 {
				t.Errorf("sitemap lists %s", loc)
			}
		default:
			want[loc] = true
			if listed[loc] != 1 {
				t.Errorf("sitemap lists %s %d times, want once", loc, listed[loc])
			}
		}
	}
	for loc := range listed {
		if !want[loc] {
			t.Errorf("sitemap lists %s, which is no page", loc)
		}
	}
	for _, must := range []string{base + "references/88/", base + "glossary/", base + "calculators/dosing/", base + "calculators/eligibility/"} {
		if listed[must] != 1 {
			t.Errorf("sitemap lacks %s", must)
		}
	}

	notFound, err := os.ReadFile(filepath.Join(out, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := countMeta(t, notFound, "robots", "noindex"); n != 1 {
		t.Errorf("404.html has %d <meta name=robots content=noindex> in its head, want 1", n)
	}
}

// countMeta counts the <meta name=name content=content> elements in page's
// head.
func countMeta(t *testing.T, page []byte, name, content string) int {
	t.Helper()
	n := 0
	for _, tok := range headTags(page) {
		if tok.Data == "meta" && attr(tok, "name") == name && attr(tok, "content") == content {
			n++
		}
	}
	return n
}

// headTags lists the start tags of page's head, in order.
func headTags(page []byte) []html.Token {
	var tags []html.Token
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return tags
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "body" {
				return tags
			}
			tags = append(tags, tok)
		case html.EndTagToken:
			if z.Token().Data == "head" {
				return tags
			}
		}
	}
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// isCalculator reports whether page runs the WebAssembly calculators: a
// script is given the module's URL.
func isCalculator(page []byte) bool {
	for _, tok := range headTags(page) {
		if tok.Data == "script" && attr(tok, "data-wasm") != "" {
			return true
		}
	}
	return false
}

// TestReviewPagesCarryTheirPolicy: a static host sends no headers, so
// every page carries its Content-Security-Policy in a meta tag, right
// after <meta charset> and so before any script; only the calculators'
// pages allow WebAssembly, and no page allows inline script or a directive
// a meta tag ignores.
func TestReviewPagesCarryTheirPolicy(t *testing.T) {
	out := buildReview(t, "")
	calculators := 0
	for _, f := range htmlFiles(t, out) {
		page, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		tags := headTags(page)
		var policies []string
		for _, tok := range tags {
			if tok.Data == "meta" && strings.EqualFold(attr(tok, "http-equiv"), "Content-Security-Policy") {
				policies = append(policies, attr(tok, "content"))
			}
		}
		if len(policies) != 1 {
			t.Errorf("%s: %d CSP meta tags, want 1", f, len(policies))
			continue
		}
		if len(tags) < 3 || tags[0].Data != "html" && tags[0].Data != "head" {
			t.Errorf("%s: unexpected start of document: %v", f, tags)
			continue
		}
		i := 0
		for i < len(tags) && tags[i].Data != "meta" {
			i++
		}
		if i+1 >= len(tags) || attr(tags[i], "charset") == "" || attr(tags[i+1], "http-equiv") != "Content-Security-Policy" {
			t.Errorf("%s: the CSP meta is not the element after <meta charset>", f)
		}
		p := policies[0]
		for _, bad := range []string{"unsafe-inline", "frame-ancestors", "report-uri", "sandbox", "'unsafe-eval'"} {
			if strings.Contains(p, bad) {
				t.Errorf("%s: policy has %s: %s", f, bad, p)
			}
		}
		for _, must := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'self'"} {
			if !strings.Contains(p, must) {
				t.Errorf("%s: policy lacks %s: %s", f, must, p)
			}
		}
		calc := isCalculator(page)
		if calc {
			calculators++
		}
		if strings.Contains(p, "'wasm-unsafe-eval'") != calc {
			t.Errorf("%s: calculator page %v, but policy %s", f, calc, p)
		}
	}
	if calculators != 2 {
		t.Errorf("%d calculator pages, want 2", calculators)
	}
}

// TestReviewPagesHaveNoScriptURLs: no attribute of any page of the review
// holds a javascript: URL, however written.
func TestReviewPagesHaveNoScriptURLs(t *testing.T) {
	out := buildReview(t, "")
	for _, f := range htmlFiles(t, out) {
		page, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		z := html.NewTokenizer(bytes.NewReader(page))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, a.Val))
				if strings.Contains(v, "javascript:") || strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q>", f, tok.Data, a.Key, a.Val)
				}
			}
		}
	}
}

// headerRule is one path of a _headers file with its headers.
type headerRule struct {
	path    string
	headers [][2]string
}

// parseHeaders reads the _headers format Netlify and Cloudflare Pages
// share: a path on a line of its own, then its headers indented, one
// "Name: value" a line; # starts a comment.
func parseHeaders(t *testing.T, src string) []headerRule {
	t.Helper()
	var rules []headerRule
	for i, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "", strings.HasPrefix(trimmed, "#"):
		case line[0] != ' ' && line[0] != '\t':
			if !strings.HasPrefix(trimmed, "/") || strings.ContainsAny(trimmed, " \t") {
				t.Fatalf("_headers:%d: path %q", i+1, line)
			}
			rules = append(rules, headerRule{path: trimmed})
		default:
			name, value, ok := strings.Cut(trimmed, ":")
			if !ok || len(rules) == 0 || strings.TrimSpace(name) != name || name == "" || strings.TrimSpace(value) == "" {
				t.Fatalf("_headers:%d: header %q", i+1, line)
			}
			r := &rules[len(rules)-1]
			r.headers = append(r.headers, [2]string{name, strings.TrimSpace(value)})
		}
	}
	return rules
}

// headersFor gathers the headers of every rule matching path, as both
// hosts do (a value set twice is sent joined with a comma): a rule matches
// its exact path, and a rule ending in * any path that begins with the
// rest.
func headersFor(rules []headerRule, path string) map[string][]string {
	got := map[string][]string{}
	for _, r := range rules {
		if r.path == path || strings.HasSuffix(r.path, "*") && strings.HasPrefix(path, strings.TrimSuffix(r.path, "*")) {
			for _, h := range r.headers {
				got[strings.ToLower(h[0])] = append(got[strings.ToLower(h[0])], h[1])
			}
		}
	}
	return got
}

var hashedName = regexp.MustCompile(`\.[0-9a-f]{8}\.[a-z0-9]+$`)

// TestReviewHeadersFile: the build writes _headers, and every file of the
// site, by every path it is served under, gets the security headers once,
// the HTML pages their own policy (WebAssembly only on the calculators'),
// and the content-hashed assets a cache lifetime of a year; the rules stay
// within Cloudflare Pages' limit of 100.
func TestReviewHeadersFile(t *testing.T) {
	for _, base := range []string{"", "https://example.org/review/"} {
		t.Run("base "+base, func(t *testing.T) {
			out := buildReview(t, base)
			prefix := "/"
			if base != "" {
				prefix = "/review/"
			}
			src, err := os.ReadFile(filepath.Join(out, "_headers"))
			if err != nil {
				t.Fatal(err)
			}
			rules := parseHeaders(t, string(src))
			if len(rules) > 100 {
				t.Errorf("%d rules; Cloudflare Pages reads at most 100", len(rules))
			}
			once := func(path string, got map[string][]string, name, want string) {
				if v := got[strings.ToLower(name)]; len(v) != 1 || v[0] != want {
					t.Errorf("%s: %s = %q, want %q once", path, name, v, want)
				}
			}
			pages, assets := 0, 0
			for _, f := range listFiles(t, out) {
				if f == "_headers" {
					continue
				}
				paths := []string{prefix + f}
				if strings.HasSuffix(f, "index.html") {
					paths = append(paths, prefix+strings.TrimSuffix(f, "index.html"))
				}
				for _, p := range paths {
					got := headersFor(rules, p)
					once(p, got, "X-Content-Type-Options", "nosniff")
					once(p, got, "X-Frame-Options", "DENY")
					once(p, got, "Referrer-Policy", "no-referrer")
					if strings.HasSuffix(f, ".html") {
						page, err := os.ReadFile(filepath.Join(out, f))
						if err != nil {
							t.Fatal(err)
						}
						want := headers.ContentSecurityPolicy
						if isCalculator(page) {
							want = headers.CalculatorContentSecurityPolicy
						}
						once(p, got, "Content-Security-Policy", want)
						pages++
					}
					if hashedName.MatchString(f) {
						once(p, got, "Cache-Control", "public, max-age=31536000, immutable")
						assets++
					} else if f == "sw.js" || f == "manifest.webmanifest" {
						// Their names stay while their bytes change.
						once(p, got, "Cache-Control", "no-cache")
					} else if v := got["cache-control"]; len(v) > 0 {
						t.Errorf("%s is not content-addressed but gets Cache-Control %q", p, v)
					}
				}
			}
			if pages < 200 || assets < 8 {
				t.Errorf("checked %d page paths and %d assets", pages, assets)
			}
			for _, p := range []string{headers.ContentSecurityPolicy, headers.CalculatorContentSecurityPolicy} {
				if !strings.Contains(p, "frame-ancestors 'none'") || strings.Contains(p, "unsafe-inline") {
					t.Errorf("policy %s", p)
				}
			}
		})
	}
}
