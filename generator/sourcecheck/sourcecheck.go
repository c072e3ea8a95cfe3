// Package sourcecheck compares the site's content with the review it
// presents, so that the content rule is checked by a machine, not only by
// an editor's eye.
//
// The rule: facts, figures and references carry over from the review; its
// sentences do not. PrintedReferences reads the review's numbered reference
// list; MatchBibliography checks references.json against it entry by entry;
// CopiedRuns finds runs of words that a page shares with the review;
// Numbers and MissingNumbers find figures on a page that the review never
// states; Citations lists the [@key] citations of a page.
package sourcecheck

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ketref/generator/cite"
)

// PrintedReference is one numbered entry of the review's reference list.
type PrintedReference struct {
	Number int
	Text   string
}

var refLine = regexp.MustCompile(`^(\d+)\.\s+(.*)$`)

// PrintedReferences returns the numbered entries after the review's
// "References" heading.
func PrintedReferences(review string) []PrintedReference {
	_, list, ok := strings.Cut(review, "\n## References")
	if !ok {
		return nil
	}
	var refs []PrintedReference
	for _, line := range strings.Split(list, "\n") {
		m := refLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			if len(refs) > 0 && strings.TrimSpace(line) != "" {
				refs[len(refs)-1].Text += " " + strings.TrimSpace(line) // wrapped entry
			}
			continue
		}
		n, _ := strconv.Atoi(m[1])
		refs = append(refs, PrintedReference{Number: n, Text: m[2]})
	}
	return refs
}

// Fold lowercases s, strips accents and Markdown escapes, and keeps letters
// and digits separated by single spaces, so that texts can be compared
// word by word.
func Fold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining accent
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// MatchBibliography checks that entry N of the bibliography is printed
// reference N: same first author, year and title, and the same number of
// entries. It returns one message per mismatch.
func MatchBibliography(b *cite.Bibliography, printed []PrintedReference) []string {
	var problems []string
	if len(b.Entries) != len(printed) {
		problems = append(problems, fmt.Sprintf("references.json has %d entries, the review lists %d", len(b.Entries), len(printed)))
	}
	for i, p := range printed {
		if p.Number != i+1 {
			problems = append(problems, fmt.Sprintf("printed reference %d is numbered %d", i+1, p.Number))
		}
		if i >= len(b.Entries) {
			break
		}
		e := b.Entries[i]
		text := " " + Fold(p.Text) + " "
		if len(e.Author) > 0 {
			a := e.Author[0]
			name := a.Family
			if name == "" && a.Literal != "" && e.URL == "" {
				name = a.Literal
			}
			if name != "" && !strings.Contains(text, " "+Fold(name)+" ") {
				problems = append(problems, fmt.Sprintf("entry %d (%s): first author %q is not in the printed reference %q", i+1, e.ID, name, p.Text))
			}
		}
		if y := e.Issued.Year(); y != 0 && !strings.Contains(text, fmt.Sprintf(" %d ", y)) && !strings.Contains(p.Text, fmt.Sprintf("/%d/", y)) {
			problems = append(problems, fmt.Sprintf("entry %d (%s): year %d is not in the printed reference", i+1, e.ID, y))
		}
		if e.URL != "" && !strings.Contains(strings.ReplaceAll(p.Text, `\`, ""), e.URL) {
			problems = append(problems, fmt.Sprintf("entry %d (%s): URL %s is not in the printed reference", i+1, e.ID, e.URL))
		}
		if e.URL == "" && !strings.Contains(text, " "+Fold(e.Title)+" ") {
			problems = append(problems, fmt.Sprintf("entry %d (%s): title %q is not in the printed reference %q", i+1, e.ID, e.Title, p.Text))
		}
	}
	return problems
}

// CopiedRuns returns the runs of n or more consecutive words that page
// shares with source, after folding, longest first; words in allowed runs
// (names of organisations, titles) are not counted.
func CopiedRuns(page, source string, n int, allowed []string) []string {
	src := strings.Fields(Fold(source))
	seen := make(map[string]bool, len(src))
	for i := 0; i+n <= len(src); i++ {
		seen[strings.Join(src[i:i+n], " ")] = true
	}
	folded := Fold(page)
	for _, a := range allowed {
		folded = strings.ReplaceAll(folded, Fold(a), " ")
	}
	words := strings.Fields(folded)
	var runs []string
	for i := 0; i+n <= len(words); {
		if !seen[strings.Join(words[i:i+n], " ")] {
			i++
			continue
		}
		j := i + n
		for j < len(words) && seen[strings.Join(words[j-n+1:j+1], " ")] {
			j++
		}
		runs = append(runs, strings.Join(words[i:j], " "))
		i = j
	}
	sort.SliceStable(runs, func(a, b int) bool { return len(runs[a]) > len(runs[b]) })
	return runs
}

var (
	citation   = regexp.MustCompile(`\[(-?@[^\[\]]+)\]`)
	citeKey    = regexp.MustCompile(`@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*[\p{L}\p{N}_])`)
	linkTarget = regexp.MustCompile(`\]\([^)]*\)|\{#[^}]*\}`)
	number     = regexp.MustCompile(`\d+(?:[.,]\d+)*`)
)

// Citations returns the keys cited in a Markdown text, in order.
func Citations(markdown string) []string {
	var keys []string
	for _, m := range citation.FindAllStringSubmatch(markdown, -1) {
		for _, k := range citeKey.FindAllStringSubmatch(m[1], -1) {
			keys = append(keys, k[1])
		}
	}
	return keys
}

// Numbers returns the figures in a Markdown text: every number outside
// citations, link targets and heading ids, and not part of a name such as
// CYP3A4 or P450.
func Numbers(markdown string) []string {
	text := citation.ReplaceAllString(markdown, " ")
	text = linkTarget.ReplaceAllString(text, "]")
	var out []string
	for _, loc := range number.FindAllStringIndex(text, -1) {
		if loc[0] > 0 {
			if r, _ := utf8.DecodeLastRuneInString(text[:loc[0]]); unicode.IsLetter(r) {
				continue
			}
		}
		out = append(out, text[loc[0]:loc[1]])
	}
	return out
}

// MissingNumbers returns the figures of page that never appear in source.
func MissingNumbers(page, source string) []string {
	have := map[string]bool{}
	for _, n := range number.FindAllString(source, -1) {
		have[n] = true
	}
	var missing []string
	done := map[string]bool{}
	for _, n := range Numbers(page) {
		if !have[n] && !done[n] {
			missing = append(missing, n)
			done[n] = true
		}
	}
	return missing
}
