package feed

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FieldError is one problem of the input to Atom.
type FieldError struct {
	// Entry is the index of the entry in Feed.Entries, or -1 for a field
	// of the feed itself.
	Entry int
	// EntryID is the entry's ID as given, to find it by ("" for the feed).
	EntryID string
	// Field is the name of the field, as in Feed or Entry ("Title").
	Field string
	// Problem says what is wrong and what to do.
	Problem string
}

func (e *FieldError) Error() string {
	if e.Entry < 0 {
		return fmt.Sprintf("feed: Feed.%s %s", e.Field, e.Problem)
	}
	return fmt.Sprintf("feed: Entries[%d] (id %q) .%s %s", e.Entry, e.EntryID, e.Field, e.Problem)
}

// checker collects the problems of one feed; at names what is checked.
type checker struct {
	problems []*FieldError
	entry    int
	entryID  string
}

func (c *checker) fail(field, format string, args ...any) {
	c.problems = append(c.problems, &FieldError{
		Entry: c.entry, EntryID: c.entryID, Field: field,
		Problem: fmt.Sprintf(format, args...),
	})
}

// build validates f and returns the document to encode, with every date
// normalised.
func build(f Feed) (atomFeed, []*FieldError) {
	c := &checker{entry: -1}
	doc := atomFeed{
		Base:     c.base("Base", f.Base),
		ID:       c.id("ID", f.ID),
		Title:    c.text("Title", f.Title, true),
		Subtitle: c.text("Subtitle", f.Subtitle, false),
		Updated:  c.date("Updated", f.Updated, true),
		Author:   atomAuthor{Name: c.text("Author", f.Author, true)},
	}
	if link := c.link("Link", f.Link, false); link != "" {
		doc.Links = append(doc.Links, atomLink{Rel: "alternate", Type: "text/html", Href: link})
	}
	doc.Links = append(doc.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: c.link("Self", f.Self, true)})

	firstWithID := map[string]int{}
	for i, e := range f.Entries {
		c.entry, c.entryID = i, e.ID
		entry := atomEntry{
			ID:        c.id("ID", e.ID),
			Title:     c.text("Title", e.Title, true),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: c.link("Link", e.Link, true)},
			Published: c.date("Published", e.Published, false),
			Updated:   c.date("Updated", e.Updated, true),
			Summary:   c.text("Summary", e.Summary, false),
		}
		if content := c.text("Content", e.Content, false); content != "" {
			entry.Content = &atomContent{Type: "html", Text: content}
		}
		if first, seen := firstWithID[e.ID]; seen && e.ID != "" {
			c.fail("ID", "repeats the id of Entries[%d]: readers would show only one of them; give each entry an id of its own", first)
		} else {
			firstWithID[e.ID] = i
		}
		doc.Entries = append(doc.Entries, entry)
	}
	return doc, c.problems
}

// text checks that s is text XML 1.0 can carry and, when required, that
// it is not blank.
func (c *checker) text(field, s string, required bool) string {
	if required && strings.TrimSpace(s) == "" {
		c.fail(field, "is empty: it is required")
		return s
	}
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			c.fail(field, "is not valid UTF-8 at byte %d: write the text in UTF-8", i)
			return s
		}
		if !xmlChar(r) {
			c.fail(field, "contains %U at byte %d, which XML 1.0 cannot carry: remove it", r, i)
			return s
		}
	}
	return s
}

// xmlChar reports whether XML 1.0 (production Char) allows r.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// id checks that s is an absolute IRI: a scheme, then no spaces.
func (c *checker) id(field, s string) string {
	before := len(c.problems)
	c.text(field, s, true)
	if len(c.problems) > before {
		return s
	}
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		c.fail(field, "%q has a space at byte %d, which an IRI cannot have: remove it", s, i)
		return s
	}
	if u, err := url.Parse(s); err != nil || u.Scheme == "" {
		c.fail(field, "%q is not an absolute IRI (it needs a scheme): use a tag: URI that never changes, such as tag:example.org,2024:ketref/releases/1.0", s)
	}
	return s
}

// link checks that s is an absolute http(s) URL or a site path.
func (c *checker) link(field, s string, required bool) string {
	before := len(c.problems)
	c.text(field, s, required)
	if len(c.problems) > before || s == "" {
		return s
	}
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		c.fail(field, "%q has a space at byte %d: percent-encode it (%%20)", s, i)
		return s
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		c.fail(field, "%q is not a URL (%v): give an absolute http(s) URL or a site path such as /changes/", s, err)
	case u.Scheme == "" && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//"):
		// A site path: the reader resolves it against the feed's URL or xml:base.
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
	default:
		c.fail(field, "%q is neither an absolute http(s) URL nor a site path starting with one /: give one of those", s)
	}
	return s
}

// base checks that s, if given, is an absolute http(s) URL.
func (c *checker) base(field, s string) string {
	before := len(c.problems)
	c.link(field, s, false)
	if len(c.problems) == before && strings.HasPrefix(s, "/") {
		c.fail(field, "%q is a site path: xml:base must be absolute (https://example.org/); leave Base empty to let readers resolve against the feed's URL", s)
	}
	return s
}

// date parses s, RFC 3339 or YYYY-MM-DD (midnight UTC), and returns it in
// RFC 3339, UTC.
func (c *checker) date(field, s string, required bool) string {
	if s == "" {
		if required {
			c.fail(field, "is empty: it is required; write RFC 3339 (2024-12-20T09:30:00Z) or YYYY-MM-DD")
		}
		return ""
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
	}
	c.fail(field, "%q is not a date: write RFC 3339 (2024-12-20T09:30:00Z) or YYYY-MM-DD", s)
	return s
}
