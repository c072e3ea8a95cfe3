package figure

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// scheduleKind draws sessions per week over a course; weeks are a week
// ("9") or a span ("1-4"), in order and not overlapping:
//
//	kind: schedule
//	data:
//	  - {weeks: 1-4, perWeek: 2, label: Induction}
type scheduleKind struct{}

func (scheduleKind) check(spec *Spec, i int) string {
	it := spec.Data[i]
	if it.Weeks == "" || it.PerWeek == nil {
		return fmt.Sprintf("data item %d needs weeks and perWeek", i+1)
	}
	if _, _, err := parseWeeks(it.Weeks); err != nil {
		return fmt.Sprintf("data item %d: %v", i+1, err)
	}
	if *it.PerWeek <= 0 || *it.PerWeek > 14 {
		return fmt.Sprintf("data item %d: perWeek %v must be above 0 and at most 14", i+1, *it.PerWeek)
	}
	return ""
}

// checkAll refuses spans that overlap or go back in time.
func (scheduleKind) checkAll(spec *Spec) (item int, msg string) {
	for i := 1; i < len(spec.Data); i++ {
		a, _, _ := parseWeeks(spec.Data[i].Weeks)
		_, b, _ := parseWeeks(spec.Data[i-1].Weeks)
		if a <= b {
			return i, fmt.Sprintf("data item %d: weeks %s overlap or precede the previous item's", i+1, spec.Data[i].Weeks)
		}
	}
	return 0, ""
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

func (scheduleKind) draw(s *strings.Builder, t *dataTable, spec *Spec) string {
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
