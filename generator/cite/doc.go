// Package cite reads the bibliography, turns [@key] citations into
// numbered links, and formats and exports the entries.
//
// # Bibliography
//
// LoadBibliography reads content/references.json, a CSL-JSON array (the
// format Zotero exports and Pandoc reads). Each entry needs a unique "id";
// its number is its position in the array, from 1, which is the numbering
// of the source review. Malformed JSON, an entry that is not an object, a
// missing or duplicate id and a URL that is not http or https are errors at
// file:line:col.
//
// # Citations
//
// Extension adds Pandoc citation groups to the Markdown converter:
// `[@key]`, `[@a; @b]`, `[see @key, p. 4]`. A Resolver, set per document
// with Use, maps keys to Targets (number, href, label); an unknown key is a
// Problem at the group's offset, with the nearest keys the Resolver
// suggests. Each group gets an id (cite-1, cite-2, ...) and is recorded as
// an Occurrence with its heading and the sentence around it, for backlinks.
// Blocks that a fence generates cite through RecordGroup.
//
// # Styles
//
// A Style formats an entry for reading: as text, as HTML with its URL
// linked, and as a short label for accessible names. Styles lists them and
// StyleNamed finds one; "vancouver" (NLM, as the review prints its list) is
// the one there is. A new style is one file with a type implementing Style
// and its line in Styles.
//
// # Exports
//
// An Exporter writes the whole bibliography as one downloadable file:
// Exporters returns BibTeX (references.bib), RIS (references.ris) and
// CSL-JSON (references.json), in the order the site links them, each with
// its file name and media type. A new export is one file with a type
// implementing Exporter and its line in Exporters. Entry.BibTeX and
// Entry.RIS give one entry alone, for the "cite this" block.
package cite
