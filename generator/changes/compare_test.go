package changes

import (
	"reflect"
	"slices"
	"testing"

	"ketref/generator/snapshot"
)

// brief is the part of a Change that the edit-script table checks exactly.
type brief struct {
	Subject    Subject
	Kind       Kind
	Page       string
	Section    string
	Key, Label string
	Note       string
}

func briefs(changes []Change) []brief {
	out := []brief{}
	for _, c := range changes {
		out = append(out, brief{c.Subject, c.Kind, c.Page, c.Section, c.Key, c.Label, c.Note})
	}
	return out
}

const (
	s1 = "Ketamine produces a rapid"
	s2 = "The effect peaks"
	s3 = "Response rates after"
	s4 = "Intranasal esketamine"
	s6 = "A single infusion reduced"
	s7 = "Blood pressure is measured"
	s8 = "Patients are observed"
)

func TestCompareEditScripts(t *testing.T) {
	reword1 := func(t testing.TB, s *snapshot.Snapshot) {
		s.Claims[claimAt(t, s, s1)].Text = "Ketamine gives a fast antidepressant response within hours of one infusion."
	}
	tests := []struct {
		name string
		edit func(testing.TB, *snapshot.Snapshot)
		want []brief
		// olds, when set, are the Old texts of the changes in order: a
		// reworded claim must pair with its own old version.
		olds  []string
		words []Op // when set, the Words of the only change
	}{
		{name: "reword a sentence", edit: reword1,
			want: []brief{{Claim, Changed, "/efficacy/", "rapid-onset", "", "sentence", ""}}},
		{name: "split a sentence in two", edit: func(t testing.TB, s *snapshot.Snapshot) {
			i := claimAt(t, s, s2)
			second := s.Claims[i]
			s.Claims[i].Text = "The effect peaks at about 24 hours."
			second.Text, second.Numbers = "It then fades over one to two weeks.", nil
			s.Claims = slices.Insert(s.Claims, i+1, second)
		}, want: []brief{{Claim, Changed, "/efficacy/", "rapid-onset", "", "sentence", "split into 2 sentences"}}},
		{name: "merge two sentences", edit: func(t testing.TB, s *snapshot.Snapshot) {
			i := claimAt(t, s, s7)
			s.Claims[i].Text = "Blood pressure is measured before the dose and at 40 minutes, and patients are observed for 2.5 hours after each dose because of dissociation and raised blood pressure."
			s.Claims[i].Numbers = []string{"40", "2.5"}
			s.Claims = slices.Delete(s.Claims, i+1, i+2)
		}, want: []brief{{Claim, Changed, "/safety/", "monitoring", "", "sentence", "merged from 2 sentences"}}},
		{name: "move table rows, one to another section", edit: func(t testing.TB, s *snapshot.Snapshot) {
			hyp, nausea := claimAt(t, s, "Hypertension"), claimAt(t, s, "Nausea")
			s.Claims[hyp].Section = "contraindications"
			moved := s.Claims[nausea]
			s.Claims = slices.Delete(s.Claims, nausea, nausea+1)
			s.Claims = slices.Insert(s.Claims, claimAt(t, s, "Dissociation"), moved)
			last := s.Claims[hyp+1]
			s.Claims = slices.Delete(s.Claims, hyp+1, hyp+2)
			s.Claims = append(s.Claims, last)
		}, want: []brief{}},
		{name: "change only a number", edit: func(t testing.TB, s *snapshot.Snapshot) {
			i := claimAt(t, s, s8)
			s.Claims[i].Text = "Patients are observed for 3 hours after each dose because of dissociation and raised blood pressure."
			s.Claims[i].Numbers = []string{"3"}
		}, want: []brief{{Claim, Changed, "/safety/", "monitoring", "", "sentence", "numbers: 2.5 -> 3"}},
			words: []Op{{Equal, "Patients are observed for "}, {Delete, "2.5 "}, {Insert, "3 "},
				{Equal, "hours after each dose because of dissociation and raised blood pressure."}}},
		{name: "change only a citation", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.Claims[claimAt(t, s, s3)].Cites = []string{"zarate2006"}
		}, want: []brief{{Claim, Changed, "/efficacy/", "rapid-onset", "", "sentence", "citations only"}}},
		{name: "reword and recite", edit: func(t testing.TB, s *snapshot.Snapshot) {
			i := claimAt(t, s, s3)
			s.Claims[i].Text = "Response rates after one infusion range from 50% to 75% in controlled trials."
			s.Claims[i].Numbers = []string{"50%", "75%"}
			s.Claims[i].Cites = []string{"murrough2013", "zarate2006"}
		}, want: []brief{{Claim, Changed, "/efficacy/", "rapid-onset", "", "sentence",
			"numbers: 70% -> 75%; citations: murrough2013 -> murrough2013, zarate2006"}}},
		{name: "add a sentence", edit: func(t testing.TB, s *snapshot.Snapshot) {
			i := claimAt(t, s, s3)
			added := s.Claims[i]
			added.Text, added.Cites, added.Numbers = "Repeated infusions twice weekly sustain the response in some patients.", []string{"murrough2013"}, nil
			s.Claims = slices.Insert(s.Claims, i+1, added)
		}, want: []brief{{Claim, Added, "/efficacy/", "rapid-onset", "", "sentence", ""}}},
		{name: "remove a sentence", edit: func(t testing.TB, s *snapshot.Snapshot) {
			i := claimAt(t, s, s6)
			s.Claims = slices.Delete(s.Claims, i, i+1)
		}, want: []brief{{Claim, Removed, "/efficacy/", "suicidality", "", "sentence", ""}}},
		{name: "add a reference", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.References = append(s.References, snapshot.Reference{Number: 89, Key: "fava2020",
				Text: "Fava M, Freeman MP, Flynn M, et al. Double-blind, placebo-controlled, dose-ranging trial of intravenous ketamine. Mol Psychiatry 2020; 25: 1592-1603."})
		}, want: []brief{{Reference, Added, "", "", "fava2020", "89", ""}}},
		{name: "withdraw a reference", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.References[refAt(t, s, "wilkinson2018")].Withdrawn = "retracted by the journal"
		}, want: []brief{{Reference, Withdrawn, "", "", "wilkinson2018", "6", "withdrawn: retracted by the journal"}}},
		{name: "correct a reference", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.References[refAt(t, s, "berman2000")].Text = "Berman RM, Cappiello A, Anand A, et al. Antidepressant effects of ketamine in depressed patients. Biol Psychiatry 2000; 47: 351-354. doi:10.1016/s0006-3223(99)00230-9"
		}, want: []brief{{Reference, Changed, "", "", "berman2000", "1", ""}}},
		{name: "renumber a reference cited by 5 claims", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.References[refAt(t, s, "popova2019")].Number = 89
		}, want: []brief{{Reference, Renumbered, "", "", "popova2019", "89", "renumbered 5 -> 89"}}},
		{name: "remove a reference", edit: func(t testing.TB, s *snapshot.Snapshot) {
			i := refAt(t, s, "zarate2006")
			s.References = slices.Delete(s.References, i, i+1)
		}, want: []brief{{Reference, Removed, "", "", "zarate2006", "2", ""}}},
		{name: "change a figure datum", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.Figures[1].Value = "55%"
		}, want: []brief{{Figure, Changed, "/efficacy/", "", "response-time", "24 hours", ""}}},
		{name: "add and remove figure data", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.Figures[0].Label = "2 hours"
		}, want: []brief{
			// Nothing stood before the removed datum: it comes first.
			{Figure, Removed, "/efficacy/", "", "response-time", "4 hours", ""},
			{Figure, Added, "/efficacy/", "", "response-time", "2 hours", ""},
		}},
		{name: "change a calculator rule", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.Rules[2].Value = "3 hours"
		}, want: []brief{{Rule, Changed, "", "", "dosing/monitoring", "Observation", ""}}},
		{name: "change a rule's sources only", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.Rules[0].Sources = []string{"berman2000", "zarate2006"}
		}, want: []brief{{Rule, Changed, "", "", "dosing/iv-racemic", "Dose", "citations only"}}},
		{name: "no edit", edit: func(testing.TB, *snapshot.Snapshot) {}, want: []brief{}},
		{name: "two sentences of a section reworded", edit: func(t testing.TB, s *snapshot.Snapshot) {
			reword1(t, s)
			s.Claims[claimAt(t, s, s3)].Text = "In controlled trials, response rates after one infusion range from 50% to 70%."
		}, want: []brief{
			{Claim, Changed, "/efficacy/", "rapid-onset", "", "sentence", ""},
			{Claim, Changed, "/efficacy/", "rapid-onset", "", "sentence", ""},
		}, olds: []string{base().Claims[0].Text, base().Claims[2].Text}},
		{name: "order: claims by page, removed after what precedes it, then references, data, rules", edit: func(t testing.TB, s *snapshot.Snapshot) {
			s.Rules[0].Value = "0.75 mg/kg"
			s.Figures[2].Value = "40%"
			s.References[refAt(t, s, "daly2018")].Withdrawn = "duplicate publication"
			s.References[refAt(t, s, "berman2000")].Number = 90
			i := claimAt(t, s, s7)
			s.Claims = slices.Delete(s.Claims, i, i+1)
			reword1(t, s)
			i = claimAt(t, s, s2)
			s.Claims = slices.Delete(s.Claims, i, i+1)
			s.Claims[claimAt(t, s, s4)].Section = "nasal"
			s.Claims[claimAt(t, s, s4)].Text = "Intranasal esketamine added to an oral antidepressant reduced relapse in patients in stable remission."
		}, want: []brief{
			{Claim, Changed, "/efficacy/", "rapid-onset", "", "sentence", ""},
			{Claim, Removed, "/efficacy/", "rapid-onset", "", "sentence", ""},
			{Claim, Changed, "/efficacy/", "nasal", "", "sentence", ""},
			{Claim, Removed, "/safety/", "monitoring", "", "sentence", ""},
			{Reference, Withdrawn, "", "", "daly2018", "4", "withdrawn: duplicate publication"},
			{Reference, Renumbered, "", "", "berman2000", "90", "renumbered 1 -> 90"},
			{Figure, Changed, "/efficacy/", "", "response-time", "7 days", ""},
			{Rule, Changed, "", "", "dosing/iv-racemic", "Dose", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := base()
			new := edited(old, func(s *snapshot.Snapshot) { tt.edit(t, s) })
			got := Compare(old, new)
			if !reflect.DeepEqual(briefs(got), tt.want) {
				t.Fatalf("Compare:\n got %+v\nwant %+v", briefs(got), tt.want)
			}
			if !reflect.DeepEqual(old, base()) {
				t.Fatal("Compare or the edit modified the old snapshot")
			}
			for i, want := range tt.olds {
				if got[i].Old != want {
					t.Errorf("change %d paired with old %q, want %q", i, got[i].Old, want)
				}
			}
			if tt.words != nil && !reflect.DeepEqual(got[0].Words, tt.words) {
				t.Errorf("Words:\n got %q\nwant %q", got[0].Words, tt.words)
			}
			for _, c := range got {
				checkChange(t, c)
			}
		})
	}
}

// checkChange verifies what every change promises: Words reassembles Old
// and New, and the side that does not exist is empty.
func checkChange(t *testing.T, c Change) {
	t.Helper()
	switch c.Kind {
	case Added:
		if c.Old != "" || c.OldCites != nil || c.Words != nil {
			t.Errorf("added %+v: want no Old side and no word diff", c)
		}
	case Removed:
		if c.New != "" || c.NewCites != nil || c.Words != nil {
			t.Errorf("removed %+v: want no New side and no word diff", c)
		}
	case Changed:
		if c.Words == nil && (c.Old != "" || c.New != "") {
			t.Errorf("changed %+v has no word diff", c)
		}
		if old, new := reassemble(c.Words); old != c.Old || new != c.New {
			t.Errorf("Words of %+v reassemble %q -> %q", c, old, new)
		}
	}
}

func TestCompareSplitKeepsTexts(t *testing.T) {
	old := base()
	new := edited(old, func(s *snapshot.Snapshot) {
		i := claimAt(t, s, s2)
		second := s.Claims[i]
		s.Claims[i].Text = "The effect peaks at about 24 hours."
		second.Text, second.Numbers = "It then fades over one to two weeks.", nil
		second.Cites = []string{"zarate2006", "murrough2013"}
		s.Claims = slices.Insert(s.Claims, i+1, second)
	})
	got := Compare(old, new)
	want := []Change{{Subject: Claim, Kind: Changed, Page: "/efficacy/", Section: "rapid-onset", Label: "sentence",
		Old:      old.Claims[1].Text,
		New:      "The effect peaks at about 24 hours. It then fades over one to two weeks.",
		Words:    Words(old.Claims[1].Text, "The effect peaks at about 24 hours. It then fades over one to two weeks."),
		OldCites: []string{"zarate2006"}, NewCites: []string{"zarate2006", "murrough2013"},
		Note: "split into 2 sentences; citations: zarate2006 -> zarate2006, murrough2013"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestCompareEnds(t *testing.T) {
	tests := []struct {
		name     string
		old, new *snapshot.Snapshot
		want     int
	}{
		{"first release", nil, base(), 0},
		{"everything removed", base(), nil, len(base().Claims) + len(base().References) + len(base().Figures) + len(base().Rules)},
		{"everything added", &snapshot.Snapshot{}, base(), len(base().Claims) + len(base().References) + len(base().Figures) + len(base().Rules)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare(tt.old, tt.new)
			if len(got) != tt.want {
				t.Fatalf("got %d changes, want %d: %+v", len(got), tt.want, briefs(got))
			}
			for _, c := range got {
				checkChange(t, c)
			}
		})
	}
}

func TestCompareRepeatedText(t *testing.T) {
	// The same sentence in two sections; removing the second must report
	// the second, not the first.
	old := base()
	dup := old.Claims[0]
	dup.Section = "esketamine"
	old.Claims = slices.Insert(old.Claims, 3, dup)
	new := edited(old, func(s *snapshot.Snapshot) { s.Claims = slices.Delete(s.Claims, 3, 4) })
	got := briefs(Compare(old, new))
	want := []brief{{Claim, Removed, "/efficacy/", "esketamine", "", "sentence", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}
