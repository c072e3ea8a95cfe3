package content

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"ketref/generator/suggest"
)

// Target is where a link written in a page points: a page (with the
// fragment to check on it), a static file of the content folder, or an
// external URL to emit as written.
type Target struct {
	Page     *Page
	File     string // a static file's path in the content folder
	External string
	Fragment string
}

// Resolve finds where a link destination written in from points. Pages
// are linked as relative (or content-rooted, "/x.md") paths to their .md
// files or section folders, files by their paths; a bare "#id" points at
// from itself. root names the content folder in messages, which say what
// to write instead; byURL finds a page by its site path (for a link to a
// page's URL from the content root, "/references/").
func (s *Site) Resolve(from *Page, dest string, image bool, root string, byURL func(string) *Page) (Target, error) {
	if dest == "" {
		return Target{}, fmt.Errorf("empty link destination; write [text](page.md)")
	}
	if u, err := url.Parse(dest); err == nil && (u.Scheme != "" || strings.HasPrefix(dest, "//")) {
		return Target{External: dest}, nil // http:, https:, mailto:, ...
	}
	rawPath, frag, _ := strings.Cut(dest, "#")
	if rawPath == "" {
		return Target{Page: from, Fragment: frag}, nil
	}
	p, err := url.PathUnescape(rawPath)
	if err != nil {
		return Target{}, fmt.Errorf("link %q is not a valid path: %v", dest, err)
	}
	var target string
	if strings.HasPrefix(p, "/") {
		target = strings.TrimPrefix(path.Clean(p), "/")
	} else {
		target = path.Join(from.Dir, p)
	}
	if target == "" {
		target = "."
	}
	if target == ".." || strings.HasPrefix(target, "../") {
		return Target{}, fmt.Errorf("link %q leaves the content folder", dest)
	}
	if strings.HasSuffix(target, ".md") {
		cp := s.BySource[target]
		if cp == nil {
			return Target{}, fmt.Errorf("link %q points to %s/%s, which does not exist%s", dest, root, target, s.nearestSource(target))
		}
		return Target{Page: cp, Fragment: frag}, nil
	}
	if cp := s.BySource[strings.TrimSuffix(target, "/")]; cp != nil && cp.IsSection() {
		return Target{Page: cp, Fragment: frag}, nil
	}
	if i := sort.SearchStrings(s.Files, target); i < len(s.Files) && s.Files[i] == target {
		return Target{File: target, Fragment: frag}, nil
	}
	if to := byURL("/" + strings.Trim(target, "/") + "/"); to != nil && strings.HasPrefix(p, "/") {
		return Target{Page: to, Fragment: frag}, nil
	}
	what := "page or file"
	if image {
		what = "image"
	}
	return Target{}, fmt.Errorf("link %q points to %s/%s, which is no %s in the content folder; link to pages by their .md file%s", dest, root, target, what, s.nearestSource(target+".md"))
}

// nearestSource suggests the page whose path is closest to a missing one.
func (s *Site) nearestSource(missing string) string {
	var sources []string
	for src, cp := range s.BySource {
		if cp.Source == src { // not a section folder's key
			sources = append(sources, src)
		}
	}
	sort.Strings(sources)
	best := suggest.Nearest(missing, sources, len(missing)/2)
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", best)
}
