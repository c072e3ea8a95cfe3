// The calculators' worker: it runs the Go WebAssembly module (wasm/) in a
// dedicated worker, off the page's main thread, so that Go's start-up never
// blocks the page, and answers the page's calls (calc.js).
//
// The protocol, page to worker:
//   {type: "init", exec: URL of wasm_exec.js, wasm: URL of the module}
//   {type: "call", id, name, input}  calls ketcalc[name](input)
// and worker to page:
//   {type: "ready", version, names, rules: {version, date}}
//   {type: "failed", message}        the module could not load or run
//   {type: "result", id, result} or {type: "result", id, error}
// Only plain data crosses; the page copies each input before posting it.
"use strict";
var api = null, started = false;

function fail(message) {
  postMessage({ type: "failed", message: String(message) });
}

function httpError(r) {
  var e = new Error("HTTP " + r.status);
  e.http = true;
  return e;
}

// compile fetches and compiles the module while it downloads; a server
// that does not send application/wasm makes streaming refuse it (a
// TypeError), and then it is compiled from its bytes.
function compile(url) {
  function fetched() {
    return fetch(url).then(function (r) {
      if (!r.ok) throw httpError(r);
      return r;
    });
  }
  function fromBytes() {
    return fetched().then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.compile(b); });
  }
  if (!WebAssembly.compileStreaming) return fromBytes();
  return WebAssembly.compileStreaming(fetched()).catch(function (err) {
    if (err && err.name === "TypeError" && !err.http) return fromBytes();
    throw err;
  });
}

function ready() {
  if (api || typeof self.ketcalc !== "object") return;
  api = self.ketcalc;
  var names = Object.keys(api).filter(function (k) { return typeof api[k] === "function"; });
  var rules = typeof api.rules === "function" ? api.rules() : {};
  postMessage({ type: "ready", version: String(api.version), names: names, rules: { version: String(rules.version || ""), date: String(rules.date || "") } });
}

function boot(execURL, wasmURL) {
  if (typeof WebAssembly !== "object") {
    fail("this browser cannot run WebAssembly");
    return;
  }
  try {
    importScripts(execURL);
  } catch (err) {
    fail("a script it needs, wasm_exec.js, was blocked or is missing");
    return;
  }
  var go = new Go();
  compile(wasmURL).then(function (mod) {
    return WebAssembly.instantiate(mod, go.importObject);
  }).then(function (inst) {
    self.addEventListener("ketcalc:ready", ready, { once: true });
    // run returns once main blocks, having defined ketcalc; its promise
    // settles only if the program ends, which it must not.
    go.run(inst).then(function () { fail("the calculator stopped"); }, function (err) { fail(err && err.message || "the calculator stopped"); });
    ready();
  }).catch(function (err) {
    fail(err && err.message ? err.message : "unknown error");
  });
}

function answer(m) {
  try {
    if (!api || typeof api[m.name] !== "function") throw new Error("ketcalc." + m.name + " is not a function");
    // A result that cannot be cloned makes postMessage throw: the call
    // then fails, and the protocol stays whole.
    postMessage({ type: "result", id: m.id, result: api[m.name](m.input) });
  } catch (err) {
    postMessage({ type: "result", id: m.id, error: String(err && err.message || err) });
  }
}

self.onmessage = function (e) {
  var m = e.data || {};
  if (m.type === "init" && !started) {
    started = true;
    boot(String(m.exec), String(m.wasm));
  } else if (m.type === "call") {
    answer(m);
  }
};
