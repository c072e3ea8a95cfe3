// Package release reads, checks and writes the release files of a living
// review: content/releases/<version>.json, one per release, each a
// snapshot.Snapshot of the site's evidence, checked into git.
//
// # Format
//
// Encode writes a release deterministically, so that git diffs and merges
// work per entry: the top-level keys in the order version, date, note,
// previous, references, claims, figures, rules (note and previous left out
// when empty); two-space indentation; each element of an array on one line
// of its own, its keys in a fixed order; characters such as <, > and &
// written as they are; no trailing spaces; a final newline:
//
//	{
//	  "version": "1.1",
//	  "date": "2026-12-03",
//	  "note": "Adds the 2026 esketamine trial.",
//	  "previous": "1.0",
//	  "references": [
//	    {"number":1,"key":"berman2000","text":"Berman RM, Cappiello A, ... 2000; 47: 351-354."},
//	    {"number":89,"key":"lee2026","text":"Lee J, ... 2026; 3: 1-9.","withdrawn":"retracted by the journal"}
//	  ],
//	  "claims": [
//	    {"page":"/efficacy/","section":"onset","kind":"sentence","text":"Response within 24 hours.","cites":["berman2000"],"numbers":["24"]}
//	  ],
//	  "figures": [],
//	  "rules": []
//	}
//
// # Errors
//
// Decode is strict, and every problem it finds is reported to a diag.List
// at file:line:col of the offending value, with what to do about it: a
// syntax error, an unknown or repeated key, a value of the wrong type, a
// missing required field, an empty text, a version that is not the file's
// name or not dot-separated numbers (1.0, 1.2.3), a date that is not a
// real YYYY-MM-DD, a reference number below 1 or given twice, a key empty
// or given twice, a claim kind other than "sentence" or "row", a citation
// of a key that is not among the release's references, and git merge
// conflict markers (found before the JSON is parsed, and explained).
//
// Load reads every release of a folder into a History and checks the chain
// across them: releases ordered by version (numerically per component,
// 1.10 after 1.9), each naming the one just before it as "previous" (two
// releases cut after the same one on separate branches and then merged are
// explained as such), dates that never go back, a reference key that keeps
// its number in every release, and a number never given to another key.
// Every error is reported, not only the first.
//
// Number gives the current references their stable numbers, Missing names
// the published references the current list has lost, and Check and Write
// cut a new release: Write never overwrites a release file and never
// leaves a partial or temporary file behind.
//
// The package holds no state; a History is read-only once loaded.
package release
