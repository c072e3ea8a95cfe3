// The calculators' page script: it loads the WebAssembly module (Go, see
// wasm/), shows the form, keeps the inputs in the URL, calls the global
// ketcalc API and renders the result. Everything a person types, and
// everything read from the URL, goes into the page as text (textContent,
// input values), never as HTML; the Go side validates every field.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("dosing-form") || document.getElementById("eligibility-form");
  var out = document.getElementById("calc-result");
  var status = document.getElementById("calc-status");
  if (!form || !script) return;
  var kind = form.id === "dosing-form" ? "dosing" : "eligibility";
  var base = script.getAttribute("data-base") || "/";
  var refs = {};
  try { refs = JSON.parse(document.getElementById("calc-refs").textContent); } catch (e) { refs = {}; }
  var submitted = false;

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

  function fieldValues() {
    var v = {};
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name) return;
      if (e.type === "checkbox") v[e.name] = e.checked;
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
      if (e.type === "checkbox") e.checked = v === "1" || v === "true" || v === "on";
      else if (e.tagName === "SELECT") {
        for (var i = 0; i < e.options.length; i++) if (e.options[i].value === v) e.value = v;
      } else e.value = v.slice(0, 64);
    });
    return any;
  }

  function showErrors(errors, onlyFilled) {
    Array.prototype.forEach.call(form.querySelectorAll(".error"), function (p) { p.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (i) { i.removeAttribute("aria-invalid"); });
    var shown = 0;
    errors.forEach(function (e) {
      var input = form.elements.namedItem(e.field);
      if (onlyFilled && input && input.value === "") return;
      var p = document.getElementById(e.field + "-error");
      if (p) p.textContent = e.message;
      if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
      shown++;
    });
    return shown;
  }

  // The dosing form shows the fields the chosen route needs.
  function updateDosingFields() {
    var opt = form.route.options[form.route.selectedIndex];
    if (!opt) return;
    var show = { perkg: opt.getAttribute("data-perkg") === "true", fixed: opt.getAttribute("data-perkg") !== "true", infusion: opt.getAttribute("data-infusion") === "true", dated: opt.getAttribute("data-dated") === "true" };
    Array.prototype.forEach.call(form.querySelectorAll("[data-show]"), function (f) { f.hidden = !show[f.getAttribute("data-show")]; });
    var usual = opt.getAttribute("data-usual");
    document.getElementById("dosePerKg-hint").textContent = usual ? "Usual range in the review: " + usual + "." : "";
    document.getElementById("route-hint").textContent = show.fixed ? "A fixed-dose preparation: body weight is not used." : "";
    var dose = form.dose, keep = dose.value;
    while (dose.firstChild) dose.removeChild(dose.firstChild);
    (opt.getAttribute("data-fixed") || "").split(",").filter(Boolean).forEach(function (mg) {
      var o = el("option", null, mg + " mg");
      o.value = mg;
      dose.appendChild(o);
    });
    for (var i = 0; i < dose.options.length; i++) if (dose.options[i].value === keep) dose.value = keep;
  }

  function visibleValues() {
    var v = fieldValues();
    if (kind === "dosing") {
      Array.prototype.forEach.call(form.querySelectorAll("[data-show][hidden] [name]"), function (e) { delete v[e.name]; });
    }
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

  function renderDosing(r) {
    var frag = document.createDocumentFragment();
    var head = el("div", "result-head");
    head.appendChild(el("p", "result-label", r.routeName));
    head.appendChild(el("p", "result-dose", r.lines[0].value));
    frag.appendChild(head);
    if (r.warnings.length) {
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
      frag.appendChild(w);
    }
    if (r.position) frag.appendChild(positionFigure(r.position));
    frag.appendChild(el("h3", null, "Result"));
    frag.appendChild(linesTable(r.lines, "Result with sources"));
    frag.appendChild(el("h3", null, "Working"));
    var ol = el("ol", "working");
    r.steps.forEach(function (s) {
      var li = el("li", null, s.text + " ");
      li.appendChild(sourcesNode(s.sources));
      ol.appendChild(li);
    });
    frag.appendChild(ol);
    if (r.sessions && r.sessions.length) {
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
    }
    return { node: frag, summary: r.routeName + ": " + r.lines[0].value + (r.warnings.length ? ". " + r.warnings.length + " warning" + (r.warnings.length > 1 ? "s" : "") + "." : ".") };
  }

  function renderEligibility(r) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("h3", null, "Definition of treatment-resistant depression"));
    frag.appendChild(linesTable(r.definition, "Definition"));
    r.bodies.forEach(function (b) {
      frag.appendChild(el("h3", null, b.name));
      frag.appendChild(linesTable(b.lines, b.name));
    });
    frag.appendChild(el("h3", null, "Cautions and contraindications"));
    frag.appendChild(linesTable(r.cautions, "Cautions"));
    frag.appendChild(el("h3", null, "Interactions with current medicines"));
    frag.appendChild(linesTable(r.interactions, "Interactions"));
    frag.appendChild(el("h3", null, "Monitoring and setting"));
    frag.appendChild(linesTable(r.monitoring, "Monitoring"));
    var met = r.definition[0].kind === "met" ? "TRD definition met" : "TRD definition not met";
    return { node: frag, summary: met + ". " + r.cautions.filter(function (c) { return c.kind !== "info"; }).length + " cautions apply." };
  }

  function calculate(final) {
    var values = visibleValues();
    var r = window.ketcalc[kind](values);
    saveToURL(values);
    while (out.firstChild) out.removeChild(out.firstChild);
    if (!r.ok) {
      var shown = showErrors(r.errors, !final);
      if (final || shown) {
        var p = el("p", "result-invalid", "No result: " + (shown ? "check the field" + (shown > 1 ? "s" : "") + " marked above." : "fill in the fields above."));
        out.appendChild(p);
      }
      return;
    }
    showErrors([], false);
    var res = kind === "dosing" ? renderDosing(r) : renderEligibility(r);
    var sr = el("p", "visually-hidden result-summary", res.summary);
    out.appendChild(sr);
    out.appendChild(res.node);
  }

  function ready() {
    status.hidden = true;
    form.hidden = false;
    var restored = restoreFromURL();
    if (kind === "dosing") {
      updateDosingFields();
      form.route.addEventListener("change", function () { updateDosingFields(); calculate(submitted); });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); submitted = true; calculate(true); });
    form.addEventListener("input", function (e) { if (e.target !== form.route) calculate(submitted); });
    form.addEventListener("reset", function () {
      setTimeout(function () {
        submitted = false;
        if (kind === "dosing") updateDosingFields();
        showErrors([], false);
        while (out.firstChild) out.removeChild(out.firstChild);
        history.replaceState(null, "", location.pathname + location.hash);
      }, 0);
    });
    if (restored) { submitted = true; calculate(true); }
    document.documentElement.setAttribute("data-calc-ready", "");
  }

  status.hidden = false;
  if (typeof Go !== "function" || typeof WebAssembly !== "object") {
    status.textContent = "This browser cannot run the calculator (WebAssembly is not available). The rules it applies are listed below.";
    status.classList.add("failed");
    return;
  }
  var go = new Go();
  var url = script.getAttribute("data-wasm");
  var load = WebAssembly.instantiateStreaming
    ? WebAssembly.instantiateStreaming(fetch(url), go.importObject).catch(function () {
        // A server that does not send application/wasm: compile from bytes.
        return fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
      })
    : fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
  load.then(function (res) {
    window.addEventListener("ketcalc:ready", ready, { once: true });
    go.run(res.instance);
  }).catch(function (err) {
    status.textContent = "The calculator could not load (" + (err && err.message ? err.message : "unknown error") + "). The rules it applies are listed below.";
    status.classList.add("failed");
    form.style.display = "none";
  });
})();
