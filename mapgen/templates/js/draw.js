/* Drawing: neighbouring provinces as grey context, the cities, hover, and the
   selected city's outline. Every style is Python's (mapgen/style.py STATES,
   sent as payload.styles): this file only says which state applies. */
(function () {
  "use strict";

  function assign(target) {
    for (var i = 1; i < arguments.length; i++) {
      var src = arguments[i];
      for (var k in src) if (Object.prototype.hasOwnProperty.call(src, k)) target[k] = src[k];
    }
    return target;
  }

  // A city's resting style: its class colour, or the no-data style.
  function cityStyle(styles, color) {
    return color ? assign({}, styles.normal, { fillColor: color }) : assign({}, styles.noData);
  }

  mg.draw = { cityStyle: cityStyle };

  mg.View.include({
    baseStyle: function (c) { return cityStyle(this.data.styles, c.color); },

    drawNeighbours: function () {
      var v = this, L = v.L, topo = mg.topology;
      L.geoJSON(topo.features(v.data.topology, v.arcs, "neighbours"), {
        interactive: false,
        style: assign({}, v.data.styles.context)
      }).addTo(v.map);
      v.data.neighbours.forEach(function (n) {
        var box = mg.el("span", "mg-nlabel");
        v.nlabels.push([box, n]);
        L.marker([n.label[1], n.label[0]], {
          interactive: false, keyboard: false,
          icon: L.divIcon({ className: "mg-nicon", html: box, iconSize: null })
        }).addTo(v.map);
      });
    },

    // Cities, added north to south so keyboard order follows the map.
    drawCities: function () {
      var v = this, L = v.L, topo = mg.topology, byCode = v.byCode, styles = v.data.styles;
      var feats = topo.features(v.data.topology, v.arcs, "cities");
      feats.sort(function (a, b) { return byCode[b.properties.adcode].label[1] - byCode[a.properties.adcode].label[1]; });
      L.geoJSON(feats, {
        style: function (f) { return v.baseStyle(byCode[f.properties.adcode]); },
        onEachFeature: function (f, layer) {
          var c = byCode[f.properties.adcode];
          v.layers[c.adcode] = layer;
          v.shapes[c.adcode] = f;
          // the tooltip follows the pointer (labels.js showTip), inside the map
          layer.on("mouseover", function (e) {
            if (v.selected !== c) layer.setStyle(assign({}, styles.hover));
            v.showTip(c, e.originalEvent);
          });
          layer.on("mousemove", function (e) { v.showTip(c, e.originalEvent); });
          layer.on("mouseout", function () {
            if (v.selected !== c) layer.setStyle(v.baseStyle(c));
            v.hideTip();
          });
          layer.on("click", function () { v.select(c, true); });
        }
      }).addTo(v.map);

      Object.keys(v.layers).forEach(function (code) {
        var path = v.layers[code].getElement();
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", "button");
        path.setAttribute("data-adcode", code);
        path.addEventListener("focus", function () { v.showTip(byCode[code]); });
        path.addEventListener("blur", function () { v.hideTip(); });
        path.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); v.select(byCode[code], true); }
        });
      });
    },

    // The selected city is outlined by a layer of its own on top: moving the
    // city's path to the front would take keyboard focus and Tab order with it.
    outlineCity: function (c) {
      var v = this;
      if (v.outline) { v.map.removeLayer(v.outline); v.outline = null; }
      if (c) {
        v.outline = v.L.geoJSON(v.shapes[c.adcode], {
          interactive: false, style: assign({}, v.data.styles.selected)
        }).addTo(v.map);
        var path = v.outline.getLayers()[0].getElement();
        path.setAttribute("aria-hidden", "true");
        path.setAttribute("data-outline", c.adcode);
      }
    }
  });
})();
