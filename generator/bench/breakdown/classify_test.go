package main

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

const shellHead = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<title>T</title>
</head>
<body>
`

func TestClassify(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    map[string]string // part → a substring that must be entirely inside it
		kind    string
		article string
	}{
		{
			name: "content page",
			src: shellHead + `<a class="skip-link" href="#main">Skip</a>
<header class="site-header"><form class="search"><input id="q"></form></header>
<div class="layout"><main id="main"><article class="page">
<nav class="crumbs" aria-label="Breadcrumbs"><ol><li><a href="/">Home</a></li></ol></nav>
<h1>Page 0</h1>
<nav class="toc"><ol><li><a href="#a">A</a></li></ol></nav>
<div class="content"><p>Text <span class="citation" id="cite-1">[<a class="cite-ref" href="/references/#ref-1">1</a>]</span>.</p>
<pre class="chroma"><code>x := 1</code></pre><p><abbr title="ketamine">KET</abbr></p></div>
<section class="cited"><h2>References cited on this page</h2><ol class="reflist"><li>Ref 1</li></ol></section>
<nav class="pager"><a class="next" href="/b/">Next</a></nav>
</article></main>
<nav class="site-nav" id="site-nav"><ul><li><a href="/">Home</a></li></ul></nav></div>
<footer class="site-footer"><p>Not medical advice.</p></footer>
</body></html>`,
			want: map[string]string{
				partCSP:       `<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`,
				partHead:      `<title>T</title>`,
				partHeader:    `<header class="site-header"><form class="search"><input id="q"></form></header>`,
				partCrumbs:    `<li><a href="/">Home</a></li></ol></nav>`,
				partPageHead:  `<h1>Page 0</h1>`,
				partTOC:       `<nav class="toc"><ol><li><a href="#a">A</a></li></ol></nav>`,
				partContent:   `<p>Text `,
				partCitations: `<span class="citation" id="cite-1">[<a class="cite-ref" href="/references/#ref-1">1</a>]</span>`,
				partCode:      `<pre class="chroma"><code>x := 1</code></pre>`,
				partAbbr:      `<abbr title="ketamine">KET</abbr>`,
				partCited:     `<h2>References cited on this page</h2><ol class="reflist"><li>Ref 1</li></ol></section>`,
				partPager:     `<nav class="pager"><a class="next" href="/b/">Next</a></nav>`,
				partNav:       `<nav class="site-nav" id="site-nav"><ul><li><a href="/">Home</a></li></ul></nav>`,
				partFooter:    `<footer class="site-footer"><p>Not medical advice.</p></footer>`,
			},
			kind: "content", article: "page",
		},
		{
			name: "reference page: where it is cited are backlinks",
			src: shellHead + `<main><article class="page reference"><h1>Reference 1</h1><div class="content">
<p class="ref-entry">Author A.</p><h2 id="cited">Where this site cites it</h2>
<ol class="cited-at"><li><blockquote class="context"><p>Said [1].</p></blockquote></li></ol></div></article></main></body></html>`,
			want: map[string]string{
				partContent:   `<p class="ref-entry">Author A.</p>`,
				partBacklinks: `<ol class="cited-at"><li><blockquote class="context"><p>Said [1].</p></blockquote></li></ol>`,
			},
			kind: "reference", article: "page reference",
		},
		{
			name: "references list: backlinks apart from the entries",
			src: shellHead + `<main><article class="page references"><ol class="reflist full">
<li id="ref-1"><span class="ref-text">Author A.</span> <span class="backlinks"><span class="caret">^</span> <a href="/a/#cite-1">a</a></span></li></ol></article></main></body></html>`,
			want: map[string]string{
				partRefList:   `<li id="ref-1"><span class="ref-text">Author A.</span> `,
				partBacklinks: `<span class="backlinks"><span class="caret">^</span> <a href="/a/#cite-1">a</a></span>`,
			},
			kind: "references", article: "page references",
		},
		{
			name: "home: scholarly metadata and page data",
			src: `<html><head><meta name="citation_reference" content="citation_title=A"><script type="application/ld+json">{"a":1}</script>
<script type="application/json" id="calc-refs">{"1":"A"}</script><style>p{}</style></head><body><main><article class="page home"><section class="source"><h2>The source article</h2></section></article></main></body></html>`,
			want: map[string]string{
				partScholar:   `<meta name="citation_reference" content="citation_title=A"><script type="application/ld+json">{"a":1}</script>`,
				partData:      `<script type="application/json" id="calc-refs">{"1":"A"}</script>`,
				partInlineCSS: `<style>p{}</style>`,
				partSource:    `<section class="source"><h2>The source article</h2></section>`,
			},
			kind: "home", article: "page home",
		},
		{
			name: "404 asks robots not to index it",
			src:  `<html><head><meta name="robots" content="noindex"></head><body><main><article class="page"><div class="content"><p>Not found</p></div></article></main></body></html>`,
			want: map[string]string{partContent: `<p>Not found</p>`},
			kind: "other", article: "page",
		},
		{
			name: "unknown body markup and stray or missing end tags",
			src:  `<body><div class="banner">Hi</div></span><main><div class="content"><p>Open`,
			want: map[string]string{partOther: `<div class="banner">Hi</div>`, partShell: `<body></span>`, partContent: `<p>Open`},
			kind: "other",
		},
		{
			name: "empty",
			src:  ``,
			want: map[string]string{},
			kind: "other",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := Classify([]byte(tt.src))
			checkSum(t, page, len(tt.src))
			for part, text := range tt.want {
				if page.Parts[part] < len(text) {
					t.Errorf("part %s has %d bytes, want at least the %d of %q; parts: %v", part, page.Parts[part], len(text), text, page.Parts)
				}
			}
			if got := PageKind(page); got != tt.kind {
				t.Errorf("PageKind = %q, want %q", got, tt.kind)
			}
			if page.Article != tt.article {
				t.Errorf("Article = %q, want %q", page.Article, tt.article)
			}
		})
	}
}

// TestClassifyExact pins the whole split of a small page, so that a part
// taking bytes from its neighbour is caught, not only a part that is short.
func TestClassifyExact(t *testing.T) {
	src := `<html><head><title>T</title></head><body><main><div class="content"><p>x<span class="citation">[1]</span></p></div></main></body></html>`
	want := map[string]int{
		partShell:     len(`<html>`) + len(`<body>`) + len(`</body></html>`),
		partHead:      len(`<head><title>T</title></head>`),
		partMain:      len(`<main>`) + len(`</main>`),
		partContent:   len(`<div class="content"><p>x`) + len(`</p></div>`),
		partCitations: len(`<span class="citation">[1]</span>`),
	}
	if got := Classify([]byte(src)).Parts; !maps.Equal(got, want) {
		t.Errorf("Parts = %v, want %v", got, want)
	}
}

func TestFileType(t *testing.T) {
	tests := map[string]string{
		"index.html":                 ".html",
		"a/index.html.br":            ".html.br",
		"search/25bad8c3.json.gz":    ".json.gz",
		"_headers":                   "(none)",
		"archive.br":                 ".br",
		"ketcalc.3f2a.wasm":          ".wasm",
		"references/1/index.html.gz": ".html.gz",
	}
	for name, want := range tests {
		if got := fileType(name); got != want {
			t.Errorf("fileType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestScan(t *testing.T) {
	dir := t.TempDir()
	page := `<html><body><main><article class="page"><div class="content">Hi</div></article></main></body></html>`
	files := map[string]string{
		"a/index.html":    page,
		"a/index.html.br": "xx",
		"style.css":       "p{}",
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, err := scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c := site.files[".html.br"]; c == nil || c.files != 1 || c.bytes != 2 {
		t.Errorf(".html.br count = %+v, want 1 file of 2 bytes", c)
	}
	if got := site.kinds["content"]; len(got) != 1 || got[0] != len(page) {
		t.Errorf("content pages = %v, want one of %d bytes", got, len(page))
	}
	if _, err := scan(filepath.Join(dir, "missing")); err == nil {
		t.Error("scan of a missing folder succeeded")
	}
}

func checkSum(t *testing.T, page Page, want int) {
	t.Helper()
	total := 0
	for _, n := range page.Parts {
		total += n
	}
	if total != want {
		t.Errorf("parts sum to %d bytes, want %d: %v", total, want, page.Parts)
	}
}

func FuzzClassify(f *testing.F) {
	f.Add([]byte(shellHead + `<main><div class="content"><span class="citation">[1]</span></div></main></body></html>`))
	f.Add([]byte(`<ol class="reflist full"><li><span class="backlinks">^</span>`))
	f.Add([]byte(`<script>if (a < b) {}</script><style>`))
	f.Add([]byte(`</p></div><!-- x`))
	if src, err := os.ReadFile("testdata/page.html"); err == nil {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkSum(t, Classify(src), len(src))
	})
}
