// Package headers owns the site's security policy and the _headers file
// that carries it to hosts that read one (Netlify, Cloudflare Pages).
//
// The Content-Security-Policy is written twice: into every page as a
// <meta http-equiv> (a static host may send no headers at all), by
// MetaPolicy, and into _headers, by Render, which can also send what a
// meta tag cannot: frame-ancestors, and the headers that are not policies.
// Both come from the constants here, so a page's meta and its header
// agree. The preview server sends CalculatorContentSecurityPolicy on every
// response; each page's meta narrows it further.
//
// Which path gets which policy:
//
//   - a page whose layout runs the calculators gets the calculator policy,
//     which adds 'wasm-unsafe-eval' to script-src because the calculators
//     are WebAssembly, which the browser must be let compile; every other
//     HTML file (pages, aliases, reference pages, 404.html) gets the
//     plain policy, so that a page without calculators cannot compile code;
//   - every file gets X-Content-Type-Options, Referrer-Policy and
//     X-Frame-Options, in one rule for the whole site;
//   - content-addressed assets (their name changes with their bytes) are
//     cached for a year as immutable, and get no policy: among them is
//     the calculators' worker script, and a dedicated worker is governed
//     by the policy of its own response, not its page's, so the reading
//     pages' policy there would forbid it to compile the module;
//   - files whose name stays while their bytes change and that a browser
//     must not keep stale (the service worker, the web app manifest) are
//     revalidated on every use (no-cache).
//
// Both hosts send every rule that matches a path, joining a header set
// twice with a comma; two Content-Security-Policy values are two policies,
// both enforced, so a page must match exactly one rule that sets it. Each
// policy therefore goes in a rule for a folder ("/references/*") where no
// page below needs another policy, and in exact rules for the pages where
// one does. Cloudflare Pages reads at most 100 rules; grouping by folder
// keeps a site of hundreds of pages to tens.
//
// Rules are written under the site's base path, as the Router gives it.
package headers

import (
	"bytes"
	"slices"
	"strings"

	"ketref/generator/route"
)

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

// MetaPolicy is the policy for a page's meta tag: the header's without
// frame-ancestors, which a meta tag cannot set.
func MetaPolicy(calc bool) string {
	if calc {
		return metaCalculatorPolicy
	}
	return metaPolicy
}

// File is the response headers file the build writes at the output root,
// in the format Netlify and Cloudflare Pages read.
const File = "_headers"

// common are the headers every file gets.
var common = []string{
	"X-Content-Type-Options: nosniff",
	"Referrer-Policy: no-referrer",
	"X-Frame-Options: DENY",
}

// immutable is for content-addressed assets.
const immutable = "Cache-Control: public, max-age=31536000, immutable"

// noCache is for files that keep their name when their bytes change.
const noCache = "Cache-Control: no-cache"

// Page is an HTML file of the site as served, and whether it runs the
// calculators.
type Page struct {
	Path string // site path: "/efficacy/", "/404.html"
	Calc bool
}

// Render returns _headers for the HTML files pages (in any order; a path
// given twice gets one rule, so give both entries the same Calc), the
// content-addressed assets (their output names, "style.1a2b3c4d.css")
// and the fresh files (site paths, "/sw.js"), with every rule under r's
// base path.
func Render(pages []Page, assets []string, r *route.Router, fresh ...string) []byte {
	pages = slices.Clone(pages)
	slices.SortFunc(pages, func(x, y Page) int { return strings.Compare(x.Path, y.Path) })
	pages = slices.CompactFunc(pages, func(x, y Page) bool { return x.Path == y.Path })

	var buf bytes.Buffer
	buf.WriteString("# Response headers for Netlify and Cloudflare Pages, written by the build\n# (README.md, Deploying, shows the same for nginx and Caddy).\n")
	rule := func(sitePath string, lines ...string) {
		// Href escapes the splat; it is the format's, not the path's.
		splat, ok := strings.CutSuffix(sitePath, "*")
		buf.WriteString(r.Href(splat))
		if ok {
			buf.WriteByte('*')
		}
		buf.WriteByte('\n')
		for _, l := range lines {
			buf.WriteString("  " + l + "\n")
		}
	}
	rule("/*", common...)
	policyRules(pages, "/", rule)
	for _, a := range assets {
		rule("/"+a, immutable)
	}
	for _, f := range fresh {
		rule(f, noCache)
	}
	return buf.Bytes()
}

// policyRules writes the policy rules for pages, sorted by path, all of
// which begin with the folder dir ("/", "/calculators/").
func policyRules(pages []Page, dir string, rule func(string, ...string)) {
	calc := slices.ContainsFunc(pages, func(p Page) bool { return p.Calc })
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
	for len(pages) > 0 {
		p := pages[0]
		rest := strings.TrimPrefix(p.Path, dir)
		switch {
		case rest == "":
			// The folder's own page, served as dir and dir/index.html.
			rule(dir, policy(p.Calc))
			rule(dir+"index.html", policy(p.Calc))
			pages = pages[1:]
		case !strings.Contains(rest, "/"):
			rule(p.Path, policy(p.Calc)) // a file: 404.html
			pages = pages[1:]
		default:
			sub := dir + rest[:strings.IndexByte(rest, '/')+1]
			n := 1
			for n < len(pages) && strings.HasPrefix(pages[n].Path, sub) {
				n++
			}
			policyRules(pages[:n], sub, rule)
			pages = pages[n:]
		}
	}
}
