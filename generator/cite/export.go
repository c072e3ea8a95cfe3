package cite

// An Exporter writes the whole bibliography as one file that readers
// download into their reference managers. A new export is a file of this
// package with a type implementing Exporter, and its line in Exporters.
type Exporter interface {
	// Name is what a link to the file says ("BibTeX").
	Name() string
	// File is the file's name at the site's root ("references.bib").
	File() string
	// MediaType is the file's media type, for servers that set one.
	MediaType() string
	// Export returns the file's bytes: every entry, in file order.
	Export(b *Bibliography) []byte
}

// Exporters returns the exports in the order the site lists them.
func Exporters() []Exporter {
	return []Exporter{bibTeX{}, ris{}, cslJSON{}}
}

// ExporterNamed returns the export called name (as Name gives it), or nil.
func ExporterNamed(name string) Exporter {
	for _, x := range Exporters() {
		if x.Name() == name {
			return x
		}
	}
	return nil
}
