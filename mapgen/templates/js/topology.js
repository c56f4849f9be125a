/* Topology: decode the page's compact TopoJSON (see mapgen/topology.py) into
   GeoJSON features for Leaflet. */
(function () {
  "use strict";

  // Arcs come as polyline-encoded strings of quantised deltas (see topology.py).
  // Each arc decodes to its points' coordinates in one flat array: lon0, lat0, lon1, lat1, ...
  function decodeFlat(topo) {
    var t = topo.transform, sx = t.scale[0], sy = t.scale[1], tx = t.translate[0], ty = t.translate[1];
    return topo.arcs.map(function (text) {
      var out = [], shift = 0, acc = 0, x = 0, y = 0, odd = false, i, b, v;
      for (i = 0; i < text.length; i++) {
        b = text.charCodeAt(i) - 63;
        acc |= (b & 0x1f) << shift;
        shift += 5;
        if (b < 0x20) {
          v = acc & 1 ? ~(acc >> 1) : acc >> 1;
          shift = 0;
          acc = 0;
          if (odd) { y += v; out.push(x * sx + tx, y * sy + ty); } else { x += v; }
          odd = !odd;
        }
      }
      return out;
    });
  }

  // The bits of topology.detail.keep (one a point, in arc order, six to a character,
  // least significant first): is point k of all the arcs' points kept?
  function kept(bits, k) {
    return ((bits.charCodeAt((k / 6) | 0) - 63) >> (k % 6)) & 1;
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

  mg.topology = { decodeFlat: decodeFlat, kept: kept, ring: ring, shapes: shapes };
})();
