package figure

import (
	"fmt"
	"math"
	"strings"
)

// barsKind draws horizontal bars of one value per label:
//
//	kind: bars
//	data:
//	  - {label: Dissociation, value: 25, text: "15% to 25%"}
type barsKind struct{}

func (barsKind) check(spec *Spec, i int) string {
	it := spec.Data[i]
	if it.Label == "" || it.Value == nil {
		return fmt.Sprintf("data item %d needs label and value", i+1)
	}
	return checkScale(spec, i+1, *it.Value, *it.Value)
}

func (barsKind) scaled(it Item) (drawn []keyed, scale float64) {
	return []keyed{{"value", *it.Value}}, *it.Value
}

func (barsKind) draw(s *strings.Builder, t *dataTable, spec *Spec) string {
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
