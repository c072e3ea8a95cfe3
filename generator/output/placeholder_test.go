package output

import "testing"

func TestFill(t *testing.T) {
	urls := map[string]string{"style.css": "/style.1.css", "a/b.js": "/a/b.2.js"}
	tests := []struct {
		name string
		in   string
		urls map[string]string
		want string
	}{
		{"no placeholder", "<p>plain</p>", urls, "<p>plain</p>"},
		{"one", `<link href="` + Placeholder("style.css") + `">`, urls, `<link href="/style.1.css">`},
		{"two, adjacent", Placeholder("style.css") + Placeholder("a/b.js"), urls, "/style.1.css/a/b.2.js"},
		{"at both ends", Placeholder("a/b.js") + " " + Placeholder("a/b.js"), urls, "/a/b.2.js /a/b.2.js"},
		{"unknown source stays", "x" + Placeholder("gone.css") + "y" + Placeholder("style.css"), urls, "x" + Placeholder("gone.css") + "y/style.1.css"},
		{"no URLs at all", Placeholder("style.css"), nil, Placeholder("style.css")},
		{"unterminated mark", "a" + placeholderMark + "style.css", urls, "a" + placeholderMark + "style.css"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			got := Fill(in, tt.urls)
			if string(got) != tt.want {
				t.Errorf("Fill(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if string(in) != tt.in {
				t.Errorf("Fill changed its input to %q", in)
			}
		})
	}
}

// A file without placeholders, or without URLs to fill them with, is
// served without a copy.
func TestFillReturnsTheInputWhenNothingToFill(t *testing.T) {
	tests := []struct {
		in   string
		urls map[string]string
	}{
		{"<p>plain</p>", map[string]string{"style.css": "/style.1.css"}},
		{Placeholder("style.css"), nil},
	}
	for _, tt := range tests {
		in := []byte(tt.in)
		if got := Fill(in, tt.urls); &got[0] != &in[0] {
			t.Errorf("Fill(%q, %v) copied its input", tt.in, tt.urls)
		}
	}
}
