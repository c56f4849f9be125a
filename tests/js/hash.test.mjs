import { test } from "node:test";
import assert from "node:assert/strict";
import { load, plain } from "./load.mjs";

const { hash } = load("hash");
const CITIES = { "340100": "Hefei", hefei: "Hefei", "340200": "Wuhu" };
const options = (prefix = "") => ({
  prefix, fallback: "zh-Hans", languages: ["zh-Hans", "zh-Hant", "en"],
  find: (v) => (Object.hasOwn(CITIES, v) ? CITIES[v] : undefined),
});

test("parts splits on & and decodes escapes; a malformed escape is kept as typed", () => {
  assert.deepEqual(plain(hash.parts("#340100&lang=en")), ["340100", "lang=en"]);
  assert.deepEqual(plain(hash.parts("%E5%90%88&&")), ["合"]);
  assert.deepEqual(plain(hash.parts("#%E4&x")), ["%E4", "x"]);
  assert.deepEqual(plain(hash.parts("")), []);
});

test("read finds the city by adcode or slug and the language", () => {
  assert.deepEqual(plain(hash.read(["340100"], "", options())), { city: "Hefei", lang: "zh-Hans" });
  assert.deepEqual(plain(hash.read(["hefei", "lang=en"], "", options())), { city: "Hefei", lang: "en" });
  assert.deepEqual(plain(hash.read(["nowhere", "constructor"], "", options())), { city: null, lang: "zh-Hans" });
});

test("the last part naming a city wins; an unknown part does not undo it", () => {
  assert.equal(hash.read(["340100", "340200", "nowhere"], "", options()).city, "Wuhu");
});

test("the hash's language beats the query's; an unknown language falls back", () => {
  assert.equal(hash.read([], "?lang=zh-Hant", options()).lang, "zh-Hant");
  assert.equal(hash.read(["lang=en"], "?lang=zh-Hant", options()).lang, "en");
  assert.equal(hash.read(["lang=fr"], "", options()).lang, "zh-Hans");
  assert.equal(hash.read(["lang=__proto__"], "?x=1&lang=xx", options()).lang, "zh-Hans");
});

test("read sees only the parts with this map's prefix", () => {
  const parts = ["a-340200", "b-340100", "b-lang=en"];
  assert.deepEqual(plain(hash.read(parts, "", options("a-"))), { city: "Wuhu", lang: "zh-Hans" });
  assert.deepEqual(plain(hash.read(parts, "", options("b-"))), { city: "Hefei", lang: "en" });
});

test("write keeps other maps' parts and names the language only when not the default", () => {
  assert.deepEqual(plain(hash.write(["a-340200", "b-340100"], "b-", 340200, "zh-Hans", "zh-Hans")), ["a-340200", "b-340200"]);
  assert.deepEqual(plain(hash.write(["340100"], "", null, "en", "zh-Hans")), ["lang=en"]);
  assert.deepEqual(plain(hash.write(["340100", "lang=en"], "", null, "zh-Hans", "zh-Hans")), []);
});

test("what write makes, read reads back", () => {
  const written = hash.write([], "", "340100", "zh-Hant", "zh-Hans");
  assert.deepEqual(plain(hash.read(hash.parts("#" + written.join("&")), "", options())), { city: "Hefei", lang: "zh-Hant" });
});
