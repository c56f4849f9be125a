import { test } from "node:test";
import assert from "node:assert/strict";
import { load } from "./load.mjs";

const { inset } = load("inset");

test("the inset projects as the main map does (Web Mercator), north up, 100 wide", () => {
  assert.ok(Math.abs(inset.mercY(0)) < 1e-9);
  assert.ok(Math.abs(inset.mercY(45) - 50.498) < 0.001);
  const p = inset.projector([100, 0, 120, 20]);
  assert.equal(p.width, 100);
  assert.ok(Math.abs(p.height - inset.mercY(20) * 5) < 1e-9);
  assert.equal(p.xy([100, 20]), "0 0");
  assert.equal(p.xy([120, 0]), "100 " + Math.round(p.height * 100) / 100);
});

test("dashes, islands and land become SVG path data", () => {
  const p = inset.projector([0, 0, 10, 10]);
  assert.equal(inset.linesPath([[[0, 10], [10, 10]], [[5, 10], [5, 10]]], p), "M0 0L100 0M50 0L50 0");
  assert.equal(inset.dotsPath([[0, 10], [10, 10]], p), "M0 0h0M100 0h0");
  assert.equal(inset.ringsPath([[[0, 10], [10, 10], [0, 10]]], p), "M0 0L100 0L0 0Z");
});
