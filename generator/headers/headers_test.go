package headers

import (
	"strings"
	"testing"

	"ketref/generator/diag"
	"ketref/generator/route"
)

const (
	plain = "  Content-Security-Policy: " + ContentSecurityPolicy + "\n"
	calc  = "  Content-Security-Policy: " + CalculatorContentSecurityPolicy + "\n"
	head  = "# Response headers for Netlify and Cloudflare Pages, written by the build\n# (README.md, Deploying, shows the same for nginx and Caddy).\n" +
		"/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n  X-Frame-Options: DENY\n"
)

// TestRender: a folder without calculator pages is one rule; a folder
// with one is split down to its pages; the same path given twice is one
// rule; assets are immutable, fresh files no-cache; every rule is under the base path, with
// the path escaped but not the splat.
func TestRender(t *testing.T) {
	top := func(base string) string { return strings.Replace(head, "\n/*\n", "\n"+base+"*\n", 1) }
	for _, tt := range []struct {
		name   string
		base   string
		pages  []Page
		assets []string
		fresh  []string
		want   string
	}{
		{
			name:  "no calculators",
			base:  "/",
			pages: []Page{{Path: "/b/x/"}, {Path: "/"}, {Path: "/404.html"}, {Path: "/b/"}, {Path: "/b/y/"}},
			want:  top("/") + "/\n" + plain + "/index.html\n" + plain + "/404.html\n" + plain + "/b/*\n" + plain,
		},
		{
			name:   "a calculator page splits its folder",
			base:   "/ket/",
			pages:  []Page{{Path: "/"}, {Path: "/calc/"}, {Path: "/calc/dose/", Calc: true}, {Path: "/calc/notes/"}, {Path: "/refs/ref 1/"}, {Path: "/refs/ref 1/"}},
			assets: []string{"style.12345678.css"},
			fresh:  []string{"/sw.js"},
			want: top("/ket/") + "/ket/\n" + plain + "/ket/index.html\n" + plain +
				"/ket/calc/\n" + plain + "/ket/calc/index.html\n" + plain +
				"/ket/calc/dose/\n" + calc + "/ket/calc/dose/index.html\n" + calc +
				"/ket/calc/notes/*\n" + plain +
				"/ket/refs/*\n" + plain +
				"/ket/style.12345678.css\n  Cache-Control: public, max-age=31536000, immutable\n" +
				"/ket/sw.js\n  Cache-Control: no-cache\n",
		},
		{
			name:  "escaped path",
			base:  "/",
			pages: []Page{{Path: "/a b/", Calc: true}},
			want:  top("/") + "/a%20b/\n" + calc + "/a%20b/index.html\n" + calc,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			r := route.New(route.Base{Raw: tt.base}, &diags)
			got := string(Render(tt.pages, tt.assets, r, tt.fresh...))
			if got != tt.want {
				t.Errorf("Render:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestPolicies: the meta policy is the header's without frame-ancestors
// (a meta tag cannot set it), only the calculators' compiles WebAssembly,
// and neither allows inline code.
func TestPolicies(t *testing.T) {
	for _, tt := range []struct {
		calc   bool
		header string
	}{{false, ContentSecurityPolicy}, {true, CalculatorContentSecurityPolicy}} {
		meta := MetaPolicy(tt.calc)
		if meta+"; frame-ancestors 'none'" != tt.header {
			t.Errorf("MetaPolicy(%v) = %q, header %q", tt.calc, meta, tt.header)
		}
		if strings.Contains(meta, "wasm-unsafe-eval") != tt.calc || strings.Contains(meta, "unsafe-inline") {
			t.Errorf("MetaPolicy(%v) = %q", tt.calc, meta)
		}
	}
}

// TestAssetsGetNoPolicy: no policy rule matches an asset. The calculators'
// worker script is an asset, and a dedicated worker is governed by the
// policy of its own response: a page's policy there (the reading pages'
// has no 'wasm-unsafe-eval') would forbid it to compile the module
// (TestCalcWorkerPolicy shows both in Chromium).
func TestAssetsGetNoPolicy(t *testing.T) {
	assets := []string{"calc-worker.12345678.js", "ketcalc.12345678.wasm", "calc.12345678.js"}
	for _, tt := range []struct {
		name  string
		pages []Page
	}{
		{"no calculators", []Page{{Path: "/"}, {Path: "/a/"}, {Path: "/404.html"}}},
		{"a calculator at the top", []Page{{Path: "/", Calc: true}, {Path: "/a/"}}},
		{"a calculator below", []Page{{Path: "/"}, {Path: "/calculators/dosing/", Calc: true}, {Path: "/calculators/"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			out := string(Render(tt.pages, assets, route.New(route.Base{Raw: "/"}, &diags)))
			var path string
			for _, line := range strings.Split(out, "\n") {
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				if !strings.HasPrefix(line, " ") {
					path = line
					continue
				}
				if !strings.Contains(line, "Content-Security-Policy") {
					continue
				}
				for _, a := range assets {
					prefix, splat := strings.CutSuffix(path, "*")
					if path == "/"+a || (splat && strings.HasPrefix("/"+a, prefix)) {
						t.Errorf("rule %s gives asset %s a policy", path, a)
					}
				}
			}
		})
	}
}
