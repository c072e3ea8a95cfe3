// Package figure draws charts at build time from data written in the
// Markdown, as inline SVG that needs no script to view.
//
// A ```figure block (see Fence, which the site registers with the Markdown
// converter) holds YAML:
//
//	kind: range          # required: range, bars, timeline or schedule
//	title: Bioavailability by route   # required; also makes the id
//	caption: As reported in the review.
//	unit: "%"            # printed after each number (range, bars)
//	max: 100             # the axis's end (range, bars); else a tidy step
//	citations: [smith2020]
//	data:                # required, one item per row
//	  - {label: Intranasal, low: 8, high: 45}
//
// Which keys a data item needs depends on the kind:
//
//   - range: low–high bars per label, with an optional point marker
//     (label, low, high, point);
//   - bars: horizontal bars of one value per label (label, value);
//   - timeline: dated events on a line (date, label; dates are years such
//     as 1962, months such as 2019-03, or decades such as 1990s);
//   - schedule: sessions per week over a course (weeks "1-4", perWeek 2,
//     label).
//
// Any item may set text, shown in the data table instead of the number
// ("about 90%").
//
// Parse validates the data and reports each problem with the line of the
// block it is on (and the column, for a number that is not finite or too
// large to draw): an unknown kind, a missing value, low above high, a value
// outside 0..max, an unparsable date. Render draws the SVG with CSS classes
// only (colours come from CSS variables, so the figure follows the theme
// and prints in black and white), with a title and a description for
// screen readers, and the same data as a table under a disclosure.
//
// Each kind is a file of its own (range.go, bars.go, ...) implementing the
// kind interface; kinds in kind.go lists them.
package figure

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"ketref/generator/diag"
	"ketref/generator/slug"
	"ketref/generator/yamldoc"
)

// Item is one datum; which fields count depends on the kind.
type Item struct {
	Label   string   `yaml:"label"`
	Low     *float64 `yaml:"low"`
	High    *float64 `yaml:"high"`
	Point   *float64 `yaml:"point"`
	Value   *float64 `yaml:"value"`
	Date    string   `yaml:"date"`
	Weeks   string   `yaml:"weeks"`
	PerWeek *float64 `yaml:"perWeek"`
	// Text is shown instead of the number in the table ("about 90%").
	Text string `yaml:"text"`
}

// Spec is a parsed figure block.
type Spec struct {
	Kind      string   `yaml:"kind" yamldoc:"required"`
	Title     string   `yaml:"title" yamldoc:"required"`
	Caption   string   `yaml:"caption"`
	Unit      string   `yaml:"unit"`
	Max       float64  `yaml:"max"`
	Citations []string `yaml:"citations"`
	Data      []Item   `yaml:"data" yamldoc:"required"`
}

// Error is a problem on a line of the block (1-based; 0 for the block),
// at a column of that line when Col is not 0.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return e.Msg }

// Parse reads and validates a figure block.
func Parse(body []byte) (*Spec, error) {
	var spec Spec
	var diags diag.List
	root := yamldoc.Decode(body, yamldoc.Source{File: "figure", FirstLine: 1}, &spec, &diags)
	for _, d := range diags.Sorted() {
		return nil, &Error{Line: d.Line, Msg: "figure: " + d.Msg}
	}
	itemLine := func(i int) int {
		for k := 0; root != nil && k+1 < len(root.Content); k += 2 {
			if root.Content[k].Value == "data" && root.Content[k+1].Kind == yaml.SequenceNode && i < len(root.Content[k+1].Content) {
				return root.Content[k+1].Content[i].Line
			}
		}
		return 0
	}
	fail := func(i int, format string, args ...any) error {
		return &Error{Line: itemLine(i), Msg: "figure: " + fmt.Sprintf(format, args...)}
	}
	k := kindNamed(spec.Kind)
	if k == nil {
		return nil, &Error{Line: keyLine(root, "kind"), Msg: fmt.Sprintf("figure: unknown kind %q; use one of %s", spec.Kind, kindNames())}
	}
	if len(spec.Data) == 0 {
		return nil, &Error{Line: keyLine(root, "data"), Msg: "figure: data is empty"}
	}
	if spec.Max < 0 {
		return nil, &Error{Line: keyLine(root, "max"), Msg: "figure: max must be positive"}
	}
	// A value that is not finite would draw NaN and Inf coordinates.
	if math.IsInf(spec.Max, 0) || math.IsNaN(spec.Max) {
		line, col := valuePos(root, -1, "max")
		return nil, &Error{Line: line, Col: col, Msg: fmt.Sprintf("figure: max %s is not a finite number; write a number such as 100", valueText(root, -1, "max"))}
	}
	for i, it := range spec.Data {
		for _, v := range []struct {
			key string
			val *float64
		}{{"low", it.Low}, {"high", it.High}, {"point", it.Point}, {"value", it.Value}, {"perWeek", it.PerWeek}} {
			if v.val != nil && (math.IsInf(*v.val, 0) || math.IsNaN(*v.val)) {
				line, col := valuePos(root, i, v.key)
				return nil, &Error{Line: line, Col: col, Msg: fmt.Sprintf("figure: data item %d: %s %s is not a finite number; write a number such as 12.5", i+1, v.key, valueText(root, i, v.key))}
			}
		}
		if msg := k.check(&spec, i); msg != "" {
			return nil, fail(i, "%s", msg)
		}
	}
	if w, ok := k.(wholeKind); ok {
		if i, msg := w.checkAll(&spec); msg != "" {
			return nil, fail(i, "%s", msg)
		}
	}
	if s, ok := k.(scaledKind); ok {
		if err := checkGeometry(&spec, s, root); err != nil {
			return nil, err
		}
	}
	return &spec, nil
}

// checkGeometry computes what a scaled kind will draw, and reports a
// value (or max) so large that a coordinate or a tick overflows: each is
// finite on its own, but the drawing multiplies them.
func checkGeometry(spec *Spec, k scaledKind, root *yaml.Node) error {
	type value struct {
		item int
		key  string
		v    float64
	}
	var values []value
	var scale []float64
	for i, it := range spec.Data {
		drawn, s := k.scaled(it)
		for _, d := range drawn {
			values = append(values, value{i, d.key, d.v})
		}
		scale = append(scale, s)
	}
	tooLarge := func(item int, key string) error {
		line, col := valuePos(root, item, key)
		what := key
		if item >= 0 {
			what = fmt.Sprintf("data item %d: %s", item+1, key)
		}
		return &Error{Line: line, Col: col, Msg: fmt.Sprintf("figure: %s %s is too large to draw; give the values in a larger unit", what, valueText(root, item, key))}
	}
	max := scaleMax(spec, scale)
	finite := !math.IsInf(max, 0) && !math.IsNaN(max)
	for i := 0; finite && i <= 4; i++ {
		finite = !math.IsInf(math.Round(max*float64(i)/4*10), 0) // the axis's tick labels
	}
	if !finite {
		if spec.Max > 0 {
			return tooLarge(-1, "max")
		}
		largest := values[0]
		for _, v := range values {
			if v.v > largest.v {
				largest = v
			}
		}
		return tooLarge(largest.item, largest.key)
	}
	lw := labelWidth(spec)
	for _, v := range values {
		if x := xOf(lw, v.v, max); math.IsInf(x, 0) || math.IsNaN(x) {
			return tooLarge(v.item, v.key)
		}
	}
	return nil
}

// valueNode finds the value of key in data item i, or at the top level
// when i is -1; nil when it is not there.
func valueNode(root *yaml.Node, i int, key string) *yaml.Node {
	m := root
	if i >= 0 {
		m = nil
		if data := valueNode(root, -1, "data"); data != nil && data.Kind == yaml.SequenceNode && i < len(data.Content) {
			m = data.Content[i]
		}
	}
	for k := 0; m != nil && m.Kind == yaml.MappingNode && k+1 < len(m.Content); k += 2 {
		if m.Content[k].Value == key {
			return m.Content[k+1]
		}
	}
	return nil
}

// valuePos is the line and column of a value, for errors about it.
func valuePos(root *yaml.Node, i int, key string) (line, col int) {
	if n := valueNode(root, i, key); n != nil {
		return n.Line, n.Column
	}
	return 0, 0
}

// valueText is a value as written (".inf", "1e308"), so that the message
// shows what the author typed.
func valueText(root *yaml.Node, i int, key string) string {
	if n := valueNode(root, i, key); n != nil {
		return n.Value
	}
	return "?"
}

func keyLine(root *yaml.Node, key string) int {
	for k := 0; root != nil && k+1 < len(root.Content); k += 2 {
		if root.Content[k].Value == key {
			return root.Content[k].Line
		}
	}
	return 0
}

// checkScale checks the values lo and hi of data item n against the axis,
// which starts at 0 and ends at max when the block sets one.
func checkScale(spec *Spec, n int, lo, hi float64) string {
	if lo < 0 || math.IsNaN(lo) || math.IsNaN(hi) {
		return fmt.Sprintf("data item %d: values must not be negative", n)
	}
	if spec.Max > 0 && hi > spec.Max {
		return fmt.Sprintf("data item %d: %v is above max %v", n, hi, spec.Max)
	}
	return ""
}

// num prints a number without trailing zeros.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func esc(s string) string { return html.EscapeString(s) }

// Render draws the figure. id makes the element ids unique on the page;
// citations is the HTML of the figure's citation group ("" for none).
func Render(spec *Spec, id, citations string) []byte {
	var svg strings.Builder
	var table dataTable
	var desc string
	if k := kindNamed(spec.Kind); k != nil {
		desc = k.draw(&svg, &table, spec)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<figure class=\"chart chart-%s\" id=\"%s\">\n", spec.Kind, esc(id))
	b.WriteString(strings.Replace(svg.String(), "\x00", fmt.Sprintf("role=\"img\" aria-labelledby=\"%[1]s-title %[1]s-desc\"><title id=\"%[1]s-title\">%[2]s</title><desc id=\"%[1]s-desc\">%[3]s</desc", esc(id), esc(spec.Title), esc(desc)), 1))
	// The caption must be the figure's first or last child: the data
	// table goes between the drawing and the caption.
	b.WriteString("\n<details class=\"chart-data\"><summary>The data as a table</summary>\n")
	b.WriteString(table.String())
	b.WriteString("</details>\n<figcaption><strong>" + esc(spec.Title) + ".</strong>")
	if spec.Caption != "" {
		b.WriteString(" " + esc(spec.Caption))
	}
	if citations != "" {
		b.WriteString(" " + citations)
	}
	b.WriteString("</figcaption>\n</figure>\n")
	return []byte(b.String())
}

const (
	width  = 640
	rowH   = 30
	padTop = 10
)

// labelWidth is the width of the label column: wide enough for the longest
// label at about 7.5 units a character (the labels are 13px system-ui).
func labelWidth(spec *Spec) float64 {
	n := 0
	for _, it := range spec.Data {
		n = max(n, len([]rune(it.Label)))
	}
	return math.Min(320, math.Max(120, 7.5*float64(n)+16))
}

func scaleMax(spec *Spec, values []float64) float64 {
	if spec.Max > 0 {
		return spec.Max
	}
	m := 0.0
	for _, v := range values {
		m = math.Max(m, v)
	}
	if m == 0 {
		return 1
	}
	// Round up to a tidy step.
	step := math.Pow(10, math.Floor(math.Log10(m)))
	return math.Ceil(m/step) * step
}

// dataTable is the figure's data as a table: its HTML, and the cells of
// each body row as written into it, so that Rows reports exactly what the
// reader sees.
type dataTable struct {
	strings.Builder
	rows [][]string
}

// Row is one body row of a figure's data table.
type Row struct {
	// Label is the row's header cell (a category, a date, a span of
	// weeks).
	Label string
	// Value is the row's other cells, joined by " | " ("8% | 45% |
	// 8–45%"), so that a change to any number the table shows changes it.
	Value string
}

// Rows returns the body rows of the figure's data table, in the order the
// table shows them, as the table's cells write them. A living review
// records them as the figure's data (package claims).
func (s *Spec) Rows() []Row {
	k := kindNamed(s.Kind)
	if k == nil {
		return nil
	}
	var svg strings.Builder
	var t dataTable
	k.draw(&svg, &t, s)
	rows := make([]Row, 0, len(t.rows))
	for _, cells := range t.rows {
		if len(cells) > 0 {
			rows = append(rows, Row{Label: cells[0], Value: strings.Join(cells[1:], " | ")})
		}
	}
	return rows
}

// ID is the figure's element id on its page: "fig-" and the slug of its
// title.
func (s *Spec) ID() string { return "fig-" + slug.Make(s.Title) }

func tableStart(t *dataTable, cols ...string) {
	t.WriteString("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Figure data\"><table>\n<thead><tr>")
	for _, c := range cols {
		t.WriteString("<th scope=\"col\">" + esc(c) + "</th>")
	}
	t.WriteString("</tr></thead>\n<tbody>\n")
}

func tableRow(t *dataTable, cells ...string) {
	t.rows = append(t.rows, cells)
	t.WriteString("<tr>")
	for i, c := range cells {
		if i == 0 {
			t.WriteString("<th scope=\"row\">" + esc(c) + "</th>")
		} else {
			t.WriteString("<td>" + esc(c) + "</td>")
		}
	}
	t.WriteString("</tr>\n")
}

func tableEnd(t *dataTable) { t.WriteString("</tbody>\n</table></div>\n") }

// axis draws a value axis below the rows, with ticks at tidy steps.
func axis(s *strings.Builder, lw, y, max float64, unit string) {
	x0, x1 := lw, float64(width-20)
	fmt.Fprintf(s, "<line class=\"axis\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n", x0, y, x1, y)
	for i := 0; i <= 4; i++ {
		v := max * float64(i) / 4
		x := x0 + (x1-x0)*float64(i)/4
		fmt.Fprintf(s, "<line class=\"tick\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/><text class=\"tick-label\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">%s%s</text>\n", x, y, x, y+5, x, y+18, num(math.Round(v*10)/10), esc(unit))
	}
}

func xOf(lw, v, max float64) float64 {
	return lw + (float64(width-20)-lw)*v/max
}
