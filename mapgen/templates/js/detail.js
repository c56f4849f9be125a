/* Detail: each border drawn with the points the view can show.

   The page carries every border at the detail of its closest view, and marks the points
   the view a desktop page opens on needs (topology.detail, see mapgen/topology.py: a
   simplification at one pixel of that zoom). Up to that zoom only the marked points
   become LatLngs for Leaflet to project, clip and draw; zooming in past it brings the
   rest. Each point's LatLng is made once, so a border keeps its points as detail grows. */
(function () {
  "use strict";

  mg.View.include({
    // The arcs as LatLngs for a view at `zoom`: v.arcs; v.detailZoom is the zoom past which
    // they lack points (Infinity once they have them all).
    detail: function (zoom) {
      var v = this, LatLng = v.L.LatLng, d = v.data.topology.detail;
      var bits = d && zoom <= d.zoom ? d.keep : null, k = 0;
      v.flat = v.flat || mg.topology.decodeFlat(v.data.topology).map(function (flat) {
        return { flat: flat, points: new Array(flat.length / 2) };
      });
      v.detailZoom = bits ? d.zoom : Infinity;
      v.arcs = v.flat.map(function (arc) {
        var out = [], f = arc.flat, p = arc.points;
        for (var i = 0; i < p.length; i++, k++) {
          if (bits && !mg.topology.kept(bits, k)) continue;
          out.push(p[i] || (p[i] = new LatLng(f[2 * i + 1], f[2 * i])));
        }
        return out;
      });
      return v.arcs;
    },

    // After a zoom past the detail drawn: the units and their context again, with every point.
    refine: function () {
      var v = this, zoom = v.map.getZoom();
      if (!(zoom > v.detailZoom)) return;
      v.detail(zoom);
      var rings = function (name) {
        var out = {};
        mg.topology.shapes(v.data.topology, v.arcs, name).forEach(function (s) { out[s.adcode] = s.rings; });
        return out;
      };
      var units = rings("cities"), context = rings("neighbours");
      Object.keys(v.layers).forEach(function (code) {
        v.layers[code].setLatLngs(units[code]);
        // a dense map decides whether a name fits its unit by the unit's bounds (labels.js)
        if (v.unitBounds) v.unitBounds[code] = v.layers[code].getBounds();
      });
      v.nlayers.forEach(function (pair) { pair[1].setLatLngs(context[pair[0]]); });
      if (v.outline) v.outlineCity(v.selected);
    }
  });
})();
