// Filters by segment, source and emotion. Without this script every statement stays visible.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var selects = form.querySelectorAll("select[data-filter]");
  var status = document.getElementById("filter-status");
  var items = document.querySelectorAll("figure.quote, table.matrix tbody tr");

  function chosen() {
    var out = {};
    selects.forEach(function (s) { out[s.getAttribute("data-filter")] = s.value; });
    return out;
  }

  function matches(el, f) {
    if (f.segment && el.getAttribute("data-segment") !== f.segment) { return false; }
    if (f.source && el.getAttribute("data-source") !== f.source) { return false; }
    if (f.emotion && el.tagName !== "TR") {
      var kinds = (el.getAttribute("data-emotions") || "").split(" ");
      if (kinds.indexOf(f.emotion) < 0) { return false; }
    }
    return true;
  }

  function apply() {
    var f = chosen();
    var active = f.segment || f.source || f.emotion;
    var shown = 0, total = 0;
    items.forEach(function (el) {
      var ok = matches(el, f);
      el.hidden = !ok;
      if (el.tagName !== "TR") { total += 1; shown += ok ? 1 : 0; }
    });
    document.querySelectorAll("section.theme").forEach(function (theme) {
      var visible = theme.querySelectorAll("figure.quote:not([hidden])").length;
      var quotes = theme.querySelectorAll("figure.quote").length;
      theme.querySelector(".none").hidden = !(active && quotes && !visible);
    });
    status.textContent = active ? shown + " of " + total + " quotes match the filters." : "";
  }

  // A link can carry filters: synthesis.html?segment=enterprise&emotion=worry
  var query = new URLSearchParams(window.location.search);
  selects.forEach(function (s) {
    var wanted = query.get(s.getAttribute("data-filter"));
    if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) {
      s.value = wanted;
    }
    s.addEventListener("change", apply);
  });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
