import { test } from "node:test";
import assert from "node:assert/strict";
import { load } from "./load.mjs";

const { format, i18n } = load("format", "i18n");

test("html escapes what Leaflet would read as markup", () => {
  assert.equal(format.html('<b>"A" & B</b>'), "&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;");
  assert.equal(format.html("Boundaries: 天地图"), "Boundaries: 天地图");
});

test("fill inserts values literally and keeps unknown placeholders", () => {
  assert.equal(format.fill("已打开：{name}", { name: "合肥市" }), "已打开：合肥市");
  assert.equal(format.fill("Opened: {name}", { name: "$& $1 {name}" }), "Opened: $& $1 {name}");
  assert.equal(format.fill("{n} of {total}", { n: 3 }), "3 of {total}");
});

const LANGS = [{ code: "zh-Hans", key: "zh" }, { code: "zh-Hant", key: "hant" }, { code: "en", key: "en" }];

test("a text is shown in the language asked, else the default, and nothing for none", () => {
  assert.equal(i18n.text({ zh: "合肥", hant: "合肥", en: "Hefei" }, "en", "zh"), "Hefei");
  assert.equal(i18n.text({ zh: "合肥" }, "en", "zh"), "合肥");
  assert.equal(i18n.text({ zh: "合肥", en: "" }, "en", "zh"), "");
  assert.equal(i18n.text(null, "en", "zh"), "");
  assert.equal(i18n.text(undefined, "en", "zh"), "");
});

test("languages are found by code; lookup follows a dotted path", () => {
  assert.equal(i18n.language(LANGS, "zh-Hant").key, "hant");
  assert.equal(i18n.language(LANGS, "fr"), null);
  assert.equal(i18n.lookup({ ui: { close: "×" } }, "ui.close"), "×");
  assert.equal(i18n.lookup({ items: ["a", "b"] }, "items.1"), "b");
  assert.equal(i18n.lookup({ ui: null }, "ui.close"), null);
  assert.equal(i18n.lookup({}, "ui.close"), undefined);
});
