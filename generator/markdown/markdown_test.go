package markdown

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

func TestConvert(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		unsafe bool
		want   []string // substrings of the HTML
		absent []string
	}{
		{
			name: "heading ids and permalinks",
			src:  "## Dose and schedule\n\n## Dose and schedule\n\n### Custom {#my-id}\n",
			want: []string{
				`<h2 id="dose-and-schedule">Dose and schedule<a class="permalink" href="#dose-and-schedule"`,
				`<h2 id="dose-and-schedule-1">`,
				`<h3 id="my-id">Custom<a class="permalink" href="#my-id"`,
			},
		},
		{
			name:   "code highlighted with classes, not styles",
			src:    "```go\nfunc f() {}\n```\n",
			want:   []string{`<pre class="chroma" tabindex="0" data-lang="go"><code class="language-go">`, `<span class="kd">func</span>`},
			absent: []string{`style="`},
		},
		{
			name: "unknown language is escaped plain text",
			src:  "```nosuchlang\n<b>&\n```\n",
			want: []string{`&lt;b&gt;&amp;`},
		},
		{
			name: "tables scroll inside a focusable wrapper",
			src:  "| a | b |\n|---|---|\n| 1 | 2 |\n",
			want: []string{`<div class="table-wrap" tabindex="0" role="region"`, `<td>1</td>`, "</table>\n</div>"},
		},
		{
			name: "GFM: strikethrough, task list, autolink",
			src:  "~~old~~ https://example.org\n\n- [x] done\n",
			want: []string{`<del>old</del>`, `<a href="https://example.org">`, `checked=""`},
		},
		{
			name:   "raw HTML dropped by default",
			src:    "<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)>\n",
			absent: []string{"<script", "<img", "onerror"},
		},
		{
			name:   "raw HTML kept when unsafe",
			src:    "text <kbd>K</kbd>\n",
			unsafe: true,
			want:   []string{"<kbd>K</kbd>"},
		},
		{
			name: "footnotes",
			src:  "Claim.[^1]\n\n[^1]: Source.\n",
			want: []string{`<sup id="fnref:1">`, `<li id="fn:1">`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := New(Options{Unsafe: tt.unsafe}).Convert(Document{Source: []byte(tt.src)})
			if err != nil {
				t.Fatal(err)
			}
			html := string(res.HTML)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q:\n%s", w, html)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(html, a) {
					t.Errorf("HTML contains %q:\n%s", a, html)
				}
			}
		})
	}
}

func TestHeadingsAndIDs(t *testing.T) {
	res, err := New(Options{}).Convert(Document{Source: []byte("Intro\n\n## One *two*\n\n### `code` three\n\n## One two\n")})
	if err != nil {
		t.Fatal(err)
	}
	want := []Heading{{2, "one-two", "One two", 7}, {3, "code-three", "code three", 21}, {2, "one-two-1", "One two", 39}}
	if len(res.Headings) != len(want) {
		t.Fatalf("headings = %+v", res.Headings)
	}
	for i, h := range res.Headings {
		if h != want[i] {
			t.Errorf("heading %d = %+v, want %+v", i, h, want[i])
		}
	}
	if strings.Join(res.IDs, ",") != "one-two,code-three,one-two-1" {
		t.Errorf("IDs = %v", res.IDs)
	}
}

func TestDuplicateExplicitID(t *testing.T) {
	res, _ := New(Options{}).Convert(Document{Source: []byte("## A {#x}\n\n## B {#x}\n")})
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Msg, `id "x" is used twice`) || res.Problems[0].Offset != 11 {
		t.Errorf("problems = %+v", res.Problems)
	}
}

func TestLinksResolvedWithOffsets(t *testing.T) {
	src := "See [one](a.md) and\n![pic](p.png) and [**bold** two](b.md#x).\n"
	var seen []Link
	res, err := New(Options{}).Convert(Document{
		Source: []byte(src),
		Links: func(l Link) (string, error) {
			seen = append(seen, l)
			if l.Dest == "p.png" {
				return "", errors.New("no such image")
			}
			return "/" + strings.TrimSuffix(l.Dest, ".md") + "/", nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOffsets := map[string]int{"a.md": 4, "p.png": 20, "b.md#x": 38}
	for _, l := range seen {
		if want := wantOffsets[l.Dest]; l.Offset != want {
			t.Errorf("link %q at offset %d (%q), want %d", l.Dest, l.Offset, src[l.Offset:], want)
		}
	}
	if len(seen) != 3 || !seen[1].Image {
		t.Errorf("links seen: %+v", seen)
	}
	if !strings.Contains(string(res.HTML), `<a href="/a/">one</a>`) || !strings.Contains(string(res.HTML), `href="/b.md#x/"`) {
		t.Errorf("HTML = %s", res.HTML)
	}
	if len(res.Problems) != 1 || res.Problems[0].Offset != 20 || res.Problems[0].Msg != "no such image" {
		t.Errorf("problems = %+v", res.Problems)
	}
}

func TestCodeCSS(t *testing.T) {
	css := string(CodeCSS("github", "github-dark"))
	for _, w := range []string{`:root[data-theme="light"] .chroma .kd`, `:root[data-theme="dark"] .chroma`, "@media (prefers-color-scheme: dark)", `:root:not([data-theme="light"]) .chroma`, "@media (prefers-color-scheme: light)", `:root:not([data-theme="dark"]) .chroma .kd`} {
		if !strings.Contains(css, w) {
			t.Errorf("CSS lacks %q", w)
		}
	}
}

func TestFences(t *testing.T) {
	var got FenceContext
	conv := New(Options{Fences: map[string]Fence{
		"shout": func(c FenceContext) ([]byte, error) {
			got = c
			if strings.Contains(string(c.Body), "bad") {
				return nil, &FenceError{Line: 2, Msg: "bad data on line 2"}
			}
			return []byte("<p class=\"shout\">" + strings.ToUpper(strings.TrimSpace(string(c.Body))) + "</p>\n"), nil
		},
	}})
	src := "## Part {#part}\n\n```shout\nhello\n```\n\n```go\nx\n```\n"
	res, err := conv.Convert(Document{Source: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.HTML), `<p class="shout">HELLO</p>`) || !strings.Contains(string(res.HTML), `class="language-go"`) {
		t.Errorf("HTML = %s", res.HTML)
	}
	if got.HeadingID != "part" || got.HeadingText != "Part" || src[got.Offset:got.Offset+5] != "hello" {
		t.Errorf("context = %+v", got)
	}
	bad := "```shout\nfine\nbad\n```\n"
	res, _ = conv.Convert(Document{Source: []byte(bad)})
	if len(res.Problems) != 1 || bad[res.Problems[0].Offset:res.Problems[0].Offset+3] != "bad" {
		t.Errorf("problems = %+v", res.Problems)
	}
}

func TestAbbreviations(t *testing.T) {
	conv := New(Options{Abbreviations: map[string]string{"TRD": "treatment-resistant depression", "IV": "intravenous", "TNF-α": "tumor necrosis factor alpha", "NMDA": "N-methyl-D-aspartate"}})
	src := "## About TRD\n\nIn TRD, IV doses; again TRD and IV. Not `TRD`, not [TRD](x), not TRDs or IVX. TNF-α rises. NMDA-receptor.\n"
	res, err := conv.Convert(Document{Source: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	html := string(res.HTML)
	want := `<p>In <abbr title="treatment-resistant depression">TRD</abbr>, <abbr title="intravenous">IV</abbr> doses; again TRD and IV. Not <code>TRD</code>, not <a href="x">TRD</a>, not TRDs or IVX. <abbr title="tumor necrosis factor alpha">TNF-α</abbr> rises. <abbr title="N-methyl-D-aspartate">NMDA</abbr>-receptor.</p>`
	if !strings.Contains(html, want) {
		t.Errorf("HTML =\n%s\nwant\n%s", html, want)
	}
	if strings.Join(res.Abbreviations, ",") != "TRD,IV,TNF-α,NMDA" {
		t.Errorf("abbreviations = %v", res.Abbreviations)
	}
	if len(res.Sections) != 1 || res.Sections[0].Heading != "About TRD" || !strings.HasPrefix(res.Sections[0].Text, "In TRD, IV doses") {
		t.Errorf("sections = %+v", res.Sections)
	}
}

// A converter remembers highlighted code by language and text: repeats
// come out the same, and the same text in another language does not.
func TestRepeatedCodeBlocks(t *testing.T) {
	c := New(Options{})
	src := "```go\nfunc f() {}\n```\n\n```go\nfunc f() {}\n```\n\n```python\nfunc f() {}\n```\n"
	var outs []string
	for range 2 {
		res, err := c.Convert(Document{Source: []byte(src)})
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, string(res.HTML))
	}
	if outs[0] != outs[1] {
		t.Errorf("second conversion differs:\n%s\n%s", outs[0], outs[1])
	}
	blocks := strings.Split(outs[0], "</pre>")
	if len(blocks) != 4 || strings.TrimSpace(blocks[0]) != strings.TrimSpace(blocks[1]) {
		t.Errorf("the two Go blocks differ:\n%s", outs[0])
	}
	if !strings.Contains(blocks[0], `<span class="kd">func</span>`) || strings.Contains(blocks[2], `<span class="kd">func</span>`) || !strings.Contains(blocks[2], `language-python`) {
		t.Errorf("highlighting by language is wrong:\n%s", outs[0])
	}
}

// TestFenceInfoWithUnicodeSpace: an info string that is only Unicode space
// (a no-break space typed after the fence, an ideographic space) once
// crashed the build; it names no language. The language is the first word
// for highlighting and for Fences alike.
func TestFenceInfoWithUnicodeSpace(t *testing.T) {
	conv := New(Options{Fences: map[string]Fence{
		"shout": func(c FenceContext) ([]byte, error) { return []byte("<p>SHOUT</p>\n"), nil },
	}})
	tests := []struct {
		name, info string
		want       string
	}{
		{"no-break space alone", "\u00a0", `<pre class="chroma" tabindex="0"><code>`},
		{"ideographic space alone", "\u3000", `<pre class="chroma" tabindex="0"><code>`},
		{"several Unicode spaces", "\u00a0\u3000\u2003 ", `<pre class="chroma" tabindex="0"><code>`},
		{"no-break space before a language", "\u00a0go", `data-lang="go"`},
		{"ideographic space after a language", "go\u3000x", `data-lang="go"`},
		{"no-break space before a fence name", "\u00a0shout", `<p>SHOUT</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "```" + tt.info + "\nx := 1\n```\n"
			res, err := conv.Convert(Document{Source: []byte(src)})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(res.HTML), tt.want) {
				t.Errorf("HTML lacks %q:\n%s", tt.want, res.HTML)
			}
		})
	}
}

// TestTableNumberingIsLinear: each table's region gets its number without
// walking the document again (8000 small tables took 7 s, 16000 39 s).
func TestTableNumberingIsLinear(t *testing.T) {
	const n = 2000
	src := strings.Repeat("| a |\n|---|\n| 1 |\n\n", n)
	conv := New(Options{})
	res, err := conv.Convert(Document{Source: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	html := string(res.HTML)
	for _, want := range []string{`aria-label="Table 1 (scrolls sideways)"`, `aria-label="Table 2 (scrolls sideways)"`, fmt.Sprintf(`aria-label="Table %d (scrolls sideways)"`, n)} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if steps := conv.tables.steps.Load(); steps > 10*n {
		t.Errorf("numbering %d tables took %d steps; at most %d expected", n, steps, 10*n)
	}
}

// TestSectionTextIsLinear: the text of a section is gathered in one
// buffer; appending each block to a string copied the whole section each
// time (a 2.8 MB page without headings took 14 s). Bytes allocated for
// twice the blocks must about double, not quadruple.
func TestSectionTextIsLinear(t *testing.T) {
	conv := New(Options{})
	allocated := func(blocks int) uint64 {
		src := []byte(strings.Repeat("A paragraph of some forty or fifty bytes.\n\n", blocks))
		root := conv.md.Parser().Parse(text.NewReader(src))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		sections := collectSections(root, src)
		runtime.ReadMemStats(&after)
		if len(sections) != 1 || len(sections[0].Text) != blocks*len("A paragraph of some forty or fifty bytes. ")-1 {
			t.Fatalf("sections = %d, text %d bytes", len(sections), len(sections[0].Text))
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocated(2000), allocated(4000)
	if ratio := float64(large) / float64(small); ratio > 3 {
		t.Errorf("twice the blocks allocated %.1f times the bytes (%d, %d)", ratio, small, large)
	}
}
