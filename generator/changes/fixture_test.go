package changes

import (
	"slices"
	"strings"
	"testing"

	"ketref/generator/snapshot"
)

// base is a small snapshot shaped like the review's: two pages with
// sections, sentences and table rows, six references, a figure and a
// calculator.
func base() *snapshot.Snapshot {
	const eff, saf = "/efficacy/", "/safety/"
	s := func(page, section, text string, cites []string, numbers ...string) snapshot.Claim {
		return snapshot.Claim{Page: page, Section: section, Kind: snapshot.Sentence, Text: text, Cites: cites, Numbers: numbers}
	}
	row := func(page, section, text string, cites []string, numbers ...string) snapshot.Claim {
		c := s(page, section, text, cites, numbers...)
		c.Kind = snapshot.Row
		return c
	}
	k := func(keys ...string) []string { return keys }
	return &snapshot.Snapshot{
		Version: "1.0", Date: "2026-01-15",
		References: []snapshot.Reference{
			{Number: 1, Key: "berman2000", Text: "Berman RM, Cappiello A, Anand A, et al. Antidepressant effects of ketamine in depressed patients. Biol Psychiatry 2000; 47: 351-354."},
			{Number: 2, Key: "zarate2006", Text: "Zarate CA Jr, Singh JB, Carlson PJ, et al. A randomized trial of an N-methyl-D-aspartate antagonist in treatment-resistant major depression. Arch Gen Psychiatry 2006; 63: 856-864."},
			{Number: 3, Key: "murrough2013", Text: "Murrough JW, Iosifescu DV, Chang LC, et al. Antidepressant efficacy of ketamine in treatment-resistant major depression: a two-site randomized controlled trial. Am J Psychiatry 2013; 170: 1134-1142."},
			{Number: 4, Key: "daly2018", Text: "Daly EJ, Singh JB, Fedgchin M, et al. Efficacy and safety of intranasal esketamine adjunctive to oral antidepressant therapy. JAMA Psychiatry 2018; 75: 139-148."},
			{Number: 5, Key: "popova2019", Text: "Popova V, Daly EJ, Trivedi M, et al. Efficacy and safety of flexibly dosed esketamine nasal spray combined with a newly initiated oral antidepressant. Am J Psychiatry 2019; 176: 428-438."},
			{Number: 6, Key: "wilkinson2018", Text: "Wilkinson ST, Ballard ED, Bloch MH, et al. The effect of a single dose of intravenous ketamine on suicidal ideation. Am J Psychiatry 2018; 175: 150-158."},
		},
		Claims: []snapshot.Claim{
			s(eff, "rapid-onset", "Ketamine produces a rapid antidepressant response within hours of a single infusion.", k("berman2000", "zarate2006")),
			s(eff, "rapid-onset", "The effect peaks at about 24 hours and fades over one to two weeks.", k("zarate2006"), "24"),
			s(eff, "rapid-onset", "Response rates after one infusion range from 50% to 70% in controlled trials.", k("murrough2013"), "50%", "70%"),
			s(eff, "esketamine", "Intranasal esketamine added to an oral antidepressant reduced relapse in stable remitters.", k("daly2018", "popova2019")),
			s(eff, "suicidality", "A single infusion reduced suicidal ideation within 24 hours in a meta-analysis of individual data.", k("wilkinson2018"), "24"),
			s(saf, "monitoring", "Blood pressure is measured before the dose and at 40 minutes.", k("popova2019"), "40"),
			s(saf, "monitoring", "Patients are observed for 2.5 hours after each dose because of dissociation and raised blood pressure.", k("popova2019"), "2.5"),
			row(saf, "adverse-effects", "Dissociation | 8–45% | transient", k("popova2019"), "8–45%"),
			row(saf, "adverse-effects", "Hypertension | 10% | transient", k("daly2018"), "10%"),
			row(saf, "adverse-effects", "Nausea | 5–30% | during dosing", k("popova2019"), "5–30%"),
			row(saf, "contraindications", "Uncontrolled hypertension | absolute", k("daly2018")),
		},
		Figures: []snapshot.Datum{
			{Page: eff, Figure: "response-time", Label: "4 hours", Value: "30%", Cites: k("murrough2013")},
			{Page: eff, Figure: "response-time", Label: "24 hours", Value: "50%", Cites: k("murrough2013")},
			{Page: eff, Figure: "response-time", Label: "7 days", Value: "35%", Cites: k("murrough2013")},
		},
		Rules: []snapshot.Rule{
			{Calculator: "dosing", Group: "iv-racemic", Label: "Dose", Value: "0.5 mg/kg", Sources: k("berman2000")},
			{Calculator: "dosing", Group: "iv-racemic", Label: "Infusion time", Value: "40 minutes", Sources: k("berman2000")},
			{Calculator: "dosing", Group: "monitoring", Label: "Observation", Value: "2.5 hours", Sources: k("popova2019", "review: monitoring")},
		},
	}
}

// edited returns a deep copy of s with edit applied, leaving s as it was.
func edited(s *snapshot.Snapshot, edit func(*snapshot.Snapshot)) *snapshot.Snapshot {
	c := *s
	c.References = slices.Clone(s.References)
	c.Claims = slices.Clone(s.Claims)
	for i := range c.Claims {
		c.Claims[i].Cites = slices.Clone(c.Claims[i].Cites)
		c.Claims[i].Numbers = slices.Clone(c.Claims[i].Numbers)
	}
	c.Figures = slices.Clone(s.Figures)
	c.Rules = slices.Clone(s.Rules)
	if edit != nil {
		edit(&c)
	}
	return &c
}

// claimAt returns the position of the claim whose text starts with prefix;
// it fails the test when there is none, so that an edit cannot silently
// miss its target.
func claimAt(t testing.TB, s *snapshot.Snapshot, prefix string) int {
	t.Helper()
	for i, c := range s.Claims {
		if strings.HasPrefix(c.Text, prefix) {
			return i
		}
	}
	t.Fatalf("no claim starts with %q", prefix)
	return -1
}

func refAt(t testing.TB, s *snapshot.Snapshot, key string) int {
	t.Helper()
	for i, r := range s.References {
		if r.Key == key {
			return i
		}
	}
	t.Fatalf("no reference %q", key)
	return -1
}

// TestFixture guards the premises of the edit scripts: the renumbered
// reference is cited by 5 claims.
func TestFixture(t *testing.T) {
	citing := 0
	for _, c := range base().Claims {
		if slices.Contains(c.Cites, "popova2019") {
			citing++
		}
	}
	if citing != 5 {
		t.Fatalf("popova2019 is cited by %d claims, want 5", citing)
	}
}
