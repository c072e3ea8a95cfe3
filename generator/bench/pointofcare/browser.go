package main

import (
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium; every visit gets a browser context
// of its own, so a first visit starts with nothing cached.
type browser struct {
	o       options
	ctx     context.Context
	close   func()
	userDir string
}

func startBrowser(o options) (*browser, error) {
	path := o.chromium
	if path == "" {
		path = os.Getenv("CHROMIUM_PATH")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path != "" {
			break
		}
		path, _ = exec.LookPath(name)
	}
	if path == "" {
		return nil, fmt.Errorf("no Chromium: install chromium or pass -chromium")
	}
	userDir, err := os.MkdirTemp("", "ketref-pointofcare-chromium-")
	if err != nil {
		return nil, err
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(userDir))
	bctx, cancelBrowser := chromedp.NewContext(actx)
	b := &browser{o: o, ctx: bctx, userDir: userDir, close: func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(userDir)
	}}
	if err := chromedp.Do(bctx); err != nil {
		b.close()
		return nil, fmt.Errorf("starting Chromium: %w", err)
	}
	return b, nil
}

// probe runs first in every document: it records long tasks and the first
// contentful paint, and on the dosing page asks ketcalc for a dosing
// result as soon as ketcalc exists (the ketcalc:ready event, or a poll
// every 10 ms), awaiting what it returns, object or Promise.
const probe = `(() => {
  if (window.top !== window || window.__poc) return;
  const poc = window.__poc = {longTasks: [], fcp: 0, ready: 0};
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) poc.longTasks.push([e.startTime, e.duration]); })
      .observe({type: "longtask", buffered: true});
  } catch (e) { poc.noLongTasks = String(e); }
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") poc.fcp = e.startTime; })
      .observe({type: "paint", buffered: true});
  } catch (e) {}
  if (location.pathname !== DOSING) return;
  poc.result = new Promise(resolve => {
    let busy = false, timer = 0;
    const attempt = async () => {
      if (busy || poc.ready || !window.ketcalc || typeof window.ketcalc.dosing !== "function") return;
      busy = true;
      try {
        const r = await Promise.resolve(window.ketcalc.dosing({route: "iv-racemic", weight: "70", weightUnit: "kg",
          dosePerKg: "0.5", concentration: "10", volume: "100", startDate: ""}));
        if (r && r.ok && !poc.ready) { poc.ready = performance.now(); clearInterval(timer); resolve(poc.ready); }
      } catch (e) { poc.lastError = String(e); }
      busy = false;
    };
    window.addEventListener("ketcalc:ready", attempt);
    timer = setInterval(attempt, 10);
  });
})()`

// tab opens a throttled tab in a new browser context.
func (b *browser) tab() (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	err := chromedp.Do(ctx, chromedp.EmulateViewport(412, 823, chromedp.EmulateMobile))
	if err == nil {
		err = b.throttle(ctx, false)
	}
	if err == nil {
		_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: strings.Replace(probe, "DOSING", strconv.Quote(b.o.dosingPath), 1)})
	}
	if err != nil {
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}

// throttle applies Lighthouse's mobile network and CPU, or takes the tab
// offline (service worker included) at full CPU speed.
func (b *browser) throttle(ctx context.Context, offline bool) error {
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return err
	}
	cond := &network.Conditions{Latency: b.o.rtt, DownloadThroughput: b.o.down / 8, UploadThroughput: b.o.up / 8, Offline: offline}
	if b.o.atServer {
		// The server shapes the network; here only offline.
		cond = &network.Conditions{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &offline, MatchedNetworkConditions: []*network.Conditions{cond}}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, Latency: cond.Latency, DownloadThroughput: cond.DownloadThroughput, UploadThroughput: cond.UploadThroughput}); err != nil {
		return err
	}
	rate := b.o.cpu
	if offline {
		rate = 1
	}
	_, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate})
	return err
}

// visitDosing navigates to the dosing page and waits for its result.
func (b *browser) visitDosing(ctx context.Context, base string) (ready float64, err error) {
	err = withTimeout(ctx, b.o.timeout, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+b.o.dosingPath)); err != nil {
			return err
		}
		ready, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__poc.result`, chromedp.EvalAwaitPromise))
		return err
	})
	return ready, err
}

// fcp waits for the current page's first contentful paint.
func (b *browser) fcp(ctx context.Context) (float64, error) {
	var v float64
	err := withTimeout(ctx, b.o.timeout, func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise(r => { const t = () => window.__poc.fcp ? r(window.__poc.fcp) : setTimeout(t, 20); t(); })`, chromedp.EvalAwaitPromise))
		return err
	})
	return v, err
}

func (b *browser) runOnce(base string, offline bool, dir string) (visitResult, error) {
	var r visitResult
	ctx, cancel, err := b.tab()
	if err != nil {
		return r, err
	}
	defer cancel()
	if r.first, err = b.visitDosing(ctx, base); err != nil {
		return r, fmt.Errorf("first visit: %w", err)
	}
	type long struct{ Total, Max float64 }
	l, err := chromedp.Run(ctx, chromedp.Evaluate[long](`(() => {
	  let total = 0, max = 0;
	  for (const [start, d] of window.__poc.longTasks) if (start < window.__poc.ready) { total += d; max = Math.max(max, d); }
	  return {Total: total, Max: max};
	})()`))
	if err != nil {
		return r, err
	}
	r.longTotal, r.longMax = l.Total, l.Max
	if r.fcpDosing, err = b.fcp(ctx); err != nil {
		return r, fmt.Errorf("first contentful paint: %w", err)
	}
	// A service worker that installs precaches before it activates; the
	// repeat visit is measured once it has.
	err = withTimeout(ctx, b.o.timeout, func(ctx context.Context) error {
		var err error
		r.sw, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => {
		  if (!navigator.serviceWorker || (await navigator.serviceWorker.getRegistrations()).length === 0) return false;
		  await navigator.serviceWorker.ready;
		  return true;
		})()`, chromedp.EvalAwaitPromise))
		return err
	})
	if err != nil {
		return r, fmt.Errorf("service worker: %w", err)
	}
	if r.repeat, err = b.visitDosing(ctx, base); err != nil {
		return r, fmt.Errorf("repeat visit: %w", err)
	}
	if offline && r.sw {
		if err := b.offline(ctx, base, dir, &r); err != nil {
			return r, err
		}
	}

	octx, ocancel, err := b.tab()
	if err != nil {
		return r, err
	}
	defer ocancel()
	err = withTimeout(octx, b.o.timeout, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Navigate(base+b.o.otherPath))
	})
	if err != nil {
		return r, err
	}
	if r.fcpOther, err = b.fcp(octx); err != nil {
		return r, fmt.Errorf("first contentful paint of %s: %w", b.o.otherPath, err)
	}
	return r, nil
}

var titleRE = regexp.MustCompile(`(?s)<title>(.*?)</title>`)

// offline takes the tab offline and loads every page of the sitemap: a
// page counts when its title is the built file's (an offline fallback
// page has its own). Then it asks for a dosing result offline.
func (b *browser) offline(ctx context.Context, base, dir string, r *visitResult) error {
	if err := b.throttle(ctx, true); err != nil {
		return err
	}
	sm, err := get(base + "/sitemap.xml")
	if err != nil {
		return err
	}
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(sm, &set); err != nil {
		return fmt.Errorf("sitemap: %w", err)
	}
	for _, u := range set.URLs {
		pu, err := url.Parse(u.Loc)
		if err != nil {
			continue
		}
		file := filepath.Join(dir, filepath.FromSlash(pu.Path))
		if strings.HasSuffix(pu.Path, "/") {
			file = filepath.Join(file, "index.html")
		}
		want := ""
		if b, err := os.ReadFile(file); err == nil {
			if m := titleRE.FindSubmatch(b); m != nil {
				want = html.UnescapeString(string(m[1]))
			}
		}
		r.offline++
		_ = withTimeout(ctx, 20*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+pu.Path)); err != nil {
				return err
			}
			title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
			if err == nil && want != "" && title == want {
				r.offlineOK++
			}
			return err
		})
	}
	_ = withTimeout(ctx, 30*time.Second, func(ctx context.Context) error {
		_, err := b.visitDosing(ctx, base)
		r.offlineDosing = err == nil
		return nil
	})
	return nil
}
