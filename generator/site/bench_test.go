package site

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/markdown"
	"ketref/generator/output"
	"ketref/generator/pool"
	"ketref/generator/wasmbuild"
)

// The benchmarks build a synthetic corpus shaped like the one
// ../shared/bench/mkcorpus.py makes for the side-by-side comparison with
// Hugo (bench/compare): pages of about 12 KB of Markdown in sections of 50,
// three in five sentences ending in one to three [@key] citations, some
// tables and Go code blocks, and a CSL-JSON bibliography. It is made in Go
// so that `go test -bench` needs nothing outside the repository.
//
//	go test ./generator/site -run '^$' -bench . -benchmem -count 6 > new.txt
//	benchstat old.txt new.txt

var benchWords = strings.Fields("ketamine esketamine receptor infusion dose response remission depression " +
	"glutamate synaptic plasticity trial placebo cohort adverse dissociation " +
	"monitoring hypertension bioavailability intranasal intravenous oral maintenance " +
	"guideline evidence efficacy tolerability relapse randomized meta-analysis")

func benchCorpus(pages, refs int) fstest.MapFS {
	r := rand.New(rand.NewPCG(1, uint64(pages)))
	word := func() string { return benchWords[r.IntN(len(benchWords))] }
	keys := make([]string, refs)
	type author struct {
		Family string `json:"family"`
		Given  string `json:"given"`
	}
	type entry struct {
		ID        string         `json:"id"`
		Type      string         `json:"type"`
		Title     string         `json:"title"`
		Author    []author       `json:"author"`
		Container string         `json:"container-title"`
		Volume    string         `json:"volume"`
		Page      string         `json:"page"`
		Issued    map[string]any `json:"issued"`
	}
	var bib []entry
	for i := range keys {
		keys[i] = fmt.Sprintf("ref%05d", i)
		t := make([]string, 6)
		for j := range t {
			t[j] = word()
		}
		bib = append(bib, entry{
			ID: keys[i], Type: "article-journal", Title: fmt.Sprintf("Study %d of %s", i, strings.Join(t, " ")),
			Author:    []author{{fmt.Sprintf("Author%d", i), "A"}, {"Second", "B"}},
			Container: "J Synthetic Psychiatry", Volume: fmt.Sprint(1 + i%90), Page: fmt.Sprintf("%d-%d", i, i+9),
			Issued: map[string]any{"date-parts": [][]int{{1990 + i%35}}},
		})
	}
	js, _ := json.Marshal(bib)
	fsys := fstest.MapFS{"references.json": {Data: js}}
	sentence := func() string {
		n := 8 + r.IntN(15)
		w := make([]string, n)
		for i := range w {
			w[i] = word()
		}
		s := strings.Join(w, " ")
		s = strings.ToUpper(s[:1]) + s[1:]
		if r.Float64() < 0.6 {
			perm := r.Perm(refs)[:1+r.IntN(min(3, refs))]
			var cs []string
			for _, k := range perm {
				cs = append(cs, "@"+keys[k])
			}
			s += " [" + strings.Join(cs, "; ") + "]"
		}
		return s + "."
	}
	sections := max(1, pages/50)
	for p := 0; p < pages; p++ {
		var b strings.Builder
		title := fmt.Sprintf("Page %d", p)
		fmt.Fprintf(&b, "---\ntitle: %q\nweight: %d\n---\n\n", title, p)
		for h := range 3 + r.IntN(4) {
			fmt.Fprintf(&b, "## %s part %d\n\n", title, h+1)
			for range 2 + r.IntN(3) {
				for i := range 3 + r.IntN(5) {
					if i > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(sentence())
				}
				b.WriteString("\n\n")
			}
			if r.Float64() < 0.3 {
				b.WriteString("| Route | Bioavailability | Dose |\n|---|---|---|\n| IV | 100% | 0.5-1.0 mg/kg |\n| IN | 8-45% | 56-84 mg |\n\n")
			}
			if r.Float64() < 0.2 {
				b.WriteString("```go\nfunc dose(kg, perKg float64) float64 { return kg * perKg }\n```\n\n")
			}
		}
		fsys[fmt.Sprintf("section%03d/page%05d.md", p%sections, p)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// benchSizes are the corpora the stage benchmarks run on: the cost per
// page should stay flat from one to the next (linear growth).
var benchSizes = []struct{ pages, refs int }{{100, 200}, {400, 800}}

func benchOptions(fsys fs.FS, out string) Options {
	return Options{
		Content: fsys, Templates: os.DirFS("../../templates"),
		ContentRoot: "content", TemplatesRoot: "templates", Out: out,
	}
}

// stagedBuilder runs the phases of a build up to (not including) stage:
// "parse", "citations", "render" or "write". It returns the converter for
// "parse" and the rendered files for "write".
func stagedBuilder(tb testing.TB, opt Options, stage string) (*builder, *markdown.Converter, map[string][]byte) {
	b := &builder{opt: opt, diags: &diag.List{}}
	b.load(nil)
	b.theme = b.loadTheme(b.calculators())
	conv := b.prepare()
	if stage == "parse" {
		return b, conv, nil
	}
	b.convert(conv)
	if stage == "citations" {
		return b, nil, nil
	}
	b.collect()
	if err := b.diags.Err(false); err != nil {
		tb.Fatal(err)
	}
	if stage == "render" {
		return b, nil, nil
	}
	mem := output.NewMemory(0)
	b.writeAssets(mem)
	b.render(mem)
	if err := mem.Commit(); err != nil {
		tb.Fatal(err)
	}
	return b, nil, maps.Collect(mem.All())
}

// BenchmarkStages times each phase of a build on its own: load (read the
// pages and front matter), parse (goldmark with citations, links and
// glossary), citations (collect occurrences into reference views and check
// fragments), render (execute the templates for every page, reference and
// the search index, in memory) and write (put the rendered files into a
// staging folder and swap it in).
func BenchmarkStages(b *testing.B) {
	for _, size := range benchSizes {
		fsys := benchCorpus(size.pages, size.refs)
		name := fmt.Sprintf("pages=%d", size.pages)
		b.Run("load/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				content.Load(fsys, content.Options{Root: "content"}, &diag.List{})
			}
			reportPerPage(b, size.pages)
		})
		b.Run("parse/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				bld, conv, _ := stagedBuilder(b, benchOptions(fsys, ""), "parse")
				b.StartTimer()
				bld.convert(conv)
			}
			reportPerPage(b, size.pages)
		})
		b.Run("citations/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				bld, _, _ := stagedBuilder(b, benchOptions(fsys, ""), "citations")
				b.StartTimer()
				bld.collect()
			}
			reportPerPage(b, size.pages)
		})
		b.Run("render/"+name, func(b *testing.B) {
			bld, _, _ := stagedBuilder(b, benchOptions(fsys, ""), "render")
			b.ReportAllocs()
			for b.Loop() {
				bld.render(discard{})
			}
			reportPerPage(b, size.pages)
		})
		b.Run("write/"+name, func(b *testing.B) {
			_, _, files := stagedBuilder(b, benchOptions(fsys, ""), "write")
			out := filepath.Join(b.TempDir(), "public")
			b.ReportAllocs()
			for b.Loop() {
				st, err := output.Begin(out, output.Options{})
				if err != nil {
					b.Fatal(err)
				}
				parallelFiles(files, func(rel string, data []byte) {
					if err := st.WriteFile(rel, data); err != nil {
						b.Error(err)
					}
				})
				if err := st.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			reportPerPage(b, size.pages)
		})
	}
}

// BenchmarkBuild times a whole build, as `generator build` runs it, into a
// temporary folder.
func BenchmarkBuild(b *testing.B) {
	for _, size := range benchSizes {
		fsys := benchCorpus(size.pages, size.refs)
		b.Run(fmt.Sprintf("pages=%d", size.pages), func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "public")
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(benchOptions(fsys, out)); err != nil {
					b.Fatal(err)
				}
			}
			reportPerPage(b, size.pages)
		})
	}
}

func reportPerPage(b *testing.B, pages int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(pages)/1e3, "µs/page")
}

func parallelFiles(files map[string][]byte, fn func(string, []byte)) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	pool.Run(len(names), func(i int) { fn(names[i], files[names[i]]) }, func(i int, msg string) { panic(names[i] + ": " + msg) })
}

// TestBenchCorpusBuilds keeps the benchmark corpus honest: it builds
// without errors and every citation resolves.
func TestBenchCorpusBuilds(t *testing.T) {
	fsys := benchCorpus(60, 100)
	res, err := Build(benchOptions(fsys, filepath.Join(t.TempDir(), "public")))
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages < 60 {
		t.Errorf("built %d pages, want at least 60", res.Pages)
	}
}

// BenchmarkProjectRebuild times what the preview server does after an
// editor saves one page: Changed, then an incremental Build, on corpora of
// 1000 and 10000 pages. Each iteration appends a sentence to the same page.
// The rebuilds run under the pprof label phase=rebuild, so a CPU profile
// can leave out the first build: go tool pprof -tagfocus phase=rebuild.
func BenchmarkProjectRebuild(b *testing.B) {
	for _, size := range []struct{ pages, refs int }{{1000, 2000}, {10000, 5000}} {
		b.Run(fmt.Sprintf("pages=%d", size.pages), func(b *testing.B) {
			// On disk, as the preview server reads it: fstest.MapFS lists a
			// folder by scanning every file, which would dominate here.
			dir := b.TempDir()
			if err := os.CopyFS(dir, benchCorpus(size.pages, size.refs)); err != nil {
				b.Fatal(err)
			}
			edited := fmt.Sprintf("section%03d/page%05d.md", 7, 7+size.pages/50*3)
			orig, err := os.ReadFile(filepath.Join(dir, edited))
			if err != nil {
				b.Fatal(err)
			}
			p := NewProject(benchOptions(os.DirFS(dir), ""))
			if _, _, err := p.Build(); err != nil {
				b.Fatal(err)
			}
			i := 0
			pprof.Do(context.Background(), pprof.Labels("phase", "rebuild"), func(context.Context) {
				for b.Loop() {
					i++
					data := fmt.Appendf(append([]byte(nil), orig...), "\nEdit number %d.\n", i)
					if err := os.WriteFile(filepath.Join(dir, edited), data, 0o644); err != nil {
						b.Fatal(err)
					}
					p.Changed([]string{edited}, false, false)
					if _, _, err := p.Build(); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkReviewReleases measures what the living review costs on the
// review itself: a one-off build and a preview rebuild after one edit,
// with the release files (the diff against release 1.0, the changes page,
// the marks and the feed) and without them (none of that is computed; the
// claims are extracted either way). Compare with benchstat:
//
//	go test -run '^$' -bench BenchmarkReviewReleases -count 10 ./generator/site/ | tee /tmp/rel.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /releases /tmp/rel.txt
func BenchmarkReviewReleases(b *testing.B) {
	for _, releases := range []string{"without", "with"} {
		dir := b.TempDir()
		if err := os.CopyFS(dir, os.DirFS("../../content")); err != nil {
			b.Fatal(err)
		}
		if releases == "without" {
			if err := os.RemoveAll(filepath.Join(dir, "releases")); err != nil {
				b.Fatal(err)
			}
		}
		opt := Options{Content: os.DirFS(dir), Templates: os.DirFS("../../templates"),
			Wasm: &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"}}
		b.Run("stage=build/releases="+releases, func(b *testing.B) {
			for b.Loop() {
				o := opt
				o.Out = filepath.Join(b.TempDir(), "public")
				if _, err := Build(o); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("stage=rebuild/releases="+releases, func(b *testing.B) {
			const file = "efficacy.md"
			orig, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				b.Fatal(err)
			}
			p := NewProject(opt)
			if _, _, err := p.Build(); err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				data := fmt.Appendf(append([]byte(nil), orig...), "\nEdit number %d.\n", i)
				if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
					b.Fatal(err)
				}
				p.Changed([]string{file}, false, false)
				if _, _, err := p.Build(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
