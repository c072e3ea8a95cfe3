package site

import (
	"ketref/generator/content"
	"ketref/generator/headers"
	"ketref/generator/offline"
)

// wasmAsset is the calculators' module; a layout whose templates name it
// runs WebAssembly, and so gets the calculator policy (package headers).
const wasmAsset = "ketcalc.wasm"

// pagePolicy is the policy for the meta tag of a page of layout.
func (b *builder) pagePolicy(layout string) string {
	return headers.MetaPolicy(b.theme.UsesAsset(layout, wasmAsset))
}

// headersFile renders _headers: every HTML file the build writes, by each
// path it is served under, with its layout's need of the calculators.
func (b *builder) headersFile() []byte {
	var pages []headers.Page
	for _, pg := range b.pages {
		pages = append(pages, headers.Page{Path: pg.URL, Calc: b.theme.UsesAsset(pg.layout, wasmAsset)})
		for _, a := range pg.Meta.Aliases {
			pages = append(pages, headers.Page{Path: content.NormalizeAlias(a)})
		}
	}
	if b.cites != nil && b.theme.HasLayout("reference") {
		for _, r := range b.cites.ByNum {
			pages = append(pages, headers.Page{Path: b.referenceURL(r)})
		}
	}
	pages = append(pages, headers.Page{Path: "/404.html"}, headers.Page{Path: offline.OfflinePage})
	var assets []string
	for _, a := range b.theme.Assets() {
		assets = append(assets, a.Out)
	}
	// The manifest and the worker keep their names as their bytes change.
	return headers.Render(pages, assets, b.route, "/"+offline.ManifestFile, "/"+offline.WorkerFile)
}

// headersKey is the render key of _headers: the pages' URLs, layouts and
// aliases and the templates (in the render key), the number of references
// and the assets' names.
func (b *builder) headersKey() uint64 {
	if b.proj == nil {
		return 0
	}
	h := b.hasher()
	h.Key(b.sitemapKey())
	for _, a := range b.theme.Assets() {
		h.WriteString(a.Out)
		h.WriteByte(0)
	}
	return h.Sum64()
}
