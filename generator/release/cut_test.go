package release

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"ketref/generator/diag"
	"ketref/generator/snapshot"
)

// twoReleases: 1.0 numbers a, b, c; 1.1 withdraws b and adds d.
func twoReleases(t *testing.T) *History {
	t.Helper()
	h, errs := load(releasesFS(
		rel("1.0", "", "2026-01-01", ref(1, "a"), ref(2, "b"), ref(3, "c")),
		rel("1.1", "1.0", "2026-02-01", ref(1, "a"), withdrawn(2, "b", "retracted"), ref(3, "c"), ref(4, "d")),
	))
	if errs != nil {
		t.Fatalf("Load: %q", errs)
	}
	return h
}

func TestNumber(t *testing.T) {
	h := twoReleases(t)
	tests := []struct {
		name string
		h    *History
		keys []string
		want map[string]int
	}{
		{"no history numbers in file order", nil, []string{"x", "y", "x"}, map[string]int{"x": 1, "y": 2}},
		{"known keys keep their numbers in any order", h, []string{"d", "c", "a", "b"}, map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}},
		{"new keys take the next numbers", h, []string{"new1", "a", "new2"}, map[string]int{"new1": 5, "a": 1, "new2": 6}},
		{"withdrawn key keeps its number", h, []string{"b"}, map[string]int{"b": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Number(tt.h, tt.keys); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Number(%v) = %v, want %v", tt.keys, got, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	h := twoReleases(t)
	tests := []struct {
		keys []string
		want []string
	}{
		{[]string{"a", "b", "c", "d", "e"}, nil},
		{[]string{"d", "a"}, []string{"b", "c"}},
		{nil, []string{"a", "b", "c", "d"}},
	}
	for _, tt := range tests {
		if got := Missing(h, tt.keys); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Missing(%v) = %v, want %v", tt.keys, got, tt.want)
		}
	}
	if got := Missing(nil, nil); got != nil {
		t.Errorf("Missing(nil history) = %v", got)
	}
}

func TestCheck(t *testing.T) {
	h := twoReleases(t)
	refs := []snapshot.Reference{ref(1, "a"), withdrawn(2, "b", "retracted"), ref(3, "c"), ref(4, "d")}
	next := func(version, previous, date string, refs ...snapshot.Reference) *snapshot.Snapshot {
		return rel(version, previous, date, refs...)
	}
	tests := []struct {
		name string
		next *snapshot.Snapshot
		want []string // messages of the *diag.Errors; nil for no error
	}{
		{"good", next("1.2", "1.1", "2026-02-01", append(refs, ref(5, "e"))...), nil},
		{"version exists", next("1.1", "1.1", "2026-03-01", refs...), []string{
			"content/releases/1.1.json: release 1.1 exists (content/releases/1.1.json); choose a new version",
		}},
		{"version before the latest", next("1.0.5", "1.1", "2026-03-01", refs...), []string{
			"content/releases/1.0.5.json: version 1.0.5 does not come after 1.1, the latest release; choose a version after 1.1",
		}},
		{"invalid version", next("1.2-beta", "1.1", "2026-03-01", refs...), []string{
			`content/releases/1.2-beta.json: version "1.2-beta" is not dot-separated numbers; write it as 1.0, 1.2.3 and so on`,
		}},
		{"date before the latest", next("1.2", "1.1", "2026-01-31", refs...), []string{
			"content/releases/1.2.json: date 2026-01-31 is before 2026-02-01, the date of release 1.1; a release is dated on or after the one before it",
		}},
		{"invalid date", next("1.2", "1.1", "2026-13-01", refs...), []string{
			`content/releases/1.2.json: date "2026-13-01" is not a real date written YYYY-MM-DD (such as 2026-03-01)`,
		}},
		{"wrong previous", next("1.2", "1.0", "2026-03-01", refs...), []string{
			`content/releases/1.2.json: previous is "1.0", but the latest release is "1.1": set Previous to the latest release's version`,
		}},
		{"content Decode refuses", next("1.2", "1.1", "2026-03-01", ref(1, "a"), withdrawn(2, "b", "retracted"), ref(3, "c"), ref(4, "d"), ref(4, "e")), []string{
			"content/releases/1.2.json: number 4 is given to e but was given to d in release 1.1; a number is never reused: give e number 5",
			"content/releases/1.2.json: reference number 4 is given twice (to d and e); each reference has its own number: give e the next unused one",
		}},
		{"number changed and reused", next("1.2", "1.1", "2026-03-01", ref(1, "a"), withdrawn(2, "b", "retracted"), ref(3, "c"), ref(5, "d"), ref(4, "e")), []string{
			"content/releases/1.2.json: number 4 is given to e but was given to d in release 1.1; a number is never reused: give e number 5",
			"content/releases/1.2.json: reference d has number 5 but number 4 since release 1.1; a published reference keeps its number",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := *tt.next
			err := Check(h, tt.next)
			if !reflect.DeepEqual(*tt.next, before) {
				t.Errorf("Check changed next: %+v, was %+v", *tt.next, before)
			}
			var got []string
			if err != nil {
				var es *diag.Errors
				if !errors.As(err, &es) {
					t.Fatalf("Check returned %T %v, want a *diag.Errors", err, err)
				}
				for _, d := range es.Items {
					got = append(got, d.String())
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckFirstRelease(t *testing.T) {
	h, _ := load(releasesFS())
	if err := Check(h, rel("1.0", "", "2026-01-01", ref(1, "a"))); err != nil {
		t.Errorf("Check(first release) = %v", err)
	}
}

// entries lists the names in dir, to see that nothing was left behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	items, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range items {
		names = append(names, it.Name())
	}
	return names
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "releases")
	s := sample()
	path, err := Write(dir, s)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if want := filepath.Join(dir, "1.1.json"); path != want {
		t.Errorf("Write returned %q, want %q", path, want)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != string(Encode(s)) {
		t.Errorf("written file = %q, %v; want Encode(s)", got, err)
	}

	other := sample()
	other.Note = "another"
	if _, err := Write(dir, other); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Write over an existing release = %v, want an error wrapping fs.ErrExist", err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(got) {
		t.Errorf("Write changed an existing release")
	}
	if names := entries(t, dir); !reflect.DeepEqual(names, []string{"1.1.json"}) {
		t.Errorf("after a refused Write the folder holds %v, want only 1.1.json", names)
	}

	bad := sample()
	bad.Version = "../1.1"
	if _, err := Write(dir, bad); err == nil {
		t.Errorf("Write accepted version %q", bad.Version)
	}
}

// TestWriteConcurrent: of writers racing for one release, exactly one
// succeeds and no temporary file remains.
func TestWriteConcurrent(t *testing.T) {
	dir := t.TempDir()
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			s := sample()
			s.Note = string(rune('A' + i))
			_, errs[i] = Write(dir, s)
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, fs.ErrExist):
			t.Errorf("Write: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d writers succeeded, want 1", won)
	}
	if names := entries(t, dir); !reflect.DeepEqual(names, []string{"1.1.json"}) {
		t.Errorf("the folder holds %v, want only 1.1.json", names)
	}
	var diags diag.List
	if Decode("content/releases/1.1.json", mustRead(t, filepath.Join(dir, "1.1.json")), &diags) == nil {
		t.Errorf("the written release does not decode: %v", diags.Err(false))
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
