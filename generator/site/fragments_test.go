package site

import (
	"encoding/json"
	"html/template"
	"strconv"
	"strings"
	"testing"

	"ketref/generator/cite"
)

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
	var cites []refCite
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
		cites = append(cites, refCite{href: urls[i], title: s, occ: occ})
	}

	navTmpl := `{{define "navlist"}}<ul>
{{- range .}}
<li{{if .Current}} class="current"{{else if .Open}} class="open"{{end}}><a href="{{.URL}}"{{if .Current}} aria-current="page"{{end}}>{{.Title}}</a>
{{- with .Children}}{{template "navlist" .}}{{end -}}
</li>
{{- end}}
</ul>{{end -}}{{template "navlist" .}}`
	if got, want := string((&PageView{Nav: nav}).NavList()), exec(navTmpl, nav); got != want {
		t.Errorf("NavList:\n got %s\nwant %s", got, want)
	}

	r := &RefView{Number: 7, HTML: "Author A. <i>Title</i>.", URL: "/references/7 x/", CitedCount: len(cites), cites: cites}
	cited := r.CitedAt()
	if cited[1].SectionHref != urls[1]+"#h-1" || cited[0].SectionHref != urls[0] || cited[3].Letter != "d" {
		t.Errorf("CitedAt = %+v", cited)
	}
	r.citedItem = citedItem(r)
	citedTmpl := `{{- range .}}
<li id="cited-{{.Number}}" value="{{.Number}}" data-ref="{{.Number}}"><span class="ref-text">{{.HTML}}</span> <span class="ref-links"><a href="{{.URL}}">Details and where it is cited</a></span></li>
{{- end}}`
	if got, want := string((&PageView{Cited: []*RefView{r, r}}).CitedList()), exec(citedTmpl, []*RefView{r, r}); got != want {
		t.Errorf("CitedList:\n got %s\nwant %s", got, want)
	}

	citedAtTmpl := `{{- range .}}
<li><p class="where"><a href="{{.SectionHref}}">{{.PageTitle}}{{with .Section}} › {{.}}{{end}}</a></p>
<blockquote class="context"><p>{{.Context}}</p><p class="jump"><a href="{{.Href}}">Go to this citation</a></p></blockquote></li>
{{- end}}`
	if got, want := string(r.CitedAtList()), exec(citedAtTmpl, cited); got != want {
		t.Errorf("CitedAtList:\n got %s\nwant %s", got, want)
	}

	backTmpl := `{{range .}}<a href="{{.Href}}" aria-label="{{.Letter}}: cited on {{.PageTitle}}{{with .Section}}, {{.}}{{end}}">{{.Letter}}</a> {{end}}`
	if got, want := string(r.Backlinks()), exec(backTmpl, cited); got != want {
		t.Errorf("Backlinks:\n got %s\nwant %s", got, want)
	}
}

// The reference list shows at most maxBacklinks backlinks per entry, then
// links to the rest on the reference's page.
func TestBacklinksAreBounded(t *testing.T) {
	occ := &cite.Occurrence{ID: "cite-1"}
	r := &RefView{URL: "/references/7/"}
	for range maxBacklinks + 12 {
		r.cites = append(r.cites, refCite{href: "/p/", title: "P", occ: occ})
	}
	got := string(r.Backlinks())
	if n := strings.Count(got, `href="/p/#cite-1"`); n != maxBacklinks {
		t.Errorf("%d backlinks, want %d", n, maxBacklinks)
	}
	if !strings.HasSuffix(got, `<a class="more" href="/references/7/#cited">and 12 more on its page</a> `) {
		t.Errorf("no link to the rest: ...%s", got[max(0, len(got)-120):])
	}
	r.cites = r.cites[:maxBacklinks]
	if strings.Contains(string(r.Backlinks()), "more on its page") {
		t.Error("a link to more when there is none")
	}
}

// TestRefIndexMatchesEncodingJSON: the calculators' reference index is
// written by hand; it must be the bytes json.Marshal made of the map it
// replaced.
func TestRefIndexMatchesEncodingJSON(t *testing.T) {
	b, _, _ := stagedBuilder(t, benchOptions(benchCorpus(60, 100), ""), "render")
	for _, r := range b.cites.byNum {
		r.target.Href += "?a=<b>&c"
		r.target.Label += " \u2028\"é\""
	}
	type ref struct {
		N     int    `json:"n"`
		Href  string `json:"href"`
		Label string `json:"label"`
	}
	m := map[string]ref{}
	for _, r := range b.cites.byNum {
		m[r.entry.ID] = ref{r.number, r.target.Href, r.target.AccessibleName()}
	}
	want, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b.refIndexJSON()); got != string(want) {
		t.Errorf("refIndexJSON:\n%.300s\nencoding/json:\n%.300s", got, want)
	}
}
