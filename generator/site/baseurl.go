package site

import (
	"path"

	"ketref/generator/content"
	"ketref/generator/route"
)

// setBase makes the build's Router from site.yaml's baseURL or the
// -base-url flag, which wins when given.
func (b *builder) setBase() {
	config := path.Join(b.opt.ContentRoot, content.ConfigFile)
	base := route.Base{Raw: b.site.Config.BaseURL, File: config, Config: config, Position: func() (int, int) { return content.ValuePosition(b.opt.Content, "baseURL") }}
	if b.opt.BaseURL != "" {
		base.Raw, base.File = b.opt.BaseURL, ""
	}
	b.route = route.New(base, b.diags)
}
