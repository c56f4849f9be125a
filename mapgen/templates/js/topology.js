/* Topology: decode the page's compact TopoJSON (see mapgen/topology.py) into
   GeoJSON features for Leaflet. */
(function () {
  "use strict";

  function pair(lon, lat) { return [lon, lat]; }

  // Arcs come as polyline-encoded strings of quantised deltas (see topology.py).
  // Each point is point(lon, lat): [lon, lat] unless told (the page makes Leaflet's
  // LatLngs here, once per point of an arc, shared by the units on both sides of it).
  function decodeArcs(topo, point) {
    point = point || pair;
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
        out.push(point(x * sx + tx, y * sy + ty));
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

  // The units of object `name`: {adcode, type, rings}, rings as GeoJSON nests them
  // (a Polygon's rings, a MultiPolygon's polygons of rings), of the arcs' points.
  function shapes(topo, arcs, name) {
    return topo.objects[name].map(function (g) {
      var rings = function (r) { return ring(arcs, r); };
      return { adcode: g.adcode, type: g.type,
               rings: g.type === "Polygon" ? g.arcs.map(rings) : g.arcs.map(function (p) { return p.map(rings); }) };
    });
  }

  mg.topology = { decodeArcs: decodeArcs, ring: ring, shapes: shapes };
})();
