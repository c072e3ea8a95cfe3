package release

import (
	"bytes"
	"encoding/json"
	"path"
	"slices"
	"strings"

	"ketref/generator/diag"
	"ketref/generator/snapshot"
)

// located is a decoded release with the offsets of the values that later
// checks (the chain of releases, the numbering) point at; -1 is absent.
type located struct {
	s                       *snapshot.Snapshot
	file                    string
	src                     []byte
	fast                    bool // read by decodeFast: the offsets are unknown
	lines                   *diag.Lines
	top, version, date      int
	previous                int
	refs                    []refPos
	claimCites, figureCites [][]int
	ruleSources             [][]int
}

type refPos struct{ at, number, key int }

// pos turns an offset into a line and column of the file.
func (l *located) pos(offset int) (line, col int) { return l.lines.Position(offset) }

// at is the line and column of the value that field picks; a release read
// by decodeFast, which keeps no offsets, is parsed again with them (this
// happens only to report a problem).
func (l *located) at(field func(*located) int) (line, col int) {
	if l.fast {
		var quiet diag.List
		if full := decodeLocated(l.file, l.src, &quiet); full != nil {
			return full.pos(field(full))
		}
	}
	return l.pos(field(l))
}

// Decode reads a release file named file (such as
// "content/releases/1.1.json"; its base name must be the version). It
// reports every problem to diags at file:line:col and returns nil when it
// reported any; otherwise the snapshot, with nil for each empty list.
func Decode(file string, src []byte, diags *diag.List) *snapshot.Snapshot {
	if l := decode(file, src, diags); l != nil {
		return l.s
	}
	return nil
}

func decode(file string, src []byte, diags *diag.List) *located {
	if l := decodeFast(file, src); l != nil {
		return l
	}
	return decodeLocated(file, src, diags)
}

// decodeFast reads a file exactly as Encode writes it, which is what the
// release command writes, with encoding/json and the same checks, keeping
// no offsets: the review's 1.0 in about a tenth of the time of the
// located parser, which goes over every token. It returns nil for
// anything else (an edited file, any problem), which decodeLocated then
// reads and reports at its positions.
func decodeFast(file string, src []byte) *located {
	var s snapshot.Snapshot
	if json.Unmarshal(src, &s) != nil || !bytes.Equal(Encode(&s), src) {
		return nil
	}
	l := &located{s: &s, file: file, src: src, fast: true, lines: diag.NewLines(src), previous: -1}
	if s.Previous != "" {
		l.previous = 0
	}
	l.refs = make([]refPos, len(s.References))
	for _, r := range s.References {
		if r.Number < 1 || blank(r.Key) || blank(r.Text) || r.Withdrawn != "" && blank(r.Withdrawn) {
			return nil
		}
	}
	for _, c := range s.Claims {
		if blank(c.Page) || blank(c.Text) || c.Kind != snapshot.Sentence && c.Kind != snapshot.Row || slices.ContainsFunc(c.Cites, blank) || slices.ContainsFunc(c.Numbers, blank) {
			return nil
		}
		l.claimCites = append(l.claimCites, make([]int, len(c.Cites)))
	}
	for _, d := range s.Figures {
		if blank(d.Page) || blank(d.Figure) || blank(d.Label) || blank(d.Value) || slices.ContainsFunc(d.Cites, blank) {
			return nil
		}
		l.figureCites = append(l.figureCites, make([]int, len(d.Cites)))
	}
	for _, r := range s.Rules {
		if blank(r.Calculator) || blank(r.Group) || blank(r.Label) || blank(r.Value) || slices.ContainsFunc(r.Sources, blank) {
			return nil
		}
		l.ruleSources = append(l.ruleSources, make([]int, len(r.Sources)))
	}
	if blank(s.Version) || blank(s.Date) || blank(s.Note) && bytes.Contains(src, []byte(`"note"`)) {
		return nil
	}
	// As the located parser returns them: nil for an empty list.
	s.References = nilIfEmpty(s.References)
	s.Claims = nilIfEmpty(s.Claims)
	s.Figures = nilIfEmpty(s.Figures)
	s.Rules = nilIfEmpty(s.Rules)
	for i := range s.Claims {
		s.Claims[i].Cites, s.Claims[i].Numbers = nilIfEmpty(s.Claims[i].Cites), nilIfEmpty(s.Claims[i].Numbers)
	}
	for i := range s.Figures {
		s.Figures[i].Cites = nilIfEmpty(s.Figures[i].Cites)
	}
	for i := range s.Rules {
		s.Rules[i].Sources = nilIfEmpty(s.Rules[i].Sources)
	}
	var scratch diag.List
	p := &parser{file: file, src: src, lines: l.lines, diags: &scratch}
	p.check(l)
	if p.errs > 0 {
		return nil
	}
	return l
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// blank is a string the located parser reports as empty.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// decodeLocated reads a release file token by token, reporting every
// problem at its position.
func decodeLocated(file string, src []byte, diags *diag.List) *located {
	p := newParser(file, src, diags)
	if p.conflict() || p.syntaxError() {
		return nil
	}
	s := &snapshot.Snapshot{}
	l := &located{s: s, file: file, src: src, lines: p.lines, version: -1, date: -1, previous: -1}
	tok, at := p.next()
	l.top = at
	const top = "release file"
	p.object(tok, at, top, []field{
		{"version", true, p.str(&s.Version, &l.version, "version", top, true)},
		{"date", true, p.str(&s.Date, &l.date, "date", top, true)},
		{"note", false, p.str(&s.Note, nil, "note", top, false)},
		{"previous", false, p.str(&s.Previous, &l.previous, "previous", top, false)},
		{"references", true, func(tok json.Token, at int) {
			p.array(tok, at, `"references"`, func(tok json.Token, at int) { p.reference(s, l, tok, at) })
		}},
		{"claims", true, func(tok json.Token, at int) {
			p.array(tok, at, `"claims"`, func(tok json.Token, at int) { p.claim(s, l, tok, at) })
		}},
		{"figures", true, func(tok json.Token, at int) {
			p.array(tok, at, `"figures"`, func(tok json.Token, at int) { p.datum(s, l, tok, at) })
		}},
		{"rules", true, func(tok json.Token, at int) {
			p.array(tok, at, `"rules"`, func(tok json.Token, at int) { p.rule(s, l, tok, at) })
		}},
	})
	p.check(l)
	if p.errs > 0 {
		return nil
	}
	return l
}

// conflictMarkers begin the lines git writes around the two sides of a
// conflict.
var conflictMarkers = []string{"<<<<<<<", "=======", ">>>>>>>"}

// conflict reports git merge conflict markers, which only arise when the
// same release was cut on two branches: JSON cannot tell what happened.
func (p *parser) conflict() bool {
	for at := 0; at < len(p.src); {
		end := bytes.IndexByte(p.src[at:], '\n')
		if end < 0 {
			end = len(p.src) - at
		}
		line := string(p.src[at : at+end])
		for _, m := range conflictMarkers {
			if strings.HasPrefix(line, m) {
				version := strings.TrimSuffix(path.Base(p.file), ".json")
				p.errorf(at, "this release file holds a git merge conflict: two releases named %s were cut on separate branches; keep one side (git checkout --ours/--theirs %s), then cut the other branch's changes as a new release with `go run ./generator release -version ...`", version, p.file)
				return true
			}
		}
		at += end + 1
	}
	return false
}

func (p *parser) reference(s *snapshot.Snapshot, l *located, tok json.Token, at int) {
	const what = "reference"
	var r snapshot.Reference
	rp := refPos{at: at, number: at, key: at}
	if p.object(tok, at, what, []field{
		{"number", true, p.number(&r.Number, &rp.number, "number", what)},
		{"key", true, p.str(&r.Key, &rp.key, "key", what, true)},
		{"text", true, p.str(&r.Text, nil, "text", what, true)},
		{"withdrawn", false, p.str(&r.Withdrawn, nil, "withdrawn", what, true)},
	}) {
		s.References = append(s.References, r)
		l.refs = append(l.refs, rp)
	}
}

func (p *parser) claim(s *snapshot.Snapshot, l *located, tok json.Token, at int) {
	const what = "claim"
	var c snapshot.Claim
	var cites, numbers []int
	kindAt := at
	if p.object(tok, at, what, []field{
		{"page", true, p.str(&c.Page, nil, "page", what, true)},
		{"section", false, p.str(&c.Section, nil, "section", what, false)},
		{"kind", true, p.str(&c.Kind, &kindAt, "kind", what, true)},
		{"text", true, p.str(&c.Text, nil, "text", what, true)},
		{"cites", false, p.strs(&c.Cites, &cites, "cites", what)},
		{"numbers", false, p.strs(&c.Numbers, &numbers, "numbers", what)},
	}) {
		if c.Kind != "" && c.Kind != snapshot.Sentence && c.Kind != snapshot.Row {
			p.errorf(kindAt, "claim kind %q is neither %q nor %q; use one of them", c.Kind, snapshot.Sentence, snapshot.Row)
		}
		s.Claims = append(s.Claims, c)
		l.claimCites = append(l.claimCites, cites)
	}
}

func (p *parser) datum(s *snapshot.Snapshot, l *located, tok json.Token, at int) {
	const what = "figure datum"
	var d snapshot.Datum
	var cites []int
	if p.object(tok, at, what, []field{
		{"page", true, p.str(&d.Page, nil, "page", what, true)},
		{"figure", true, p.str(&d.Figure, nil, "figure", what, true)},
		{"label", true, p.str(&d.Label, nil, "label", what, true)},
		{"value", true, p.str(&d.Value, nil, "value", what, true)},
		{"cites", false, p.strs(&d.Cites, &cites, "cites", what)},
	}) {
		s.Figures = append(s.Figures, d)
		l.figureCites = append(l.figureCites, cites)
	}
}

func (p *parser) rule(s *snapshot.Snapshot, l *located, tok json.Token, at int) {
	const what = "calculator rule"
	var r snapshot.Rule
	var sources []int
	if p.object(tok, at, what, []field{
		{"calculator", true, p.str(&r.Calculator, nil, "calculator", what, true)},
		{"group", true, p.str(&r.Group, nil, "group", what, true)},
		{"label", true, p.str(&r.Label, nil, "label", what, true)},
		{"value", true, p.str(&r.Value, nil, "value", what, true)},
		{"sources", false, p.strs(&r.Sources, &sources, "sources", what)},
	}) {
		s.Rules = append(s.Rules, r)
		l.ruleSources = append(l.ruleSources, sources)
	}
}

// reviewSource begins a rule's source that is the review itself.
const reviewSource = "review:"

// check reports what is wrong with the values of a release that parsed:
// its version and date, its references' numbers and keys, and citations
// of keys it does not list.
func (p *parser) check(l *located) {
	s := l.s
	name := strings.TrimSuffix(path.Base(p.file), ".json")
	if l.version >= 0 && s.Version != "" {
		if err := checkVersion(s.Version); err != nil {
			p.errorf(l.version, "%v", err)
		} else if s.Version != name {
			p.errorf(l.version, "version %q is not the file's name %s.json: the file of release %s is %s.json; rename the file or correct the version", s.Version, name, s.Version, s.Version)
		}
	}
	if l.previous >= 0 && s.Previous != "" {
		if err := checkVersion(s.Previous); err != nil {
			p.errorf(l.previous, "previous release: %v", err)
		}
	}
	if l.date >= 0 && s.Date != "" {
		if err := checkDate(s.Date); err != nil {
			p.errorf(l.date, "%v", err)
		}
	}
	numbers := make(map[int]string)
	keys := make(map[string]bool)
	for i, r := range s.References {
		if r.Number > 0 {
			if other, dup := numbers[r.Number]; dup {
				p.errorf(l.refs[i].number, "reference number %d is given twice (to %s and %s); each reference has its own number: give %s the next unused one", r.Number, other, r.Key, r.Key)
			} else {
				numbers[r.Number] = r.Key
			}
		}
		if r.Key != "" {
			if keys[r.Key] {
				p.errorf(l.refs[i].key, "reference key %q is given twice; keep one entry", r.Key)
			}
			keys[r.Key] = true
		}
	}
	checkCites := func(cites []string, pos []int, what string) {
		for j, k := range cites {
			if k != "" && !keys[k] {
				p.errorf(pos[j], "this %s cites %q, which is not among the release's references; add the reference or correct the key", what, k)
			}
		}
	}
	for i, c := range s.Claims {
		checkCites(c.Cites, l.claimCites[i], "claim")
	}
	for i, d := range s.Figures {
		checkCites(d.Cites, l.figureCites[i], "figure datum")
	}
	for i, r := range s.Rules {
		for j, k := range r.Sources {
			if k != "" && !strings.HasPrefix(k, reviewSource) && !keys[k] {
				p.errorf(l.ruleSources[i][j], "this calculator rule cites %q, which is not among the release's references; add the reference, correct the key, or write %q for a fact of the review itself", k, "review: <section>")
			}
		}
	}
}
