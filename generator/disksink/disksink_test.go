package disksink

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"ketref/generator/offline"
	"ketref/generator/precompress"
)

// TestOpen: the Sink writes into a staging folder that Commit swaps in,
// adds the forms its policy plans, and records the site's own files only.
func TestOpen(t *testing.T) {
	data := bytes.Repeat([]byte(`{"docs":["ketamine"]}`), 200) // worth compressing
	for _, tc := range []struct {
		name             string
		compress, record bool
		files            []string // in the output folder, besides the marker
		recorded         []string
	}{
		{"plain", false, false, []string{"data.json"}, nil},
		{"compressed", true, false, []string{"data.json", "data.json.br", "data.json.gz"}, nil},
		{"recorded", false, true, []string{"data.json"}, []string{"data.json"}},
		{"both", true, true, []string{"data.json", "data.json.br", "data.json.gz"}, []string{"data.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			o := Options{Out: out}
			staged := 0
			o.Stage = func(Stager) { staged++ }
			if tc.compress {
				o.Precompress = &precompress.Policy{Mode: precompress.Assets}
			}
			if tc.record {
				o.Record = &offline.Record{}
			}
			s, err := Open(o)
			if err != nil {
				t.Fatal(err)
			}
			if staged != 1 {
				t.Errorf("Stage called %d times, want 1", staged)
			}
			if err := s.WriteFile("data.json", data); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(out, "data.json")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("data.json visible before Commit (err %v)", err)
			}
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
			if s.Files() != 1 || s.Bytes() != int64(len(data)) {
				t.Errorf("Files, Bytes = %d, %d; want 1, %d (the forms are not counted)", s.Files(), s.Bytes(), len(data))
			}
			for _, f := range tc.files {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			for _, f := range []string{"data.json.br", "data.json.gz"} {
				if _, err := os.Stat(filepath.Join(out, f)); err == nil && !slices.Contains(tc.files, f) {
					t.Errorf("%s written without a policy", f)
				}
			}
			if tc.record {
				if got := o.Record.Paths(); !slices.Equal(got, tc.recorded) {
					t.Errorf("recorded %q, want %q", got, tc.recorded)
				}
			}
		})
	}
}

// TestOpenRefused: an output folder that output.Begin refuses is an error,
// and Stage is never called.
func TestOpenRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	staged := false
	if _, err := Open(Options{Out: dir, Stage: func(Stager) { staged = true }}); err == nil {
		t.Fatal("a folder holding a file the generator did not write was accepted")
	}
	if staged {
		t.Error("Stage called for a refused folder")
	}
}
