package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"ketref/generator/diag"
	relfile "ketref/generator/release"
)

// TestReleaseCommand walks an editor through releases on a copy of the
// review: release refuses a version that exists, a date before the last
// release's and a tree whose build fails, writing nothing; it records an
// edit as the next release, after which the edit is no longer unreleased
// but listed under it, the page says "Updated" with its date, and the feed
// has an entry per release. A release cut on another branch and merged
// (two releases after the same one) fails the build with an explanation.
// The versions and dates follow the repository's latest release.
func TestReleaseCommand(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS(filepath.Join(root, "content"))); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	run1 := func(args ...string) (int, string, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run(args, &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	release := func(args ...string) (int, string, string) {
		return run1(append([]string{"release", "-content", content}, args...)...)
	}
	edit := func(rel, old, new string) {
		t.Helper()
		f := filepath.Join(content, rel)
		src, err := os.ReadFile(f)
		if err != nil || !bytes.Contains(src, []byte(old)) {
			t.Fatalf("%s lacks %q (%v)", rel, old, err)
		}
		if err := os.WriteFile(f, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The repository's latest release, and versions and days after it.
	var diags diag.List
	hist := relfile.Load(os.DirFS(content), "releases", "content", &diags)
	if err := diags.Err(true); err != nil || hist.Latest() == nil {
		t.Fatalf("the repository's releases: %v", err)
	}
	last := hist.Latest()
	major, minor, _ := strings.Cut(last.Version, ".")
	m, err := strconv.Atoi(minor)
	if err != nil {
		t.Fatalf("latest version %q is not MAJOR.MINOR", last.Version)
	}
	next := func(n int) string { return major + "." + strconv.Itoa(m+n) }
	lastDay, err := time.Parse(time.DateOnly, last.Date)
	if err != nil {
		t.Fatal(err)
	}
	day := func(n int) string { return lastDay.AddDate(0, 0, n).Format(time.DateOnly) }
	slug := func(v string) string { return "release-" + strings.ReplaceAll(v, ".", "-") }
	first := hist.Releases()[0]

	releases := func() []string {
		t.Helper()
		names, _ := filepath.Glob(filepath.Join(content, "releases", "*"))
		for i := range names {
			names[i] = filepath.Base(names[i])
		}
		return names
	}

	before := releases()
	if code, _, stderr := release("-date", day(10)); code != 2 || !strings.Contains(stderr, "-version is required") {
		t.Errorf("no -version: exit %d, %q", code, stderr)
	}
	for _, tc := range []struct{ name, version, date, want string }{
		{"a version that exists", last.Version, day(10), "release " + last.Version + " exists"},
		{"a date before the last release's", next(1), day(-1), day(-1)},
		{"a date that is no date", next(1), "2025-02-30", "2025-02-30"},
	} {
		if code, _, stderr := release("-version", tc.version, "-date", tc.date); code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and a message with %q", tc.name, code, stderr, tc.want)
		}
	}
	edit("efficacy.md", "[@zanos2018]", "[@zanos2018x]")
	if code, _, stderr := release("-version", next(1), "-date", day(10)); code != 1 || !strings.Contains(stderr, `content/efficacy.md:20:`) || !strings.Contains(stderr, "does not build") {
		t.Errorf("a failing build: exit %d, stderr %q; want 1 with the located error", code, stderr)
	}
	if got := releases(); strings.Join(got, " ") != strings.Join(before, " ") {
		t.Fatalf("after the refusals the releases are %q; want %q", got, before)
	}
	edit("efficacy.md", "[@zanos2018x]", "[@zanos2018]")

	edit("efficacy.md", "The review presents ketamine as the first rapid-acting", "The review describes ketamine as the first fast-acting")
	code, stdout, stderr := release("-version", next(1), "-date", day(10), "-note", "Wording of the onset section.")
	if code != 0 || !strings.Contains(stdout, "wrote "+filepath.Join(content, "releases", next(1)+".json")) || !strings.Contains(stdout, "1 changes since "+last.Version) {
		t.Fatalf("release %s: exit %d, stdout %q, stderr %q", next(1), code, stdout, stderr)
	}
	out := filepath.Join(tmp, "public")
	if code, _, stderr := run1("build", "-content", content, "-out", out, "-precompress=false"); code != 0 {
		t.Fatalf("build after %s: %s", next(1), stderr)
	}
	page := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	changes := page("changes/index.html")
	if strings.Contains(changes, `id="unreleased"`) || !strings.Contains(changes, `id="`+slug(next(1))+`"`) || !strings.Contains(changes, "Wording of the onset section.") || !strings.Contains(changes, "<ins>describes") {
		t.Errorf("after release %s the changes page does not list the edit under it (or still shows it unreleased)", next(1))
	}
	if p := page("efficacy/index.html"); !strings.Contains(p, `Updated <time datetime="`+day(10)+`">`+day(10)+`</time></a> (release `+next(1)+`)`) {
		t.Errorf("the efficacy page does not say it was updated in %s", next(1))
	}
	if f := page("changes/feed.xml"); strings.Count(f, "<entry>") != len(before)+1 || !strings.Contains(f, "<title>Release "+next(1)+"</title>") {
		t.Errorf("feed after %s:\n%s", next(1), f)
	}
	// The mechanism page has not changed since the first release.
	if sm := page("sitemap.xml"); !strings.Contains(sm, "<loc>/efficacy/</loc><lastmod>"+day(10)+"</lastmod>") || !strings.Contains(sm, "<loc>/mechanism/</loc><lastmod>"+first.Date+"</lastmod>") {
		t.Errorf("the sitemap does not date the efficacy page by %s and the mechanism page by %s", next(1), first.Version)
	}

	// Another branch cut a release after the same one too; git merged both files.
	src, err := os.ReadFile(filepath.Join(content, "releases", next(1)+".json"))
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte(`"version": "`+next(1)+`"`), []byte(`"version": "`+next(2)+`"`), 1)
	src = bytes.Replace(src, []byte(`"date": "`+day(10)+`"`), []byte(`"date": "`+day(15)+`"`), 1)
	if err := os.WriteFile(filepath.Join(content, "releases", next(2)+".json"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run1("build", "-content", content, "-out", out, "-precompress=false")
	if code != 1 || !strings.Contains(stderr, "content/releases/"+next(2)+".json:") || !strings.Contains(stderr, "separate branches") {
		t.Errorf("merged releases: exit %d, stderr %q; want 1 and the merge explained at %s.json", code, stderr, next(2))
	}
	if code, _, stderr := release("-version", next(3), "-date", day(20)); code != 1 || !strings.Contains(stderr, "separate branches") {
		t.Errorf("release after a merge of releases: exit %d, %q; want it refused with the explanation", code, stderr)
	}
}
