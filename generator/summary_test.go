package main

import (
	"strings"
	"testing"

	"ketref/generator/site"
)

// TestSummaryCounts: the build summary says "1 page", not "1 pages".
func TestSummaryCounts(t *testing.T) {
	for _, tt := range []struct {
		pages int
		files int64
		want  string
	}{
		{1, 1, "built 1 page, 1 file "},
		{1, 3, "built 1 page, 3 files "},
		{2, 1, "built 2 pages, 1 file "},
		{0, 0, "built 0 pages, 0 files "},
	} {
		got := summary(site.Result{Pages: tt.pages, Files: tt.files})
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%d pages, %d files: %q, want it to start with %q", tt.pages, tt.files, got, tt.want)
		}
	}
}
