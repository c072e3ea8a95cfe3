// Package feed writes an Atom 1.0 feed (RFC 4287): the site's releases
// feed at /changes/feed.xml, one entry per release of the evidence.
//
// A feed has an id, a title, an optional subtitle, the date it last
// changed, its author, a link to itself (rel="self") and, optionally, to
// the HTML page it mirrors (rel="alternate"). Each entry has an id, a
// title, the date it last changed (and optionally when it was first
// published), a link to its HTML page, a plain-text summary and,
// optionally, an HTML fragment as content.
//
// IDs must never change. Feed readers remember the ids they have shown
// and dedupe on them: an entry whose id changes is shown again as new to
// every subscriber, and a feed whose id changes is a different feed. An
// id is therefore not a URL that may move with the site but a name: use
// the tag: URI scheme (RFC 4151) from the site's domain, the year the
// name was minted and the release version, e.g.
//
//	tag:example.org,2024:ketref/changes         (the feed)
//	tag:example.org,2024:ketref/releases/1.2    (the release 1.2)
//
// Links may be absolute URLs or site paths ("/changes/#v1.2", from the
// root of the host), since the site may be served under "/" on a host it
// does not know. A feed reader resolves a site path against the URL it
// fetched the feed from (RFC 3986), so the feed works on any host; when
// Base gives the absolute URL of the site, the feed carries it as
// xml:base and readers resolve against it instead, which also serves
// readers that were handed the file without its URL.
//
// Guarantees: every text is escaped by encoding/xml (HTML content arrives
// as escaped text in a type="html" element, never as markup); dates are
// written in RFC 3339, UTC; the output starts with an XML declaration and
// declares the Atom namespace. Atom refuses input it cannot write
// faithfully: the error it returns joins one *FieldError per problem,
// each naming the entry and the field and saying what to do.
package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
)

// Namespace is the Atom 1.0 XML namespace.
const Namespace = "http://www.w3.org/2005/Atom"

// Feed is the content of an Atom feed.
type Feed struct {
	// ID is a permanent absolute IRI; see the package doc.
	ID       string
	Title    string
	Subtitle string // optional
	// Link is the HTML page the feed mirrors (optional): an absolute
	// http(s) URL or a site path.
	Link string
	// Self is the feed's own URL: an absolute http(s) URL or a site path.
	Self string
	// Base is the absolute http(s) URL that site paths resolve against
	// (optional); written as xml:base.
	Base   string
	Author string
	// Updated is when the feed last changed: RFC 3339, or YYYY-MM-DD for
	// midnight UTC.
	Updated string
	Entries []Entry
}

// Entry is one entry of a feed: a release.
type Entry struct {
	// ID is a permanent absolute IRI, unique in the feed.
	ID    string
	Title string
	// Link is the entry's HTML page: an absolute http(s) URL or a site
	// path.
	Link string
	// Published is when the entry first appeared (optional); Updated is
	// when it last changed. RFC 3339, or YYYY-MM-DD for midnight UTC.
	Published string
	Updated   string
	// Summary is plain text (optional).
	Summary string
	// Content is an HTML fragment (optional), written escaped into a
	// type="html" element.
	Content string
}

// Atom returns f as an Atom 1.0 document, or an error joining one
// *FieldError per problem of f.
func Atom(f Feed) ([]byte, error) {
	doc, problems := build(f)
	if len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, p := range problems {
			errs[i] = p
		}
		return nil, errors.Join(errs...)
	}
	var out bytes.Buffer
	out.WriteString(xml.Header)
	enc := xml.NewEncoder(&out)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err // unreachable for validated input; reported, not hidden
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// The document as encoding/xml writes it.
type (
	atomFeed struct {
		XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Base     string      `xml:"http://www.w3.org/XML/1998/namespace base,attr,omitempty"`
		ID       string      `xml:"id"`
		Title    string      `xml:"title"`
		Subtitle string      `xml:"subtitle,omitempty"`
		Updated  string      `xml:"updated"`
		Author   atomAuthor  `xml:"author"`
		Links    []atomLink  `xml:"link"`
		Entries  []atomEntry `xml:"entry"`
	}
	atomAuthor struct {
		Name string `xml:"name"`
	}
	atomLink struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	atomEntry struct {
		ID        string       `xml:"id"`
		Title     string       `xml:"title"`
		Link      atomLink     `xml:"link"`
		Published string       `xml:"published,omitempty"`
		Updated   string       `xml:"updated"`
		Summary   string       `xml:"summary,omitempty"`
		Content   *atomContent `xml:"content"`
	}
	atomContent struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
)
