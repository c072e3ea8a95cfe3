package content

// Reading order, URL clashes and aliases.

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"ketref/generator/diag"
	"ketref/generator/yamldoc"
)

// less orders siblings: weighted before unweighted, then by weight, title
// and path, so the order never depends on the file system.
func less(a, b *Page) bool {
	aw, bw := a.Meta.Weight, b.Meta.Weight
	if (aw == 0) != (bw == 0) {
		return aw != 0
	}
	if aw != bw {
		return aw < bw
	}
	if a.Meta.Title != b.Meta.Title {
		return a.Meta.Title < b.Meta.Title
	}
	return a.URL < b.URL
}

func (s *Site) order(sec *Page) {
	s.Pages = append(s.Pages, sec)
	sort.SliceStable(sec.Children, func(i, j int) bool { return less(sec.Children[i], sec.Children[j]) })
	for _, c := range sec.Children {
		if c.IsSection() {
			s.order(c)
		} else {
			s.Pages = append(s.Pages, c)
		}
	}
}

// checkURLs reports two pages (or aliases) that would be written to the same
// URL.
func (s *Site) checkURLs(diags *diag.List) {
	owner := make(map[string]*Page)
	claim := func(url string, pg *Page, what string) {
		if prev, ok := owner[url]; ok {
			diags.Errorf(pg.File, 1, 1, "%s %s is also the URL of %s; rename one of the files or change the alias", what, url, prev.File)
			return
		}
		owner[url] = pg
	}
	for _, pg := range s.Pages {
		claim(pg.URL, pg, "URL")
	}
	for _, pg := range s.Pages {
		for _, a := range pg.Meta.Aliases {
			claim(NormalizeAlias(a), pg, "alias")
		}
	}
	for _, f := range s.Files {
		if pg, ok := owner["/"+f+"/"]; ok {
			diags.Errorf(pg.File, 1, 1, "URL %s clashes with the file content/%s", pg.URL, f)
		}
	}
}

// checkAliases reports aliases that are not plain paths of the site, at
// the alias in the front matter: each becomes a folder of the output, and
// the build must not find out only when it writes there.
func checkAliases(pg *Page, root *yaml.Node, at yamldoc.Source, diags *diag.List) {
	for i, a := range pg.Meta.Aliases {
		problem := aliasProblem(a)
		if problem == "" {
			continue
		}
		line, col := yamldoc.KeyPosition(root, at, "aliases")
		for k := 0; root != nil && k+1 < len(root.Content); k += 2 {
			key, seq := root.Content[k], root.Content[k+1]
			if key.Value == "aliases" && seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
				line, col = line+seq.Content[i].Line-key.Line, seq.Content[i].Column
			}
		}
		diags.Errorf(pg.File, line, col, "alias %q %s; write the old address as a path of this site, such as /old/page/", a, problem)
	}
}

// aliasProblem says what makes an alias unusable as an output folder, or
// returns "".
func aliasProblem(a string) string {
	switch {
	case strings.Contains(a, "://"):
		return "is a URL, not a path"
	case strings.Contains(a, `\`):
		return "has a backslash"
	case strings.ContainsAny(a, "?#"):
		return fmt.Sprintf("has a %q (queries and fragments never reach a file of the site)", string(a[strings.IndexAny(a, "?#")]))
	case strings.ContainsFunc(a, unicode.IsControl):
		return "has a control character"
	}
	rel := strings.Trim(NormalizeAlias(a), "/")
	if rel == "" {
		return "" // the home page's URL: checkURLs reports the clash
	}
	for _, seg := range strings.Split(rel, "/") {
		switch seg {
		case "..":
			return "climbs out of the site with \"..\""
		case ".":
			return "has a \".\" segment"
		case "":
			return "has an empty segment (//)"
		}
	}
	return ""
}

// NormalizeAlias turns an alias as written ("old/page", "/old/page.html")
// into a URL path with leading and trailing slash.
func NormalizeAlias(a string) string {
	a = strings.TrimSuffix(strings.TrimSuffix(a, "index.html"), ".html")
	a = "/" + strings.Trim(a, "/") + "/"
	if a == "//" {
		return "/"
	}
	return a
}
