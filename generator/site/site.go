// Package site builds a whole site: it loads the content and templates
// folders, checks everything, renders every page in parallel and writes the
// result into the output folder in one step.
//
// Build runs in phases. Load reads every page and its front matter, so that
// each page can refer to any other (links, navigation, previous/next). Convert
// turns every body into HTML in parallel and resolves its links. Check verifies
// every #fragment that a link points at. Render executes the templates and
// writes pages, static files, sitemap.xml, robots.txt, 404.html and alias
// redirects into a staging folder, which replaces the output folder only if
// nothing failed. A one-off build opens the staging folder before converting
// and renders each page whose layout needs nothing from other pages as soon
// as it is converted (see builder.streamable), so that it need not keep every
// page's HTML; the rest are rendered after the check. A failed build returns
// every diagnostic it found and leaves the previous output exactly as it was.
package site

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yuin/goldmark"

	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/glossary"
	"ketref/generator/markdown"
	"ketref/generator/output"
	"ketref/generator/pool"
	"ketref/generator/route"
	"ketref/generator/theme"
	"ketref/generator/wasmbuild"
	"ketref/wasm/input"
)

// Options say what to build and where.
type Options struct {
	Content   fs.FS
	Templates fs.FS
	// ContentRoot and TemplatesRoot name the folders in diagnostics.
	ContentRoot   string
	TemplatesRoot string
	// Out is the output folder; Output says which folders it may be.
	Out    string
	Output output.Options
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
	// fences adds fenced-block renderers: tests make pages that panic.
	fences map[string]markdown.Fence
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
	// Assets maps each static asset's source name ("style.css") to its
	// URL ("/style.3f2a91c0.css").
	Assets map[string]string
	// Router makes the URLs of the site as built: the preview serves it
	// under Router.BasePath.
	Router *route.Router
}

func (r Result) String() string {
	s := fmt.Sprintf("built %s, %s (%.1f MB) in %v", input.Count(float64(r.Pages), 0, "page", "pages"), input.Count(float64(r.Files), 0, "file", "files"), float64(r.Bytes)/1e6, r.Duration.Round(time.Millisecond))
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
	// href is the link to the page.
	href   string
	layout string
	html   []byte
	// rendered says the page was written while the build converted.
	rendered bool
	// unconverted says converting the page failed, so it has no ids.
	unconverted bool
	headings    []markdown.Heading
	ids         idSet
	checks      []fragmentCheck
	// occurrences are the citation groups of the page, in order; cited the
	// references they cite, by number.
	occurrences []cite.Occurrence
	occHash     uint64 // hashes occurrences, for the pages listing citations
	// cited is set while the page is rendered (see builder.citedBy).
	cited []*reference
	// searchDocs are the page's text by heading, encoded for the search
	// index (see searchDocs); abbrs the glossary terms it marks up.
	searchDocs [][]byte
	abbrs      []string
}

type fragmentCheck struct {
	target *page
	id     string
	// offset is where the link is in the body; line and col, set when
	// the page is converted, where it is in the file.
	offset    int
	line, col int
	dest      string
}

type builder struct {
	opt      Options
	diags    *diag.List
	site     *content.Site
	theme    *theme.Theme
	pages    []*page
	bySource map[*content.Page]*page
	route    *route.Router
	urls     map[string]*page
	glossary []glossary.Term
	cites    *citations // nil without references.json
	// proj keeps what earlier builds learned; nil for a one-off build.
	proj *Project
	// structure and renderKey hash what conversions and rendered pages
	// depend on beyond their own source (see project.go).
	structure, renderKey uint64
	next                 *caches
	// stream is set while a one-off build converts (see build).
	stream *stream
	// searchParts are the parts of the search index when it is split
	// (see searchindex.go); partLeft counts the pages of each part not
	// yet converted.
	searchParts []searchFile
	partLeft    []atomic.Int32
	// recycleBuffers says the sink does not keep the bytes it is given,
	// so page buffers can be reused (see builder.buffer).
	recycleBuffers bool
	buffers        sync.Pool
	// entries caches the formatted bibliography entries of a one-off
	// build (a Project keeps its own across builds).
	entryMu sync.Mutex
	entries map[*cite.Entry]*entryView
}

// stream is where a one-off build renders pages while it converts them.
type stream struct {
	out   sink
	sv    *SiteView
	views []*RefView // the references without where they are cited
}

func (st *stream) write(rel string, data []byte) error { return st.out.WriteFile(rel, data) }

// streamable reports whether pg can be rendered as soon as it is
// converted: its layout mentions nothing that is complete only once every
// page is converted (who cites each reference, which pages use each
// glossary term).
func (b *builder) streamable(pg *page) bool {
	return b.theme.HasLayout(pg.layout) &&
		!b.theme.Mentions(pg.layout, "References", "Glossary", "CitedAt", "CitedCount", "CitedAtList", "Backlinks")
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
	b := &builder{opt: opt, diags: &diag.List{}, recycleBuffers: true}
	res, err := b.build(diskSink(opt))
	res.Duration = time.Since(start)
	res.Warnings = b.diags.Warnings()
	return res, err
}

// sink receives a successful build's files: a staging folder swapped in
// for `build`, memory for `serve`.
type sink interface {
	output.Writer
	Commit() error
	Abort() error
	Files() int64
	Bytes() int64
}

// diskSink stages into a folder beside opt.Out.
func diskSink(opt Options) func() (sink, error) {
	return func() (sink, error) {
		st, err := output.Begin(opt.Out, opt.Output)
		if err != nil {
			return nil, err
		}
		if opt.Stage != nil {
			opt.Stage(st)
		}
		return st, nil
	}
}

func (b *builder) build(begin func() (sink, error)) (res Result, err error) {
	var out sink
	// The last line of defence: a panic that no stage turned into an error
	// of its own file fails the build, not the process (the preview runs
	// every build in its own), and the staging folder goes with it.
	defer func() {
		if v := recover(); v != nil {
			b.diags.Add(diag.Internal(b.opt.ContentRoot, v))
			if out != nil {
				_ = out.Abort()
			}
			res, err = Result{}, b.diags.Err(b.opt.Strict)
		}
	}()
	var cache *content.Cache
	if b.proj != nil {
		cache = b.proj.parsed
		b.next = newCaches(b.proj.last)
	}
	b.load(cache)
	module := b.calculators()
	b.theme = b.loadTheme(module)
	conv := b.prepare()
	if b.proj == nil && !b.theme.Broken("") {
		// A one-off build renders each page that needs nothing from other
		// pages as soon as it is converted, into a staging folder that is
		// discarded if the build fails, and lets go of its HTML.
		if st, err := begin(); err == nil {
			out = st
			b.stream = &stream{out: out, sv: b.siteView(), views: b.entryViews()}
		}
	}
	b.convert(conv)
	b.stream = nil
	b.collect()
	if err := b.diags.Err(b.opt.Strict); err != nil {
		if out != nil {
			_ = out.Abort()
			out = nil
		}
		// Still execute the templates, writing nothing, so that template
		// errors are reported in the same run as content errors.
		if !b.theme.Broken("") {
			b.render(discard{})
		}
		return Result{}, b.diags.Err(b.opt.Strict)
	}

	if out == nil {
		var err error
		if out, err = begin(); err != nil {
			b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
			return Result{}, b.diags.Err(b.opt.Strict)
		}
	}
	b.renderKey = b.renderGlobalKey()
	b.render(out)
	if err := b.diags.Err(b.opt.Strict); err != nil {
		_ = out.Abort()
		return Result{}, err
	}
	if err := out.Commit(); err != nil {
		_ = out.Abort()
		b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
		return Result{}, b.diags.Err(b.opt.Strict)
	}
	res = Result{Pages: len(b.pages), Files: out.Files(), Bytes: out.Bytes(), Router: b.route}
	res.Assets = b.assetURLs()
	if module != nil {
		res.WasmBytes, res.WasmBrotli, res.WasmCached = len(module.Wasm), module.Brotli, module.Cached
	}
	return res, nil
}

// load reads the content folder: pages, site.yaml and the glossary.
func (b *builder) load(cache *content.Cache) {
	b.site = content.Load(b.opt.Content, content.Options{Root: b.opt.ContentRoot, Drafts: b.opt.Drafts, Cache: cache}, b.diags)
	b.setBase()
	if src, ok := b.site.Data[glossary.File]; ok {
		b.glossary = glossary.Load(src, path.Join(b.opt.ContentRoot, glossary.File), b.diags)
	}
}

// prepare indexes the loaded pages, reads the bibliography, numbers the
// references and chooses layouts; it returns the Markdown converter.
func (b *builder) prepare() *markdown.Converter {
	b.bySource = make(map[*content.Page]*page, len(b.site.Pages))
	b.urls = make(map[string]*page, len(b.site.Pages))
	for _, cp := range b.site.Pages {
		pg := &page{Page: cp, href: b.route.Href(cp.URL)}
		b.pages = append(b.pages, pg)
		b.bySource[cp] = pg
		b.urls[cp.URL] = pg
	}
	b.setupCitations()
	b.chooseLayouts()
	conv := b.converter()
	if b.cites != nil {
		if b.site.Config.Citations.Numbering == "first-cite" {
			b.numberReferences(b.firstCiteOrder(conv))
		}
		b.finishTargets()
	}
	b.structure = b.structureKey()
	return conv
}

// collect gathers the citations of every converted page and checks every
// #fragment that a link points at.
func (b *builder) collect() {
	if b.cites != nil {
		b.renderKey = b.renderGlobalKey()
		b.collectCitations()
	}
	b.checkFragments()
}

// calculators compiles (or reuses) the calculator module.
func (b *builder) calculators() *wasmbuild.Module {
	if b.opt.Wasm == nil {
		return nil
	}
	if p := b.proj; p != nil && p.module != nil && !p.wasmDirty {
		return p.module
	}
	m, err := wasmbuild.Build(context.Background(), *b.opt.Wasm, b.diags)
	if err != nil && !b.diags.HasErrors(false) {
		b.diags.Errorf(b.opt.Wasm.SourceDir, 0, 0, "calculators: %v", err)
	}
	if b.proj != nil && m != nil {
		b.proj.module, b.proj.wasmDirty = m, false
	}
	return m
}

// loadTheme loads the templates folder, or reuses the theme of the last
// build when neither the templates nor the generated assets changed.
func (b *builder) loadTheme(module *wasmbuild.Module) *theme.Theme {
	if p := b.proj; p != nil && p.theme != nil && !p.themeDirty && p.themeModule == module && p.themeBase == b.route.BasePath() {
		return p.theme
	}
	generated := map[string][]byte{"code.css": markdown.CodeCSS("github", "github-dark")}
	if module != nil {
		generated["ketcalc.wasm"] = module.Wasm
		generated["wasm_exec.js"] = module.ExecJS
	}
	var previous *theme.Theme
	if b.proj != nil {
		previous = b.proj.theme
	}
	th := theme.Load(b.opt.Templates, theme.Options{
		Previous:     previous,
		Placeholders: b.proj != nil,
		Root:         b.opt.TemplatesRoot,
		BasePath:     b.route.BasePath(),
		Generated:    generated,
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
	if b.proj != nil {
		b.proj.theme, b.proj.themeDirty, b.proj.themeModule, b.proj.themeBase = th, false, module, b.route.BasePath()
		b.proj.templatesKey = b.templatesKey()
	}
	return th
}

// converter builds the goldmark converter with the site's extensions.
func (b *builder) converter() *markdown.Converter {
	abbrs := map[string]string{}
	for _, t := range b.glossary {
		abbrs[t.Abbr] = t.Expansion
	}
	fences := map[string]markdown.Fence{"dosing-table": dosingTableFence, "go-source": b.goSourceFence, "figure": figureFence}
	for name, f := range b.opt.fences {
		fences[name] = f
	}
	return markdown.New(markdown.Options{
		Unsafe:        b.site.Config.Markdown.Unsafe,
		Extensions:    []goldmark.Extender{&cite.Extension{}},
		Fences:        fences,
		Abbreviations: abbrs,
	})
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

// pageFailed reports a panic while page i was worked on, at its file.
func (b *builder) pageFailed(i int, msg string) {
	b.pages[i].unconverted = true
	b.diags.Errorf(b.pages[i].File, 0, 0, "%s", msg)
}

func (b *builder) convert(conv *markdown.Converter) {
	b.planSearchParts()
	pool.Run(len(b.pages), func(i int) {
		pg := b.pages[i]
		defer b.converted(i)
		if pg.Src == nil {
			return // a section made for a folder without _index.md
		}
		key := b.convKey(pg)
		r := b.proj.cachedConversion(pg.Source, key)
		if r == nil {
			r = b.convertPage(conv, pg)
		}
		b.next.storeConversion(pg.Source, key, r)
		b.apply(pg, r)
		if st := b.stream; st != nil && b.streamable(pg) {
			b.renderPage(pg, st.sv, st.views, st.write, 0)
			pg.rendered = true
			// Nothing reads the source after conversion in a one-off
			// build (fragment checks carry their line and column).
			pg.html, pg.Src, pg.Body, pg.Lines, pg.cited = nil, nil, nil, nil, nil
		}
	}, b.pageFailed)
}

// conversion is what converting one page produced, kept between builds.
type conversion struct {
	failed      bool
	occHash     uint64
	searchDocs  [][]byte
	abbrs       []string
	html        []byte
	headings    []markdown.Heading
	ids         idSet
	checks      []savedCheck
	occurrences []cite.Occurrence
	diags       []diag.Diagnostic
}

// savedCheck is a fragment check with its target named by URL, so that it
// can be bound to the pages of a later build.
type savedCheck struct {
	targetURL, id, dest string
	line, col           int
}

func (b *builder) convertPage(conv *markdown.Converter, pg *page) *conversion {
	var local diag.List
	var checks []fragmentCheck
	pc := newContext(b.cites)
	res, err := conv.Convert(markdown.Document{
		Source: pg.Body,
		Links: func(l markdown.Link) (string, error) {
			u, c, err := b.resolve(pg, l)
			if c != nil {
				checks = append(checks, *c)
			}
			return u, err
		},
		Context: pc,
	})
	r := &conversion{}
	if err != nil {
		r.failed = true
		local.Errorf(pg.File, 0, 0, "%v", err)
		r.diags = local.Sorted()
		return r
	}
	r.failed = res.Refused
	r.html, r.headings, r.abbrs = res.HTML, res.Headings, res.Abbreviations
	r.searchDocs = searchDocs(res.Sections)
	// Every id in the page's HTML, not only headings' (citation groups,
	// figures, raw HTML): a page rendered while the build converts no
	// longer has its HTML when links to it are checked.
	ids := slices.Clone(res.IDs)
	htmlIDs(res.HTML, func(id string) { ids = append(ids, id) })
	r.ids = makeIDSet(ids)
	for _, c := range checks {
		line, col := pg.Lines.Position(pg.BodyOffset + c.offset)
		r.checks = append(r.checks, savedCheck{targetURL: c.target.URL, id: c.id, dest: c.dest, line: line, col: col})
	}
	for _, p := range res.Problems {
		line, col := pg.Lines.Position(pg.BodyOffset + p.Offset)
		sev := diag.Error
		if p.Warning {
			sev = diag.Warning
		}
		local.Add(diag.Diagnostic{File: pg.File, Line: line, Col: col, Severity: sev, Msg: p.Msg})
	}
	r.occurrences = cite.Occurrences(pc)
	r.occHash = b.occurrencesHash(r.occurrences)
	for _, p := range cite.Problems(pc) {
		line, col := pg.Lines.Position(pg.BodyOffset + p.Offset)
		local.Errorf(pg.File, line, col, "%s", p.Msg)
	}
	for _, h := range res.Headings {
		if h.Level == 1 {
			line, col := pg.Lines.Position(pg.BodyOffset + h.Offset)
			local.Warnf(pg.File, line, col, "heading %q is a level-1 heading; the page title is the page's h1, so start sections at ##", h.Text)
		}
	}
	r.diags = local.Sorted()
	return r
}

// apply gives pg the results of its conversion.
func (b *builder) apply(pg *page, r *conversion) {
	pg.html, pg.headings, pg.ids, pg.occurrences, pg.occHash = r.html, r.headings, r.ids, r.occurrences, r.occHash
	pg.searchDocs, pg.abbrs = r.searchDocs, r.abbrs
	pg.unconverted = r.failed
	pg.checks = nil
	for _, c := range r.checks {
		if t := b.urls[c.targetURL]; t != nil {
			pg.checks = append(pg.checks, fragmentCheck{target: t, id: c.id, line: c.line, col: c.col, dest: c.dest})
		}
	}
	for _, d := range r.diags {
		b.diags.Add(d)
	}
}
