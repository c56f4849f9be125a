/* mapgen serve: the preview hook, added to the served page only.
   Long-polls the server for its state. On a new version it reloads the page,
   which keeps location.hash (selected unit, language), after saving each map's
   view (centre, zoom, map or list) and the scroll position in sessionStorage, restored here after the load.
   While the data is broken it shows the problems over the last good map, as
   text (textContent, never innerHTML), and removes them once the data is fixed. */
(function (config) {
  "use strict";
  var KEY = "mapgen-preview-view", overlay = null, serial = -1, delay = 0, leaving = false;

  function maps() { return (window.mapgen && window.mapgen.maps) || {}; }

  function saveView() {
    var all = maps(), ids = Object.keys(all), views = { scroll: [window.scrollX, window.scrollY], maps: {} };
    if (!ids.length) return;  // a page with no map yet: keep what an earlier page saved
    ids.forEach(function (id) {
      var c = all[id].getCenter(), root = document.getElementById(id);
      var shown = root && root.querySelector(".mg-view[aria-pressed=true]");
      views.maps[id] = { lat: c.lat, lng: c.lng, zoom: all[id].getZoom(),
                         view: shown ? shown.getAttribute("data-view") : "map" };
    });
    try { sessionStorage.setItem(KEY, JSON.stringify(views)); } catch (e) { /* storage off: start fitted */ }
  }

  function restoreView() {
    var all = maps(), views = null;
    if (!Object.keys(all).length) return;
    try {
      views = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (e) { return; }
    if (!views || !views.maps) return;
    Object.keys(views.maps).forEach(function (id) {
      var v = views.maps[id];
      if (all[id] && isFinite(v.lat) && isFinite(v.lng) && isFinite(v.zoom)) {
        all[id].setView([v.lat, v.lng], v.zoom, { animate: false });
      }
      var root = document.getElementById(id), button = root && v.view === "list" &&
        root.querySelector('.mg-view[data-view="list"]');
      if (button) button.click();  // the reader was reading the list: show it again
    });
    if (views.scroll) window.scrollTo(views.scroll[0], views.scroll[1]);
  }

  function box() {
    var el = document.createElement("div"), s = el.style;
    el.className = "mg-preview-problems";
    el.setAttribute("role", "alert");
    // Styles through the CSSOM: the page's policy allows no inline style attribute.
    s.position = "fixed"; s.left = "12px"; s.right = "12px"; s.top = "12px"; s.zIndex = "2147483647";
    s.maxHeight = "70vh"; s.overflow = "auto"; s.boxSizing = "border-box"; s.padding = "10px 14px";
    s.background = "rgba(255, 255, 255, 0.97)"; s.color = "#1a1a1a"; s.border = "2px solid #b00020";
    s.borderRadius = "6px"; s.boxShadow = "0 4px 16px rgba(0, 0, 0, 0.25)"; s.font = "14px/1.5 system-ui, sans-serif";
    document.body.appendChild(el);
    return el;
  }

  // Show `lines` under `heading`, or remove the box when there are none.
  function show(heading, lines) {
    if (!lines.length) {
      if (overlay) overlay.remove();
      overlay = null;
      return;
    }
    overlay = overlay || box();
    overlay.textContent = "";
    var h = document.createElement("strong"), list = document.createElement("ul");
    h.textContent = heading;
    list.style.margin = "6px 0 0"; list.style.paddingLeft = "1.2em";
    lines.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      li.style.fontFamily = "ui-monospace, monospace"; li.style.whiteSpace = "pre-wrap";
      list.appendChild(li);
    });
    overlay.appendChild(h);
    overlay.appendChild(list);
  }

  function poll() {
    var query = "?version=" + encodeURIComponent(config.version) + "&serial=" + serial;
    fetch(config.state + query, { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (state) {
        delay = 0;
        if (state.version !== config.version) {
          leaving = true;
          saveView();
          location.reload();
          return;
        }
        serial = state.serial;
        show(state.heading, state.problems);
        poll();
      })
      .catch(function () {
        if (leaving) return;
        delay = Math.min(5000, delay ? delay * 2 : 250);
        show("The preview server does not answer (stopped?); retrying.", ["mapgen serve"]);
        setTimeout(poll, delay);
      });
  }

  window.addEventListener("pagehide", function () { leaving = true; });
  restoreView();
  poll();
})
