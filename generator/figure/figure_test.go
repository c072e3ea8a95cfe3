package figure

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
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

// TestNonFiniteValues: infinite or NaN values, and values so large that
// the drawing's coordinates overflow, are errors at the value (line and
// column of the block), never NaN or Inf in the SVG.
func TestNonFiniteValues(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		want      string
	}{
		{"infinite value", "kind: bars\ntitle: T\ndata:\n  - {label: a, value: .inf}\n", 4, 23, "data item 1: value .inf is not a finite number"},
		{"NaN value", "kind: bars\ntitle: T\ndata:\n  - {label: a, value: .nan}\n", 4, 23, "data item 1: value .nan is not a finite number"},
		{"infinite high", "kind: range\ntitle: T\ndata:\n  - label: a\n    low: 1\n    high: .Inf\n", 6, 11, "data item 1: high .Inf is not a finite number"},
		{"NaN point", "kind: range\ntitle: T\ndata:\n  - {label: a, low: 1, high: 2, point: .NaN}\n", 4, 40, "data item 1: point .NaN is not a finite number"},
		{"NaN perWeek", "kind: schedule\ntitle: T\ndata:\n  - {weeks: 1-4, perWeek: .nan}\n", 4, 27, "data item 1: perWeek .nan is not a finite number"},
		{"infinite max", "kind: bars\ntitle: T\nmax: .inf\ndata:\n  - {label: a, value: 1}\n", 3, 6, "max .inf is not a finite number"},
		{"NaN max", "kind: bars\ntitle: T\nmax: .nan\ndata:\n  - {label: a, value: 1}\n", 3, 6, "max .nan is not a finite number"},
		{"huge value", "kind: bars\ntitle: T\ndata:\n  - {label: a, value: 1}\n  - {label: b, value: 1e308}\n", 5, 23, "data item 2: value 1e308 is too large to draw"},
		{"huge range", "kind: range\ntitle: T\ndata:\n  - {label: a, low: 0, high: 1.7e308}\n", 4, 30, "data item 1: high 1.7e308 is too large to draw"},
		{"huge max", "kind: bars\ntitle: T\nmax: 1e308\ndata:\n  - {label: a, value: 1e308}\n", 3, 6, "max 1e308 is too large to draw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, err := Parse([]byte(tt.src))
			fe, ok := err.(*Error)
			if !ok {
				t.Fatalf("err = %v; figure:\n%s", err, Render(spec, "f", ""))
			}
			if fe.Line != tt.line || fe.Col != tt.col || !strings.Contains(fe.Msg, tt.want) {
				t.Errorf("got %d:%d: %s, want %d:%d: ...%s", fe.Line, fe.Col, fe.Msg, tt.line, tt.col, tt.want)
			}
		})
	}
}

var nonFiniteAttr = regexp.MustCompile(`="[^"]*(NaN|Inf)[^"]*"`)

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
		if m := nonFiniteAttr.Find(out); m != nil {
			t.Fatalf("a number in the drawing is not finite (%s) for %q", m, src)
		}
	})
}
