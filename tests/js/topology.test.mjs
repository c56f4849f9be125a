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
  assert.deepEqual(plain(topology.decodeArcs(TOPO)), [
    [[100, 30], [102, 30], [100, 31]],
    [[100, 31], [80, 31.5], [100, 30]],
  ]);
});

test("rings join arcs without repeating shared points; ~i runs an arc backwards", () => {
  const arcs = topology.decodeArcs(TOPO);
  assert.deepEqual(plain(topology.ring(arcs, [0, 1])), [[100, 30], [102, 30], [100, 31], [80, 31.5], [100, 30]]);
  assert.deepEqual(plain(topology.ring(arcs, [~1, ~0])), [[100, 30], [80, 31.5], [100, 31], [102, 30], [100, 30]]);
});

test("features are GeoJSON polygons and multipolygons with their adcode", () => {
  const arcs = topology.decodeArcs(TOPO);
  const [city] = plain(topology.features(TOPO, arcs, "cities"));
  assert.equal(city.type, "Feature");
  assert.deepEqual(city.properties, { adcode: 340100 });
  assert.equal(city.geometry.type, "Polygon");
  assert.equal(city.geometry.coordinates[0].length, 5);
  const [n] = plain(topology.features(TOPO, arcs, "neighbours"));
  assert.equal(n.geometry.type, "MultiPolygon");
  assert.equal(n.geometry.coordinates.length, 2);
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
