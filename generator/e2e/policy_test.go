package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// recordViolations is run in every document before its own scripts: it
// keeps each Content-Security-Policy violation the page reports.
const recordViolations = `window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline")));`

// compileWasm compiles the smallest WebAssembly module and says how it went.
const compileWasm = `(() => { try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return "compiled"; } catch (e) { return e.name; } })()`

func violations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__violations`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPolicyWithoutHeaders serves the built site, as deployed (with its
// service worker), from a plain file server that sends no security
// headers, as a static host may: the pages' own meta policy must let the
// calculator compute and the reading pages load without a single
// violation, and must still be in force (inline script and, outside the
// calculators, WebAssembly refused).
func TestPolicyWithoutHeaders(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.FileServer(http.Dir(BuildOfflineSite(t))))
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/calculators/dosing/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h := resp.Header.Get("Content-Security-Policy"); h != "" {
		t.Fatalf("the file server sends a policy (%q); the test needs one that does not", h)
	}

	ctx := Browser(t, 90*time.Second)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolations}); err != nil {
		t.Fatal(err)
	}

	openCalculator(t, ctx, srv.URL+"/calculators/dosing/")
	if err := chromedp.Do(ctx, choose("route", "iv-racemic"), fill("weight", "70"), fill("dosePerKg", "0.5"),
		fill("concentration", "10"), fill("volume", "100"), chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".result-dose"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".result-dose"); got != "35 mg (0.5 mg/kg)" {
		t.Errorf("dose = %q", got)
	}
	if v := violations(t, ctx); len(v) > 0 {
		t.Errorf("calculator page: policy violations %q", v)
	}
	// The result came from the worker: the page itself never loaded Go's
	// runtime, so the worker, served with no policy, compiled the module.
	if goOnPage, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof Go !== "undefined"`)); err != nil || goOnPage {
		t.Errorf("the page loaded wasm_exec.js itself (%v); the module must run in the worker", err)
	}

	for _, path := range []string{"/efficacy/", "/references/", "/404.html"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatal(err)
		}
		WaitLocation(t, ctx, path)
		if v := violations(t, ctx); len(v) > 0 {
			t.Errorf("%s: policy violations %q", path, v)
		}
	}

	// On a reading page the policy is in force: an inline script is
	// refused, and so is compiling WebAssembly.
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.createElement("script"); s.textContent = "window.__ran = true"; document.head.appendChild(s); return window.__ran === true; })()`))
	if err != nil || ran {
		t.Errorf("an inline script ran (%v, %v)", ran, err)
	}
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](compileWasm)); err != nil || got != "CompileError" {
		t.Errorf("compiling WebAssembly on a reading page: %q, %v; want CompileError", got, err)
	}
	waitForViolation(t, ctx, "script-src-elem blocked inline")
}

// waitForViolation waits until the page has reported want: the event is
// dispatched after the refused action returns.
func waitForViolation(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	for {
		v := violations(t, ctx)
		for _, got := range v {
			if strings.HasPrefix(got, want) {
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no violation %q reported; got %q", want, v)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
