package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Marker is the file that marks a folder as the generator's output. A
// build replaces its output folder as a whole, so it replaces only a
// folder that carries this file (or is empty, or is missing), unless
// Options.Force says otherwise. It holds a short note and nothing about
// the machine, since the folder is usually deployed as it is.
const Marker = ".ketref-output"

var markerText = []byte("This folder is the output of `go run ./generator build`, which replaces it\nas a whole on every build. Edit the sources, not these files.\n")

// Folder is a folder the output must keep clear of; Role names it in
// messages ("content folder").
type Folder struct {
	Role, Path string
}

// Options say which output folders Begin accepts.
type Options struct {
	// Sources must not be the output folder, hold it or lie inside it:
	// the content, templates and calculator folders.
	Sources []Folder
	// Projects must not be the output folder or lie inside it; the output
	// may lie inside them (public/ inside the project). The working
	// folder always counts as one.
	Projects []Folder
	// Force replaces an existing folder that does not look like the
	// generator's output.
	Force bool
}

// RefusedError says why an output folder was refused.
type RefusedError struct {
	Out    string
	Reason string
	// Forcible says Options.Force would accept the folder.
	Forcible bool
}

func (e *RefusedError) Error() string { return e.Out + ": " + e.Reason }

// Check resolves the output folder final to its real path, following
// symbolic links, and refuses it when replacing it could destroy anything
// but an earlier output: see Options. Nothing is written.
func Check(final string, opt Options) (string, error) {
	refuse := func(forcible bool, format string, args ...any) (string, error) {
		return "", &RefusedError{Out: final, Reason: fmt.Sprintf(format, args...), Forcible: forcible}
	}
	real, dangling, err := realPath(final)
	if err != nil {
		return "", fmt.Errorf("%s: %w", final, err)
	}
	if dangling != "" {
		return refuse(false, "it is a symbolic link to %s, which does not exist; create that folder or remove the link", dangling)
	}
	prev := PrevDir(real)
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	projects := append([]Folder{{Role: "working folder", Path: wd}}, opt.Projects...)
	for i, f := range append(projects, opt.Sources...) {
		if f.Path == "" {
			continue
		}
		p, dangling, err := realPath(f.Path)
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Path, err)
		}
		if dangling != "" {
			continue // nothing there to destroy; the build reports it
		}
		source := i >= len(projects)
		switch {
		case p == real:
			return refuse(false, "it is the %s, which the build would replace as a whole", f.Role)
		case within(p, real):
			return refuse(false, "it holds the %s (%s), which the build would replace as a whole", f.Role, f.Path)
		case source && within(real, p):
			return refuse(false, "it lies inside the %s (%s)", f.Role, f.Path)
		case p == prev || within(p, prev):
			return refuse(false, "the build keeps the previous output as %s, which is or holds the %s (%s)", prev, f.Role, f.Path)
		}
	}
	if fi, err := os.Lstat(real); err == nil {
		if !fi.IsDir() {
			return refuse(false, "it exists and is not a folder; remove it or choose another folder")
		}
		if !opt.Force && !Ours(real) {
			return refuse(true, "it holds files the generator did not write (it has no %s file)", Marker)
		}
	}
	if fi, err := os.Lstat(prev); err == nil && !opt.Force && (!fi.IsDir() || !Ours(prev)) {
		return refuse(true, "the build keeps the previous output as %s, which already exists and was not written by the generator", prev)
	}
	return real, nil
}

// earlierAsset is a static file as a build names it, with the first 8 hex
// digits of its SHA-256 ("style.3f2a91c0.css").
var earlierAsset = regexp.MustCompile(`^[^.].*\.[0-9a-f]{8}\.[A-Za-z0-9]+$`)

// Ours reports whether dir may be replaced by a build: it is empty, holds
// the Marker, or looks like the output of a build from before the marker
// (index.html, 404.html, sitemap.xml, robots.txt and a hashed asset at its
// top, and no go.mod or .git).
func Ours(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	if len(entries) == 0 {
		return true
	}
	if fi, err := os.Lstat(filepath.Join(dir, Marker)); err == nil && fi.Mode().IsRegular() {
		return true
	}
	need := map[string]bool{"index.html": true, "404.html": true, "sitemap.xml": true, "robots.txt": true}
	asset := false
	for _, e := range entries {
		switch {
		case e.Name() == ".git" || e.Name() == "go.mod":
			return false
		case !e.Type().IsRegular():
		case need[e.Name()]:
			delete(need, e.Name())
		case earlierAsset.MatchString(e.Name()):
			asset = true
		}
	}
	return len(need) == 0 && asset
}

// realPath makes p absolute and resolves the symbolic links in the part
// of it that exists; dangling is the target of a link that leads nowhere.
func realPath(p string) (real, dangling string, err error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", "", err
	}
	rest := ""
	for cur := abs; ; {
		r, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(r, rest), "", nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", "", err
		}
		if fi, lerr := os.Lstat(cur); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(cur)
			return "", target, nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, "", nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether the clean absolute path p lies strictly inside
// dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
