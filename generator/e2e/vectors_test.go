package e2e

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ketref/wasm/vectors"
)

// TestVectorsInTheBrowser runs every published test vector through the
// WebAssembly build as a page calls it (ketcalc.<calculator>(input), in
// the calculators' worker) and requires the very output the Go packages
// give (vectors.TestVectors checks those).
func TestVectorsInTheBrowser(t *testing.T) {
	t.Parallel()
	vs, err := vectors.All()
	if err != nil {
		t.Fatal(err)
	}
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 120*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calculators/dosing/"), chromedp.WaitReady(chromedp.CSS("html[data-calc-ready]"))); err != nil {
		t.Fatal(err)
	}
	outs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(async () => {
		const out = [];
		for (const v of `+string(vectors.JSON())+`) out.push(JSON.stringify(await ketcalc[v.calculator](v.input)));
		return out;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != len(vs) {
		t.Fatalf("%d results for %d vectors", len(outs), len(vs))
	}
	for i, v := range vs {
		var got map[string]any
		if err := json.Unmarshal([]byte(outs[i]), &got); err != nil {
			t.Fatalf("%q: %v", v.Name, err)
		}
		if !reflect.DeepEqual(got, v.Output) {
			w, _ := json.Marshal(v.Output)
			t.Errorf("%s %q in the browser:\n got %s\nwant %s", v.Calculator, v.Name, outs[i], w)
		}
	}
}
