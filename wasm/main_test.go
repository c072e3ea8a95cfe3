//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"ketref/wasm/calculators"
)

// Run with: GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm
// (generator/wasmbuild's tests do this as part of go test ./...).

// calcDosing and calcEligibility call the bridge as ketcalc.dosing and
// ketcalc.eligibility do.
func calcDosing(obj js.Value) any      { return compute(calculators.Lookup("dosing"))(obj) }
func calcEligibility(obj js.Value) any { return compute(calculators.Lookup("eligibility"))(obj) }

func call(f func(js.Value) any, fields map[string]any) js.Value {
	return js.ValueOf(f(js.ValueOf(fields)))
}

func TestDosingBridge(t *testing.T) {
	r := call(calcDosing, map[string]any{"route": "iv-racemic", "weight": "70", "weightUnit": "kg", "dosePerKg": 0.5, "concentration": "10", "volume": "100"})
	if !r.Get("ok").Bool() || r.Get("doseMg").Float() != 35 {
		t.Fatalf("ok=%v dose=%v", r.Get("ok"), r.Get("doseMg"))
	}
	found := false
	ls := r.Get("lines")
	for i := 0; i < ls.Length(); i++ {
		l := ls.Index(i)
		if l.Get("label").String() == "Pump rate" && strings.HasPrefix(l.Get("value").String(), "150 mL/h") {
			found = true
		}
	}
	if !found {
		t.Error("no pump rate of 150 mL/h")
	}
	if p := r.Get("position"); p.Get("value").Float() != 0.5 || p.Get("usual").Index(1).Float() != 1 {
		t.Errorf("position = %v", p)
	}
	src := ls.Index(0).Get("sources").Index(0)
	if src.Get("section").String() == "" && src.Get("key").String() == "" {
		t.Error("the dose line has no source")
	}
}

func TestDosingBridgeErrors(t *testing.T) {
	r := call(calcDosing, map[string]any{"route": "iv-racemic", "weight": "<img src=x onerror=alert(1)>", "dosePerKg": "0.5"})
	if r.Get("ok").Bool() || r.Get("lines").Type() != js.TypeUndefined || r.Get("errors").Index(0).Get("field").String() != "weight" {
		t.Errorf("invalid weight: ok=%v errors=%v", r.Get("ok"), r.Get("errors"))
	}
	// Not an object at all.
	r = js.ValueOf(calcDosing(js.Undefined()))
	if r.Get("ok").Bool() {
		t.Error("undefined input gave a result")
	}
	// A JavaScript number for the weight is read in decimal, not as "<number: 70>".
	r = call(calcDosing, map[string]any{"route": "iv-racemic", "weight": 70, "dosePerKg": "0.5"})
	if !r.Get("ok").Bool() {
		t.Errorf("numeric weight refused: %v", r.Get("errors").Index(0).Get("message"))
	}
}

func TestSafeRecovers(t *testing.T) {
	f := safe(func(js.Value) any { panic("boom") })
	r := js.ValueOf(f(js.Undefined(), nil))
	if r.Get("ok").Bool() || !strings.Contains(r.Get("errors").Index(0).Get("message").String(), "failed") {
		t.Errorf("panic not turned into an error: %v", r)
	}
}

func TestEligibilityBridge(t *testing.T) {
	r := call(calcEligibility, map[string]any{"adult": true, "failedTrials": "2", "inpatient": "on", "benzodiazepines": true})
	if !r.Get("ok").Bool() || r.Get("bodies").Length() != 5 || r.Get("interactions").Length() != 2 {
		t.Fatalf("ok=%v bodies=%v interactions=%v", r.Get("ok"), r.Get("bodies").Length(), r.Get("interactions").Length())
	}
	r = call(calcEligibility, map[string]any{"adult": true, "failedTrials": "two"})
	if r.Get("ok").Bool() || r.Get("errors").Index(0).Get("field").String() != "failedTrials" {
		t.Error("bad trial count accepted")
	}
}

func TestRoutesBridge(t *testing.T) {
	e := calculators.Lookup("dosing").Manifest().Exports[0]
	rs := js.ValueOf(e.Func())
	if e.Name != "routes" {
		t.Fatalf("the dosing export is %q, want routes", e.Name)
	}
	if rs.Length() != 8 || rs.Index(0).Get("id").String() != "iv-racemic" || !rs.Index(0).Get("infusion").Bool() {
		t.Errorf("routes = %v", rs)
	}
}
