package refs

import (
	"bytes"
	"sync"

	"ketref/generator/cite"
	"ketref/generator/diag"
	"ketref/generator/view"
)

// Cache is the parsed bibliography, each entry's formatted view and the
// bibliography's export files. A
// site Project keeps one across builds, so that references.json is parsed again
// only when its bytes change, and an entry is formatted again only when
// the bibliography is parsed again; a one-off build has its own.
type Cache struct {
	src   []byte
	bib   *cite.Bibliography
	diags []diag.Diagnostic

	mu      sync.Mutex
	entries map[*cite.Entry]*EntryView
	exports []export // by cite.Exporters

	// views are the references' views of the last build, made under
	// viewsKey, with the diagnostics reported while making them.
	views     []*view.RefView
	viewsKey  uint64
	viewsDiag []diag.Diagnostic
}

type export struct {
	once sync.Once
	data []byte
}

// Load returns the bibliography of src, adding its diagnostics to diags.
func (c *Cache) Load(src []byte, file string, diags *diag.List) *cite.Bibliography {
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
	c.entries = map[*cite.Entry]*EntryView{}
	c.exports = make([]export, len(cite.Exporters()))
	c.mu.Unlock()
	return bib
}

// Entry returns e's formatted view; workers call it at once.
func (c *Cache) Entry(e *cite.Entry) *EntryView {
	c.mu.Lock()
	v, ok := c.entries[e]
	c.mu.Unlock()
	if ok {
		return v
	}
	style := cite.StyleNamed("vancouver")
	v = &EntryView{HTML: style.HTML(e), Text: style.Text(e), Label: style.Label(e), Meta: view.HighwireReference(e), Lookups: e.Lookups()}
	c.mu.Lock()
	c.entries[e] = v
	c.mu.Unlock()
	return v
}

// EntryView is the part of a reference's view that depends on its entry
// alone, in the Vancouver style: a Cache keeps it between builds.
type EntryView struct {
	HTML, Text, Label, Meta string
	Lookups                 []cite.Lookup
}

// Export returns the bibliography in the format of cite.Exporters()[i],
// made once per parse; workers call it at once.
func (c *Cache) Export(i int) []byte {
	c.mu.Lock()
	x := &c.exports[i]
	c.mu.Unlock()
	x.once.Do(func() { x.data = cite.Exporters()[i].Export(c.bib) })
	return x.data
}

// Views returns the references' views that build makes, reporting into
// the list it is given, under key (the caller's hash of everything they
// depend on: citations, titles, references): a Project's Cache returns the
// last views again while their key is unchanged, with their diagnostics
// added to diags again.
func (c *Cache) Views(key uint64, build func(*diag.List) []*view.RefView, diags *diag.List) []*view.RefView {
	if c.views == nil || c.viewsKey != key {
		var local diag.List
		c.views = build(&local)
		c.viewsKey, c.viewsDiag = key, local.Sorted()
	}
	for _, d := range c.viewsDiag {
		diags.Add(d)
	}
	return c.views
}
