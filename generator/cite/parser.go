package cite

import (
	"strings"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// citationParser reads Pandoc citation groups: `[@key]`, `[@a; @b]`,
// `[@key, p. 4]`, `[see @key]`. A bracket that is followed by `(` or `[`
// is a link, not a citation; a `@` that follows a letter or digit (an
// e-mail address) or a backslash does not start a key. A group must fit on
// one line.
type citationParser struct{}

var _ parser.InlineParser = (*citationParser)(nil)

func (p *citationParser) Trigger() []byte { return []byte{'['} }

func (p *citationParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, segment := block.PeekLine()
	if len(line) < 3 || line[0] != '[' {
		return nil
	}
	end := -1
	for i := 1; i < len(line); i++ {
		c := line[i]
		if c == '\\' {
			i++
			continue
		}
		if c == '[' {
			return nil // nested brackets: a link label, not a citation
		}
		if c == ']' {
			end = i
			break
		}
	}
	if end < 0 {
		return nil
	}
	if end+1 < len(line) && (line[end+1] == '(' || line[end+1] == '[') {
		return nil
	}
	items, ok := ParseGroup(string(line[1:end]))
	if !ok {
		return nil
	}
	n := &Citation{Items: items}
	n.SetPos(segment.Start)
	block.Advance(end + 1)
	return n
}

// ParseGroup parses the inside of a citation bracket. It returns false when
// the text is not a citation group (no key, or an item without exactly one
// key).
func ParseGroup(s string) ([]Item, bool) {
	var items []Item
	for _, part := range strings.Split(s, ";") {
		it, ok := parseItem(part)
		if !ok {
			return nil, false
		}
		items = append(items, it)
	}
	return items, len(items) > 0
}

func parseItem(s string) (Item, bool) {
	at := -1
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		if i > 0 {
			prev := s[i-1]
			if prev == '\\' || isKeyChar(prev) && prev != '-' {
				continue // an escaped @ or an e-mail address
			}
		}
		if at >= 0 {
			return Item{}, false // two keys in one item: use ";"
		}
		at = i
	}
	if at < 0 {
		return Item{}, false
	}
	keyEnd := at + 1
	for keyEnd < len(s) && isKeyChar(s[keyEnd]) {
		keyEnd++
	}
	// Internal punctuation may not end a key: "@smith2020." cites smith2020.
	for keyEnd > at+1 && strings.IndexByte(":.#$%&-+?<>~/", s[keyEnd-1]) >= 0 {
		keyEnd--
	}
	key := s[at+1 : keyEnd]
	if key == "" || !isKeyStart(key[0]) {
		return Item{}, false
	}
	prefix := strings.TrimSpace(strings.TrimSuffix(s[:at], "-"))
	// As in Pandoc, what follows the key is a locator or suffix, with or
	// without a comma ("@doe99, p. 33", "@doe99 p. 33"); punctuation alone
	// is dropped.
	locator := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s[keyEnd:]), ","))
	if strings.Trim(locator, ".,:;!?") == "" {
		locator = ""
	}
	if strings.Contains(prefix, "@") || strings.Contains(locator, "@") {
		return Item{}, false
	}
	return Item{Prefix: prefix, Key: key, Locator: locator}, true
}

func isKeyStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

func isKeyChar(c byte) bool {
	return isKeyStart(c) || strings.IndexByte(":.#$%&-+?<>~/", c) >= 0
}
