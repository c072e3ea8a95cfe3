package offline

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func sum(data string) string {
	s := sha256.Sum256([]byte(data))
	return base64.StdEncoding.EncodeToString(s[:])
}

// site records a small site's files as a build writes them: in parallel.
func site(files map[string]string) *Record {
	var r Record
	var wg sync.WaitGroup
	for p, d := range files {
		wg.Go(func() { r.Add(p, []byte(d)) })
	}
	wg.Wait()
	return &r
}

// TestPrecache: every shell file and every page is listed once with the
// hash and size of the bytes written, under its URL; precompressed
// siblings never; a target that was not written is left out; past either
// limit the pages are left to the runtime cache and the shell stays.
func TestPrecache(t *testing.T) {
	files := map[string]string{
		"style.1a2b3c4d.css":    "body{}",
		"style.1a2b3c4d.css.br": "xx",
		"style.1a2b3c4d.css.gz": "yy",
		"search-index.json":     `{"parts":1}`,
		"offline/index.html":    "<title>Offline</title>",
		"index.html":            "<title>Home</title>",
		"a b/index.html":        "<title>A</title>" + strings.Repeat("x", 100),
	}
	shell := []Target{
		{"style.1a2b3c4d.css", "/sub/style.1a2b3c4d.css"},
		{"style.1a2b3c4d.css.br", "/sub/style.1a2b3c4d.css.br"},
		{"style.1a2b3c4d.css.gz", "/sub/style.1a2b3c4d.css.gz"},
		{"search-index.json", "/sub/search-index.json"},
		{"offline/index.html", "/sub/offline/"},
		{"missing.js", "/sub/missing.js"},
	}
	pages := []Target{{"index.html", "/sub/"}, {"a b/index.html", "/sub/a%20b/"}, {"index.html", "/sub/"}}
	shellURLs := []string{"/sub/offline/", "/sub/search-index.json", "/sub/style.1a2b3c4d.css"}
	allURLs := []string{"/sub/", "/sub/a%20b/", "/sub/offline/", "/sub/search-index.json", "/sub/style.1a2b3c4d.css"}
	pageBytes := len(files["index.html"]) + len(files["index.html"]) + len(files["a b/index.html"])
	for _, tt := range []struct {
		name               string
		maxBytes, maxPages int
		want               []string
	}{
		{"within the limits", 0, 0, allURLs},
		{"exactly at the byte limit", pageBytes, 3, allURLs},
		{"one byte over", pageBytes - 1, 0, shellURLs},
		{"one page over", 0, 2, shellURLs},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := site(files)
			pc := r.Precache(Plan{Scope: "/sub/", Shell: shell, Pages: pages, Offline: "/sub/offline/", MaxPageBytes: tt.maxBytes, MaxPages: tt.maxPages})
			var got []string
			for _, e := range pc.Entries {
				got = append(got, e.URL)
				path := map[string]string{"/sub/": "index.html", "/sub/a%20b/": "a b/index.html", "/sub/offline/": "offline/index.html"}[e.URL]
				if path == "" {
					path = strings.TrimPrefix(e.URL, "/sub/")
				}
				if e.SHA256 != sum(files[path]) || e.Size != len(files[path]) {
					t.Errorf("%s: %d bytes %s, want %d bytes %s", e.URL, e.Size, e.SHA256, len(files[path]), sum(files[path]))
				}
				if e.Page != (path == "index.html" || path == "a b/index.html") {
					t.Errorf("%s: page %v", e.URL, e.Page)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("precached %q, want %q", got, tt.want)
			}
			if pc.PagesPrecached != (len(got) == len(allURLs)) || pc.PageBytes != pageBytes || pc.PageCount != 3 {
				t.Errorf("PagesPrecached %v, %d bytes in %d pages", pc.PagesPrecached, pc.PageBytes, pc.PageCount)
			}
		})
	}
}

// TestVersion: the version changes with any file's bytes or URL and with
// whether pages are precached, and not with the order files were written.
func TestVersion(t *testing.T) {
	plan := Plan{Scope: "/", Shell: []Target{{"a.js", "/a.js"}, {"b.js", "/b.js"}}}
	v := func(files map[string]string, p Plan) string { return site(files).Precache(p).Version() }
	base := v(map[string]string{"a.js": "1", "b.js": "2"}, plan)
	if again := v(map[string]string{"b.js": "2", "a.js": "1"}, plan); again != base {
		t.Errorf("same files, version %s then %s", base, again)
	}
	if other := v(map[string]string{"a.js": "1", "b.js": "3"}, plan); other == base {
		t.Error("a changed file kept the version")
	}
	moved := Plan{Scope: "/", Shell: []Target{{"a.js", "/x/a.js"}, {"b.js", "/b.js"}}}
	if other := v(map[string]string{"a.js": "1", "b.js": "2"}, moved); other == base {
		t.Error("a moved file kept the version")
	}
}

// config reads the configuration a generated sw.js embeds.
func config(t *testing.T, js []byte) map[string]any {
	t.Helper()
	m := regexp.MustCompile(`(?m)^const CONFIG = (.*);$`).FindSubmatch(js)
	if m == nil {
		t.Fatalf("no configuration in\n%s", js)
	}
	var c map[string]any
	if err := json.Unmarshal(m[1], &c); err != nil {
		t.Fatalf("configuration: %v", err)
	}
	return c
}

// TestWorker: sw.js embeds the version, scope, offline page, limits and
// list as JSON that a script reads as a literal (no "</script>" or line
// separator can break it), and nothing of the template's mark is left.
func TestWorker(t *testing.T) {
	r := site(map[string]string{"x</script>\u2028.js": "1", "index.html": "home"})
	w := r.Worker(Plan{Scope: "/sub/", Shell: []Target{{"x</script>\u2028.js", "/sub/x</script>\u2028.js"}}, Pages: []Target{{"index.html", "/sub/"}}, Offline: "/sub/offline/"})
	if bytes.Contains(w.JS, []byte(configMark)) || bytes.Contains(w.JS, []byte("</script>")) || bytes.Contains(w.JS, []byte("\u2028")) {
		t.Errorf("sw.js holds the mark, a closing tag or a line separator")
	}
	c := config(t, w.JS)
	if c["version"] != w.Version || c["scope"] != "/sub/" || c["offline"] != "/sub/offline/" || c["pagesPrecached"] != true ||
		c["timeout"] != float64(NavigationTimeout) || c["verifyOnServe"] != float64(VerifyOnServe) {
		t.Errorf("configuration %v", c)
	}
	if list := c["precache"].([]any); len(list) != 2 || list[1].(map[string]any)["url"] != "/sub/x</script>\u2028.js" {
		t.Errorf("precache %v", list)
	}
	empty := (&Record{}).Worker(Plan{Scope: "/"})
	if c := config(t, empty.JS); c["precache"] == nil {
		t.Errorf("an empty list is %v, want []", c["precache"])
	}
}

// TestThemeColoursMatchTheStylesheet: the manifest's and the pages'
// theme colours are the stylesheet's page background in each theme.
func TestThemeColoursMatchTheStylesheet(t *testing.T) {
	css, err := os.ReadFile("../../templates/static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	light := regexp.MustCompile(`(?s):root \{[^}]*?--bg: (#[0-9a-f]+);`).FindSubmatch(css)
	dark := regexp.MustCompile(`(?s):root\[data-theme="dark"\] \{[^}]*?--bg: (#[0-9a-f]+);`).FindSubmatch(css)
	if light == nil || dark == nil {
		t.Fatal("style.css: no --bg in :root or :root[data-theme=\"dark\"]")
	}
	if string(light[1]) != LightColor || string(dark[1]) != DarkColor {
		t.Errorf("style.css has --bg %s (light) and %s (dark); LightColor %s, DarkColor %s", light[1], dark[1], LightColor, DarkColor)
	}
}
