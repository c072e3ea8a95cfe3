package preview

import (
	"testing"

	"ketref/generator/server"
	"ketref/generator/site"
)

// TestPreviewSendsTheBuiltSitesPolicy: the preview's response header is
// the widest policy a built page carries (the calculator pages'), so what
// an editor sees runs under the same rules as the deployed site, where
// each page's meta tag and _headers narrow it.
func TestPreviewSendsTheBuiltSitesPolicy(t *testing.T) {
	if server.ContentSecurityPolicy != site.CalculatorContentSecurityPolicy {
		t.Errorf("preview policy\n  %s\nbuilt calculator pages' policy\n  %s", server.ContentSecurityPolicy, site.CalculatorContentSecurityPolicy)
	}
}
