package site

// The Convert stage: turn every page's Markdown into HTML in parallel,
// with what the later stages need from it (headings, ids, citation
// occurrences, search documents, fragment checks, diagnostics). A
// conversion depends only on the page's source and the site's structure,
// which is what lets a Project reuse it (see Project).

import (
	"slices"

	"ketref/generator/anchors"
	"ketref/generator/cite"
	"ketref/generator/claims"
	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/pool"
	"ketref/generator/search"
	"ketref/generator/snapshot"
)

// pageFailed reports a panic while page i was worked on, at its file.
func (b *builder) pageFailed(i int, msg string) {
	b.pages[i].unconverted = true
	b.diags.Errorf(b.pages[i].File, 0, 0, "%s", msg)
}

func (b *builder) convert(conv *markdown.Converter) {
	b.planSearch()
	pool.Run(len(b.pages), func(i int) {
		pg := b.pages[i]
		defer b.converted(i)
		if pg.Src == nil {
			return // a section made for a folder without _index.md
		}
		key := b.convKey(pg)
		r, ok := b.convCache.Get(pg.Source, key)
		if !ok {
			r = b.convertPage(conv, pg)
		}
		b.convCache.Put(pg.Source, key, r)
		b.apply(pg, r)
		if st := b.stream; st != nil && b.streamable(pg) {
			b.renderPage(pg, st.sv, st.views, st.write, 0)
			pg.rendered = true
			// Nothing reads the source after conversion in a one-off
			// build (fragment checks carry their line and column).
			pg.html, pg.Src, pg.Body, pg.Lines, pg.cited = nil, nil, nil, nil, nil
		}
	}, b.pageFailed)
}

// conversion is what converting one page produced, kept between builds.
type conversion struct {
	failed      bool
	occHash     uint64
	searchDocs  [][]byte
	abbrs       []string
	html        []byte
	headings    []markdown.Heading
	ids         anchors.Set
	checks      []savedCheck
	occurrences []cite.Occurrence
	claims      []snapshot.Claim
	data        []snapshot.Datum
	diags       []diag.Diagnostic
}

// savedCheck is a fragment check with its target named by URL, so that it
// can be bound to the pages of a later build.
type savedCheck struct {
	targetURL, id, dest string
	line, col           int
}

func (b *builder) convertPage(conv *markdown.Converter, pg *page) *conversion {
	var local diag.List
	var checks []fragmentCheck
	pc := newContext(b.cites)
	res, err := conv.Convert(markdown.Document{
		Source: pg.Body,
		Links: func(l markdown.Link) (string, error) {
			u, c, err := b.resolve(pg, l)
			if c != nil {
				checks = append(checks, *c)
			}
			return u, err
		},
		Context: pc,
	})
	r := &conversion{}
	if err != nil {
		r.failed = true
		local.Errorf(pg.File, 0, 0, "%v", err)
		r.diags = local.Sorted()
		return r
	}
	r.failed = res.Refused
	r.html, r.headings, r.abbrs = res.HTML, res.Headings, res.Abbreviations
	r.searchDocs = search.Sections(res.Sections)
	// Every id in the page's HTML, not only headings' (citation groups,
	// figures, raw HTML): a page rendered while the build converts no
	// longer has its HTML when links to it are checked.
	ids := slices.Clone(res.IDs)
	anchors.Scan(res.HTML, func(id string) { ids = append(ids, id) })
	r.ids = anchors.NewSet(ids)
	for _, c := range checks {
		line, col := pg.Lines.Position(pg.BodyOffset + c.offset)
		r.checks = append(r.checks, savedCheck{targetURL: c.target.URL, id: c.id, dest: c.dest, line: line, col: col})
	}
	for _, p := range res.Problems {
		line, col := pg.Lines.Position(pg.BodyOffset + p.Offset)
		sev := diag.Error
		if p.Warning {
			sev = diag.Warning
		}
		local.Add(diag.Diagnostic{File: pg.File, Line: line, Col: col, Severity: sev, Msg: p.Msg})
	}
	r.occurrences = cite.Occurrences(pc)
	r.claims, r.data = claims.Of(pc)
	r.occHash = b.occurrencesHash(r.occurrences)
	for _, p := range cite.Problems(pc) {
		line, col := pg.Lines.Position(pg.BodyOffset + p.Offset)
		local.Errorf(pg.File, line, col, "%s", p.Msg)
	}
	for _, h := range res.Headings {
		if h.Level == 1 {
			line, col := pg.Lines.Position(pg.BodyOffset + h.Offset)
			local.Warnf(pg.File, line, col, "heading %q is a level-1 heading; the page title is the page's h1, so start sections at ##", h.Text)
		}
	}
	r.diags = local.Sorted()
	return r
}

// apply gives pg the results of its conversion.
func (b *builder) apply(pg *page, r *conversion) {
	pg.html, pg.headings, pg.ids, pg.occurrences, pg.occHash = r.html, r.headings, r.ids, r.occurrences, r.occHash
	pg.searchDocs, pg.abbrs = r.searchDocs, r.abbrs
	if b.keepsEvidence() {
		pg.claims, pg.data = snapshot.OnPage(pg.URL, r.claims, r.data)
	}
	pg.unconverted = r.failed
	pg.checks = nil
	for _, c := range r.checks {
		if t := b.urls[c.targetURL]; t != nil {
			pg.checks = append(pg.checks, fragmentCheck{target: t, id: c.id, line: c.line, col: c.col, dest: c.dest})
		}
	}
	for _, d := range r.diags {
		b.diags.Add(d)
	}
}
