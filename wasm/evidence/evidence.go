// Package evidence is the vocabulary the calculators share: where a rule
// comes from, and a line of output that carries its sources.
//
// A Source is either a reference of the review's list, named by its key in
// content/references.json ("mcintyre2021"), or, where the review states a
// fact without a reference, the review itself with the section it is in
// and the page of this site that presents it. Nothing here formats HTML:
// the page turns keys into numbered links.
package evidence

// Source is where a rule comes from.
type Source struct {
	// Key is a citation key of content/references.json; empty for a fact
	// the review states without a reference.
	Key string
	// Section is the review's section for an unreferenced fact.
	Section string
	// Page is the site path of the page that presents it ("/routes/intravenous/").
	Page string
	// Note qualifies the source ("product label", "printed as [87]").
	Note string
}

// Ref cites a reference of the review's list by key.
func Ref(keys ...string) []Source {
	out := make([]Source, len(keys))
	for i, k := range keys {
		out[i] = Source{Key: k}
	}
	return out
}

// Review cites the review itself, for a fact it gives without a reference.
func Review(section, page string) []Source {
	return []Source{{Section: section, Page: page}}
}

// Kind tells output lines apart.
type Kind string

const (
	// Info is a plain result or statement.
	Info Kind = "info"
	// Warning marks a value outside the review's usual range or evidence,
	// or a caution that applies.
	Warning Kind = "warning"
	// Missing marks a condition that is not met.
	Missing Kind = "missing"
	// Met marks a condition that is met.
	Met Kind = "met"
)

// Line is one line of output: a label, a value and where it comes from.
type Line struct {
	Label   string
	Value   string
	Kind    Kind
	Sources []Source
}

// FieldError is a message about one input field; a result with any of
// them has no numbers.
type FieldError struct {
	Field   string
	Message string
}
