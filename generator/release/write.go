package release

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"ketref/generator/diag"
	"ketref/generator/snapshot"
)

// Check says why next cannot be cut as the new release after h (as Load
// returned it), or returns nil. It refuses an invalid version or date, a version that
// exists or does not come after the latest, a date before the latest's,
// a previous other than the latest's version ("" for the first release:
// the caller sets Previous), content that Decode would
// refuse, and a reference whose number differs from the one h gave its
// key, or that takes a number h gave another key. It changes nothing. The
// error is a *diag.Errors of every problem.
func Check(h *History, next *snapshot.Snapshot) error {
	var diags diag.List
	file := h.File(next.Version)
	refuse := func(format string, args ...any) { diags.Errorf(file, 0, 0, format, args...) }
	latest := h.Latest()
	if err := checkVersion(next.Version); err != nil {
		refuse("%v", err)
	} else {
		for _, r := range h.releases {
			if r.s.Version == next.Version {
				refuse("release %s exists (%s); choose a new version", next.Version, r.file)
			}
		}
		if latest != nil && CompareVersions(next.Version, latest.Version) <= 0 && next.Version != latest.Version {
			refuse("version %s does not come after %s, the latest release; choose a version after %s", next.Version, latest.Version, latest.Version)
		}
	}
	if err := checkDate(next.Date); err != nil {
		refuse("%v", err)
	} else if latest != nil && next.Date < latest.Date {
		refuse("date %s is before %s, the date of release %s; a release is dated on or after the one before it", next.Date, latest.Date, latest.Version)
	}
	want := ""
	if latest != nil {
		want = latest.Version
	}
	if next.Previous != want {
		refuse("previous is %q, but the latest release is %q: set Previous to the latest release's version", next.Previous, want)
	}
	if checkVersion(next.Version) == nil {
		// Decode the file as it will be written, so that Load accepts it.
		var content diag.List
		decode(file, Encode(next), &content)
		for _, d := range content.Sorted() {
			refuse("%s", d.Msg)
		}
	}
	taken := make(map[int]string, len(h.numbers))
	for k, n := range h.numbers {
		taken[n] = k
	}
	for _, r := range next.References {
		if n, ok := h.numbers[r.Key]; ok && n != r.Number {
			refuse("reference %s has number %d but number %d since release %s; a published reference keeps its number", r.Key, r.Number, n, h.since[r.Key])
		} else if k, ok := taken[r.Number]; ok && k != r.Key {
			refuse("number %d is given to %s but was given to %s in release %s; a number is never reused: give %s number %d", r.Number, r.Key, k, h.since[k], r.Key, h.NextNumber())
		}
	}
	return diags.Err(false)
}

// Write writes s to dir/<version>.json (dir is a folder of the operating
// system, created if need be) and returns the path. It writes a temporary
// file in dir, syncs it, and links it to its name, which fails if the
// name exists: a release file is never overwritten, and of two writers of
// the same release only one succeeds. On any error nothing is left
// behind; an existing release is reported as an error that wraps
// fs.ErrExist.
func Write(dir string, s *snapshot.Snapshot) (path string, err error) {
	if err := checkVersion(s.Version); err != nil {
		return "", err
	}
	path = filepath.Join(dir, s.Version+".json")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "."+s.Version+".json.tmp-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(Encode(s))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return "", fmt.Errorf("writing release %s: %w", s.Version, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("release %s exists (%s); choose a new version: %w", s.Version, path, fs.ErrExist)
		}
		return "", fmt.Errorf("writing release %s: %w", s.Version, err)
	}
	syncDir(dir)
	return path, nil
}

// syncDir makes the new name durable where the system allows; the file
// itself is synced already, so a failure here loses nothing written.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
