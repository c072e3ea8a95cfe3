package view

import "html/template"

// The living review as templates see it (filled by package living): the
// /changes/ page, the "Updated" mark of a changed page, and the evidence's
// dates on the home page.

// Evidence is what the site says about how current it is.
type Evidence struct {
	// CurrentThrough is site.yaml's evidenceCurrentThrough (YYYY-MM-DD),
	// or "".
	CurrentThrough string
	// Latest is the newest release, nil before the first.
	Latest *Release
	// ChangesURL links the changes page, FeedURL its Atom feed ("" in a
	// site without releases). (Not "Changes": a layout that mentions
	// Changes waits for every page, see site.streamable.)
	ChangesURL, FeedURL string
}

// Release names one release.
type Release struct {
	Version, Date string
	// URL is its section on the changes page.
	URL string
}

// ChangesView is the changes page: the changes not yet in a release
// (nil when there are none), then every release, newest first.
type ChangesView struct {
	Unreleased *ReleaseChanges
	Releases   []ReleaseChanges
	// Base is the release the unreleased changes are counted from.
	Base *Release
}

// ReleaseChanges is one release's section of the changes page.
type ReleaseChanges struct {
	// ID is the section's element id: "unreleased" or "release-1-1".
	ID            string
	Version, Date string
	Note          string
	// Count is the number of entries; Summary says what kind ("3 claims
	// changed, 1 reference added").
	Count   int
	Summary string
	Groups  []ChangeGroup
}

// ChangeGroup is the entries of one page, or of the reference list, or of
// one calculator's rules.
type ChangeGroup struct {
	ID, Title, URL string
	Entries        []ChangeEntry
}

// ChangeEntry is one change.
type ChangeEntry struct {
	// ID is the entry's element id, stable for the same change.
	ID string
	// Kind is "added", "removed", "changed", "withdrawn" or "renumbered";
	// What names the thing ("Sentence", "Table row", "Reference 12",
	// "Figure data", "Rule").
	Kind, What string
	// Section links the section of the page the entry is in.
	Section *Link
	// Text is the entry: the words removed in <del>, the words added in
	// <ins>, the rest as text (every piece escaped).
	Text template.HTML
	// Sources is the citations before and after, when they changed, as
	// text ("[4] → [4, 12]").
	Sources string
	Note    string
}

// Updated is the mark of a page whose evidence changed: the last release
// that changed it, or the unreleased changes.
type Updated struct {
	// Date is the release's date; empty for unreleased changes.
	Date, Version string
	// URL links the page's entries on the changes page.
	URL        string
	Unreleased bool
	// Rules are the changed rules of a calculator's page.
	Rules []ChangeEntry
}
