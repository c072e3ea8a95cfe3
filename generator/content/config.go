package content

import (
	"io/fs"
	"strings"
	"time"

	"ketref/generator/diag"
	"ketref/generator/yamldoc"
)

// ConfigFile is the name of the site configuration inside the content folder.
const ConfigFile = "site.yaml"

// Config is content/site.yaml. Every field is optional: a folder of Markdown
// with no site.yaml builds with the defaults from DefaultConfig.
type Config struct {
	Title string `yaml:"title"`
	// ShortName names the site where space is short (an installed app's
	// icon); the title when empty.
	ShortName   string    `yaml:"shortName"`
	Description string    `yaml:"description"`
	Language    string    `yaml:"language"`
	BaseURL     string    `yaml:"baseURL"`
	Article     Article   `yaml:"article"`
	Markdown    Markdown  `yaml:"markdown"`
	Citations   Citations `yaml:"citations"`
	// EvidenceCurrentThrough is the date (YYYY-MM-DD) up to which the
	// editors have checked the evidence; the home page states it.
	EvidenceCurrentThrough string `yaml:"evidenceCurrentThrough"`
}

// Citations configures how references are numbered.
type Citations struct {
	// Numbering is "list" (a reference's number is its position in
	// references.json, as in the source review) or "first-cite" (numbered
	// by first citation in reading order, Vancouver style).
	Numbering string `yaml:"numbering"`
}

// Article describes the source publication the site presents.
type Article struct {
	Title       string   `yaml:"title"`
	Authors     []Author `yaml:"authors"`
	Affiliation string   `yaml:"affiliation"`
	Journal     string   `yaml:"journal"`
	JournalAbbr string   `yaml:"journalAbbreviation"`
	Year        int      `yaml:"year"`
	Volume      string   `yaml:"volume"`
	Issue       string   `yaml:"issue"`
	Pages       string   `yaml:"pages"`
	Received    string   `yaml:"received"`
	Accepted    string   `yaml:"accepted"`
	Published   string   `yaml:"published"`
	DOI         string   `yaml:"doi"`
	URL         string   `yaml:"url"`
	Keywords    []string `yaml:"keywords"`
}

// Author is one author of the source article.
type Author struct {
	Family string `yaml:"family"`
	Given  string `yaml:"given"`
	// Initials as a citation prints them ("MC"); derived from Given when empty.
	Initials string `yaml:"initials"`
}

// Markdown holds rendering switches.
type Markdown struct {
	// Unsafe lets raw HTML in Markdown through. Off by default: content is
	// text, and raw HTML is how script gets into a page.
	Unsafe bool `yaml:"unsafe"`
}

// DefaultConfig is what a content folder without site.yaml gets.
func DefaultConfig() Config {
	return Config{Title: "Untitled site", Language: "en", BaseURL: "/"}
}

func loadConfig(fsys fs.FS, diags *diag.List, file string) Config {
	cfg := DefaultConfig()
	src, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return cfg
	}
	var got Config
	yamldoc.Decode(src, yamldoc.Source{File: file, FirstLine: 1}, &got, diags)
	if got.Title != "" {
		cfg.Title = got.Title
	}
	if got.Language != "" {
		cfg.Language = got.Language
	}
	if got.BaseURL != "" {
		cfg.BaseURL = got.BaseURL
	}
	cfg.Description = got.Description
	cfg.ShortName = got.ShortName
	cfg.Article = got.Article
	cfg.Markdown = got.Markdown
	cfg.Citations = got.Citations
	cfg.EvidenceCurrentThrough = got.EvidenceCurrentThrough
	if d := cfg.EvidenceCurrentThrough; d != "" {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			line, col := valuePosition(src, "evidenceCurrentThrough")
			diags.Errorf(file, line, col, "evidenceCurrentThrough is %q; write a date as YYYY-MM-DD, e.g. 2024-12-20", d)
		}
	}
	switch cfg.Citations.Numbering {
	case "", "list", "first-cite":
	default:
		diags.Errorf(file, 0, 0, "citations.numbering is %q; use \"list\" (the order of references.json) or \"first-cite\"", cfg.Citations.Numbering)
	}
	for i, a := range cfg.Article.Authors {
		if a.Initials == "" {
			cfg.Article.Authors[i].Initials = initials(a.Given)
		}
	}
	return cfg
}

func initials(given string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(given, func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
		for _, r := range part {
			b.WriteRune(r)
			break
		}
	}
	return b.String()
}
