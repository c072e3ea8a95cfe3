package markdown

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// sameTokens lexes src with chroma's Go lexer and with goLexer and
// reports the first difference.
func sameTokens(t *testing.T, name, src string) {
	t.Helper()
	got, err := chroma.Tokenise(newGoLexer(), nil, src)
	if err != nil {
		t.Fatalf("%s: goLexer: %v", name, err)
	}
	// Chroma gives each rule's regular expression 250 ms per match
	// (chroma/v2 regexp.go); on a loaded machine a match can run out of
	// time, and chroma then lexes the text differently. A difference
	// counts only when
	// chroma differs from ours on three tries.
	var want []chroma.Token
	for range 3 {
		if want, err = chroma.Tokenise(lexers.Go, nil, src); err != nil {
			t.Fatalf("%s: chroma: %v", name, err)
		}
		if slices.Equal(want, got) {
			return
		}
	}
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g chroma.Token
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			from := max(0, i-3)
			t.Errorf("%s: token %d: got %v %q, chroma %v %q\ngot   %v\nchroma %v", name, i, g.Type, g.Value, w.Type, w.Value, got[from:min(len(got), i+3)], want[from:min(len(want), i+3)])
			return
		}
	}
}

// TestGoLexerMatchesChroma compares the two lexers on every rule's edge
// cases and on real Go: this repository's and some of the standard
// library's.
func TestGoLexerMatchesChroma(t *testing.T) {
	for _, src := range goLexerCases {
		sameTokens(t, src, src)
	}
	var files []string
	for _, dir := range []string{"../..", filepath.Join(runtime.GOROOT(), "src", "strconv"), filepath.Join(runtime.GOROOT(), "src", "go", "scanner"), filepath.Join(runtime.GOROOT(), "src", "text", "template")} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 50 {
		t.Fatalf("found only %d Go files to compare", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sameTokens(t, f, string(src))
	}
}

// goLexerCases exercise each of chroma's Go rules, and the places where
// its regular expressions backtrack.
var goLexerCases = []string{
	"", "\n", "  \n\t x", "x\r\ny\rz",
	"//go:build js\n// comment\n//\n//\tx", "// end", "//",
	"/* a */ /**/ /*/ x */ /* unterminated", "/\\\n* a *\\\n/ b", "/*a*\\\n/", "/ * x",
	"import package importx packages", "var func struct map chan type interface const types varx",
	"go goto gox break default select case defer else switch fallthrough if range continue for return",
	"true false iota nil nilx truefalse",
	"len(x) len (x) uint8(3) uint64x(1) string(b) error() any(x) min(a, b) max(", "int int8 int64x float float32 any anyx",
	"1i 1.5i 1.i .5i 1e+3i 1.5e-3i 1e3i 1.5e3i", "1.5 1. .5 1e3 1.5e+3 1.5e 12e x.5 a.b ...",
	"0 07 09 0x1F 0X_a 0b101 0b2 1_000 0_1 0x 0b", "٣i ٣.٥ ٣",
	`'a' '\n' '\'' '\x41' '\101' '\1234' '\u00e9' '\U0001F600' '\q' '` + "\n" + `' 'ab'`,
	"`raw` `{{.Field}} text` `unterminated", "`a\nb`",
	`"a" "a\"b" "\\" "\\\" "unterminated "x\" y" "multi` + "\nline\"",
	`"abc\"`, `"a\\"b"`,
	"<<= >>= << >> <= >= &^= &^ += -= *= /= %= &= |= && || <- ++ -- == != := ... + - * / % & | ^ < > = ! ~",
	"f(x) f (x) f\n(x) f \n\t (x) _x( Ünï(x) x\u200d(y)", "( ) [ ] { } . , ; :",
	"héllo ünïcode_ident x\u200dy 日本語 a·b", "@ # $ ? \\ \u00a0 \u2028 \x00 \u0301x",
	"package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\", 1+2i)\n}\n",
}

// FuzzGoLexer compares the two lexers on any valid UTF-8 text; invalid
// text is handed to chroma anyway. Inputs are kept short: chroma gives
// each regular expression 250 ms, and a timeout there would read as a
// difference here.
func FuzzGoLexer(f *testing.F) {
	for _, c := range goLexerCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 256 || !utf8.ValidString(src) {
			return
		}
		sameTokens(t, "fuzz", src)
	})
}

// BenchmarkHighlightGo highlights the dosing calculator's source with
// chroma's Go lexer and with goLexer, through the same formatter.
func BenchmarkHighlightGo(b *testing.B) {
	src, err := os.ReadFile("../../wasm/dosing/dosing.go")
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range []struct {
		name  string
		lexer chroma.Lexer
	}{{"chroma", lexers.Go}, {"goLexer", newGoLexer()}} {
		b.Run(l.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				it, err := chroma.Coalesce(l.lexer).Tokenise(nil, string(src))
				if err != nil {
					b.Fatal(err)
				}
				if err := codeFormatter.Format(io.Discard, styles.Fallback, it); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
