package markdown

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// goLexer tokenises Go exactly as chroma's own Go lexer does (the same
// tokens, in the same pieces), without its backtracking regular
// expressions: chroma's lexer highlights about 0.75 MB of Go a second, and
// the page showing the calculators' source spent 45 ms of a 90-110 ms
// build in it.
// The rules below are chroma v2's lexers/go.go, in order, each matched the
// way its regular expression matches (.NET semantics: \s, \w, \d and \b
// are Unicode-aware). TestGoLexerMatchesChroma and FuzzGoLexer compare the
// two token for token. Text that is not valid UTF-8 goes to chroma, which
// replaces bad bytes in its own way.
type goLexer struct{ chroma.Lexer }

func newGoLexer() chroma.Lexer { return goLexer{lexers.Go} }

func (g goLexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if !utf8.ValidString(text) {
		return g.Lexer.Tokenise(options, text)
	}
	if options == nil || options.EnsureLF {
		text = toLF(text)
	}
	toks, err := lexGo(text)
	if err != nil {
		return nil, err
	}
	return chroma.Literator(toks...), nil
}

// toLF turns CRLF and lone CR into LF, as chroma's EnsureLF does.
func toLF(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// The rules whose matching depends on backtracking are run by Go's regexp,
// whose leftmost-first matches are the ones a backtracking engine finds;
// \d is spelled \p{Nd}, the class .NET gives it.
var (
	goImaginary    = regexp.MustCompile(`^(?:\p{Nd}+i|\p{Nd}+\.\p{Nd}*(?:[Ee][-+]\p{Nd}+)?i|\.\p{Nd}+(?:[Ee][-+]\p{Nd}+)?i|\p{Nd}+[Ee][-+]\p{Nd}+i)`)
	goFloat        = regexp.MustCompile(`^(?:\p{Nd}+(?:\.\p{Nd}+[eE][+\-]?\p{Nd}+|\.\p{Nd}*|[eE][+\-]?\p{Nd}+)|\.\p{Nd}+(?:[eE][+\-]?\p{Nd}+)?)`)
	goCharLiteral  = regexp.MustCompile(`^'(?:\\['"\\abfnrtv]|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|[^\\])'`)
	goStringLit    = regexp.MustCompile(`^"(?:\\\\|\\"|[^"])*"`)
	goNumberPrefix = regexp.MustCompile(`^(?:0[0-7]+|0[xX][0-9a-fA-F_]+|0b[01_]+|0|[1-9][0-9_]*)`)
)

// goWords are the words of chroma's keyword rules, in the order it tries
// them: a word in two lists takes the first rule's type.
var goWords = func() map[string]chroma.TokenType {
	m := map[string]chroma.TokenType{}
	for _, rule := range []struct {
		words string
		typ   chroma.TokenType
	}{
		{"import package", chroma.KeywordNamespace},
		{"var func struct map chan type interface const", chroma.KeywordDeclaration},
		{"break default select case defer go else goto switch fallthrough if range continue for return", chroma.Keyword},
		{"true false iota nil", chroma.KeywordConstant},
	} {
		for _, w := range strings.Fields(rule.words) {
			if _, ok := m[w]; !ok {
				m[w] = rule.typ
			}
		}
	}
	return m
}()

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var (
	// goBuiltinCall: a builtin or conversion called at once, "len(".
	goBuiltinCall = wordSet("uint uint8 uint16 uint32 uint64 int int8 int16 int32 int64 float float32 float64 complex64 complex128 byte rune string bool error uintptr print println panic recover close complex real imag len cap append copy delete new make clear min max")
	goTypes       = wordSet("uint uint8 uint16 uint32 uint64 int int8 int16 int32 int64 float float32 float64 complex64 complex128 byte rune string bool error uintptr any")
	// goOperators in the order of the rule's alternation: the first that
	// matches wins, not the longest.
	goOperators = []string{"<<=", ">>=", "<<", ">>", "<=", ">=", "&^=", "&^", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "&&", "||", "<-", "++", "--", "==", "!=", ":=", "..."}
)

// isWordChar is .NET's \w, and what its \b looks at: letters, non-spacing
// marks, decimal digits, connector punctuation, and the zero-width
// (non-)joiner.
func isWordChar(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.In(r, unicode.L, unicode.Mn, unicode.Nd, unicode.Pc) || r == '\u200D' || r == '\u200C'
}

// spaceRun is the length of the run of Unicode white space that starts s.
func spaceRun(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !unicode.IsSpace(r) {
			break
		}
		n += size
	}
	return n
}

// wordRun is the length of the run of word characters that starts s.
func wordRun(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !isWordChar(r) {
			break
		}
		n += size
	}
	return n
}

// lexSpace emits white space as the root state lexes it: a newline alone,
// any other run whole (newlines included).
func lexSpace(toks []chroma.Token, s string) []chroma.Token {
	for len(s) > 0 {
		n := 1
		if s[0] != '\n' {
			n = spaceRun(s)
		}
		toks = append(toks, chroma.Token{Type: chroma.TextWhitespace, Value: s[:n]})
		s = s[n:]
	}
	return toks
}

var goRawStringInner = chroma.TypeRemappingLexer(lexers.GoTextTemplate, chroma.TypeMapping{{From: chroma.Other, To: chroma.LiteralString}})

func lexGo(text string) ([]chroma.Token, error) {
	toks := make([]chroma.Token, 0, len(text)/3)
	emit := func(t chroma.TokenType, v string) { toks = append(toks, chroma.Token{Type: t, Value: v}) }
	for pos := 0; pos < len(text); {
		s := text[pos:]
		c := s[0]
		r, size := utf8.DecodeRuneInString(s)
		n := 0 // length of a single-token match
		var typ chroma.TokenType
		switch {
		case c == '\n':
			n, typ = 1, chroma.TextWhitespace
		case unicode.IsSpace(r):
			n, typ = spaceRun(s), chroma.TextWhitespace
		case strings.HasPrefix(s, "//"):
			n = strings.IndexAny(s, "\n\r")
			if n < 0 {
				n = len(s)
			}
			typ = chroma.CommentSingle
			if next, _ := utf8.DecodeRuneInString(s[2:]); len(s) > 2 && !unicode.IsSpace(next) {
				typ = chroma.CommentPreproc
			}
		}
		if n == 0 && c == '/' {
			n, typ = multilineComment(s), chroma.CommentMultiline
		}
		// The keyword rules are (words)\b: a word followed by a boundary,
		// so the whole run of word characters here must be the word.
		if n == 0 && ('a' <= c && c <= 'z') {
			word := s[:wordRun(s)]
			if t, ok := goWords[word]; ok {
				n, typ = len(word), t
			} else if goBuiltinCall[word] && strings.HasPrefix(s[len(word):], "(") {
				emit(chroma.NameBuiltin, word)
				emit(chroma.Punctuation, "(")
				pos += len(word) + 1
				continue
			} else if goTypes[word] {
				n, typ = len(word), chroma.KeywordType
			}
		}
		if n == 0 && (unicode.IsDigit(r) || c == '.') {
			if m := goImaginary.FindStringIndex(s); m != nil {
				n, typ = m[1], chroma.LiteralNumber
			} else if m := goFloat.FindStringIndex(s); m != nil {
				n, typ = m[1], chroma.LiteralNumberFloat
			}
		}
		if n == 0 && c >= '0' && c <= '9' {
			if m := goNumberPrefix.FindStringIndex(s); m != nil {
				n, typ = m[1], numberType(s[:m[1]])
			}
		}
		if n == 0 && c == '\'' {
			if m := goCharLiteral.FindStringIndex(s); m != nil {
				n, typ = m[1], chroma.LiteralStringChar
			}
		}
		if n == 0 && c == '`' {
			if end := strings.IndexByte(s[1:], '`'); end >= 0 {
				emit(chroma.LiteralString, "`")
				inner, err := chroma.Tokenise(goRawStringInner, &chroma.TokeniseOptions{State: "root", Nested: true}, s[1:1+end])
				if err != nil {
					return nil, err
				}
				toks = append(toks, inner...)
				emit(chroma.LiteralString, "`")
				pos += end + 2
				continue
			}
		}
		if n == 0 && c == '"' {
			if m := goStringLit.FindStringIndex(s); m != nil {
				n, typ = m[1], chroma.LiteralString
			}
		}
		if n == 0 {
			if op := operatorAt(s); op != "" {
				n, typ = len(op), chroma.Operator
			}
		}
		if n == 0 && (c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			name := 1 + wordRun(s[1:])
			space := spaceRun(s[name:])
			if strings.HasPrefix(s[name+space:], "(") {
				emit(chroma.NameFunction, s[:name])
				toks = lexSpace(toks, s[name:name+space])
				emit(chroma.Punctuation, "(")
				pos += name + space + 1
				continue
			}
		}
		if n == 0 && strings.IndexByte("|^<>=!()[]{}.,;:~", c) >= 0 {
			n, typ = 1, chroma.Punctuation
		}
		// The rule is [^\W\d]\w*, but regexp2 decides [^\W\d] on its first
		// class alone, so a digit the number rules left (a non-ASCII one)
		// starts a name too.
		if n == 0 && isWordChar(r) {
			n, typ = size+wordRun(s[size:]), chroma.NameOther
		}
		if n == 0 {
			n, typ = size, chroma.Error // no rule matches: one character
		}
		emit(typ, s[:n])
		pos += n
	}
	return toks, nil
}

// multilineComment matches /(\\\n)?[*](.|\n)*?[*](\\\n)?/ at the start
// of s and returns its length, or 0.
func multilineComment(s string) int {
	body := 0
	switch {
	case strings.HasPrefix(s, "/\\\n*"):
		body = 4
	case strings.HasPrefix(s, "/*"):
		body = 2
	default:
		return 0
	}
	for k := body; k < len(s); k++ {
		if s[k] != '*' {
			continue
		}
		if strings.HasPrefix(s[k+1:], "\\\n/") {
			return k + 4
		}
		if strings.HasPrefix(s[k+1:], "/") {
			return k + 2
		}
	}
	return 0
}

func operatorAt(s string) string {
	for _, op := range goOperators {
		if strings.HasPrefix(s, op) {
			return op
		}
	}
	if strings.IndexByte("+-*/%&", s[0]) >= 0 {
		return s[:1]
	}
	return ""
}

// numberType tells which of the prefixed or plain integer rules matched.
func numberType(m string) chroma.TokenType {
	switch {
	case len(m) > 1 && m[0] == '0' && (m[1] == 'x' || m[1] == 'X'):
		return chroma.LiteralNumberHex
	case len(m) > 1 && m[0] == '0' && m[1] == 'b':
		return chroma.LiteralNumberBin
	case len(m) > 1 && m[0] == '0':
		return chroma.LiteralNumberOct
	}
	return chroma.LiteralNumberInteger
}
