package themecache

import (
	"testing"

	"ketref/generator/theme"
	"ketref/generator/wasmbuild"
)

// TestState: a Project's theme is loaded again only when a template
// changed or it was loaded for another calculator module or base path; its
// module is built again only when a calculator source changed; a one-off
// build (nil state) loads and builds every time.
func TestState(t *testing.T) {
	m1, m2 := &wasmbuild.Module{}, &wasmbuild.Module{}
	loads, builds := 0, 0
	var lastPrevious *theme.Theme
	load := func(previous *theme.Theme) *theme.Theme { loads++; lastPrevious = previous; return &theme.Theme{} }
	key := func() uint64 { return 7 }
	build := func() *wasmbuild.Module { builds++; return m1 }

	var none *State
	none.Theme(m1, "/", load, key)
	none.Theme(m1, "/", load, key)
	none.Module(build)
	none.Module(build)
	if loads != 2 || builds != 2 {
		t.Fatalf("one-off: %d loads, %d builds; want 2, 2", loads, builds)
	}

	s := New()
	first := s.Theme(m1, "/", load, key)
	for _, tc := range []struct {
		name   string
		change func()
		module *wasmbuild.Module
		base   string
		reload bool
	}{
		{"nothing changed", func() {}, m1, "/", false},
		{"a template changed", func() { s.TemplatesChanged() }, m1, "/", true},
		{"another module", func() {}, m2, "/", true},
		{"another base path", func() {}, m2, "/docs/", true},
		{"nothing changed again", func() {}, m2, "/docs/", false},
	} {
		tc.change()
		before := loads
		th := s.Theme(tc.module, tc.base, load, key)
		if reloaded := loads > before; reloaded != tc.reload {
			t.Errorf("%s: loaded again = %v, want %v", tc.name, reloaded, tc.reload)
		}
		if tc.reload && lastPrevious == nil {
			t.Errorf("%s: the last theme was not handed to the load", tc.name)
		}
		if !tc.reload && th != s.theme {
			t.Errorf("%s: not the kept theme", tc.name)
		}
	}
	if s.templatesKey != 7 || first == nil {
		t.Errorf("templatesKey %d, want 7", s.templatesKey)
	}

	builds = 0
	s.Module(build)
	s.Module(build)
	s.WasmChanged()
	s.Module(build)
	if builds != 2 {
		t.Errorf("%d module builds, want 2 (first, and after a source changed)", builds)
	}
}
