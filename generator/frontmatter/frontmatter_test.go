package frontmatter

import (
	"errors"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		yaml    string
		hasYAML bool
		body    string
		bodyOff int
		wantErr error
	}{
		{name: "no front matter", src: "# Hi\n", body: "# Hi\n"},
		{name: "empty file", src: "", body: ""},
		{name: "simple", src: "---\ntitle: A\n---\nBody\n", yaml: "title: A\n", hasYAML: true, body: "Body\n", bodyOff: 17},
		{name: "crlf", src: "---\r\ntitle: A\r\n---\r\nBody", yaml: "title: A\r\n", hasYAML: true, body: "Body", bodyOff: 20},
		{name: "dots close", src: "---\ntitle: A\n...\nBody", yaml: "title: A\n", hasYAML: true, body: "Body", bodyOff: 17},
		{name: "empty block", src: "---\n---\nBody", yaml: "", hasYAML: true, body: "Body", bodyOff: 8},
		{name: "bom", src: "\xEF\xBB\xBF---\ntitle: A\n---\n", yaml: "title: A\n", hasYAML: true, body: "", bodyOff: 20},
		{name: "closing fence at EOF", src: "---\ntitle: A\n---", yaml: "title: A\n", hasYAML: true, body: "", bodyOff: 16},
		{name: "thematic break later is body", src: "Text\n\n---\n", body: "Text\n\n---\n"},
		{name: "four dashes is not a fence", src: "----\ntitle: A\n", body: "----\ntitle: A\n"},
		{name: "unterminated", src: "---\ntitle: A\nBody\n", wantErr: ErrUnterminated},
		{name: "only opening fence", src: "---", wantErr: ErrUnterminated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Split([]byte(tt.src))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if (p.YAML != nil) != tt.hasYAML || string(p.YAML) != tt.yaml {
				t.Errorf("YAML = %q (nil %v), want %q", p.YAML, p.YAML == nil, tt.yaml)
			}
			if string(p.Body) != tt.body || p.BodyOffset != tt.bodyOff {
				t.Errorf("Body = %q at %d, want %q at %d", p.Body, p.BodyOffset, tt.body, tt.bodyOff)
			}
			if tt.src[p.BodyOffset:] != string(p.Body) {
				t.Errorf("BodyOffset %d does not locate Body", p.BodyOffset)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"", "---\n---\n", "---\ntitle: x\n---\nbody", "\xEF\xBB\xBF---\r\na: 1\r\n...\r\n", "---", "----\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Split(src)
		if err != nil {
			return
		}
		if p.BodyOffset < 0 || p.BodyOffset > len(src) || string(src[p.BodyOffset:]) != string(p.Body) {
			t.Fatalf("BodyOffset %d does not locate Body in %q", p.BodyOffset, src)
		}
		if p.YAML != nil && len(p.YAML) >= len(src) {
			t.Fatalf("YAML longer than source")
		}
	})
}
