// The calculators' page script: it defines the global ketcalc API, whose
// functions return Promises answered by the WebAssembly module (Go, see
// wasm/) running in a worker (calc-worker.js) started after the first
// paint; it shows the form at once, keeps the inputs in the URL, and
// renders the result, or says why there is none (with a Retry).
// Everything a person types, and everything read from the URL, goes into
// the page as text (textContent, input values), never as HTML; the Go side
// validates every field.
//
// It names no calculator and no field. The form says what it is:
//   <form data-calculator="ID"> calls ketcalc.ID with every named control
//     (a tick box as true or false), and <p id="NAME-error"> shows NAME's
//     error;
//   <select data-controls> (one per form) drives the rest when chosen:
//     elements with data-show="PART" show only if the chosen option's
//     data-shows lists PART (hidden fields are not sent), an element with
//     data-text-from="X" takes the option's data-X as text, and a
//     <select data-options-from="X" data-unit="U"> takes its options from
//     the option's data-X (a comma-separated list, labelled "V U").
// The result is drawn from the output's keys (see sections).
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("form[data-calculator]");
  var out = document.getElementById("calc-result");
  var status = document.getElementById("calc-status");
  var statusText = status && status.querySelector(".calc-status-text");
  var live = document.getElementById("calc-announce");
  if (!form || !script || !status || !statusText || !live) return;
  var kind = form.getAttribute("data-calculator");
  var controls = form.querySelector("select[data-controls]");
  var base = script.getAttribute("data-base") || "/";
  var refs = {};
  try { refs = JSON.parse(document.getElementById("calc-refs").textContent); } catch (e) { refs = {}; }
  var said = "";

  // The page's language decides which form of a noun a number takes; the
  // callers give English's two forms.
  var pluralRules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
  function count(n, one, other) {
    var form = pluralRules ? pluralRules.select(n) : (n === 1 ? "one" : "other");
    return n + " " + (form === "one" ? one : other);
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }

  // sourcesNode renders where a rule comes from: [29] for a reference,
  // "stated in the review without a reference" (linked to the page that
  // presents it) otherwise.
  function sourcesNode(sources) {
    var span = el("span", "sources");
    var nums = [];
    (sources || []).forEach(function (s) {
      if (s.key && refs[s.key]) nums.push({ r: refs[s.key], note: s.note });
    });
    if (nums.length) {
      nums.sort(function (a, b) { return a.r.n - b.r.n; });
      var c = el("span", "citation");
      c.appendChild(document.createTextNode("["));
      nums.forEach(function (x, i) {
        if (i) c.appendChild(document.createTextNode(","));
        var a = el("a", "cite-ref", String(x.r.n));
        a.setAttribute("href", x.r.href);
        a.setAttribute("aria-label", x.r.label);
        c.appendChild(a);
      });
      c.appendChild(document.createTextNode("]"));
      span.appendChild(c);
      nums.forEach(function (x) { if (x.note) span.appendChild(el("span", "source-note", " (" + x.note + ")")); });
    }
    (sources || []).forEach(function (s) {
      if (s.key) return;
      var a = el("a", "source-review", "review, no reference");
      a.setAttribute("href", base + String(s.page || "").replace(/^\//, ""));
      a.setAttribute("title", "Review section: " + s.section);
      if (span.childNodes.length) span.appendChild(document.createTextNode(" "));
      span.appendChild(a);
    });
    return span;
  }

  var kindLabel = { met: "Met", missing: "Not met", warning: "Caution", info: "" };

  function linesTable(lines, caption) {
    var t = el("table", "result-lines");
    if (caption) t.appendChild(el("caption", "visually-hidden", caption));
    var body = el("tbody");
    lines.forEach(function (l) {
      var tr = el("tr", "kind-" + l.kind);
      var th = el("th", null, l.label);
      th.setAttribute("scope", "row");
      var td = el("td");
      if (kindLabel[l.kind]) td.appendChild(el("span", "badge badge-" + l.kind, kindLabel[l.kind]));
      td.appendChild(el("span", "value", l.value));
      td.appendChild(document.createTextNode(" "));
      td.appendChild(sourcesNode(l.sources));
      tr.appendChild(th);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    t.appendChild(body);
    var wrap = el("div", "table-wrap");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", caption || "Result");
    wrap.appendChild(t);
    return wrap;
  }

  // raw holds a tick box's value from the URL that is no spelling of yes
  // or no: it is sent as it is, for Go to refuse with a field error, until
  // the box is changed, rather than read silently as unticked.
  var raw = {};

  function fieldValues() {
    var v = {};
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name) return;
      if (e.type === "checkbox") v[e.name] = raw.hasOwnProperty(e.name) ? raw[e.name] : e.checked;
      else v[e.name] = e.value;
    });
    return v;
  }

  function saveToURL(values) {
    var q = new URLSearchParams();
    Object.keys(values).forEach(function (k) {
      var v = values[k];
      if (v === true) q.set(k, "1");
      else if (v !== false && v !== "") q.set(k, v);
    });
    var url = location.pathname + (q.toString() ? "?" + q.toString() : "") + location.hash;
    history.replaceState(null, "", url);
  }

  function restoreFromURL() {
    var q = new URLSearchParams(location.search);
    var any = false;
    q.forEach(function (v, k) {
      var e = form.elements.namedItem(k);
      if (!e || !e.name) return;
      any = true;
      if (e.type === "checkbox") {
        // The spellings wasm/eligibility accepts (tick).
        var t = v.toLowerCase();
        e.checked = ["1", "true", "on", "yes"].indexOf(t) >= 0;
        if (!e.checked && ["", "0", "false", "no"].indexOf(t) < 0) raw[k] = v.slice(0, 64);
      }
      else if (e.tagName === "SELECT") {
        for (var i = 0; i < e.options.length; i++) if (e.options[i].value === v) e.value = v;
      } else e.value = v.slice(0, 64);
    });
    return any;
  }

  // markField shows a field's error, or clears it when message is empty.
  function markField(name, message) {
    var input = form.elements.namedItem(name);
    var p = document.getElementById(name + "-error");
    // A tick box has no error paragraph until it needs one (a value from
    // the URL that is neither yes nor no).
    if (!p && message && input && input.type === "checkbox") {
      p = el("p", "error");
      p.id = name + "-error";
      input.parentNode.parentNode.insertBefore(p, input.parentNode.nextSibling);
      input.setAttribute("aria-describedby", p.id);
    }
    if (p) p.textContent = message || "";
    if (!input || !input.setAttribute) return;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".error"), function (p) { p.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (i) { i.removeAttribute("aria-invalid"); });
  }

  // announce says one short sentence in the polite live region, only when it
  // differs from the last one: a result reached by leaving a field and then
  // pressing Calculate is announced once, and the large result area (not a
  // live region) is never read out as a whole.
  function announce(text) {
    if (text === said) return;
    said = text;
    live.textContent = text;
  }

  // firstInvalid is the first visible field, in page order, with an error.
  function firstInvalid(errs) {
    for (var i = 0; i < form.elements.length; i++) {
      var e = form.elements[i];
      if (e.name && errs[e.name] && !e.closest("[hidden]")) return e;
    }
    return null;
  }

  // applyChoice shows the parts of the form the chosen option needs, and
  // sets the hints and lists that depend on it.
  function applyChoice() {
    var opt = controls && controls.options[controls.selectedIndex];
    if (!opt) return;
    var shows = (opt.getAttribute("data-shows") || "").split(" ");
    Array.prototype.forEach.call(form.querySelectorAll("[data-show]"), function (f) { f.hidden = shows.indexOf(f.getAttribute("data-show")) < 0; });
    Array.prototype.forEach.call(form.querySelectorAll("[data-text-from]"), function (n) { n.textContent = opt.getAttribute("data-" + n.getAttribute("data-text-from")) || ""; });
    Array.prototype.forEach.call(form.querySelectorAll("select[data-options-from]"), function (list) {
      var keep = list.value, unit = list.getAttribute("data-unit");
      while (list.firstChild) list.removeChild(list.firstChild);
      (opt.getAttribute("data-" + list.getAttribute("data-options-from")) || "").split(",").filter(Boolean).forEach(function (v) {
        var o = el("option", null, unit ? v + " " + unit : v);
        o.value = v;
        list.appendChild(o);
      });
      for (var i = 0; i < list.options.length; i++) if (list.options[i].value === keep) list.value = keep;
    });
  }

  // visibleValues are the fields the form shows.
  function visibleValues() {
    var v = fieldValues();
    Array.prototype.forEach.call(form.querySelectorAll("[data-show][hidden] [name]"), function (e) { delete v[e.name]; });
    return v;
  }

  // positionFigure draws where the dose per kg sits on the ranges the
  // review reports for the route: the reported range, the usual one, and a
  // marker for the chosen dose.
  function positionFigure(p) {
    var NS = "http://www.w3.org/2000/svg";
    function s(tag, attrs, text) {
      var n = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
      if (text != null) n.textContent = text;
      return n;
    }
    var lo = 0, hi = p.studied[1] * 1.15, x0 = 20, x1 = 600;
    function x(v) { return x0 + (x1 - x0) * (v - lo) / (hi - lo); }
    var fig = el("figure", "chart chart-position");
    var svg = s("svg", { viewBox: "0 0 620 84", "class": "chart-svg", role: "img", "aria-label": "The chosen dose, " + p.value + " mg/kg, against the usual range " + p.usual[0] + "–" + p.usual[1] + " mg/kg and the reported range " + p.studied[0] + "–" + p.studied[1] + " mg/kg" });
    svg.appendChild(s("rect", { "class": "studied", x: x(p.studied[0]), y: 30, width: Math.max(2, x(p.studied[1]) - x(p.studied[0])), height: 14, rx: 3 }));
    svg.appendChild(s("rect", { "class": "range", x: x(p.usual[0]), y: 30, width: Math.max(2, x(p.usual[1]) - x(p.usual[0])), height: 14, rx: 3 }));
    svg.appendChild(s("circle", { "class": "point", cx: x(p.value), cy: 37, r: 7 }));
    svg.appendChild(s("text", { x: x(p.value), y: 20, "text-anchor": "middle" }, p.value + " mg/kg"));
    [p.studied[0], p.usual[0], p.usual[1], p.studied[1]].filter(function (v, i, a) { return a.indexOf(v) === i; }).forEach(function (v) {
      svg.appendChild(s("text", { "class": "tick-label", x: x(v), y: 62, "text-anchor": "middle" }, String(v)));
    });
    fig.appendChild(svg);
    var cap = el("figcaption", null, "Dark bar: the usual range; light bar: the range the review reports; dot: the chosen dose (mg/kg).");
    fig.appendChild(cap);
    return fig;
  }

  // drawHead shows the headline: what was computed, and the first line's
  // value.
  function drawHead(r) {
    var head = el("div", "result-head");
    head.appendChild(el("p", "result-label", r.routeName));
    head.appendChild(el("p", "result-dose", r.lines[0].value));
    return head;
  }

  function drawWarnings(r) {
    if (!r.warnings.length) return null;
    var w = el("div", "result-warnings");
    w.setAttribute("role", "note");
    w.appendChild(el("h3", null, "Check before use"));
    r.warnings.forEach(function (l) {
      var p = el("p", "warning");
      p.appendChild(el("strong", null, l.label + ": "));
      p.appendChild(document.createTextNode(l.value + " "));
      p.appendChild(sourcesNode(l.sources));
      w.appendChild(p);
    });
    return w;
  }

  function drawSteps(r) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("h3", null, "Working"));
    var ol = el("ol", "working");
    r.steps.forEach(function (s) {
      var li = el("li", null, s.text + " ");
      li.appendChild(sourcesNode(s.sources));
      ol.appendChild(li);
    });
    frag.appendChild(ol);
    return frag;
  }

  function drawSessions(r) {
    if (!r.sessions.length) return null;
    var frag = document.createDocumentFragment();
    frag.appendChild(el("h3", null, "Session dates (example)"));
    var t = el("table", "sessions");
    t.appendChild(el("caption", null, "Twice-weekly sessions are placed 3 days apart; the review does not fix the days."));
    var thead = el("thead"), trh = el("tr");
    ["#", "Date", "Day", "Phase"].forEach(function (h) { var th = el("th", null, h); th.setAttribute("scope", "col"); trh.appendChild(th); });
    thead.appendChild(trh);
    t.appendChild(thead);
    var tb = el("tbody");
    r.sessions.forEach(function (s) {
      var tr = el("tr");
      [String(s.number), s.date, s.weekday, s.phase].forEach(function (c) { tr.appendChild(el("td", null, c)); });
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    var wrap = el("div", "table-wrap");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Session dates");
    wrap.appendChild(t);
    frag.appendChild(wrap);
    return frag;
  }

  // sections draw a result from the keys of the output, in this order,
  // each only when the output has its key: the API's vocabulary (README,
  // "Calculator API"), not a list of calculators. A list of lines is a
  // table under its heading; a list of groups ({name, lines}) is a table
  // per group; the rest have their own drawing.
  var sections = [
    { key: "routeName", draw: drawHead },
    { key: "warnings", draw: drawWarnings },
    { key: "position", draw: function (r) { return positionFigure(r.position); } },
    { key: "lines", heading: "Result", caption: "Result with sources" },
    { key: "steps", draw: drawSteps },
    { key: "sessions", draw: drawSessions },
    { key: "definition", heading: "Definition of treatment-resistant depression", caption: "Definition" },
    { key: "bodies", groups: true },
    { key: "cautions", heading: "Cautions and contraindications", caption: "Cautions" },
    { key: "interactions", heading: "Interactions with current medicines", caption: "Interactions" },
    { key: "monitoring", heading: "Monitoring and setting", caption: "Monitoring" }
  ];

  // summary is the one sentence announced for a result: the dose, the
  // TRD definition and the cautions, or else the first line.
  function summary(r) {
    if (typeof r.doseMg === "number") {
      var mg = String(Math.round(r.doseMg * 100) / 100);
      return "Dose " + mg + " mg, " + r.routeName + "." + (r.warnings.length ? " " + count(r.warnings.length, "warning", "warnings") + " to check." : "");
    }
    if (r.definition) {
      var met = r.definition[0].kind === "met" ? "TRD definition met" : "TRD definition not met";
      return met + ". " + count(r.cautions.filter(function (c) { return c.kind !== "info"; }).length, "caution applies", "cautions apply") + ".";
    }
    var first = r.lines && r.lines[0];
    return first ? first.label + ": " + first.value + "." : "Done.";
  }

  function render(r) {
    var frag = document.createDocumentFragment();
    sections.forEach(function (s) {
      if (r[s.key] == null) return;
      if (s.draw) {
        var n = s.draw(r);
        if (n) frag.appendChild(n);
      } else if (s.groups) {
        r[s.key].forEach(function (g) {
          frag.appendChild(el("h3", null, g.name));
          frag.appendChild(linesTable(g.lines, g.name));
        });
      } else {
        frag.appendChild(el("h3", null, s.heading));
        frag.appendChild(linesTable(r[s.key], s.caption));
      }
    });
    return { node: frag, summary: summary(r) };
  }

  // The module runs in a dedicated worker (calc-worker.js), so that Go's
  // start-up never blocks this page. ketcalc exists at once: each function
  // posts its call to the worker and returns a Promise of the result;
  // calls made before the worker is ready wait for it. Only plain data is
  // posted: the input's own fields that are strings, numbers or booleans.
  var CALL_TIMEOUT = 20000, LOAD_TIMEOUT = 60000;
  var worker = null, running = false, failure = "", loadTimer = 0;
  var queue = [], waiting = {}, nextID = 1;
  var api = {};
  var rulesNote = document.getElementById("calc-rules");

  // plain copies input as data that can be posted: its own fields that
  // are strings, numbers or booleans. A field whose getter throws is sent
  // as the text "unreadable", which no field accepts: Go refuses it with
  // that field's error, so the call resolves to the result object naming
  // it rather than reading the field as left empty or unticked. (Go's own
  // str() reads with a plain Get, which a throwing getter would break; the
  // worker only ever receives copies.)
  function plain(input) {
    var out = {};
    try {
      if (input === null || typeof input !== "object") return out;
      Object.keys(input).forEach(function (k) {
        var v;
        try { v = input[k]; } catch (e) { out[k] = "unreadable"; return; }
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
      });
    } catch (e) {
      return {};
    }
    return out;
  }

  function send(c) {
    var id = nextID++;
    c.timer = setTimeout(function () { broke("The calculator did not answer."); }, CALL_TIMEOUT);
    waiting[id] = c;
    worker.postMessage({ type: "call", id: id, name: c.name, input: c.input });
  }

  function define(name) {
    if (typeof api[name] === "function" || name === "version") return;
    api[name] = function (input) {
      var c = { name: name, input: plain(input) };
      return new Promise(function (resolve, reject) {
        c.resolve = resolve;
        c.reject = reject;
        if (failure) reject(new Error(failure));
        else if (running) send(c);
        else queue.push(c);
      });
    };
  }
  (script.getAttribute("data-api") || "").split(" ").filter(Boolean).forEach(define);
  window.ketcalc = api;

  // broke ends the worker: every waiting call fails, and the page says why
  // and offers to retry.
  function broke(why) {
    if (failure) return;
    failure = why;
    running = false;
    clearTimeout(loadTimer);
    if (worker) worker.terminate();
    worker = null;
    var calls = queue;
    queue = [];
    Object.keys(waiting).forEach(function (id) { clearTimeout(waiting[id].timer); calls.push(waiting[id]); });
    waiting = {};
    calls.forEach(function (c) { c.reject(new Error(why)); });
    failed(why);
  }

  function url(attr) { return new URL(script.getAttribute(attr) || "", location.href).href; }

  function workerReady(m) {
    clearTimeout(loadTimer);
    running = true;
    api.version = m.version;
    (m.names || []).forEach(define);
    showRules(m.rules || {});
    queue.splice(0).forEach(send);
    window.dispatchEvent(new CustomEvent("ketcalc:ready"));
  }

  function start() {
    failure = "";
    try {
      worker = new Worker(url("data-worker"));
    } catch (e) {
      broke("The calculator could not load (" + e.message + "): its script may be blocked.");
      return;
    }
    worker.onmessage = function (e) {
      var m = e.data || {};
      if (m.type === "ready") workerReady(m);
      else if (m.type === "failed") broke("The calculator could not load (" + m.message + "): it may be blocked, or the page was opened offline or from a file.");
      else if (m.type === "result" && waiting[m.id]) {
        var c = waiting[m.id];
        delete waiting[m.id];
        clearTimeout(c.timer);
        if (m.error) c.reject(new Error(m.error));
        else c.resolve(m.result);
      }
    };
    worker.onerror = function (e) {
      e.preventDefault();
      broke("The calculator could not load (" + (e.message || "its worker failed") + "): it may be blocked, or the page was opened offline or from a file.");
    };
    worker.postMessage({ type: "init", exec: url("data-exec"), wasm: url("data-wasm") });
    loadTimer = setTimeout(function () { broke("The calculator could not load in time: the network may be slow or down."); }, LOAD_TIMEOUT);
  }

  // showRules says which rules the running module applies, and warns when
  // they are not the ones this page was built with (a module kept in a
  // cache from another build).
  function showRules(r) {
    if (!rulesNote) return;
    var want = rulesNote.getAttribute("data-version") || "";
    rulesNote.textContent = "Rules version " + r.version + " of " + r.date + ".";
    rulesNote.classList.remove("calc-rules-stale");
    rulesNote.removeAttribute("role");
    if (want && r.version !== want) {
      rulesNote.classList.add("calc-rules-stale");
      rulesNote.setAttribute("role", "alert");
      rulesNote.textContent = "Warning: the calculator running here applies rules " + r.version + " (" + r.date + "), but this page was built for rules " + want + " (" + (rulesNote.getAttribute("data-date") || "") + "). Reload the page; if this stays, clear the browser's cache for this site before using a result.";
    }
    rulesNote.hidden = false;
  }

  // calculate runs the module on the form. how is what the person did, and
  // decides which errors show: "input" (a keystroke: errors already shown
  // clear once fixed, none appear, nothing is announced), "commit" (left a
  // field or changed a choice: that field's error shows), "submit" (all
  // errors show and focus goes to the first), "restore" (a shared URL: as
  // submit, but focus stays where it is). Only the latest call's result is
  // shown; one asked for before the module is ready shows a loading state.
  // The result area is aria-busy while a result is on its way.
  var latest = 0, again = null;
  function calculate(how, field) {
    var values = visibleValues();
    var n = ++latest;
    saveToURL(values);
    if (!running && !failure && how !== "input") loading();
    out.setAttribute("aria-busy", "true");
    window.ketcalc[kind](values).then(function (r) {
      if (n !== latest) return;
      show(r, how, field);
      out.removeAttribute("aria-busy");
    }, function () {
      // broke has said why; a retry computes it again.
      if (n !== latest) return;
      again = { how: how, field: field };
      out.removeAttribute("aria-busy");
    });
  }

  function loading() {
    statusText.textContent = "Loading the calculator…";
    status.classList.add("loading");
    status.hidden = false;
  }

  function show(r, how, field) {
    if (status.classList.contains("loading")) {
      status.classList.remove("loading");
      status.hidden = true;
    }
    var errs = {}, n = 0;
    if (!r.ok) r.errors.forEach(function (e) { if (!errs[e.field]) { errs[e.field] = e.message; n++; } });
    var all = how === "submit" || how === "restore";
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (i) {
      if (!errs[i.name] || how !== "input") markField(i.name, errs[i.name]);
    });
    if (all) Object.keys(errs).forEach(function (k) { markField(k, errs[k]); });
    else if (how === "commit" && field && errs[field]) markField(field, errs[field]);
    while (out.firstChild) out.removeChild(out.firstChild);
    if (!r.ok) {
      var shown = form.querySelectorAll("[aria-invalid]").length;
      if (all || shown) out.appendChild(el("p", "result-invalid", "No result: " + (shown ? "check the " + (shown === 1 ? "field" : "fields") + " marked above." : "fill in the fields above.")));
      if (all) announce("No result: " + count(n, "error", "errors") + ".");
      var first = how === "submit" && firstInvalid(errs);
      if (first) first.focus();
      return;
    }
    clearErrors();
    var res = render(r);
    out.appendChild(res.node);
    if (how !== "input") announce(res.summary);
  }

  // wire shows the form and listens to it; it works before the module is
  // ready, since every call waits for it.
  function wire() {
    status.hidden = true;
    form.classList.remove("pending");
    form.hidden = false;
    var restored = restoreFromURL();
    applyChoice();
    var pressing = false, pending = null;
    form.addEventListener("submit", function (e) { e.preventDefault(); pending = null; calculate("submit"); });
    // Choices (checkboxes, lists) are finished when made; text is finished
    // when the field is left, which is when "change" fires.
    form.addEventListener("input", function (e) {
      if (e.target.type === "checkbox" || e.target.tagName === "SELECT") return;
      calculate("input");
    });
    // Pressing a button takes the focus from the field, which commits it;
    // an error appearing then would move the button before the press ends,
    // and the click would be lost. So a commit during a press waits for the
    // press to end, and a submit in between makes it unnecessary.
    form.querySelector(".actions").addEventListener("pointerdown", function () { pressing = true; });
    document.addEventListener("pointerup", function () {
      if (!pressing) return;
      pressing = false;
      // The click (and the submit) come after pointerup, in the same task.
      setTimeout(function () {
        if (pending !== null) calculate("commit", pending);
        pending = null;
      }, 0);
    }, true);
    form.addEventListener("change", function (e) {
      delete raw[e.target.name];
      if (e.target === controls) applyChoice();
      if (pressing) {
        pending = e.target.name;
        calculate("input");
        return;
      }
      calculate("commit", e.target.name);
    });
    form.addEventListener("reset", function () {
      pending = null;
      raw = {};
      // The reset event comes before the fields are reset.
      setTimeout(function () {
        applyChoice();
        clearErrors();
        while (out.firstChild) out.removeChild(out.firstChild);
        said = "";
        live.textContent = "";
        history.replaceState(null, "", location.pathname + location.hash);
      }, 0);
    });
    if (restored) calculate("restore");
  }

  // failed says in the status why the calculator is not there, with a
  // button to try again (a new worker); the link to the rules on the page
  // that the HTML gives stays.
  var retry = el("button", "calc-retry", "Retry");
  retry.type = "button";
  retry.addEventListener("click", function () {
    status.classList.remove("failed");
    retry.remove();
    loading();
    start();
  });
  function failed(why, final) {
    status.classList.remove("loading");
    statusText.textContent = why + " ";
    if (!final) statusText.appendChild(retry);
    status.classList.add("failed");
    status.hidden = false;
  }

  // After a retry, the result asked for last is computed again.
  // A retry with nothing asked for leaves nothing loading.
  window.addEventListener("ketcalc:ready", function () {
    document.documentElement.setAttribute("data-calc-ready", "");
    if (again) calculate(again.how, again.field);
    again = null;
    if (!out.hasAttribute("aria-busy") && status.classList.contains("loading")) {
      status.classList.remove("loading");
      status.hidden = true;
    }
  });

  if (typeof Worker !== "function" || typeof WebAssembly !== "object") {
    failed("This browser cannot run the calculator: Web Workers or WebAssembly are not available.", true);
    return;
  }
  wire();
  // The worker starts once the page has painted, when the browser reports
  // the first paint (Paint Timing): that entry is stamped when the frame
  // was shown, which on a busy phone is well after the main thread's part
  // of it, so requestAnimationFrame and a task after it can come before.
  // A browser without paint entries gets that, as the next best; and one
  // that reports no paint within 3 s of it starts anyway. The load event
  // would wait for every image, and does not imply a paint. A hidden tab
  // paints nothing, so it starts when shown.
  var started = false;
  function afterPaint() {
    if (started) return;
    started = true;
    setTimeout(start, 0);
  }
  var paints = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes && PerformanceObserver.supportedEntryTypes.indexOf("paint") >= 0;
  if (paints) {
    new PerformanceObserver(function (list, obs) {
      obs.disconnect();
      afterPaint();
    }).observe({ type: "paint", buffered: true });
  }
  requestAnimationFrame(function () {
    setTimeout(function () {
      if (paints) setTimeout(afterPaint, 3000);
      else afterPaint();
    }, 0);
  });
})();
