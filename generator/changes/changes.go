// Package changes lists what changed between two snapshots of the review's
// evidence (package snapshot), classified as a reader would: a reworded
// sentence is one change, a moved table row is none, a renumbered reference
// is one entry and never a change of the claims that cite it. Words gives
// the word diff that the /changes/ page shows with <del> and <ins>.
//
// Compare matches by these rules, which are its contract:
//
//  1. Claims are compared page by page. A claim whose Kind, Text and Cites
//     are identical to an unmatched old claim of the same page is unchanged,
//     whatever its position or section (same section preferred when the
//     text occurs twice): moving a sentence or a row is not a change.
//  2. The remaining claims of a page are paired, same Kind only, greedily
//     from the highest similarity down (similarity = 2 * common words /
//     total words, words lower-cased and stripped of punctuation, common
//     words counted by longest common subsequence), so that a reworded
//     sentence pairs with its own old version. Candidates are: one old and
//     one new claim with identical Text (a "changed" entry, Note "citations
//     only") or similarity >= 0.5 (Note "numbers: a -> b" when the Numbers
//     differ, "citations: a, b -> a, c" when the Cites differ too, joined by
//     "; "); one old claim and 2 or 3 consecutive new claims of one section,
//     joined by a space, with similarity >= 0.6 (a split: one "changed"
//     entry, Note "split into N sentences" or "rows"); and the reverse, a
//     merge ("merged from N sentences"). Splits and merges compete with
//     pairs on similarity, so a sentence cut in two is a split even when one
//     half alone resembles it. Ties prefer the same section, then fewer
//     claims, then nearer positions.
//  3. What remains is "added" or "removed".
//  4. References are compared by key: a changed Text is "changed" (a
//     correction), a changed Number one "renumbered" entry (Note
//     "renumbered 12 -> 90"), a newly Withdrawn reference "withdrawn" (Note
//     "withdrawn: <reason>"); a key only in the new snapshot is "added", a
//     key gone "removed"; a lifted withdrawal is "changed" (Note "no longer
//     withdrawn"), a changed reason "changed" (Note "withdrawn: <reason>").
//     One reference may give several entries, in that order.
//  5. Figure data are matched by (page, figure, label) and rules by
//     (calculator, group, label): a changed value or citations is
//     "changed" (Note "citations only" when the value is the same,
//     "citations: a -> b" when both changed), otherwise "added" or
//     "removed". Repeated keys pair in order.
//  6. The order is deterministic: claims by page (pages in the order they
//     first appear in the new snapshot, then pages only in the old one),
//     within a page in the new document order, a removed claim right after
//     the claim that the old claim before it became (or first, when none
//     did); then references by number (the old number for a removed one);
//     then figure data, then rules, both in new order with removed items
//     placed the same way as claims.
//
// Compare never fails: any two snapshots can be compared. It does not
// modify its arguments and keeps no state between calls.
package changes

import (
	"strings"

	"ketref/generator/snapshot"
)

// Subject is what a change is about.
type Subject string

// The subjects.
const (
	Claim     Subject = "claim"
	Reference Subject = "reference"
	Figure    Subject = "figure"
	Rule      Subject = "rule"
)

// Kind is what happened to the subject.
type Kind string

// The kinds of change.
const (
	Added      Kind = "added"
	Removed    Kind = "removed"
	Changed    Kind = "changed"
	Withdrawn  Kind = "withdrawn"  // references only
	Renumbered Kind = "renumbered" // references only
)

// Change is one entry of the list of changes.
type Change struct {
	Subject Subject
	Kind    Kind
	// Page is the page path for claims and figure data; "" for references
	// and rules.
	Page string
	// Section is the section id of a claim (the new one when both exist).
	Section string
	// Key is the reference key, the figure id of a datum, or
	// "calculator/group" of a rule.
	Key string
	// Label is "sentence" or "row" for claims, the datum's or rule's label,
	// or the reference's number as text.
	Label string
	// Old and New are the whole texts before and after ("" on the side that
	// does not exist): a claim's Text, a reference's Text, a datum's or a
	// rule's Value.
	Old, New string
	// Words is the word diff Old -> New, for Kind "changed" with both texts.
	Words []Op
	// OldCites and NewCites are the citation keys of claims and data, the
	// sources of rules: set when they differ, and on added and removed.
	OldCites, NewCites []string
	// Note is a plain-text qualifier ("citations only", "numbers: 2.5 ->
	// 3", "split into 2 sentences", "renumbered 12 -> 90", ...).
	Note string
}

// Compare lists the changes from old to new by the rules of the package
// doc. A nil old gives no changes: a first release is not a change. A nil
// new is an empty snapshot.
func Compare(old, new *snapshot.Snapshot) []Change {
	if old == nil {
		return nil
	}
	if new == nil {
		new = &snapshot.Snapshot{}
	}
	var out []Change
	out = append(out, compareClaims(old.Claims, new.Claims)...)
	out = append(out, compareReferences(old.References, new.References)...)
	out = append(out, compareData(old.Figures, new.Figures)...)
	out = append(out, compareRules(old.Rules, new.Rules)...)
	return out
}

// citesNote describes a change of citations, "citations: a, b -> a, c".
func citesNote(old, new []string) string {
	return "citations: " + listOrNone(old) + " -> " + listOrNone(new)
}

// numbersNote describes a change of the numbers of a text: only the
// numbers that differ when there are as many on each side ("numbers: 2.5
// -> 3"), both lists otherwise. It is "" when they are the same.
func numbersNote(old, new []string) string {
	if equalStrings(old, new) {
		return ""
	}
	if len(old) != len(new) {
		return "numbers: " + listOrNone(old) + " -> " + listOrNone(new)
	}
	var parts []string
	for i := range old {
		if old[i] != new[i] {
			parts = append(parts, old[i]+" -> "+new[i])
		}
	}
	return "numbers: " + strings.Join(parts, ", ")
}

func listOrNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func joinNotes(notes ...string) string {
	var kept []string
	for _, n := range notes {
		if n != "" {
			kept = append(kept, n)
		}
	}
	return strings.Join(kept, "; ")
}
