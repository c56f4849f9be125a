/* mapgen page script. Draws the cities from the embedded topology and runs the
   hover, panel, legend, list, search, language and deep-link behaviour of one
   map; several maps on one page share this code and the global `mapgen` only.
   Every text from the data reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  var mg = window.mapgen = window.mapgen || {};
  if (mg.start) return;  // another map on this page already defined it
  mg.maps = mg.maps || {};
  var KEY = { "zh-Hans": "zh", "zh-Hant": "hant", "en": "en" };
  var HTML_LANG = { "zh-Hans": "zh-CN", "zh-Hant": "zh-Hant", "en": "en" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // Search keys: 合肥, 合肥市, 合肥 in Traditional script, Hefei, hefei, pinyin initials (hf).
  function norm(s) { return String(s).toLowerCase().replace(/[\s'’\-·.]+/g, ""); }

  mg.start = function (id, map) {
    var root = document.getElementById(id);
    var script = root.querySelector('script[data-mapgen="' + id + '"]');
    var data = JSON.parse(script.textContent);
    data.topology = JSON.parse(root.querySelector('script[data-mapgen-topology="' + id + '"]').textContent);
    mg.maps[id] = map;
    init(root, data, map, window.mapgen.L);
  };

  function init(root, data, map, L) {
    var T = data.text;
    var lang = data.lang;
    var panel = root.querySelector(".mg-panel");
    var panelBody = root.querySelector(".mg-panel-body");
    var announce = root.querySelector(".mg-announce");
    var prefix = data.hashPrefix || "";
    // Maps without a prototype: a hash such as #constructor finds no city.
    var byCode = Object.create(null), bySlug = Object.create(null), layers = {}, labels = {}, nlabels = [];
    var selected = null, lastFocus = null, outline = null, shapes = {};

    function tx(v) { return v === null || v === undefined ? "" : (v[KEY[lang]] !== undefined ? v[KEY[lang]] : v.zh); }
    function lookup(path) {
      return path.split(".").reduce(function (o, k) { return o === undefined || o === null ? o : o[k]; }, T);
    }

    data.cities.forEach(function (c) { byCode[c.adcode] = c; bySlug[c.slug] = c; });
    var topo = mg.topology, arcs = topo.decodeArcs(data.topology);
    var embedded = window.self !== window.top;
    if (embedded) root.classList.remove("mg-fullpage");
    root.querySelector(".mg-tools").hidden = false;

    map.attributionControl.setPrefix(false);
    // Leaflet sets attribution as HTML: escape the boundary file's credit so it shows as typed.
    map.attributionControl.addAttribution(data.attribution.replace(/&/g, "&amp;").replace(/</g, "&lt;")
      .replace(/>/g, "&gt;").replace(/"/g, "&quot;"));

    // Neighbouring provinces: grey context with their names.
    L.geoJSON(topo.features(data.topology, arcs, "neighbours"), {
      interactive: false,
      style: { color: "#ffffff", weight: 1, fillColor: "#e3e3e0", fillOpacity: 1 }
    }).addTo(map);
    data.neighbours.forEach(function (n) {
      var box = el("span", "mg-nlabel");
      nlabels.push([box, n]);
      L.marker([n.label[1], n.label[0]], {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "mg-nicon", html: box, iconSize: null })
      }).addTo(map);
    });

    // Cities, added north to south so keyboard order follows the map.
    var feats = topo.features(data.topology, arcs, "cities");
    feats.sort(function (a, b) { return byCode[b.properties.adcode].label[1] - byCode[a.properties.adcode].label[1]; });
    L.geoJSON(feats, {
      style: function (f) { return baseStyle(byCode[f.properties.adcode]); },
      onEachFeature: function (f, layer) {
        var c = byCode[f.properties.adcode];
        layers[c.adcode] = layer;
        shapes[c.adcode] = f;
        layer.bindTooltip(function () {
          var tip = el("div", "mg-tip");
          tip.appendChild(el("strong", null, tx(c.name)));
          if (c.record) tip.appendChild(el("div", null, tx(c.record.headline)));
          return tip;
        }, { sticky: true, direction: "top", offset: [0, -8] });
        layer.on("mouseover", function () { if (selected !== c) layer.setStyle({ weight: 2.5, color: "#333333" }); });
        layer.on("mouseout", function () { if (selected !== c) layer.setStyle(baseStyle(c)); });
        layer.on("click", function () { select(c, true); });
      }
    }).addTo(map);

    Object.keys(layers).forEach(function (code) {
      var path = layers[code].getElement();
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("data-adcode", code);
      path.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(byCode[code], true); }
      });
    });

    function baseStyle(c) {
      if (!c.color) return { color: "#767676", weight: 1, dashArray: "4 3", fillColor: "#f4f4f4", fillOpacity: 1 };
      return { color: "#ffffff", weight: 1.2, dashArray: null, fillColor: c.color, fillOpacity: 0.92 };
    }

    // City labels with the headline figure, at the pole of inaccessibility.
    data.cities.forEach(function (c) {
      var box = el("div", "mg-label");
      box.appendChild(el("span", "mg-lname"));
      if (c.record && c.record.marker) box.appendChild(el("span", "mg-chip"));
      box.addEventListener("click", function () { select(c, true); });
      labels[c.adcode] = L.marker([c.label[1], c.label[0]], {
        keyboard: false,
        icon: L.divIcon({ className: "mg-icon", html: box, iconSize: null })
      }).addTo(map);
      labels[c.adcode].getElement().setAttribute("aria-hidden", "true");
    });

    function narrow() { return root.clientWidth <= 600; }

    // On a phone the legend sits over the bottom of the map: keep Anhui clear of it.
    function fit() {
      if (root.classList.contains("mg-fullpage")) {  // the map fills the window below the header
        var top = root.querySelector(".mg-stage").getBoundingClientRect().top - root.getBoundingClientRect().top;
        root.style.setProperty("--mg-top", Math.round(top) + "px");
      }
      var legend = root.querySelector(".mg-legend");
      var bottom = narrow() && legend ? legend.offsetHeight + 12 : 8;
      map.invalidateSize(false);
      map.fitBounds(data.bounds, { paddingTopLeft: [8, 8], paddingBottomRight: [8, bottom], animate: false });
    }

    // Keep the selected city well inside the part of the map the panel leaves
    // visible: if its label point is near or under the panel, centre it there.
    function reveal(c) {
      var size = map.getSize();
      var max = narrow() ? L.point(size.x, size.y - panel.offsetHeight) : L.point(size.x - panel.offsetWidth - 20, size.y);
      var visible = L.bounds(L.point(0, 0), max);
      var inner = L.bounds(visible.min.add([50, 50]), visible.max.subtract([50, 50]));
      var p = map.latLngToContainerPoint([c.label[1], c.label[0]]);
      if (!inner.contains(p)) map.panBy(p.subtract(visible.getCenter()));
    }

    // Labels are placed greedily, largest city first: a label that would
    // overlap one placed before drops its figure chip, then moves a little.
    // All boxes are read in one layout pass and written after, so the cost
    // stays flat with a hundred labels.
    var shifts = [[0, 0], [0, -8], [0, 8], [-14, 0], [14, 0], [0, -16], [0, 16], [-14, -10], [14, 10],
                  [-14, 10], [14, -10], [-28, 0], [28, 0]];
    function declutter() {
      var order = data.cities.slice().sort(function (a, b) { return b.area - a.area; });
      var items = order.map(function (c) {
        var label = labels[c.adcode].getElement().firstChild;
        label.parentNode.classList.remove("mg-compact");
        label.style.margin = "0px";
        return { label: label };
      });
      items.forEach(function (it) { it.full = rect(it.label); it.name = rect(it.label.firstChild); });
      var placed = [];
      items.forEach(function (it) {
        var cx = (it.full.l + it.full.r) / 2, cy = (it.full.t + it.full.b) / 2;
        var w = it.name.r - it.name.l, h = it.name.b - it.name.t;
        var base = it.full;
        it.compact = overlaps(base, placed);
        if (it.compact) base = { l: cx - w / 2, r: cx + w / 2, t: cy - h / 2, b: cy + h / 2 };
        var r = base;
        for (it.k = 0; it.k < shifts.length; it.k++) {
          r = move(base, shifts[it.k]);
          if (!overlaps(r, placed)) break;
        }
        if (it.k === shifts.length) { it.k = 0; r = base; }
        placed.push(r);
      });
      items.forEach(function (it) {
        if (it.compact) it.label.parentNode.classList.add("mg-compact");
        var d = shifts[it.k];
        it.label.style.margin = d[1] + "px 0 0 " + d[0] + "px";
      });
    }
    function move(r, d) { return { l: r.l + d[0], r: r.r + d[0], t: r.t + d[1], b: r.b + d[1] }; }
    function rect(node) { var b = node.getBoundingClientRect(); return { l: b.left, r: b.right, t: b.top, b: b.bottom }; }
    function overlaps(r, list) {
      return list.some(function (o) { return r.l < o.r && r.r > o.l && r.t < o.b && r.b > o.t; });
    }

    // ---- language: every visible text is re-set from the data -----------------
    function setLang(next, push) {
      lang = next;
      root.setAttribute("lang", HTML_LANG[lang]);
      root.setAttribute("data-lang", lang);
      if (root.classList.contains("mg-fullpage")) document.documentElement.setAttribute("lang", HTML_LANG[lang]);
      Array.prototype.forEach.call(root.querySelectorAll("[data-t]"), function (n) { n.textContent = tx(lookup(n.getAttribute("data-t"))); });
      Array.prototype.forEach.call(root.querySelectorAll("[data-t-label]"), function (n) { n.setAttribute("aria-label", tx(lookup(n.getAttribute("data-t-label")))); });
      Array.prototype.forEach.call(root.querySelectorAll("[data-t-placeholder]"), function (n) { n.setAttribute("placeholder", tx(lookup(n.getAttribute("data-t-placeholder")))); });
      Array.prototype.forEach.call(root.querySelectorAll(".mg-lang"), function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang)); });
      if (root.classList.contains("mg-fullpage")) document.title = tx(T.title);
      nlabels.forEach(function (p) { p[0].textContent = tx(p[1].short); });
      data.cities.forEach(function (c) {
        var box = labels[c.adcode].getElement().firstChild;
        box.firstChild.textContent = tx(c.short);
        if (box.childNodes[1]) box.childNodes[1].textContent = tx(c.record.marker);
        layers[c.adcode].getElement().setAttribute("aria-label", tx(c.name) + ": " +
          (c.record ? tx(c.record.headline) : tx(T.ui.noRecord)));
      });
      renderList();
      if (selected) fill(selected);
      declutter();
      if (push) writeHash(selected);
    }

    // ---- the list view (also the no-JS and screen-reader fallback) ------------
    var tbody = root.querySelector(".mg-table tbody");
    var sortKey = "name", sortDir = 1;
    function sortValue(c, key) {
      if (key === "name") return lang === "en" ? tx(c.name) : c.pinyin;
      if (key === "theme") return c.record ? tx(c.record.themeName) : "~";
      if (key === "headline") return c.record ? tx(c.record.headline) : "~";
      return c.record && c.record.markerAmount !== null ? c.record.markerAmount : -1;
    }
    function renderList() {
      var rows = data.cities.slice().sort(function (a, b) {
        var x = sortValue(a, sortKey), y = sortValue(b, sortKey);
        return (x < y ? -1 : x > y ? 1 : a.adcode - b.adcode) * sortDir;
      });
      tbody.textContent = "";
      rows.forEach(function (c) {
        var tr = el("tr");
        tr.setAttribute("data-adcode", c.adcode);
        if (selected === c) tr.setAttribute("aria-selected", "true");
        var th = el("th");
        th.setAttribute("scope", "row");
        var btn = el("button", "mg-rowbtn", tx(c.name));
        btn.type = "button";
        btn.addEventListener("click", function () { select(c, true); showView("map"); });
        th.appendChild(btn);
        tr.appendChild(th);
        if (c.record) {
          tr.appendChild(el("td", null, tx(c.record.themeName)));
          var td = el("td");
          td.appendChild(el("span", "mg-rhead", tx(c.record.headline)));
          td.appendChild(el("span", "mg-rsum", tx(c.record.summary)));
          tr.appendChild(td);
          tr.appendChild(el("td", "mg-num", tx(c.record.marker)));
        } else {
          var none = el("td", null, tx(T.ui.noRecord));
          none.colSpan = 3;
          tr.appendChild(none);
        }
        tbody.appendChild(tr);
      });
    }
    var heads = root.querySelectorAll(".mg-table thead th");
    ["name", "theme", "headline", "figure"].forEach(function (key, i) {
      var th = heads[i], label = th.firstElementChild;
      var btn = el("button", "mg-sort");
      btn.type = "button";
      th.replaceChild(btn, label);
      btn.appendChild(label);
      btn.addEventListener("click", function () {
        sortDir = sortKey === key ? -sortDir : 1;
        sortKey = key;
        Array.prototype.forEach.call(heads, function (h, j) {
          if (j === i) h.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
          else h.removeAttribute("aria-sort");
        });
        renderList();
      });
    });

    function showView(view) {
      root.setAttribute("data-view", view);
      Array.prototype.forEach.call(root.querySelectorAll(".mg-view"), function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === view));
      });
      // labels are measured while visible: place them again on the way back to the map
      if (view === "map") { map.invalidateSize(false); declutter(); }
    }
    Array.prototype.forEach.call(root.querySelectorAll(".mg-view"), function (b) {
      b.addEventListener("click", function () { showView(b.getAttribute("data-view")); });
    });
    Array.prototype.forEach.call(root.querySelectorAll(".mg-lang"), function (b) {
      b.addEventListener("click", function () { setLang(b.getAttribute("data-lang"), true); });
    });

    // ---- search ----------------------------------------------------------------
    var q = root.querySelector(".mg-q"), hits = root.querySelector(".mg-hits"), found = [], active = -1;
    data.cities.forEach(function (c) {
      c.keys = [c.name.zh, c.name.hant, c.short.zh, c.short.hant, c.name.en, c.slug, c.pinyin, c.initials].map(norm);
    });
    function search(text) {
      var k = norm(text);
      if (!k) return [];
      return data.cities.filter(function (c) { return c.keys.some(function (x) { return x.indexOf(k) === 0; }); });
    }
    function showHits() {
      found = search(q.value);
      active = found.length ? 0 : -1;
      hits.textContent = "";
      if (!q.value.trim()) { hits.hidden = true; q.setAttribute("aria-expanded", "false"); return; }
      if (!found.length) hits.appendChild(el("li", "mg-nohit", tx(T.ui.noMatch)));
      found.forEach(function (c, i) {
        var li = el("li", "mg-hit", tx(c.name));
        li.id = data.mapId + "-hit-" + c.adcode;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", String(i === active));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(c); });
        hits.appendChild(li);
      });
      hits.hidden = false;
      q.setAttribute("aria-expanded", "true");
      q.setAttribute("aria-activedescendant", active >= 0 ? data.mapId + "-hit-" + found[active].adcode : "");
    }
    function choose(c) {
      q.value = tx(c.name);
      hits.hidden = true;
      q.setAttribute("aria-expanded", "false");
      showView("map");
      select(c, true);
    }
    q.addEventListener("input", showHits);
    q.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!found.length) return;
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : found.length - 1)) % found.length;
        Array.prototype.forEach.call(hits.children, function (li, i) { li.setAttribute("aria-selected", String(i === active)); });
        q.setAttribute("aria-activedescendant", data.mapId + "-hit-" + found[active].adcode);
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        choose(found[active]);
      } else if (e.key === "Escape" && !hits.hidden) {
        e.stopPropagation();
        hits.hidden = true;
        q.setAttribute("aria-expanded", "false");
      }
    });
    q.addEventListener("blur", function () { hits.hidden = true; q.setAttribute("aria-expanded", "false"); });

    // ---- panel -------------------------------------------------------------------
    function fill(c) {
      panelBody.textContent = "";
      var head = el("div", "mg-phead");
      var h = el("h2", "mg-pname", tx(c.name));
      h.id = data.mapId + "-title";
      head.appendChild(h);
      head.appendChild(el("div", "mg-pname2", lang === "en" ? c.name.zh : c.name.en));
      panelBody.appendChild(head);
      var r = c.record;
      if (!r) {
        panelBody.appendChild(el("p", "mg-none", tx(T.ui.noRecord)));
        return;
      }
      var tag = el("span", "mg-tag");
      tag.appendChild(el("span", "mg-sw mg-th-" + r.themeIndex));
      tag.appendChild(document.createTextNode(tx(r.themeName)));
      panelBody.appendChild(tag);
      panelBody.appendChild(el("p", "mg-headline", tx(r.headline)));
      panelBody.appendChild(el("p", "mg-summary", tx(r.summary)));
      if (r.figures.length === 0) {
        panelBody.appendChild(el("p", "mg-none", tx(T.ui.noFigures)));
      } else {
        panelBody.appendChild(el("h3", "mg-sr", tx(T.ui.keyFigures)));
        var grid = el("ul", "mg-cards");
        r.figures.forEach(function (f) {
          var li = el("li", "mg-card");
          li.appendChild(el("div", "mg-value", tx(f.text)));
          li.appendChild(el("div", "mg-flabel", tx(f.label)));
          if (f.period) li.appendChild(el("div", "mg-period", tx(f.period)));
          grid.appendChild(li);
        });
        panelBody.appendChild(grid);
      }
      panelBody.appendChild(el("p", "mg-psource", tx(T.sourceLine)));
    }

    function markRow(c) {
      Array.prototype.forEach.call(tbody.children, function (tr) {
        if (c && +tr.getAttribute("data-adcode") === c.adcode) tr.setAttribute("aria-selected", "true");
        else tr.removeAttribute("aria-selected");
      });
    }

    // The selected city is outlined by a layer of its own on top: moving the
    // city's path to the front would take keyboard focus and Tab order with it.
    function outlineCity(c) {
      if (outline) { map.removeLayer(outline); outline = null; }
      if (c) {
        outline = L.geoJSON(shapes[c.adcode], {
          interactive: false, style: { color: "#111111", weight: 3.5, fill: false, dashArray: null }
        }).addTo(map);
        var path = outline.getLayers()[0].getElement();
        path.setAttribute("aria-hidden", "true");
        path.setAttribute("data-outline", c.adcode);
      }
    }

    function select(c, push) {
      if (selected && selected !== c) layers[selected.adcode].setStyle(baseStyle(selected));
      var active = document.activeElement;
      if (push && !selected) lastFocus = active && active !== document.body ? active : layers[c.adcode].getElement();
      selected = c;
      outlineCity(c);
      fill(c);
      panel.hidden = false;
      root.classList.add("mg-open");
      markRow(c);
      announce.textContent = tx(T.ui.opened).replace("{name}", tx(c.name));
      reveal(c);
      if (push) writeHash(c);
      root.dispatchEvent(new CustomEvent("mapgen:select", { detail: { adcode: c.adcode } }));
    }

    function close(push) {
      if (!selected) return;
      layers[selected.adcode].setStyle(baseStyle(selected));
      outlineCity(null);
      selected = null;
      panel.hidden = true;
      root.classList.remove("mg-open");
      markRow(null);
      announce.textContent = "";
      if (push) writeHash(null);
      if (lastFocus && document.contains(lastFocus) && lastFocus.focus) lastFocus.focus();
      lastFocus = null;
    }

    root.querySelector(".mg-close").addEventListener("click", function () { close(true); });
    // Esc closes this map's panel when focus is in this map or nowhere in particular.
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !selected) return;
      if (root.contains(e.target) || e.target === document.body || e.target === document.documentElement) {
        e.preventDefault();
        close(true);
      }
    });

    // ---- deep links: #340100, #hefei, ?lang=en or #...&lang=en --------------------
    // Parts of the hash are this map's when they carry its prefix (fragments on
    // one page use different prefixes); other parts are kept as they are.
    function hashParts() {
      var raw = location.hash.replace(/^#/, "");
      try { raw = decodeURIComponent(raw); } catch (e) { /* a malformed escape: read it as typed */ }
      return raw.split("&").filter(Boolean);
    }
    function mine(part) { return part.indexOf(prefix) === 0; }
    function writeHash(c) {
      var others = hashParts().filter(function (p) { return !mine(p); });
      var parts = others.concat(c ? [prefix + c.adcode] : []);
      if (lang !== data.lang) parts.push(prefix + "lang=" + lang);
      var hash = parts.join("&");
      if (hash === hashParts().join("&")) return;
      if (hash) location.hash = hash;
      else history.pushState(null, "", location.pathname + location.search);
    }
    function readHash() {
      var city = null, wanted = null;
      hashParts().filter(mine).forEach(function (p) {
        var v = p.slice(prefix.length);
        if (v.indexOf("lang=") === 0) wanted = v.slice(5);
        else city = byCode[v] || bySlug[v.toLowerCase()] || city;
      });
      var query = /[?&]lang=([A-Za-z-]+)/.exec(location.search);
      if (!wanted && query) wanted = query[1];
      return { city: city, lang: Object.prototype.hasOwnProperty.call(KEY, wanted) ? wanted : data.lang };
    }
    function onHash() {
      var want = readHash();
      if (want.lang !== lang) setLang(want.lang, false);
      if (want.city && want.city !== selected) select(want.city, false);
      else if (!want.city && selected) close(false);
    }
    window.addEventListener("hashchange", onHash);
    window.addEventListener("popstate", onHash);

    // ---- start -----------------------------------------------------------------
    // Inside an iframe, tell the host page our height so it can size the frame.
    function postHeight() {
      if (embedded && window.parent) {
        window.parent.postMessage({ type: "mapgen:height", id: data.mapId, height: Math.ceil(root.getBoundingClientRect().height) }, "*");
      }
    }
    var initial = readHash();
    showView("map");
    setLang(initial.lang, false);
    fit();
    declutter();
    map.on("zoomend", declutter);
    if (initial.city) select(initial.city, false);
    if (window.ResizeObserver) new window.ResizeObserver(postHeight).observe(root);
    postHeight();
    root.setAttribute("data-ready", "true");
    // Label sizes change when the CJK font arrives: place them again then.
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(function () { declutter(); root.setAttribute("data-settled", "true"); });
    } else {
      root.setAttribute("data-settled", "true");
    }
  }
})();
