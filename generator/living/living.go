// Package living turns a site's release history and its current evidence
// into what readers see of a living review: the changes page, the
// "Updated" mark of each changed page, each page's last modification date
// for the sitemap, the evidence dates of the home page, and the Atom feed
// of the releases.
//
// The contract:
//
//   - Each release is compared with the one before it, and the working
//     tree's evidence with the latest release (package changes does the
//     matching). The changes page lists the unreleased changes first
//     (section id "unreleased"; absent when the evidence equals the latest
//     release, or when there is no release yet), then every release,
//     newest first, each with its date, note and entries grouped by page,
//     then the reference list, then each calculator's rules.
//   - A page's mark is the unreleased changes when it has any, else the
//     latest release that changed it; a page never changed since the
//     first release has none. A reference change marks the reference list
//     and the reference's page; a rule change marks its calculator's page,
//     which lists the changed rules.
//   - LastMod is the date of the latest release that changed a page, or
//     the first release's date; unreleased changes do not date a page (the
//     sitemap dates what is published).
//   - Text goes into HTML escaped, piece by piece; the only markup made
//     here is <del>, <ins> and the feed's lists.
//
// Build is a pure function of its Input: no files are read.
package living

import (
	"fmt"
	"html"
	"html/template"
	"slices"
	"strings"

	"ketref/generator/changes"
	"ketref/generator/release"
	"ketref/generator/snapshot"
	"ketref/generator/view"
)

// Input is what Build needs from the site.
type Input struct {
	History *release.History
	// Current is the working tree's evidence.
	Current *snapshot.Snapshot
	// Page names a page by its site path: its title and link, and the
	// title of one of its sections ("" when unknown).
	Page    func(path string) (title, href string, ok bool)
	Section func(path, id string) string
	// ReferenceURL is the site path of a reference's own page, by number;
	// References the reference list's path.
	ReferenceURL func(number int) string
	References   string
	// CalculatorPage is the site path of the page of each calculator.
	CalculatorPage map[string]string
	// ChangesPath is the changes page's site path; Href makes a site path
	// a link (the base path prefixed).
	ChangesPath string
	Href        func(path string) string
	// SiteTitle, BaseURL (absolute or a path) and CurrentThrough (from
	// site.yaml) are for the feed and the home page.
	SiteTitle, BaseURL, CurrentThrough string
	// WithoutPages says Current holds the references and rules only (the
	// pages are not converted yet): the pages' claims and data are left out
	// of the comparison. Set it before calling Site.
	WithoutPages bool

	numbers map[string]int // every reference's number, for the entries' citations
}

// Result is what the site shows.
type Result struct {
	Page     view.ChangesView
	Marks    map[string]*view.Updated // by page path
	LastMod  map[string]string        // by page path, YYYY-MM-DD
	Evidence view.Evidence
	Feed     []byte
}

// FeedFile is the feed's name inside the changes page's folder.
const FeedFile = "feed.xml"

// Build compares the releases and the current evidence.
func Build(in Input) (Result, error) {
	rels := in.History.Releases()
	in.numbers = map[string]int{}
	for _, s := range append(slices.Clip(rels), in.Current) {
		if s != nil {
			for _, r := range s.References {
				in.numbers[r.Key] = r.Number
			}
		}
	}
	res := Result{Marks: map[string]*view.Updated{}, LastMod: map[string]string{}}
	res.Evidence = view.Evidence{CurrentThrough: in.CurrentThrough}
	if len(rels) == 0 {
		return res, nil
	}
	res.Evidence.ChangesURL, res.Evidence.FeedURL = in.Href(in.ChangesPath), in.Href(in.ChangesPath+FeedFile)
	latest := rels[len(rels)-1]
	res.Evidence.Latest = &view.Release{Version: latest.Version, Date: latest.Date, URL: in.Href(in.ChangesPath) + "#" + releaseID(latest.Version)}
	res.Page.Base = res.Evidence.Latest
	res.LastMod[in.ChangesPath] = latest.Date
	// Everything the first release holds is dated by it: the pages with
	// evidence, the reference list and each reference's page, the
	// calculators' pages.
	for _, p := range pagesOf(rels[0]) {
		res.LastMod[p] = rels[0].Date
	}
	if len(rels[0].References) > 0 && in.ReferenceURL != nil {
		res.LastMod[in.References] = rels[0].Date
		for _, r := range rels[0].References {
			res.LastMod[in.ReferenceURL(r.Number)] = rels[0].Date
		}
	}
	for _, r := range rels[0].Rules {
		if p := in.CalculatorPage[r.Calculator]; p != "" {
			res.LastMod[p] = rels[0].Date
		}
	}
	for i := len(rels) - 1; i >= 0; i-- {
		var list []changes.Change
		if i > 0 {
			list = changes.Compare(rels[i-1], rels[i])
		}
		rc := in.section(releaseID(rels[i].Version), rels[i], list)
		if i == 0 {
			r := rels[0]
			rc.Summary = fmt.Sprintf("The first release: %d claims, %d references, %d figure data and %d calculator rules", len(r.Claims), len(r.References), len(r.Figures), len(r.Rules))
		}
		res.Page.Releases = append(res.Page.Releases, rc)
		for _, path := range in.touched(list) {
			if res.Marks[path] == nil {
				res.Marks[path] = &view.Updated{Date: rels[i].Date, Version: rels[i].Version, URL: in.Href(in.ChangesPath) + "#" + rc.ID}
			}
			if res.LastMod[path] < rels[i].Date {
				res.LastMod[path] = rels[i].Date
			}
		}
		in.addRules(res.Marks, list)
	}
	base := latest
	if in.WithoutPages {
		base = &snapshot.Snapshot{Version: latest.Version, Date: latest.Date, References: latest.References, Rules: latest.Rules}
	}
	if list := changes.Compare(base, in.Current); len(list) > 0 {
		rc := in.section("unreleased", in.Current, list)
		res.Page.Unreleased = &rc
		for _, path := range in.touched(list) {
			res.Marks[path] = &view.Updated{Unreleased: true, URL: in.Href(in.ChangesPath) + "#unreleased"}
		}
		in.addRules(res.Marks, list)
	}
	f, err := in.feed(res.Page.Releases)
	res.Feed = f
	return res, err
}

func releaseID(version string) string { return "release-" + strings.ReplaceAll(version, ".", "-") }

// pagesOf lists the pages with evidence in s.
func pagesOf(s *snapshot.Snapshot) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range s.Claims {
		if !seen[c.Page] {
			seen[c.Page] = true
			out = append(out, c.Page)
		}
	}
	return out
}

// touched lists the pages a list of changes marks.
func (in Input) touched(list []changes.Change) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, c := range list {
		switch c.Subject {
		case changes.Reference:
			add(in.References)
			var n int
			if _, err := fmt.Sscan(c.Label, &n); err == nil && in.ReferenceURL != nil {
				add(in.ReferenceURL(n))
			}
		case changes.Rule:
			calc, _, _ := strings.Cut(c.Key, "/")
			add(in.CalculatorPage[calc])
		default:
			add(c.Page)
		}
	}
	return out
}

// addRules lists each changed rule on its calculator page's mark.
func (in Input) addRules(marks map[string]*view.Updated, list []changes.Change) {
	for _, c := range list {
		if c.Subject != changes.Rule {
			continue
		}
		calc, _, _ := strings.Cut(c.Key, "/")
		m := marks[in.CalculatorPage[calc]]
		if m == nil {
			continue
		}
		m.Rules = append(m.Rules, in.entry(c, "", nil))
	}
}

// section makes one release's (or the unreleased changes') section.
func (in Input) section(id string, s *snapshot.Snapshot, list []changes.Change) view.ReleaseChanges {
	rc := view.ReleaseChanges{ID: id, Version: s.Version, Date: s.Date, Note: s.Note, Count: len(list), Summary: summary(list)}
	groups := map[string]*view.ChangeGroup{}
	var order []string
	group := func(key, title, href string) *view.ChangeGroup {
		g := groups[key]
		if g == nil {
			g = &view.ChangeGroup{ID: id + "-" + slug(key), Title: title, URL: href}
			groups[key] = g
			order = append(order, key)
		}
		return g
	}
	for i, c := range list {
		var g *view.ChangeGroup
		var sec *view.Link
		switch c.Subject {
		case changes.Reference:
			title, href := in.pageLink(in.References, "References")
			g = group(in.References, title, href)
		case changes.Rule:
			calc, _, _ := strings.Cut(c.Key, "/")
			title, href := in.pageLink(in.CalculatorPage[calc], "Calculator "+calc)
			g = group("calculator:"+calc, title+": rules", href)
		default:
			title, href := in.pageLink(c.Page, c.Page)
			g = group(c.Page, title, href)
			if c.Section != "" {
				name := in.Section(c.Page, c.Section)
				if name == "" {
					name = c.Section
				}
				sec = &view.Link{Title: name, URL: href + "#" + c.Section}
			}
		}
		g.Entries = append(g.Entries, in.entry(c, fmt.Sprintf("%s-%d", id, i+1), sec))
	}
	for _, k := range order {
		rc.Groups = append(rc.Groups, *groups[k])
	}
	return rc
}

func (in Input) pageLink(path, fallback string) (title, href string) {
	if in.Page != nil {
		if t, h, ok := in.Page(path); ok {
			return t, h
		}
	}
	if path == "" {
		return fallback, ""
	}
	return fallback, in.Href(path)
}

// entry makes the view of one change.
func (in Input) entry(c changes.Change, id string, sec *view.Link) view.ChangeEntry {
	// The matcher writes "a -> b"; readers get an arrow.
	e := view.ChangeEntry{ID: id, Kind: string(c.Kind), What: what(c), Section: sec, Note: strings.ReplaceAll(c.Note, " -> ", " → ")}
	switch {
	case len(c.Words) > 0:
		e.Text = marked(c.Words)
	case c.Kind == changes.Removed:
		e.Text = template.HTML("<del>" + html.EscapeString(c.Old) + "</del>")
	case c.New != "":
		if c.Kind == changes.Added {
			e.Text = template.HTML("<ins>" + html.EscapeString(c.New) + "</ins>")
		} else {
			e.Text = template.HTML(html.EscapeString(c.New))
		}
	default:
		e.Text = template.HTML(html.EscapeString(c.Old))
	}
	if !equal(c.OldCites, c.NewCites) && (len(c.OldCites) > 0 || len(c.NewCites) > 0) {
		e.Sources = in.sources(c.OldCites) + " → " + in.sources(c.NewCites)
	}
	return e
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sources prints citations as the pages do, by number ("[16, 20]"); a
// key without a number (a rule's "review: ..." source) as it is.
func (in Input) sources(keys []string) string {
	if len(keys) == 0 {
		return "none"
	}
	var nums, other []string
	for _, k := range keys {
		if n, ok := in.numbers[k]; ok {
			nums = append(nums, fmt.Sprint(n))
		} else {
			other = append(other, k)
		}
	}
	if len(nums) > 0 {
		other = append([]string{"[" + strings.Join(nums, ", ") + "]"}, other...)
	}
	return strings.Join(other, "; ")
}

// marked writes a word diff: deleted words in <del>, inserted in <ins>.
func marked(ops []changes.Op) template.HTML {
	var b strings.Builder
	for _, op := range ops {
		t := html.EscapeString(op.Text)
		switch op.Kind {
		case changes.Delete:
			b.WriteString("<del>" + t + "</del>")
		case changes.Insert:
			b.WriteString("<ins>" + t + "</ins>")
		default:
			b.WriteString(t)
		}
	}
	return template.HTML(b.String())
}

func what(c changes.Change) string {
	switch c.Subject {
	case changes.Reference:
		return "Reference " + c.Label
	case changes.Figure:
		return "Figure data: " + c.Label
	case changes.Rule:
		// Key is calculator/group: the table ("iv-racemic", "nice") tells
		// apart rules that share a label ("Adults only").
		_, group, _ := strings.Cut(c.Key, "/")
		return "Rule, " + group + ": " + c.Label
	}
	if c.Label == snapshot.Row {
		return "Table row"
	}
	return "Sentence"
}

// summary counts a list's entries by kind and subject: "2 claims changed,
// 1 reference added".
func summary(list []changes.Change) string {
	type k struct {
		s changes.Subject
		k changes.Kind
	}
	counts := map[k]int{}
	var order []k
	for _, c := range list {
		key := k{c.Subject, c.Kind}
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
	}
	var parts []string
	for _, key := range order {
		noun := map[changes.Subject]string{changes.Claim: "claim", changes.Reference: "reference", changes.Figure: "figure datum", changes.Rule: "calculator rule"}[key.s]
		n := counts[key]
		if n != 1 {
			noun = map[string]string{"claim": "claims", "reference": "references", "figure datum": "figure data", "calculator rule": "calculator rules"}[noun]
		}
		parts = append(parts, fmt.Sprintf("%d %s %s", n, noun, key.k))
	}
	if len(parts) == 0 {
		return "No changes to the evidence"
	}
	return strings.Join(parts, ", ")
}

// slug makes an element id from a page path or key.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "home"
	}
	return out
}
