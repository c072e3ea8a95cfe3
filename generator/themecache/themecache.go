// Package themecache keeps the theme and the calculator module of a
// preview's last build and hands them to the next build while their
// sources are unchanged: loading the theme (templates, assets, hashes)
// and compiling the module are the slowest steps of a rebuild.
//
// The contract: a State starts with both marked changed; TemplatesChanged
// and WasmChanged mark one again. Module returns the last module until the
// calculator sources change (a failed compile, nil, is not kept). Theme
// returns the last theme until a template changes, the module changes or
// the base path changes; it gives the loader the last theme, so that
// unchanged assets are reused. A nil *State keeps nothing: every call
// loads or compiles, as a one-off build does.
package themecache

import (
	"ketref/generator/theme"
	"ketref/generator/wasmbuild"
)

// State is the theme and module of the last build.
type State struct {
	theme        *theme.Theme
	themeDirty   bool
	themeModule  *wasmbuild.Module
	themeBase    string
	templatesKey uint64
	module       *wasmbuild.Module
	wasmDirty    bool
}

// New returns a State with nothing to reuse yet.
func New() *State { return &State{themeDirty: true, wasmDirty: true} }

// TemplatesChanged marks the templates as changed.
func (s *State) TemplatesChanged() { s.themeDirty = true }

// WasmChanged marks the calculator sources as changed.
func (s *State) WasmChanged() { s.wasmDirty = true }

// TemplatesKey hashes the templates of the theme last loaded (not its
// static assets: a rendered page reused after an asset changed has its
// asset URLs rewritten); 0 for a nil State.
func (s *State) TemplatesKey() uint64 {
	if s == nil {
		return 0
	}
	return s.templatesKey
}

// Module returns the last build's calculator module while no calculator
// source changed, else build's (kept when not nil).
func (s *State) Module(build func() *wasmbuild.Module) *wasmbuild.Module {
	if s == nil {
		return build()
	}
	if s.module != nil && !s.wasmDirty {
		return s.module
	}
	m := build()
	if m != nil {
		s.module, s.wasmDirty = m, false
	}
	return m
}

// Theme returns the last build's theme while no template changed and the
// calculator module and base path are those it was loaded with, else
// load's, given the last theme to reuse unchanged assets from; key hashes
// the templates of the theme loaded.
func (s *State) Theme(module *wasmbuild.Module, basePath string, load func(previous *theme.Theme) *theme.Theme, key func() uint64) *theme.Theme {
	if s == nil {
		return load(nil)
	}
	if s.theme != nil && !s.themeDirty && s.themeModule == module && s.themeBase == basePath {
		return s.theme
	}
	th := load(s.theme)
	s.theme, s.themeDirty, s.themeModule, s.themeBase = th, false, module, basePath
	s.templatesKey = key()
	return th
}
