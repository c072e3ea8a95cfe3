// Package glossary reads content/glossary.yaml: the abbreviations the site
// uses, each defined once.
//
// The file is a YAML list of entries with `abbr` (as written in the text,
// "TRD"), `expansion` ("treatment-resistant depression") and an optional
// `note`. Load reports a missing field, an abbreviation defined twice and
// any unknown key at file:line:col, and returns the entries sorted
// case-insensitively by abbreviation. Each term's anchor on the glossary
// page is "term-" and the slug of its abbreviation (see package slug).
package glossary

import (
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"ketref/generator/diag"
	"ketref/generator/slug"
	"ketref/generator/yamldoc"
)

// File is the glossary's name inside the content folder.
const File = "glossary.yaml"

// Term is one abbreviation.
type Term struct {
	Abbr      string `yaml:"abbr" yamldoc:"required"`
	Expansion string `yaml:"expansion" yamldoc:"required"`
	Note      string `yaml:"note"`
	// ID is the term's anchor on the glossary page ("term-trd").
	ID string `yaml:"-"`
}

type document struct {
	Terms []Term `yaml:"terms"`
}

// Load parses the glossary source; file names it in diagnostics.
func Load(src []byte, file string, diags *diag.List) []Term {
	var doc document
	root := yamldoc.Decode(src, yamldoc.Source{File: file, FirstLine: 1}, &doc, diags)
	if root == nil {
		return nil
	}
	seen := map[string]bool{}
	var terms []Term
	for i, t := range doc.Terms {
		key := strings.ToLower(t.Abbr)
		if t.Abbr == "" || t.Expansion == "" {
			continue // reported by Decode as a missing key
		}
		if seen[key] {
			line, col := entryPosition(root, i)
			diags.Errorf(file, line, col, "abbreviation %q is defined twice; keep one entry", t.Abbr)
			continue
		}
		seen[key] = true
		t.ID = "term-" + slug.Make(t.Abbr)
		terms = append(terms, t)
	}
	sort.SliceStable(terms, func(i, j int) bool { return strings.ToLower(terms[i].Abbr) < strings.ToLower(terms[j].Abbr) })
	return terms
}

func entryPosition(root *yaml.Node, i int) (int, int) {
	for k := 0; k+1 < len(root.Content); k += 2 {
		if root.Content[k].Value == "terms" {
			if seq := root.Content[k+1]; i < len(seq.Content) {
				return seq.Content[i].Line, seq.Content[i].Column
			}
		}
	}
	return 0, 0
}
