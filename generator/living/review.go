package living

import (
	"fmt"
	"io/fs"

	"ketref/generator/changes"
	"ketref/generator/diag"
	"ketref/generator/release"
	"ketref/generator/snapshot"
	"ketref/generator/view"
)

// ReleasesDir is the folder of the release files inside the content
// folder.
const ReleasesDir = "releases"

// Review is a site's release history with what a build needs of it while
// it renders: the latest release's evidence by page, and the marks and
// dates of the releases (see Prepare).
type Review struct {
	history *release.History
	latest  map[string]*snapshot.Snapshot // the latest release's claims and data, by page
	base    Result
	key     [32]byte // see Key
}

// Load reads the release files of the content folder fsys (root names it
// in messages), reporting every problem to diags.
func Load(fsys fs.FS, root string, diags *diag.List) *Review {
	r := &Review{history: release.Load(fsys, ReleasesDir, root, diags), latest: map[string]*snapshot.Snapshot{}}
	if l := r.history.Latest(); l != nil {
		for _, c := range l.Claims {
			r.page(c.Page).Claims = append(r.page(c.Page).Claims, c)
		}
		for _, d := range l.Figures {
			r.page(d.Page).Figures = append(r.page(d.Page).Figures, d)
		}
	}
	return r
}

func (r *Review) page(p string) *snapshot.Snapshot {
	s := r.latest[p]
	if s == nil {
		s = &snapshot.Snapshot{}
		r.latest[p] = s
	}
	return s
}

// History is the release history.
func (r *Review) History() *release.History { return r.history }

// Released says there is at least one release.
func (r *Review) Released() bool { return r.history.Latest() != nil }

// Numbers gives the references of references.json (keys, in file order)
// the numbers the releases fixed, new ones the next numbers never used. A
// published reference missing from keys is an error at file, and Numbers
// returns nil.
func (r *Review) Numbers(keys []string, file string, diags *diag.List) map[string]int {
	missing := release.Missing(r.history, keys)
	for _, k := range missing {
		withdrawn := ""
		if v, _, ok := r.history.Withdrawn(k); ok {
			withdrawn = ", withdrawn in " + v
		}
		diags.Errorf(file, 0, 0, "reference %q (number %d since release %s%s) is gone from references.json; a published reference keeps its number: put its entry back and mark it withdrawn with \"custom\": {\"withdrawn\": \"the reason\"}", k, r.history.Numbers()[k], r.history.Since(k), withdrawn)
	}
	if len(missing) > 0 {
		return nil
	}
	return release.Number(r.history, keys)
}

// Prepare compares the releases, and the references and rules of current
// with the latest release, before any page is converted: the marks of
// Mark, the dates of LastMod and Evidence come from it.
func (r *Review) Prepare(in Input) error {
	in.History = r.history
	var err error
	r.base, err = Build(in)
	return err
}

// Changes compares everything, pages included, for the changes page and
// the feed.
func (r *Review) Changes(in Input) (*view.ChangesView, []byte, error) {
	in.History = r.history
	res, err := Build(in)
	if err != nil {
		err = fmt.Errorf("the changes feed: %w", err)
	}
	return &res.Page, res.Feed, err
}

// Mark is the mark of the page at path with its current claims and data:
// its unreleased changes, else the last release that changed it (nil when
// none did). changes links the changes page.
func (r *Review) Mark(path string, claims []snapshot.Claim, data []snapshot.Datum, changesHref string) *view.Updated {
	if !r.Released() {
		return nil
	}
	old, ok := r.latest[path]
	if !ok {
		old = &snapshot.Snapshot{}
	}
	base := r.base.Marks[path]
	if (ok || len(claims)+len(data) > 0) && len(changes.Compare(old, &snapshot.Snapshot{Claims: claims, Figures: data})) > 0 {
		u := &view.Updated{Unreleased: true, URL: changesHref + "#unreleased"}
		if base != nil && base.Unreleased {
			u.Rules = base.Rules // a calculator's unreleased rule changes
		}
		return u
	}
	return base
}

// LastMod is the date of the last released change of the page at path.
func (r *Review) LastMod(path string) string { return r.base.LastMod[path] }

// Evidence is the home page's evidence line.
func (r *Review) Evidence() view.Evidence { return r.base.Evidence }

// Withdrawal is what a reference's views say of the reference key
// withdrawn for reason (nil when reason is empty): why, and the release
// that withdrew it.
func (r *Review) Withdrawal(key, reason string) *view.Withdrawal {
	if reason == "" {
		return nil
	}
	return &view.Withdrawal{Reason: reason, Release: r.WithdrawnIn(key)}
}

// WithdrawnIn is the release that withdrew the reference key, or "".
func (r *Review) WithdrawnIn(key string) string {
	v, _, _ := r.history.Withdrawn(key)
	return v
}
