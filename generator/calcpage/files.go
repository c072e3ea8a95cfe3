package calcpage

import (
	"bytes"
	"encoding/json"

	"ketref/wasm/calculator"
	"ketref/wasm/calculators"
	"ketref/wasm/vectors"
)

// The calculators' data the build publishes beside their pages, for anyone
// to check the calculators against (README.md, "Rules and test vectors").
const (
	RulesFile   = "calculators/rules.json"
	VectorsFile = "calculators/vectors.json"
)

// RuleSource is one source of a rule in rules.json: a reference by key and
// number, or the review's section (and this site's page) for a fact the
// review states without a reference.
type RuleSource struct {
	Key     string `json:"key,omitempty"`
	Number  int    `json:"number,omitempty"`
	Section string `json:"section,omitempty"`
	Page    string `json:"page,omitempty"`
	Note    string `json:"note,omitempty"`
}

// PublishedRule is one row of a calculator's rule tables in rules.json.
type PublishedRule struct {
	Calculator string       `json:"calculator"`
	Group      string       `json:"group"`
	GroupName  string       `json:"groupName"`
	Label      string       `json:"label"`
	Value      string       `json:"value"`
	When       string       `json:"when,omitempty"`
	Kind       string       `json:"kind,omitempty"`
	Unit       string       `json:"unit,omitempty"`
	Figure     string       `json:"figure,omitempty"`
	Sources    []RuleSource `json:"sources"`
}

// PublishedRules is rules.json: the rules' version and date (as the module
// reports them) and every rule, in the order the tables show them.
type PublishedRules struct {
	Version string          `json:"version"`
	Date    string          `json:"date"`
	Rules   []PublishedRule `json:"rules"`
}

// Rules makes rules.json's content from the rule tables the pages print
// (the same calculator.Rules, row for row); numberOf gives a reference's
// number (0 when unknown).
func Rules(numberOf func(key string) int) PublishedRules {
	out := PublishedRules{Version: calculators.RulesVersion(), Date: calculators.RulesDate}
	for _, c := range calculators.All() {
		rb, ok := c.(calculator.RuleBook)
		if !ok {
			continue
		}
		for _, g := range rb.Rules().Groups {
			for _, row := range g.Rows {
				r := PublishedRule{
					Calculator: c.Manifest().ID, Group: g.ID, GroupName: g.Name, Label: row.Label, Value: row.Value,
					When: row.When, Kind: row.Kind, Unit: row.Unit, Figure: row.Figure, Sources: []RuleSource{},
				}
				for _, s := range row.Sources {
					rs := RuleSource{Key: s.Key, Section: s.Section, Page: s.Page, Note: s.Note}
					if s.Key != "" {
						rs.Number = numberOf(s.Key)
					}
					r.Sources = append(r.Sources, rs)
				}
				out.Rules = append(out.Rules, r)
			}
		}
	}
	return out
}

// Files returns rules.json and vectors.json by their paths in the site.
func Files(numberOf func(key string) int) map[string][]byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	_ = enc.Encode(Rules(numberOf)) // plain data: cannot fail
	return map[string][]byte{RulesFile: b.Bytes(), VectorsFile: vectors.JSON()}
}
