package view

import (
	"html/template"
	"strconv"
	"strings"
	"testing"

	"ketref/generator/cite"
)

// The templates the Go-written lists replaced, for the differential test
// and the benchmark.
const navTemplate = `{{define "navlist"}}<ul>
{{- range .}}
<li{{if .Current}} class="current"{{else if .Open}} class="open"{{end}}><a href="{{.URL}}"{{if .Current}} aria-current="page"{{end}}>{{.Title}}</a>
{{- with .Children}}{{template "navlist" .}}{{end -}}
</li>
{{- end}}
</ul>{{end -}}{{template "navlist" .}}`

const citedAtTemplate = `{{- range .}}
<li><a href="{{.Href}}">{{.PageTitle}}{{with .Section}} › {{.}}{{end}}</a><blockquote>{{.Context}}</blockquote></li>
{{- end}}`

// The Go-rendered lists must write the bytes html/template would: each is
// compared here with the template it replaced, on data with characters
// that need escaping.
func TestFragmentsMatchTemplates(t *testing.T) {
	tricky := []string{"plain", "a+b & c", `<script>"x"</script>`, "O'Brien › ü", "\x00nul", "100% sure"}
	urls := []string{"/a/b/", "/a b/ü/#x+y", "/q?a=1&b=2", "/100%/", `/"quoted"/`, "https://example.org/p/#cite-3"}

	exec := func(src string, data any) string {
		t.Helper()
		tm := template.Must(template.New("t").Parse(src))
		var b strings.Builder
		if err := tm.Execute(&b, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, s := range tricky {
		var b strings.Builder
		writeHTML(&b, s)
		if got, want := b.String(), exec(`{{.}}`, s); got != want {
			t.Errorf("writeHTML(%q) = %q, html/template writes %q", s, got, want)
		}
	}
	for _, u := range urls {
		if got, want := escapeURL(u), exec(`{{.}}`, template.HTML(exec(`<a href="{{.}}">`, u))); `<a href="`+got+`">` != want {
			t.Errorf("escapeURL(%q) = %q, html/template writes %q", u, got, want)
		}
	}

	var nav []NavItem
	var cites []Cite
	for i, s := range tricky {
		it := NavItem{Link: Link{Title: s, URL: urls[i]}, Current: i == 2, Open: i == 1}
		if i == 1 {
			it.Children = []NavItem{{Link: Link{Title: s + " child", URL: urls[i] + "c/"}}, {Link: Link{Title: "x", URL: "/x/"}, Current: true}}
		}
		nav = append(nav, it)
		occ := &cite.Occurrence{ID: "cite-1", HeadingID: "h-" + strconv.Itoa(i), HeadingText: tricky[len(tricky)-1-i], Context: s + " [3]."}
		if i == 0 {
			occ.HeadingID, occ.HeadingText = "", ""
		}
		cites = append(cites, Cite{Href: urls[i], Title: s, Occ: occ})
	}

	if got, want := string((&PageView{Navigation: Navigation{Nav: nav}}).NavList()), exec(navTemplate, nav); got != want {
		t.Errorf("NavList:\n got %s\nwant %s", got, want)
	}

	rv := NewRef(RefView{Number: 7, HTML: "Author A. <i>Title</i>.", URL: "/references/7 x/"}, cites)
	r := &rv
	cited := r.CitedAt()
	if cited[1].SectionHref != urls[1]+"#h-1" || cited[0].SectionHref != urls[0] || cited[3].Letter != "d" {
		t.Errorf("CitedAt = %+v", cited)
	}
	citedTmpl := `{{- range .}}
<li id="cited-{{.Number}}" value="{{.Number}}">{{.HTML}} <a href="{{.URL}}">Details</a></li>
{{- end}}`
	if got, want := string((&PageView{Cited: []*RefView{r, r}}).CitedList()), exec(citedTmpl, []*RefView{r, r}); got != want {
		t.Errorf("CitedList:\n got %s\nwant %s", got, want)
	}

	if got, want := string(r.CitedAtList()), exec(citedAtTemplate, cited); got != want {
		t.Errorf("CitedAtList:\n got %s\nwant %s", got, want)
	}

	backTmpl := `{{range .}}<a href="{{.Href}}" aria-label="{{.Letter}}: cited on {{.PageTitle}}{{with .Section}}, {{.}}{{end}}">{{.Letter}}</a> {{end}}`
	if got, want := string(r.Backlinks()), exec(backTmpl, cited); got != want {
		t.Errorf("Backlinks:\n got %s\nwant %s", got, want)
	}
}

// Backlinks (for a theme whose reference list wants lettered links; the
// default theme's has CitedSummary) shows at most MaxBacklinks, then
// links to the rest on the reference's page.
func TestBacklinksAreBounded(t *testing.T) {
	occ := &cite.Occurrence{ID: "cite-1"}
	r := &RefView{URL: "/references/7/"}
	for range MaxBacklinks + 12 {
		r.cites = append(r.cites, Cite{Href: "/p/", Title: "P", Occ: occ})
	}
	got := string(r.Backlinks())
	if n := strings.Count(got, `href="/p/#cite-1"`); n != MaxBacklinks {
		t.Errorf("%d backlinks, want %d", n, MaxBacklinks)
	}
	if !strings.HasSuffix(got, `<a class="more" href="/references/7/#cited">and 12 more on its page</a> `) {
		t.Errorf("no link to the rest: ...%s", got[max(0, len(got)-120):])
	}
	r.cites = r.cites[:MaxBacklinks]
	if strings.Contains(string(r.Backlinks()), "more on its page") {
		t.Error("a link to more when there is none")
	}
}

// A reference page lists every place once: one link to the citation
// itself, whose text names the page and section, and the whole sentence.
func TestCitedAtListOneLinkPerPlace(t *testing.T) {
	cites := []Cite{
		{Href: "/a/", Title: "Page A", Occ: &cite.Occurrence{ID: "cite-2", HeadingID: "dose", HeadingText: "Dose", Context: "Ketamine at 0.5 mg/kg [7]."}},
		{Href: "/b/", Title: "Page B", Occ: &cite.Occurrence{ID: "cite-9", Context: "No heading above [7]."}},
	}
	rv := NewRef(RefView{Number: 7, URL: "/references/7/"}, cites)
	got := string(rv.CitedAtList())
	want := "\n<li><a href=\"/a/#cite-2\">Page A › Dose</a><blockquote>Ketamine at 0.5 mg/kg [7].</blockquote></li>" +
		"\n<li><a href=\"/b/#cite-9\">Page B</a><blockquote>No heading above [7].</blockquote></li>"
	if got != want {
		t.Errorf("CitedAtList:\n got %s\nwant %s", got, want)
	}
}

// The reference list's entry says how often the work is cited and links
// to the places on its own page: one link, whatever the count, so the list
// grows with the references, not the citations.
func TestCitedSummary(t *testing.T) {
	occ := &cite.Occurrence{ID: "cite-1"}
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "Not cited on this site."},
		{1, `<a href="/references/7/#cited">Cited once</a>`},
		{62, `<a href="/references/7/#cited">Cited 62 times</a>`},
		{5000, `<a href="/references/7/#cited">Cited 5000 times</a>`},
	} {
		cites := make([]Cite, c.n)
		for i := range cites {
			cites[i] = Cite{Href: "/p/", Title: "P", Occ: occ}
		}
		rv := NewRef(RefView{Number: 7, URL: "/references/7/"}, cites)
		if got := string(rv.CitedSummary()); got != c.want {
			t.Errorf("%d places: %q, want %q", c.n, got, c.want)
		}
	}
}

// BenchmarkLists compares the Go-written lists with the templates they
// replaced, on a page's navigation (60 entries, one section open) and a
// reference cited in 50 places; the figure is in fragments.go's comment.
func BenchmarkLists(b *testing.B) {
	var nav []NavItem
	for i := range 60 {
		it := NavItem{Link: Link{Title: "Section " + strconv.Itoa(i) + " & more", URL: "/section-" + strconv.Itoa(i) + "/"}, Section: true}
		if i == 3 {
			it.Open = true
			for j := range 20 {
				it.Children = append(it.Children, NavItem{Link: Link{Title: "Page " + strconv.Itoa(j), URL: "/section-3/page-" + strconv.Itoa(j) + "/"}, Current: j == 5})
			}
		}
		nav = append(nav, it)
	}
	var cites []Cite
	for i := range 50 {
		occ := &cite.Occurrence{ID: "cite-" + strconv.Itoa(i), HeadingID: "h", HeadingText: "Dose and schedule", Context: "Ketamine at 0.5 mg/kg over 40 minutes [3]."}
		cites = append(cites, Cite{Href: "/page-" + strconv.Itoa(i) + "/", Title: "Intravenous route", Occ: occ})
	}
	rv := NewRef(RefView{Number: 7, URL: "/references/7/"}, cites)
	cited := rv.CitedAt()
	navT := template.Must(template.New("n").Parse(navTemplate))
	citedT := template.Must(template.New("c").Parse(citedAtTemplate))
	b.Run("go", func(b *testing.B) {
		pv := &PageView{Navigation: Navigation{Nav: nav}}
		for b.Loop() {
			_ = pv.NavList()
			_ = rv.CitedAtList()
		}
	})
	b.Run("template", func(b *testing.B) {
		var w strings.Builder
		for b.Loop() {
			w.Reset()
			if err := navT.Execute(&w, nav); err != nil {
				b.Fatal(err)
			}
			if err := citedT.Execute(&w, cited); err != nil {
				b.Fatal(err)
			}
		}
	})
}
