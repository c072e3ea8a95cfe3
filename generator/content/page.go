package content

// The page model: what Load returns.

import "ketref/generator/diag"

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

// Name is the kind as templates see it: "home", "section" or "page".
func (k Kind) Name() string {
	return [...]string{Regular: "page", Section: "section", Home: "home"}[k]
}

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
	// LayoutLine and LayoutCol locate the layout: key, for errors about
	// the layout.
	LayoutLine, LayoutCol int `yaml:"-"`
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
