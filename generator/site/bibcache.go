package site

import (
	"bytes"
	"sync"

	"ketref/generator/cite"
	"ketref/generator/diag"
	"ketref/generator/view"
)

// bibCache is the parsed bibliography and each entry's formatted view. A
// Project keeps one across builds, so that references.json is parsed again
// only when its bytes change, and an entry is formatted again only when
// the bibliography is parsed again; a one-off build has its own.
type bibCache struct {
	src   []byte
	bib   *cite.Bibliography
	diags []diag.Diagnostic

	mu      sync.Mutex
	entries map[*cite.Entry]*entryView
}

// load returns the bibliography of src, adding its diagnostics to diags.
func (c *bibCache) load(src []byte, file string, diags *diag.List) *cite.Bibliography {
	if c.bib != nil && bytes.Equal(c.src, src) {
		for _, d := range c.diags {
			diags.Add(d)
		}
		return c.bib
	}
	var local diag.List
	bib := cite.LoadBibliography(src, file, &local)
	for _, d := range local.Sorted() {
		diags.Add(d)
	}
	c.bib, c.src, c.diags = bib, src, local.Sorted()
	c.mu.Lock()
	c.entries = map[*cite.Entry]*entryView{}
	c.mu.Unlock()
	return bib
}

// entry returns e's formatted view; workers call it at once.
func (c *bibCache) entry(e *cite.Entry) *entryView {
	c.mu.Lock()
	v, ok := c.entries[e]
	c.mu.Unlock()
	if ok {
		return v
	}
	style := cite.StyleNamed("vancouver")
	v = &entryView{html: style.HTML(e), text: style.Text(e), label: style.Label(e), meta: view.HighwireReference(e), lookups: e.Lookups()}
	c.mu.Lock()
	c.entries[e] = v
	c.mu.Unlock()
	return v
}
