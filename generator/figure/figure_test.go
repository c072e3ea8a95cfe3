package figure

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg.html")

// TestGolden renders each testdata/*.yaml and compares with the .html file
// beside it (run with -update after an intended change, and look at it).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	if len(files) < 4 {
		t.Fatalf("only %d golden figures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			spec, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			got := Render(spec, "fig-1", `<span class="citation">[1]</span>`)
			golden := strings.TrimSuffix(f, ".yaml") + ".html"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", f, golden, got)
			}
			for _, must := range []string{`role="img"`, `<title id="fig-1-title">`, `<desc id="fig-1-desc">`, "<figcaption>", `<details class="chart-data">`, "<table>"} {
				if !bytes.Contains(got, []byte(must)) {
					t.Errorf("figure lacks %s", must)
				}
			}
			if bytes.Contains(got, []byte("fill=")) || bytes.Contains(got, []byte("style=")) {
				t.Error("colours must come from CSS classes, not attributes")
			}
		})
	}
}

func TestEscaping(t *testing.T) {
	src, _ := os.ReadFile("testdata/timeline.yaml")
	spec, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	out := string(Render(spec, "f", ""))
	if strings.Contains(out, "<esketamine>") || !strings.Contains(out, "&lt;esketamine&gt; &amp; more") {
		t.Error("labels are not escaped")
	}
}

func TestBadData(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown kind", "kind: pie\ntitle: T\ndata:\n  - {label: a, value: 1}\n", "1: figure: unknown kind \"pie\"; use one of range, bars, timeline, schedule"},
		{"missing title", "kind: bars\ndata:\n  - {label: a, value: 1}\n", `1: figure: missing required key "title"`},
		{"missing value", "kind: bars\ntitle: T\ndata:\n  - {label: a, value: 1}\n  - {label: b}\n", "5: figure: data item 2 needs label and value"},
		{"low above high", "kind: range\ntitle: T\ndata:\n  - {label: a, low: 45, high: 8}\n", "4: figure: data item 1 (a): low 45 is above high 8"},
		{"point outside", "kind: range\ntitle: T\ndata:\n  - {label: a, low: 1, high: 2, point: 3}\n", "4: figure: data item 1 (a): point 3 is outside 1–2"},
		{"above max", "kind: bars\ntitle: T\nmax: 100\ndata:\n  - {label: a, value: 120}\n", "5: figure: data item 1: 120 is above max 100"},
		{"negative", "kind: bars\ntitle: T\ndata:\n  - {label: a, value: -1}\n", "4: figure: data item 1: values must not be negative"},
		{"unparsable date", "kind: timeline\ntitle: T\ndata:\n  - {date: \"March 2019\", label: x}\n", `4: figure: data item 1: date "March 2019": write a year`},
		{"bad month", "kind: timeline\ntitle: T\ndata:\n  - {date: \"2019-13\", label: x}\n", `4: figure: data item 1: date "2019-13"`},
		{"bad weeks", "kind: schedule\ntitle: T\ndata:\n  - {weeks: 4-1, perWeek: 2}\n", `4: figure: data item 1: weeks "4-1"`},
		{"overlapping weeks", "kind: schedule\ntitle: T\ndata:\n  - {weeks: 1-4, perWeek: 2}\n  - {weeks: 3-8, perWeek: 1}\n", `5: figure: data item 2: weeks 3-8 overlap`},
		{"wrong type", "kind: bars\ntitle: T\ndata:\n  - {label: a, value: lots}\n", `4: figure: data[0].value must be a number, found "lots"`},
		{"empty data", "kind: bars\ntitle: T\ndata: []\n", "3: figure: data is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			fe, ok := err.(*Error)
			if !ok {
				t.Fatalf("err = %v", err)
			}
			if got := strings.TrimSpace(strings.Join([]string{itoa(fe.Line), fe.Msg}, ": ")); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want prefix %q", got, tt.want)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func FuzzParse(f *testing.F) {
	for _, name := range []string{"range", "bars", "timeline", "schedule"} {
		src, _ := os.ReadFile("testdata/" + name + ".yaml")
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		spec, err := Parse(src)
		if err != nil {
			return
		}
		out := Render(spec, "f", "")
		if !bytes.HasPrefix(out, []byte("<figure")) {
			t.Fatalf("bad figure for %q", src)
		}
	})
}
