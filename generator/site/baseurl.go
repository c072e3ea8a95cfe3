package site

import (
	"io/fs"
	"path"

	"go.yaml.in/yaml/v3"

	"ketref/generator/content"
	"ketref/generator/safeurl"
)

// baseURLSafe reports whether raw, the base URL every canonical link,
// og:url and sitemap entry starts with, is a path or an http(s) URL, and
// reports it at its place in site.yaml (or unlocated, from -base-url)
// when it is not.
func (b *builder) baseURLSafe(raw string) bool {
	sc := safeurl.Scheme(raw)
	if sc == "" || sc == "http" || sc == "https" {
		return true
	}
	file := path.Join(b.opt.ContentRoot, content.ConfigFile)
	line, col := 0, 0
	if b.opt.BaseURL != "" {
		file = ""
	} else {
		line, col = b.configValuePosition("baseURL")
	}
	b.diags.Errorf(file, line, col, "baseURL %q uses the scheme %q; give a path (/review/) or an http or https URL (https://example.org/review/)", raw, sc+":")
	return false
}

// configValuePosition is the line and column of key's value in site.yaml,
// or 0, 0.
func (b *builder) configValuePosition(key string) (int, int) {
	src, err := fs.ReadFile(b.opt.Content, content.ConfigFile)
	if err != nil {
		return 0, 0
	}
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
