package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// Site accumulates the figures of one built site.
type Site struct {
	files map[string]*count         // by file type
	kinds map[string][]int          // page sizes by kind
	parts map[string]map[string]int // kind → part → bytes
	perPg map[string]map[string][]int
	pages []sizedPage
}

type count struct {
	files int
	bytes int64
}

type sizedPage struct {
	path string
	kind string
	size int
}

func newSite() *Site {
	return &Site{
		files: map[string]*count{},
		kinds: map[string][]int{},
		parts: map[string]map[string]int{},
		perPg: map[string]map[string][]int{},
	}
}

func (s *Site) addFile(typ string, size int64) {
	c := s.files[typ]
	if c == nil {
		c = &count{}
		s.files[typ] = c
	}
	c.files++
	c.bytes += size
}

func (s *Site) addPage(path string, p Page, size int) {
	kind := PageKind(p)
	s.kinds[kind] = append(s.kinds[kind], size)
	s.pages = append(s.pages, sizedPage{path, kind, size})
	if s.parts[kind] == nil {
		s.parts[kind] = map[string]int{}
		s.perPg[kind] = map[string][]int{}
	}
	for part, n := range p.Parts {
		s.parts[kind][part] += n
		s.perPg[kind][part] = append(s.perPg[kind][part], n)
	}
}

// median of sizes; pages that lack a part count as 0 when n > len(sizes).
func median(sizes []int, n int) int {
	all := make([]int, n)
	copy(all, sizes)
	slices.Sort(all)
	if n == 0 {
		return 0
	}
	return all[n/2]
}

func kb(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	case n >= 1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

func pct(n, of int64) string {
	if of == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

func (s *Site) write(w io.Writer, top int) {
	var allFiles int
	var allBytes int64
	for _, c := range s.files {
		allFiles += c.files
		allBytes += c.bytes
	}
	types := sortedKeys(s.files, func(k string) int64 { return s.files[k].bytes })
	fmt.Fprintf(w, "## Files by type\n\n| type | files | bytes | share |\n|---|---:|---:|---:|\n")
	var br, gz count
	for _, t := range types {
		c := s.files[t]
		fmt.Fprintf(w, "| %s | %d | %s | %s |\n", t, c.files, kb(c.bytes), pct(c.bytes, allBytes))
		switch {
		case strings.HasSuffix(t, ".br"):
			br.files += c.files
			br.bytes += c.bytes
		case strings.HasSuffix(t, ".gz"):
			gz.files += c.files
			gz.bytes += c.bytes
		}
	}
	fmt.Fprintf(w, "| all .br | %d | %s | %s |\n", br.files, kb(br.bytes), pct(br.bytes, allBytes))
	fmt.Fprintf(w, "| all .gz | %d | %s | %s |\n", gz.files, kb(gz.bytes), pct(gz.bytes, allBytes))
	orig := count{allFiles - br.files - gz.files, allBytes - br.bytes - gz.bytes}
	fmt.Fprintf(w, "| without .br/.gz | %d | %s | %s |\n", orig.files, kb(orig.bytes), pct(orig.bytes, allBytes))
	fmt.Fprintf(w, "| **total** | %d | %s | 100%% |\n\n", allFiles, kb(allBytes))

	var html int64
	for _, sizes := range s.kinds {
		for _, n := range sizes {
			html += int64(n)
		}
	}
	kinds := sortedKeys(s.kinds, func(k string) int64 { return sum(s.kinds[k]) })
	fmt.Fprintf(w, "## HTML pages by kind\n\n| kind | pages | bytes | share of HTML | median | max |\n|---|---:|---:|---:|---:|---:|\n")
	for _, k := range kinds {
		sz := s.kinds[k]
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |\n", k, len(sz), kb(sum(sz)), pct(sum(sz), html), kb(int64(median(sz, len(sz)))), kb(int64(slices.Max(sz))))
	}
	fmt.Fprintf(w, "| **all** | %d | %s | 100%% | | |\n\n", len(s.pages), kb(html))

	for _, k := range kinds {
		parts := s.parts[k]
		n := len(s.kinds[k])
		total := sum(s.kinds[k])
		fmt.Fprintf(w, "## Parts of %s pages (%d pages, %s)\n\n| part | bytes | share | median per page |\n|---|---:|---:|---:|\n", k, n, kb(total))
		for _, p := range sortedKeys(parts, func(p string) int64 { return int64(parts[p]) }) {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", p, kb(int64(parts[p])), pct(int64(parts[p]), total), kb(int64(median(s.perPg[k][p], n))))
		}
		fmt.Fprintln(w)
	}

	slices.SortFunc(s.pages, func(a, b sizedPage) int { return b.size - a.size })
	fmt.Fprintf(w, "## Largest pages\n\n| page | kind | bytes |\n|---|---|---:|\n")
	for _, p := range s.pages[:min(top, len(s.pages))] {
		fmt.Fprintf(w, "| %s | %s | %s |\n", p.path, p.kind, kb(int64(p.size)))
	}
}

func sum(sizes []int) int64 {
	var t int64
	for _, n := range sizes {
		t += int64(n)
	}
	return t
}

// sortedKeys orders m's keys by weight, largest first, then by name.
func sortedKeys[V any](m map[string]V, weight func(string) int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		wi, wj := weight(keys[i]), weight(keys[j])
		if wi != wj {
			return wi > wj
		}
		return keys[i] < keys[j]
	})
	return keys
}
