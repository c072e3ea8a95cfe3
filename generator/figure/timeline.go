package figure

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// timelineKind draws dated events on a line; a date is a year (1962), a
// month (2019-03) or a decade (1990s):
//
//	kind: timeline
//	data:
//	  - {date: 1962, label: Ketamine first synthesized}
type timelineKind struct{}

func (timelineKind) check(spec *Spec, i int) string {
	it := spec.Data[i]
	if it.Label == "" || it.Date == "" {
		return fmt.Sprintf("data item %d needs date and label", i+1)
	}
	if _, err := parseDate(it.Date); err != nil {
		return fmt.Sprintf("data item %d: %v", i+1, err)
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

func (timelineKind) draw(s *strings.Builder, t *dataTable, spec *Spec) string {
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
