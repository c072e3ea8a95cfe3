// Reader features that need a script: the theme toggle (system, light,
// dark; remembered), the navigation menu on narrow screens, and offline
// search over the index the generator writes. Results are built as DOM
// text, never from HTML strings.
(function () {
  "use strict";
  var root = document.documentElement;

  // Theme toggle.
  var toggle = document.getElementById("theme-toggle");
  var names = { "": "system", light: "light", dark: "dark" };
  function current() { return root.getAttribute("data-theme") || ""; }
  function label() {
    var t = current();
    toggle.setAttribute("aria-label", "Color theme: " + names[t] + " (change)");
    toggle.setAttribute("title", "Color theme: " + names[t]);
    toggle.setAttribute("data-mode", names[t]);
  }
  if (toggle) {
    toggle.hidden = false;
    label();
    toggle.addEventListener("click", function () {
      var next = { "": "light", light: "dark", dark: "" }[current()];
      if (next) root.setAttribute("data-theme", next); else root.removeAttribute("data-theme");
      try { if (next) localStorage.setItem("ketref-theme", next); else localStorage.removeItem("ketref-theme"); } catch (e) {}
      label();
    });
  }

  // Navigation menu (narrow screens).
  var menu = document.getElementById("menu-toggle");
  var nav = document.getElementById("site-nav");
  if (menu && nav) {
    menu.hidden = false;
    menu.addEventListener("click", function () {
      var open = menu.getAttribute("aria-expanded") !== "true";
      menu.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  }

  // Search.
  var form = document.getElementById("search");
  var input = document.getElementById("search-input");
  var box = document.getElementById("search-results");
  if (!form || !input || !box) return;
  form.hidden = false;
  var index = null, loading = null;

  function load() {
    if (!loading) {
      var json = function (url) { return fetch(url).then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); }); };
      loading = json(form.getAttribute("data-index")).then(function (data) {
        // A large site's page documents come in parts, loaded together and
        // put before the main file's own documents.
        return Promise.all((data.parts || []).map(json)).then(function (parts) {
          var docs = [];
          parts.forEach(function (p) { for (var i = 0; i < p.docs.length; i++) docs.push(p.docs[i]); });
          for (var i = 0; i < data.docs.length; i++) docs.push(data.docs[i]);
          data.docs = docs;
          return data;
        });
      }).then(function (data) {
        index = data;
        index.low = data.docs.map(function (d) { return { h: String(d[1]).toLowerCase(), t: String(d[3]).toLowerCase() }; });
        index.lowTitle = data.pages.map(function (p) { return p[0].toLowerCase(); });
        return index;
      });
    }
    return loading;
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }

  // markText appends text to node with the query terms wrapped in <mark>.
  function markText(node, text, terms) {
    var low = text.toLowerCase(), i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      terms.forEach(function (t) {
        var j = low.indexOf(t, i);
        if (j >= 0 && (best < 0 || j < best)) { best = j; len = t.length; }
      });
      if (best < 0) { node.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) node.appendChild(document.createTextNode(text.slice(i, best)));
      node.appendChild(el("mark", null, text.slice(best, best + len)));
      i = best + len;
    }
  }

  function snippet(text, terms) {
    var low = text.toLowerCase(), at = -1;
    terms.forEach(function (t) { var j = low.indexOf(t); if (j >= 0 && (at < 0 || j < at)) at = j; });
    if (at < 0) at = 0;
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + 140);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  function search(q) {
    var terms = q.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    if (!terms.length) return [];
    var hits = [];
    index.docs.forEach(function (d, i) {
      var low = index.low[i], title = index.lowTitle[d[0]], score = 0;
      for (var k = 0; k < terms.length; k++) {
        var t = terms[k], s = 0;
        if (title.indexOf(t) >= 0) s += 8;
        if (low.h.indexOf(t) >= 0) s += 5;
        if (low.t.indexOf(t) >= 0) s += 1 + Math.min(3, low.t.split(t).length - 2);
        if (!s) return; // every term must match
        score += s;
      }
      hits.push({ d: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 12).map(function (h) { return { d: h.d, terms: terms }; });
  }

  var active = -1;
  function links() { return box.querySelectorAll("a"); }
  function setActive(i) {
    var ls = links();
    if (!ls.length) return;
    active = (i + ls.length) % ls.length;
    ls[active].focus();
  }

  function render(q) {
    while (box.firstChild) box.removeChild(box.firstChild);
    active = -1;
    if (!q.trim()) { box.hidden = true; return; }
    var results = search(q);
    box.hidden = false;
    var status = el("p", "search-status", results.length ? results.length + (results.length === 12 ? "+" : "") + " result" + (results.length === 1 ? "" : "s") : "No results for " + JSON.stringify(q.trim()));
    status.setAttribute("role", "status");
    box.appendChild(status);
    if (!results.length) return;
    var ol = el("ol", "search-list");
    results.forEach(function (r) {
      var d = r.d, page = index.pages[d[0]];
      var li = el("li");
      var a = el("a", "search-hit");
      a.setAttribute("href", page[1] + (d[2] ? "#" + d[2] : ""));
      var head = el("span", "search-page");
      markText(head, page[0], r.terms);
      a.appendChild(head);
      if (d[1]) {
        var sec = el("span", "search-section");
        markText(sec, d[1], r.terms);
        a.appendChild(sec);
      }
      var snip = el("span", "search-snippet");
      markText(snip, snippet(String(d[3]), r.terms), r.terms);
      a.appendChild(snip);
      li.appendChild(a);
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  // failed tells the reader the index could not be loaded; the next
  // keystroke tries again.
  function failed() {
    loading = null;
    box.textContent = "";
    box.appendChild(el("p", "search-status", "Search is unavailable: the index could not be loaded."));
    box.hidden = false;
  }
  input.addEventListener("focus", function () { load().catch(function () { loading = null; }); });
  input.addEventListener("input", function () {
    var q = input.value;
    (index ? Promise.resolve(index) : load()).then(function () { if (input.value === q) render(q); }, failed);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); if (active <= 0) { active = -1; input.focus(); } else setActive(active - 1); }
    else if (e.key === "Escape") { box.hidden = true; input.focus(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
  });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) box.hidden = true; });
})();
