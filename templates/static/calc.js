// The calculators' page script: it loads the WebAssembly module (Go, see
// wasm/), shows the form, keeps the inputs in the URL, calls the global
// ketcalc API and renders the result. Everything a person types, and
// everything read from the URL, goes into the page as text (textContent,
// input values), never as HTML; the Go side validates every field.
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

  // markField shows a field's error, or clears it when message is empty.
  function markField(name, message) {
    var input = form.elements.namedItem(name);
    var p = document.getElementById(name + "-error");
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

  // calculate runs the module on the form. how is what the person did, and
  // decides which errors show: "input" (a keystroke: errors already shown
  // clear once fixed, none appear, nothing is announced), "commit" (left a
  // field or changed a choice: that field's error shows), "submit" (all
  // errors show and focus goes to the first), "restore" (a shared URL: as
  // submit, but focus stays where it is).
  function calculate(how, field) {
    var values = visibleValues();
    var r = window.ketcalc[kind](values);
    saveToURL(values);
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

  function ready() {
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
    document.documentElement.setAttribute("data-calc-ready", "");
  }

  // failed replaces the status with why the calculator is not there; the
  // link to the rules on the page that the HTML gives stays.
  function failed(why) {
    statusText.textContent = why;
    status.classList.add("failed");
    status.hidden = false;
    form.classList.remove("pending");
    form.style.display = "none";
  }

  form.classList.add("pending");
  statusText.textContent = "Loading the calculator…";
  if (typeof WebAssembly !== "object") {
    failed("This browser cannot run the calculator: WebAssembly is not available.");
    return;
  }
  if (typeof Go !== "function") {
    failed("The calculator could not load: a script it needs (wasm_exec.js) was blocked or is missing.");
    return;
  }
  var go = new Go();
  var url = script.getAttribute("data-wasm");
  var bytes = function () {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
  };
  // A server that does not send application/wasm fails streaming: then
  // compile from bytes.
  var load = WebAssembly.instantiateStreaming ? WebAssembly.instantiateStreaming(fetch(url), go.importObject).catch(bytes) : bytes();
  load.then(function (res) {
    window.addEventListener("ketcalc:ready", ready, { once: true });
    go.run(res.instance);
  }).catch(function (err) {
    failed("The calculator could not load (" + (err && err.message ? err.message : "unknown error") + "): it may be blocked, or the page was opened offline or from a file.");
  });
})();
