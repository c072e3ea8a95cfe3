package site

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
