package site

// The Load stage: read the content folder and the templates, make the
// build's Router, number the references and choose each page's layout.

import (
	"context"
	"html/template"
	"path"
	"strings"

	"github.com/yuin/goldmark"

	"ketref/generator/calcpage"
	"ketref/generator/cite"
	"ketref/generator/claims"
	"ketref/generator/content"
	"ketref/generator/figure"
	"ketref/generator/glossary"
	"ketref/generator/gosource"
	"ketref/generator/markdown"
	"ketref/generator/theme"
	"ketref/generator/wasmbuild"
)

// load reads the content folder: pages, site.yaml and the glossary.
func (b *builder) load(cache *content.Cache) {
	b.site = content.Load(b.opt.Content, content.Options{Root: b.opt.ContentRoot, Drafts: b.opt.Drafts, Cache: cache}, b.diags)
	b.setBase()
	if src, ok := b.site.Data[glossary.File]; ok {
		b.glossary = glossary.Load(src, path.Join(b.opt.ContentRoot, glossary.File), b.diags)
	}
}

// prepare indexes the loaded pages, reads the bibliography, numbers the
// references and chooses layouts; it returns the Markdown converter.
func (b *builder) prepare() *markdown.Converter {
	b.bySource = make(map[*content.Page]*page, len(b.site.Pages))
	b.urls = make(map[string]*page, len(b.site.Pages))
	for _, cp := range b.site.Pages {
		pg := &page{Page: cp, href: b.route.Href(cp.URL)}
		b.pages = append(b.pages, pg)
		b.bySource[cp] = pg
		b.urls[cp.URL] = pg
	}
	b.setupCitations()
	b.setupReleases()
	b.chooseLayouts()
	conv := b.converter()
	if b.cites != nil {
		if b.site.Config.Citations.Numbering == "first-cite" {
			b.cites.Number(b.firstCiteOrder(conv))
		}
		b.finishTargets()
	}
	b.prepareLiving()
	b.structure = b.structureKey()
	return conv
}

// calculators compiles (or reuses) the calculator module.
func (b *builder) calculators() *wasmbuild.Module {
	if b.opt.Wasm == nil {
		return nil
	}
	return b.themes.Module(func() *wasmbuild.Module {
		m, err := wasmbuild.Build(context.Background(), *b.opt.Wasm, b.diags)
		if err != nil && !b.diags.HasErrors(false) {
			b.diags.Errorf(b.opt.Wasm.SourceDir, 0, 0, "calculators: %v", err)
		}
		return m
	})
}

// loadTheme loads the templates folder, or reuses the theme of the last
// build when neither the templates nor the generated assets changed.
func (b *builder) loadTheme(module *wasmbuild.Module) *theme.Theme {
	return b.themes.Theme(module, b.route.BasePath(), func(previous *theme.Theme) *theme.Theme {
		generated := map[string][]byte{"code.css": markdown.CodeCSS("github", "github-dark")}
		if module != nil {
			generated["ketcalc.wasm"] = module.Wasm
			generated["wasm_exec.js"] = module.ExecJS
		}
		return theme.Load(b.opt.Templates, theme.Options{
			Previous:     previous,
			Placeholders: b.themes != nil,
			Root:         b.opt.TemplatesRoot,
			BasePath:     b.route.BasePath(),
			Generated:    generated,
			Funcs: template.FuncMap{
				// "1-9" -> "1" and "9", for citation_firstpage/lastpage.
				"firstPage": func(pages string) string { first, _, _ := strings.Cut(pages, "-"); return first },
				// Highwire dates are written 2024/12/20.
				"slashDate": func(date string) string { return strings.ReplaceAll(date, "-", "/") },
				"lastPage": func(pages string) string {
					_, last, ok := strings.Cut(pages, "-")
					if !ok {
						return pages
					}
					return last
				},
			},
		}, b.diags)
	}, b.templatesKey)
}

// converter builds the goldmark converter with the site's extensions.
func (b *builder) converter() *markdown.Converter {
	abbrs := map[string]string{}
	for _, t := range b.glossary {
		abbrs[t.Abbr] = t.Expansion
	}
	var fences markdown.Fences
	for name, f := range calcpage.Fences() {
		fences.Register(name, f)
	}
	fences.Register("go-source", gosource.Fence(b.wasmSources()))
	fences.Register("figure", figure.Fence)
	for name, f := range b.opt.fences {
		fences.Register(name, f)
	}
	return markdown.New(markdown.Options{
		Unsafe:        b.site.Config.Markdown.Unsafe,
		Extensions:    []goldmark.Extender{&cite.Extension{}, claims.Extension{Skip: !b.keepsEvidence()}},
		Fences:        fences,
		Abbreviations: abbrs,
	})
}

func (b *builder) chooseLayouts() {
	for _, pg := range b.pages {
		want := pg.Meta.Layout
		switch {
		case want != "":
		case pg.Kind == content.Home:
			want = "home"
		case pg.Kind == content.Section:
			want = "section"
		default:
			want = "page"
		}
		if !b.theme.HasLayout(want) && pg.Meta.Layout == "" && want != "page" && (b.theme.HasLayout("page") || b.theme.Broken("page")) {
			want = "page" // home and section fall back to the page layout
		}
		pg.layout = want
		if b.theme.HasLayout(want) || b.theme.Broken(want) {
			continue
		}
		avail := strings.Join(b.theme.Layouts(), ", ")
		if pg.Meta.Layout != "" {
			b.diags.Errorf(pg.File, pg.Meta.LayoutLine, pg.Meta.LayoutCol, "layout %q not found: there is no %s/%s.html (layouts: %s)", want, b.opt.TemplatesRoot, want, avail)
		} else {
			b.diags.Errorf(path.Join(b.opt.TemplatesRoot, want+".html"), 0, 0, "missing: %s needs layout %q; create this file", pg.File, want)
		}
	}
}
