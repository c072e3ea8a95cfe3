package site

import (
	"ketref/generator/theme"
	"ketref/generator/wasmbuild"
)

// themeState is the theme and calculator module of the last build, and
// whether their sources changed since. A Project keeps one and its builds
// reuse them through it; a one-off build has none (a nil *themeState), and
// loads both.
type themeState struct {
	theme       *theme.Theme
	themeDirty  bool
	themeModule *wasmbuild.Module
	themeBase   string
	// templatesKey hashes the templates (not the static assets: a rendered
	// page reused after an asset changed has its asset URLs rewritten).
	templatesKey uint64
	module       *wasmbuild.Module
	wasmDirty    bool
}

// reuseModule returns the last build's calculator module while no
// calculator source changed, else build's (kept when not nil).
func (t *themeState) reuseModule(build func() *wasmbuild.Module) *wasmbuild.Module {
	if t == nil {
		return build()
	}
	if t.module != nil && !t.wasmDirty {
		return t.module
	}
	m := build()
	if m != nil {
		t.module, t.wasmDirty = m, false
	}
	return m
}

// reuseTheme returns the last build's theme while no template changed and
// the calculator module and base path are those it was loaded with, else
// load's, given the last theme to reuse unchanged assets from; key hashes
// the templates of the theme loaded.
func (t *themeState) reuseTheme(module *wasmbuild.Module, basePath string, load func(previous *theme.Theme) *theme.Theme, key func() uint64) *theme.Theme {
	if t == nil {
		return load(nil)
	}
	if t.theme != nil && !t.themeDirty && t.themeModule == module && t.themeBase == basePath {
		return t.theme
	}
	th := load(t.theme)
	t.theme, t.themeDirty, t.themeModule, t.themeBase = th, false, module, basePath
	t.templatesKey = key()
	return th
}
