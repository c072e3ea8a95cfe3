package dosing

import (
	"strconv"
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
		g.Rows = append(g.Rows, calculator.Rule{Label: label, Value: value, Unit: unitOf(label), Figure: figures[figureKey(r.ID, label, g.Rows)], Sources: src})
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

// unitOf is the unit of the number a row of the dose tables applies.
func unitOf(label string) string {
	switch {
	case label == "Usual dose" || label == "Range reported" || label == "Below the usual range":
		return "mg/kg"
	case strings.HasPrefix(label, "Dose ") || label == "Devices":
		return "mg"
	case label == "Infusion":
		return "minutes"
	case label == "Bioavailability":
		return "%"
	case strings.HasPrefix(label, "Schedule"):
		return "sessions"
	}
	return ""
}

// figureKey names a row of a route's table: its route, its label and
// which of the rows with that label it is (1 for the first).
func figureKey(route, label string, before []calculator.Rule) string {
	n := 1
	for _, r := range before {
		if r.Label == label {
			n++
		}
	}
	return route + "|" + label + "|" + strconv.Itoa(n)
}

// figures gives, for the rows of the dose tables that carry a number of
// the review, the review's words for it, verbatim; a row is keyed by its
// route, label and ordinal (figureKey). It is data for the printed
// tables and rules.json only: the numbers the calculator applies are in
// routeTable, and TestRuleFiguresAsPrinted (package sourcecheck) checks
// that each figure is in the review and holds the row's numbers, and that
// no row with a number lacks one.
var figures = map[string]string{
	"iv-racemic|Usual dose|1":                      "typically around 0.5-1 mg/kg",
	"iv-racemic|Range reported|1":                  "lower dosages ranging from 0.1 to 0.2 mg/kg … higher dosages between 0.5 to 1.0 mg/kg",
	"iv-racemic|Below the usual range|1":           "higher dosages between 0.5 to 1.0 mg/kg … lower dosages ranging from 0.1 to 0.2 mg/kg",
	"iv-racemic|Infusion|1":                        "over a period of 40 minutes",
	"iv-racemic|Bioavailability|1":                 "complete bioavailability",
	"iv-racemic|Schedule: First weeks|1":           "typically two times per week during the initial weeks",
	"iv-racemic|After each session|2":              "monitoring for two hours post-administration",
	"iv-racemic|Evidence|1":                        "higher dosages between 0.5 to 1.0 mg/kg … lower dosages ranging from 0.1 to 0.2 mg/kg",
	"iv-racemic|Evidence|2":                        "both 0.5 mg/kg and 1.0 mg/kg doses are effective",
	"in-esketamine|Dose 56 mg|1":                   "start with a dose of 56 mg, administered twice weekly, during an induction phase of 4 weeks",
	"in-esketamine|Dose 84 mg|1":                   "remain at 56 mg or be increased to 84 mg",
	"in-esketamine|Bioavailability|1":              "ranging from 8% to 45%",
	"in-esketamine|Schedule: Induction|1":          "start with a dose of 56 mg, administered twice weekly, during an induction phase of 4 weeks",
	"in-esketamine|Schedule: Weeks 5–8|1":          "once weekly during weeks 5 to 8",
	"in-esketamine|Schedule: After week 8|1":       "weeks 5 to 8 [35]. Following that, the frequency can be further decreased to biweekly",
	"in-esketamine|After each session|2":           "monitoring for two hours post-administration",
	"in-esketamine|Evidence|1":                     "nine studies involving 1752 patients … particularly at 84 mg",
	"oral-ketamine|Usual dose|1":                   "varied from 0.5 to 1.25 mg/kg",
	"oral-ketamine|Bioavailability|1":              "ranging from 8% to 29%",
	"oral-esketamine|Usual dose|1":                 "(0.5 to 3.0 mg/kg two times a week)",
	"oral-esketamine|Bioavailability|1":            "ranging from 8% to 29%",
	"oral-esketamine|Schedule: Open-label phase|1": "(0.5 to 3.0 mg/kg two times a week) … six weeks open-label phase",
	"oral-esketamine|Evidence|1":                   "(0.5 to 3.0 mg/kg two times a week)",
	"oral-esketamine|Evidence|2":                   "(30 mg three times a day)",
	"oral-r107|Dose 180 mg|1":                      "180 mg doses twice a week for 12 weeks",
	"oral-r107|Bioavailability|1":                  "ranging from 8% to 29%",
	"oral-r107|Schedule: Course|1":                 "180 mg doses twice a week for 12 weeks",
	"oral-r107|Evidence|1":                         "did not respond by day 8",
	"oral-ket01|Dose 160 mg|1":                     "160 mg/day or 240 mg/day of KET01 or placebo for 14 days",
	"oral-ket01|Dose 240 mg|1":                     "160 mg/day or 240 mg/day of KET01 or placebo for 14 days",
	"oral-ket01|Bioavailability|1":                 "ranging from 8% to 29%",
	"oral-ket01|Schedule: Course|1":                "for 14 days",
	"oral-ket01|Evidence|1":                        "trial after 2 weeks due to poor recruitment during the COVID-19 pandemic",
	"im-racemic|Usual dose|1":                      "a typical dose of 0.5–1 mg/kg",
	"im-racemic|Range reported|1":                  "ranged from 0.1 to 1 mg per kilogram",
	"im-racemic|Below the usual range|1":           "ranged from 0.1 to 1 mg per kilogram of body weight, with a typical dose of 0.5–1 mg/kg",
	"im-racemic|Bioavailability|1":                 "around 90%",
	"im-racemic|Evidence|1":                        "ranged from 0.1 to 1 mg per kilogram of body weight, with a typical dose of 0.5–1 mg/kg in most studies [30,43-45]",
	"im-racemic|Evidence|2":                        "25 patients with TRD found that IM ketamine (0.5 and 1 mg/kg) rapidly reduced depression and anxiety ratings for up to 7 days",
	"sc-racemic|Usual dose|1":                      "a typical dose of 0.5–1 mg/kg",
	"sc-racemic|Range reported|1":                  "ranged from 0.1 to 1 mg per kilogram",
	"sc-racemic|Below the usual range|1":           "ranged from 0.1 to 1 mg per kilogram of body weight, with a typical dose of 0.5–1 mg/kg",
	"sc-racemic|Bioavailability|1":                 "around 90%",
	"sc-racemic|Evidence|1":                        "ranged from 0.1 to 1 mg per kilogram of body weight, with a typical dose of 0.5–1 mg/kg in most studies [30,43-45]",
}
