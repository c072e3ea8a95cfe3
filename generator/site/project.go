package site

import (
	"fmt"
	"hash/maphash"
	"path"
	"strconv"
	"time"

	"ketref/generator/cachekey"
	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/living"
	"ketref/generator/memofs"
	"ketref/generator/output"
	"ketref/generator/refs"
	"ketref/generator/search"
	"ketref/generator/stagecache"
	"ketref/generator/themecache"
)

// Project is a site that is built again and again (by the preview server).
// Each build runs the whole pipeline, so its result is exactly that of a
// fresh build, but it reuses what earlier builds learned when the inputs
// it depends on are unchanged:
//
//   - files are read again only when the watcher says they changed
//     (memofs);
//   - a page is parsed again only when its bytes changed (content.Cache);
//   - a page is converted again only when its bytes or the site's
//     structure (URLs of pages and files, bibliography, base path, Markdown
//     settings) changed;
//   - a page is rendered again only when its conversion, the navigation
//     (titles and order of pages), the templates or the site data changed;
//     the reference list and the reference pages also when any citation
//     changed;
//   - the theme is loaded again only when a template changed, and the
//     calculator module compiled again only when wasm/ changed.
//
// The conversions, rendered files and search index parts are kept in a
// stagecache.Cache each, which the build's stages ask by name and key; the
// parsed pages in a content.Cache; the theme, calculator module and
// bibliography here.
//
// A Project is not safe for concurrent builds: the preview server runs one
// at a time.
type Project struct {
	opt     Options
	content *memofs.FS
	parsed  *content.Cache
	seed    maphash.Seed
	// The stages' results of the last good build, by key (see package stagecache).
	convCache   stagecache.Cache[string, *conversion]
	renderCache stagecache.Cache[string, []byte]
	partCache   stagecache.Cache[uint64, search.File]

	themes *themecache.State
	// reviews keeps the release history while its files are unchanged.
	reviews living.Cache
	// bibCache keeps the parsed bibliography while its bytes are
	// unchanged, and what is made of it (see refs.Cache).
	bibCache refs.Cache
	// srcHash hashes each loaded page's file (see cachekey.Files).
	srcHash *cachekey.Files
	// lastFiles is how many files the last good build made.
	lastFiles int
}

// sourceHash returns the hash of pg's file (0 for a page made without
// one).
func (b *builder) sourceHash(pg *content.Page) uint64 { return b.proj.srcHash.Sum(pg.Src) }

// NewProject prepares repeated builds of opt. Its Content is read through a
// memoizing file system: call Changed with what the watcher reports.
func NewProject(opt Options) *Project {
	p := &Project{opt: opt, content: memofs.New(opt.Content), parsed: content.NewCache(), seed: maphash.MakeSeed(), themes: themecache.New()}
	p.srcHash = cachekey.NewFiles(p.seed)
	p.opt.Content = p.content
	return p
}

// Changed tells the project what changed: content files (slash paths
// relative to the content folder), whether any template did, and whether
// any calculator source did. A nil contentFiles with all false means
// "anything may have changed".
func (p *Project) Changed(contentFiles []string, templates, wasm bool) {
	if contentFiles == nil && !templates && !wasm {
		p.content.Forget()
		p.themes.TemplatesChanged()
		p.themes.WasmChanged()
		return
	}
	if len(contentFiles) > 0 {
		p.content.Forget(contentFiles...)
	}
	if templates {
		p.themes.TemplatesChanged()
	}
	if wasm {
		p.themes.WasmChanged()
	}
}

// Build builds into memory and returns the files of the site, with asset
// URLs left as placeholders: serve mem.Snapshot(mod, Result.Assets). On
// failure the error lists every problem, and the caller keeps serving the
// last good build.
func (p *Project) Build() (Result, *output.Memory, error) {
	start := time.Now()
	b := &builder{opt: p.opt, diags: &diag.List{}, reuse: reuse{proj: p, convCache: &p.convCache, renderCache: &p.renderCache, partCache: &p.partCache, bibs: &p.bibCache, themes: p.themes, reviews: &p.reviews}}
	p.convCache.Begin()
	p.renderCache.Begin()
	p.partCache.Begin()
	mem := output.NewMemory(p.lastFiles)
	res, err := b.build(func() (sink, error) { return mem, nil })
	res.Duration = time.Since(start)
	res.Warnings = b.diags.Warnings()
	// Forget the hashes of files that changed or went away, failed build
	// or not: each keeps its file's old bytes alive.
	live := make([][]byte, len(b.pages))
	for i, pg := range b.pages {
		live[i] = pg.Src
	}
	p.srcHash.Keep(live)
	if err != nil {
		return res, nil, err
	}
	p.convCache.Commit()
	p.renderCache.Commit()
	p.partCache.Commit()
	p.lastFiles = int(mem.Files())
	return res, mem, nil
}

// hasher hashes with the project's seed (a fixed one for one-off builds,
// whose keys are never compared).
func (b *builder) hasher() *cachekey.Hash {
	var h cachekey.Hash
	if b.proj != nil {
		h.SetSeed(b.proj.seed)
	}
	return &h
}

// structureKey hashes what every conversion depends on besides the page
// itself: where every page and file is, the base path, the Markdown
// settings and the bibliography with its numbering.
func (b *builder) structureKey() uint64 {
	if b.proj == nil {
		return 0
	}
	h := b.hasher()
	h.WriteString(b.route.BasePath())
	h.WriteString(strconv.FormatBool(b.site.Config.Markdown.Unsafe))
	for _, pg := range b.pages {
		h.Strings(pg.Source, pg.URL, pg.Dir)
	}
	for _, f := range b.site.Files {
		h.Strings(f)
	}
	h.Write(b.site.Data[cite.File])
	h.Write(b.site.Data["glossary.yaml"])
	h.Key(b.wasmSourceKey())
	if b.cites != nil {
		for _, r := range b.cites.ByNum {
			h.Strings(r.Entry.ID)
		}
	}
	return h.Sum64()
}

func (b *builder) convKey(pg *page) uint64 {
	if b.proj == nil {
		return 0
	}
	h := b.hasher()
	h.Key(b.structure)
	h.Key(b.sourceHash(pg.Page))
	return h.Sum64()
}

// renderGlobalKey hashes what every rendered file depends on besides its
// own page: the structure, every page's titles and place in the order, the
// theme, the site configuration and data.
func (b *builder) renderGlobalKey() uint64 {
	if b.proj == nil {
		return 0
	}
	h := b.hasher()
	h.Key(b.structure)
	h.Key(b.proj.themes.TemplatesKey())
	for _, pg := range b.pages {
		h.Strings(pg.URL, pg.Meta.Title, pg.Meta.LinkTitle, pg.layout)
		h.Strings(pg.Meta.Aliases...)
		h.WriteByte(1)
	}
	for _, name := range []string{content.ConfigFile, "glossary.yaml"} {
		src, _ := readData(b, name)
		h.Write(src)
	}
	key := b.live.Key() // the releases date every page and fix the home page's evidence line
	h.Write(key[:])
	return h.Sum64()
}

// occurrencesHash hashes one page's citations (computed once, when the
// page is converted).
func (b *builder) occurrencesHash(occ []cite.Occurrence) uint64 {
	h := b.hasher()
	for _, o := range occ {
		h.Strings(o.ID, o.HeadingID, o.HeadingText, o.Context)
		h.Strings(o.Keys...)
	}
	return h.Sum64()
}

// citationsKey hashes every citation of the site, for the pages that list
// where references are cited.
func (b *builder) citationsKey() uint64 {
	h := b.hasher()
	for _, pg := range b.pages {
		h.WriteString(pg.URL)
		h.Key(pg.occHash)
	}
	return h.Sum64()
}

// pageKey is the render key of a page.
func (b *builder) pageKey(pg *page, cites uint64) uint64 {
	if b.proj == nil {
		return 0
	}
	h := b.hasher()
	h.Key(b.renderKey)
	h.Key(b.sourceHash(pg.Page))
	if pg.layout == "references" {
		h.Key(cites)
	}
	if pg.layout == "glossary" {
		h.Key(b.usageKey())
	}
	if u := b.updated(pg); u != nil {
		h.Strings(fmt.Sprint(*u))
	}
	for _, p := range b.pages { // the changes page: every page's evidence
		if pg == b.live.page && p.Src != nil {
			h.Key(b.sourceHash(p.Page))
		}
	}
	return h.Sum64()
}

func readData(b *builder, name string) ([]byte, bool) {
	if name == content.ConfigFile {
		src, err := readFile(b, name)
		return src, err == nil
	}
	src, ok := b.site.Data[name]
	return src, ok
}

func readFile(b *builder, name string) ([]byte, error) {
	type readFileFS interface {
		ReadFile(string) ([]byte, error)
	}
	if f, ok := b.opt.Content.(readFileFS); ok {
		return f.ReadFile(path.Clean(name))
	}
	return nil, nil
}

// templatesKey hashes every template file (the static assets aside).
func (b *builder) templatesKey() uint64 {
	h := b.hasher()
	h.Tree(b.opt.Templates, "static")
	return h.Sum64()
}

// assetURLs maps the theme's asset sources to their URLs.
func (b *builder) assetURLs() map[string]string {
	m := map[string]string{}
	for _, a := range b.theme.Assets() {
		m[a.Source] = b.route.Href("/" + a.Out)
	}
	return m
}

// renderCached writes the file at rel. With a Project, a file whose key is
// unchanged is taken from the last build. Project builds render asset
// URLs as placeholders (output.Placeholder), filled in when the file is
// served (output.Memory.Snapshot), so a changed stylesheet changes no
// rendered page.
// Otherwise render renders it.
func (b *builder) renderCached(rel string, key uint64, write func(string, []byte), render func() ([]byte, bool)) {
	if c, ok := b.renderCache.Get(rel, key); ok {
		b.renderCache.Put(rel, key, c)
		write(rel, c)
		return
	}
	data, ok := render()
	if !ok {
		return
	}
	b.renderCache.Put(rel, key, data)
	write(rel, data)
}

// usageKey hashes which pages use which glossary terms, for the glossary
// page.
func (b *builder) usageKey() uint64 {
	h := b.hasher()
	for _, pg := range b.pages {
		h.WriteString(pg.URL)
		for _, a := range pg.abbrs {
			h.WriteByte(0)
			h.WriteString(a)
		}
		h.WriteByte(1)
	}
	return h.Sum64()
}
