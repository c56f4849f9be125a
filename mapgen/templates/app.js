/* mapgen page script: draws the cities from the embedded topology and runs the
   hover, panel, legend and deep-link behaviour. Every text from the data is
   put into the page with textContent, never as HTML. */
(function () {
  "use strict";

  // ---- TopoJSON decoding ----------------------------------------------------
  // Arcs come as polyline-encoded strings of quantised deltas (see topology.py).
  function decodeArcs(topo) {
    var t = topo.transform, sx = t.scale[0], sy = t.scale[1], tx = t.translate[0], ty = t.translate[1];
    return topo.arcs.map(function (text) {
      var values = [], shift = 0, acc = 0, i, b;
      for (i = 0; i < text.length; i++) {
        b = text.charCodeAt(i) - 63;
        acc |= (b & 0x1f) << shift;
        shift += 5;
        if (b < 0x20) { values.push(acc & 1 ? ~(acc >> 1) : acc >> 1); shift = 0; acc = 0; }
      }
      var out = [], x = 0, y = 0;
      for (i = 0; i < values.length; i += 2) {
        x += values[i]; y += values[i + 1];
        out.push([x * sx + tx, y * sy + ty]);
      }
      return out;
    });
  }

  function ring(arcs, indexes) {
    var out = [];
    indexes.forEach(function (i) {
      var a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      a.forEach(function (p, k) { if (k > 0 || out.length === 0) out.push(p); });
    });
    return out;
  }

  function geometry(arcs, g) {
    if (g.type === "Polygon") {
      return { type: "Polygon", coordinates: g.arcs.map(function (r) { return ring(arcs, r); }) };
    }
    if (g.type === "MultiPolygon") {
      return { type: "MultiPolygon", coordinates: g.arcs.map(function (p) {
        return p.map(function (r) { return ring(arcs, r); });
      }) };
    }
    return null;
  }

  function features(topo, arcs, name) {
    return topo.objects[name].map(function (g) {
      return { type: "Feature", properties: { adcode: g.adcode }, geometry: geometry(arcs, g) };
    });
  }

  // ---- small DOM helpers -----------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function init(root, data, map) {
    var L = window.L;
    var lang = data.lang;
    var S = data.strings;
    var panel = root.querySelector(".mg-panel");
    var panelBody = root.querySelector(".mg-panel-body");
    var closeBtn = root.querySelector(".mg-close");
    var prefix = data.hashPrefix || "";
    var byCode = {}, bySlug = {}, layers = {}, labels = {};
    var selected = null, lastFocus = null;

    function t(obj, key) {  // pick the text of the current language, falling back to Chinese
      if (lang === "en" && obj[key + "_en"]) return obj[key + "_en"];
      return obj[key];
    }

    data.cities.forEach(function (c) { byCode[c.adcode] = c; bySlug[c.slug] = c; });
    var arcs = decodeArcs(data.topology);

    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(S.attribution);

    // Neighbouring provinces: grey context with their names.
    L.geoJSON(features(data.topology, arcs, "neighbours"), {
      interactive: false,
      style: { color: "#ffffff", weight: 1, fillColor: "#e3e3e0", fillOpacity: 1 }
    }).addTo(map);
    data.neighbours.forEach(function (n) {
      var box = el("span", "mg-nlabel", t(n, "short"));
      L.marker([n.label[1], n.label[0]], {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "mg-nicon", html: box, iconSize: null })
      }).addTo(map);
    });

    // Cities, added north to south so keyboard order follows the map.
    var feats = features(data.topology, arcs, "cities");
    feats.sort(function (a, b) { return byCode[b.properties.adcode].label[1] - byCode[a.properties.adcode].label[1]; });
    var cityLayer = L.geoJSON(feats, {
      style: function (f) { return baseStyle(byCode[f.properties.adcode]); },
      onEachFeature: function (f, layer) {
        var c = byCode[f.properties.adcode];
        layers[c.adcode] = layer;
        var tip = el("div", "mg-tip");
        tip.appendChild(el("strong", null, t(c, "name")));
        if (c.record) tip.appendChild(el("div", null, t(c.record, "headline")));
        layer.bindTooltip(tip, { sticky: true, direction: "top", offset: [0, -8] });
        layer.on("mouseover", function () { if (selected !== c) layer.setStyle({ weight: 2.5, color: "#333" }); });
        layer.on("mouseout", function () { if (selected !== c) layer.setStyle(baseStyle(c)); });
        layer.on("click", function () { select(c, true); });
      }
    }).addTo(map);

    Object.keys(layers).forEach(function (code) {
      var c = byCode[code], path = layers[code].getElement();
      if (!path) return;
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", c.record ? t(c, "name") + ": " + t(c.record, "headline")
                                               : t(c, "name") + ": " + S.noRecord);
      path.setAttribute("data-adcode", code);
      path.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(c, true); }
      });
    });

    function baseStyle(c) {
      if (!c.color) return { color: "#8a8a8a", weight: 1, dashArray: "4 3", fillColor: "#f4f4f4", fillOpacity: 1 };
      return { color: "#ffffff", weight: 1.2, dashArray: null, fillColor: c.color, fillOpacity: 0.92 };
    }

    // City labels with the headline figure, at the pole of inaccessibility.
    data.cities.forEach(function (c) {
      var box = el("div", "mg-label");
      box.appendChild(el("span", "mg-lname", t(c, "short")));
      if (c.record && c.record.marker) box.appendChild(el("span", "mg-chip", t(c.record, "marker")));
      box.addEventListener("click", function () { select(c, true); });
      labels[c.adcode] = L.marker([c.label[1], c.label[0]], {
        keyboard: false, riseOnHover: true,
        icon: L.divIcon({ className: "mg-icon", html: box, iconSize: null })
      }).addTo(map);
      box.parentNode && box.parentNode.setAttribute("aria-hidden", "true");
    });

    function narrow() { return root.clientWidth <= 600; }

    // On a phone the legend sits over the bottom of the map: keep Anhui clear of it.
    function fit() {
      var legend = root.querySelector(".mg-legend");
      var bottom = narrow() && legend ? legend.offsetHeight + 12 : 8;
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

    fit();
    map.on("zoomend", declutter);
    declutter();

    // Labels are placed greedily, largest city first: a label that would
    // overlap one already placed first drops its figure chip, then moves.
    function declutter() {
      var placed = [];
      var order = data.cities.slice().sort(function (a, b) { return b.area - a.area; });
      var shifts = [[0, 0], [0, -8], [0, 8], [-14, 0], [14, 0], [0, -16], [0, 16], [-14, -10], [14, 10],
                    [-14, 10], [14, -10], [-28, 0], [28, 0]];
      order.forEach(function (c) {
        var icon = labels[c.adcode].getElement();
        if (!icon) return;
        var label = icon.firstChild;
        icon.classList.remove("mg-compact");
        label.style.margin = "0px";
        var r = rect(label);
        if (hits(r, placed)) { icon.classList.add("mg-compact"); r = rect(label); }
        for (var k = 1; k < shifts.length && hits(r, placed); k++) {
          label.style.margin = shifts[k][1] + "px 0 0 " + shifts[k][0] + "px";
          r = rect(label);
        }
        placed.push(r);
      });
    }
    function rect(node) { var b = node.getBoundingClientRect(); return { l: b.left, r: b.right, t: b.top, b: b.bottom }; }
    function hits(r, list) {
      return list.some(function (o) { return r.l < o.r && r.r > o.l && r.t < o.b && r.b > o.t; });
    }

    // ---- panel ---------------------------------------------------------------
    function fill(c) {
      panelBody.textContent = "";
      var head = el("div", "mg-phead");
      var h = el("h2", "mg-pname", t(c, "name"));
      h.id = data.mapId + "-title";
      head.appendChild(h);
      head.appendChild(el("div", "mg-pname2", lang === "en" ? c.name : c.name_en));
      panelBody.appendChild(head);
      var r = c.record;
      if (!r) {
        panelBody.appendChild(el("p", "mg-none", S.noRecord));
        return;
      }
      var tag = el("span", "mg-tag");
      var sw = el("span", "mg-sw mg-th-" + r.themeIndex);
      tag.appendChild(sw);
      tag.appendChild(document.createTextNode(t(r, "themeName")));
      panelBody.appendChild(tag);
      panelBody.appendChild(el("p", "mg-headline", t(r, "headline")));
      panelBody.appendChild(el("p", "mg-summary", t(r, "summary")));
      if (r.figures.length === 0) {
        panelBody.appendChild(el("p", "mg-none", S.noFigures));
      } else {
        var grid = el("ul", "mg-cards");
        grid.setAttribute("aria-label", S.keyFigures);
        r.figures.forEach(function (f) {
          var li = el("li", "mg-card");
          li.appendChild(el("div", "mg-value", t(f, "text")));
          li.appendChild(el("div", "mg-flabel", t(f, "label")));
          if (f.period) li.appendChild(el("div", "mg-period", t(f, "period")));
          grid.appendChild(li);
        });
        panelBody.appendChild(grid);
      }
      panelBody.appendChild(el("p", "mg-psource", S.sourceLine));
    }

    function select(c, push) {
      if (selected && selected !== c) layers[selected.adcode].setStyle(baseStyle(selected));
      selected = c;
      var layer = layers[c.adcode];
      layer.setStyle({ color: "#111111", weight: 3.5, dashArray: null });
      layer.bringToFront();
      fill(c);
      panel.hidden = false;
      root.classList.add("mg-open");
      reveal(c);
      if (push) {
        lastFocus = document.activeElement && document.activeElement.getAttribute &&
                    document.activeElement.getAttribute("data-adcode") ? document.activeElement : layer.getElement();
        if (location.hash !== "#" + prefix + c.adcode) location.hash = prefix + c.adcode;
      }
      root.dispatchEvent(new CustomEvent("mapgen:select", { detail: { adcode: c.adcode } }));
    }

    function close(push) {
      if (!selected) return;
      layers[selected.adcode].setStyle(baseStyle(selected));
      selected = null;
      panel.hidden = true;
      root.classList.remove("mg-open");
      if (push && fromHash()) {
        history.pushState(null, "", location.pathname + location.search);
      }
      if (lastFocus && lastFocus.focus) lastFocus.focus();
    }

    closeBtn.addEventListener("click", function () { close(true); });
    // Esc closes this map's panel when focus is in this map or nowhere in particular.
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !selected) return;
      if (root.contains(e.target) || e.target === document.body || e.target === document.documentElement) {
        e.preventDefault();
        close(true);
      }
    });

    // ---- deep links: #340100 or #hefei ---------------------------------------
    function fromHash() {
      var h = decodeURIComponent(location.hash.replace(/^#/, ""));
      if (prefix && h.indexOf(prefix) !== 0) return null;
      h = h.slice(prefix.length).toLowerCase();
      return byCode[h] || bySlug[h] || null;
    }
    function onHash() {
      var c = fromHash();
      if (c && c !== selected) select(c, false);
      else if (!c && selected) close(false);
    }
    window.addEventListener("hashchange", onHash);
    window.addEventListener("popstate", onHash);
    onHash();
    root.setAttribute("data-ready", "true");
  }

  var scripts = document.querySelectorAll("script[data-mapgen]");
  Array.prototype.forEach.call(scripts, function (s) {
    if (s.getAttribute("data-mapgen-done")) return;
    s.setAttribute("data-mapgen-done", "1");
    var id = s.getAttribute("data-mapgen");
    var data = JSON.parse(s.textContent);
    var topo = document.querySelector('script[data-mapgen-topology="' + id + '"]');
    data.topology = JSON.parse(topo.textContent);
    init(document.getElementById(id), data, window[data.mapVar]);
  });
})();
