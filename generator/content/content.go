// Package content loads a content folder into the site's page model.
//
// Load reads every file of an fs.FS rooted at the content folder:
//
//   - "*.md" files are pages: optional YAML front matter (see FrontMatter)
//     and a Markdown body. "_index.md" (or "index.md") in a folder is that
//     folder's section page; "_index.md" at the root is the home page. A
//     folder without one still becomes a section, titled after the folder.
//   - "site.yaml" at the root is the site configuration (see Config);
//     references.json and other data files are returned in Data for the
//     packages that read them.
//   - The "releases" folder at the root holds release files (package
//     release); it is skipped here and never published.
//   - Every other file (images, PDFs) is a static file, copied beside its page.
//   - Hidden files and folders and editors' temporary files (EditorFile)
//     are never content.
//
// Each page gets a pretty URL ("routes/iv.md" -> "/routes/iv/") and a place in
// the reading order: the home page first, then every section's children
// depth-first, ordered by weight (unweighted last), then title, then path.
//
// Problems are recorded in a diag.List with file:line:col, never returned
// early: the caller gets every problem of the folder at once.
package content

import (
	"bytes"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"ketref/generator/diag"
	"ketref/generator/frontmatter"
	"ketref/generator/pool"
	"ketref/generator/yamldoc"
)

// Options adjust loading.
type Options struct {
	// Root is how the content folder is named in diagnostics ("content").
	Root string
	// Drafts includes pages marked draft.
	Drafts bool
	// Cache, when set, keeps parsed pages between loads, so that a page
	// whose bytes did not change is not parsed again.
	Cache *Cache
}

// Cache keeps parsed pages by path, with the diagnostics their parsing
// gave, for repeated loads of one folder. It is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	pages map[string]cachedPage
}

type cachedPage struct {
	src   []byte
	page  *Page // nil when the page had errors or is a skipped draft
	diags []diag.Diagnostic
}

// NewCache makes an empty cache.
func NewCache() *Cache { return &Cache{pages: map[string]cachedPage{}} }

// ReleasesDir is the folder of release files (package release): the
// evidence as each release had it. They are data for the build, never
// copied into the site.
const ReleasesDir = "releases"

// dataFiles are read as data, not copied as static files.
var dataFiles = map[string]bool{"references.json": true, "glossary.yaml": true}

// Load reads the content folder.
func Load(fsys fs.FS, opt Options, diags *diag.List) *Site {
	if opt.Root == "" {
		opt.Root = "content"
	}
	s := &Site{BySource: make(map[string]*Page), Data: make(map[string][]byte)}
	s.Config = loadConfig(fsys, diags, path.Join(opt.Root, ConfigFile))

	sections := map[string]*Page{}
	var mdFiles []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		file := path.Join(opt.Root, p)
		if err != nil {
			diags.Errorf(file, 0, 0, "cannot read: %v", err)
			return nil
		}
		name := d.Name()
		if p != "." && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // hidden files are never content
		}
		if !d.IsDir() && EditorFile(name) {
			return nil
		}
		if d.IsDir() {
			if p == ReleasesDir {
				return fs.SkipDir // read by package release, never published
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			diags.Errorf(file, 0, 0, "symbolic links are not followed; copy the file into the content folder instead")
			return nil
		}
		switch {
		case p == ConfigFile:
		case path.Dir(p) == "." && dataFiles[name]:
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				diags.Errorf(file, 0, 0, "cannot read: %v", err)
				return nil
			}
			s.Data[name] = src
		case strings.HasSuffix(name, ".md"):
			mdFiles = append(mdFiles, p)
		default:
			s.Files = append(s.Files, p)
		}
		return nil
	})
	if err != nil {
		diags.Errorf(opt.Root, 0, 0, "cannot read the content folder: %v", err)
	}
	pages := loadAll(fsys, mdFiles, opt, diags)

	// Section pages first, so regular pages can find their parents.
	for _, pg := range pages {
		if pg.Kind == Regular {
			continue
		}
		if prev, ok := sections[pg.Dir]; ok {
			diags.Errorf(pg.File, 1, 1, "%s and %s both define the section page of %q; keep one", prev.File, pg.File, pg.Dir)
			continue
		}
		sections[pg.Dir] = pg
	}
	// Every folder holding a page is a section, and so is every folder above
	// it: synthesise those without an _index.md, then link the tree.
	for _, pg := range pages {
		if pg.Kind == Regular {
			for dir := pg.Dir; ; dir = path.Dir(dir) {
				sectionFor(dir, sections, opt)
				if dir == "." {
					break
				}
			}
		}
	}
	for _, dir := range sortedKeys(sections) {
		for d := dir; d != "."; d = path.Dir(d) {
			sectionFor(path.Dir(d), sections, opt)
		}
	}
	s.Home = sections["."]
	if s.Home == nil {
		s.Home = sectionFor(".", sections, opt)
	}
	for _, dir := range sortedKeys(sections) {
		if dir != "." {
			sec := sections[dir]
			sec.Parent = sections[path.Dir(dir)]
			sec.Parent.Children = append(sec.Parent.Children, sec)
		}
	}
	for _, pg := range pages {
		if pg.Kind == Regular {
			pg.Parent = sections[pg.Dir]
			pg.Parent.Children = append(pg.Parent.Children, pg)
		}
	}

	s.order(s.Home)
	for i, pg := range s.Pages {
		pg.Index = i
		if pg.Source != "" {
			s.BySource[pg.Source] = pg
		}
		if pg.IsSection() {
			s.BySource[pg.Dir] = pg
		}
	}
	s.checkURLs(diags)
	return s
}

func sortedKeys(m map[string]*Page) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sectionFor returns the section page of dir, synthesising one (and its
// ancestors) for folders without an _index.md.
func sectionFor(dir string, sections map[string]*Page, opt Options) *Page {
	if sec, ok := sections[dir]; ok {
		return sec
	}
	sec := &Page{Dir: dir, Kind: Section, File: path.Join(opt.Root, dir), URL: dirURL(dir)}
	if dir == "." {
		sec.Kind = Home
		sec.Meta.Title = "Home"
	} else {
		sec.Meta.Title = titleFromName(path.Base(dir))
	}
	sec.Lines = diag.NewLines(nil)
	sections[dir] = sec
	return sec
}

func titleFromName(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	r, size := utf8.DecodeRuneInString(name)
	return strings.ToUpper(string(r)) + name[size:]
}

func dirURL(dir string) string {
	if dir == "." {
		return "/"
	}
	return "/" + dir + "/"
}

// loadAll reads and parses the pages at paths on one worker per CPU,
// keeping their order. A panic while loading a page is an error at the
// page's file: a page must never crash the build or the preview.
func loadAll(fsys fs.FS, paths []string, opt Options, diags *diag.List) []*Page {
	loaded := make([]*Page, len(paths))
	pool.Run(len(paths), func(i int) {
		loaded[i] = loadCached(fsys, paths[i], path.Join(opt.Root, paths[i]), opt, diags)
	}, func(i int, msg string) {
		loaded[i] = nil
		diags.Add(diag.Diagnostic{File: path.Join(opt.Root, paths[i]), Severity: diag.Error, Msg: msg})
	})
	pages := loaded[:0]
	for _, pg := range loaded {
		if pg != nil {
			pages = append(pages, pg)
		}
	}
	return pages
}

// loadCached loads a page, or takes it from opt.Cache when its bytes are
// those parsed before. The tree fields of a cached page are reset: the
// caller links the tree anew.
func loadCached(fsys fs.FS, p, file string, opt Options, diags *diag.List) *Page {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		diags.Errorf(file, 0, 0, "cannot read: %v", err)
		return nil
	}
	if opt.Cache == nil {
		return loadPage(src, p, file, opt, diags)
	}
	opt.Cache.mu.Lock()
	c, ok := opt.Cache.pages[p]
	opt.Cache.mu.Unlock()
	if !ok || !bytes.Equal(c.src, src) {
		var local diag.List
		pg := loadPage(src, p, file, opt, &local)
		c = cachedPage{src: src, page: pg, diags: local.Sorted()}
		opt.Cache.mu.Lock()
		opt.Cache.pages[p] = c
		opt.Cache.mu.Unlock()
	}
	for _, d := range c.diags {
		diags.Add(d)
	}
	if c.page == nil {
		return nil
	}
	pg := *c.page
	pg.Parent, pg.Children, pg.Index = nil, nil, 0
	return &pg
}

// EditorFile reports whether a file name is one an editor makes while
// saving or to recover (swap, backup, lock and auto-save files). They are
// never content: published, they would be junk, and they come and go
// between a folder's listing and the read of the file. The preview's
// watcher ignores them too.
func EditorFile(name string) bool {
	switch {
	case name == "4913", // vim's probe for a writable folder
		strings.HasSuffix(name, "~"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, ".bck"), strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, ".kate-swp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		strings.HasPrefix(name, ".goutputstream"),
		strings.HasPrefix(name, ".#"),                                // Emacs lock files
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // Emacs auto-save
		name == ".DS_Store":
		return true
	}
	return false
}

// MaxPageBytes bounds a page: a larger .md file is most likely not a page
// written by hand (a pasted data dump, a mislabelled file), and would make
// every build slow.
const MaxPageBytes = 4 << 20

func loadPage(src []byte, p, file string, opt Options, diags *diag.List) *Page {
	if len(src) > MaxPageBytes {
		diags.Errorf(file, 1, 1, "the page is %.1f MB; pages are limited to %d MB: split it into several pages", float64(len(src))/(1<<20), MaxPageBytes>>20)
		return nil
	}
	if !utf8.Valid(src) {
		off := firstInvalidUTF8(src)
		line, col := diag.NewLines(src).Position(off)
		diags.Errorf(file, line, col, "the file is not valid UTF-8 text; save it as UTF-8")
		return nil
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := diag.NewLines(src).Position(i)
		diags.Errorf(file, line, col, "the file contains a NUL byte; is it a binary file with a .md name?")
		return nil
	}
	pg := &Page{Source: p, File: file, Dir: path.Dir(p), Src: src, Lines: diag.NewLines(src)}
	parts, err := frontmatter.Split(src)
	if err != nil {
		diags.Errorf(file, 1, 1, "%v", err)
		return nil
	}
	pg.Body, pg.BodyOffset = parts.Body, parts.BodyOffset
	at := yamldoc.Source{File: file, FirstLine: parts.YAMLLine}
	if parts.YAML == nil {
		diags.Errorf(file, 1, 1, "missing front matter; start the page with\n---\ntitle: Page title\n---")
	} else {
		root := yamldoc.Decode(parts.YAML, at, &pg.Meta, diags)
		if len(bytes.TrimSpace(parts.YAML)) == 0 {
			diags.Errorf(file, 1, 1, "empty front matter; add `title: Page title`")
		}
		pg.Meta.LayoutLine, pg.Meta.LayoutCol = yamldoc.KeyPosition(root, at, "layout")
		checkAliases(pg, root, at, diags)
		if root != nil && strings.TrimSpace(pg.Meta.Title) == "" {
			if line, col := yamldoc.KeyPosition(root, at, "title"); line > 0 {
				diags.Errorf(file, line, col, "title is empty; give the page a title")
			}
		}
	}
	if pg.Meta.Draft && !opt.Drafts {
		return nil
	}
	switch name := path.Base(p); {
	case name == "_index.md" || name == "index.md":
		pg.Kind = Section
		if pg.Dir == "." {
			pg.Kind = Home
		}
		pg.URL = dirURL(pg.Dir)
	default:
		pg.URL = dirURL(strings.TrimSuffix(p, ".md"))
	}
	return pg
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// AddGenerated adds a page that no Markdown file holds (the reference
// list, the changes page) at the end of the reading order, under the home
// page; file is what messages about it name. When a page is at url
// already, nothing is added and that page is returned as taken.
func (s *Site) AddGenerated(url, file string, meta FrontMatter) (p, taken *Page) {
	for _, other := range s.Pages {
		if other.URL == url {
			return nil, other
		}
	}
	p = &Page{Kind: Regular, Dir: ".", URL: url, File: file, Meta: meta, Parent: s.Home, Lines: diag.NewLines(nil), Index: len(s.Pages)}
	s.Home.Children = append(s.Home.Children, p)
	s.Pages = append(s.Pages, p)
	return p, nil
}

// ValuePosition is the line and column of a top-level key's value in
// site.yaml, for a message about it; 0, 0 when it is not there.
func ValuePosition(fsys fs.FS, key string) (line, col int) {
	src, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return 0, 0
	}
	return valuePosition(src, key)
}

func valuePosition(src []byte, key string) (line, col int) {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return 0, 0
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i+1].Line, root.Content[i+1].Column
		}
	}
	return 0, 0
}
