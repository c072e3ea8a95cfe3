package release

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"ketref/generator/diag"
	"ketref/generator/snapshot"
)

// ref is a reference "key" numbered n.
func ref(n int, key string) snapshot.Reference {
	return snapshot.Reference{Number: n, Key: key, Text: "Text of " + key + "."}
}

func withdrawn(n int, key, reason string) snapshot.Reference {
	r := ref(n, key)
	r.Withdrawn = reason
	return r
}

// rel is a release without a note, so that "previous" is on line 4 and
// "references" starts on line 5.
func rel(version, previous, date string, refs ...snapshot.Reference) *snapshot.Snapshot {
	return &snapshot.Snapshot{Version: version, Previous: previous, Date: date, References: refs}
}

// releasesFS holds each release as content/releases/<version>.json.
func releasesFS(rels ...*snapshot.Snapshot) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, r := range rels {
		fsys["releases/"+r.Version+".json"] = &fstest.MapFile{Data: Encode(r)}
	}
	return fsys
}

func load(fsys fstest.MapFS) (*History, []string) {
	var diags diag.List
	h := Load(fsys, "releases", "content", &diags)
	var msgs []string
	for _, d := range diags.Sorted() {
		msgs = append(msgs, d.String())
	}
	return h, msgs
}

func TestLoadChain(t *testing.T) {
	h, errs := load(releasesFS(
		rel("1.10", "1.9", "2026-04-01", ref(1, "a"), withdrawn(2, "b", "retracted"), ref(3, "c"), ref(4, "d")),
		rel("1.0", "", "2026-01-01", ref(1, "a"), ref(2, "b")),
		rel("1.9", "1.0", "2026-04-01", ref(1, "a"), withdrawn(2, "b", "retracted"), ref(3, "c")),
	))
	if errs != nil {
		t.Fatalf("Load reported %q", errs)
	}
	var versions []string
	for _, r := range h.Releases() {
		versions = append(versions, r.Version)
	}
	if want := []string{"1.0", "1.9", "1.10"}; !reflect.DeepEqual(versions, want) {
		t.Errorf("Releases() = %v, want %v", versions, want)
	}
	if got := h.Latest().Version; got != "1.10" {
		t.Errorf("Latest() = %s, want 1.10", got)
	}
	if got, want := h.Numbers(), map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("Numbers() = %v, want %v", got, want)
	}
	if got := h.NextNumber(); got != 5 {
		t.Errorf("NextNumber() = %d, want 5", got)
	}
	if v, reason, ok := h.Withdrawn("b"); v != "1.9" || reason != "retracted" || !ok {
		t.Errorf(`Withdrawn("b") = %q, %q, %v; want "1.9", "retracted", true`, v, reason, ok)
	}
	if _, _, ok := h.Withdrawn("a"); ok {
		t.Errorf(`Withdrawn("a") reports a withdrawal`)
	}
	if got := h.File("1.9"); got != "content/releases/1.9.json" {
		t.Errorf(`File("1.9") = %q`, got)
	}
	if got := h.Since("c"); got != "1.9" {
		t.Errorf(`Since("c") = %q, want 1.9`, got)
	}
}

func TestLoadEmpty(t *testing.T) {
	h, errs := load(fstest.MapFS{"references.json": &fstest.MapFile{Data: []byte("[]")}})
	if errs != nil || h.Latest() != nil || len(h.Releases()) != 0 || h.NextNumber() != 1 || len(h.Numbers()) != 0 {
		t.Errorf("Load without a releases folder = %+v, %q; want an empty history, no error", h, errs)
	}
}

func TestLoadErrors(t *testing.T) {
	r10 := rel("1.0", "", "2026-01-01", ref(1, "a"), ref(2, "b"))
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"fork merged", releasesFS(r10, rel("1.1", "1.0", "2026-02-01", ref(1, "a"), ref(2, "b")), rel("1.2", "1.0", "2026-02-02", ref(1, "a"), ref(2, "b"))), []string{
			"content/releases/1.2.json:4:15: release 1.2 and release 1.1 were both cut after 1.0, on separate branches, and then merged; delete content/releases/1.2.json and cut it again on the merged tree (go run ./generator release -version 1.2 ...)",
		}},
		{"two first releases", releasesFS(r10, rel("1.1", "", "2026-02-01", ref(1, "a"), ref(2, "b"))), []string{
			"content/releases/1.1.json:1:1: release 1.1 and release 1.0 were both cut as the first release, on separate branches, and then merged; delete content/releases/1.1.json and cut it again on the merged tree (go run ./generator release -version 1.1 ...)",
		}},
		{"previous skips a release", releasesFS(r10, rel("1.1", "1.0", "2026-02-01", ref(1, "a"), ref(2, "b")), rel("2.0", "1.0.5", "2026-03-01", ref(1, "a"), ref(2, "b"))), []string{
			`content/releases/2.0.json:4:15: release 2.0 names "1.0.5" as previous, but the release just before it is 1.1; set "previous": "1.1", or if 1.1 was cut on another branch, delete content/releases/2.0.json and cut it again on the merged tree`,
		}},
		{"first release names a previous", releasesFS(rel("1.1", "1.0", "2026-02-01", ref(1, "a"))), []string{
			`content/releases/1.1.json:4:15: release 1.1 is the first release, yet names "1.0" as previous, which is not among the releases; restore that release file, or remove "previous"`,
		}},
		{"date goes back", releasesFS(r10, rel("1.1", "1.0", "2025-12-31", ref(1, "a"), ref(2, "b"))), []string{
			"content/releases/1.1.json:3:11: release 1.1 is dated 2025-12-31, before release 1.0 (2026-01-01); dates never go back along the releases: date it 2026-01-01 or later",
		}},
		{"number reused and reference dropped", releasesFS(r10, rel("1.1", "1.0", "2026-02-01", ref(1, "a"), ref(2, "c"))), []string{
			"content/releases/1.1.json:1:1: reference b (number 2 since release 1.0) is missing from release 1.1; a published reference keeps its number: keep its entry and mark it withdrawn",
			"content/releases/1.1.json:7:15: number 2 is given to c here but was given to b in release 1.0; a number is never reused, even after its reference is withdrawn: give c number 3",
		}},
		{"number changed", releasesFS(r10, rel("1.1", "1.0", "2026-02-01", ref(1, "a"), ref(3, "b"))), []string{
			`content/releases/1.1.json:7:15: reference b has number 3 here but number 2 since release 1.0; a published reference keeps its number: set "number": 2`,
		}},
		{"broken release keeps its place", fstest.MapFS{
			"releases/1.0.json":    &fstest.MapFile{Data: Encode(r10)},
			"releases/1.1.json":    &fstest.MapFile{Data: []byte("{")},
			"releases/1.2.json":    &fstest.MapFile{Data: Encode(rel("1.2", "1.1", "2026-03-01", ref(1, "a"), ref(2, "b")))},
			"releases/notes.md":    &fstest.MapFile{Data: []byte("hello")},
			"releases/latest.json": &fstest.MapFile{Data: Encode(rel("latest", "1.2", "2026-03-01"))},
		}, []string{
			`content/releases/1.1.json:1:2: this release file is not valid JSON (unexpected end of JSON input); fix it here: release files are written by ` + "`go run ./generator release`" + `, and a hand edit must keep the JSON valid`,
			"content/releases/latest.json: a release file is named after its version, such as 1.0.json or 1.2.3.json; rename it",
			`content/releases/latest.json:2:14: version "latest" is not dot-separated numbers; write it as 1.0, 1.2.3 and so on`,
			"content/releases/notes.md: content/releases holds only release files named <version>.json; move this out of it",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(tt.fsys)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Load reported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
