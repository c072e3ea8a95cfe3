package feed

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// small is a feed of two releases, as the site writes it.
func small() Feed {
	return Feed{
		ID:       "tag:example.org,2024:ketref/changes",
		Title:    "Ketamine in TRD: changes",
		Subtitle: "Releases of the review's evidence",
		Link:     "/changes/",
		Self:     "/changes/feed.xml",
		Author:   "The editors",
		Updated:  "2025-02-01",
		Entries: []Entry{
			{
				ID:        "tag:example.org,2024:ketref/releases/1.1",
				Title:     "Release 1.1",
				Link:      "/changes/#v1.1",
				Published: "2025-02-01",
				Updated:   "2025-02-01T09:30:00+01:00",
				Summary:   "2 claims changed, 1 reference added.",
				Content:   "<p>2 claims changed, <ins>1 reference</ins> added.</p>",
			},
			{
				ID:      "tag:example.org,2024:ketref/releases/1.0",
				Title:   "Release 1.0",
				Link:    "https://example.org/changes/#v1.0",
				Updated: "2024-12-20",
				Summary: "The first release.",
			},
		},
	}
}

const smallGolden = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.org,2024:ketref/changes</id>
  <title>Ketamine in TRD: changes</title>
  <subtitle>Releases of the review&#39;s evidence</subtitle>
  <updated>2025-02-01T00:00:00Z</updated>
  <author>
    <name>The editors</name>
  </author>
  <link rel="alternate" type="text/html" href="/changes/"></link>
  <link rel="self" type="application/atom+xml" href="/changes/feed.xml"></link>
  <entry>
    <id>tag:example.org,2024:ketref/releases/1.1</id>
    <title>Release 1.1</title>
    <link rel="alternate" type="text/html" href="/changes/#v1.1"></link>
    <published>2025-02-01T00:00:00Z</published>
    <updated>2025-02-01T08:30:00Z</updated>
    <summary>2 claims changed, 1 reference added.</summary>
    <content type="html">&lt;p&gt;2 claims changed, &lt;ins&gt;1 reference&lt;/ins&gt; added.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>tag:example.org,2024:ketref/releases/1.0</id>
    <title>Release 1.0</title>
    <link rel="alternate" type="text/html" href="https://example.org/changes/#v1.0"></link>
    <updated>2024-12-20T00:00:00Z</updated>
    <summary>The first release.</summary>
  </entry>
</feed>
`

func TestAtomGolden(t *testing.T) {
	got, err := Atom(small())
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != smallGolden {
		t.Errorf("feed differs from the golden copy\ngot:\n%s\nwant:\n%s", got, smallGolden)
	}
}

// decoded is an Atom document as encoding/xml reads it back.
type decoded struct {
	XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Base     string   `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
	ID       string   `xml:"http://www.w3.org/2005/Atom id"`
	Title    string   `xml:"http://www.w3.org/2005/Atom title"`
	Subtitle string   `xml:"http://www.w3.org/2005/Atom subtitle"`
	Updated  string   `xml:"http://www.w3.org/2005/Atom updated"`
	Author   string   `xml:"http://www.w3.org/2005/Atom author>name"`
	Links    []struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		ID    string `xml:"http://www.w3.org/2005/Atom id"`
		Title string `xml:"http://www.w3.org/2005/Atom title"`
		Link  struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Published string `xml:"http://www.w3.org/2005/Atom published"`
		Updated   string `xml:"http://www.w3.org/2005/Atom updated"`
		Summary   string `xml:"http://www.w3.org/2005/Atom summary"`
		Content   struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"http://www.w3.org/2005/Atom content"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func decode(t testing.TB, doc []byte) decoded {
	t.Helper()
	var d decoded
	if err := xml.Unmarshal(doc, &d); err != nil {
		t.Fatalf("encoding/xml cannot read the feed back: %v\n%s", err, doc)
	}
	return d
}

func TestAtomParsesBack(t *testing.T) {
	f := small()
	f.Base = "https://example.org/"
	doc, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	d := decode(t, doc)
	feedFields := []struct{ name, got, want string }{
		{"xml:base", d.Base, "https://example.org/"},
		{"id", d.ID, f.ID},
		{"title", d.Title, f.Title},
		{"subtitle", d.Subtitle, f.Subtitle},
		{"updated", d.Updated, "2025-02-01T00:00:00Z"},
		{"author", d.Author, f.Author},
	}
	for _, c := range feedFields {
		if c.got != c.want {
			t.Errorf("feed %s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if len(d.Links) != 2 ||
		d.Links[0].Rel != "alternate" || d.Links[0].Href != f.Link || d.Links[0].Type != "text/html" ||
		d.Links[1].Rel != "self" || d.Links[1].Href != f.Self || d.Links[1].Type != "application/atom+xml" {
		t.Errorf("feed links = %+v, want alternate %s and self %s", d.Links, f.Link, f.Self)
	}
	if len(d.Entries) != len(f.Entries) {
		t.Fatalf("%d entries, want %d", len(d.Entries), len(f.Entries))
	}
	want := []struct{ published, updated, contentType string }{
		{"2025-02-01T00:00:00Z", "2025-02-01T08:30:00Z", "html"},
		{"", "2024-12-20T00:00:00Z", ""},
	}
	for i, e := range d.Entries {
		in := f.Entries[i]
		fields := []struct{ name, got, want string }{
			{"id", e.ID, in.ID},
			{"title", e.Title, in.Title},
			{"link rel", e.Link.Rel, "alternate"},
			{"link href", e.Link.Href, in.Link},
			{"published", e.Published, want[i].published},
			{"updated", e.Updated, want[i].updated},
			{"summary", e.Summary, in.Summary},
			{"content type", e.Content.Type, want[i].contentType},
			{"content", e.Content.Text, in.Content},
		}
		for _, c := range fields {
			if c.got != c.want {
				t.Errorf("entry %d %s = %q, want %q", i, c.name, c.got, c.want)
			}
		}
	}
}

func TestAtomDates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-12-20", "2024-12-20T00:00:00Z"},
		{"2024-12-20T00:00:00Z", "2024-12-20T00:00:00Z"},
		{"2024-12-20T09:30:00+02:00", "2024-12-20T07:30:00Z"},
		{"2024-12-20T23:30:00-01:00", "2024-12-21T00:30:00Z"},
		{"2024-12-20T09:30:00.250Z", "2024-12-20T09:30:00.25Z"},
	}
	for _, tt := range tests {
		f := small()
		f.Updated = tt.in
		f.Entries[0].Published = tt.in
		doc, err := Atom(f)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		d := decode(t, doc)
		if d.Updated != tt.want || d.Entries[0].Published != tt.want {
			t.Errorf("%s: updated %q, published %q, want %q", tt.in, d.Updated, d.Entries[0].Published, tt.want)
		}
	}
}

// TestAtomEscapes: markup, ampersands and quotes in any text arrive as
// the same text; HTML content arrives as escaped text, never as markup.
func TestAtomEscapes(t *testing.T) {
	const nasty = `<script>alert("x")</script> & 'quoted' "double" ]]> &amp;`
	f := small()
	f.Title = "Title " + nasty
	f.Subtitle = "Subtitle " + nasty
	f.Author = "Author " + nasty
	f.Entries[0].Title = "Entry " + nasty
	f.Entries[0].Summary = "Summary " + nasty
	f.Entries[0].Content = "<p>Content</p>" + nasty
	f.Entries[0].Link = `/changes/?a=1&b="2"#<x>`
	doc, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, markup := range []string{"<script", "</script", "<p>", "]]>", `"double"`, "<x>"} {
		if strings.Contains(string(doc), markup) {
			t.Errorf("the feed carries %q unescaped:\n%s", markup, doc)
		}
	}
	d := decode(t, doc)
	texts := []struct{ name, got, want string }{
		{"feed title", d.Title, f.Title},
		{"feed subtitle", d.Subtitle, f.Subtitle},
		{"author", d.Author, f.Author},
		{"entry title", d.Entries[0].Title, f.Entries[0].Title},
		{"summary", d.Entries[0].Summary, f.Entries[0].Summary},
		{"content", d.Entries[0].Content.Text, f.Entries[0].Content},
		{"link", d.Entries[0].Link.Href, f.Entries[0].Link},
	}
	for _, c := range texts {
		if c.got != c.want {
			t.Errorf("%s read back as %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestAtomErrors(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Feed)
		entry   int
		field   string
		problem string
	}{
		{"feed id empty", func(f *Feed) { f.ID = "" }, -1, "ID", "is empty"},
		{"feed id without scheme", func(f *Feed) { f.ID = "example.org/changes" }, -1, "ID", "not an absolute IRI"},
		{"feed id with space", func(f *Feed) { f.ID = "tag:example.org,2024:ketref changes" }, -1, "ID", "has a space at byte 27"},
		{"feed title blank", func(f *Feed) { f.Title = " \n" }, -1, "Title", "is empty"},
		{"feed author empty", func(f *Feed) { f.Author = "" }, -1, "Author", "is empty"},
		{"feed updated empty", func(f *Feed) { f.Updated = "" }, -1, "Updated", "is empty"},
		{"feed updated unparsable", func(f *Feed) { f.Updated = "20 December 2024" }, -1, "Updated", `"20 December 2024" is not a date`},
		{"feed updated impossible", func(f *Feed) { f.Updated = "2024-02-30" }, -1, "Updated", "is not a date"},
		{"feed self empty", func(f *Feed) { f.Self = "" }, -1, "Self", "is empty"},
		{"feed self relative", func(f *Feed) { f.Self = "feed.xml" }, -1, "Self", "neither an absolute http(s) URL nor a site path"},
		{"feed self network path", func(f *Feed) { f.Self = "//example.org/feed.xml" }, -1, "Self", "nor a site path"},
		{"feed link javascript", func(f *Feed) { f.Link = "javascript:alert(1)" }, -1, "Link", "neither"},
		{"feed base site path", func(f *Feed) { f.Base = "/" }, -1, "Base", "xml:base must be absolute"},
		{"feed subtitle control", func(f *Feed) { f.Subtitle = "a\x1bb" }, -1, "Subtitle", "contains U+001B at byte 1, which XML 1.0 cannot carry"},
		{"feed title bad utf8", func(f *Feed) { f.Title = "caf\xe9" }, -1, "Title", "not valid UTF-8 at byte 3"},
		{"entry id empty", func(f *Feed) { f.Entries[1].ID = "" }, 1, "ID", "is empty"},
		{"entry id without scheme", func(f *Feed) { f.Entries[1].ID = "release-1.0" }, 1, "ID", "not an absolute IRI"},
		{"entry title empty", func(f *Feed) { f.Entries[0].Title = "" }, 0, "Title", "is empty"},
		{"entry link empty", func(f *Feed) { f.Entries[0].Link = "" }, 0, "Link", "is empty"},
		{"entry link with space", func(f *Feed) { f.Entries[0].Link = "/changes/#v 1" }, 0, "Link", "%20"},
		{"entry updated empty", func(f *Feed) { f.Entries[1].Updated = "" }, 1, "Updated", "is empty"},
		{"entry published unparsable", func(f *Feed) { f.Entries[0].Published = "2024-12-20 09:30" }, 0, "Published", "is not a date"},
		{"entry summary control", func(f *Feed) { f.Entries[1].Summary = "ok\x00" }, 1, "Summary", "contains U+0000 at byte 2"},
		{"entry content control", func(f *Feed) { f.Entries[0].Content = "<p>\x0c</p>" }, 0, "Content", "contains U+000C at byte 3"},
		{"entry title noncharacter", func(f *Feed) { f.Entries[0].Title = "x\uFFFE" }, 0, "Title", "contains U+FFFE"},
		{"duplicate entry ids", func(f *Feed) { f.Entries[1].ID = f.Entries[0].ID }, 1, "ID", "repeats the id of Entries[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := small()
			tt.edit(&f)
			doc, err := Atom(f)
			if err == nil {
				t.Fatalf("no error; wrote\n%s", doc)
			}
			if doc != nil {
				t.Error("a feed was returned with the error")
			}
			problems := fieldErrors(t, err)
			if len(problems) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(problems), err)
			}
			p := problems[0]
			if p.Entry != tt.entry || p.Field != tt.field || !strings.Contains(p.Problem, tt.problem) {
				t.Errorf("got %+v, want entry %d, field %s, problem containing %q", p, tt.entry, tt.field, tt.problem)
			}
			if tt.entry >= 0 && !strings.Contains(err.Error(), fmt.Sprintf("Entries[%d]", tt.entry)) {
				t.Errorf("the message does not name the entry: %v", err)
			}
			if !strings.Contains(err.Error(), "."+tt.field+" ") {
				t.Errorf("the message does not name the field: %v", err)
			}
		})
	}
}

// TestAtomReportsEveryProblem: one call reports all the problems, so an
// editor fixes them in one pass.
func TestAtomReportsEveryProblem(t *testing.T) {
	f := small()
	f.Title = ""
	f.Entries[0].Updated = "soon"
	f.Entries[1].Summary = "\x01"
	_, err := Atom(f)
	problems := fieldErrors(t, err)
	var got []string
	for _, p := range problems {
		got = append(got, p.Field)
	}
	if strings.Join(got, ",") != "Title,Updated,Summary" {
		t.Errorf("problems with %v, want Title, Updated, Summary: %v", got, err)
	}
	want := `feed: Entries[1] (id "tag:example.org,2024:ketref/releases/1.0") .Summary contains U+0001 at byte 0, which XML 1.0 cannot carry: remove it`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message\n%v\ndoes not contain\n%s", err, want)
	}
}

func fieldErrors(t *testing.T, err error) []*FieldError {
	t.Helper()
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v (%T) does not join problems", err, err)
	}
	var out []*FieldError
	for _, e := range joined.Unwrap() {
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("problem %v (%T) is not a *FieldError", e, e)
		}
		out = append(out, fe)
	}
	return out
}

// FuzzAtom: for any titles, summaries and content, Atom either refuses
// them or writes XML that encoding/xml reads back to the same strings.
func FuzzAtom(f *testing.F) {
	s := small()
	f.Add(s.Title, s.Entries[0].Title, s.Entries[0].Summary, s.Entries[0].Content)
	f.Add("<script>&", `"'`, "a\r\nb\tc\rd", "<![CDATA[x]]>&amp;")
	f.Add(" ", "\x00", "caf\xe9", "\uFFFE\U0001F600")
	f.Fuzz(func(t *testing.T, feedTitle, title, summary, content string) {
		in := small()
		in.Title = feedTitle
		in.Subtitle = summary
		in.Entries[0].Title = title
		in.Entries[0].Summary = summary
		in.Entries[0].Content = content
		doc, err := Atom(in)
		if err != nil {
			return
		}
		d := decode(t, doc)
		got := []string{d.Title, d.Subtitle, d.Entries[0].Title, d.Entries[0].Summary, d.Entries[0].Content.Text}
		want := []string{feedTitle, summary, title, summary, content}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("text %d read back as %q, want %q", i, got[i], want[i])
			}
		}
	})
}
