package main

// The release command: record the working tree's evidence as a release.

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"ketref/generator/changes"
	"ketref/generator/content"
	"ketref/generator/diag"
	"ketref/generator/release"
	"ketref/generator/site"
)

// runRelease builds the site in memory (a failing build is refused with
// its errors), checks the new release against the history (a version that
// exists or is not newer, a date before the last release's) and writes
// content/releases/<version>.json in one step, never a partial file.
func runRelease(args []string, stdout, stderr io.Writer) int {
	var version, date, note string
	bf, set, ok := parse("release", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&version, "version", "", "the release's version, numbers separated by dots (1.1), newer than the last release's")
		fs.StringVar(&date, "date", time.Now().Format(time.DateOnly), "the release's date, YYYY-MM-DD, not before the last release's")
		fs.StringVar(&note, "note", "", "what the release is about, for readers (plain text)")
	})
	if !ok {
		return 2
	}
	if version == "" {
		fmt.Fprintln(stderr, "release: -version is required, e.g. -version 1.1")
		return 2
	}
	_ = set
	opt := bf.options(set)
	res, _, err := site.NewProject(opt).Build()
	if err != nil {
		fmt.Fprintf(stderr, "%v\nrelease: the site does not build; fix the errors above, then cut the release\n", err)
		return 1
	}
	var diags diag.List
	h := release.Load(os.DirFS(bf.content), content.ReleasesDir, bf.content, &diags)
	if err := diags.Err(false); err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return 1
	}
	next := *res.Evidence
	next.Version, next.Date, next.Note = version, date, note
	var since []changes.Change
	if latest := h.Latest(); latest != nil {
		next.Previous = latest.Version
		since = changes.Compare(latest, &next)
	}
	if err := release.Check(h, &next); err != nil {
		fmt.Fprintf(stderr, "release: %v\n", err)
		return 1
	}
	file, err := release.Write(filepath.Join(bf.content, content.ReleasesDir), &next)
	if err != nil {
		fmt.Fprintf(stderr, "release: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: release %s of %s, %d claims, %d references, %d figure data, %d calculator rules", file, version, date, len(next.Claims), len(next.References), len(next.Figures), len(next.Rules))
	if next.Previous != "" {
		fmt.Fprintf(stdout, "; %d changes since %s", len(since), next.Previous)
	}
	fmt.Fprintln(stdout)
	return 0
}
