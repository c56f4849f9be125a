import { test } from "node:test";
import assert from "node:assert/strict";
import { load, plain } from "./load.mjs";

const { labels } = load("labels");
const box = (l, t, w, h) => ({ l, r: l + w, t, b: t + h });
// A label 60 x 30 whose name is the top 60 x 14.
const label = (x, y) => ({ full: box(x, y, 60, 30), name: box(x, y, 60, 14) });
const moved = (r, [dx, dy]) => ({ l: r.l + dx, r: r.r + dx, t: r.t + dy, b: r.b + dy });

test("labels far apart stay whole and in place", () => {
  assert.deepEqual(plain(labels.layout([label(0, 0), label(200, 0), label(0, 200)])),
    [{ compact: false, shift: [0, 0] }, { compact: false, shift: [0, 0] }, { compact: false, shift: [0, 0] }]);
});

test("the first label never moves; an overlapping one drops its chip, then shifts clear", () => {
  const items = [label(0, 0), label(10, 20)];
  const [first, second] = labels.layout(items);
  assert.deepEqual(plain(first), { compact: false, shift: [0, 0] });
  assert.equal(second.compact, true);
  // the compact box (the name's size, centred on the label) moved by the shift clears the first
  const full = items[1].full, cx = (full.l + full.r) / 2, cy = (full.t + full.b) / 2;
  const compact = { l: cx - 30, r: cx + 30, t: cy - 7, b: cy + 7 };
  assert.equal(labels.overlaps(moved(compact, second.shift), [items[0].full]), false);
  assert.deepEqual(plain(second.shift), [0, 8]);  // the first shift in the list that clears
});

test("a label that no shift clears stays where it is", () => {
  const big = { full: box(-500, -500, 1000, 1000), name: box(-500, -500, 1000, 1000) };
  const [, small] = labels.layout([big, label(0, 0)]);
  assert.deepEqual(plain(small), { compact: true, shift: [0, 0] });
});

test("a placed label overlaps those before it only when no shift could clear it", () => {
  const items = [];
  for (let i = 0; i < 16; i++) items.push(label((i % 4) * 45, Math.floor(i / 4) * 22));
  const result = labels.layout(items);
  const bases = result.map((p, i) => {
    const f = items[i].full, cx = (f.l + f.r) / 2, cy = (f.t + f.b) / 2;
    return p.compact ? { l: cx - 30, r: cx + 30, t: cy - 7, b: cy + 7 } : f;
  });
  const placed = bases.map((b, i) => moved(b, result[i].shift));
  placed.forEach((r, i) => {
    const before = placed.slice(0, i);
    if (!labels.overlaps(r, before)) return;
    assert.deepEqual(plain(result[i].shift), [0, 0], `label ${i} overlaps after moving`);
    assert.ok(labels.SHIFTS.every((d) => labels.overlaps(moved(bases[i], d), before)), `label ${i} could have cleared`);
  });
  assert.ok(result.some((p) => p.compact) && result.some((p) => p.shift[0] || p.shift[1]));
});

test("custom shifts are tried in order", () => {
  const [, second] = labels.layout([label(0, 0), label(0, 0)], [[0, 0], [100, 0]]);
  assert.deepEqual(plain(second.shift), [100, 0]);
});
