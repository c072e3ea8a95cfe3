package site

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

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
		case f == "404.html", isRedirect(page):
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
