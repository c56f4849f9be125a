import { test } from "node:test";
import assert from "node:assert/strict";
import { load, plain } from "./load.mjs";

const { topology, list, draw } = load("topology", "list", "draw");

// The encoding of mapgen/topology.py: zig-zag integers in 5-bit groups, offset by 63.
function encode(values) {
  let out = "";
  for (const v of values) {
    let n = v < 0 ? ~(v << 1) : v << 1;
    while (n >= 0x20) { out += String.fromCharCode((0x20 | (n & 0x1f)) + 63); n >>= 5; }
    out += String.fromCharCode(n + 63);
  }
  return out;
}

// The arcs as lists of point(lon, lat), [lon, lat] unless told: as the page's detail.js
// makes them (of Leaflet LatLngs) from the flat decoding.
function decodeArcs(topo, point = (lon, lat) => [lon, lat]) {
  return topology.decodeFlat(topo).map((flat) => {
    const out = [];
    for (let i = 0; i < flat.length; i += 2) out.push(point(flat[i], flat[i + 1]));
    return out;
  });
}

const TOPO = {
  transform: { scale: [0.5, 0.25], translate: [100, 30] },
  // quantised deltas: arc 0 runs (0,0) (4,0) (0,4); arc 1 runs (0,4) (-40,6) (0,0)
  arcs: [encode([0, 0, 4, 0, -4, 4]), encode([0, 4, -40, 2, 40, -6])],
  objects: {
    cities: [{ type: "Polygon", adcode: 340100, arcs: [[0, 1]] }],
    neighbours: [{ type: "MultiPolygon", adcode: 320000, arcs: [[[0, 1]], [[~1, ~0]]] }],
  },
};

test("arcs decode from deltas through the transform", () => {
  assert.deepEqual(plain(decodeArcs(TOPO)), [
    [[100, 30], [102, 30], [100, 31]],
    [[100, 31], [80, 31.5], [100, 30]],
  ]);
});

test("rings join arcs without repeating shared points; ~i runs an arc backwards", () => {
  const arcs = decodeArcs(TOPO);
  assert.deepEqual(plain(topology.ring(arcs, [0, 1])), [[100, 30], [102, 30], [100, 31], [80, 31.5], [100, 30]]);
  assert.deepEqual(plain(topology.ring(arcs, [~1, ~0])), [[100, 30], [80, 31.5], [100, 31], [102, 30], [100, 30]]);
});

test("shapes are polygons and multipolygons with their adcode", () => {
  const arcs = decodeArcs(TOPO);
  const [city] = plain(topology.shapes(TOPO, arcs, "cities"));
  assert.equal(city.adcode, 340100);
  assert.equal(city.type, "Polygon");
  assert.equal(city.rings[0].length, 5);
  const [n] = plain(topology.shapes(TOPO, arcs, "neighbours"));
  assert.equal(n.type, "MultiPolygon");
  assert.equal(n.rings.length, 2);
});

test("list order sorts by value, ties by adcode, and reverses whole", () => {
  const rows = [{ adcode: 3, v: "b" }, { adcode: 1, v: "b" }, { adcode: 2, v: "a" }];
  const codes = (dir) => plain(list.order(rows, (c) => c.v, dir)).map((c) => c.adcode);
  assert.deepEqual(codes(1), [2, 1, 3]);
  assert.deepEqual(codes(-1), [3, 1, 2]);
  assert.deepEqual(rows.map((r) => r.adcode), [3, 1, 2]);  // the input is not sorted in place
});

test("a city's style is the normal state with its colour, or the no-data state", () => {
  const styles = { normal: { color: "#fff", weight: 1 }, noData: { color: "#777", fillColor: "#eee" } };
  assert.deepEqual(plain(draw.cityStyle(styles, "#abc")), { color: "#fff", weight: 1, fillColor: "#abc" });
  assert.deepEqual(plain(draw.cityStyle(styles, null)), { color: "#777", fillColor: "#eee" });
  assert.equal(styles.normal.fillColor, undefined);  // the payload's table is not changed
});

test("figures sort like with like: by unit (the commonest first), then amount, theme and name", () => {
  const city = (adcode, unit, amount, theme, name) => ({ adcode, record: { markerUnit: unit, markerAmount: amount, themeIndex: theme }, name });
  const rows = [city(1, "个", 4356, 0, "a"), city(2, "条", 5, 1, "b"), city(3, "%", 83, 2, "c"),
    city(4, "个", 21, 2, "d"), city(5, "亿元", 48040000000, 3, "e"), city(6, "个", 21, 1, "f")];
  const rank = list.unitRanks(rows);
  assert.equal(rank["个"], 0);
  const key = (c) => [rank[c.record.markerUnit], c.record.markerAmount, c.record.themeIndex, c.name];
  const codes = plain(list.order(rows, key, 1)).map((c) => c.adcode);
  assert.deepEqual(codes.slice(0, 3), [6, 4, 1]);  // 21个 (theme 1), 21个 (theme 2), 4356个
  assert.deepEqual(plain(list.order(rows, key, -1)).map((c) => c.adcode), codes.slice().reverse());
  assert.equal(list.compare([0, 5], [0, 10]), -1);
  assert.equal(list.compare([1, 5], [0, 10]), 1);
});

test("arcs decode to the points a caller makes, and shapes nest them as GeoJSON does", () => {
  const arcs = decodeArcs(TOPO, (lon, lat) => ({ lat, lng: lon }));
  assert.deepEqual(plain(arcs[0][1]), { lat: 30, lng: 102 });
  const [city] = topology.shapes(TOPO, arcs, "cities");
  assert.equal(city.adcode, 340100);
  assert.equal(city.type, "Polygon");
  assert.deepEqual(plain(city.rings[0].map((p) => [p.lng, p.lat])), [[100, 30], [102, 30], [100, 31], [80, 31.5], [100, 30]]);
  assert.equal(city.rings[0][1], arcs[0][1]);  // the arc's own point: a shared border is one set of points
  const [n] = topology.shapes(TOPO, arcs, "neighbours");
  assert.equal(n.rings.length, 2);
  assert.equal(n.rings[1][0][0].lng, 100);  // polygons of rings of points
});

test("the detail bits read six points a character, least significant first", () => {
  // points 0..7 kept: 1 0 1 1 0 0 | 0 1  ->  chr(63 + 13), chr(63 + 2)
  const bits = String.fromCharCode(63 + 13, 63 + 2);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => topology.kept(bits, k)), [1, 0, 1, 1, 0, 0, 0, 1]);
});

test("flat decoding gives the points of decodeArcs, lon then lat", () => {
  assert.deepEqual(plain(topology.decodeFlat(TOPO)), [[100, 30, 102, 30, 100, 31], [100, 31, 80, 31.5, 100, 30]]);
});
