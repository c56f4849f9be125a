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

  // Leaflet's polygon, with the same result for less work: a unit wholly inside the clip box
  // is not clipped (clipping would return every point of it, in order). Made on first use:
  // the file loads before (and in tests without) Leaflet.
  function unitClass(L) {
    if (mg.Unit) return mg.Unit;
    mg.Unit = L.Polygon.extend({
      _clipPoints: function () {
        var bounds = this._renderer._bounds, w = this.options.weight, p = L.point(w, w);
        if (this._rawPxBounds && !this.options.noClip &&
            L.bounds(bounds.min.subtract(p), bounds.max.add(p)).contains(this._rawPxBounds)) {
          this._parts = this._rings.slice();
          return;
        }
        L.Polygon.prototype._clipPoints.call(this);
      }
    });
    return mg.Unit;
  }

  mg.View.include({
    baseStyle: function (c) { return cityStyle(this.data.styles, c.color); },

    // The region's shapes as Leaflet layers, from the LatLng arcs of the detail drawn (detail.js).
    shapes: function (name) {
      var Unit = unitClass(this.L);
      return mg.topology.shapes(this.data.topology, this.arcs, name).map(function (s) {
        return { adcode: s.adcode, layer: function (options) { return new Unit(s.rings, options); } };
      });
    },

    drawNeighbours: function () {
      var v = this, L = v.L;
      v.shapes("neighbours").forEach(function (s) {
        v.nlayers.push([s.adcode, s.layer(assign({ interactive: false }, v.data.styles.context)).addTo(v.map)]);
      });
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
      var v = this, byCode = v.byCode, styles = v.data.styles;
      var units = v.shapes("cities");
      units.sort(function (a, b) { return byCode[b.adcode].label[1] - byCode[a.adcode].label[1]; });
      units.forEach(function (s) {
        var c = byCode[s.adcode], layer = s.layer(v.baseStyle(c));
        layer.feature = { type: "Feature", properties: { adcode: c.adcode } };  // as L.geoJSON would: what tools look for
        v.layers[c.adcode] = layer;
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
        layer.addTo(v.map);
      });

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
        v.outline = new (unitClass(v.L))(v.layers[c.adcode].getLatLngs(),
          assign({ interactive: false }, v.data.styles.selected)).addTo(v.map);
        var path = v.outline.getElement();
        path.setAttribute("aria-hidden", "true");
        path.setAttribute("data-outline", c.adcode);
      }
    }
  });
})();
