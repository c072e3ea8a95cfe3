package release

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"ketref/generator/diag"
)

// parser walks the tokens of a release file that is known to be valid
// JSON, reporting each value of the wrong shape at its own position and
// going on with the next one, so that one pass reports every problem.
type parser struct {
	file  string
	src   []byte
	dec   *json.Decoder
	lines *diag.Lines
	diags *diag.List
	errs  int
}

// field is one key an object may hold: read consumes its value, whose
// first token has been read already.
type field struct {
	name     string
	required bool
	read     func(tok json.Token, at int)
}

func newParser(file string, src []byte, diags *diag.List) *parser {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	return &parser{file: file, src: src, dec: dec, lines: diag.NewLines(src), diags: diags}
}

func (p *parser) errorf(at int, format string, args ...any) {
	line, col := p.lines.Position(at)
	p.diags.Errorf(p.file, line, col, format, args...)
	p.errs++
}

// syntaxError reports a file that is not JSON at the character that
// breaks it. It returns false when src is valid JSON.
func (p *parser) syntaxError() bool {
	var raw json.RawMessage
	err := json.Unmarshal(p.src, &raw)
	if err == nil {
		return false
	}
	var se *json.SyntaxError
	at := len(p.src)
	if errors.As(err, &se) && !strings.HasPrefix(se.Error(), "unexpected end") {
		at = max(int(se.Offset)-1, 0)
	}
	p.errorf(at, "this release file is not valid JSON (%v); fix it here: release files are written by `go run ./generator release`, and a hand edit must keep the JSON valid", err)
	return true
}

// next reads one token and the offset where it starts. The JSON is known
// to be valid, so an error here is a bug.
func (p *parser) next() (json.Token, int) {
	at := int(p.dec.InputOffset())
	for at < len(p.src) && strings.IndexByte(" \t\r\n,:", p.src[at]) >= 0 {
		at++
	}
	tok, err := p.dec.Token()
	if err != nil {
		panic(fmt.Sprintf("release: reading valid JSON: %v", err))
	}
	return tok, at
}

// skip consumes the rest of a value whose first token was tok.
func (p *parser) skip(tok json.Token) {
	if d, ok := tok.(json.Delim); !ok || (d != '{' && d != '[') {
		return
	}
	for depth := 1; depth > 0; {
		t, _ := p.next()
		if d, ok := t.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
}

// describe names the JSON type of a value by its first token.
func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// object reads the object that starts with tok at offset at, as a "what"
// (such as "reference"), and reports unknown, repeated and missing keys.
// It returns false when the value is not an object.
func (p *parser) object(tok json.Token, at int, what string, fields []field) bool {
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		p.errorf(at, "a %s must be an object {...}, not %s; write it as Encode does", what, describe(tok))
		p.skip(tok)
		return false
	}
	seen := make(map[string]bool, len(fields))
	for {
		key, keyAt := p.next()
		if key == json.Delim('}') {
			break
		}
		name := key.(string)
		value, valueAt := p.next()
		f := lookup(fields, name)
		switch {
		case f == nil:
			p.errorf(keyAt, "unknown key %q in a %s; its keys are %s: remove it or correct its spelling", name, what, names(fields))
			p.skip(value)
		case seen[name]:
			p.errorf(keyAt, "key %q appears twice in this %s; keep one", name, what)
			p.skip(value)
		default:
			seen[name] = true
			f.read(value, valueAt)
		}
	}
	for _, f := range fields {
		if f.required && !seen[f.name] {
			p.errorf(at, "this %s has no %q; add it", what, f.name)
		}
	}
	return true
}

func lookup(fields []field, name string) *field {
	for i := range fields {
		if fields[i].name == name {
			return &fields[i]
		}
	}
	return nil
}

func names(fields []field) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.name)
	}
	return b.String()
}

// array reads the array that starts with tok, calling element for each
// element's first token and offset.
func (p *parser) array(tok json.Token, at int, what string, element func(tok json.Token, at int)) {
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		p.errorf(at, "%s must be an array [...], not %s", what, describe(tok))
		p.skip(tok)
		return
	}
	for {
		t, tAt := p.next()
		if t == json.Delim(']') {
			return
		}
		element(t, tAt)
	}
}

// str reads a string into dst; a required string must not be empty.
func (p *parser) str(dst *string, pos *int, name, what string, required bool) func(json.Token, int) {
	return func(tok json.Token, at int) {
		s, ok := tok.(string)
		if !ok {
			p.errorf(at, "%q of a %s must be a string, not %s", name, what, describe(tok))
			p.skip(tok)
			return
		}
		if required && strings.TrimSpace(s) == "" {
			p.errorf(at, "%q of this %s is empty; write it", name, what)
		}
		*dst = s
		if pos != nil {
			*pos = at
		}
	}
}

// strs reads an array of non-empty strings into dst, and their offsets
// into pos.
func (p *parser) strs(dst *[]string, pos *[]int, name, what string) func(json.Token, int) {
	return func(tok json.Token, at int) {
		p.array(tok, at, fmt.Sprintf("%q of a %s", name, what), func(t json.Token, tAt int) {
			s, ok := t.(string)
			if !ok {
				p.errorf(tAt, "each of %q of a %s must be a string, not %s", name, what, describe(t))
				p.skip(t)
				return
			}
			if strings.TrimSpace(s) == "" {
				p.errorf(tAt, "an entry of %q of this %s is empty; remove it", name, what)
			}
			*dst = append(*dst, s)
			*pos = append(*pos, tAt)
		})
	}
}

// number reads a whole number of at least 1 into dst.
func (p *parser) number(dst *int, pos *int, name, what string) func(json.Token, int) {
	return func(tok json.Token, at int) {
		*pos = at
		num, ok := tok.(json.Number)
		if !ok {
			p.errorf(at, "%q of a %s must be a whole number, not %s", name, what, describe(tok))
			p.skip(tok)
			return
		}
		n, err := strconv.Atoi(num.String())
		if err != nil || n < 1 {
			p.errorf(at, "%q of a %s must be a whole number from 1 up, not %s", name, what, num)
			return
		}
		*dst = n
	}
}
