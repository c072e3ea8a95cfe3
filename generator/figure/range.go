package figure

import (
	"fmt"
	"strings"
)

// rangeKind draws low–high bars per label, with an optional point marker:
//
//	kind: range
//	data:
//	  - {label: Intranasal, low: 8, high: 45, point: 30}
type rangeKind struct{}

func (rangeKind) check(spec *Spec, i int) string {
	it := spec.Data[i]
	if it.Label == "" || it.Low == nil || it.High == nil {
		return fmt.Sprintf("data item %d needs label, low and high", i+1)
	}
	if *it.Low > *it.High {
		return fmt.Sprintf("data item %d (%s): low %v is above high %v", i+1, it.Label, *it.Low, *it.High)
	}
	if it.Point != nil && (*it.Point < *it.Low || *it.Point > *it.High) {
		return fmt.Sprintf("data item %d (%s): point %v is outside %v–%v", i+1, it.Label, *it.Point, *it.Low, *it.High)
	}
	return checkScale(spec, i+1, *it.Low, *it.High)
}

func (rangeKind) scaled(it Item) (drawn []keyed, scale float64) {
	drawn = []keyed{{"low", *it.Low}, {"high", *it.High}}
	if it.Point != nil {
		drawn = append(drawn, keyed{"point", *it.Point})
	}
	return drawn, *it.High
}

func (rangeKind) draw(s *strings.Builder, t *dataTable, spec *Spec) string {
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
