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
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"ketref/generator/diag"
	"ketref/generator/frontmatter"
	"ketref/generator/pool"
	"ketref/generator/yamldoc"
)

// Kind tells pages apart.
type Kind int

const (
	// Regular is an ordinary page.
	Regular Kind = iota
	// Section is a folder's _index.md (or a folder without one).
	Section
	// Home is the root _index.md.
	Home
)

// FrontMatter is the YAML block at the top of a page.
type FrontMatter struct {
	Title string `yaml:"title" yamldoc:"required"`
	// LinkTitle is a shorter title for navigation and breadcrumbs.
	LinkTitle   string   `yaml:"linkTitle"`
	Description string   `yaml:"description"`
	Weight      int      `yaml:"weight"`
	Layout      string   `yaml:"layout"`
	Draft       bool     `yaml:"draft"`
	Aliases     []string `yaml:"aliases"`
}

// Page is one page of the site.
type Page struct {
	// Source is the path within the content folder ("routes/iv.md"); empty
	// for a section synthesised for a folder without _index.md.
	Source string
	// File is Source as reported in diagnostics ("content/routes/iv.md").
	File string
	// Dir is the content folder the page belongs to ("routes"; "." at root).
	Dir  string
	Kind Kind
	Meta FrontMatter
	// URL is the page's path below the site root, with leading and trailing
	// slash ("/routes/iv/"; "/" for home).
	URL string
	// Src is the whole file; Body the Markdown after the front matter, which
	// starts at byte BodyOffset of Src.
	Src        []byte
	Body       []byte
	BodyOffset int
	Lines      *diag.Lines
	// LayoutPos locates the `layout:` key, for errors about the layout.
	LayoutLine, LayoutCol int

	Parent   *Page
	Children []*Page // in reading order; sections only
	Index    int     // position in Site.Pages (reading order)
}

// ShortTitle is the title navigation shows: LinkTitle, or Title.
func (p *Page) ShortTitle() string {
	if p.Meta.LinkTitle != "" {
		return p.Meta.LinkTitle
	}
	return p.Meta.Title
}

// IsSection reports whether the page lists children (home or section).
func (p *Page) IsSection() bool { return p.Kind != Regular }

// Ancestors returns the sections above p, outermost (home) first.
func (p *Page) Ancestors() []*Page {
	var out []*Page
	for a := p.Parent; a != nil; a = a.Parent {
		out = append(out, a)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Site is a loaded content folder.
type Site struct {
	Config Config
	// Home is the root of the page tree.
	Home *Page
	// Pages lists every page in reading order, Home first.
	Pages []*Page
	// BySource finds a page by its content path ("routes/iv.md"), and a
	// section by its folder ("routes").
	BySource map[string]*Page
	// Files are the static files (content paths), sorted.
	Files []string
	// Data holds the root data files by name (references.json, glossary...).
	Data map[string][]byte
}

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
		pg.LayoutLine, pg.LayoutCol = yamldoc.KeyPosition(root, at, "layout")
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

// less orders siblings: weighted before unweighted, then by weight, title
// and path, so the order never depends on the file system.
func less(a, b *Page) bool {
	aw, bw := a.Meta.Weight, b.Meta.Weight
	if (aw == 0) != (bw == 0) {
		return aw != 0
	}
	if aw != bw {
		return aw < bw
	}
	if a.Meta.Title != b.Meta.Title {
		return a.Meta.Title < b.Meta.Title
	}
	return a.URL < b.URL
}

func (s *Site) order(sec *Page) {
	s.Pages = append(s.Pages, sec)
	sort.SliceStable(sec.Children, func(i, j int) bool { return less(sec.Children[i], sec.Children[j]) })
	for _, c := range sec.Children {
		if c.IsSection() {
			s.order(c)
		} else {
			s.Pages = append(s.Pages, c)
		}
	}
}

// checkURLs reports two pages (or aliases) that would be written to the same
// URL.
func (s *Site) checkURLs(diags *diag.List) {
	owner := make(map[string]*Page)
	claim := func(url string, pg *Page, what string) {
		if prev, ok := owner[url]; ok {
			diags.Errorf(pg.File, 1, 1, "%s %s is also the URL of %s; rename one of the files or change the alias", what, url, prev.File)
			return
		}
		owner[url] = pg
	}
	for _, pg := range s.Pages {
		claim(pg.URL, pg, "URL")
	}
	for _, pg := range s.Pages {
		for _, a := range pg.Meta.Aliases {
			claim(NormalizeAlias(a), pg, "alias")
		}
	}
	for _, f := range s.Files {
		if pg, ok := owner["/"+f+"/"]; ok {
			diags.Errorf(pg.File, 1, 1, "URL %s clashes with the file content/%s", pg.URL, f)
		}
	}
}

// checkAliases reports aliases that are not plain paths of the site, at
// the alias in the front matter: each becomes a folder of the output, and
// the build must not find out only when it writes there.
func checkAliases(pg *Page, root *yaml.Node, at yamldoc.Source, diags *diag.List) {
	for i, a := range pg.Meta.Aliases {
		problem := aliasProblem(a)
		if problem == "" {
			continue
		}
		line, col := yamldoc.KeyPosition(root, at, "aliases")
		for k := 0; root != nil && k+1 < len(root.Content); k += 2 {
			key, seq := root.Content[k], root.Content[k+1]
			if key.Value == "aliases" && seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
				line, col = line+seq.Content[i].Line-key.Line, seq.Content[i].Column
			}
		}
		diags.Errorf(pg.File, line, col, "alias %q %s; write the old address as a path of this site, such as /old/page/", a, problem)
	}
}

// aliasProblem says what makes an alias unusable as an output folder, or
// returns "".
func aliasProblem(a string) string {
	switch {
	case strings.Contains(a, "://"):
		return "is a URL, not a path"
	case strings.Contains(a, `\`):
		return "has a backslash"
	case strings.ContainsAny(a, "?#"):
		return fmt.Sprintf("has a %q (queries and fragments never reach a file of the site)", string(a[strings.IndexAny(a, "?#")]))
	case strings.ContainsFunc(a, unicode.IsControl):
		return "has a control character"
	}
	rel := strings.Trim(NormalizeAlias(a), "/")
	if rel == "" {
		return "" // the home page's URL: checkURLs reports the clash
	}
	for _, seg := range strings.Split(rel, "/") {
		switch seg {
		case "..":
			return "climbs out of the site with \"..\""
		case ".":
			return "has a \".\" segment"
		case "":
			return "has an empty segment (//)"
		}
	}
	return ""
}

// NormalizeAlias turns an alias as written ("old/page", "/old/page.html")
// into a URL path with leading and trailing slash.
func NormalizeAlias(a string) string {
	a = strings.TrimSuffix(strings.TrimSuffix(a, "index.html"), ".html")
	a = "/" + strings.Trim(a, "/") + "/"
	if a == "//" {
		return "/"
	}
	return a
}
