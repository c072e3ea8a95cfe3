package site

import (
	"strconv"

	"ketref/generator/cite"
	"ketref/generator/reflist"
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
	var tasks []func()
	for i, x := range cite.Exporters() {
		// The exports depend on the bibliography alone: b.bibs makes them
		// once per parse, which a Project keeps while its bytes are unchanged.
		tasks = append(tasks, func() { write(x.File(), b.bibs.Export(i)) })
	}
	for i := range b.cites.ByNum {
		tasks = append(tasks, func() {
			buf := b.bufs.Get()
			defer b.bufs.Put(buf)
			b.renderCached(route.OutPath(b.referenceURL(b.cites.ByNum[i])), key, write, func() ([]byte, bool) {
				v := b.referenceView(i, sv)
				buf.Grow(600*v.Reference.CitedCount + 24<<10)
				if err := b.theme.Execute(buf, layout, view.View{Site: sv, Page: v}, b.opt.Templates); err != nil {
					b.diags.AddErr(err)
					return nil, false
				}
				return b.bufs.Bytes(buf), true
			})
		})
	}
	return tasks
}

// morePages is where pg is written besides its URL: for the reference
// list, its pages after the first (package reflist; none up to 500
// references). Nil for any other page, and for no page.
func (b *builder) morePages(pg *page) []string {
	if b.cites == nil || pg == nil || pg != b.cites.list || len(b.cites.ByNum) == 0 {
		return nil
	}
	return reflist.Paths(pg.URL, b.cites.ByNum[len(b.cites.ByNum)-1].Number)[1:]
}
