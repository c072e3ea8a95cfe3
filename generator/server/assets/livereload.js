// Live reload for the preview server (never part of a built site). It
// listens to /__livereload: a build reloads the page, keeping the scroll
// position; a CSS-only change swaps the stylesheet without a reload; a
// failed build shows its errors in an overlay, which the next good build
// removes. Messages are shown as text, never as HTML. It also removes a
// service worker a built site left on the same origin.
//
// A browser opens at most six HTTP/1.1 connections to a host, and an event
// stream holds one for as long as its page is open: with a stream per tab,
// the seventh tab would never load. So one tab of the browser, the holder
// of a Web Lock, keeps the stream and relays its events to the others over
// a BroadcastChannel; when it closes or reloads, the lock (and the stream)
// passes to another tab. Where either API is missing, each tab has its own
// stream.
(function () {
  "use strict";
  var KEY = "ketref-preview-build", SCROLL = "ketref-preview-scroll", ROLE = "ketref-preview-role";
  var TYPES = ["hello", "reload", "css", "errors"];
  try {
    var saved = JSON.parse(sessionStorage.getItem(SCROLL) || "null");
    if (saved && saved.path === location.pathname) {
      sessionStorage.removeItem(SCROLL);
      var restore = function () { window.scrollTo(saved.x, saved.y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) {}

  // A site built with `build` and served earlier on this origin (same
  // host and port) may have left its service worker, which would answer
  // with the old build's pages and hide every change: unregister it,
  // delete the site's caches, and reload once if it controlled this page
  // (a page keeps its worker until it is loaded again).
  if (navigator.serviceWorker) {
    var SW = "ketref-preview-unregistered";
    navigator.serviceWorker.getRegistrations().then(function (regs) {
      return Promise.all(regs.map(function (r) { return r.unregister(); }));
    }).then(function () {
      if (!window.caches) return null;
      return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("ketref:") === 0; }).map(function (n) { return caches.delete(n); }));
      });
    }).then(function () {
      if (navigator.serviceWorker.controller && sessionStorage.getItem(SW) !== location.href) {
        sessionStorage.setItem(SW, location.href);
        location.reload();
      }
      window.ketrefPreviewNoWorker = true;
    }, function () {});
  }

  function reload() {
    try { sessionStorage.setItem(SCROLL, JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY })); } catch (e) {}
    location.reload();
  }

  function overlay(errors) {
    var old = document.getElementById("ketref-preview-overlay");
    if (old) old.remove();
    if (!errors || !errors.length) return;
    var box = document.createElement("div");
    box.id = "ketref-preview-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build failed");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem;overflow:auto";
    var h = document.createElement("h2");
    h.textContent = "Build failed: " + errors.length + " error" + (errors.length > 1 ? "s" : "") + ". The last good build is still served.";
    h.style.cssText = "font:600 18px/1.3 system-ui,sans-serif;margin:0 0 1rem;color:#ff8182";
    box.appendChild(h);
    var list = document.createElement("ol");
    list.style.cssText = "margin:0;padding-left:1.5rem";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      li.style.margin = ".5rem 0";
      var loc = document.createElement("strong");
      loc.textContent = e.location || "";
      li.appendChild(loc);
      li.appendChild(document.createTextNode((e.location ? ": " : "") + e.message));
      list.appendChild(li);
    });
    box.appendChild(list);
    var p = document.createElement("p");
    p.textContent = "Fix the file and save: this page reloads by itself.";
    p.style.cssText = "margin-top:1.5rem;color:#bbb";
    box.appendChild(p);
    document.body.appendChild(box);
  }

  function swapCSS(swaps) {
    swaps.forEach(function (s) {
      document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
        var u = new URL(link.href, location.href);
        if (u.pathname !== s.old) return;
        var next = link.cloneNode();
        next.href = s.new;
        next.onload = function () { link.remove(); };
        link.after(next);
      });
    });
  }

  function handle(type, e) {
    switch (type) {
      case "hello":
        var seen = sessionStorage.getItem(KEY);
        sessionStorage.setItem(KEY, String(e.build));
        if (seen !== null && seen !== String(e.build) && !(e.errors && e.errors.length)) { reload(); return; }
        overlay(e.errors);
        // From here on this page hears of every build. Until then a build
        // is only seen as a newer number in the next hello, which reloads
        // even for a CSS-only change; tests wait for this before saving.
        window.ketrefPreviewListening = true;
        break;
      case "reload":
        sessionStorage.setItem(KEY, String(e.build));
        reload();
        break;
      case "css":
        sessionStorage.setItem(KEY, String(e.build));
        overlay(null);
        swapCSS(e.swap || []);
        break;
      case "errors":
        overlay(e.errors);
        break;
    }
  }

  function setRole(role) {
    try { sessionStorage.setItem(ROLE, role); } catch (e) {}
  }

  // connect opens the stream and hands each event to relay, then to this
  // page.
  function connect(relay) {
    var es = new EventSource("/__livereload");
    TYPES.forEach(function (type) {
      es.addEventListener(type, function (m) {
        var e = JSON.parse(m.data);
        relay(type, e);
        handle(type, e);
      });
    });
    es.onerror = function () {
      // The browser retries a dropped stream by itself, but not one the
      // server refused (too many previews open): try again later.
      if (es.readyState === EventSource.CLOSED) setTimeout(function () { connect(relay); }, 2000);
    };
  }

  setRole("follower");
  if (!window.BroadcastChannel || !navigator.locks) {
    connect(function () {});
    return;
  }
  var channel = new BroadcastChannel("ketref-preview-livereload");
  var leading = false;
  // The leader's view of the server's state (last good build, errors), for
  // tabs that open after its stream said hello.
  var state = null;
  channel.onmessage = function (m) {
    var d = m.data || {};
    if (d.type === "ask") {
      if (leading && state) channel.postMessage({ type: "hello", event: state });
      return;
    }
    if (!leading && TYPES.indexOf(d.type) >= 0) handle(d.type, d.event);
  };
  navigator.locks.request("ketref-preview-livereload", function () {
    leading = true;
    setRole("leader");
    connect(function (type, e) {
      state = { build: e.build, errors: type === "hello" || type === "errors" ? e.errors : null };
      channel.postMessage({ type: type, event: e });
    });
    // Held until this page goes away.
    return new Promise(function () {});
  });
  channel.postMessage({ type: "ask" });
})();
