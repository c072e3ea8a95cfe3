// Package site builds a whole site: it loads the content and templates
// folders, checks everything, renders every page in parallel and writes the
// result into the output folder in one step.
//
// Build runs in phases. Load reads every page and its front matter, so that
// each page can refer to any other (links, navigation, previous/next). Convert
// turns every body into HTML in parallel and resolves its links. Check verifies
// every #fragment that a link points at. Only then does Render execute the
// templates and write pages, static files, sitemap.xml, robots.txt, 404.html
// and alias redirects into a staging folder, which replaces the output folder
// only if nothing failed. A failed build returns every diagnostic it found and
// leaves the previous output exactly as it was.
package site

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"

	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/glossary"
	"ketref/generator/markdown"
	"ketref/generator/output"
	"ketref/generator/theme"
	"ketref/generator/wasmbuild"
)

// Options say what to build and where.
type Options struct {
	Content   fs.FS
	Templates fs.FS
	// ContentRoot and TemplatesRoot name the folders in diagnostics.
	ContentRoot   string
	TemplatesRoot string
	// Out is the output folder.
	Out string
	// BaseURL overrides site.yaml's baseURL when not empty.
	BaseURL string
	Drafts  bool
	// Strict makes warnings fail the build.
	Strict bool
	// Stage, when set, is called with the staging folder before anything
	// is written; tests use it to simulate failing disks.
	Stage func(Stager)
	// Wasm, when set, compiles the calculators; the module and its
	// wasm_exec.js become the assets "ketcalc.wasm" and "wasm_exec.js".
	Wasm *wasmbuild.Options
}

// Stager is the part of the staging folder that Options.Stage may touch.
type Stager interface {
	FailWritesWith(error)
}

// discard is a writer for a build that has already failed.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// Result summarises a build.
type Result struct {
	Pages    int
	Files    int64
	Bytes    int64
	Duration time.Duration
	Warnings []diag.Diagnostic
	// WasmBytes and WasmBrotli size the calculator module (0 without one);
	// WasmCached says it came from the cache.
	WasmBytes, WasmBrotli int
	WasmCached            bool
}

func (r Result) String() string {
	s := fmt.Sprintf("built %d pages, %d files (%.1f MB) in %v", r.Pages, r.Files, float64(r.Bytes)/1e6, r.Duration.Round(time.Millisecond))
	if r.WasmBytes > 0 {
		how := "compiled"
		if r.WasmCached {
			how = "cached"
		}
		s += fmt.Sprintf("; calculators %.0f KB, %.0f KB brotli (%s)", float64(r.WasmBytes)/1e3, float64(r.WasmBrotli)/1e3, how)
	}
	return s
}

// page is a content page with what the build learns about it.
type page struct {
	*content.Page
	layout   string
	html     []byte
	headings []markdown.Heading
	ids      map[string]bool
	checks   []fragmentCheck
	// occurrences are the citation groups of the page, in order; cited the
	// references they cite, by number.
	occurrences []cite.Occurrence
	cited       []*reference
}

type fragmentCheck struct {
	target *page
	id     string
	offset int
	dest   string
}

type builder struct {
	opt      Options
	diags    *diag.List
	site     *content.Site
	theme    *theme.Theme
	pages    []*page
	bySource map[*content.Page]*page
	basePath string
	baseURL  *url.URL // nil when the base URL is not absolute
	urls     map[string]*page
	glossary []glossary.Term
	cites    *citations // nil without references.json
}

// Build builds the site. On failure the error is a *diag.Errors listing
// every problem; warnings are in the Result either way.
func Build(opt Options) (Result, error) {
	start := time.Now()
	if opt.ContentRoot == "" {
		opt.ContentRoot = "content"
	}
	if opt.TemplatesRoot == "" {
		opt.TemplatesRoot = "templates"
	}
	b := &builder{opt: opt, diags: &diag.List{}}
	res, err := b.build()
	res.Duration = time.Since(start)
	res.Warnings = b.diags.Warnings()
	return res, err
}

func (b *builder) build() (Result, error) {
	b.site = content.Load(b.opt.Content, content.Options{Root: b.opt.ContentRoot, Drafts: b.opt.Drafts}, b.diags)
	b.setBase()
	if src, ok := b.site.Data[glossary.File]; ok {
		b.glossary = glossary.Load(src, path.Join(b.opt.ContentRoot, glossary.File), b.diags)
	}
	generated := map[string][]byte{"code.css": markdown.CodeCSS("github", "github-dark")}
	var module *wasmbuild.Module
	if b.opt.Wasm != nil {
		m, err := wasmbuild.Build(context.Background(), *b.opt.Wasm, b.diags)
		if err != nil && !b.diags.HasErrors(false) {
			b.diags.Errorf(b.opt.Wasm.SourceDir, 0, 0, "calculators: %v", err)
		}
		if m != nil {
			module = m
			generated["ketcalc.wasm"] = m.Wasm
			generated["wasm_exec.js"] = m.ExecJS
		}
	}
	b.theme = theme.Load(b.opt.Templates, theme.Options{
		Root:      b.opt.TemplatesRoot,
		BasePath:  b.basePath,
		Generated: generated,
		Funcs: template.FuncMap{
			// "1-9" -> "1" and "9", for citation_firstpage/lastpage.
			"firstPage": func(pages string) string { first, _, _ := strings.Cut(pages, "-"); return first },
			// Highwire dates are written 2024/12/20.
			"slashDate": func(date string) string { return strings.ReplaceAll(date, "-", "/") },
			"lastPage": func(pages string) string {
				_, last, ok := strings.Cut(pages, "-")
				if !ok {
					return pages
				}
				return last
			},
		},
	}, b.diags)

	b.bySource = make(map[*content.Page]*page, len(b.site.Pages))
	b.urls = make(map[string]*page, len(b.site.Pages))
	for _, cp := range b.site.Pages {
		pg := &page{Page: cp}
		b.pages = append(b.pages, pg)
		b.bySource[cp] = pg
		b.urls[cp.URL] = pg
	}
	b.setupCitations()
	b.chooseLayouts()
	conv := markdown.New(markdown.Options{
		Unsafe:     b.site.Config.Markdown.Unsafe,
		Extensions: []goldmark.Extender{&cite.Extension{}},
		Fences:     map[string]markdown.Fence{"dosing-table": dosingTableFence},
	})
	if b.cites != nil {
		if b.site.Config.Citations.Numbering == "first-cite" {
			b.numberReferences(b.firstCiteOrder(conv))
		}
		b.finishTargets()
	}
	b.convert(conv)
	if b.cites != nil {
		b.collectCitations()
		b.makeRefViews()
	}
	b.checkFragments()
	if err := b.diags.Err(b.opt.Strict); err != nil {
		// Still execute the templates, writing nothing, so that template
		// errors are reported in the same run as content errors.
		if !b.theme.Broken("") {
			b.render(discard{})
		}
		return Result{}, b.diags.Err(b.opt.Strict)
	}

	st, err := output.Begin(b.opt.Out)
	if err != nil {
		b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
		return Result{}, b.diags.Err(b.opt.Strict)
	}
	if b.opt.Stage != nil {
		b.opt.Stage(st)
	}
	b.render(st)
	if err := b.diags.Err(b.opt.Strict); err != nil {
		_ = st.Abort()
		return Result{}, err
	}
	if err := st.Commit(); err != nil {
		_ = st.Abort()
		b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
		return Result{}, b.diags.Err(b.opt.Strict)
	}
	res := Result{Pages: len(b.pages), Files: st.Files(), Bytes: st.Bytes()}
	if module != nil {
		res.WasmBytes, res.WasmBrotli, res.WasmCached = len(module.Wasm), module.Brotli, module.Cached
	}
	return res, nil
}

// setBase derives the URL path every link starts with, and the absolute
// base for canonical URLs and the sitemap when there is one.
func (b *builder) setBase() {
	raw := b.site.Config.BaseURL
	if b.opt.BaseURL != "" {
		raw = b.opt.BaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		b.diags.Errorf(path.Join(b.opt.ContentRoot, content.ConfigFile), 0, 0, "baseURL %q is not a URL: %v", raw, err)
		u = &url.URL{Path: "/"}
	}
	p := "/" + strings.Trim(u.Path, "/") + "/"
	if p == "//" {
		p = "/"
	}
	b.basePath = p
	if u.Scheme != "" && u.Host != "" {
		abs := *u
		abs.Path = p
		b.baseURL = &abs
	}
}

// href turns a site path ("/routes/iv/") into the link to emit.
func (b *builder) href(sitePath string) string {
	return (&url.URL{Path: b.basePath + strings.TrimPrefix(sitePath, "/")}).EscapedPath()
}

// permalink is the absolute URL of a site path when the base is absolute,
// else the same as href.
func (b *builder) permalink(sitePath string) string {
	if b.baseURL == nil {
		return b.href(sitePath)
	}
	u := *b.baseURL
	u.Path = b.basePath + strings.TrimPrefix(sitePath, "/")
	return u.String()
}

func (b *builder) chooseLayouts() {
	for _, pg := range b.pages {
		want := pg.Meta.Layout
		switch {
		case want != "":
		case pg.Kind == content.Home:
			want = "home"
		case pg.Kind == content.Section:
			want = "section"
		default:
			want = "page"
		}
		if !b.theme.HasLayout(want) && pg.Meta.Layout == "" && want != "page" && (b.theme.HasLayout("page") || b.theme.Broken("page")) {
			want = "page" // home and section fall back to the page layout
		}
		pg.layout = want
		if b.theme.HasLayout(want) || b.theme.Broken(want) {
			continue
		}
		avail := strings.Join(b.theme.Layouts(), ", ")
		if pg.Meta.Layout != "" {
			b.diags.Errorf(pg.File, pg.LayoutLine, pg.LayoutCol, "layout %q not found: there is no %s/%s.html (layouts: %s)", want, b.opt.TemplatesRoot, want, avail)
		} else {
			b.diags.Errorf(path.Join(b.opt.TemplatesRoot, want+".html"), 0, 0, "missing: %s needs layout %q; create this file", pg.File, want)
		}
	}
}

// parallel runs fn for 0..n-1 on one worker per CPU.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func (b *builder) convert(conv *markdown.Converter) {
	parallel(len(b.pages), func(i int) {
		pg := b.pages[i]
		if pg.Src == nil {
			return // a section made for a folder without _index.md
		}
		pc := newContext(b.cites)
		res, err := conv.Convert(markdown.Document{
			Source:  pg.Body,
			Links:   func(l markdown.Link) (string, error) { return b.resolve(pg, l) },
			Context: pc,
		})
		if err != nil {
			b.diags.Errorf(pg.File, 0, 0, "%v", err)
			return
		}
		pg.html, pg.headings = res.HTML, res.Headings
		pg.ids = make(map[string]bool, len(res.IDs))
		for _, id := range res.IDs {
			pg.ids[id] = true
		}
		for _, p := range res.Problems {
			line, col := pg.Lines.Position(pg.BodyOffset + p.Offset)
			sev := diag.Error
			if p.Warning {
				sev = diag.Warning
			}
			b.diags.Add(diag.Diagnostic{File: pg.File, Line: line, Col: col, Severity: sev, Msg: p.Msg})
		}
		pg.occurrences = cite.Occurrences(pc)
		for _, p := range cite.Problems(pc) {
			line, col := pg.Lines.Position(pg.BodyOffset + p.Offset)
			b.diags.Errorf(pg.File, line, col, "%s", p.Msg)
		}
		for _, h := range res.Headings {
			if h.Level == 1 {
				line, col := pg.Lines.Position(pg.BodyOffset + h.Offset)
				b.diags.Warnf(pg.File, line, col, "heading %q is a level-1 heading; the page title is the page's h1, so start sections at ##", h.Text)
			}
		}
	})
}
