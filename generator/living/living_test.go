package living

import (
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
	"ketref/generator/release"
	"ketref/generator/snapshot"
)

func snap(version, date, previous string, claims ...snapshot.Claim) *snapshot.Snapshot {
	return &snapshot.Snapshot{Version: version, Date: date, Previous: previous, Claims: claims,
		References: []snapshot.Reference{{Number: 1, Key: "a", Text: "A. Trial. 2020."}},
		Rules:      []snapshot.Rule{{Calculator: "dosing", Group: "iv", Label: "Dose", Value: "0.5 mg/kg", Sources: []string{"a"}}}}
}

func history(t *testing.T, rels ...*snapshot.Snapshot) *release.History {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, r := range rels {
		fsys["releases/"+r.Version+".json"] = &fstest.MapFile{Data: release.Encode(r)}
	}
	var diags diag.List
	h := release.Load(fsys, "releases", "content", &diags)
	if err := diags.Err(false); err != nil {
		t.Fatal(err)
	}
	return h
}

func input(h *release.History, current *snapshot.Snapshot) Input {
	return Input{
		History: h, Current: current,
		Page:         func(p string) (string, string, bool) { return "Title of " + p, p, true },
		Section:      func(p, id string) string { return "Section " + id },
		ReferenceURL: func(n int) string { return "/references/1/" }, References: "/references/",
		CalculatorPage: map[string]string{"dosing": "/calculators/dosing/"},
		ChangesPath:    "/changes/", Href: func(p string) string { return p },
		SiteTitle: "Site", BaseURL: "/", CurrentThrough: "2025-01-31",
	}
}

var (
	s1 = snapshot.Claim{Page: "/a/", Section: "s", Kind: snapshot.Sentence, Text: "Ketamine acts within hours.", Cites: []string{"a"}}
	s2 = snapshot.Claim{Page: "/b/", Section: "t", Kind: snapshot.Sentence, Text: "The half-life is 2.5 hours.", Cites: []string{"a"}}
)

// TestBuild: two releases and an unreleased edit: the changes page lists
// the unreleased section first, then the releases newest first; the marks
// name the unreleased change or the release that changed each page; the
// sitemap dates come from the releases only; the feed has one entry per
// release; the text of an entry is escaped.
func TestBuild(t *testing.T) {
	r10 := snap("1.0", "2024-12-20", "", s1, s2)
	s2b := s2
	s2b.Text = "The half-life is 3 hours."
	r11 := snap("1.1", "2025-02-01", "1.0", s1, s2b)
	r11.Note = "Half-life corrected."
	cur := snap("", "", "", snapshot.Claim{Page: "/a/", Section: "s", Kind: snapshot.Sentence, Text: "Ketamine acts within <b>hours</b>.", Cites: []string{"a"}}, s2b)
	cur.Rules[0].Value = "0.75 mg/kg"
	res, err := Build(input(history(t, r10, r11), cur))
	if err != nil {
		t.Fatal(err)
	}
	p := res.Page
	if p.Unreleased == nil || p.Unreleased.ID != "unreleased" || len(p.Releases) != 2 || p.Releases[0].Version != "1.1" || p.Releases[1].Version != "1.0" {
		t.Fatalf("changes page: unreleased %v, releases %+v", p.Unreleased, p.Releases)
	}
	if p.Unreleased.Count != 2 || p.Releases[0].Count != 1 || p.Releases[1].Count != 0 {
		t.Errorf("counts: unreleased %d, 1.1 %d, 1.0 %d; want 2, 1, 0", p.Unreleased.Count, p.Releases[0].Count, p.Releases[1].Count)
	}
	var text string
	for _, g := range p.Unreleased.Groups {
		for _, e := range g.Entries {
			text += string(e.Text) + "\n"
		}
	}
	if !strings.Contains(text, "&lt;b&gt;") || strings.Contains(text, "<b>") || !strings.Contains(text, "<ins>0.75 mg/kg</ins>") && !strings.Contains(text, "<ins>0.75") {
		t.Errorf("unreleased entries %q: want the text escaped and the rule's new value inserted", text)
	}
	if m := res.Marks["/a/"]; m == nil || !m.Unreleased || m.URL != "/changes/#unreleased" {
		t.Errorf("mark of /a/ = %+v; want the unreleased changes", m)
	}
	if m := res.Marks["/b/"]; m == nil || m.Unreleased || m.Version != "1.1" || m.Date != "2025-02-01" || m.URL != "/changes/#release-1-1" {
		t.Errorf("mark of /b/ = %+v; want release 1.1", m)
	}
	if m := res.Marks["/calculators/dosing/"]; m == nil || !m.Unreleased || len(m.Rules) != 1 {
		t.Errorf("mark of the dosing page = %+v; want the unreleased rule change listed", m)
	}
	if res.LastMod["/a/"] != "2024-12-20" || res.LastMod["/b/"] != "2025-02-01" || res.LastMod["/references/1/"] != "2024-12-20" {
		t.Errorf("lastmod = %v", res.LastMod)
	}
	if e := res.Evidence; e.CurrentThrough != "2025-01-31" || e.Latest == nil || e.Latest.Version != "1.1" || e.FeedURL != "/changes/feed.xml" {
		t.Errorf("evidence = %+v", e)
	}
	if f := string(res.Feed); strings.Count(f, "<entry>") != 2 || !strings.Contains(f, "Half-life corrected.") {
		t.Errorf("feed:\n%s", f)
	}
}

// TestBuildUnchanged: the evidence equal to the latest release gives no
// unreleased section and no mark.
func TestBuildUnchanged(t *testing.T) {
	r10 := snap("1.0", "2024-12-20", "", s1, s2)
	cur := snap("", "", "", s2, s1) // order does not matter
	res, err := Build(input(history(t, r10), cur))
	if err != nil {
		t.Fatal(err)
	}
	if res.Page.Unreleased != nil || len(res.Marks) != 0 {
		t.Errorf("unreleased %+v, marks %v; want none", res.Page.Unreleased, res.Marks)
	}
}

// TestBuildWithoutReleases: no release, no changes page and no feed.
func TestBuildWithoutReleases(t *testing.T) {
	res, err := Build(input(history(t), snap("", "", "", s1)))
	if err != nil || res.Feed != nil || res.Page.Unreleased != nil || res.Evidence.ChangesURL != "" || res.Evidence.CurrentThrough != "2025-01-31" {
		t.Errorf("got %+v, %v", res, err)
	}
}
