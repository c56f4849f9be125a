"""Hostile inputs: every one is shown as inert text, exactly as typed, or refused with a
message naming file:line and field (exit 1).

Never: a JavaScript dialog, an injected element, a console or page error, a Python traceback,
or a refused build that touches the published output. The corpus is generated from the real
data by ``tests/hostile/payloads.py``; how many payloads, fields, formats and languages ran is
printed at the end of this module.
"""

from __future__ import annotations

import copy
import json
import os
import re
import resource
import subprocess
import sys
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import Tabs, city_point
from conftest import REAL_DATA
from hostile.payloads import (CITY_NAME, HUGE, PAYLOADS, REFERENCE, REFERENCE_FIELDS, TEXT_FIELDS, Batch, dump,
                              huge_variant, load, load_base,
                              max_length, message_field, name_variant, refused_variant, text_batches, text_variant,
                              value_lines, value_of)
from mapgen.cli import main
from mapgen.pipeline import BuildOptions, render

# Output formats and page languages every text payload is rendered in: adding one here is all
# a new format ("fragment") or language ("zh-Hant") needs.
FORMATS = ["page", "fragment"]
LANGS = ["zh-Hans", "zh-Hant", "en"]

HEFEI = 340100
READY = ".mg-root[data-ready=true]"
OLD_OUTPUT = b"<!DOCTYPE html><title>the published map</title><p>yesterday's build</p>\n"
RAN: dict[str, set] = defaultdict(set)  # what actually ran, for the summary


def render_variant(path: Path, fmt: str, lang: str) -> str:
    """Render a data file in one output format and language (the one render call of this module)."""
    return render(path, BuildOptions(lang=lang, format=fmt))


def host_page(fmt: str, html: str) -> str:
    """A document a browser can open: the page itself, or a bare page around a fragment."""
    if fmt == "page":
        return html
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>host</title></head>\n"
            f"<body>\n<p>Host page text.</p>\n{html}\n</body></html>\n")


def shows(field, lang: str) -> bool:
    """Whether the page in ``lang`` must show ``field``."""
    return field.lang == ("en" if lang == "en" else "zh")


# ---- the corpus --------------------------------------------------------------------------

class Corpus:
    """Data files and rendered pages, built on first use and kept for the module."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.base = load_base(REAL_DATA)
        self._html: dict[tuple, Path] = {}
        self.seen: dict[tuple, Seen] = {}  # batch pages as the browser showed them
        self.checked: dict[str, object] = {}  # `mapgen check` of each batch file

    def write(self, name: str, doc: dict) -> tuple[Path, str]:
        text = dump(doc)
        assert load(text) == doc, f"{name}: the payload does not survive a YAML round trip"
        path = self.folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path, text

    @cached_property
    def clean(self) -> Path:
        return self.write("clean", self.base)[0]

    @cached_property
    def batches(self) -> list[tuple[Path, Batch]]:
        """Every text payload, a few to a data file (see ``text_batches``)."""
        return [(self.write(f"batch-{i}", b.doc)[0], b) for i, b in enumerate(text_batches(self.base))]

    def batch(self, payload) -> tuple[str, Path, Batch]:
        """The key, data file and batch that hold ``payload``."""
        i, (data, batch) = next((i, b) for i, b in enumerate(self.batches) if payload.id in b[1].ids)
        return f"batch-{i}", data, batch

    @cached_property
    def clicks(self) -> tuple[int, ...]:
        """The cities whose panels the text pages are looked at with: Hefei, then any a batch needs."""
        return (HEFEI, *sorted({c for _, b in self.batches for c in b.clicks}))

    def html(self, key: str, data: Path, fmt: str, lang: str) -> tuple[Path, str]:
        """The rendered document for (key, fmt, lang), written next to the data."""
        if (key, fmt, lang) not in self._html:
            path = self.folder / f"{key}.{fmt}.{lang}.html"
            path.write_text(host_page(fmt, render_variant(data, fmt, lang)), encoding="utf-8")
            self._html[key, fmt, lang] = path
        path = self._html[key, fmt, lang]
        return path, path.read_text("utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module", autouse=True)
def summary(report, corpus):
    """Print how many payloads x fields x formats x languages ran."""
    yield
    if not RAN:
        return

    def n(kind: str, i: int) -> int:
        return len({key[i] for key in RAN[kind]})

    shown = RAN["shown"]
    per_lang = "; ".join(
        f"{lang}: {len({k[0] for k in shown if k[3] == lang})} payloads x "
        f"{len({k[1] for k in shown if k[3] == lang})} fields x {len({k[2] for k in shown if k[3] == lang})} "
        f"formats = {sum(k[3] == lang for k in shown)}" for lang in sorted({k[3] for k in shown}))
    pages = len({k[1:] for k in RAN["pages"]})
    lines = [
        f"shown exactly as typed in Chromium: {len(shown)} (payload, field, format, language) checks "
        f"[{per_lang}] (a payload goes only where its length limit allows) on {len(RAN['loads'])} page loads",
        f"rendered and scanned as HTML: {len(RAN['render'])} (payload, format, language) pages "
        f"({pages} renders of batches); passed `mapgen check`: {len(RAN['check'])} payload files "
        f"({len(corpus.checked)} batches)",
        f"refused in guarded fields: {len(RAN['refused'])} (payload, field) pairs ({n('refused', 0)} payloads x "
        f"{n('refused', 1)} fields); as city names, refused by the join: {len(RAN['name'])} payloads; "
        f"100 KB strings refused: {len(RAN['huge'])} fields",
        f"broken data files: {len(RAN['broken'])}; broken boundary files: {len(RAN['geodata'])}; hostile boundary "
        f"text: {len(RAN['geotext'])}; hostile deep links: {len(RAN['hash'])}; hostile --map-id: {len(RAN['mapid'])}",
    ]
    for line in lines:
        report("hostile corpus: " + line)


# ---- running the CLI -----------------------------------------------------------------------

def mapgen(*args):
    """Run the CLI in-process; a Python traceback fails the test and is shown."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        tb = "".join(traceback.format_exception(exc))
        pytest.fail(f"`mapgen {' '.join(map(str, args))}` ended in a Python traceback:\n{tb[-3000:]}", pytrace=False)
    assert "Traceback" not in result.output
    return result


def refused_build(tmp_path: Path, data, *options):
    """``mapgen build`` over a published page must exit 1 and leave the folder exactly as it was."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    out = site / "map.html"
    out.write_bytes(OLD_OUTPUT)
    result = mapgen("build", "--data", data, "--out", out, *options)
    assert result.exit_code == 1, result.output
    assert out.read_bytes() == OLD_OUTPUT
    assert sorted(p.name for p in site.iterdir()) == ["map.html"]
    return result


def problems(stderr: str) -> list[str]:
    # split on newlines only: str.splitlines() would also split at U+2028 inside a quoted payload
    return [line[4:] for line in stderr.split("\n") if line.startswith("  - ")]


def located(found: list[str], file: Path, lines: set[int], record: str | None, field: str) -> bool:
    """Whether some problem is at file:line (one of ``lines``), naming the record (e.g. "city 340100 (")
    when there is one, then the field. Messages show control and bidi characters escaped (issue 12)."""
    from mapgen.terminal import escape

    record, field = (escape(record) if record else record), escape(field)
    for p in found:
        for line in lines:
            head = f"{file}:{line}: "
            if not p.startswith(head):
                continue
            rest = p[len(head):]
            if record and rest.startswith(record) and f"): {field}: " in rest:
                return True
            if not record and rest.startswith(f"{field}: "):
                return True
    return False


# ---- text payloads: accepted, and inert ------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.id)
def test_text_payload_passes_check(corpus, payload):
    key, data, batch = corpus.batch(payload)
    # the batch puts the payload in exactly the fields it would have on its own
    _, alone = text_variant(corpus.base, payload)
    placed = batch.placed[payload.id]
    assert placed == alone
    if key not in corpus.checked:
        corpus.checked[key] = mapgen("check", "--data", data)
    result = corpus.checked[key]
    assert result.exit_code == 0, f"(the data file holds payloads {batch.ids})\n{result.output}"
    assert len(placed) >= 12, "the payload fits too few fields to test anything"
    RAN["check"].add(payload.id)


REFERENCE_PAYLOADS = [p for p in PAYLOADS if REFERENCE.search(p.text)]


@pytest.mark.parametrize("payload", REFERENCE_PAYLOADS, ids=lambda p: p.id)
def test_reference_payloads_are_refused_in_texts_that_cite_figures(corpus, payload):
    """A payload that reads as a figure reference ({date}) is refused there, with its line."""
    assert REFERENCE_PAYLOADS, "the corpus holds no payload that reads as a reference"
    for name in REFERENCE_FIELDS:
        field = next(f for f in TEXT_FIELDS if f.name == name)
        doc = copy.deepcopy(corpus.base)
        doc["cities"][0][field.path[-1]] = value_of(field, payload)
        data, _ = corpus.write(f"ref-{payload.id}-{field.code}", doc)
        result = mapgen("check", "--data", data)
        assert result.exit_code == 1, result.output
        assert re.search(rf"{re.escape(data.name)}:\d+: city 340100 \(合肥市\): {field.path[-1]}: \{{\w+\}} names no "
                         "figure of this record", result.output), result.output


def _script_tags(html: str) -> int:
    return html.lower().count("<script")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.id)
def test_text_payload_renders_as_escaped_text(corpus, payload, fmt, lang):
    _, clean = corpus.html("clean", corpus.clean, fmt, lang)
    key, data, batch = corpus.batch(payload)
    _, html = corpus.html(key, data, fmt, lang)
    placed = batch.placed[payload.id]
    scripts, clean_scripts = _script_tags(html), _script_tags(clean)
    assert scripts == clean_scripts, (f"{scripts} <script> tags, the clean page has {clean_scripts} "
                                      f"(the page holds payloads {batch.ids})")
    if any(ch in payload.text for ch in "<>&\"'"):
        # raw markup must never reach the HTML: it is escaped in text and \uXXXX-escaped in JSON
        raw = [f.name for f in placed if value_of(f, payload) in html]
        assert not raw, f"unescaped in the HTML: {raw}"
    RAN["render"].add((payload.id, fmt, lang))
    RAN["pages"].add((payload.id, key, fmt, lang))


class _DialogWatch:
    """The session browser, recording and dismissing every JS dialog of the contexts it opens."""

    def __init__(self, browser):
        self._browser = browser
        self.dialogs: list[str] = []

    def new_context(self, **options):
        ctx = self._browser.new_context(**options)
        ctx.on("dialog", self._dialog)
        return ctx

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}({dialog.message!r})")
        dialog.dismiss()


# ``values`` are [tag, value] pairs, and a tag may begin several values (a field holding the
# payloads of a batch): a tag anywhere on the page must begin one of its values, whole.
INSPECT = """(values) => {
  const texts = [];
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (parent && !parent.closest("script, style, noscript, template")) texts.push(node);
  }
  const name = el => el.tagName.toLowerCase() +
    (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const shown = el => el.tagName === "TITLE" ||
    el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const all = [...document.querySelectorAll("*")];
  const found = values.map(([code, value]) =>
    texts.filter(n => n.data.includes(value)).map(n => [name(n.parentElement), shown(n.parentElement)]));
  const byTag = {}, cut = [], handlers = [];
  for (const [code, value] of values) (byTag["[" + code + "]"] = byTag["[" + code + "]"] || []).push(value);
  const whole = (text, tag) => {
    for (let i = text.indexOf(tag); i >= 0; i = text.indexOf(tag, i + 1)) {
      if (!byTag[tag].some(v => text.startsWith(v, i))) return false;
    }
    return true;
  };
  for (const tag of Object.keys(byTag)) {
    const code = tag.slice(1, -1);
    for (const n of texts) {
      if (!whole(n.data, tag)) cut.push([code, name(n.parentElement), n.data.slice(0, 160)]);
    }
    for (const el of all) for (const a of el.attributes) {
      if (!whole(a.value, tag)) cut.push([code, name(el) + "@" + a.name, a.value.slice(0, 160)]);
    }
  }
  for (const el of all) for (const a of el.attributes) {
    if (/^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)) handlers.push(name(el) + "@" + a.name);
  }
  const counts = {};
  for (const s of ["script", "img", "svg", "iframe", "frame", "object", "embed", "link", "base", "form", "input",
                   "meta", "a[href]", "[srcdoc]", "[autofocus]", "b", "i"]) {
    counts[s] = document.querySelectorAll(s).length;
  }
  const title = document.querySelector("title");
  return {found, cut, handlers, counts, title: title ? title.textContent : null};
}"""


@dataclass
class Seen:
    ready: bool
    state: dict  # as INSPECT returns it, over every look; "counts" holds one entry per look
    dialogs: list
    errors: list
    outside: list


class Viewer:
    """One page kept open for the module's looks (see ``browser.Tabs``: each look is a new document
    load, through ``about:blank``), in a context whose JS dialogs are recorded and dismissed."""

    def __init__(self, browser):
        self.watch = _DialogWatch(browser)
        self.tabs = Tabs(self.watch)

    def open(self, url: str):
        self.watch.dialogs.clear()
        return self.tabs.open(url)


@pytest.fixture(scope="module")
def viewer(browser):
    kept = Viewer(browser)
    yield kept
    kept.tabs.close()


def look(viewer: Viewer, url: str, values: list[tuple[str, str]], clicks: tuple[int, ...] = (HEFEI,),
         settle: int = 0) -> Seen:
    """Open ``url``, click each city in turn (or none), and report what is on the page after each click."""
    visit = viewer.open(url)
    page, watch = visit.page, viewer.watch
    ready, deadline = False, time.monotonic() + 10
    while time.monotonic() < deadline:  # ready, or given up by a page error
        if page.query_selector(READY):
            ready = True
            break
        if any(e.startswith("page error") for e in visit.errors):
            break
        page.wait_for_timeout(25)
    state = {"found": [[] for _ in values], "cut": [], "handlers": [], "counts": [], "title": None}
    for click in clicks or (None,):
        if ready and click is not None:
            point = city_point(page, click)
            if point:
                page.mouse.click(*point)
        if settle:
            page.wait_for_timeout(settle)
        now = page.evaluate(INSPECT, [list(v) for v in values])
        for hits, more in zip(state["found"], now["found"]):
            hits += more
        state["cut"] += [c for c in now["cut"] if c not in state["cut"]]
        state["handlers"] += [h for h in now["handlers"] if h not in state["handlers"]]
        state["counts"].append(now["counts"])
        state["title"] = now["title"]
    return Seen(ready, state, list(watch.dialogs), list(visit.errors), list(visit.outside))


_CLEAN_STATE: dict[tuple, dict] = {}


def clean_state(viewer, corpus, fmt: str, lang: str, clicks: tuple[int, ...] = (HEFEI,)) -> dict:
    if (fmt, lang, clicks) not in _CLEAN_STATE:
        path, _ = corpus.html("clean", corpus.clean, fmt, lang)
        seen = look(viewer, path.as_uri(), [], clicks)
        assert seen.ready and not seen.errors and not seen.dialogs, f"the clean page is broken: {seen}"
        _CLEAN_STATE[fmt, lang, clicks] = seen.state
    return _CLEAN_STATE[fmt, lang, clicks]


def harm(seen: Seen, clean: dict | None) -> list[str]:
    """Everything a hostile input must never cause."""
    out = []
    if seen.dialogs:
        out.append(f"JavaScript dialogs opened: {seen.dialogs}")
    if seen.errors:
        out.append(f"console or page errors: {seen.errors}")
    if seen.outside:
        out.append(f"outside requests: {seen.outside}")
    if not seen.ready:
        out.append(f"the page never became ready ({READY})")
    if seen.state["handlers"]:
        out.append(f"elements with event-handler or javascript: attributes: {seen.state['handlers']}")
    if clean is not None and seen.state["counts"] != clean["counts"]:
        diff = [{k: (was[k], v) for k, v in now.items() if was[k] != v}
                for was, now in zip(clean["counts"], seen.state["counts"])]
        out.append(f"element counts differ from the clean page, after each click (clean, now): {diff}")
    return out


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.id)
def test_text_payload_is_shown_exactly_as_typed(viewer, corpus, payload, fmt, lang):
    key, data, batch = corpus.batch(payload)
    seen = _batch_seen(viewer, corpus, key, data, batch, fmt, lang)
    clean = clean_state(viewer, corpus, fmt, lang, corpus.clicks)
    wrong = harm(seen, clean)
    wrong += [f"[{code}] text cut or altered in {where}: {text!r}" for code, where, text in seen.state["cut"]]
    values = _batch_values(batch)
    for field in batch.placed[payload.id]:
        if not shows(field, lang):
            continue
        value = value_of(field, payload)
        hits = seen.state["found"][values.index((field.code, value))]
        if not any(visible for _, visible in hits):
            wrong.append(f"{field.name}: {value!r} is not shown as visible text (found in {hits or 'nothing'})")
        # the title holds the values of the whole batch: it must be exactly that text
        if field.path[:1] == ("page",) and field.path[1].startswith("title") and fmt == "page" \
                and seen.state["title"] != batch.slots[field.name][0]:
            wrong.append(f"{field.name}: <title> is {seen.state['title']!r}, expected {batch.slots[field.name][0]!r}")
        RAN["shown"].add((payload.id, field.name, fmt, lang))
    if wrong:
        wrong.append(f"(the page holds payloads {batch.ids}; {data})")
    assert not wrong, "\n".join(wrong)


def _batch_values(batch: Batch) -> list[tuple[str, str]]:
    return [(f.code, value_of(f, p)) for p in batch.payloads for f in batch.placed[p.id]]


def _batch_seen(viewer, corpus, key: str, data: Path, batch: Batch, fmt: str, lang: str) -> Seen:
    """One page load per batch, format and language, shared by the tests of its payloads."""
    if (key, fmt, lang) not in corpus.seen:
        path, _ = corpus.html(key, data, fmt, lang)
        corpus.seen[key, fmt, lang] = look(viewer, path.as_uri(), _batch_values(batch), corpus.clicks)
        RAN["loads"].add((key, fmt, lang))
    return corpus.seen[key, fmt, lang]


# ---- guarded fields, city names and huge strings: refused -------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.id)
def test_payload_in_guarded_fields_is_refused_field_by_field(corpus, tmp_path, payload):
    doc, placed = refused_variant(corpus.base, payload.text)
    data, text = corpus.write(f"guarded-{payload.id}", doc)
    result = mapgen("check", "--data", data)
    assert result.exit_code == 1, result.output
    found = problems(result.stderr)
    missing = []
    for (field, path), line in zip(placed, value_lines(text, [p for _, p in placed])):
        kind, name = message_field(path)
        # the adcode is a payload too, so the record is named "city <payload> (合肥市)"
        if not located(found, data, {line}, "city " if kind else None, name):
            missing.append(f"{field.name} (line {line}, field {name})")
        RAN["refused"].add((payload.id, field.name))
    assert not missing, "not reported at file:line with its field:\n" + "\n".join(missing) + "\n" + result.stderr
    assert all(len(p) < 400 for p in found), "a message is too long to read"
    refused_build(tmp_path, data)


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.id)
def test_payload_as_city_name_is_refused_by_the_join(corpus, tmp_path, payload):
    data, text = corpus.write(f"name-{payload.id}", name_variant(corpus.base, payload.text))
    result = mapgen("check", "--data", data)
    assert result.exit_code == 1, result.output
    lines = set(value_lines(text, [("cities", 0), ("cities", 0, "name")]))
    assert located(problems(result.stderr), data, lines, f"city {HEFEI} (", "name"), result.stderr
    assert f"does not match adcode {HEFEI}" in result.stderr
    refused_build(tmp_path, data)
    RAN["name"].add(payload.id)


@pytest.mark.parametrize("where", ["text-fields", "city-name"])
def test_100_kb_strings_are_refused_by_length_limits(corpus, tmp_path, where):
    doc, placed = huge_variant(corpus.base, [CITY_NAME] if where == "city-name" else TEXT_FIELDS)
    data, text = corpus.write(f"huge-{where}", doc)
    result = mapgen("check", "--data", data)
    assert result.exit_code == 1
    found = problems(result.stderr)
    missing = []
    for (field, path), line in zip(placed, value_lines(text, [p for _, p in placed])):
        kind, name = message_field(path)
        said = f"text is {len(HUGE)} characters long; at most {max_length(field)} allowed"
        if not located([p for p in found if said in p], data, {line}, f"city {HEFEI} (" if kind else None, name):
            missing.append(f"{field.name}: expected '{said}' at line {line}")
        RAN["huge"].add(field.name)
    assert not missing, "\n".join(missing) + "\n" + result.stderr[:3000]
    # The message quotes at most a little of the text: an editor must be able to read it.
    assert len(result.stderr) < 20_000, f"{len(result.stderr):,} characters of error output:\n{result.stderr[:600]}"
    refused_build(tmp_path, data)


# ---- broken data files ---------------------------------------------------------------------

REAL_TEXT = REAL_DATA.read_text("utf-8")


def _bytes(content: str | bytes):
    return lambda tmp: _put(tmp / "initiatives.yaml", content)


def _put(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _edit(fn):
    def make(tmp):
        doc = load_base(REAL_DATA)
        fn(doc)
        return _put(tmp / "initiatives.yaml", dump(doc))
    return make


def _traditional_big5(text: str) -> bytes:
    import opencc

    return opencc.OpenCC("s2t").convert(text).encode("big5", "replace")


def _bomb(tmp: Path) -> Path:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    return _put(tmp / "initiatives.yaml", "\n".join(lines) + "\n")


def _city(doc: dict, i: int = 0) -> dict:
    return doc["cities"][i]


BROKEN = [
    ("invalid-yaml", _bytes(REAL_TEXT.replace("  dek: ", "  dek: [", 1)), r":\d+: YAML syntax error"),
    ("tab-indent", _bytes(REAL_TEXT.replace("\n  title: 安徽", "\n\ttitle: 安徽", 1)), r":\d+: YAML syntax error"),
    ("top-level-list", _bytes("- source\n- cities\n"), r":1: expected a mapping \(key: value lines\), found list"),
    ("top-level-text", _bytes("安徽16市\n"), r":1: expected a mapping \(key: value lines\), found text"),
    ("top-level-number", _bytes("42\n"), r":1: expected a mapping \(key: value lines\), found int"),
    ("comments-only", _bytes("# nothing yet\n"), r"expected a mapping \(key: value lines\), found nothing"),
    ("empty", _bytes(b""), r":1: the file is empty"),
    ("blank", _bytes("\n  \n\t\n"), r":1: the file is empty"),
    ("gbk", _bytes(REAL_TEXT.encode("gbk")), r":\d+: the file is not UTF-8 .*looks like (GBK|GB2312|GB18030)"),
    ("big5", _bytes(_traditional_big5(REAL_TEXT)), r":\d+: the file is not UTF-8 .*looks like (BIG5|CP950)"),
    ("utf-16", _bytes(REAL_TEXT.encode("utf-16")), r"the file is not UTF-8"),
    ("binary", _bytes(bytes(range(256)) * 4), r"the file is not UTF-8"),
    # "\uD800" is valid YAML but no UTF-8 page can hold it
    ("lone-surrogate", _bytes(REAL_TEXT.replace("headline: 统战搭桥助力双招双引", 'headline: "统战\\uD800搭桥"', 1)),
     r":\d+: .*(U\+D800|surrogate)"),
    ("nul-character", _bytes(REAL_TEXT.replace("合肥借助", "合肥\x00借助", 1)), r":\d+: character U\+0000 is not allowed"),
    ("python-tag", lambda tmp: _put(tmp / "initiatives.yaml", "source: !!python/name:os.system ''\n"),
     r":1: YAML syntax error: could not determine a constructor"),
    ("python-apply-tag", lambda tmp: _put(tmp / "initiatives.yaml",
                                          f"source: !!python/object/apply:os.system ['touch {tmp}/PWNED']\n"),
     r":1: (YAML syntax error|source: expected a mapping)"),
    ("duplicate-key", _bytes(REAL_TEXT + "page:\n  title: 另一个标题\n  dek: 另一个导语\n"), r":\d+: page: duplicate key 'page'"),
    ("recursive-alias", _bytes("source: &a [*a]\n"), r"initiatives\.yaml"),
    ("deep-nesting", _bytes("source: " + "[" * 5000 + "]" * 5000 + "\n"), r"initiatives\.yaml"),
    ("missing", lambda tmp: tmp / "nope" / "initiatives.yaml", r"initiatives\.yaml: no such file"),
    ("folder", lambda tmp: tmp, r": is a folder, expected a YAML file"),
    ("path-through-a-file", lambda tmp: _put(tmp / "file.yaml", "x: 1\n") / "initiatives.yaml",
     r"file\.yaml/initiatives\.yaml: cannot be read"),
    # wrong types
    ("headline-number", _edit(lambda d: _city(d).update(headline=123)),
     r":\d+: city 340100 \(合肥市\): headline: expected text, found int 123"),
    ("headline-list", _edit(lambda d: _city(d).update(headline=["a", "b"])),
     r"city 340100 \(合肥市\): headline: expected text, found list"),
    ("headline-null", _edit(lambda d: _city(d).update(headline=None)),
     r"city 340100 \(合肥市\): headline: expected text, found nothing"),
    ("figures-text", _edit(lambda d: _city(d).update(figures="none")),
     r"city 340100 \(合肥市\): figures: expected a list"),
    ("value-text", _edit(lambda d: _city(d)["figures"][0].update(value="8场")),
     r"figures\[0\]\.value: expected a number, found text"),
    ("value-bool", _edit(lambda d: _city(d)["figures"][0].update(value=True)),
     r"figures\[0\]\.value: expected a number"),
    ("value-infinite", _edit(lambda d: _city(d)["figures"][0].update(value=float("inf"))),
     r"figures\[0\]\.value: found inf; expected a finite number"),
    ("adcode-text", _edit(lambda d: _city(d).update(adcode="340100")),
     r"city 340100 \(合肥市\): adcode: expected a whole number, found text"),
    ("cities-mapping", _edit(lambda d: d.update(cities={"hefei": d["cities"][0]})), r"cities: expected a list"),
    ("themes-list", _edit(lambda d: d.update(themes=list(d["themes"]))), r"themes: expected a mapping"),
    ("eight-themes", _edit(lambda d: d["themes"].update({f"extra_{i}": {"name": "多", "name_en": "More"}
                                                          for i in range(2)})), r"themes: has 8 entries; at most 7"),
    # unknown and duplicated cities
    ("unknown-city-name", _edit(lambda d: (_city(d).pop("adcode"), _city(d).update(name="火星市"))),
     r"city '火星市': name: name '火星市' matches no unit of the map; check the spelling or add its adcode"),
    ("unknown-adcode", _edit(lambda d: _city(d).update(adcode=999999)),
     r"city 999999 \(合肥市\): adcode: adcode 999999 is not one of the boundaries"),
    ("duplicate-adcode", _edit(lambda d: d["cities"].append(dict(d["cities"][0]))),
     r"adcode: duplicate city: adcode 340100 is also used by the record on line \d+"),
    ("duplicate-by-name", _edit(lambda d: d["cities"].append({**{k: v for k, v in d["cities"][0].items()
                                                                   if k != "adcode"}, "name": "Hefei"})),
     r":\d+: city 'Hefei': adcode: duplicate city: 340100 合肥市 already has a record \(line \d+\)"),
]


@pytest.mark.parametrize("case, make, expected", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_data_file_is_refused_with_a_located_message(tmp_path, case, make, expected):
    data = make(tmp_path)
    built = refused_build(tmp_path, data)  # first: a crash while building is the worse failure
    result = mapgen("check", "--data", data)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: "), result.stderr
    assert str(data) in result.stderr
    assert re.search(expected, result.stderr), result.stderr[:2000]
    assert built.stderr == result.stderr
    assert not (tmp_path / "PWNED").exists()
    RAN["broken"].add(case)


def test_each_problem_is_reported_once(write_data):
    data = write_data("source:\n  title: 只有来源\n")
    result = mapgen("check", "--data", data)
    assert result.exit_code == 1
    found = problems(result.stderr)
    assert any("missing field 'page'" in p for p in found), result.stderr
    assert len(found) == len(set(found)), "the same problem is listed more than once:\n" + result.stderr


def test_utf8_bom_is_accepted(write_data, tmp_path):
    data = write_data(b"\xef\xbb\xbf" + REAL_TEXT.encode("utf-8"))
    assert mapgen("check", "--data", data).exit_code == 0
    out = tmp_path / "map.html"
    assert mapgen("build", "--data", data, "--out", out).exit_code == 0
    assert out.read_bytes() == render(REAL_DATA).encode("utf-8")
    RAN["broken"].add("utf-8-bom")


def test_unreadable_file_is_refused(write_data, tmp_path):
    data = write_data(REAL_TEXT)
    data.chmod(0o000)
    try:
        if os.access(data, os.R_OK):
            pytest.skip("running as root: a chmod 000 file is still readable "
                        "(the path-through-a-file case covers an unreadable path)")
        result = mapgen("check", "--data", data)
        assert result.exit_code == 1
        assert f"{data}: cannot be read: Permission denied" in result.stderr
    finally:
        data.chmod(0o644)
    RAN["broken"].add("unreadable")


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def test_alias_bomb_is_refused_quickly(tmp_path):
    """A 'billion laughs' file: nine aliases nine deep would expand to 387 million items."""
    data = _bomb(tmp_path)
    cmd = [sys.executable, "-c", "from mapgen.cli import main; main()", "check", "--data", str(data)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=6, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`mapgen check --data {data.name}` (a YAML alias bomb) still running after 6 s", pytrace=False)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert str(data) in proc.stderr
    RAN["broken"].add("alias-bomb")


def test_build_into_a_folder_is_refused(tmp_path):
    result = mapgen("build", "--data", REAL_DATA, "--out", tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path}: is a folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


# ---- broken boundary files -----------------------------------------------------------------

SHIPPED = json.loads((REAL_DATA.parent.parent / "geodata" / "anhui.topo.json").read_text("utf-8"))


def _geo(body):
    """A boundary file with this content (bytes, text, or a value to dump as JSON)."""
    def make(tmp):
        return _put(tmp / "anhui.topo.json", body if isinstance(body, (str, bytes)) else json.dumps(body))
    return make


def _geo_edit(fn):
    """The shipped boundary file, changed in place by ``fn``."""
    def make(tmp):
        topo = copy.deepcopy(SHIPPED)
        fn(topo)
        return _put(tmp / "anhui.topo.json", json.dumps(topo, ensure_ascii=False))
    return make


def _city_geometry(topo: dict) -> dict:
    return topo["objects"]["cities"]["geometries"][0]


GEODATA = [
    ("missing", lambda tmp: tmp / "nonexistent" / "anhui.topo.json", r"cannot read the boundary file"),
    ("folder", lambda tmp: tmp, r"cannot read the boundary file"),
    ("empty", _geo(b""), r"not valid JSON"),
    ("truncated", _geo(json.dumps(SHIPPED)[:5000]), r"not valid JSON \(line \d+ column \d+"),
    ("not-utf-8", _geo("{\"type\": \"拓扑\"}".encode("gbk")), r"not UTF-8"),
    ("deep-json", _geo("[" * 100_000 + "]" * 100_000), r"not valid JSON|too deep|nest"),
    ("json-list", _geo([]), r"not a TopoJSON Topology"),
    ("feature-collection", _geo({"type": "FeatureCollection", "features": []}), r"not a TopoJSON Topology"),
    ("no-cities", _geo_edit(lambda t: t["objects"].pop("cities")), r"no object 'cities' in the Topology"),
    ("no-arcs", _geo_edit(lambda t: t.pop("arcs")), r"no \"arcs\" list"),
    ("cities-not-a-collection", _geo_edit(lambda t: t["objects"].update(cities={"type": "Point"})),
     r"object 'cities' is not a GeometryCollection"),
    ("no-city-geometries", _geo_edit(lambda t: t["objects"]["cities"].update(geometries=[])),
     r"object 'cities' has no geometries"),
    ("arc-out-of-range", _geo_edit(lambda t: _city_geometry(t).update(arcs=[[99999]])), r"arc 99999 does not exist"),
    ("geometry-not-an-object", _geo_edit(lambda t: t["objects"]["cities"]["geometries"].__setitem__(0, "合肥")),
     r"geometry 0: not a JSON object"),
    ("no-properties", _geo_edit(lambda t: _city_geometry(t).pop("properties")), r"adcode"),
    ("bad-transform", _geo_edit(lambda t: t.update(transform={"scale": "big"})), r"\"transform\" needs numeric"),
]


@pytest.mark.parametrize("case, make, expected", GEODATA, ids=[c[0] for c in GEODATA])
def test_broken_boundary_file_is_refused_with_a_message(tmp_path, case, make, expected):
    geo = make(tmp_path)
    result = mapgen("check", "--data", REAL_DATA, "--geodata", geo)
    assert result.exit_code == 1, result.output
    assert str(geo) in result.stderr
    assert re.search(expected, result.stderr), result.stderr[:2000]
    refused_build(tmp_path, REAL_DATA, "--geodata", geo)
    RAN["geodata"].add(case)


# ---- hostile text from a boundary file, deep links and options, in the browser --------------

GEO_PAYLOADS = [p for p in PAYLOADS if p.id in ("script", "img_onerror", "svg_onload", "entities", "jinja_expr")]


@pytest.fixture(scope="module")
def geo_seen(viewer, corpus, tmp_path_factory) -> Seen:
    """One boundary file holding every GEO_PAYLOADS text, one after another, built and looked at once."""
    tmp = tmp_path_factory.mktemp("geotext")
    topo = copy.deepcopy(SHIPPED)
    topo["metadata"]["attribution"] = "".join(f"[ga]{p.text}" for p in GEO_PAYLOADS)
    name = "".join(f"[gn]{p.text}" for p in GEO_PAYLOADS)
    for g in topo["objects"]["neighbours"]["geometries"]:
        g["properties"].update(name=name, short=name, name_en=name)
    geo = _put(tmp / "anhui.topo.json", json.dumps(topo, ensure_ascii=False))
    out = tmp / "map.html"
    result = mapgen("build", "--data", corpus.clean, "--out", out, "--geodata", geo)
    assert result.exit_code == 0, result.output
    values = [(code, f"[{code}]{p.text}") for p in GEO_PAYLOADS for code in ("ga", "gn")]
    return look(viewer, out.as_uri(), values, settle=200)


@pytest.mark.browser
@pytest.mark.parametrize("payload", GEO_PAYLOADS, ids=lambda p: p.id)
def test_text_from_a_boundary_file_is_shown_as_typed(viewer, corpus, geo_seen, payload):
    """An editor may supply any boundary file: its attribution and names reach the page too.

    All the payloads share one file (see ``geo_seen``); each test checks its own texts."""
    seen = geo_seen
    clean = clean_state(viewer, corpus, "page", "zh-Hans")
    wrong = harm(seen, clean)
    wrong += [f"[{code}] text cut or altered in {where}: {text!r}" for code, where, text in seen.state["cut"]]
    i = GEO_PAYLOADS.index(payload)
    for j, what in enumerate(("attribution", "neighbour name")):
        if not any(visible for _, visible in seen.state["found"][2 * i + j]):
            wrong.append(f"{what} is not shown as visible text: {seen.state['found'][2 * i + j]}")
    RAN["geotext"].add(payload.id)
    if wrong:
        wrong.append(f"(the boundary file holds payloads {[p.id for p in GEO_PAYLOADS]})")
    assert not wrong, "\n".join(wrong)


HASHES = ["#%E0%A4%A", "#%", "#constructor", "#__proto__", "#toString", "#lang=constructor", "#hefei&lang=__proto__",
          "#<img src=x onerror=alert(1)>", "#javascript:alert(1)", "#340100%3Cscript%3Ealert(1)%3C/script%3E"]


@pytest.mark.browser
@pytest.mark.parametrize("fragment", HASHES)
def test_hostile_deep_link_is_ignored(viewer, corpus, fragment):
    path, _ = corpus.html("clean", corpus.clean, "page", "zh-Hans")
    clean = clean_state(viewer, corpus, "page", "zh-Hans")
    seen = look(viewer, path.as_uri() + fragment, [], clicks=())
    wrong = harm(seen, None)
    assert not wrong, "\n".join(wrong)
    assert seen.state["counts"][0]["script"] == clean["counts"][0]["script"]
    RAN["hash"].add(fragment)


MAP_IDS = ["a=alert(1);var b", "\"><img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"]


@pytest.mark.browser
@pytest.mark.parametrize("map_id", MAP_IDS)
def test_hostile_map_id_is_refused_or_inert(viewer, corpus, tmp_path, map_id):
    out = tmp_path / "map.html"
    result = mapgen("build", "--data", corpus.clean, "--out", out, "--map-id", map_id)
    RAN["mapid"].add(map_id)
    if result.exit_code != 0:
        assert result.exit_code in (1, 2) and "map-id" in result.output.lower(), result.output
        assert not out.exists()
        return
    clean = clean_state(viewer, corpus, "page", "zh-Hans")
    seen = look(viewer, out.as_uri(), [])
    wrong = harm(seen, clean)
    assert not wrong, "\n".join(wrong)
