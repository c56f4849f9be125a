import { test } from "node:test";
import assert from "node:assert/strict";
import { load, plain } from "./load.mjs";

const { search } = load("search");
const LANGS = [{ key: "zh" }, { key: "hant" }, { key: "en" }];
const city = (adcode, zh, hant, en, pinyin, initials) => ({
  adcode, slug: en.toLowerCase().replace(/[^a-z0-9]+/g, ""), pinyin, initials,
  name: { zh: zh + "市", hant: hant + "市", en }, short: { zh, hant, en },
});
const CITIES = [
  city(340100, "合肥", "合肥", "Hefei", "hefei", "hf"),
  city(340500, "马鞍山", "馬鞍山", "Ma'anshan", "maanshan", "mas"),
  city(341000, "黄山", "黃山", "Huangshan", "huangshan", "hs"),
];
const index = CITIES.map((c) => ({ city: c, keys: search.keys(c, LANGS) }));
const find = (typed) => plain(search.match(index, typed)).map((c) => c.adcode);

test("norm lowercases and drops spaces, apostrophes, hyphens, middle dots and full stops", () => {
  assert.equal(search.norm(" Ma'an-Shan "), "maanshan");
  assert.equal(search.norm("Ma’an·shan."), "maanshan");
  assert.equal(search.norm("合肥 市"), "合肥市");
});

test("keys hold every language's full and short name, slug, pinyin and initials", () => {
  assert.deepEqual(plain(search.keys(CITIES[1], LANGS)),
    ["马鞍山市", "马鞍山", "馬鞍山市", "馬鞍山", "maanshan", "maanshan", "maanshan", "maanshan", "mas"]);
});

test("a city is found by Simplified, Traditional, English, pinyin and initials", () => {
  for (const typed of ["合肥", "合肥市", "Hefei", "hefei", "HE FEI", "hf"]) assert.deepEqual(find(typed), [340100], typed);
  assert.deepEqual(find("馬鞍山"), [340500]);
  assert.deepEqual(find("ma'anshan"), [340500]);
});

test("matching is by prefix, in the cities' order", () => {
  assert.deepEqual(find("h"), [340100, 341000]);
  assert.deepEqual(find("肥"), []);
  assert.deepEqual(find("南京"), []);
});

test("nothing typed, or only spaces and punctuation, finds nothing", () => {
  assert.deepEqual(find(""), []);
  assert.deepEqual(find("  '-"), []);
});
