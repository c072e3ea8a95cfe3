package preview

import (
	"testing"

	"ketref/generator/headers"
	"ketref/generator/server"
)

// TestPreviewSendsTheBuiltSitesPolicy: the preview's response header is
// the widest policy a built page carries (the calculator pages'), so what
// an editor sees runs under the same rules as the deployed site, where
// each page's meta tag and _headers narrow it.
func TestPreviewSendsTheBuiltSitesPolicy(t *testing.T) {
	if server.ContentSecurityPolicy != headers.CalculatorContentSecurityPolicy {
		t.Errorf("preview policy\n  %s\nbuilt calculator pages' policy\n  %s", server.ContentSecurityPolicy, headers.CalculatorContentSecurityPolicy)
	}
}
