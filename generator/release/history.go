package release

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"ketref/generator/diag"
	"ketref/generator/snapshot"
)

// History is the releases of a site, oldest first, as Load read them. It
// is read-only, and safe for concurrent use as long as callers do not
// modify the snapshots it returns.
type History struct {
	// dir is the folder of the release files as messages name it
	// ("content/releases").
	dir      string
	releases []*located
	// numbers maps every key ever numbered to its number, and since to
	// the release that first numbered it.
	numbers map[string]int
	since   map[string]string
	highest int
}

// entry is one release file: its version (from its name) and, when it
// decoded, the release.
type entry struct {
	version, file string
	rel           *located
}

// Load reads every release file of dir in fsys (the content folder;
// messages name files root/dir/<version>.json) and checks each and the
// chain of them, reporting every problem to diags. A missing dir is an
// empty history. The History holds the releases that decoded, and is
// never nil.
func Load(fsys fs.FS, dir, root string, diags *diag.List) *History {
	h := &History{dir: path.Join(root, dir), numbers: map[string]int{}, since: map[string]string{}}
	items, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return h
	}
	if err != nil {
		diags.Errorf(h.dir, 0, 0, "reading the release files: %v", err)
		return h
	}
	var entries []entry
	for _, it := range items {
		file := path.Join(h.dir, it.Name())
		version, isJSON := strings.CutSuffix(it.Name(), ".json")
		if it.IsDir() || !isJSON {
			diags.Errorf(file, 0, 0, "%s holds only release files named <version>.json; move this out of it", h.dir)
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, it.Name()))
		if err != nil {
			diags.Errorf(file, 0, 0, "reading the release file: %v", err)
			continue
		}
		rel := decode(file, src, diags)
		if checkVersion(version) != nil {
			diags.Errorf(file, 0, 0, "a release file is named after its version, such as 1.0.json or 1.2.3.json; rename it")
			continue
		}
		entries = append(entries, entry{version: version, file: file, rel: rel})
	}
	sort.Slice(entries, func(i, j int) bool { return CompareVersions(entries[i].version, entries[j].version) < 0 })
	h.checkChain(entries, diags)
	for _, e := range entries {
		if e.rel != nil {
			h.releases = append(h.releases, e.rel)
		}
	}
	h.checkNumbers(diags)
	return h
}

// checkChain reports each release that does not name the one just before
// it as its previous, and dates that go back. A release file that did not
// decode keeps its place in the chain, so that it does not also fail its
// neighbours.
func (h *History) checkChain(entries []entry, diags *diag.List) {
	for i, e := range entries {
		r := e.rel
		if r == nil {
			continue
		}
		want := ""
		if i > 0 {
			want = entries[i-1].version
		}
		if got := r.s.Previous; got != want {
			line, col := r.at(func(l *located) int {
				if l.previous < 0 {
					return l.top
				}
				return l.previous
			})
			diags.Errorf(e.file, line, col, "%s", chainMessage(entries, i, e.file))
		}
		if i > 0 && entries[i-1].rel != nil {
			before := entries[i-1].rel.s
			if r.s.Date < before.Date && checkDate(r.s.Date) == nil && checkDate(before.Date) == nil {
				line, col := r.at(func(l *located) int { return l.date })
				diags.Errorf(e.file, line, col, "release %s is dated %s, before release %s (%s); dates never go back along the releases: date it %s or later", r.s.Version, r.s.Date, before.Version, before.Date, before.Date)
			}
		}
	}
}

// chainMessage explains why entries[i] does not follow entries[i-1].
func chainMessage(entries []entry, i int, file string) string {
	s := entries[i].rel.s
	after := "after " + s.Previous
	if s.Previous == "" {
		after = "as the first release"
	}
	for j := range i {
		if o := entries[j].rel; o != nil && o.s.Previous == s.Previous {
			return fmt.Sprintf("release %s and release %s were both cut %s, on separate branches, and then merged; delete %s and cut it again on the merged tree (go run ./generator release -version %s ...)", s.Version, o.s.Version, after, file, s.Version)
		}
	}
	if i == 0 {
		return fmt.Sprintf("release %s is the first release, yet names %q as previous, which is not among the releases; restore that release file, or remove \"previous\"", s.Version, s.Previous)
	}
	want := entries[i-1].version
	if s.Previous == "" {
		return fmt.Sprintf("release %s names no previous release, but release %s comes before it; set \"previous\": %q", s.Version, want, want)
	}
	return fmt.Sprintf("release %s names %q as previous, but the release just before it is %s; set \"previous\": %q, or if %s was cut on another branch, delete %s and cut it again on the merged tree", s.Version, s.Previous, want, want, want, file)
}

// checkNumbers reports a key whose number changes across releases, a
// number given to another key later, and a reference that a later
// release drops.
func (h *History) checkNumbers(diags *diag.List) {
	owner := map[int]string{}
	for _, r := range h.releases {
		for _, ref := range r.s.References {
			h.highest = max(h.highest, ref.Number)
		}
	}
	for _, r := range h.releases {
		present := map[string]bool{}
		for i, ref := range r.s.References {
			present[ref.Key] = true
			line, col := 0, 0
			if n, ok := h.numbers[ref.Key]; ok && n != ref.Number || owner[ref.Number] != "" && owner[ref.Number] != ref.Key {
				line, col = r.at(func(l *located) int { return l.refs[i].number })
			}
			if n, ok := h.numbers[ref.Key]; ok && n != ref.Number {
				diags.Errorf(r.file, line, col, "reference %s has number %d here but number %d since release %s; a published reference keeps its number: set \"number\": %d", ref.Key, ref.Number, n, h.since[ref.Key], n)
				continue
			}
			if k, ok := owner[ref.Number]; ok && k != ref.Key {
				diags.Errorf(r.file, line, col, "number %d is given to %s here but was given to %s in release %s; a number is never reused, even after its reference is withdrawn: give %s number %d", ref.Number, ref.Key, k, h.since[k], ref.Key, h.highest+1)
				continue
			}
			if _, ok := h.numbers[ref.Key]; !ok {
				h.numbers[ref.Key] = ref.Number
				h.since[ref.Key] = r.s.Version
				owner[ref.Number] = ref.Key
			}
		}
		for key, n := range h.numbers {
			if !present[key] {
				line, col := r.at(func(l *located) int { return l.top })
				diags.Errorf(r.file, line, col, "reference %s (number %d since release %s) is missing from release %s; a published reference keeps its number: keep its entry and mark it withdrawn", key, n, h.since[key], r.s.Version)
			}
		}
	}
}

// Releases returns the releases, oldest first.
func (h *History) Releases() []*snapshot.Snapshot {
	out := make([]*snapshot.Snapshot, len(h.releases))
	for i, r := range h.releases {
		out[i] = r.s
	}
	return out
}

// Latest returns the newest release, or nil when there is none.
func (h *History) Latest() *snapshot.Snapshot {
	if len(h.releases) == 0 {
		return nil
	}
	return h.releases[len(h.releases)-1].s
}

// File names the file of a release as messages do
// ("content/releases/1.1.json"), whether or not the release exists.
func (h *History) File(version string) string {
	return path.Join(h.dir, version+".json")
}

// Numbers returns every key ever numbered, with its number.
func (h *History) Numbers() map[string]int {
	out := make(map[string]int, len(h.numbers))
	for k, n := range h.numbers {
		out[k] = n
	}
	return out
}

// NextNumber is the number a new reference takes: one more than the
// highest ever given, 1 when none was.
func (h *History) NextNumber() int { return h.highest + 1 }

// Withdrawn reports the first release in which key is withdrawn, and why.
func (h *History) Withdrawn(key string) (version, reason string, ok bool) {
	for _, r := range h.releases {
		for _, ref := range r.s.References {
			if ref.Key == key && ref.Withdrawn != "" {
				return r.s.Version, ref.Withdrawn, true
			}
		}
	}
	return "", "", false
}
