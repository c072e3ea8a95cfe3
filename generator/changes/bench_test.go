package changes

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"ketref/generator/snapshot"
)

// largeSnapshot is review-sized: 1,000 claims over 10 pages of 10
// sections, 88 references, 40 figure data and 30 rules.
func largeSnapshot() *snapshot.Snapshot {
	rng := rand.New(rand.NewPCG(1, 2))
	vocabulary := strings.Fields("ketamine esketamine infusion dose response remission relapse patients trial placebo " +
		"depression suicidal ideation hours days weeks blood pressure dissociation rapid sustained effect antidepressant " +
		"randomized controlled single repeated intravenous intranasal oral adjunctive monitoring observed reduced increased")
	s := &snapshot.Snapshot{Version: "1.0", Date: "2026-01-15"}
	for n := 1; n <= 88; n++ {
		s.References = append(s.References, snapshot.Reference{Number: n, Key: "ref" + strconv.Itoa(n),
			Text: fmt.Sprintf("Author%d A, Author B, et al. Title of study %d on ketamine. J Psychiatry %d; %d: %d-%d.", n, n, 1990+n%30, n, n*10, n*10+9)})
	}
	for i := range 1000 {
		words := make([]string, 12+rng.IntN(14))
		for w := range words {
			words[w] = vocabulary[rng.IntN(len(vocabulary))]
		}
		kind := snapshot.Sentence
		if i%7 == 0 {
			kind = snapshot.Row
		}
		s.Claims = append(s.Claims, snapshot.Claim{Page: "/page" + strconv.Itoa(i/100) + "/",
			Section: "section" + strconv.Itoa(i/10), Kind: kind, Text: strings.Join(words, " ") + ".",
			Cites: []string{"ref" + strconv.Itoa(1+rng.IntN(88))}})
	}
	for i := range 40 {
		s.Figures = append(s.Figures, snapshot.Datum{Page: "/page" + strconv.Itoa(i%10) + "/", Figure: "fig" + strconv.Itoa(i/10),
			Label: "label" + strconv.Itoa(i), Value: strconv.Itoa(i) + "%", Cites: []string{"ref1"}})
	}
	for i := range 30 {
		s.Rules = append(s.Rules, snapshot.Rule{Calculator: "dosing", Group: "group" + strconv.Itoa(i/10),
			Label: "rule" + strconv.Itoa(i), Value: strconv.Itoa(i) + " mg", Sources: []string{"ref2"}})
	}
	return s
}

// twentyEdits rewords 8 claims, removes 3, adds 3, recites 2, renumbers 2
// references and changes 2 figure data.
func twentyEdits(s *snapshot.Snapshot) {
	for i := range 8 {
		c := &s.Claims[i*120+5]
		c.Text = "notably " + strings.Replace(c.Text, " ", " clearly ", 1)
	}
	for i := range 3 {
		s.Claims = append(s.Claims[:i*300+50], s.Claims[i*300+51:]...)
	}
	for i := range 3 {
		added := s.Claims[i*300+70]
		added.Text = "A new sentence about something else entirely, number " + strconv.Itoa(i) + "."
		s.Claims = append(s.Claims[:i*300+71], append([]snapshot.Claim{added}, s.Claims[i*300+71:]...)...)
	}
	s.Claims[400].Cites = []string{"ref1", "ref2"}
	s.Claims[800].Cites = nil
	s.References[10].Number, s.References[20].Number = 89, 90
	s.Figures[3].Value, s.Figures[30].Value = "99%", "1%"
}

func TestLargeSnapshotEdits(t *testing.T) {
	old := largeSnapshot()
	new := edited(old, twentyEdits)
	counts := map[string]int{}
	for _, c := range Compare(old, new) {
		counts[string(c.Subject)+" "+string(c.Kind)]++
		checkChange(t, c)
	}
	want := map[string]int{"claim changed": 10, "claim removed": 3, "claim added": 3,
		"reference renumbered": 2, "figure changed": 2}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", counts, want)
	}
}

func BenchmarkCompare(b *testing.B) {
	old := largeSnapshot()
	new := edited(old, twentyEdits)
	for b.Loop() {
		Compare(old, new)
	}
}

// BenchmarkCompareRewrittenPage is the costly case: every one of a page's
// 100 claims reworded, so that every old claim is compared with every new
// one, alone and in groups.
func BenchmarkCompareRewrittenPage(b *testing.B) {
	old := largeSnapshot()
	new := edited(old, func(s *snapshot.Snapshot) {
		for i := 200; i < 300; i++ {
			s.Claims[i].Text = "indeed " + strings.Replace(s.Claims[i].Text, " ", " also ", 2)
		}
	})
	for b.Loop() {
		Compare(old, new)
	}
}
