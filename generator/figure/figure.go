// Package figure draws charts at build time from data written in the
// Markdown, as inline SVG that needs no script to view.
//
// A ```figure block holds YAML: kind, title, caption, data, citations and,
// for some kinds, unit and max. Kinds:
//
//   - range: low–high bars per label, with an optional point marker
//     (data: label, low, high, point);
//   - bars: horizontal bars of one value per label (data: label, value);
//   - timeline: dated events on a line (data: date, label; dates are
//     years such as 1962, months such as 2019-03, or decades such as
//     1990s);
//   - schedule: sessions per week over a course (data: weeks "1-4",
//     perWeek 2, label).
//
// Parse validates the data and reports each problem with the line of the
// block it is on: an unknown kind, a missing value, low above high, a value
// outside 0..max, an unparsable date. Render draws the SVG with CSS classes
// only (colours come from CSS variables, so the figure follows the theme
// and prints in black and white), with a title and a description for
// screen readers, and the same data as a table under a disclosure.
package figure

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"ketref/generator/diag"
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

// Kinds lists the figure kinds.
var kinds = []string{"range", "bars", "timeline", "schedule"}

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
	if !contains(kinds, spec.Kind) {
		return nil, &Error{Line: keyLine(root, "kind"), Msg: fmt.Sprintf("figure: unknown kind %q; use one of %s", spec.Kind, strings.Join(kinds, ", "))}
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
		switch spec.Kind {
		case "range":
			if it.Label == "" || it.Low == nil || it.High == nil {
				return nil, fail(i, "data item %d needs label, low and high", i+1)
			}
			if *it.Low > *it.High {
				return nil, fail(i, "data item %d (%s): low %v is above high %v", i+1, it.Label, *it.Low, *it.High)
			}
			if it.Point != nil && (*it.Point < *it.Low || *it.Point > *it.High) {
				return nil, fail(i, "data item %d (%s): point %v is outside %v–%v", i+1, it.Label, *it.Point, *it.Low, *it.High)
			}
			if err := checkScale(spec, i+1, *it.Low, *it.High); err != "" {
				return nil, fail(i, "%s", err)
			}
		case "bars":
			if it.Label == "" || it.Value == nil {
				return nil, fail(i, "data item %d needs label and value", i+1)
			}
			if err := checkScale(spec, i+1, *it.Value, *it.Value); err != "" {
				return nil, fail(i, "%s", err)
			}
		case "timeline":
			if it.Label == "" || it.Date == "" {
				return nil, fail(i, "data item %d needs date and label", i+1)
			}
			if _, err := parseDate(it.Date); err != nil {
				return nil, fail(i, "data item %d: %v", i+1, err)
			}
		case "schedule":
			if it.Weeks == "" || it.PerWeek == nil {
				return nil, fail(i, "data item %d needs weeks and perWeek", i+1)
			}
			if _, _, err := parseWeeks(it.Weeks); err != nil {
				return nil, fail(i, "data item %d: %v", i+1, err)
			}
			if *it.PerWeek <= 0 || *it.PerWeek > 14 {
				return nil, fail(i, "data item %d: perWeek %v must be above 0 and at most 14", i+1, *it.PerWeek)
			}
		}
	}
	if spec.Kind == "schedule" {
		for i := 1; i < len(spec.Data); i++ {
			a, _, _ := parseWeeks(spec.Data[i].Weeks)
			_, b, _ := parseWeeks(spec.Data[i-1].Weeks)
			if a <= b {
				return nil, fail(i, "data item %d: weeks %s overlap or precede the previous item's", i+1, spec.Data[i].Weeks)
			}
		}
	}
	if err := checkGeometry(&spec, root); err != nil {
		return nil, err
	}
	return &spec, nil
}

// checkGeometry computes what drawRange and drawBars will, and reports a
// value (or max) so large that a coordinate or a tick overflows: each is
// finite on its own, but the drawing multiplies them.
func checkGeometry(spec *Spec, root *yaml.Node) error {
	if spec.Kind != "range" && spec.Kind != "bars" {
		return nil // dates and weeks are bounded by their syntax
	}
	type value struct {
		item int
		key  string
		v    float64
	}
	var values []value
	var scale []float64
	for i, it := range spec.Data {
		if spec.Kind == "bars" {
			values = append(values, value{i, "value", *it.Value})
			scale = append(scale, *it.Value)
			continue
		}
		values = append(values, value{i, "low", *it.Low}, value{i, "high", *it.High})
		if it.Point != nil {
			values = append(values, value{i, "point", *it.Point})
		}
		scale = append(scale, *it.High)
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func checkScale(spec Spec, n int, lo, hi float64) string {
	if lo < 0 || math.IsNaN(lo) || math.IsNaN(hi) {
		return fmt.Sprintf("data item %d: values must not be negative", n)
	}
	if spec.Max > 0 && hi > spec.Max {
		return fmt.Sprintf("data item %d: %v is above max %v", n, hi, spec.Max)
	}
	return ""
}

// parseDate turns "1962", "2019-03" or "1990s" into a fractional year.
func parseDate(s string) (float64, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("date %q: write a year (1962), a month (2019-03) or a decade (1990s)", s)
	if strings.HasSuffix(s, "s") && len(s) == 5 {
		y, err := strconv.Atoi(s[:4])
		if err != nil || y%10 != 0 {
			return 0, bad
		}
		return float64(y) + 5, nil
	}
	if len(s) == 4 {
		y, err := strconv.Atoi(s)
		if err != nil {
			return 0, bad
		}
		return float64(y) + 0.5, nil
	}
	if len(s) == 7 && s[4] == '-' {
		y, err1 := strconv.Atoi(s[:4])
		m, err2 := strconv.Atoi(s[5:])
		if err1 != nil || err2 != nil || m < 1 || m > 12 {
			return 0, bad
		}
		return float64(y) + (float64(m)-0.5)/12, nil
	}
	return 0, bad
}

// parseWeeks reads "1-4" (or "1–4", or "9" for one week).
func parseWeeks(s string) (int, int, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "–", "-")
	a, b, found := strings.Cut(s, "-")
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi := lo
	var err2 error
	if found {
		hi, err2 = strconv.Atoi(strings.TrimSpace(b))
	}
	if err1 != nil || err2 != nil || lo < 1 || hi < lo || hi > 104 {
		return 0, 0, fmt.Errorf("weeks %q: write a week or a span such as 1-4", s)
	}
	return lo, hi, nil
}

// num prints a number without trailing zeros.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func esc(s string) string { return html.EscapeString(s) }

// Render draws the figure. id makes the element ids unique on the page;
// citations is the HTML of the figure's citation group ("" for none).
func Render(spec *Spec, id, citations string) []byte {
	var svg, table strings.Builder
	var desc string
	switch spec.Kind {
	case "range":
		desc = drawRange(&svg, &table, spec)
	case "bars":
		desc = drawBars(&svg, &table, spec)
	case "timeline":
		desc = drawTimeline(&svg, &table, spec)
	case "schedule":
		desc = drawSchedule(&svg, &table, spec)
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

func tableStart(t *strings.Builder, cols ...string) {
	t.WriteString("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Figure data\"><table>\n<thead><tr>")
	for _, c := range cols {
		t.WriteString("<th scope=\"col\">" + esc(c) + "</th>")
	}
	t.WriteString("</tr></thead>\n<tbody>\n")
}

func tableRow(t *strings.Builder, cells ...string) {
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

func tableEnd(t *strings.Builder) { t.WriteString("</tbody>\n</table></div>\n") }

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

func drawRange(s, t *strings.Builder, spec *Spec) string {
	var vals []float64
	for _, it := range spec.Data {
		vals = append(vals, *it.High)
	}
	max := scaleMax(spec, vals)
	lw := labelWidth(spec)
	h := padTop + rowH*len(spec.Data) + 30
	fmt.Fprintf(s, "<svg class=\"chart-svg\" viewBox=\"0 0 %d %d\" \x00>\n", width, h)
	tableStart(t, "Category", "Low", "High", "As the source gives it")
	var parts []string
	for i, it := range spec.Data {
		y := float64(padTop + rowH*i + rowH/2)
		lo, hi := xOf(lw, *it.Low, max), xOf(lw, *it.High, max)
		fmt.Fprintf(s, "<text class=\"label\" x=\"%g\" y=\"%g\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>\n", lw-10, y, esc(it.Label))
		if hi-lo < 4 {
			lo, hi = lo-2, hi+2 // a single value still shows
		}
		fmt.Fprintf(s, "<rect class=\"range\" x=\"%g\" y=\"%g\" width=\"%g\" height=\"12\" rx=\"3\"/>\n", lo, y-6, hi-lo)
		if it.Point != nil {
			fmt.Fprintf(s, "<circle class=\"point\" cx=\"%g\" cy=\"%g\" r=\"5\"/>\n", xOf(lw, *it.Point, max), y)
		}
		text := it.Text
		if text == "" {
			text = num(*it.Low) + "–" + num(*it.High) + spec.Unit
		}
		tableRow(t, it.Label, num(*it.Low)+spec.Unit, num(*it.High)+spec.Unit, text)
		parts = append(parts, it.Label+": "+text)
	}
	axis(s, lw, float64(padTop+rowH*len(spec.Data)+4), max, spec.Unit)
	s.WriteString("</svg>")
	tableEnd(t)
	return strings.Join(parts, "; ") + "."
}

func drawBars(s, t *strings.Builder, spec *Spec) string {
	var vals []float64
	for _, it := range spec.Data {
		vals = append(vals, *it.Value)
	}
	max := scaleMax(spec, vals)
	lw := labelWidth(spec)
	h := padTop + rowH*len(spec.Data) + 30
	fmt.Fprintf(s, "<svg class=\"chart-svg\" viewBox=\"0 0 %d %d\" \x00>\n", width, h)
	tableStart(t, "Category", "Value")
	var parts []string
	for i, it := range spec.Data {
		y := float64(padTop + rowH*i + rowH/2)
		text := it.Text
		if text == "" {
			text = num(*it.Value) + spec.Unit
		}
		fmt.Fprintf(s, "<text class=\"label\" x=\"%g\" y=\"%g\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>\n", lw-10, y, esc(it.Label))
		w := xOf(lw, *it.Value, max) - lw
		fmt.Fprintf(s, "<rect class=\"bar\" x=\"%g\" y=\"%g\" width=\"%g\" height=\"14\" rx=\"2\"/>\n", lw, y-7, math.Max(w, 1))
		fmt.Fprintf(s, "<text class=\"value\" x=\"%g\" y=\"%g\" dominant-baseline=\"middle\">%s</text>\n", lw+math.Max(w, 1)+6, y, esc(text))
		tableRow(t, it.Label, text)
		parts = append(parts, it.Label+": "+text)
	}
	axis(s, lw, float64(padTop+rowH*len(spec.Data)+4), max, spec.Unit)
	s.WriteString("</svg>")
	tableEnd(t)
	return strings.Join(parts, "; ") + "."
}

func drawTimeline(s, t *strings.Builder, spec *Spec) string {
	type ev struct {
		at float64
		it Item
	}
	var evs []ev
	for _, it := range spec.Data {
		at, _ := parseDate(it.Date)
		evs = append(evs, ev{at, it})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at < evs[j].at })
	first, last := math.Floor(evs[0].at/10)*10, math.Ceil(evs[len(evs)-1].at/10)*10
	if last == first {
		last = first + 10
	}
	lineX := 110.0
	h := padTop + 34*len(evs) + 10
	fmt.Fprintf(s, "<svg class=\"chart-svg\" viewBox=\"0 0 %d %d\" \x00>\n", width, h)
	fmt.Fprintf(s, "<line class=\"axis\" x1=\"%g\" y1=\"%d\" x2=\"%g\" y2=\"%d\"/>\n", lineX, padTop, lineX, h-10)
	tableStart(t, "Date", "Event")
	var parts []string
	for i, e := range evs {
		y := float64(padTop + 34*i + 17)
		fmt.Fprintf(s, "<circle class=\"point\" cx=\"%g\" cy=\"%g\" r=\"6\"/>\n", lineX, y)
		fmt.Fprintf(s, "<text class=\"date\" x=\"%g\" y=\"%g\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>\n", lineX-14, y, esc(e.it.Date))
		fmt.Fprintf(s, "<text class=\"label\" x=\"%g\" y=\"%g\" dominant-baseline=\"middle\">%s</text>\n", lineX+16, y, esc(e.it.Label))
		tableRow(t, e.it.Date, e.it.Label)
		parts = append(parts, e.it.Date+": "+e.it.Label)
	}
	_ = first
	s.WriteString("</svg>")
	tableEnd(t)
	return strings.Join(parts, "; ") + "."
}

func drawSchedule(s, t *strings.Builder, spec *Spec) string {
	_, lastWeek, _ := parseWeeks(spec.Data[len(spec.Data)-1].Weeks)
	maxPer := 0.0
	for _, it := range spec.Data {
		maxPer = math.Max(maxPer, *it.PerWeek)
	}
	x0, x1, top, bottom := 60.0, float64(width-20), 20.0, 170.0
	colW := (x1 - x0) / float64(lastWeek)
	fmt.Fprintf(s, "<svg class=\"chart-svg\" viewBox=\"0 0 %d 210\" \x00>\n", width)
	fmt.Fprintf(s, "<line class=\"axis\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n", x0, bottom, x1, bottom)
	fmt.Fprintf(s, "<text class=\"tick-label\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">week</text>\n", (x0+x1)/2, bottom+34)
	for p := 1.0; p <= math.Ceil(maxPer); p++ {
		y := bottom - (bottom-top)*p/math.Ceil(maxPer)
		fmt.Fprintf(s, "<line class=\"grid\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/><text class=\"tick-label\" x=\"%g\" y=\"%g\" text-anchor=\"end\" dominant-baseline=\"middle\">%s/wk</text>\n", x0, y, x1, y, x0-6, y, num(p))
	}
	tableStart(t, "Weeks", "Sessions per week", "Phase")
	var parts []string
	for _, it := range spec.Data {
		lo, hi, _ := parseWeeks(it.Weeks)
		for w := lo; w <= hi; w++ {
			bh := (bottom - top) * *it.PerWeek / math.Ceil(maxPer)
			fmt.Fprintf(s, "<rect class=\"bar\" x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\"/>\n", x0+colW*float64(w-1)+2, bottom-bh, colW-4, bh)
			fmt.Fprintf(s, "<text class=\"tick-label\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">%d</text>\n", x0+colW*(float64(w)-0.5), bottom+16, w)
		}
		per := num(*it.PerWeek)
		if *it.PerWeek == 0.5 {
			per = "0.5 (every two weeks)"
		}
		tableRow(t, it.Weeks, per, it.Label)
		parts = append(parts, "weeks "+it.Weeks+": "+per+" per week"+strings.TrimRight(" "+it.Label, " "))
	}
	s.WriteString("</svg>")
	tableEnd(t)
	return strings.Join(parts, "; ") + "."
}
