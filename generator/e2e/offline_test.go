package e2e

import (
	"context"
	"encoding/xml"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"ketref/generator/preview"
	"ketref/generator/server"
	"ketref/generator/site"
	"ketref/generator/wasmbuild"
)

// controlled waits until the page's service worker has installed (every
// precache entry fetched and checked) and controls the page.
func controlled(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the service worker to control the page", `!!navigator.serviceWorker.controller`)
}

// sitemapPaths reads the site paths of every page from dir's sitemap.xml.
func sitemapPaths(t *testing.T, dir string) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(src, &sm); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, u := range sm.URLs {
		paths = append(paths, u.Loc)
	}
	return paths
}

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

// fileTitle is the <title> of the page at site path p in dir; safe to
// call from any goroutine.
func fileTitle(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/")), "index.html"))
	m := titleRE.FindSubmatch(b)
	if err != nil || m == nil {
		t.Errorf("%s: no title (%v)", p, err) // not Fatal: called from the tabs' goroutines
		return ""
	}
	return html.UnescapeString(string(m[1]))
}

// TestOfflineAfterOneVisit: after one visit to the home page, with the
// server stopped (so nothing, the worker's own fetches included, reaches
// the network), every page of the sitemap loads with its title, search
// finds pages, both calculators compute, and an address that was never a
// page shows the offline page listing the saved pages.
func TestOfflineAfterOneVisit(t *testing.T) {
	t.Parallel()
	dir := BuildOfflineSite(t)
	srv := httptest.NewServer(server.NewHandler(dir))
	defer srv.Close()
	ctx := Browser(t, 150*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	controlled(t, ctx)
	base := srv.URL
	srv.Close()

	paths := sitemapPaths(t, dir)
	if len(paths) < 100 {
		t.Fatalf("sitemap lists %d pages", len(paths))
	}
	// Three tabs of the same browser (one worker, one cache) share the
	// pages: rendering them, not the cache, is what takes time.
	var wg sync.WaitGroup
	for tab := range 3 {
		tctx, cancel := chromedp.NewContext(ctx)
		defer cancel()
		wg.Go(func() {
			for i := tab; i < len(paths); i += 3 {
				p := paths[i]
				if err := chromedp.Do(tctx, chromedp.Navigate(base+p)); err != nil {
					t.Errorf("%s: %v", p, err)
					continue
				}
				got, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.title`))
				if want := fileTitle(t, dir, p); err != nil || got != want {
					t.Errorf("%s offline: title %q (%v), want %q", p, got, err, want)
				}
			}
		})
	}
	wg.Wait()

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#search-input")),
		typeText("#search-input", "bioavailability"), chromedp.WaitVisible(chromedp.CSS(".search-hit"))); err != nil {
		t.Errorf("search offline: %v", err)
	}

	for _, c := range []struct{ page, call, check string }{
		{"/calculators/dosing/", `ketcalc.dosing({route: "iv-racemic", weight: "70", weightUnit: "kg", dosePerKg: "0.5", concentration: "10", volume: "100", startDate: ""})`, `r.ok && r.doseMg === 35`},
		{"/calculators/eligibility/", `ketcalc.eligibility({adult: true, failedTrials: "2", ssri1: true})`, `r.ok && r.bodies.length > 0`},
	} {
		openCalculator(t, ctx, base+c.page)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => { const r = await Promise.resolve(`+c.call+`); return `+c.check+`; })()`, chromedp.EvalAwaitPromise))
		if err != nil || !ok {
			t.Errorf("%s offline: %s gives no result (%v)", c.page, c.call, err)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/no/such/page/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the offline page's list", `document.querySelectorAll("#offline-pages li a").length > 0`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector("h1").textContent, document.querySelector("main").textContent,
		String(document.querySelectorAll("#offline-pages li a").length), document.querySelector('#offline-pages a[href="/efficacy/"]').textContent,
		String(document.getElementById("offline-none").hidden)]`))
	if err != nil || len(got) != 5 || got[0] != "Offline" || !strings.Contains(got[1], "This reference is offline") || got[2] != strconv.Itoa(len(paths)) || got[3] != "Efficacy in TRD" || got[4] != "true" {
		t.Errorf("offline page: %q (%v); want the heading Offline, the words, %d pages listed, /efficacy/ by its title", got, err, len(paths))
	}
}

// TestOfflineUpdateNotice: a page open while a new build is deployed
// tells the reader, and changes only when Reload is pressed.
func TestOfflineUpdateNotice(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS(filepath.Join(Root, "content"))); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "public")
	build := func() {
		t.Helper()
		if _, err := site.Build(site.Options{Content: os.DirFS(content), Templates: os.DirFS(filepath.Join(Root, "templates")), Out: out,
			Wasm: &wasmbuild.Options{ModuleRoot: Root, Package: "./wasm", SourceDir: "wasm"}}); err != nil {
			t.Fatal(err)
		}
	}
	build()
	base := Serve(t, out)
	ctx := Browser(t, 120*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mechanism/")); err != nil {
		t.Fatal(err)
	}
	controlled(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument = true`)); err != nil {
		t.Fatal(err)
	}
	const added = "A sentence added by the second build."
	edit(t, filepath.Join(content, "mechanism.md"), "\n## ", "\n"+added+"\n\n## ")
	build()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the update notice", `!!document.querySelector(".update-notice:not([hidden]) button")`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector(".update-notice").getAttribute("role"), document.querySelector(".update-notice").textContent,
		String(window.sameDocument), String(document.querySelector("main").textContent.includes(`+quote(added)+`))]`))
	if err != nil || len(got) != 4 || got[0] != "status" || got[1] != "This reference has been updated — reloadReload" || got[2] != "true" || got[3] != "false" {
		t.Fatalf("before Reload: %q (%v); want the notice as a status, the same document, the old text", got, err)
	}
	// The button is reached with the keyboard and pressed with Enter.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(".update-notice button")), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the new build after Reload", `!window.sameDocument && document.readyState === "complete" && document.querySelector("main").textContent.includes(`+quote(added)+`)`)
}

// TestOfflineNewDeployIsNoticedOnNavigation: precached pages are answered
// from the cache (a repeat visit does not wait for the network), so a
// navigation after a new deploy shows the page of the build the worker
// holds; the browser's own update check after that navigation finds the
// new build, and the notice appears without any script asking for an
// update. Reload then shows the new page.
func TestOfflineNewDeployIsNoticedOnNavigation(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS(filepath.Join(Root, "content"))); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "public")
	build := func() {
		t.Helper()
		if _, err := site.Build(site.Options{Content: os.DirFS(content), Templates: os.DirFS(filepath.Join(Root, "templates")), Out: out,
			Wasm: &wasmbuild.Options{ModuleRoot: Root, Package: "./wasm", SourceDir: "wasm"}}); err != nil {
			t.Fatal(err)
		}
	}
	build()
	base := Serve(t, out)
	ctx := Browser(t, 120*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mechanism/")); err != nil {
		t.Fatal(err)
	}
	controlled(t, ctx)
	const added = "A sentence added by the second build."
	edit(t, filepath.Join(content, "mechanism.md"), "\n## ", "\n"+added+"\n\n## ")
	build()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mechanism/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the update notice after navigating", `!!document.querySelector(".update-notice:not([hidden]) button")`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("main").textContent.includes(`+quote(added)+`)`))
	if err != nil || got {
		t.Fatalf("the page under the notice has the new text (%v, %v): want the cached page of the build the worker holds", got, err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(".update-notice button")), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the new build after Reload", `document.readyState === "complete" && document.querySelector("main").textContent.includes(`+quote(added)+`)`)
}

// TestOfflineUpdateKeepsTheShownResult: a dose is on screen when a new
// build is deployed. The notice appears; the dose, the page and the module
// that computed it stay as they were until the person presses Reload: an
// update never changes a shown result silently.
func TestOfflineUpdateKeepsTheShownResult(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS(filepath.Join(Root, "content"))); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "public")
	build := func() {
		t.Helper()
		if _, err := site.Build(site.Options{Content: os.DirFS(content), Templates: os.DirFS(filepath.Join(Root, "templates")), Out: out,
			Wasm: &wasmbuild.Options{ModuleRoot: Root, Package: "./wasm", SourceDir: "wasm"}}); err != nil {
			t.Fatal(err)
		}
	}
	build()
	base := Serve(t, out)
	ctx := Browser(t, 120*time.Second)
	openCalculator(t, ctx, base+"/calculators/dosing/")
	if err := chromedp.Do(ctx, choose("route", "iv-racemic"), fill("weight", "70"), fill("dosePerKg", "0.5"),
		chromedp.Click(chromedp.CSS("#dosing-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".result-dose"))); err != nil {
		t.Fatal(err)
	}
	controlled(t, ctx)
	shown := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".result-dose").textContent + " | " + document.getElementById("calc-rules").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := shown()
	if !strings.Contains(before, "35 mg") {
		t.Fatalf("the result before the update: %q", before)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument = true`)); err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(content, "mechanism.md"), "\n## ", "\nA sentence added by the second build.\n\n## ")
	build()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the update notice", `!!document.querySelector(".update-notice:not([hidden]) button")`)
	if after := shown(); after != before {
		t.Errorf("the shown result changed with the update: %q, was %q", after, before)
	}
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument === true`))
	if err != nil || !same {
		t.Errorf("the page was reloaded without Reload being pressed (%v)", err)
	}
	// The module that computed it still answers, the same way.
	dose, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`ketcalc.dosing({route: "iv-racemic", weight: "70", weightUnit: "kg", dosePerKg: "0.5"}).then(r => r.doseMg)`, chromedp.EvalAwaitPromise))
	if err != nil || dose != 35 {
		t.Errorf("after the update the calculator answers %v (%v); want 35", dose, err)
	}
}

// TestOfflineRegistersAfterTheCalculator: on a calculator's page the
// service worker is registered only once the calculator is ready, so that
// its precache (the whole site) does not share a phone's link with the
// module a clinician is waiting for. The module is held back by the
// server: while it is, nothing is registered, though the page has loaded.
func TestOfflineRegistersAfterTheCalculator(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	h := server.NewHandler(BuildOfflineSite(t))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ctx := Browser(t, 90*time.Second)
	const count = `window.__registers = 0;
const sw = navigator.serviceWorker, register = sw.register.bind(sw);
sw.register = function () { window.__registers++; return register.apply(null, arguments); };`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: count}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/calculators/dosing/")); err != nil {
		t.Fatal(err)
	}
	// After the load event's listeners have run, where any other page
	// registers.
	const afterLoad = `new Promise(r => { const later = () => setTimeout(() => r(window.__registers), 0); if (document.readyState === "complete") later(); else addEventListener("load", later); })`
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](afterLoad, chromedp.EvalAwaitPromise)); err != nil || n != 0 {
		t.Fatalf("the service worker was registered %d times while the calculator's module was held back (%v)", n, err)
	}
	once.Do(func() { close(release) })
	waitFor(t, ctx, "the calculator", `document.documentElement.hasAttribute("data-calc-ready")`)
	controlled(t, ctx)
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.__registers`)); err != nil || n != 1 {
		t.Errorf("registered %d times once the calculator was ready (%v); want 1", n, err)
	}
}

// TestOfflineCorruptEntryIsRefetched: the first responses for a page the
// worker precaches are truncated. Once: the worker sees the hash differ,
// fetches it again within the same install, and caches the right bytes.
// Twice: the install fails, nothing controls the page, and the next visit
// installs with the right bytes.
func TestOfflineCorruptEntryIsRefetched(t *testing.T) {
	t.Parallel()
	dir := BuildOfflineSite(t)
	want, err := os.ReadFile(filepath.Join(dir, "glossary", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		truncated int
		// requests the server sees for the page; attempts the worker in
		// control made.
		requests, attempts int
	}{
		{"refetched in the same install", 1, 2, 2},
		{"the install fails, the next visit succeeds", 2, 3, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			hits := 0
			h := server.NewHandler(dir)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/glossary/" {
					mu.Lock()
					hits++
					n := hits
					mu.Unlock()
					if n <= tt.truncated {
						w.Header().Set("Content-Type", "text/html; charset=utf-8")
						_, _ = w.Write(want[:len(want)/2])
						return
					}
				}
				h.ServeHTTP(w, r)
			}))
			defer srv.Close()
			requests := func() int {
				mu.Lock()
				defer mu.Unlock()
				return hits
			}
			ctx := Browser(t, 90*time.Second)
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
				t.Fatal(err)
			}
			if tt.truncated > 1 {
				// The failed install leaves no registration behind (it had
				// no active worker), and no worker controls the page.
				for requests() < 2 {
					select {
					case <-ctx.Done():
						t.Fatal("the worker never fetched the page twice")
					case <-time.After(25 * time.Millisecond):
					}
				}
				for {
					n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`navigator.serviceWorker.getRegistrations().then(r => r.length)`, chromedp.EvalAwaitPromise))
					if err == nil && n == 0 {
						break
					}
					select {
					case <-ctx.Done():
						t.Fatal("the failed install's registration stays")
					case <-time.After(25 * time.Millisecond):
					}
				}
				if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!navigator.serviceWorker.controller`)); err != nil || !ok {
					t.Fatalf("a worker controls the page after a failed install (%v)", err)
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
					t.Fatal(err)
				}
			}
			controlled(t, ctx)
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(async () => {
				const r = await caches.match("/glossary/");
				const attempts = await new Promise(resolve => {
					const ch = new MessageChannel();
					ch.port1.onmessage = e => resolve(e.data.attempts["/glossary/"] || 0);
					navigator.serviceWorker.controller.postMessage({type: "attempts"}, [ch.port2]);
				});
				return [r ? (await r.arrayBuffer()).byteLength : -1, attempts];
			})()`, chromedp.EvalAwaitPromise))
			if n := requests(); err != nil || len(got) != 2 || got[0] != len(want) || got[1] != tt.attempts || n != tt.requests {
				t.Errorf("cached bytes and attempts %v (%v) from %d requests; want %d bytes, %d attempts, %d requests", got, err, n, len(want), tt.attempts, tt.requests)
			}
		})
	}
}

// TestPreviewRemovesTheWorker: a built site served on an address leaves
// its worker there; the preview on the same host and port serves no
// worker nor its registration, and its page unregisters the worker and
// deletes the site's caches.
func TestPreviewRemovesTheWorker(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	built := &http.Server{Handler: server.NewHandler(BuildOfflineSite(t))}
	go func() { _ = built.Serve(ln) }()
	ctx := Browser(t, 120*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/")); err != nil {
		t.Fatal(err)
	}
	controlled(t, ctx)
	_ = built.Close()

	p := preview.New(preview.Options{
		Site: site.Options{Content: os.DirFS(filepath.Join(Root, "content")), Templates: os.DirFS(filepath.Join(Root, "templates")),
			Wasm: &wasmbuild.Options{ModuleRoot: Root, Package: "./wasm", SourceDir: "wasm"}},
		ContentDir: filepath.Join(Root, "content"), TemplatesDir: filepath.Join(Root, "templates"),
	})
	var ln2 net.Listener
	for ln2 == nil {
		// The port was just closed; it is free again at once on Linux,
		// but give another system a moment.
		if ln2, err = net.Listen("tcp", addr); err != nil {
			select {
			case <-ctx.Done():
				t.Fatalf("listening again on %s: %v", addr, err)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	pctx, cancel := context.WithCancel(context.Background())
	done, ready := make(chan error, 1), make(chan string, 1)
	go func() { done <- p.Run(pctx, ln2, ready) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("preview stopped with %v", err)
		}
	}()
	<-ready
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the preview's page to remove the worker", `window.ketrefPreviewNoWorker === true && !navigator.serviceWorker.controller`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(async () => [
		(await navigator.serviceWorker.getRegistrations()).length,
		(await caches.keys()).filter(n => n.startsWith("ketref:")).length,
		document.querySelectorAll("script[data-worker], link[rel=manifest]").length,
		(await fetch("/sw.js")).status,
	])()`, chromedp.EvalAwaitPromise))
	if err != nil || len(got) != 4 || got[0] != 0 || got[1] != 0 || got[2] != 1 || got[3] != 404 {
		t.Errorf("preview: registrations, caches, registration and manifest elements, sw.js status = %v (%v); want 0, 0, 1 (the manifest), 404", got, err)
	}
}
