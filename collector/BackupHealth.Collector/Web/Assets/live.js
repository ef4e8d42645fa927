// Live pages without reloads: a page marks the parts that change with data-live. When the collector says something
// changed (server-sent events on /events; a periodic fallback when the stream is down), the page fetches its own URL
// (same query string, so the user's filters stay) and swaps only the parts whose content changed. A part the user is
// working in (focus inside, a form opened with <details>, a field edited) is left alone until they are done.
(function () {
  "use strict";
  var regions = function () { return document.querySelectorAll("[data-live]"); };
  if (!regions().length) { return; }
  var fallbackMs = (parseInt(document.body.getAttribute("data-refresh") || "60", 10) || 60) * 1000;
  var busy = false, pending = false;

  // Anti-forgery tokens differ on every render; they are not a change worth swapping for.
  function comparable(el) {
    return el.innerHTML.replace(/name="__RequestVerificationToken" type="hidden" value="[^"]*"/g, "");
  }

  function inUse(el) {
    if (el.contains(document.activeElement) && document.activeElement !== document.body) { return true; }
    if (el.querySelector("details[open]")) { return true; }
    return Array.prototype.some.call(el.querySelectorAll("input, textarea, select"), function (f) {
      if (f.type === "hidden") { return false; }
      if (f.type === "checkbox" || f.type === "radio") { return f.checked !== f.defaultChecked; }
      if (f.tagName === "SELECT") {
        return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      return f.value !== f.defaultValue;
    });
  }

  function refresh() {
    if (busy) { pending = true; return; }
    busy = true;
    fetch(location.href, { headers: { "X-Live": "1" }, credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.redirected || r.status === 401) { location.reload(); return null; }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        regions().forEach(function (old) {
          var id = old.getAttribute("data-live");
          var next = fresh.querySelector('[data-live="' + id + '"]');
          if (!next || inUse(old)) { return; }
          if (comparable(old) !== comparable(next)) { old.replaceWith(next); }
        });
        document.documentElement.setAttribute("data-live-version", String(Date.now()));
      })
      .catch(function () { })
      .finally(function () {
        busy = false;
        if (pending) { pending = false; setTimeout(refresh, 250); }
      });
  }

  var timer = setInterval(refresh, fallbackMs);
  if (window.EventSource) {
    var source = new EventSource("/events");
    source.addEventListener("change", function () { refresh(); });
    source.onopen = function () { clearInterval(timer); timer = setInterval(refresh, Math.max(fallbackMs, 60000)); };
    source.onerror = function () { clearInterval(timer); timer = setInterval(refresh, fallbackMs); };
  }
})();
