import { test } from "node:test";
import assert from "node:assert/strict";
import { load, plain } from "./load.mjs";

const { labels, tip, legend } = load("labels", "legend");
const box = (l, t, w, h) => ({ l, r: l + w, t, b: t + h });
// A label 60 x 30 whose name is the top 60 x 14.
const label = (x, y) => ({ full: box(x, y, 60, 30), name: box(x, y, 60, 14) });
const moved = (r, [dx, dy]) => ({ l: r.l + dx, r: r.r + dx, t: r.t + dy, b: r.b + dy });
// The box a label takes as laid out: the whole label, or its name centred where the label was.
function placedBox(item, p) {
  const f = item.full, cx = (f.l + f.r) / 2, cy = (f.t + f.b) / 2;
  const w = item.name.r - item.name.l, h = item.name.b - item.name.t;
  const base = p.mode === "full" ? f : { l: cx - w / 2, r: cx + w / 2, t: cy - h / 2, b: cy + h / 2 };
  return moved(base, p.shift);
}
function assertNoOverlaps(items, result, obstacles = []) {
  const shown = result.map((p, i) => (p.mode === "hidden" ? null : placedBox(items[i], p)));
  shown.forEach((r, i) => {
    if (!r) return;
    const others = shown.filter((o, j) => o && j !== i);
    assert.equal(labels.overlaps(r, others), false, `label ${i} overlaps another`);
    assert.equal(labels.overlaps(r, obstacles), false, `label ${i} overlaps a control`);
  });
}

test("labels far apart stay whole and in place", () => {
  assert.deepEqual(plain(labels.layout([label(0, 0), label(200, 0), label(0, 200)])),
    [{ mode: "full", shift: [0, 0] }, { mode: "full", shift: [0, 0] }, { mode: "full", shift: [0, 0] }]);
});

test("two labels that collide move apart, or the later one drops its figure", () => {
  const items = [label(0, 0), label(10, 20)];
  const result = labels.layout(items);
  assert.equal(result[0].mode, "full");
  assert.notEqual(result[1].mode, "hidden");
  assertNoOverlaps(items, result);
  // with no room to move, both names stay and the figures give way (the first's
  // figure would cover the second's name)
  const still = labels.layout(items, [[0, 0]]);
  assert.deepEqual(plain(still.map((p) => p.mode)), ["compact", "compact"]);
  assertNoOverlaps(items, still);
});

test("figures drop before names: a crowd shows every name it can, and no box overlaps", () => {
  const items = [];
  for (let i = 0; i < 16; i++) items.push(label((i % 4) * 70, Math.floor(i / 4) * 24));
  const result = labels.layout(items);
  assertNoOverlaps(items, result);
  // every name fits when the figures are dropped (70 px apart, 24 px rows): none is hidden
  assert.ok(result.every((p) => p.mode !== "hidden"));
  assert.ok(result.some((p) => p.mode === "compact"));
});

test("a name with nowhere to go is hidden, never drawn over another", () => {
  const big = { full: box(-500, -500, 1000, 1000), name: box(-500, -500, 1000, 1000) };
  const [first, small] = labels.layout([big, label(0, 0)]);
  assert.equal(first.mode, "full");
  assert.deepEqual(plain(small), { mode: "hidden", shift: [0, 0] });
});

test("labels keep clear of controls and inside the map", () => {
  const zoom = box(0, 0, 40, 70), map = box(0, 0, 300, 300);
  const items = [label(5, 20), label(250, 280), label(120, 120)];
  const result = labels.layout(items, undefined, { obstacles: [zoom], bounds: map });
  assertNoOverlaps(items, result, [zoom]);
  result.forEach((p, i) => {
    if (p.mode === "hidden") return;
    const r = placedBox(items[i], p);
    assert.ok(r.l >= 0 && r.r <= 300 && r.t >= 0 && r.b <= 300, `label ${i} leaves the map`);
  });
  assert.deepEqual(plain(result[2]), { mode: "full", shift: [0, 0] });
});

test("custom shifts are tried in order", () => {
  const [, second] = labels.layout([label(0, 0), label(0, 0)], [[0, 0], [100, 0]]);
  assert.deepEqual(plain(second), { mode: "full", shift: [100, 0] });
});

test("the tooltip sits just above the pointer, inside the map, and below it at the top edge", () => {
  const map = { x: 390, y: 350 }, size = { w: 160, h: 40 };
  const at = tip.place({ x: 200, y: 200 }, size, map);
  assert.deepEqual(plain(at), { left: 120, top: 146 });
  const inside = (a) => a.left >= 0 && a.top >= 0 && a.left + size.w <= map.x && a.top + size.h <= map.y;
  const covers = (a, p) => p.x >= a.left && p.x <= a.left + size.w && p.y >= a.top && p.y <= a.top + size.h;
  for (const p of [{ x: 2, y: 2 }, { x: 388, y: 10 }, { x: 380, y: 345 }, { x: 10, y: 300 }, { x: 195, y: 60 }]) {
    const a = tip.place(p, size, map);
    assert.ok(inside(a), JSON.stringify(p));
    assert.ok(!covers(a, p), `covers the pointer at ${JSON.stringify(p)}`);
  }
});

test("the legend starts collapsed where it would cover a quarter of the map or a third of its height", () => {
  assert.equal(legend.startCollapsed({ w: 350, h: 150 }, { w: 1280, h: 650 }), false);
  assert.equal(legend.startCollapsed({ w: 190, h: 130 }, { w: 390, h: 350 }), true);
  assert.equal(legend.startCollapsed({ w: 200, h: 200 }, { w: 320, h: 900 }), false);
  assert.equal(legend.startCollapsed({ w: 300, h: 200 }, { w: 320, h: 700 }), true);
});

test("a grid finds the boxes a box touches, skipping its own", () => {
  const grid = new labels.Grid(50);
  grid.set(0, box(0, 0, 40, 20));
  grid.set(1, box(300, 300, 40, 20));
  assert.equal(grid.hits(box(30, 10, 40, 20)), true);
  assert.equal(grid.hits(box(30, 10, 40, 20), 0), false);  // its own box
  assert.equal(grid.hits(box(120, 120, 40, 20)), false);
  grid.set(0, box(118, 118, 10, 10));  // moved: found where it is now
  assert.equal(grid.hits(box(120, 120, 40, 20)), true);
  grid.set(1, null);
  assert.equal(grid.hits(box(300, 300, 10, 10)), false);
});

test("a crowd of a thousand labels lays out without overlaps", () => {
  const items = [];
  for (let i = 0; i < 1000; i++) items.push(label((i * 37) % 1200, (i * 53) % 780));
  const result = labels.layout(items, undefined, { bounds: box(0, 0, 1280, 800) });
  assertNoOverlaps(items, result);
  assert.ok(result.some((p) => p.mode === "hidden") && result.some((p) => p.mode !== "hidden"));
});

test("a name waits until its unit is big enough on the screen to hold it", () => {
  const name = { w: 40, h: 15 };
  assert.equal(labels.fits({ w: 60, h: 30 }, name), true);
  assert.equal(labels.fits({ w: 20, h: 30 }, name), false);  // too narrow
  assert.equal(labels.fits({ w: 60, h: 10 }, name), false);  // too low
  assert.equal(labels.fits({ w: 400, h: 400, area: 100 }, name), false);  // islands over a sea
  assert.equal(labels.fits({ w: 400, h: 400, area: 4000 }, name), true);
  const zh = labels.guessSize("阿克塞", 13), en = labels.guessSize("Aksay", 13);
  assert.equal(zh.w, 39);
  assert.ok(en.w < zh.w && en.h === zh.h);
});
