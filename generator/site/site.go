package site

import (
	"io/fs"
	"time"

	"ketref/generator/anchors"
	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/disksink"
	"ketref/generator/glossary"
	"ketref/generator/living"
	"ketref/generator/markdown"
	"ketref/generator/offline"
	"ketref/generator/output"
	"ketref/generator/pagebuf"
	"ketref/generator/precompress"
	"ketref/generator/refs"
	"ketref/generator/route"
	"ketref/generator/search"
	"ketref/generator/snapshot"
	"ketref/generator/stagecache"
	"ketref/generator/theme"
	"ketref/generator/themecache"
	"ketref/generator/view"
	"ketref/generator/wasmbuild"
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
	// NoServiceWorker leaves out the service worker (package offline), as
	// the preview must; a Project's builds never have one.
	NoServiceWorker bool
	// Precompress, when set, writes NAME.br and NAME.gz beside the files
	// its Mode plans forms for (package precompress), with its Cache.
	Precompress *precompress.Policy
	// fences adds fenced-block renderers: tests make pages that panic.
	fences map[string]markdown.Fence
}

// Stager is the part of the staging folder that Options.Stage may touch.
type Stager = disksink.Stager

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
	// Evidence is the site's evidence as built (package snapshot), what
	// `generator release` records; nil from a Build of a site without
	// releases, which keeps no claims (see keepsEvidence).
	Evidence *snapshot.Snapshot
	// Router makes the URLs of the site as built: the preview serves it
	// under Router.BasePath.
	Router *route.Router
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
	ids         anchors.Set
	checks      []fragmentCheck
	// occurrences are the citation groups of the page, in order; cited the
	// references they cite, by number.
	occurrences []cite.Occurrence
	occHash     uint64 // hashes occurrences, for the pages listing citations
	// cited is set while the page is rendered (see builder.citedBy).
	cited []*refs.Reference
	// searchDocs are the page's text by heading, encoded for the search
	// index (see search.Sections); abbrs the glossary terms it marks up.
	searchDocs [][]byte
	abbrs      []string
	// claims and data are the page's evidence (package claims), with
	// the page's path.
	claims []snapshot.Claim
	data   []snapshot.Datum
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
	opt   Options
	diags *diag.List
	model
	reuse
	writing
}

// model is what the Load stage makes: every page and what any page may
// refer to.
type model struct {
	site     *content.Site
	theme    *theme.Theme
	route    *route.Router
	pages    []*page
	bySource map[*content.Page]*page
	urls     map[string]*page
	glossary []glossary.Term
	cites    *citations // nil without references.json
	live     *livingState
}

// reuse is what a Project build reuses from earlier builds; zero for a
// one-off build.
type reuse struct {
	// proj keeps what earlier builds learned; nil for a one-off build.
	proj *Project
	// structure and renderKey hash what conversions and rendered pages
	// depend on beyond their own source (see project.go).
	structure, renderKey uint64
	// convCache, renderCache and partCache are the Project's caches of
	// the Convert and Render stages; nil for a one-off build.
	convCache   *stagecache.Cache[string, *conversion]
	renderCache *stagecache.Cache[string, []byte]
	partCache   *stagecache.Cache[uint64, search.File]
	// bibs is the Project's bibliography cache, or the build's own.
	bibs *refs.Cache
	// themes is the Project's theme and calculator module; nil for a
	// one-off build.
	themes  *themecache.State
	reviews *living.Cache
}

// writing is the state of the Render stage.
type writing struct {
	// stream is set while a one-off build converts (see build).
	stream *stream
	// search is the search index, planned before conversion (see
	// searchindex.go).
	search *search.Index
	// bufs recycles page buffers when the sink does not keep the bytes it
	// is given.
	bufs    pagebuf.Pool
	written *offline.Record // what was written, for the service worker
}

// stream is where a one-off build renders pages while it converts them.
type stream struct {
	out   sink
	sv    *view.SiteView
	views []*view.RefView // the references without where they are cited
}

func (st *stream) write(rel string, data []byte) error { return st.out.WriteFile(rel, data) }

// streamable reports whether pg can be rendered as soon as it is
// converted: its layout mentions nothing that is complete only once every
// page is converted (who cites each reference, which pages use each
// glossary term).
func (b *builder) streamable(pg *page) bool {
	return b.theme.HasLayout(pg.layout) &&
		!b.theme.Mentions(pg.layout, "Changes", "References", "RefList", "Glossary", "CitedAt", "CitedCount", "CitedAtList", "CitedSummary", "Backlinks")
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
	b := &builder{opt: opt, diags: &diag.List{}, writing: writing{bufs: pagebuf.Pool{Recycle: true}}}
	if !opt.NoServiceWorker {
		b.written = &offline.Record{}
	}
	res, err := b.build(diskSink(opt, b.written))
	res.Duration = time.Since(start)
	res.Warnings = b.diags.Warnings()
	return res, err
}

// sink receives a successful build's files: a staging folder swapped in
// for `build`, memory for `serve`.
type sink = output.Sink

// diskSink stages into a folder beside opt.Out (package disksink),
// recording what is written into rec unless it is nil.
func diskSink(opt Options, rec *offline.Record) func() (sink, error) {
	return func() (sink, error) {
		return disksink.Open(disksink.Options{Out: opt.Out, Output: opt.Output, Stage: opt.Stage, Precompress: opt.Precompress, Record: rec})
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
	}
	b.load(cache)
	module := b.calculators()
	b.theme = b.loadTheme(module)
	if b.proj == nil && !b.theme.Broken("") {
		// A one-off build writes into a staging folder that is discarded
		// if the build fails: first the assets, while it holds little
		// (see writeAssets), then each page that needs nothing from other
		// pages as soon as it is converted, letting go of its HTML.
		if st, err := begin(); err == nil {
			out = st
			b.writeAssets(out)
		}
	}
	conv := b.prepare()
	if out != nil {
		b.stream = &stream{out: out, sv: b.siteView(), views: b.entryViews()}
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
		b.writeAssets(out)
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
	if b.keepsEvidence() {
		res.Evidence = b.liveInput(true).Current
	}
	res.Assets = b.assetURLs()
	if module != nil {
		res.WasmBytes, res.WasmBrotli, res.WasmCached = len(module.Wasm), module.Brotli, module.Cached
	}
	return res, nil
}

// writeAssets writes the theme's assets, first: a one-off build writes
// them before it converts, while it holds little, since brotli's best
// quality takes 36 MB to compress any file (issue #19).
func (b *builder) writeAssets(st output.Writer) {
	for _, a := range b.theme.Assets() {
		if a.Source != offline.RegisterScript || b.worker() {
			if err := st.WriteFile(a.Out, a.Data); err != nil {
				b.diags.Errorf(b.opt.Out, 0, 0, "%v", err)
			}
		}
	}
}
