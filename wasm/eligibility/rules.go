package eligibility

import (
	"ketref/wasm/calculator"
)

// Rules prints the rule table (table.go) for the site, one table per part
// of the summary, through the eligibility-table fence (on the calculator's
// page). Each row is a line the summary can show, with the condition under
// which it shows; placeholders are printed in words ("N failed adequate
// trials"). Only the generator calls it; it is not in the WebAssembly
// module.
func (Calculator) Rules() calculator.Rules {
	rules := calculator.Rules{Fence: "eligibility-table", Key: "part"}
	for _, g := range groups {
		rg := calculator.RuleGroup{ID: g.id, Name: g.name, Label: g.name + ": what the summary shows", Caption: g.name + ": every line the summary can show"}
		for _, r := range ruleTable {
			if r.group != g.id {
				continue
			}
			when := r.when.text
			if when == "" {
				when = "always"
			}
			rg.Rows = append(rg.Rows, calculator.Rule{
				Label: r.line.Label, Value: fill(r.line.Value, nil),
				When: when, Kind: string(r.line.Kind),
				Unit: r.unit, Figure: r.figure, Sources: r.line.Sources,
			})
		}
		rules.Groups = append(rules.Groups, rg)
	}
	return rules
}
