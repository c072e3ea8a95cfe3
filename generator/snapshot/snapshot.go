// Package snapshot is the vocabulary of a living review: the evidence a
// site presents at one moment, as plain data that a release file stores
// (package release), the matcher compares (package changes) and the
// Markdown extraction fills (package claims).
//
// The evidence is every claim (a sentence of a paragraph or list item, or
// a table body row, with its citations and numbers, identified by page and
// section), every reference with its number, every datum of every figure
// and every calculator rule (value and sources). Claims cite by key, never
// by number, so that a renumbered reference changes one Reference and no
// claim.
//
// Nothing here depends on how the data is stored or shown. Slices are in
// document order (claims, data) or number order (references); the zero
// value of each field means "none".
package snapshot

// Snapshot is the evidence of a site at one moment: a release, or the
// working tree.
type Snapshot struct {
	// Version names a release ("1.0"); empty for the working tree.
	Version string `json:"version"`
	// Date is the release date, YYYY-MM-DD.
	Date string `json:"date"`
	// Note is the editors' summary of the release, plain text.
	Note string `json:"note,omitempty"`
	// Previous is the version this release was cut after ("" for the
	// first), so that two releases cut on separate branches are told
	// apart from one release after another.
	Previous   string      `json:"previous,omitempty"`
	References []Reference `json:"references"`
	Claims     []Claim     `json:"claims"`
	Figures    []Datum     `json:"figures"`
	Rules      []Rule      `json:"rules"`
}

// OnPage returns copies of a page's claims and figure data with their Page
// set to path (the extraction leaves it empty, and its results are shared
// between builds).
func OnPage(path string, claims []Claim, data []Datum) ([]Claim, []Datum) {
	c, d := make([]Claim, len(claims)), make([]Datum, len(data))
	for i, x := range claims {
		x.Page = path
		c[i] = x
	}
	for i, x := range data {
		x.Page = path
		d[i] = x
	}
	return c, d
}

// Reference is one entry of the reference list.
type Reference struct {
	// Number is the reference's number, stable across releases: 1-88 are
	// the review's; a new reference takes the next number never used; a
	// withdrawn reference keeps its number, which is never reused.
	Number int    `json:"number"`
	Key    string `json:"key"`
	// Text is the formatted entry as plain text ("Berman RM, Cappiello A,
	// Anand A, et al. Antidepressant effects ... 2000; 47: 351-354.").
	Text string `json:"text"`
	// Withdrawn gives the reason, when the reference is withdrawn.
	Withdrawn string `json:"withdrawn,omitempty"`
}

// Claim kinds.
const (
	Sentence = "sentence" // a sentence of a paragraph or list item
	Row      = "row"      // a table body row, its cells joined by " | "
)

// Claim is one statement of a page.
type Claim struct {
	// Page is the site path of the page ("/efficacy/").
	Page string `json:"page"`
	// Section is the id of the heading the claim stands under ("" before
	// the first heading).
	Section string `json:"section,omitempty"`
	Kind    string `json:"kind"`
	// Text is the claim as plain text, without its citations.
	Text string `json:"text"`
	// Cites are the citation keys of the claim, in written order, each once.
	Cites []string `json:"cites,omitempty"`
	// Numbers are the numbers written in Text, in order ("2.5", "1–2").
	Numbers []string `json:"numbers,omitempty"`
}

// Datum is one data item of a figure.
type Datum struct {
	Page string `json:"page"`
	// Figure is the figure's id on its page.
	Figure string `json:"figure"`
	Label  string `json:"label"`
	// Value is the datum as the figure's data table shows it ("8–45%").
	Value string   `json:"value"`
	Cites []string `json:"cites,omitempty"`
}

// Rule is one row of a calculator's rule tables: the data the calculator
// computes with.
type Rule struct {
	// Calculator is the calculator's id ("dosing"), Group the table's id
	// ("iv-racemic").
	Calculator string `json:"calculator"`
	Group      string `json:"group"`
	Label      string `json:"label"`
	Value      string `json:"value"`
	// Sources are citation keys, or "review: <section>" for a fact the
	// review states without a reference.
	Sources []string `json:"sources,omitempty"`
}
