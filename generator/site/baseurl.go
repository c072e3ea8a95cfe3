package site

import (
	"io/fs"
	"path"

	"go.yaml.in/yaml/v3"

	"ketref/generator/content"
	"ketref/generator/route"
)

// setBase makes the build's Router from site.yaml's baseURL or the
// -base-url flag, which wins when given.
func (b *builder) setBase() {
	config := path.Join(b.opt.ContentRoot, content.ConfigFile)
	base := route.Base{Raw: b.site.Config.BaseURL, File: config, Config: config, Position: func() (int, int) { return b.configValuePosition("baseURL") }}
	if b.opt.BaseURL != "" {
		base.Raw, base.File = b.opt.BaseURL, ""
	}
	b.route = route.New(base, b.diags)
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
