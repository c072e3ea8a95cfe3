// Package linkcheck checks a built site as a browser would see it.
//
// Check walks every .html file under a folder and reports each internal
// link (a href, link href, img/script/source src) that does not resolve to
// a file of the site, each #fragment that names no element of its target
// page, and each piece of text that was escaped twice ("&amp;amp;"). Links to
// other origins and non-navigational schemes (mailto:, tel:, data:) are
// not followed. It is used by the tests that build the real content and the
// synthetic corpora, and reports every problem it finds.
package linkcheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// Problem is one broken link or escaping error.
type Problem struct {
	Page string // the page, as a path below the site root
	Msg  string
}

func (p Problem) String() string { return p.Page + ": " + p.Msg }

// Stats counts what was checked.
type Stats struct {
	Pages, Links, Fragments int
}

type link struct {
	from, raw string
}

// Check checks the site in fsys, which is served under basePath ("/").
func Check(fsys fs.FS, basePath string) ([]Problem, Stats, error) {
	if basePath == "" {
		basePath = "/"
	}
	ids := map[string]map[string]bool{}
	var links []link
	var problems []Problem
	var stats Stats
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		stats.Pages++
		for _, bad := range []string{"&amp;amp;", "&amp;lt;", "&amp;gt;", "&amp;quot;", "&amp;#"} {
			if i := bytes.Index(src, []byte(bad)); i >= 0 {
				problems = append(problems, Problem{p, fmt.Sprintf("double-escaped text %q near %q", bad, excerpt(src, i))})
			}
		}
		pageIDs, pageLinks := scan(src)
		ids[p] = pageIDs
		for _, l := range pageLinks {
			links = append(links, link{from: p, raw: l})
		}
		return nil
	})
	if err != nil {
		return nil, stats, err
	}
	// Most links of a site point at a few pages (the reference list, the
	// section pages, the assets): each file is looked up once.
	files := statCache{fsys: fsys, seen: map[string]statResult{}}
	for _, l := range links {
		stats.Links++
		target, frag, msg := resolve(files, basePath, l.from, l.raw)
		if msg != "" {
			problems = append(problems, Problem{l.from, msg})
			continue
		}
		if target == "" || frag == "" {
			continue
		}
		stats.Fragments++
		tids, ok := ids[target]
		if !ok {
			continue // not HTML: fragments in SVG, PDF, ... are not checked
		}
		if !tids[frag] {
			problems = append(problems, Problem{l.from, fmt.Sprintf("link %q: %s has no element with id %q", l.raw, target, frag)})
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Page < problems[j].Page })
	return problems, stats, nil
}

func excerpt(src []byte, i int) string {
	lo, hi := max(0, i-30), min(len(src), i+30)
	return string(src[lo:hi])
}

// scan returns the ids a page defines and the URLs it links to.
func scan(src []byte) (map[string]bool, []string) {
	ids := map[string]bool{}
	var links []string
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ids, links
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		tag := string(name)
		var rel string
		var href []string
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch key := string(k); {
			case key == "id":
				ids[string(v)] = true
			case key == "name" && tag == "a":
				ids[string(v)] = true
			case key == "rel":
				rel = string(v)
			case key == "href" && (tag == "a" || tag == "link" || tag == "area"),
				key == "src" && (tag == "img" || tag == "script" || tag == "source" || tag == "iframe" || tag == "audio" || tag == "video"):
				href = append(href, string(v))
			}
		}
		if rel == "canonical" || rel == "alternate" {
			continue // absolute URLs of the deployed site
		}
		links = append(links, href...)
	}
}

// statCache remembers fs.Stat's answers for one Check.
type statCache struct {
	fsys fs.FS
	seen map[string]statResult
}

type statResult struct {
	dir bool
	err error
}

func (c statCache) stat(name string) (dir bool, err error) {
	r, ok := c.seen[name]
	if !ok {
		fi, err := fs.Stat(c.fsys, name)
		r = statResult{err: err}
		if err == nil {
			r.dir = fi.IsDir()
		}
		c.seen[name] = r
	}
	return r.dir, r.err
}

// resolve maps a link on page from to the site file it names and its
// fragment; msg explains a link that resolves to nothing.
func resolve(files statCache, basePath, from, raw string) (target, frag, msg string) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", fmt.Sprintf("link %q does not parse: %v", raw, err)
	}
	if u.Scheme != "" || u.Host != "" {
		return "", "", "" // another origin or scheme
	}
	frag = u.Fragment
	p := u.Path
	if p == "" {
		return from, frag, ""
	}
	if !strings.HasPrefix(p, "/") {
		p = path.Join("/"+path.Dir(from), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if !strings.HasPrefix(p, basePath) {
		return "", "", fmt.Sprintf("link %q leaves the site's base path %s", raw, basePath)
	}
	rel := strings.TrimPrefix(p, basePath)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	rel = path.Clean(rel)
	dir, err := files.stat(rel)
	if err == nil && dir {
		rel = path.Join(rel, "index.html")
		_, err = files.stat(rel)
	}
	if err != nil {
		return "", "", fmt.Sprintf("link %q: no file %s in the site", raw, rel)
	}
	return rel, frag, ""
}
