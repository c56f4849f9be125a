/* The 南海诸岛 inset of a map of all China (payload.inset, from mapgen/scene.py Inset):
   a static SVG in a Leaflet control at the bottom right, above the attribution,
   so labels keep clear of it as of every control. Drawn once, from numbers only:
   the units reaching into the frame (from the page's topology), the islands as
   dots, the ten dashes; its caption is a text of the page (text.inset).
   Only pages with an inset carry this script (mapgen/renderers/html.py). */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  // Web Mercator y in degrees, as the main map projects.
  function mercY(lat) {
    return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) * 180 / Math.PI;
  }

  // [lon, lat] -> "x y" in the frame's box: x from 0 (west) to 100 (east), y down from the north.
  function projector(extent) {
    var w = extent[0], k = 100 / (extent[2] - extent[0]), top = mercY(extent[3]);
    return {
      width: 100,
      height: (top - mercY(extent[1])) * k,
      xy: function (p) {
        return (Math.round((p[0] - w) * k * 100) / 100) + " " + (Math.round((top - mercY(p[1])) * k * 100) / 100);
      }
    };
  }

  function ringsPath(rings, proj) {
    return rings.map(function (r) { return "M" + r.map(proj.xy).join("L") + "Z"; }).join("");
  }

  function linesPath(lines, proj) {
    return lines.map(function (l) { return "M" + l.map(proj.xy).join("L"); }).join("");
  }

  // Zero-length segments with round caps: one dot per island group.
  function dotsPath(points, proj) {
    return points.map(function (p) { return "M" + proj.xy(p) + "h0"; }).join("");
  }

  mg.inset = { mercY: mercY, projector: projector, ringsPath: ringsPath, linesPath: linesPath, dotsPath: dotsPath };

  function node(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  mg.View.include({
    drawInset: function () {
      var v = this, L = v.L, inset = v.data.inset, styles = inset.styles, proj = projector(inset.extent);
      var svg = node("svg", { viewBox: "0 0 100 " + (Math.round(proj.height * 100) / 100), "aria-hidden": "true",
        focusable: "false", preserveAspectRatio: "xMidYMid meet" });
      var wanted = {};
      inset.units.forEach(function (code) { wanted[code] = true; });
      var lonLat = function (ring) { return ring.map(function (p) { return [p.lng, p.lat]; }); };
      mg.topology.shapes(v.data.topology, v.arcs, "cities").forEach(function (s) {
        if (!wanted[s.adcode]) return;
        var c = v.byCode[s.adcode];
        var polys = (s.type === "Polygon" ? [s.rings] : s.rings).map(function (p) { return p.map(lonLat); });
        var base = v.baseStyle(c);
        svg.appendChild(node("path", { d: polys.map(function (p) { return ringsPath(p, proj); }).join(""),
          // a unit without data keeps its grey border, as on the main map
          fill: base.fillColor, stroke: c.color ? styles.land.color : base.color, "stroke-width": styles.land.weight,
          "vector-effect": "non-scaling-stroke", "data-adcode": c.adcode }));
      });
      svg.appendChild(node("path", { d: dotsPath(inset.islands, proj), fill: "none", stroke: styles.islands.color,
        "stroke-width": styles.islands.weight, "stroke-linecap": "round", "vector-effect": "non-scaling-stroke",
        "class": "mg-inset-islands" }));
      inset.lines.forEach(function (dash) {
        svg.appendChild(node("path", { d: linesPath([dash], proj), fill: "none", stroke: styles.line.color,
          "stroke-width": styles.line.weight, "stroke-linecap": "round", "vector-effect": "non-scaling-stroke",
          "class": "mg-inset-dash" }));
      });
      var box = mg.el("div", "mg-inset");
      box.appendChild(svg);
      box.appendChild(mg.el("span", "mg-inset-caption", v.tx(v.T.inset))).setAttribute("data-t", "inset");
      var control = L.control({ position: "bottomright" });
      control.onAdd = function () {
        var wrap = L.DomUtil.create("div", "leaflet-control mg-inset-control");
        wrap.appendChild(box);
        L.DomEvent.disableClickPropagation(wrap);
        L.DomEvent.disableScrollPropagation(wrap);
        return wrap;
      };
      control.addTo(v.map);
      v.inset = box;
      v.sizeInset();
      v.map.on("resize", function () { v.sizeInset(); });
    },

    // A tenth of the map's width, at most a quarter of its height, 56 to 120 px wide.
    sizeInset: function () {
      // the map's size as Leaflet last measured it: reading the page's would lay out a map half drawn
      var map = this.map.getSize(), box = this.inset, ratio = projector(this.data.inset.extent);
      var width = Math.min(map.x * 0.2, 120, map.y * 0.27 * ratio.width / ratio.height);
      box.style.width = Math.round(Math.max(56, width)) + "px";
    }
  });
})();
