package site

import (
	"strconv"

	"ketref/generator/cite"
	"ketref/generator/route"
	"ketref/generator/view"
)

// referenceTasks returns the rendering of each reference's page and of the
// bibliography exports, to run in parallel.
func (b *builder) referenceTasks(write func(string, []byte), sv *view.SiteView, cites uint64) []func() {
	layout := "reference"
	if !b.theme.HasLayout(layout) {
		if !b.theme.Broken(layout) {
			b.diags.Errorf(b.opt.TemplatesRoot+"/reference.html", 0, 0, "missing: a site with references.json needs a layout for each reference's page")
		}
		return nil
	}
	var key uint64
	if b.proj != nil {
		h := b.hasher()
		h.WriteString(strconv.FormatUint(b.renderKey, 16) + "/" + strconv.FormatUint(cites, 16))
		key = h.Sum64()
	}
	exporters := cite.Exporters()
	if p := b.proj; p != nil && p.exportsOf != b.cites.Bib {
		// The exports depend on the bibliography alone, which a Project
		// keeps while its bytes are unchanged.
		p.exportsOf = b.cites.Bib
		p.exports = make([][]byte, len(exporters))
		for i, x := range exporters {
			p.exports[i] = x.Export(b.cites.Bib)
		}
	}
	var tasks []func()
	for i, x := range exporters {
		tasks = append(tasks, func() {
			if b.proj != nil {
				write(x.File(), b.proj.exports[i])
				return
			}
			write(x.File(), x.Export(b.cites.Bib))
		})
	}
	for i := range b.cites.ByNum {
		tasks = append(tasks, func() {
			buf := b.buffer()
			defer b.recycle(buf)
			b.renderCached(route.OutPath(b.referenceURL(b.cites.ByNum[i])), key, write, func() ([]byte, bool) {
				v := b.referenceView(i, sv)
				buf.Grow(600*v.Reference.CitedCount + 24<<10)
				if err := b.theme.Execute(buf, layout, view.View{Site: sv, Page: v}, b.opt.Templates); err != nil {
					b.diags.AddErr(err)
					return nil, false
				}
				return b.kept(buf), true
			})
		})
	}
	return tasks
}

// bibliographyEntries are the bibliography's entries by number, for the
// home page's schema.org citation list; nil without a bibliography.
func (b *builder) bibliographyEntries() []*cite.Entry {
	if b.cites == nil {
		return nil
	}
	out := make([]*cite.Entry, 0, len(b.cites.ByNum))
	for _, r := range b.cites.ByNum {
		out = append(out, r.Entry)
	}
	return out
}
