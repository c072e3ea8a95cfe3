package site

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"ketref/generator/diag"
	"ketref/generator/output"
	"ketref/generator/pagebuf"
	"ketref/generator/wasmbuild"
)

// What a build holds, and when (issue #19: the peak memory of a cold
// build). These tests check the releases and the order that keep it low,
// not amounts of memory.

// oneOff builds opt as Build does, into memory through begin's sink, and
// returns the builder, to look at what it kept.
func oneOff(t *testing.T, opt Options, out sink) (*builder, Result) {
	t.Helper()
	b := &builder{opt: opt, diags: &diag.List{}, writing: writing{bufs: pagebuf.Pool{Recycle: true}}}
	res, err := b.build(func() (sink, error) { return out, nil })
	if err != nil {
		t.Fatal(err)
	}
	return b, res
}

// TestClaimsKeptOnlyWhereRead: each page's claims and figure data are kept
// by the builds that read them, a Project's (Result.Evidence, which
// `generator release` records) and any build of a site with releases
// (the changes page, "Updated" marks); a one-off build of a site without
// releases keeps none and returns no Evidence.
func TestClaimsKeptOnlyWhereRead(t *testing.T) {
	golden := "testdata/golden/citations"
	goldenOpt := Options{Content: os.DirFS(filepath.Join(golden, "content")), Templates: os.DirFS(filepath.Join(golden, "templates"))}
	review := Options{
		Content: os.DirFS("../../content"), Templates: os.DirFS("../../templates"),
		Wasm: &wasmbuild.Options{ModuleRoot: "../..", Package: "./wasm", SourceDir: "wasm"},
	}
	for _, tc := range []struct {
		name    string
		opt     Options
		project bool
		kept    bool
	}{
		{"one-off build, no releases", goldenOpt, false, false},
		{"project build, no releases", goldenOpt, true, true},
		{"one-off build, releases", review, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res Result
			claims := 0
			if tc.project {
				var err error
				if res, _, err = NewProject(tc.opt).Build(); err != nil {
					t.Fatal(err)
				}
			} else {
				b, r := oneOff(t, tc.opt, output.NewMemory(0))
				res = r
				for _, pg := range b.pages {
					claims += len(pg.claims) + len(pg.data)
				}
				if kept := claims > 0; kept != tc.kept {
					t.Errorf("the pages kept %d claims and data; want kept = %v", claims, tc.kept)
				}
			}
			if got := res.Evidence != nil && len(res.Evidence.Claims) > 0; got != tc.kept {
				t.Errorf("Result.Evidence with claims = %v, want %v", got, tc.kept)
			}
		})
	}
}

// orderSink records the order files are written in.
type orderSink struct {
	*output.Memory
	mu    sync.Mutex
	names []string
}

func (s *orderSink) WriteFile(rel string, data []byte) error {
	s.mu.Lock()
	s.names = append(s.names, rel)
	s.mu.Unlock()
	return s.Memory.WriteFile(rel, data)
}

// TestAssetsWrittenFirst: a one-off build writes the theme's assets before
// any other file, while it holds little: compressing one at brotli's best
// quality takes tens of megabytes, which on top of a converted site was the
// build's peak. A Project writes them too (TestProjectMatchesFreshBuilds
// compares the files).
func TestAssetsWrittenFirst(t *testing.T) {
	dir := "testdata/golden/basic"
	out := &orderSink{Memory: output.NewMemory(0)}
	b, _ := oneOff(t, Options{Content: os.DirFS(filepath.Join(dir, "content")), Templates: os.DirFS(filepath.Join(dir, "templates"))}, out)
	var assets []string
	for _, a := range b.theme.Assets() {
		assets = append(assets, a.Out)
	}
	if len(assets) == 0 || len(out.names) <= len(assets) {
		t.Fatalf("%d assets, %d files written: the test site needs both", len(assets), len(out.names))
	}
	first := slices.Clone(out.names[:len(assets)])
	slices.Sort(first)
	slices.Sort(assets)
	if !slices.Equal(first, assets) {
		t.Errorf("first files written %q, want the assets %q", out.names[:len(assets)], assets)
	}
}

// TestCitationsForgottenOnceViewed: once the references' views are made,
// the bibliography lets go of where each is cited (refs.Set.Forget); the
// views keep it, for the reference pages and backlinks.
func TestCitationsForgottenOnceViewed(t *testing.T) {
	dir := "testdata/golden/citations"
	b, _ := oneOff(t, Options{Content: os.DirFS(filepath.Join(dir, "content")), Templates: os.DirFS(filepath.Join(dir, "templates"))}, output.NewMemory(0))
	viewed := 0
	for i, r := range b.cites.ByNum {
		if r.CitedAt() != nil {
			t.Errorf("reference %d still lists where it is cited", r.Number)
		}
		viewed += b.cites.views[i].CitedCount
	}
	if viewed == 0 {
		t.Error("no view lists a place that cites its reference: the test site needs citations")
	}
}
