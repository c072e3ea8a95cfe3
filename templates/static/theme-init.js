// Runs before the page is painted: applies the reader's chosen theme (if
// any) so there is no flash of the other one, and marks that scripts run.
(function () {
  var d = document.documentElement;
  d.classList.add("js");
  try {
    var t = localStorage.getItem("ketref-theme");
    if (t === "light" || t === "dark") d.setAttribute("data-theme", t);
  } catch (e) {}
})();
