package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReleaseCommand walks an editor through releases on a copy of the
// review: release refuses a version that exists, a date before the last
// release's and a tree whose build fails, writing nothing; it records an
// edit as release 1.1, after which the edit is no longer unreleased but
// listed under 1.1, the page says "Updated" with 1.1's date, and the feed
// has an entry per release. A release cut on another branch and merged
// (1.2 after 1.0, beside 1.1) fails the build with an explanation.
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
	releases := func() []string {
		t.Helper()
		names, _ := filepath.Glob(filepath.Join(content, "releases", "*"))
		for i := range names {
			names[i] = filepath.Base(names[i])
		}
		return names
	}

	if code, _, stderr := release("-date", "2025-01-15"); code != 2 || !strings.Contains(stderr, "-version is required") {
		t.Errorf("no -version: exit %d, %q", code, stderr)
	}
	for _, tc := range []struct{ name, version, date, want string }{
		{"a version that exists", "1.0", "2025-01-15", "release 1.0 exists"},
		{"a date before the last release's", "1.1", "2024-12-19", "2024-12-19"},
		{"a date that is no date", "1.1", "2025-02-30", "2025-02-30"},
	} {
		if code, _, stderr := release("-version", tc.version, "-date", tc.date); code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and a message with %q", tc.name, code, stderr, tc.want)
		}
	}
	edit("efficacy.md", "[@zanos2018]", "[@zanos2018x]")
	if code, _, stderr := release("-version", "1.1", "-date", "2025-01-15"); code != 1 || !strings.Contains(stderr, `content/efficacy.md:20:`) || !strings.Contains(stderr, "does not build") {
		t.Errorf("a failing build: exit %d, stderr %q; want 1 with the located error", code, stderr)
	}
	if got := releases(); len(got) != 1 || got[0] != "1.0.json" {
		t.Fatalf("after the refusals the releases are %q; want 1.0.json alone", got)
	}
	edit("efficacy.md", "[@zanos2018x]", "[@zanos2018]")

	edit("efficacy.md", "The review presents ketamine as the first rapid-acting", "The review describes ketamine as the first fast-acting")
	code, stdout, stderr := release("-version", "1.1", "-date", "2025-01-15", "-note", "Wording of the onset section.")
	if code != 0 || !strings.Contains(stdout, "wrote "+filepath.Join(content, "releases", "1.1.json")) || !strings.Contains(stdout, "1 changes since 1.0") {
		t.Fatalf("release 1.1: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	out := filepath.Join(tmp, "public")
	if code, _, stderr := run1("build", "-content", content, "-out", out, "-precompress=false"); code != 0 {
		t.Fatalf("build after 1.1: %s", stderr)
	}
	page := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	changes := page("changes/index.html")
	if strings.Contains(changes, `id="unreleased"`) || !strings.Contains(changes, `id="release-1-1"`) || !strings.Contains(changes, "Wording of the onset section.") || !strings.Contains(changes, "<ins>describes") {
		t.Error("after release 1.1 the changes page does not list the edit under 1.1 (or still shows it unreleased)")
	}
	if p := page("efficacy/index.html"); !strings.Contains(p, `Updated <time datetime="2025-01-15">2025-01-15</time></a> (release 1.1)`) {
		t.Error("the efficacy page does not say it was updated in 1.1")
	}
	if f := page("changes/feed.xml"); strings.Count(f, "<entry>") != 2 || !strings.Contains(f, "<title>Release 1.1</title>") {
		t.Errorf("feed after 1.1:\n%s", f)
	}
	if sm := page("sitemap.xml"); !strings.Contains(sm, "<loc>/efficacy/</loc><lastmod>2025-01-15</lastmod>") || !strings.Contains(sm, "<loc>/mechanism/</loc><lastmod>2024-12-20</lastmod>") {
		t.Error("the sitemap does not date the efficacy page by 1.1 and the mechanism page by 1.0")
	}

	// Another branch cut 1.2 after 1.0 too; git merged both files.
	src, err := os.ReadFile(filepath.Join(content, "releases", "1.1.json"))
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte(`"version": "1.1"`), []byte(`"version": "1.2"`), 1)
	src = bytes.Replace(src, []byte(`"date": "2025-01-15"`), []byte(`"date": "2025-01-20"`), 1)
	if err := os.WriteFile(filepath.Join(content, "releases", "1.2.json"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run1("build", "-content", content, "-out", out, "-precompress=false")
	if code != 1 || !strings.Contains(stderr, "content/releases/1.2.json:") || !strings.Contains(stderr, "separate branches") {
		t.Errorf("merged releases: exit %d, stderr %q; want 1 and the merge explained at 1.2.json", code, stderr)
	}
	if code, _, stderr := release("-version", "1.3", "-date", "2025-02-01"); code != 1 || !strings.Contains(stderr, "separate branches") {
		t.Errorf("release after a merge of releases: exit %d, %q; want it refused with the explanation", code, stderr)
	}
}
