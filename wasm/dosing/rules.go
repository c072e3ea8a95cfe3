package dosing

import (
	"strings"

	"ketref/wasm/calculator"
	"ketref/wasm/evidence"
	"ketref/wasm/input"
)

// Rules prints the rule table for the site, one table per route, through
// the dosing-table fence (on the route pages and the calculator's page).
// Only the generator calls it; it is not in the WebAssembly module.
func (Calculator) Rules() calculator.Rules {
	rules := calculator.Rules{Fence: "dosing-table", Key: "route"}
	for _, r := range Routes() {
		rules.Groups = append(rules.Groups, ruleGroup(r))
	}
	return rules
}

func ruleGroup(r Route) calculator.RuleGroup {
	g := calculator.RuleGroup{
		ID: r.ID, Name: r.Name,
		Label:   r.Name + ": doses from the review",
		Caption: r.Name + " — " + r.Agent + ", " + strings.ToLower(r.Route[:1]) + r.Route[1:],
	}
	row := func(label, value string, src []evidence.Source) {
		g.Rows = append(g.Rows, calculator.Rule{Label: label, Value: value, Sources: src})
	}
	if r.PerKg {
		row("Usual dose", mgPerKg(r.Usual), r.UsualSources)
		if r.Studied != r.Usual {
			row("Range reported", mgPerKg(r.Studied), r.StudiedSource)
		}
		if r.BelowUsual != nil {
			row("Below the usual range", r.BelowUsual.Text, r.BelowUsual.Sources)
		}
	}
	for _, f := range r.Fixed {
		row("Dose "+input.Format(f.MG, 0)+" mg", f.Use, f.Sources)
	}
	if r.DeviceMG > 0 {
		var per []string
		for _, f := range r.Fixed {
			per = append(per, input.Format(f.MG/r.DeviceMG, 0)+" for "+input.Format(f.MG, 0)+" mg")
		}
		row("Devices", input.Format(r.DeviceMG, 0)+" mg per device ("+strings.Join(per, ", ")+")", r.DeviceSources)
	}
	if r.InfusionMinutes > 0 {
		row("Infusion", "Over "+input.Format(r.InfusionMinutes, 0)+" minutes", r.InfusionSources)
	}
	row("Bioavailability", r.BioavailabilityText, r.BioavailabilitySources)
	for _, p := range r.Schedule {
		row("Schedule: "+p.Name, p.Text, p.Sources)
	}
	if len(r.Monitoring) == 0 {
		row("Monitoring", "The review states monitoring requirements only for IV racemic ketamine and intranasal esketamine; none for this route", evidence.Ref("schep2023"))
	}
	for _, m := range r.Monitoring {
		row("After each session", m.Text, m.Sources)
	}
	for _, e := range r.Evidence {
		row("Evidence", e.Text, e.Sources)
	}
	return g
}
