package changes

import (
	"sort"
	"strconv"
	"strings"

	"ketref/generator/snapshot"
)

// compareClaims applies rules 1-3 page by page and orders the result by
// rule 6.
func compareClaims(old, new []snapshot.Claim) []Change {
	oldByPage, newByPage := byPage(old), byPage(new)
	var pages []string
	seen := map[string]bool{}
	for _, claims := range [][]snapshot.Claim{new, old} {
		for _, c := range claims {
			if !seen[c.Page] {
				seen[c.Page] = true
				pages = append(pages, c.Page)
			}
		}
	}
	vocab := vocabulary{}
	var out []Change
	for _, page := range pages {
		out = append(out, comparePage(vocab, oldByPage[page], newByPage[page])...)
	}
	return out
}

// byPage groups claims by page, keeping their order. A page whose claims
// stand together, as extraction writes them, is a subslice, not a copy.
func byPage(claims []snapshot.Claim) map[string][]snapshot.Claim {
	first, last, count := map[string]int{}, map[string]int{}, map[string]int{}
	for i, c := range claims {
		if _, ok := first[c.Page]; !ok {
			first[c.Page] = i
		}
		last[c.Page] = i
		count[c.Page]++
	}
	out := make(map[string][]snapshot.Claim, len(first))
	for page, f := range first {
		if last[page]-f+1 == count[page] {
			out[page] = claims[f : last[page]+1 : last[page]+1]
		}
	}
	for _, c := range claims {
		if last[c.Page]-first[c.Page]+1 != count[c.Page] {
			out[c.Page] = append(out[c.Page], c)
		}
	}
	return out
}

// claimMatch joins old claims to new claims of one page: one to one, one
// to several (a split) or several to one (a merge), by position in the
// page's claim lists.
type claimMatch struct {
	olds, news  []int
	score       float64
	sameSection bool
}

// pageMatcher holds the claims of one page while they are matched.
type pageMatcher struct {
	vocab      vocabulary
	old, new   []snapshot.Claim
	oldTokens  []claimWords
	newTokens  []claimWords
	oldUsed    []bool
	newUsed    []bool
	candidates []claimMatch
}

func comparePage(vocab vocabulary, old, new []snapshot.Claim) []Change {
	m := &pageMatcher{vocab: vocab, old: old, new: new,
		oldUsed: make([]bool, len(old)), newUsed: make([]bool, len(new))}
	// newOfOld is the position in new of what each old claim became (the
	// last claim of a split), -1 while it has become nothing.
	newOfOld := make([]int, len(old))
	for i := range newOfOld {
		newOfOld[i] = -1
	}
	m.matchIdentical(newOfOld)
	var placed []placedChange
	for _, match := range m.matchSimilar() {
		for _, o := range match.olds {
			newOfOld[o] = match.news[len(match.news)-1]
		}
		placed = append(placed, placedChange{anchor: match.news[0], change: m.changed(match)})
	}
	for n, used := range m.newUsed {
		if !used {
			c := new[n]
			placed = append(placed, placedChange{anchor: n, change: Change{Subject: Claim, Kind: Added,
				Page: c.Page, Section: c.Section, Label: c.Kind, New: c.Text, NewCites: c.Cites}})
		}
	}
	anchor := -1
	for o, used := range m.oldUsed {
		if used {
			anchor = newOfOld[o]
			continue
		}
		c := old[o]
		placed = append(placed, placedChange{anchor: anchor, after: true, seq: o, change: Change{Subject: Claim,
			Kind: Removed, Page: c.Page, Section: c.Section, Label: c.Kind, Old: c.Text, OldCites: c.Cites}})
	}
	return sortPlaced(placed)
}

// matchIdentical applies rule 1, setting newOfOld of the matched claims.
// The identical start of the page pairs in place; the rest pairs by
// identity, first within a section, then across sections.
func (m *pageMatcher) matchIdentical(newOfOld []int) {
	start := 0
	for start < len(m.old) && start < len(m.new) && sameClaim(m.old[start], m.new[start]) {
		newOfOld[start] = start
		m.oldUsed[start], m.newUsed[start] = true, true
		start++
	}
	if start == len(m.old) || start == len(m.new) {
		return
	}
	for _, withSection := range []bool{true, false} {
		queues := map[claimIdentity][]int{}
		for o := start; o < len(m.old); o++ {
			if !m.oldUsed[o] {
				k := identityOf(m.old[o], withSection)
				queues[k] = append(queues[k], o)
			}
		}
		for n := start; n < len(m.new); n++ {
			if m.newUsed[n] {
				continue
			}
			k := identityOf(m.new[n], withSection)
			if q := queues[k]; len(q) > 0 {
				newOfOld[q[0]] = n
				m.oldUsed[q[0]], m.newUsed[n] = true, true
				queues[k] = q[1:]
			}
		}
	}
}

// sameClaim reports whether a and b are identical, section included.
func sameClaim(a, b snapshot.Claim) bool {
	return a.Kind == b.Kind && a.Text == b.Text && a.Section == b.Section && equalStrings(a.Cites, b.Cites)
}

// claimIdentity is what rule 1 compares of a claim: Kind, Text and Cites,
// and the section when a claim is first sought in its own section.
type claimIdentity struct{ kind, text, cites, section string }

func identityOf(c snapshot.Claim, withSection bool) claimIdentity {
	k := claimIdentity{kind: c.Kind, text: c.Text}
	switch len(c.Cites) {
	case 0:
	case 1:
		k.cites = c.Cites[0]
	default:
		k.cites = strings.Join(c.Cites, "\x00")
	}
	if withSection {
		k.section = c.Section
	}
	return k
}

// matchSimilar applies rule 2: it gathers the candidate pairs, splits and
// merges among the unmatched claims and takes them greedily, best first.
func (m *pageMatcher) matchSimilar() []claimMatch {
	m.oldTokens = m.tokenize(m.old, m.oldUsed)
	m.newTokens = m.tokenize(m.new, m.newUsed)
	for o := range m.old {
		if m.oldUsed[o] {
			continue
		}
		for n := range m.new {
			if m.newUsed[n] || m.old[o].Kind != m.new[n].Kind {
				continue
			}
			if m.old[o].Text == m.new[n].Text {
				m.consider([]int{o}, []int{n}, 1)
			} else {
				m.consider([]int{o}, []int{n}, m.oldTokens[o].similarity(pairSimilarity, m.newTokens[n]))
			}
		}
	}
	m.considerGroups(false)
	m.considerGroups(true)
	sort.SliceStable(m.candidates, func(i, j int) bool { return m.candidates[i].better(m.candidates[j]) })
	var taken []claimMatch
	for _, c := range m.candidates {
		if m.free(c) {
			for _, o := range c.olds {
				m.oldUsed[o] = true
			}
			for _, n := range c.news {
				m.newUsed[n] = true
			}
			taken = append(taken, c)
		}
	}
	return taken
}

func (m *pageMatcher) tokenize(claims []snapshot.Claim, used []bool) []claimWords {
	tokens := make([]claimWords, len(claims))
	for i, c := range claims {
		if !used[i] {
			tokens[i] = newClaimWords(m.vocab.tokens(c.Text))
		}
	}
	return tokens
}

// considerGroups adds the candidate splits (one old claim, 2 or 3
// consecutive new ones) or, reversed, merges.
func (m *pageMatcher) considerGroups(merges bool) {
	single, many := m.old, m.new
	singleUsed, manyUsed := m.oldUsed, m.newUsed
	singleTokens, manyTokens := m.oldTokens, m.newTokens
	if merges {
		single, many, singleUsed, manyUsed = many, single, manyUsed, singleUsed
		singleTokens, manyTokens = manyTokens, singleTokens
	}
	for s := range single {
		if singleUsed[s] {
			continue
		}
		for start := range many {
			var group []claimWords
			for end := start; end < len(many) && end < start+3; end++ {
				if manyUsed[end] || many[end].Kind != single[s].Kind || many[end].Section != many[start].Section {
					break
				}
				group = append(group, manyTokens[end])
				if end == start {
					continue
				}
				positions := make([]int, 0, 3)
				for i := start; i <= end; i++ {
					positions = append(positions, i)
				}
				score := singleTokens[s].similarity(groupSimilarity, group...)
				if merges {
					m.consider(positions, []int{s}, score)
				} else {
					m.consider([]int{s}, positions, score)
				}
			}
		}
	}
}

func (m *pageMatcher) consider(olds, news []int, score float64) {
	threshold := pairSimilarity
	if len(olds) > 1 || len(news) > 1 {
		threshold = groupSimilarity
	}
	if score < threshold {
		return
	}
	m.candidates = append(m.candidates, claimMatch{olds: olds, news: news, score: score,
		sameSection: m.old[olds[0]].Section == m.new[news[0]].Section})
}

func (m *pageMatcher) free(c claimMatch) bool {
	for _, o := range c.olds {
		if m.oldUsed[o] {
			return false
		}
	}
	for _, n := range c.news {
		if m.newUsed[n] {
			return false
		}
	}
	return true
}

// better orders candidates: higher similarity, then same section, then
// fewer claims, then nearer positions, then earlier positions.
func (a claimMatch) better(b claimMatch) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.sameSection != b.sameSection {
		return a.sameSection
	}
	if sa, sb := len(a.olds)+len(a.news), len(b.olds)+len(b.news); sa != sb {
		return sa < sb
	}
	if da, db := distance(a), distance(b); da != db {
		return da < db
	}
	if a.olds[0] != b.olds[0] {
		return a.olds[0] < b.olds[0]
	}
	return a.news[0] < b.news[0]
}

func distance(c claimMatch) int {
	d := c.olds[0] - c.news[0]
	if d < 0 {
		return -d
	}
	return d
}

// changed builds the entry of a matched pair, split or merge.
func (m *pageMatcher) changed(match claimMatch) Change {
	old, new := joinClaims(m.old, match.olds), joinClaims(m.new, match.news)
	c := Change{Subject: Claim, Kind: Changed, Page: new.Page, Section: new.Section, Label: new.Kind,
		Old: old.Text, New: new.Text, Words: Words(old.Text, new.Text)}
	citesDiffer := !equalStrings(old.Cites, new.Cites)
	if citesDiffer {
		c.OldCites, c.NewCites = old.Cites, new.Cites
	}
	var shape string
	switch {
	case len(match.news) > 1:
		shape = "split into " + strconv.Itoa(len(match.news)) + " " + plural(new.Kind)
	case len(match.olds) > 1:
		shape = "merged from " + strconv.Itoa(len(match.olds)) + " " + plural(new.Kind)
	case old.Text == new.Text:
		c.Note = "citations only"
		return c
	}
	cites := ""
	if citesDiffer {
		cites = citesNote(old.Cites, new.Cites)
	}
	c.Note = joinNotes(shape, numbersNote(old.Numbers, new.Numbers), cites)
	return c
}

// joinClaims returns the claims at the positions as one: texts joined by a
// space, citations in order without repeats, numbers in order.
func joinClaims(claims []snapshot.Claim, positions []int) snapshot.Claim {
	if len(positions) == 1 {
		return claims[positions[0]]
	}
	joined := claims[positions[0]]
	texts := make([]string, len(positions))
	var cites, numbers []string
	seen := map[string]bool{}
	for i, p := range positions {
		texts[i] = claims[p].Text
		for _, k := range claims[p].Cites {
			if !seen[k] {
				seen[k] = true
				cites = append(cites, k)
			}
		}
		numbers = append(numbers, claims[p].Numbers...)
	}
	joined.Text, joined.Cites, joined.Numbers = strings.Join(texts, " "), cites, numbers
	return joined
}

func plural(kind string) string {
	if kind == snapshot.Row {
		return "rows"
	}
	return "sentences"
}
