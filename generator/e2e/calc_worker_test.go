package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"ketref/generator/server"
	"ketref/wasm/calculators"
)

// serveWith serves the shared site through the preview's handler wrapped
// by wrap, which sees every request first.
func serveWith(t *testing.T, wrap func(next http.Handler) http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(wrap(server.NewHandler(BuildSite(t))))
	t.Cleanup(srv.Close)
	return srv.URL
}

// isModule reports whether a request is for the calculators' module.
func isModule(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, ".wasm") }

// submitIVExample fills in the worked example (70 kg, IV at 0.5 mg/kg)
// and submits it.
func submitIVExample() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(choose("route", "iv-racemic"), fill("weight", "70"), fill("dosePerKg", "0.5"),
		chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")))
}

// TestCalcWorksWhenTheWorkerIsSlow holds the module's download until the
// person has submitted: the form is usable before the module is, the
// status says the calculator is loading, and the result appears once the
// module is there.
func TestCalcWorksWhenTheWorkerIsSlow(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	base := serveWith(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isModule(r) {
				select {
				case <-release:
				case <-r.Context().Done():
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	})
	ctx := Browser(t, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calculators/dosing/"), chromedp.WaitVisible(chromedp.CSS("#dosing-form")), submitIVExample()); err != nil {
		t.Fatal(err)
	}
	st, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const s = document.getElementById("calc-status"); return !s.hidden && s.checkVisibility({visibilityProperty: true}) && s.textContent; })()`))
	if err != nil {
		t.Fatalf("no visible status after a submit before the module is ready: %v", err)
	}
	if !strings.Contains(st, "Loading the calculator") {
		t.Errorf("status while the module downloads = %q", st)
	}
	if ready, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.hasAttribute("data-calc-ready")`)); ready {
		t.Fatal("the calculator is ready while its module is held back")
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".result-dose").length`)); n != 0 {
		t.Fatal("a result appeared without the module")
	}
	// The rules line is the running module's: nothing before it runs.
	if hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("calc-rules").hidden`)); !hidden {
		t.Error("the rules line shows before the module runs")
	}
	once.Do(func() { close(release) })
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".result-dose"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".result-dose"); got != "35 mg (0.5 mg/kg)" {
		t.Errorf("dose = %q", got)
	}
	if hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("calc-status").hidden`)); !hidden {
		t.Errorf("the loading status stays after the result: %q", text(t, ctx, "#calc-status"))
	}
}

// TestCalcGoRunsOffTheMainThread: from navigation to a ready calculator,
// the page's own thread never compiles or instantiates WebAssembly and
// never loads Go's runtime (wasm_exec.js defines Go): Go's start-up, the
// long tasks of about 400 ms it made there, runs in the worker. The long
// tasks the page does have are logged; their length is a measurement
// (generator/bench/pointofcare), not something a test on a shared machine
// can assert.
func TestCalcGoRunsOffTheMainThread(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	const observe = `window.__long = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({type: "longtask", buffered: true});
window.__wasmCalls = 0;
for (const f of ["compile", "compileStreaming", "instantiate", "instantiateStreaming"]) {
	const orig = WebAssembly[f];
	WebAssembly[f] = function () { window.__wasmCalls++; return orig.apply(this, arguments); };
}
const OrigModule = WebAssembly.Module;
WebAssembly.Module = function (b) { window.__wasmCalls++; return new OrigModule(b); };`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: observe}); err != nil {
		t.Fatal(err)
	}
	openCalculator(t, ctx, base+"/calculators/dosing/")
	// The observer reports a task after it ends: one more frame.
	var got struct {
		Long      []float64 `json:"long"`
		WasmCalls int       `json:"wasmCalls"`
		Go        string    `json:"go"`
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`new Promise(r => requestAnimationFrame(() => setTimeout(() => r({long: window.__long, wasmCalls: window.__wasmCalls, go: typeof Go}), 0)))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	t.Logf("long tasks on the main thread until the calculator was ready: %v", got.Long)
	// The counter counts: one module compiled here now is seen.
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), window.__wasmCalls`)); err != nil || n != got.WasmCalls+1 {
		t.Fatalf("the WebAssembly counter did not count a compile on the page: %d, %v", n, err)
	}
	if got.WasmCalls != 0 || got.Go != "undefined" {
		t.Errorf("the page's own thread made %d WebAssembly compile or instantiate calls and has Go as %q; want none and undefined: the module runs in the worker", got.WasmCalls, got.Go)
	}
}

// TestCalcModuleFailureOffersRetry: a module that is missing or corrupt
// gives a message with a Retry button and leaves the rules readable;
// once the server is fixed, Retry gives the result asked for.
func TestCalcModuleFailureOffersRetry(t *testing.T) {
	t.Parallel()
	missing := func(w http.ResponseWriter) { http.Error(w, "not found", http.StatusNotFound) }
	for _, tt := range []struct {
		name    string
		breakIt func(w http.ResponseWriter)
		idle    bool // nothing asked for before the Retry
	}{
		{"missing", missing, false},
		{"corrupt", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/wasm")
			w.Write([]byte("\x00asm\x01\x00\x00\x00this is not a module"))
		}, false},
		{"missing, nothing asked", missing, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var broken atomic.Bool
			broken.Store(true)
			base := serveWith(t, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if isModule(r) && broken.Load() {
						w.Header().Set("Cache-Control", "no-store")
						tt.breakIt(w)
						return
					}
					next.ServeHTTP(w, r)
				})
			})
			ctx := Browser(t, 90*time.Second)
			ask := submitIVExample()
			if tt.idle {
				ask = chromedp.Steps()
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calculators/dosing/"), chromedp.WaitVisible(chromedp.CSS("#dosing-form")), ask,
				chromedp.WaitVisible(chromedp.CSS("#calc-status button.calc-retry"))); err != nil {
				t.Fatalf("no Retry after the module failed: %v", err)
			}
			if msg := text(t, ctx, "#calc-status"); !strings.Contains(msg, "could not load") {
				t.Errorf("status = %q; want it to say the calculator could not load", msg)
			}
			if vis, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("rules").checkVisibility({visibilityProperty: true}) && document.querySelectorAll(".dosing-table table").length > 0`)); err != nil || !vis {
				t.Errorf("the rule tables are not readable after the failure (%v)", err)
			}
			broken.Store(false)
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#calc-status button.calc-retry")), chromedp.WaitReady(chromedp.CSS("html[data-calc-ready]"))); err != nil {
				t.Fatalf("not ready after Retry: %v", err)
			}
			if tt.idle {
				// Nothing was asked: nothing may stay loading.
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("calc-status").hidden`)); err != nil {
					t.Fatalf("the status stays after a Retry with nothing asked: %q", text(t, ctx, "#calc-status"))
				}
				if err := chromedp.Do(ctx, submitIVExample()); err != nil {
					t.Fatal(err)
				}
			}
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".result-dose"))); err != nil {
				t.Fatalf("no result after Retry: %v", err)
			}
			if got := text(t, ctx, ".result-dose"); got != "35 mg (0.5 mg/kg)" {
				t.Errorf("dose after Retry = %q", got)
			}
			if hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("calc-status").hidden`)); !hidden {
				t.Errorf("the status stays after a result: %q", text(t, ctx, "#calc-status"))
			}
		})
	}
}

// TestCalcModuleAfterFirstPaint: the module is requested only after the
// page's first paint. The request is made by the worker, whose timeline
// the page cannot read, so the server notes when each request arrives and
// the page when it painted, both as wall-clock times on this machine.
func TestCalcModuleAfterFirstPaint(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	arrived := map[string]time.Time{}
	base := serveWith(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for _, kind := range []string{".wasm", "/calc-worker."} {
				if strings.Contains(r.URL.Path, kind) {
					mu.Lock()
					if _, ok := arrived[kind]; !ok {
						arrived[kind] = time.Now()
					}
					mu.Unlock()
				}
			}
			next.ServeHTTP(w, r)
		})
	})
	ctx := Browser(t, 90*time.Second)
	openCalculator(t, ctx, base+"/calculators/dosing/")
	paint, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const p = performance.getEntriesByType("paint").find(e => e.name === "first-paint") || performance.getEntriesByType("paint").find(e => e.name === "first-contentful-paint"); return p ? performance.timeOrigin + p.startTime : 0; })()`))
	if err != nil || paint == 0 {
		t.Fatalf("the page reports no first paint (%v)", err)
	}
	painted := time.UnixMicro(int64(paint * 1000))
	mu.Lock()
	defer mu.Unlock()
	for _, kind := range []string{"/calc-worker.", ".wasm"} {
		at, ok := arrived[kind]
		if !ok {
			t.Errorf("no request for %s", kind)
			continue
		}
		t.Logf("%s requested %v after the first paint", kind, at.Sub(painted))
		if !at.After(painted) {
			t.Errorf("%s was requested %v before the first paint", kind, painted.Sub(at))
		}
	}
}

// TestCalcShowsRulesVersion: once the module runs, the page shows the
// version and date of its rules, the ones Go computes natively; a page
// built for other rules (as when a stale module is cached) warns.
func TestCalcShowsRulesVersion(t *testing.T) {
	t.Parallel()
	want := "Rules version " + calculators.RulesVersion() + " of " + calculators.RulesDate + "."
	for _, tt := range []struct {
		name  string
		stale bool
	}{{"current", false}, {"stale", true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := serveWith(t, func(next http.Handler) http.Handler {
				if !tt.stale {
					return next
				}
				// The page claims other rules than the module has.
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if !strings.HasPrefix(r.URL.Path, "/calculators/dosing/") {
						next.ServeHTTP(w, r)
						return
					}
					// Asked for uncompressed, so that it can be rewritten.
					r = r.Clone(r.Context())
					r.Header.Del("Accept-Encoding")
					rec := httptest.NewRecorder()
					next.ServeHTTP(rec, r)
					body := strings.Replace(rec.Body.String(), `data-version="`+calculators.RulesVersion()+`"`, `data-version="000000000000"`, 1)
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.Write([]byte(body))
				})
			})
			ctx := Browser(t, 90*time.Second)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calculators/dosing/")); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("html[data-calc-ready]")), chromedp.WaitVisible(chromedp.CSS("#calc-rules"))); err != nil {
				t.Fatal(err)
			}
			got := text(t, ctx, "#calc-rules")
			stale := count(t, ctx, "#calc-rules.calc-rules-stale") == 1
			switch {
			case !tt.stale && (got != want || stale):
				t.Errorf("rules line %q (stale %v); want %q", got, stale, want)
			case tt.stale && (!stale || !strings.Contains(got, "Warning") || !strings.Contains(got, calculators.RulesVersion()) || !strings.Contains(got, "000000000000")):
				t.Errorf("a page built for other rules shows %q (stale %v); want a warning naming both versions", got, stale)
			}
		})
	}
}

// TestCalcAPIReturnsPromises: every function of ketcalc returns a Promise
// of a plain object, also when called before the module is ready, and an
// input with a throwing getter or a value that cannot be posted is read
// as its plain fields.
func TestCalcAPIReturnsPromises(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	// Called as soon as the page's scripts have run, before the worker.
	const early = `window.__early = null; document.addEventListener("DOMContentLoaded", () => {
		const p = window.ketcalc.dosing({route: "iv-racemic", weight: "70", weightUnit: "kg", dosePerKg: 0.5});
		window.__early = {promise: p instanceof Promise, ready: document.documentElement.hasAttribute("data-calc-ready")};
		p.then(r => { window.__early.dose = r.doseMg; });
	});`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: early}); err != nil {
		t.Fatal(err)
	}
	type earlyCall struct {
		Promise, Ready bool
		Dose           float64
	}
	openCalculator(t, ctx, base+"/calculators/dosing/")
	got, err := chromedp.Run(ctx, chromedp.Poll[earlyCall](`window.__early && window.__early.dose && window.__early`))
	if err != nil {
		t.Fatalf("a call made before the module was ready never resolved: %v", err)
	}
	if !got.Promise || got.Ready || got.Dose != 35 {
		t.Errorf("early call: %+v; want a Promise, made before ready, of a 35 mg dose", got)
	}

	type answer struct {
		Ok      bool
		Field   string
		Version string
		Date    string
		Routes  int
	}
	a, err := chromedp.Run(ctx, chromedp.Evaluate[answer](`(async () => {
		const odd = {route: "iv-racemic", dosePerKg: "0.5", weightUnit: "kg", f() {}, sym: Symbol("x"), nested: {a: 1}};
		Object.defineProperty(odd, "weight", {get() { throw new Error("no"); }, enumerable: true});
		const r = await ketcalc.dosing(odd);
		const rules = await ketcalc.rules();
		const routes = await ketcalc.routes().then(list => list.length);
		return {ok: r.ok, field: r.errors.map(e => e.field).join(","), version: rules.version, date: rules.date, routes};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if a.Ok || a.Field != "weight" {
		t.Errorf("an input whose weight getter throws: ok=%v, errors on %q; want a weight error", a.Ok, a.Field)
	}
	if a.Version != calculators.RulesVersion() || a.Date != calculators.RulesDate {
		t.Errorf("ketcalc.rules() = %s, %s; want %s, %s", a.Version, a.Date, calculators.RulesVersion(), calculators.RulesDate)
	}
	if a.Routes != 8 {
		t.Errorf("ketcalc.routes() lists %d routes; want 8", a.Routes)
	}
}

// policyFromHeadersFile serves the built site from a plain file server
// with the response headers its _headers file gives each path, joining
// the values of every rule that matches, as Netlify and Cloudflare Pages
// do; and with worker as the worker script's policy when it is not empty.
func policyFromHeadersFile(t *testing.T, worker string) string {
	t.Helper()
	dir := BuildSite(t)
	rules := readHeadersFile(t, filepath.Join(dir, "_headers"))
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if !rule.matches(r.URL.Path) {
				continue
			}
			for _, h := range rule.headers {
				if v := w.Header().Get(h[0]); v != "" {
					w.Header().Set(h[0], v+", "+h[1])
				} else {
					w.Header().Set(h[0], h[1])
				}
			}
		}
		if worker != "" && strings.Contains(r.URL.Path, "/calc-worker.") {
			w.Header().Set("Content-Security-Policy", worker)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// headerRule is one rule of a _headers file: a path, which may end in the
// splat *, and its headers as name, value.
type headerRule struct {
	path    string
	headers [][2]string
}

func (r headerRule) matches(p string) bool {
	if prefix, ok := strings.CutSuffix(r.path, "*"); ok {
		return strings.HasPrefix(p, prefix)
	}
	return p == r.path
}

func readHeadersFile(t *testing.T, name string) []headerRule {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var rules []headerRule
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, " "):
			k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok || len(rules) == 0 {
				t.Fatalf("_headers: a header outside a rule: %q", line)
			}
			rules[len(rules)-1].headers = append(rules[len(rules)-1].headers, [2]string{k, v})
		default:
			rules = append(rules, headerRule{path: line})
		}
	}
	return rules
}

// TestCalcWorkerPolicy: under the policies _headers sends (and the pages'
// meta), the worker compiles the module and the page reports no
// violation; a worker script sent the reading pages' policy, which has no
// 'wasm-unsafe-eval' (a host that sends one policy everywhere), fails
// visibly with a Retry rather than spinning.
func TestCalcWorkerPolicy(t *testing.T) {
	t.Parallel()
	t.Run("headers file", func(t *testing.T) {
		t.Parallel()
		base := policyFromHeadersFile(t, "")
		ctx := Browser(t, 90*time.Second)
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolations}); err != nil {
			t.Fatal(err)
		}
		openCalculator(t, ctx, base+"/calculators/dosing/")
		if err := chromedp.Do(ctx, submitIVExample(), chromedp.WaitVisible(chromedp.CSS(".result-dose"))); err != nil {
			t.Fatal(err)
		}
		if v := violations(t, ctx); len(v) > 0 {
			t.Errorf("policy violations %q", v)
		}
	})
	t.Run("worker without wasm-unsafe-eval", func(t *testing.T) {
		t.Parallel()
		base := policyFromHeadersFile(t, "default-src 'self'; script-src 'self'")
		ctx := Browser(t, 90*time.Second)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calculators/dosing/"), chromedp.WaitVisible(chromedp.CSS("#calc-status button.calc-retry"))); err != nil {
			t.Fatalf("no failure shown when the worker may not compile: %v", err)
		}
		if msg := text(t, ctx, "#calc-status"); !strings.Contains(msg, "could not load") {
			t.Errorf("status = %q", msg)
		}
	})
}

// TestCalcCallTimeout: a call the worker never answers fails visibly,
// with a Retry, instead of waiting for ever. Calls to the worker are
// dropped (Worker.prototype.postMessage is wrapped before the page runs),
// as a worker that hangs would drop them; the page's own 20 s timeout
// runs, as it does for a person.
func TestCalcCallTimeout(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	const deaf = `(() => { const post = Worker.prototype.postMessage; Worker.prototype.postMessage = function (m) { if (m && m.type === "call") return; return post.apply(this, arguments); }; })();`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: deaf}); err != nil {
		t.Fatal(err)
	}
	openCalculator(t, ctx, base+"/calculators/dosing/")
	start := time.Now()
	if err := chromedp.Do(ctx, submitIVExample(), chromedp.WaitVisible(chromedp.CSS("#calc-status button.calc-retry"))); err != nil {
		t.Fatalf("an unanswered call shows no failure: %v", err)
	}
	t.Logf("an unanswered call failed after %v", time.Since(start))
	if msg := text(t, ctx, "#calc-status"); !strings.Contains(msg, "did not answer") {
		t.Errorf("status = %q", msg)
	}
}

// TestCalcAPIThrowingGetter: an input whose getter throws resolves, for
// every calculator, to the documented result object with an error on that
// field, through the page's copy and the worker; a later call still
// works, and a tick box in the URL spelled TRUE is ticked while one
// spelled maybe is refused on the page.
func TestCalcAPIThrowingGetter(t *testing.T) {
	t.Parallel()
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 90*time.Second)
	openCalculator(t, ctx, base+"/calculators/eligibility/")
	type answer struct {
		Settled, EligOk, DoseOk, AfterOk bool
		EligFields, DoseFields           string
		Message                          string
	}
	a, err := chromedp.Run(ctx, chromedp.Evaluate[answer](`(async () => {
		const bad = {get() { throw new Error("no"); }, enumerable: true};
		const elig = Object.defineProperty({failedTrials: "2"}, "adult", bad);
		const dose = Object.defineProperty({route: "iv-racemic", weightUnit: "kg", dosePerKg: "0.5"}, "weight", bad);
		const fields = r => r.errors.map(e => e.field).join(",");
		try {
			const e = await ketcalc.eligibility(elig), d = await ketcalc.dosing(dose);
			const after = await ketcalc.eligibility({adult: "TRUE", failedTrials: "2"});
			return {settled: true, eligOk: e.ok, doseOk: d.ok, afterOk: after.ok, eligFields: fields(e), doseFields: fields(d), message: e.errors[0].message};
		} catch (err) {
			return {settled: false, message: String(err)};
		}
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Settled {
		t.Fatalf("a call with a throwing getter threw or rejected: %s", a.Message)
	}
	if a.EligOk || a.EligFields != "adult" || a.DoseOk || a.DoseFields != "weight" || a.Message != "Answer yes or no." {
		t.Errorf("throwing getters: %+v; want ok false with an error on adult (eligibility: \"Answer yes or no.\") and on weight (dosing)", a)
	}
	if !a.AfterOk {
		t.Error(`a later call with adult "TRUE" failed`)
	}

	openCalculator(t, ctx, base+"/calculators/eligibility/?adult=TRUE&failedTrials=2")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".result-lines"))); err != nil {
		t.Fatalf("adult=TRUE in the URL: no result: %v", err)
	}
	if ticked, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("adult").checked`)); !ticked {
		t.Error("adult=TRUE in the URL left the box unticked")
	}
	openCalculator(t, ctx, base+"/calculators/eligibility/?adult=maybe&failedTrials=2")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".result-invalid"))); err != nil {
		t.Fatalf("adult=maybe in the URL: not refused: %v", err)
	}
	if msg := text(t, ctx, "#adult-error"); msg != "Answer yes or no." {
		t.Errorf("adult=maybe in the URL: error %q; want \"Answer yes or no.\"", msg)
	}
	// Ticking the box replaces the value from the URL.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#adult")), chromedp.WaitVisible(chromedp.CSS(".result-lines"))); err != nil {
		t.Errorf("after ticking adult: no result: %v", err)
	}
}
