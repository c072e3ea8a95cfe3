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

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }
  function attrs(n, a) {
    for (var k in a) n.setAttribute(k, a[k]);
    return n;
  }

  // Search. The page carries only the empty form, which holds the box's
  // place in the header; its contents are made here, since without this
  // script they would not work (every page carried them, hidden: #19).
  var form = document.getElementById("search");
  if (!form || !form.getAttribute("data-index")) return;
  var label = attrs(el("label", "visually-hidden", "Search the site"), { "for": "search-input" });
  var input = attrs(el("input"), {
    id: "search-input", type: "text", enterkeyhint: "search", role: "combobox",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "search-listbox",
    placeholder: "Search (press /)", autocomplete: "off", spellcheck: "false", "aria-describedby": "search-help"
  });
  var help = el("span", "visually-hidden", "Results appear as you type; the arrow keys move through them and Enter opens one.");
  help.id = "search-help";
  // The live region is in the page, empty, before any result count is put
  // into it (a region added already filled is not announced).
  var live = attrs(el("p", "visually-hidden"), { id: "search-live", role: "status" });
  var box = el("div", "search-results");
  box.id = "search-results";
  box.hidden = true;
  var line = attrs(el("p", "search-status"), { "aria-hidden": "true" });
  var list = attrs(el("div", "search-list"), { id: "search-listbox", role: "listbox", "aria-label": "Search results" });
  list.hidden = true;
  box.appendChild(line);
  box.appendChild(list);
  [label, input, help, live, box].forEach(function (n) { form.appendChild(n); });
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

  // The page's language decides which form of a noun a number takes; the
  // callers give English's two forms.
  var pluralRules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(root.lang || "en") : null;
  function count(n, one, other) {
    var f = pluralRules ? pluralRules.select(n) : (n === 1 ? "one" : "other");
    return n + " " + (f === "one" ? one : other);
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

  // The box is an ARIA combobox: focus stays in it, and
  // aria-activedescendant names the option the arrow keys reached.
  var active = -1;
  function options() { return list.querySelectorAll("[role=option]"); }
  function setActive(i) {
    var os = options();
    if (active >= 0 && os[active]) os[active].setAttribute("aria-selected", "false");
    active = os.length ? i : -1;
    if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
    os[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", os[active].id);
    os[active].scrollIntoView({ block: "nearest" });
  }
  function setOpen(open) {
    box.hidden = !open;
    input.setAttribute("aria-expanded", String(open && !list.hidden));
    if (!open) setActive(-1);
  }
  // say puts the result count into the live region that has been in the
  // page, empty, since it loaded (a region added already filled is not
  // announced); the visible line repeats it for sighted readers.
  function say(text) {
    line.textContent = text;
    if (live.textContent !== text) live.textContent = text;
  }

  function render(q) {
    setActive(-1);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q.trim()) { list.hidden = true; say(""); setOpen(false); return; }
    var results = search(q);
    say(results.length ? (results.length === 12 ? "12+ results" : count(results.length, "result", "results")) : "No results for " + JSON.stringify(q.trim()));
    results.forEach(function (r, n) {
      var d = r.d, page = index.pages[d[0]];
      var a = el("a", "search-hit");
      a.id = "search-option-" + n;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.setAttribute("tabindex", "-1");
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
      list.appendChild(a);
    });
    list.hidden = !results.length;
    setOpen(true);
  }

  // failed tells the reader the index could not be loaded; the next
  // keystroke tries again.
  function failed() {
    loading = null;
    while (list.firstChild) list.removeChild(list.firstChild);
    list.hidden = true;
    say("Search is unavailable: the index could not be loaded.");
    setOpen(true);
  }
  input.addEventListener("focus", function () { load().catch(function () { loading = null; }); });
  input.addEventListener("input", function () {
    var q = input.value;
    (index ? Promise.resolve(index) : load()).then(function () { if (input.value === q) render(q); }, failed);
  });
  // Enter opens the active option, or the first.
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var os = options(), a = os[active >= 0 ? active : 0];
    if (a && !box.hidden) a.click();
  });
  input.addEventListener("keydown", function (e) {
    var n = options().length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!n) return;
      if (box.hidden) setOpen(true);
      if (e.key === "ArrowDown") setActive(active + 1 < n ? active + 1 : 0);
      else setActive(active > 0 ? active - 1 : active === 0 ? -1 : n - 1);
    } else if (e.key === "Escape" && !box.hidden) {
      e.preventDefault();
      setOpen(false);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
  });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) setOpen(false); });
})();
