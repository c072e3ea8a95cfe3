package main

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// The parts a page's bytes are split into. Each names the template that
// emits it in FINDINGS.md; a byte belongs to exactly one part.
const (
	partShell     = "shell"            // doctype, <html>, <head>/<body> wrappers, whitespace between landmarks (base.html)
	partHead      = "head"             // <head> metadata, asset links, scripts (base.html)
	partCSP       = "head-csp"         // the Content-Security-Policy <meta> (base.html, .Page.CSP)
	partScholar   = "scholar-meta"     // citation_* <meta> and ld+json (partials/scholar.html)
	partInlineCSS = "inline-css"       // <style> elements
	partData      = "json-data"        // <script type="application/json"> (partials/calc-head.html)
	partHeader    = "header"           // skip link, site header with the search form (base.html)
	partNav       = "site-nav"         // the site navigation tree (partials/nav.html, .Page.NavList)
	partFooter    = "footer"           // partials/footer.html
	partMain      = "main-other"       // <main>/<article> wrappers and anything unrecognized inside
	partCrumbs    = "crumbs"           // partials/pagehead.html
	partPageHead  = "page-head"        // h1, updated note, lede (partials/pagehead.html, updated.html)
	partTOC       = "toc"              // partials/toc.html
	partContent   = "content"          // the rendered Markdown (.Page.Content)
	partCitations = "inline-citations" // <span class="citation"> markup in the content (cite)
	partCode      = "code"             // <pre> blocks in the content (chroma highlighting)
	partAbbr      = "glossary-abbr"    // <abbr> in the content (glossary)
	partCited     = "cited-list"       // "References cited on this page" (partials/cited.html)
	partBacklinks = "backlinks"        // where a work is cited (reference.html cited-at, references.html backlinks)
	partRefList   = "reflist"          // the full reference list minus its backlinks (references.html)
	partChildren  = "children"         // "In this section" (section.html)
	partPager     = "pager"            // partials/pager.html
	partSource    = "source-article"   // the home page's source-article block (home.html)
	partOther     = "other"            // body content outside every known landmark
)

// voidElements have no end tag, so they never open a part of their own.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// Page is one HTML page split into parts.
type Page struct {
	Parts   map[string]int // bytes per part; they sum to the page's length
	Article string         // class of the first <article class="page …">, "" when none
	NoIndex bool           // the page asks robots not to index it (404, offline)
}

type openElement struct {
	name string
	part string
}

// Classify splits src into parts by the landmarks the templates emit. Every
// byte of src is counted exactly once, whatever the markup: unknown or
// malformed markup falls into the enclosing part.
func Classify(src []byte) Page {
	page := Page{Parts: map[string]int{}}
	z := html.NewTokenizer(bytes.NewReader(src))
	var stack []openElement
	top := func() string {
		if len(stack) == 0 {
			return partShell
		}
		return stack[len(stack)-1].part
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			// The tokenizer stops at EOF; whatever it had buffered is in Raw.
			page.Parts[top()] += len(z.Raw())
			break
		}
		n := len(z.Raw())
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			part := partFor(tok, top())
			if tok.Data == "article" && page.Article == "" && hasClass(attr(tok, "class"), "page") {
				page.Article = attr(tok, "class")
			}
			if tok.Data == "meta" && attr(tok, "name") == "robots" && strings.Contains(attr(tok, "content"), "noindex") {
				page.NoIndex = true
			}
			page.Parts[part] += n
			if tt == html.StartTagToken && !voidElements[tok.Data] {
				stack = append(stack, openElement{tok.Data, part})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			i := len(stack) - 1
			for i >= 0 && stack[i].name != string(name) {
				i--
			}
			if i < 0 { // a stray end tag
				page.Parts[top()] += n
				continue
			}
			page.Parts[stack[i].part] += n
			stack = stack[:i]
		default:
			page.Parts[top()] += n
		}
	}
	total := 0
	for _, v := range page.Parts {
		total += v
	}
	// The tokenizer can keep a few bytes from Raw (a truncated tag at EOF);
	// they still belong to the page.
	if total < len(src) {
		page.Parts[top()] += len(src) - total
	}
	for k, v := range page.Parts {
		if v == 0 {
			delete(page.Parts, k)
		}
	}
	return page
}

// partFor decides which part a start tag opens, given its parent's part.
func partFor(tok html.Token, parent string) string {
	class := attr(tok, "class")
	switch tok.Data {
	case "head":
		return partHead
	case "style":
		return partInlineCSS
	case "script":
		switch attr(tok, "type") {
		case "application/json":
			return partData
		case "application/ld+json":
			return partScholar
		}
	case "meta":
		if strings.EqualFold(attr(tok, "http-equiv"), "content-security-policy") {
			return partCSP
		}
		if strings.HasPrefix(attr(tok, "name"), "citation_") {
			return partScholar
		}
	}
	switch parent {
	case partShell:
		switch {
		case tok.Data == "header" || hasClass(class, "skip-link"):
			return partHeader
		case tok.Data == "footer":
			return partFooter
		case tok.Data == "nav" && hasClass(class, "site-nav"):
			return partNav
		case tok.Data == "main":
			return partMain
		case tok.Data == "html" || tok.Data == "body" || hasClass(class, "layout"):
			return partShell
		}
		return partOther
	case partMain:
		switch {
		case tok.Data == "nav" && hasClass(class, "crumbs"):
			return partCrumbs
		case tok.Data == "nav" && hasClass(class, "toc"):
			return partTOC
		case tok.Data == "nav" && hasClass(class, "pager"):
			return partPager
		case tok.Data == "nav" && hasClass(class, "children"):
			return partChildren
		case tok.Data == "section" && hasClass(class, "cited"):
			return partCited
		case tok.Data == "section" && hasClass(class, "source"):
			return partSource
		case tok.Data == "ol" && hasClass(class, "reflist"):
			return partRefList
		case tok.Data == "ol" && hasClass(class, "cited-at"):
			return partBacklinks
		case tok.Data == "h1" || hasClass(class, "updated") || hasClass(class, "updated-rules") || hasClass(class, "lede"):
			return partPageHead
		case tok.Data == "div" && hasClass(class, "content"):
			return partContent
		}
	case partContent:
		switch {
		case tok.Data == "span" && hasClass(class, "citation"):
			return partCitations
		case tok.Data == "pre":
			return partCode
		case tok.Data == "abbr":
			return partAbbr
		case tok.Data == "ol" && hasClass(class, "cited-at"):
			return partBacklinks
		}
	case partRefList:
		if hasClass(class, "backlinks") {
			return partBacklinks
		}
	}
	return parent
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(classes, name string) bool {
	for _, c := range strings.Fields(classes) {
		if c == name {
			return true
		}
	}
	return false
}

// PageKind names a page's kind from its <article> class: "content" for a
// plain page, the second class otherwise ("reference", "references",
// "section", "home", "glossary" …), and "other" for pages robots should not
// index (404, offline) or without an article.
func PageKind(p Page) string {
	if p.NoIndex || p.Article == "" {
		return "other"
	}
	for _, c := range strings.Fields(p.Article) {
		if c != "page" {
			return c
		}
	}
	return "content"
}
