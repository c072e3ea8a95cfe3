package site

import (
	"bytes"
	"slices"
	"strings"

	"ketref/generator/content"
)

// The site's Content-Security-Policy is written twice: into every page as
// a <meta http-equiv> (a static host may send no headers at all), and into
// _headers for hosts that read it (Netlify, Cloudflare Pages), which can
// also send what a meta tag cannot: frame-ancestors, and the headers that
// are not policies. The preview server sends CalculatorContentSecurityPolicy
// on every response; each page's meta narrows it further.

const (
	cspHead = "default-src 'self'; script-src 'self'"
	// cspTail has no 'unsafe-inline': the pages' scripts are files, and
	// style attributes are not used (scripts set styles through the
	// CSSOM, which the policy does not restrict).
	cspTail = "; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
	// cspFrames is the part a meta tag ignores (browsers warn about it).
	cspFrames = "; frame-ancestors 'none'"

	metaPolicy           = cspHead + cspTail
	metaCalculatorPolicy = cspHead + " 'wasm-unsafe-eval'" + cspTail

	// ContentSecurityPolicy is the policy of every page without a
	// calculator, as a header.
	ContentSecurityPolicy = metaPolicy + cspFrames
	// CalculatorContentSecurityPolicy also lets WebAssembly compile, which
	// the calculators need.
	CalculatorContentSecurityPolicy = metaCalculatorPolicy + cspFrames
)

// wasmAsset is the calculators' module; a layout whose templates name it
// runs WebAssembly.
const wasmAsset = "ketcalc.wasm"

// pagePolicy is the policy for the meta tag of a page of layout.
func (b *builder) pagePolicy(layout string) string {
	if b.theme.UsesAsset(layout, wasmAsset) {
		return metaCalculatorPolicy
	}
	return metaPolicy
}

// HeadersFile is the response headers file the build writes at the
// output root, in the format Netlify and Cloudflare Pages read.
const HeadersFile = "_headers"

// Both hosts send every rule that matches a path, joining a header set
// twice with a comma; two Content-Security-Policy values are two policies,
// both enforced, so a page must match exactly one rule that sets it. The
// headers common to all files go in one rule for the whole site; each
// policy goes in a rule for a folder ("/references/*") where no page below
// needs another policy, and in exact rules for the pages where one does.
// Cloudflare Pages reads at most 100 rules, which this keeps to tens.

// headerLines are the headers every file gets.
var headerLines = []string{
	"X-Content-Type-Options: nosniff",
	"Referrer-Policy: no-referrer",
	"X-Frame-Options: DENY",
}

// immutable is for content-addressed assets: their name changes with
// their bytes.
const immutable = "Cache-Control: public, max-age=31536000, immutable"

// htmlPath is a page or file of the site as served, and whether it runs
// the calculators.
type htmlPath struct {
	path string // site path: "/efficacy/", "/404.html"
	calc bool
}

// headersFile renders _headers.
func (b *builder) headersFile() []byte {
	var paths []htmlPath
	for _, pg := range b.pages {
		paths = append(paths, htmlPath{pg.URL, b.theme.UsesAsset(pg.layout, wasmAsset)})
		for _, a := range pg.Meta.Aliases {
			paths = append(paths, htmlPath{content.NormalizeAlias(a), false})
		}
	}
	if b.cites != nil && b.theme.HasLayout("reference") {
		for _, r := range b.cites.byNum {
			paths = append(paths, htmlPath{b.referenceURL(r), false})
		}
	}
	paths = append(paths, htmlPath{"/404.html", false})
	slices.SortFunc(paths, func(x, y htmlPath) int { return strings.Compare(x.path, y.path) })
	paths = slices.CompactFunc(paths, func(x, y htmlPath) bool { return x.path == y.path })

	var buf bytes.Buffer
	buf.WriteString("# Response headers for Netlify and Cloudflare Pages, written by the build\n# (README.md, Deploying, shows the same for nginx and Caddy).\n")
	rule := func(sitePath string, lines ...string) {
		// href escapes the splat; it is the format's, not the path's.
		splat, ok := strings.CutSuffix(sitePath, "*")
		buf.WriteString(b.route.Href(splat))
		if ok {
			buf.WriteByte('*')
		}
		buf.WriteByte('\n')
		for _, l := range lines {
			buf.WriteString("  " + l + "\n")
		}
	}
	rule("/*", headerLines...)
	b.policyRules(paths, "/", rule)
	for _, a := range b.theme.Assets() {
		rule("/"+a.Out, immutable)
	}
	return buf.Bytes()
}

// policyRules writes the policy rules for paths, all of which begin with
// the folder dir ("/", "/calculators/").
func (b *builder) policyRules(paths []htmlPath, dir string, rule func(string, ...string)) {
	calc := slices.ContainsFunc(paths, func(p htmlPath) bool { return p.calc })
	policy := func(calc bool) string {
		if calc {
			return "Content-Security-Policy: " + CalculatorContentSecurityPolicy
		}
		return "Content-Security-Policy: " + ContentSecurityPolicy
	}
	if !calc && dir != "/" {
		rule(dir+"*", policy(false))
		return
	}
	for len(paths) > 0 {
		p := paths[0]
		rest := strings.TrimPrefix(p.path, dir)
		switch {
		case rest == "":
			// The folder's own page, served as dir and dir/index.html.
			rule(dir, policy(p.calc))
			rule(dir+"index.html", policy(p.calc))
			paths = paths[1:]
		case !strings.Contains(rest, "/"):
			rule(p.path, policy(p.calc)) // a file: 404.html
			paths = paths[1:]
		default:
			sub := dir + rest[:strings.IndexByte(rest, '/')+1]
			n := 1
			for n < len(paths) && strings.HasPrefix(paths[n].path, sub) {
				n++
			}
			b.policyRules(paths[:n], sub, rule)
			paths = paths[n:]
		}
	}
}

// headersKey is the render key of _headers: the pages' URLs, layouts and
// aliases and the templates (in the render key), the number of references
// and the assets' names.
func (b *builder) headersKey() uint64 {
	if b.proj == nil {
		return 0
	}
	h := b.hasher()
	writeKey(h, b.sitemapKey())
	for _, a := range b.theme.Assets() {
		h.WriteString(a.Out)
		h.WriteByte(0)
	}
	return h.Sum64()
}
