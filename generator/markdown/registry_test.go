package markdown

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestFencesRegister: a kind is added by one Register call, and a second
// kind under a name in use, an empty or spaced name and a nil Fence are
// refused.
func TestFencesRegister(t *testing.T) {
	ok := func(FenceContext) ([]byte, error) { return []byte("<p>ok</p>\n"), nil }
	tests := []struct {
		name  string
		setup func(*Fences)
		panic string // "" for none
	}{
		{"one kind", func(fs *Fences) { fs.Register("ok", ok) }, ""},
		{"two kinds", func(fs *Fences) { fs.Register("ok", ok); fs.Register("other", ok) }, ""},
		{"twice", func(fs *Fences) { fs.Register("ok", ok); fs.Register("ok", ok) }, "markdown: fence ok is registered twice"},
		{"empty name", func(fs *Fences) { fs.Register("", ok) }, `markdown: fence name "" is not one word`},
		{"two words", func(fs *Fences) { fs.Register("a b", ok) }, `markdown: fence name "a b" is not one word`},
		{"nil", func(fs *Fences) { fs.Register("ok", nil) }, "markdown: fence ok is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs Fences
			got := func() (msg string) {
				defer func() {
					if r := recover(); r != nil {
						msg = fmt.Sprint(r)
					}
				}()
				tt.setup(&fs)
				return ""
			}()
			if got != tt.panic {
				t.Fatalf("panic %q, want %q", got, tt.panic)
			}
			if tt.panic != "" {
				return
			}
			res, err := New(Options{Fences: fs}).Convert(Document{Source: []byte("```ok\nx\n```\n")})
			if err != nil || string(res.HTML) != "<p>ok</p>\n" {
				t.Errorf("converted to %q, %v", res.HTML, err)
			}
		})
	}
}

// TestFenceErrorPosition: a FenceError's line and column (in characters)
// become a byte offset of the document; other errors point at the body.
func TestFenceErrorPosition(t *testing.T) {
	src := "Text.\n\n```check\nfirst\nné: bad\n```\n"
	body := strings.Index(src, "first")
	line2 := strings.Index(src, "né")
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"line and column", &FenceError{Line: 2, Col: 5, Msg: "m"}, strings.Index(src, "bad")},
		{"line only", &FenceError{Line: 2, Msg: "m"}, line2},
		{"whole block", &FenceError{Msg: "m"}, body},
		{"line past the body", &FenceError{Line: 9, Col: 2, Msg: "m"}, body},
		{"column past the line", &FenceError{Line: 1, Col: 99, Msg: "m"}, line2},
		{"another error", errors.New("m"), body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs Fences
			fs.Register("check", func(FenceContext) ([]byte, error) { return nil, tt.err })
			res, err := New(Options{Fences: fs}).Convert(Document{Source: []byte(src)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) != 1 || res.Problems[0].Offset != tt.want || res.Problems[0].Msg != "m" {
				t.Errorf("problems = %+v, want one at %d", res.Problems, tt.want)
			}
			if !strings.Contains(string(res.HTML), `<pre`) {
				t.Errorf("the block is not left as code: %s", res.HTML)
			}
		})
	}
}
