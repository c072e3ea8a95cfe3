// Citation previews: hovering, focusing or tapping a citation number shows
// the formatted reference with its links, taken from the page's own list
// of cited references (or, for a number a script added, the reference's
// own page). Escape closes it. Without this script every number is still a
// plain link to its entry in the page's list (#cited-N), or for calc.js's
// numbers to the reference list (/references/#ref-N).
(function () {
  "use strict";
  var pop = null, owner = null, hideTimer = 0, showTimer = 0;

  // A citation number is a link directly inside a .citation group; the
  // links of a preview, which sits in the group too, are deeper.
  function numberAt(e) {
    var a = e.target.closest && e.target.closest("a");
    return a && a.parentNode && a.parentNode.classList && a.parentNode.classList.contains("citation") ? a : null;
  }

  // The number is in the link's address: #cited-N on a page's text,
  // /references/#ref-N on the numbers calc.js adds to a result.
  function refOf(link) {
    var m = /#(?:cited|ref)-(\d+)$/.exec(link.getAttribute("href") || "");
    return m ? m[1] : "";
  }

  // The entry comes from the page's list of the references it cites. A
  // calculator's results also cite references its text does not; those
  // are read from the reference's own page (see fetchEntry).
  function entryFor(link) {
    var n = refOf(link);
    return /^\d+$/.test(n) ? document.getElementById("cited-" + n) || fetched[n] || null : null;
  }

  // fetched holds entries read from reference pages by number; false marks
  // one that could not be read, whose number then simply stays a link.
  // pending is the number waiting for its entry, if it still wants it.
  var fetched = {}, loading = {}, pending = null;

  // detailsURL is the reference's own page, /references/N/, derived from
  // the number's link to /references/#ref-N on this site, or to
  // /references/page/K/#ref-N where the list is split (package reflist).
  function detailsURL(link) {
    var u;
    try { u = new URL(link.getAttribute("href") || "", location.href); } catch (e) { return null; }
    var m = /\/references\/(?:page\/\d+\/)?#ref-(\d+)$/.exec(u.pathname + u.hash);
    if (u.origin !== location.origin || !m) return null;
    return u.pathname.replace(/\/references\/(?:page\/\d+\/)?$/, "/references/" + m[1] + "/");
  }

  function canFetch(link) {
    return fetched[refOf(link)] !== false && detailsURL(link) !== null;
  }

  // fetchEntry reads the reference's page and keeps its entry as text: only
  // its words are taken, never its markup, and the one link is made here.
  function fetchEntry(link) {
    var n = refOf(link), url = detailsURL(link);
    pending = link;
    if (!url || fetched[n] === false || loading[n]) return;
    loading[n] = true;
    fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.text();
    }).then(function (html) {
      var src = new DOMParser().parseFromString(html, "text/html").querySelector(".ref-entry");
      if (!src) throw new Error(url + ": no entry");
      var words = "";
      src.childNodes.forEach(function (c) {
        if (!(c.classList && c.classList.contains("ref-number"))) words += c.textContent;
      });
      // The same shape as an item of the page's list: the entry's text,
      // then the link to the reference's page as the last child.
      var entry = document.createElement("div");
      entry.appendChild(document.createTextNode(words.trim() + " "));
      var a = document.createElement("a");
      a.href = url;
      entry.appendChild(a);
      fetched[n] = entry;
    }).catch(function () {
      fetched[n] = false;
    }).then(function () {
      loading[n] = false;
      // Whichever number with this reference still waits (a result may
      // have been redrawn meanwhile) gets its preview now.
      var wants = pending;
      if (wants && wants.isConnected && refOf(wants) === n) {
        pending = null;
        if (fetched[n]) show(wants);
      }
    });
  }

  // listURL is the reference's entry in the reference list: the number's
  // own address when it is /references/#ref-N, else derived from the
  // reference's page, /references/N/ (the list's address plus N/).
  function listURL(link, details) {
    var href = link.getAttribute("href") || "";
    if (/#ref-\d+$/.test(href)) return href;
    var m = /^(.*\/)(\d+)\/$/.exec(details || "");
    return m ? m[1] + "#ref-" + m[2] : null;
  }

  function build(link, entry) {
    var box = document.createElement("div");
    box.className = "cite-popover";
    box.id = "cite-popover";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Reference " + refOf(link));
    var num = document.createElement("p");
    num.className = "cite-popover-number";
    num.textContent = "Reference " + refOf(link);
    box.appendChild(num);
    // An entry is the reference's text followed by its last child, the
    // link to the reference's own page (view.citedItem).
    var details = entry.lastElementChild;
    if (!details || details.tagName !== "A") details = null;
    var text = document.createElement("span");
    text.className = "ref-text";
    entry.childNodes.forEach(function (c) { if (c !== details) text.appendChild(c.cloneNode(true)); });
    var p = document.createElement("p");
    p.appendChild(text);
    box.appendChild(p);
    if (details) {
      var l = document.createElement("p");
      l.className = "cite-popover-links";
      var links = document.createElement("span");
      links.className = "ref-links";
      var d = document.createElement("a");
      d.href = details.getAttribute("href");
      d.textContent = "Details and where it is cited";
      links.appendChild(d);
      l.appendChild(links);
      var list = listURL(link, d.getAttribute("href"));
      if (list) {
        var all = document.createElement("a");
        all.href = list;
        all.textContent = "In the reference list";
        l.appendChild(document.createTextNode(" · "));
        l.appendChild(all);
      }
      box.appendChild(l);
    }
    box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("mouseleave", scheduleHide);
    box.addEventListener("focusout", function (e) {
      if (!box.contains(e.relatedTarget) && e.relatedTarget !== owner) scheduleHide();
    });
    return box;
  }

  // place opens the preview below its number, or above it when it does
  // not fit below and there is more room above (a number near the bottom
  // of a phone's screen). If neither side holds it, it scrolls within the
  // larger one. Either way it stays inside the viewport.
  function place(link, box) {
    var r = link.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    var gap = 6, margin = 8;
    var width = Math.min(420, vw - 2 * margin);
    box.style.width = width + "px";
    box.style.maxHeight = "";
    var left = Math.max(margin, Math.min(r.left - 16, vw - width - margin));
    var below = vh - r.bottom - gap - margin, above = r.top - gap - margin;
    var h = box.offsetHeight, top;
    if (h <= below || below >= above) {
      if (h > below) box.style.maxHeight = Math.max(below, 48) + "px";
      top = r.bottom + gap;
    } else {
      if (h > above) {
        h = Math.max(above, 48);
        box.style.maxHeight = h + "px";
      }
      top = r.top - gap - h;
    }
    box.style.left = (left + window.scrollX) + "px";
    box.style.top = (top + window.scrollY) + "px";
  }

  function show(link) {
    var entry = entryFor(link);
    if (!entry) {
      if (canFetch(link)) fetchEntry(link);
      return;
    }
    clearTimeout(hideTimer);
    if (owner === link && pop) return;
    hide();
    pop = build(link, entry);
    // Right after the number itself, not after its group: in [20,30] Tab
    // from 20 then moves into 20's preview before it reaches 30.
    link.parentNode.insertBefore(pop, link.nextSibling);
    place(link, pop);
    owner = link;
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-describedby", "cite-popover");
  }

  function hide() {
    clearTimeout(hideTimer);
    if (pop && pop.parentNode) pop.parentNode.removeChild(pop);
    if (owner) {
      owner.removeAttribute("aria-expanded");
      owner.removeAttribute("aria-describedby");
    }
    pop = null;
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  // tapOpens is the number a touch or pen is pressing whose preview is not
  // open yet. It is decided on pointerdown because the focus that the same
  // tap gives the link opens the preview before the click arrives, and the
  // click must then not follow the link.
  var lastPointer = "mouse", tapOpens = null;
  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType;
    var a = numberAt(e);
    tapOpens = a && e.pointerType !== "mouse" && a !== owner ? a : null;
  }, true);

  document.addEventListener("mouseover", function (e) {
    var a = numberAt(e);
    if (!a || lastPointer === "touch") return;
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(a); }, 120);
  });
  document.addEventListener("mouseout", function (e) {
    var a = numberAt(e);
    // A touch screen sends mouse events after a tap too; they must not
    // close the preview the tap opened before the second tap follows it.
    if (!a || lastPointer === "touch") return;
    clearTimeout(showTimer);
    if (a === pending) pending = null;
    if (a === owner) scheduleHide();
  });
  document.addEventListener("focusin", function (e) {
    var a = numberAt(e);
    if (a) show(a);
  });
  document.addEventListener("focusout", function (e) {
    var a = numberAt(e);
    if (a && a === pending) pending = null;
    if (a && a === owner && !(pop && pop.contains(e.relatedTarget))) scheduleHide();
  });
  // A tap shows the preview first; a second tap on the same number, or a
  // tap on a link in the preview, follows the link.
  document.addEventListener("click", function (e) {
    var a = numberAt(e);
    var opens = tapOpens;
    tapOpens = null;
    if (a && a === opens && (entryFor(a) || canFetch(a))) {
      e.preventDefault();
      show(a);
      return;
    }
    if (pop && !pop.contains(e.target) && !a) hide();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pop) {
      var back = owner;
      hide();
      if (back) back.focus({ preventScroll: true });
      // Focusing the link again would reopen the preview; keep it closed.
      hide();
    }
  });
  window.addEventListener("resize", function () { if (owner && pop) place(owner, pop); });
})();
