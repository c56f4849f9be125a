/* Topology: decode the page's compact TopoJSON (see mapgen/topology.py) into
   GeoJSON features for Leaflet. */
(function () {
  "use strict";

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

  function features(topo, arcs, name) {
    return topo.objects[name].map(function (g) {
      var rings = function (r) { return ring(arcs, r); };
      var geometry = g.type === "Polygon" ? { type: "Polygon", coordinates: g.arcs.map(rings) }
        : { type: "MultiPolygon", coordinates: g.arcs.map(function (p) { return p.map(rings); }) };
      return { type: "Feature", properties: { adcode: g.adcode }, geometry: geometry };
    });
  }

  mg.topology = { decodeArcs: decodeArcs, ring: ring, features: features };
})();
