// Citation previews: hovering, focusing or tapping a citation number shows
// the formatted reference with its links, taken from the page's own list
// of cited references. Escape closes it. Without this script every number
// is still a plain link to the reference list.
(function () {
  "use strict";
  var pop = null, owner = null, hideTimer = 0, showTimer = 0;

  function entryFor(link) {
    return document.getElementById("cited-" + link.getAttribute("data-ref"));
  }

  function build(link, entry) {
    var box = document.createElement("div");
    box.className = "cite-popover";
    box.id = "cite-popover";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", link.getAttribute("aria-label") || "Reference");
    var num = document.createElement("p");
    num.className = "cite-popover-number";
    num.textContent = "Reference " + link.getAttribute("data-ref");
    box.appendChild(num);
    var text = entry.querySelector(".ref-text");
    var links = entry.querySelector(".ref-links");
    if (text) {
      var p = document.createElement("p");
      p.appendChild(text.cloneNode(true));
      box.appendChild(p);
    }
    if (links) {
      var l = document.createElement("p");
      l.className = "cite-popover-links";
      l.appendChild(links.cloneNode(true));
      var all = document.createElement("a");
      all.href = link.getAttribute("href");
      all.textContent = "In the reference list";
      l.appendChild(document.createTextNode(" · "));
      l.appendChild(all);
      box.appendChild(l);
    }
    box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("mouseleave", scheduleHide);
    box.addEventListener("focusout", function (e) {
      if (!box.contains(e.relatedTarget) && e.relatedTarget !== owner) scheduleHide();
    });
    return box;
  }

  function place(link, box) {
    var r = link.getBoundingClientRect();
    var width = Math.min(420, document.documentElement.clientWidth - 16);
    box.style.width = width + "px";
    var left = r.left + window.scrollX - 16;
    left = Math.max(8 + window.scrollX, Math.min(left, window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.left = left + "px";
    box.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function show(link) {
    var entry = entryFor(link);
    if (!entry) return;
    clearTimeout(hideTimer);
    if (owner === link && pop) return;
    hide();
    pop = build(link, entry);
    // In the DOM right after the citation, so Tab moves into its links.
    var group = link.closest(".citation") || link;
    group.parentNode.insertBefore(pop, group.nextSibling);
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
    var a = e.target.closest && e.target.closest("a.cite-ref");
    tapOpens = a && e.pointerType !== "mouse" && a !== owner ? a : null;
  }, true);

  document.addEventListener("mouseover", function (e) {
    var a = e.target.closest && e.target.closest("a.cite-ref");
    if (!a || lastPointer === "touch") return;
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(a); }, 120);
  });
  document.addEventListener("mouseout", function (e) {
    var a = e.target.closest && e.target.closest("a.cite-ref");
    if (!a) return;
    clearTimeout(showTimer);
    if (a === owner) scheduleHide();
  });
  document.addEventListener("focusin", function (e) {
    var a = e.target.closest && e.target.closest("a.cite-ref");
    if (a) show(a);
  });
  document.addEventListener("focusout", function (e) {
    var a = e.target.closest && e.target.closest("a.cite-ref");
    if (a && a === owner && !(pop && pop.contains(e.relatedTarget))) scheduleHide();
  });
  // A tap shows the preview first; a second tap on the same number, or a
  // tap on a link in the preview, follows the link.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.cite-ref");
    var opens = tapOpens;
    tapOpens = null;
    if (a && a === opens && entryFor(a)) {
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
