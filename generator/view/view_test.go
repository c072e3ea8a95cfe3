package view

import (
	"fmt"
	"strings"
	"testing"

	"ketref/generator/cite"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/route"
)

func TestTOC(t *testing.T) {
	h := func(level int, id string) markdown.Heading { return markdown.Heading{Level: level, ID: id} }
	for _, tt := range []struct {
		name string
		in   []markdown.Heading
		want string
	}{
		{"empty", nil, ""},
		{"flat", []markdown.Heading{h(2, "a"), h(2, "b")}, "a[] b[]"},
		{"nested", []markdown.Heading{h(2, "a"), h(3, "a1"), h(3, "a2"), h(2, "b")}, "a[a1 a2] b[]"},
		{"level 3 first stands alone", []markdown.Heading{h(3, "x"), h(3, "y"), h(2, "a")}, "x[y] a[]"},
		{"other levels are left out", []markdown.Heading{h(1, "t"), h(2, "a"), h(4, "deep"), h(3, "a1")}, "a[a1]"},
	} {
		var parts []string
		for _, it := range TOC(tt.in) {
			var kids []string
			for _, c := range it.Children {
				kids = append(kids, c.ID)
			}
			parts = append(parts, it.ID+"["+strings.Join(kids, " ")+"]")
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("%s: TOC = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// navString writes items as "title(flags)[children]", flags being c for
// current, o for open and s for section.
func navString(items []NavItem) string {
	var parts []string
	for _, it := range items {
		s := it.Title
		flags := ""
		if it.Current {
			flags += "c"
		}
		if it.Open {
			flags += "o"
		}
		if it.Section {
			flags += "s"
		}
		if flags != "" {
			s += "(" + flags + ")"
		}
		if len(it.Children) > 0 {
			s += "[" + navString(it.Children) + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestNav(t *testing.T) {
	page := func(parent *content.Page, kind content.Kind, title, url string) *content.Page {
		p := &content.Page{Kind: kind, URL: url, Parent: parent, Meta: content.FrontMatter{Title: title}}
		if parent != nil {
			parent.Children = append(parent.Children, p)
		}
		return p
	}
	home := page(nil, content.Home, "Home", "/")
	about := page(home, content.Regular, "About", "/about/")
	routes := page(home, content.Section, "Routes", "/routes/")
	iv := page(routes, content.Regular, "IV", "/routes/iv/")
	big := page(home, content.Section, "Big", "/big/")
	var many []*content.Page
	for i := range 50 {
		many = append(many, page(big, content.Regular, fmt.Sprint(i), fmt.Sprintf("/big/%d/", i)))
	}
	short := page(home, content.Section, "Short", "/short/")
	var few []*content.Page
	for i := range navLong {
		few = append(few, page(short, content.Regular, fmt.Sprint(i), fmt.Sprintf("/short/%d/", i)))
	}
	r := route.New(route.Base{Raw: "/ket/"}, &diag.List{})

	for _, tt := range []struct {
		name string
		cur  *content.Page
		want string
	}{
		{"home", home, "Home(c) About Routes(s) Big(s) Short(s)"},
		{"top-level page", about, "Home About(c) Routes(s) Big(s) Short(s)"},
		{"section", routes, "Home About Routes(cs)[IV] Big(s) Short(s)"},
		{"inside a section", iv, "Home About Routes(os)[IV(c)] Big(s) Short(s)"},
		// A section of navLong pages is listed in full.
		{"inside a short section", few[5], "Home About Routes(s) Big(s) Short(os)[0 1 2 3 4 5(c) 6 7 8 9 10 11]"},
		// A longer one shows navNear pages on either side of the current
		// one and links to the section for the rest.
		{"first of a long section", many[0], "Home About Routes(s) Big(os)[0(c) 1 2 3 … 46 more in Big] Short(s)"},
		{"inside a long section", many[20], "Home About Routes(s) Big(os)[… 17 more in Big 17 18 19 20(c) 21 22 23 … 26 more in Big] Short(s)"},
		{"last of a long section", many[49], "Home About Routes(s) Big(os)[… 46 more in Big 46 47 48 49(c)] Short(s)"},
		{"a long section's own page", big, "Home About Routes(s) Big(cs)[0 1 2 3 … 46 more in Big] Short(s)"},
	} {
		if got := navString(Nav(home, tt.cur, r)); got != tt.want {
			t.Errorf("%s: Nav = %q, want %q", tt.name, got, tt.want)
		}
	}
	items := Nav(home, many[20], r)
	if kids := items[3].Children; kids[0].URL != "/ket/big/" || kids[len(kids)-1].URL != "/ket/big/" {
		t.Errorf("the links to the rest of a long section go to %q and %q, want /ket/big/", kids[0].URL, kids[len(kids)-1].URL)
	}
	if got := items[1]; got.URL != "/ket/about/" {
		t.Errorf("link under the base path: %+v", got)
	}

	// The top level lists navWindow entries on either side of the one on
	// the way to the current page.
	top := page(nil, content.Home, "Home", "/")
	var tops []*content.Page
	for i := range 2*navWindow + 10 {
		tops = append(tops, page(top, content.Regular, fmt.Sprint(i), fmt.Sprintf("/%d/", i)))
	}
	items = Nav(top, tops[35], r)
	if first, last := items[1], items[len(items)-1]; len(items) != 1+2*navWindow+3 ||
		first.Title != "… 5 more in Home" || last.Title != "… 4 more in Home" || !items[1+navWindow+1].Current {
		t.Errorf("middle of a long top level: %d entries, %q … %q", len(items), first.Title, last.Title)
	}
}

func TestRedirect(t *testing.T) {
	got := string(Redirect("/a/?x=1&y=<2>", `Fish & "chips"`, "default-src 'none'"))
	for _, want := range []string{
		`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">`,
		`<title>Moved: Fish &amp; &#34;chips&#34;</title>`,
		`<link rel="canonical" href="/a/?x=1&amp;y=&lt;2&gt;">`,
		`<meta http-equiv="refresh" content="0; url=/a/?x=1&amp;y=&lt;2&gt;">`,
		`<meta name="robots" content="noindex">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("redirect page lacks %s:\n%s", want, got)
		}
	}
}

func TestHighwireReference(t *testing.T) {
	for _, tt := range []struct {
		name string
		e    cite.Entry
		want string
	}{
		{"empty", cite.Entry{}, ""},
		{"semicolons become commas", cite.Entry{Title: "A; B", Volume: "3", Page: "10-19"},
			"citation_title=A, B; citation_volume=3; citation_firstpage=10; citation_lastpage=19"},
		{"authors and DOI", cite.Entry{Author: []cite.Name{{Family: "Smith", Given: "J"}, {Literal: "WHO"}}, DOI: "10.1/x"},
			"citation_author=Smith J; citation_author=WHO; citation_doi=10.1/x"},
	} {
		if got := HighwireReference(&tt.e); got != tt.want {
			t.Errorf("%s: HighwireReference = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestScholarlyJSONCitations(t *testing.T) {
	a := content.Article{Title: "T"}
	for _, tt := range []struct {
		name string
		refs []*cite.Entry
		want string
	}{
		{"no bibliography", nil, ""},
		{"empty bibliography", []*cite.Entry{}, `"citation":null`},
		{"entries", []*cite.Entry{{Title: "W", URL: "https://x.org/"}}, `"citation":[{"@type":"CreativeWork","name":"W",`},
	} {
		got := string(ScholarlyJSON(a, tt.refs))
		if tt.want == "" && strings.Contains(got, `"citation"`) || !strings.Contains(got, tt.want) {
			t.Errorf("%s: ScholarlyJSON = %s, want it to contain %q", tt.name, got, tt.want)
		}
	}
}
