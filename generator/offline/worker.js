// The service worker of a site built by ketref (generator/offline writes
// it as sw.js; the package doc is its contract). CONFIG is filled in by the
// build: the version, the scope, the offline page and the precache list
// with each entry's size and SHA-256.
"use strict";
const CONFIG = /*CONFIG*/null;
const PREFIX = "ketref:" + CONFIG.scope + ":";
const CACHE = PREFIX + CONFIG.version;
const entries = new Map(CONFIG.precache.map(function (e) { return [e.url, e]; }));

function hashOf(buf) {
  return crypto.subtle.digest("SHA-256", buf).then(function (d) {
    let s = "";
    new Uint8Array(d).forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s);
  });
}

// fetchChecked fetches e bypassing the HTTP cache and resolves to a
// response whose bytes have e's hash, or rejects.
function fetchChecked(e) {
  return fetch(e.url, { cache: "reload", credentials: "same-origin" }).then(function (res) {
    if (!res.ok) throw new Error(e.url + ": HTTP " + res.status);
    return res.arrayBuffer().then(function (buf) {
      return hashOf(buf).then(function (h) {
        if (buf.byteLength !== e.size || h !== e.sha256) {
          throw new Error(e.url + ": " + buf.byteLength + " bytes with SHA-256 " + h + ", want " + e.size + " bytes " + e.sha256);
        }
        return new Response(buf, { status: 200, headers: res.headers });
      });
    });
  });
}

// A mismatch (a proxy's truncated copy, a deploy half done) is fetched
// once more; a second mismatch fails the install, and the browser tries
// again later. Each attempt is counted where the tests can read it.
const attempts = {};
function precacheOne(cache, e) {
  return cache.match(e.url).then(function (old) {
    if (old) {
      return old.clone().arrayBuffer().then(function (buf) {
        return hashOf(buf).then(function (h) { return h === e.sha256 ? null : Promise.reject(); });
      }).catch(function () { return fetchAndPut(cache, e); });
    }
    return fetchAndPut(cache, e);
  });
}
function fetchAndPut(cache, e) {
  attempts[e.url] = (attempts[e.url] || 0) + 1;
  return fetchChecked(e).catch(function (err) {
    attempts[e.url]++;
    console.warn("ketref offline: refetching", String(err));
    return fetchChecked(e);
  }).then(function (res) { return cache.put(e.url, res); });
}

self.addEventListener("install", function (ev) {
  ev.waitUntil(caches.open(CACHE).then(function (cache) {
    // Six at a time, as a browser fetches from one host.
    const list = CONFIG.precache.slice();
    function next() {
      const e = list.shift();
      return e ? precacheOne(cache, e).then(next) : null;
    }
    return Promise.all([next(), next(), next(), next(), next(), next()]);
  }));
});

self.addEventListener("activate", function (ev) {
  ev.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.startsWith(PREFIX) && n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () {
    // Navigation preload: the page's request starts while the worker
    // starts, instead of after it (a repeat visit's navigation waited for
    // the worker's start-up, then went to the network). A site whose
    // pages are precached answers navigations from the cache and needs
    // no preload.
    const np = self.registration.navigationPreload;
    if (np) return CONFIG.pagesPrecached ? np.disable() : np.enable();
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (ev) {
  const d = ev.data || {};
  if (d.type === "skip-waiting") self.skipWaiting();
  if (d.type === "attempts" && ev.ports[0]) ev.ports[0].postMessage({ version: CONFIG.version, attempts: attempts });
});

// fromCache answers with the cached copy of url, checked against its
// hash when it is a precached entry small enough; a corrupted copy is
// deleted and answers nothing.
function fromCache(url, ignoreSearch) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(url, { ignoreSearch: ignoreSearch }).then(function (res) {
      if (!res) return null;
      const e = entries.get(new URL(res.url || url, location.href).pathname) || entries.get(new URL(url, location.href).pathname);
      if (!e || e.size > CONFIG.verifyOnServe) return res;
      return res.arrayBuffer().then(function (buf) {
        return hashOf(buf).then(function (h) {
          if (h === e.sha256) return new Response(buf, { status: 200, headers: res.headers });
          return cache.delete(e.url).then(function () { return null; });
        });
      });
    });
  });
}

function offlinePage() {
  return fromCache(CONFIG.offline, false).then(function (res) {
    return res || new Response("This reference is offline, and this page is not saved on this device.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  });
}

// navigate: a page of this build that is precached is answered from the
// cache, as every asset it links to is: the page and its rules are the
// build this worker was made with, and a newer deploy is found by the
// browser's update check that follows every navigation, whose
// "updatefound" shows the update notice at once (sw-register.js). A page
// not precached goes to the network first, so that a fresh deploy is seen
// online; to the cache when the network fails or is slower than the
// timeout; to the offline page when neither has the page.
function navigate(req, preload) {
  const path = new URL(req.url).pathname;
  if (CONFIG.pagesPrecached && entries.has(path)) {
    return fromCache(path, false).then(function (res) {
      return res || networkFirst(req, preload);
    });
  }
  return networkFirst(req, preload);
}

function networkFirst(req, preload) {
  const net = Promise.resolve(preload).then(function (res) { return res || fetch(req); }).then(function (res) {
    if (!CONFIG.pagesPrecached && res.ok && res.type === "basic") {
      const copy = res.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(new URL(req.url).pathname, copy); });
    }
    return res;
  });
  return new Promise(function (resolve) {
    let done = false;
    function cached() {
      return fromCache(req.url, true).then(function (res) {
        if (res && !done) { done = true; resolve(res); }
        return res;
      });
    }
    const timer = setTimeout(cached, CONFIG.timeout);
    net.then(function (res) {
      clearTimeout(timer);
      if (!done) { done = true; resolve(res); }
    }, function () {
      clearTimeout(timer);
      cached().then(function (res) {
        if (!res && !done) { done = true; offlinePage().then(resolve); }
      });
    });
  });
}

self.addEventListener("fetch", function (ev) {
  const req = ev.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== location.origin || !url.pathname.startsWith(CONFIG.scope)) return;
  if (req.mode === "navigate") {
    // A preload that is not used must still be awaited, or the browser
    // cancels it with a console error.
    if (ev.preloadResponse) ev.waitUntil(Promise.resolve(ev.preloadResponse).catch(function () {}));
    ev.respondWith(navigate(req, ev.preloadResponse));
    return;
  }
  if (entries.has(url.pathname) && !url.search) {
    // Precached: the bytes of this build, which the pages of this build
    // were made with (hashed assets, the search index and its parts).
    ev.respondWith(fromCache(url.pathname, false).then(function (res) {
      return res || fetch(req);
    }));
    return;
  }
  ev.respondWith(fetch(req).catch(function () {
    return fromCache(url.pathname, false).then(function (res) { return res || Response.error(); });
  }));
});
