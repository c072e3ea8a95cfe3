package site

// The Assemble stage: what is known only once every page is converted.
// Each reference gets the places that cite it (citations.go) and every
// #fragment a link points at is verified (links.go); the glossary's usage
// and the navigation are read from the converted pages when rendered.

// collect gathers the citations of every converted page and checks every
// #fragment that a link points at.
func (b *builder) collect() {
	if b.cites != nil {
		b.renderKey = b.renderGlobalKey()
		b.collectCitations()
	}
	b.checkFragments()
}
