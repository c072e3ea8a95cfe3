// Package site builds a whole site: it loads the content and templates
// folders, checks everything, renders every page in parallel and writes the
// result into the output folder in one step. Build makes one site; a
// Project makes it again and again for the preview, reusing what is
// unchanged (see Project).
//
// # Stages
//
// A build runs in stages, each in its own file:
//
//	load.go      Load:     content folder -> pages, site.yaml, glossary, the
//	                       Router (package route), the bibliography with its
//	                       numbering, each page's layout, the theme
//	convert.go   Convert:  each page, in parallel (package pool) -> HTML,
//	                       headings, ids, citation occurrences, search
//	                       documents, fragment checks, diagnostics
//	assemble.go  Assemble: where each reference is cited (citations.go,
//	                       package refs), every #fragment a link points at
//	                       (links.go)
//	render.go    Render:   views (package view) + templates -> pages, reference
//	                       pages (references.go), search index
//	                       (package search), sitemap.xml and robots.txt
//	                       (package sitemap), _headers (package headers),
//	                       404.html, redirects; page buffers (package pagebuf)
//
// A Project wraps the stages with caches keyed by each stage's inputs:
// a stagecache.Cache for conversions, rendered files and search index
// parts (keys in project.go, hashed with package cachekey) and a
// refs.Cache for the parsed bibliography and what is made of it.
//
// Render writes into an output.Sink: output.Staging, a staging folder that
// replaces the output folder only if nothing failed (Build), or
// output.Memory (Project). A one-off
// build opens the staging folder before converting and renders each page
// whose layout needs nothing from other pages as soon as it is converted
// (see builder.streamable), so that it need not keep every page's HTML;
// the rest are rendered after Assemble. A failed build returns every
// diagnostic it found and leaves the previous output exactly as it was.
//
// # Templates
//
// The templates folder, the views a template receives as its dot and the
// functions it may call are the template contract, documented by package
// view (ketref/generator/view), which makes the views; the stages above
// fill them from the built site.
package site
